package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderConversation is a conversation session: header and communication
// panel [C1].
func (w *Workspace) renderConversation(x *workspace.Session) app.UI {
	c, _ := w.store.Conversation(x.Conversation)
	mine := c.AgentID == w.agent.ID
	var pending []live.Pending
	for _, p := range w.client.Outbox() {
		if p.Conversation == x.Conversation {
			pending = append(pending, p)
		}
	}
	inputID := "composer-" + strconv.FormatInt(x.Conversation, 10)
	return app.Section().Class("comm").Aria("label", T("comm.panel")).Body(
		app.Header().Class("comm-head").Body(
			app.Span().Class("avatar avatar-large").Aria("hidden", "true").Text(initials(w.store.Title(x))),
			app.Div().Body(
				app.H2().Text(w.store.Title(x)),
				app.Div().Class("comm-sub").Body(
					app.Span().Class("chip").Text(c.Channel),
					app.Span().Class("status status-"+c.Status).Text(c.Status),
				),
			),
		),
		transcript(logID(x.Conversation), w.store.Transcript(x.Conversation).Messages(), pending, wire.SenderAgent, w.agent.Name),
		app.If(!mine, func() app.UI {
			return app.P().Class("comm-note").Text(T("comm.readonly"))
		}),
		composer(inputID, x.Draft, !mine,
			func(v string) { x.Draft = v },
			func(ctx app.Context) {
				body, problem := validBody(x.Draft)
				if problem != "" {
					w.notice = problem
					return
				}
				if body == "" {
					return
				}
				w.client.Send(x.Conversation, body)
				x.Draft = ""
				clearInput(inputID)
				scrollToEnd(ctx, logID(x.Conversation))
			}),
	)
}
