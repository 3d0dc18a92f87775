package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderSummary is the Active conversation tab [S10, D2]: who the customer
// is and what the conversation is about.
func (w *Workspace) renderSummary(x *workspace.Session) app.UI {
	c, _ := w.store.Conversation(x.Conversation)
	now := time.Now()
	field := func(label, value string) app.UI {
		return app.Div().Class("field").Body(app.Dt().Text(label), app.Dd().Text(value))
	}
	return app.Div().Class("summary").Body(
		app.Section().Class("card panel").Aria("label", T("summary.customer")).Body(
			app.H3().Text(T("summary.customer")),
			app.Div().Class("customer").Body(
				app.Span().Class("avatar avatar-large").Aria("hidden", "true").Text(initials(w.store.Title(x))),
				app.Div().Body(
					app.Strong().Text(w.store.Title(x)),
					app.P().Class("muted").Text(T("summary.anonymous")),
				),
			),
		),
		app.Section().Class("card panel").Aria("label", T("summary.conversation")).Body(
			app.H3().Text(T("summary.conversation")),
			app.Dl().Class("fields").Body(
				field(T("col.channel"), c.Channel),
				field(T("col.status"), c.Status),
				field(T("summary.started"), clock(c.CreatedAt)),
				field(T("col.waiting"), waited(c.CreatedAt, now)),
				field(T("summary.agent"), c.AgentName),
			),
		),
		app.Section().Class("card panel").Aria("label", T("summary.case")).Body(
			app.H3().Text(T("summary.case")),
			app.P().Class("muted").Text(T("summary.case.none")),
			app.Button().Class("btn").Text(T("summary.case.create")).
				OnClick(func(ctx app.Context, e app.Event) {
					w.report(w.store.OpenCaseTab(x, w.caseFor(x)))
				}),
		),
	)
}
