package kit

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// Transcript renders a conversation's messages, then the ones still being
// sent. mine is the sender kind drawn on the right ("agent" for agents,
// "customer" for customers); you replaces the name of one's own messages.
//
// Only the newest shown messages are rendered (more on request), so the cost
// of a render does not grow with the history. The window starts on a
// multiple of WindowStep, so new messages append at the bottom instead of
// shifting every rendered one up: go-app diffs by position.
//
// trigger, when not 0, is the customer message that took the sentiment to
// the alert threshold; it is marked so the agent sees what went wrong [M3].
// files says where the messages' files are read from [X1].
func Transcript(id string, all []wire.Message, shown int, more func(), pending []live.Pending, mine, you string, trigger int64, files FileSource) app.HTMLDiv {
	start := max(0, len(all)-shown)
	start -= start % WindowStep
	msgs := all[start:]
	pending = unstored(pending, msgs)
	return app.Div().ID(id).Class("transcript").Role("log").Aria("label", T("comm.log")).Aria("live", "polite").Body(
		app.If(len(all) == 0 && len(pending) == 0, func() app.UI {
			return app.P().Class("transcript-empty").Text(T("comm.empty"))
		}),
		app.If(start > 0 && more != nil, func() app.UI {
			return app.Button().Class("btn btn-quiet Transcript-more").Text(T("comm.earlier", start)).
				OnClick(func(ctx app.Context, e app.Event) { more() })
		}),
		app.Range(msgs).Slice(func(i int) app.UI {
			m := msgs[i]
			name := senderName(m)
			if m.Sender == mine && you != "" {
				name = you
			}
			if m.Sender == wire.SenderSystem {
				return app.Div().Class("msg msg-system").Body(
					app.Span().Class("msg-body").Text(NoteText(m)),
					app.Time().Class("msg-time").Text(Clock(m.At)),
				)
			}
			side := "msg-theirs"
			if m.Sender == mine {
				side = "msg-mine"
			}
			if m.Internal {
				side = "msg-note"
			}
			if m.Seq == trigger {
				side += " msg-trigger"
			}
			return app.Div().Class("msg "+side).Body(
				app.Div().Class("msg-meta").Body(
					app.Span().Class("msg-sender").Text(name),
					app.If(m.Internal, func() app.UI { return app.Span().Class("msg-note-label").Text(T("note.label")) }),
					app.Time().Class("msg-time").Text(Clock(m.At)),
					app.If(m.Seq == trigger, func() app.UI {
						return app.Span().Class("msg-flag").Text(T("sentiment.trigger"))
					}),
				),
				app.If(len(m.Files) > 0, func() app.UI { return messageFiles(m.Files, files) }),
				app.If(!onlyName(m), func() app.UI { return app.Div().Class("msg-body").Body(MessageText(m.Body)...) }),
			)
		}),
		app.Range(pending).Slice(func(i int) app.UI {
			side := "msg-mine"
			if pending[i].Internal {
				side = "msg-note"
			}
			return app.Div().Class("msg "+side+" msg-pending").Body(
				app.Div().Class("msg-meta").Body(
					app.Span().Class("msg-sender").Text(you),
					app.If(pending[i].Internal, func() app.UI { return app.Span().Class("msg-note-label").Text(T("note.label")) }),
					app.Span().Class("msg-time").Text(T("comm.sending")),
				),
				app.Div().Class("msg-body").Body(MessageText(pending[i].Body)...),
			)
		}),
	)
}

// unstored leaves out the pending sends already in the transcript: the
// stored message can arrive a moment before the ack that settles it, and it
// must not show twice meanwhile.
func unstored(pending []live.Pending, msgs []wire.Message) []live.Pending {
	if len(pending) == 0 {
		return nil
	}
	stored := make(map[string]bool)
	for _, m := range msgs {
		if m.Key != "" {
			stored[m.Key] = true
		}
	}
	var out []live.Pending
	for _, p := range pending {
		if !stored[p.Key] {
			out = append(out, p)
		}
	}
	return out
}

