package agent

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderCommPanel is a conversation session's communication panel [C1]: the
// transcript and the composer, beside the app tabs.
func (w *Workspace) renderCommPanel(x *workspace.Session) app.UI {
	c, _ := w.store.Conversation(x.Conversation)
	mine := c.AgentID == w.agent.ID
	canWrite := mine && c.Status == wire.StatusActive
	var pending []live.Pending
	for _, p := range w.client.Outbox() {
		if p.Conversation == x.Conversation {
			pending = append(pending, p)
		}
	}
	inputID := "composer-" + x.ID
	title := w.store.Title(x)
	return app.Section().Class("comm").Aria("label", kit.T("comm.panel")).Body(
		app.Header().Class("comm-head").Body(
			app.Span().Class("avatar avatar-large").Aria("hidden", "true").Text(kit.Initials(title)),
			app.Div().Class("comm-title").Body(
				app.H2().Text(title),
				givenName(c),
				app.Div().Class("comm-sub").Body(
					app.Span().Class("chip").Text(kit.Channel(c.Channel)),
					app.Span().Class("status status-"+c.Status).Text(kit.Status(c.Status)),
					sentimentChip(c),
					ratingChip(c),
					returningChip(c),
				),
			),
			app.Div().Class("comm-actions").Body(
				app.If(canWrite && w.consults[x.Conversation] == nil, func() app.UI {
					return app.Button().Class("btn").Text(kit.T("consult.open")).
						OnClick(func(ctx app.Context, e app.Event) { w.openConsultPicker(x.Conversation) })
				}),
				app.If(canWrite, func() app.UI {
					return app.Button().Class("btn").Text(kit.T("transfer.open")).
						OnClick(func(ctx app.Context, e app.Event) { w.openTransfer(x.Conversation) })
				}),
				app.If(canWrite && c.Mode == wire.ModePersistent, func() app.UI {
					return app.Button().Class("btn").Text(kit.T("comm.closeconv")).
						OnClick(func(ctx app.Context, e app.Event) { w.askClose(x.ID) })
				}),
				app.If(canWrite, func() app.UI {
					return app.Button().Class("btn btn-danger-quiet").Text(kit.T("comm.end")).
						OnClick(func(ctx app.Context, e app.Event) { w.end(x.Conversation) })
				}),
			),
		),
		w.newSessionLog(x.ID, x.Conversation, x.Earlier, pending, alertSeq(c)),
		kit.NewTypingNote(kit.TypingWhile(c.Status, w.typing.Seen(x.Conversation)), kit.T("typing.customer"), w.quietly),
		app.P().Class("comm-note").Hidden(canWrite).Text(w.readOnlyNote(c, mine)), // always there: see Chat.Render
		w.renderConsult(x.Conversation),
		w.renderQuickReplies(x, inputID),
		w.attachmentsOf(x.Conversation).Render(func(ctx app.Context, key string) { w.retryFile(ctx, x, key) }),
		kit.Composer(inputID, x.DraftShown, !canWrite,
			func(v string) bool {
				was := x.Draft != ""
				w.store.SetDraft(x, v)
				// Writing a note is nothing the customer is told of [T3].
				if v != "" && !x.Note && w.typing.ShouldSend(x.Conversation, time.Now()) {
					w.client.Typing(x.Conversation)
				}
				w.save()
				_, quick := quickQuery(v)
				// Re-render when the unsaved dot appears or goes, and while
				// the quick replies list follows the typing: in this session
				// and its tab only.
				rerender := quick || was != (v != "")
				if rerender {
					w.local = true
				}
				return rerender
			},
			func(ctx app.Context) {
				if strings.TrimSpace(x.Draft) == transferPrefix {
					w.store.SetDraftShown(x, "")
					kit.ClearInput(inputID)
					w.save()
					w.openTransfer(x.Conversation)
					return
				}
				if query, quick := quickQuery(x.Draft); quick {
					if m := quickMatches(w.quickReplies, query); len(m) > 0 {
						w.insertQuickReply(x, inputID, m[0])
					}
					return
				}
				body, problem := kit.ValidBody(x.Draft)
				if problem != "" {
					w.say(problem)
					return
				}
				if body == "" {
					return
				}
				if x.Note {
					w.client.SendNote(x.Conversation, body)
				} else {
					w.client.Send(x.Conversation, body)
				}
				w.store.SetDraftShown(x, "")
				x.AtBottom = true
				kit.ClearInput(inputID)
				w.keepScroll(x)
				w.save()
			}, x.Note, w.filesFor(x, canWrite),
			kit.AttachButton(inputID, !canWrite || c.Channel == wire.ChannelSMS, w.filesFor(x, canWrite)),
			app.Button().Class("btn btn-note").Text(kit.T("note.toggle")).Aria("pressed", kit.BoolText(x.Note)).
				Disabled(!canWrite).Title(kit.T("note.hint")).
				OnClick(func(ctx app.Context, e app.Event) {
					w.store.SetNote(x, !x.Note)
					w.save()
					app.Window().GetElementByID(inputID).Call("focus")
				})),
	)
}

