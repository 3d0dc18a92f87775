package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderCommPanel is a conversation session's communication panel [C1]: the
// transcript and the composer, beside the app tabs.
func (w *Workspace) renderCommPanel(x *workspace.Session) app.UI {
	c, _ := w.store.Conversation(x.Conversation)
	mine := c.AgentID == w.agent.ID
	var pending []live.Pending
	for _, p := range w.client.Outbox() {
		if p.Conversation == x.Conversation {
			pending = append(pending, p)
		}
	}
	inputID := "composer-" + x.ID
	title := w.store.Title(x)
	return app.Section().Class("comm").Aria("label", T("comm.panel")).Body(
		app.Header().Class("comm-head").Body(
			app.Span().Class("avatar avatar-large").Aria("hidden", "true").Text(initials(title)),
			app.Div().Body(
				app.H2().Text(title),
				app.Div().Class("comm-sub").Body(
					app.Span().Class("chip").Text(c.Channel),
					app.Span().Class("status status-"+c.Status).Text(c.Status),
				),
			),
		),
		transcript(logID(x), w.store.Transcript(x.Conversation).Messages(), pending, wire.SenderAgent, w.agent.Name).
			OnScroll(w.onScroll(x)),
		app.If(!mine, func() app.UI {
			return app.P().Class("comm-note").Text(T("comm.readonly"))
		}),
		composer(inputID, x.Draft, !mine,
			func(v string) bool {
				was := x.Draft != ""
				x.Draft = v
				w.save()
				return was != (v != "") // the unsaved dot appears or goes
			},
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
				x.Draft, x.AtBottom = "", true
				clearInput(inputID)
				w.keepScroll(x)
				w.save()
			}),
	)
}