// transcript windows [C1]: how many messages a transcript shows at first,
// and how many more each "Show earlier messages" adds.
const (
	WindowSize = 150
	WindowStep = 50
)

// Composer is the message box; shown is the text it is given (see
// workspace.Session.DraftShown), not what is being typed with its Send button. Enter sends and
// Shift+Enter adds a line [C1]. onInput reports whether the page must
// re-render; most keystrokes change nothing else.
//
// tools go between the box and Send, such as the agent's Internal note
// toggle; note gives the composer the look of a note being written.
// onFiles, when set, takes files dropped on the composer or pasted into
// it (a screenshot) [X1].
func Composer(id, shown string, disabled bool, onInput func(string) bool, onSend func(app.Context), note bool, onFiles func(app.Context, []app.Value), tools ...app.UI) app.UI {
	class := "composer"
	if note {
		class += " composer-note"
	}
	dropped := func(ctx app.Context, e app.Event) {
		if onFiles == nil || disabled {
			return
		}
		e.PreventDefault()
		if files := fileList(e.Get("dataTransfer").Get("files")); len(files) > 0 {
			onFiles(ctx, files)
		}
	}
	return app.Div().Class(class).
		On("dragover", func(ctx app.Context, e app.Event) {
			if onFiles != nil && !disabled {
				e.PreventDefault() // without it, the browser opens the file instead
			}
			ctx.PreventUpdate()
		}).
		On("drop", dropped).
		Body(
			app.Textarea().ID(id).Class("composer-input").Aria("label", T("comm.input")).
				On("paste", func(ctx app.Context, e app.Event) {
					cd := e.Get("clipboardData")
					var files []app.Value
					if onFiles != nil && !disabled && cd.Truthy() {
						files = fileList(cd.Get("files"))
					}
					if len(files) == 0 {
						ctx.PreventUpdate() // text: the textarea takes it
						return
					}
					e.PreventDefault()
					onFiles(ctx, files)
				}).
				Placeholder(T("comm.input")).Rows(2).Disabled(disabled).Text(shown).
				OnInput(func(ctx app.Context, e app.Event) {
					if !onInput(ctx.JSSrc().Get("value").String()) {
						ctx.PreventUpdate()
					}
				}).
				OnKeyDown(func(ctx app.Context, e app.Event) {
					if e.Get("key").String() == "Enter" && !e.Get("shiftKey").Bool() && !e.Get("isComposing").Bool() {
						e.PreventDefault()
						onSend(ctx)
						return
					}
					ctx.PreventUpdate()
				}),
			app.Range(tools).Slice(func(i int) app.UI { return tools[i] }),
			app.Button().Class("btn btn-primary").Text(T("comm.send")).Disabled(disabled).
				OnClick(func(ctx app.Context, e app.Event) { onSend(ctx) }),
		)
}

// ValidBody trims a draft and checks it against the shared limit, so the
// person is told at once instead of by a server refusal.
func ValidBody(draft string) (string, string) {
	body := strings.TrimSpace(draft)
	if utf8.RuneCountInString(body) > wire.MaxMessageRunes {
		return "", T("error.too.long", wire.MaxMessageRunes)
	}
	return body, ""
}

// ClearInput empties a textarea after its text was sent.
func ClearInput(id string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Set("value", "")
	}
}

// ScrollToEnd shows the newest message after the next render.
func ScrollToEnd(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Set("scrollTop", el.Get("scrollHeight"))
		}
	})
}

// senderName is who wrote m in the reader's words: the server names an
// anonymous customer's messages by the visitor's stored title, "Visitor N",
// which reads "N. apmeklētājs" in Latvian [S3, L2].
func senderName(m wire.Message) string {
	if m.Sender == wire.SenderCustomer {
		if n, ok := strings.CutPrefix(m.SenderName, "Visitor "); ok {
			if v, err := strconv.Atoi(n); err == nil && v > 0 {
				return T("visitor.title", v)
			}
		}
	}
	return m.SenderName
}