// end ends the conversation: the customer is told, and the session stays
// open for wrap-up until the agent closes it [C4].
// end asks before ending a conversation [C4]: the customer is told at
// once, and it cannot be undone.
func (w *Workspace) end(conv int64) {
	w.confirmEnd = conv
	w.menu = ""
	kit.FocusElement(w.self, "end-cancel")
}

// conversationAction posts a lifecycle change and records the result; then
// runs, if given, once the server agreed.
func (w *Workspace) conversationAction(conv int64, action string, then func()) {
	ctx := w.self
	ctx.Async(func() {
		var c wire.Conversation
		err := kit.Call(ctx, "POST", "/api/conversations/"+strconv.FormatInt(conv, 10)+"/"+action, nil, &c)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.store.SetConversation(c)
			if then != nil {
				then()
			}
		})
	})
}

// readOnlyNote says why the composer is off.
func (w *Workspace) readOnlyNote(c wire.Conversation, mine bool) string {
	switch {
	case c.Status == wire.StatusClosed:
		return kit.T("comm.closed")
	case mine && c.Status == wire.StatusWrapUp:
		return kit.T("comm.ended")
	}
	return kit.T("comm.readonly")
}

// ratingChip shows the customer's rating after End, with their comment
// as its tooltip (the summary shows it in full) [X2]; nothing before they
// rate.
func ratingChip(c wire.Conversation) app.UI {
	if c.Rating == 0 {
		return nil
	}
	return app.Span().Class("rating-given").Title(c.RatingComment).Body(
		app.Span().Class("visually-hidden").Text(kit.T("rating.label")+": "),
		app.Span().Aria("hidden", "true").Text("★ "),
		app.Text(kit.T("rating.of", c.Rating)),
	)
}

// sentimentChip shows the conversation's sentiment, live [C1, M3].
func sentimentChip(c wire.Conversation) app.UI {
	level := c.Sentiment
	if level == "" {
		level = "neutral"
	}
	class := "sentiment sentiment-" + level
	if c.SentimentAlert {
		class += " sentiment-alert"
	}
	return app.Span().Class(class).Role("status").Aria("label", kit.T("sentiment.label", kit.T("sentiment."+level))).
		Text(kit.T("sentiment." + level))
}

// alertSeq is the message to mark, while the sentiment alert holds.
func alertSeq(c wire.Conversation) int64 {
	if !c.SentimentAlert {
		return 0
	}
	return c.SentimentSeq
}

// givenName shows the name an anonymous customer typed beside the title,
// marked as unverified [S3].
func givenName(c wire.Conversation) app.UI {
	name := c.Unverified()
	if name == "" {
		return app.Text("")
	}
	return app.Span().Class("given-name").Text(kit.T("given.name", name))
}

// returningChip marks a customer who had a conversation before from the
// same browser; the timeline shows it [D2].
func returningChip(c wire.Conversation) app.UI {
	if c.PreviousID == 0 {
		return app.Text("")
	}
	return app.Span().Class("chip chip-returning").Text(kit.T("returning"))
}
