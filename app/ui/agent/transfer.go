package agent

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// transferPrefix opens the Transfer conversation dialog from the composer,
// beside /q [T1].
const transferPrefix = "/t"

// transferDialog is the open Transfer conversation dialog [T1].
type transferDialog struct {
	conv    int64
	loaded  bool
	targets wire.TransferTargets
	choice  string // "agent:ID" or "queue:ID"
	note    string
	problem string
	sending bool
}

// openTransfer shows the dialog for a conversation and loads who could
// take it now.
func (w *Workspace) openTransfer(conv int64) {
	d := &transferDialog{conv: conv}
	w.transfer = d
	ctx := w.self
	ctx.Async(func() {
		var t wire.TransferTargets
		err := kit.Call(ctx, "GET", "/api/conversations/"+strconv.FormatInt(conv, 10)+"/transfer-targets", nil, &t)
		w.dispatch(ctx, func(ctx app.Context) {
			if w.transfer != d {
				return
			}
			if err != nil {
				w.transfer = nil
				w.fail(err)
				return
			}
			d.targets, d.loaded = t, true
		})
	})
}

// sendTransfer asks the server for the chosen transfer. To an agent it is
// offered to them and stays ours until they accept (transfer.ended tells
// how it went); to a queue it leaves us at once, so its session closes.
func (w *Workspace) sendTransfer(d *transferDialog) {
	in, ok := kit.TransferRequest(d.choice, d.note)
	if !ok {
		d.problem = kit.T("transfer.choose")
		return
	}
	target := nameOf(d.targets.Agents, in.AgentID)
	d.sending, d.problem = true, ""
	ctx := w.self
	ctx.Async(func() {
		var c wire.Conversation
		out := any(&c)
		if in.AgentID != 0 {
			out = nil
		}
		err := kit.Call(ctx, "POST", "/api/conversations/"+strconv.FormatInt(d.conv, 10)+"/transfer", in, out)
		w.dispatch(ctx, func(ctx app.Context) {
			d.sending = false
			if err != nil {
				d.problem = err.Error()
				return
			}
			w.transfer = nil
			title := w.conversationTitle(d.conv)
			if in.AgentID != 0 {
				w.say(kit.T("transfer.offered", title, target))
				return
			}
			w.store.SetConversation(c)
			w.closeTransferred(d.conv)
			w.say(kit.T("transfer.queued", title, c.Workstream))
		})
	})
}

func nameOf(agents []wire.TransferAgent, id int64) string {
	for _, a := range agents {
		if a.ID == id {
			return a.Name
		}
	}
	return ""
}

func (w *Workspace) conversationTitle(conv int64) string {
	if c, ok := w.store.Conversation(conv); ok {
		return kit.Title(c)
	}
	return ""
}

// closeTransferred closes the session of a conversation that is no longer
// ours: it went to a colleague or a queue.
func (w *Workspace) closeTransferred(conv int64) {
	if w.store.Close(workspace.SessionID(conv)) {
		w.restoreScroll()
		w.flush()
	}
}

// onTransferEnded tells the agent how their transfer to a colleague went.
func (w *Workspace) onTransferEnded(x wire.TransferEnded) {
	title := kit.Title(wire.Conversation{Title: x.Title, Visitor: x.Visitor})
	switch x.Outcome {
	case wire.TransferAccepted:
		w.closeTransferred(x.Conversation)
		w.say(kit.T("transfer.accepted", title, x.Agent))
	case wire.TransferRejected:
		w.say(kit.T("transfer.rejected", x.Agent, title))
	case wire.TransferExpired:
		w.say(kit.T("transfer.expired", x.Agent, title))
	}
}

// renderTransferDialog lists the colleagues who could take the
// conversation and the queues, with a note to the next agent [T1].
func (w *Workspace) renderTransferDialog() app.UI {
	d := w.transfer
	cancel := func(ctx app.Context, e app.Event) { w.transfer = nil }
	return app.Div().Class("overlay").Body(
		app.Form().Role("dialog").Class("dialog card transfer-dialog").Aria("modal", "true").Aria("labelledby", "transfer-title").
			OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				if !d.sending {
					w.sendTransfer(d)
				}
			}).
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() == "Escape" {
					w.transfer = nil
					return
				}
				ctx.PreventUpdate()
			}).
			Body(
				app.H2().ID("transfer-title").Text(kit.T("transfer.title")),
				app.If(!d.loaded, func() app.UI { return app.P().Class("muted").Text(kit.T("loading")) }),
				app.If(d.loaded, func() app.UI {
					return kit.TransferChoices(d.targets, d.choice, func(v string) { d.choice = v })
				}),
				kit.FormField("transfer-note", kit.T("transfer.note"), "",
					app.Textarea().ID("transfer-note").Rows(3).MaxLength(wire.MaxMessageRunes).
						OnInput(func(ctx app.Context, e app.Event) {
							d.note = ctx.JSSrc().Get("value").String()
							ctx.PreventUpdate()
						})),
				app.P().Class("form-error").Role("alert").Hidden(d.problem == "").Text(d.problem),
				app.Div().Class("dialog-actions").Body(
					app.Button().Type("button").Class("btn").Text(kit.T("cancel")).OnClick(cancel),
					app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("transfer.submit")).Disabled(d.sending || !d.loaded),
				),
			),
	)
}
