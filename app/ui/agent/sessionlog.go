package agent

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// sessionLog is a conversation session's transcript as a component of its
// own. Every session stays mounted (see renderStage), so without it each
// render of the workspace (a switch of session, a message in any of them)
// would rebuild and diff the window of every open transcript: nine times
// 150 messages. go-app renders a child component again only when one of its
// exported fields changed, so those fields sum up what the transcript
// shows, and Render reads the messages themselves from the workspace.
type sessionLog struct {
	app.Compo

	Session string // the session's id
	Count   int    // messages held
	LastSeq int64
	Earlier int   // messages shown beyond the window, at the agent's request
	Pending int   // own messages not yet acknowledged
	Trigger int64 // the message that raised the sentiment alert
	You     string

	// w is set when the component is created; go-app never copies
	// unexported fields into a mounted component, and it is the same
	// workspace for the life of the page anyway.
	w *Workspace
}

func (w *Workspace) newSessionLog(sessionID string, conv int64, earlier int, pending []live.Pending, trigger int64) *sessionLog {
	t := w.store.Transcript(conv)
	return &sessionLog{
		Session: sessionID, Count: t.Len(), LastSeq: t.LastSeq(), Earlier: earlier,
		Pending: len(pending), Trigger: trigger, You: w.agent.Name, w: w,
	}
}

func (l *sessionLog) Render() app.UI {
	x, ok := l.w.store.Session(l.Session)
	if !ok {
		return app.Div().Class("transcript").Role("log").Aria("label", kit.T("comm.log"))
	}
	var pending []live.Pending
	for _, p := range l.w.client.Outbox() {
		if p.Conversation == x.Conversation {
			pending = append(pending, p)
		}
	}
	return kit.Transcript(logID(x), l.w.store.Transcript(x.Conversation).Messages(), kit.WindowSize+x.Earlier,
		func() { x.Earlier += kit.WindowSize }, pending, wire.SenderAgent, l.You, l.Trigger, kit.AgentFiles).
		OnScroll(l.w.onScroll(x))
}
