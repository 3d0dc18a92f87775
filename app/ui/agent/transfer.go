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

// openTransfer shows the dialog for a conversation and loads who could
// take it now.
func (w *Workspace) openTransfer(conv int64) {
	d := &kit.Transfer{Conversation: wire.Conversation{ID: conv}}
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
			d.Load(t)
		})
	})
}

// sendTransfer asks the server for the chosen transfer. To an agent it is
// offered to them and stays ours until they accept (transfer.ended tells
// how it went); to a queue it leaves us at once, so its session closes.
func (w *Workspace) sendTransfer() {
	d := w.transfer
	conv := d.Conversation.ID
	in, ok := d.Request()
	if !ok {
		return
	}
	ctx := w.self
	ctx.Async(func() {
		var c wire.Conversation
		out := any(&c)
		if in.AgentID != 0 {
			out = nil
		}
		err := kit.Call(ctx, "POST", "/api/conversations/"+strconv.FormatInt(conv, 10)+"/transfer", in, out)
		w.dispatch(ctx, func(ctx app.Context) {
			if d.Sent(err); err != nil {
				return
			}
			w.transfer = nil
			title := w.conversationTitle(conv)
			if in.AgentID != 0 {
				w.say(kit.T("transfer.offered", title, d.AgentName(in.AgentID)))
				return
			}
			w.store.SetConversation(c)
			w.closeTransferred(conv)
			w.say(kit.T("transfer.queued", title, c.Workstream))
		})
	})
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
	return kit.TransferDialog(w.transfer, "", w.sendTransfer, func() { w.transfer = nil })
}
