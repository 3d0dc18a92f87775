package agent

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// renderUnassigned is the Home stream Unassigned cases [X3]: questions
// customers left outside business hours, oldest first. Pick makes the case
// mine and opens it, with its customer's contact beside it.
func (w *Workspace) renderUnassigned(now time.Time) app.UI {
	title := kit.T("cases.unassigned")
	list := w.unassigned
	return app.Section().Class("stream card").Aria("label", title).Body(
		app.Header().Class("stream-head").Body(
			app.H2().Text(title),
			app.Span().Class("count").Text(strconv.Itoa(len(list))),
		),
		app.If(len(list) == 0, func() app.UI {
			return app.P().Class("empty").Text(kit.T("cases.unassigned.none"))
		}).Else(func() app.UI {
			return app.Div().Role("table").Class("grid").Aria("label", title).Body(
				app.Div().Role("row").Class("grid-row grid-unassigned grid-head").Body(
					app.Div().Role("columnheader").Text(kit.T("col.title")),
					app.Div().Role("columnheader").Text(kit.T("col.workstream")),
					app.Div().Role("columnheader").Text(kit.T("col.received")),
					app.Div().Role("columnheader").Text(kit.T("col.waiting")),
					app.Div().Role("columnheader").Text(kit.T("col.question")),
					app.Div().Role("columnheader").Body(app.Span().Class("visually-hidden").Text(kit.T("work.more"))),
				),
				app.Range(list).Slice(func(i int) app.UI {
					c := list[i]
					pick := func() {
						w.menu = ""
						w.pickCase(c)
					}
					return app.Div().Role("row").Class("grid-row grid-unassigned").
						OnClick(func(ctx app.Context, e app.Event) {
							if e.Get("shiftKey").Bool() { // as Shift+click on any row [S7]
								pick()
							}
						}, app.EventScope(c.ID)).Body(
						app.Div().Role("cell").Class("cell-title").Body(
							app.Span().Class("avatar").Aria("hidden", "true").Text(kit.Initials(c.ContactName)),
							app.Span().Class("cell-stack").Body(
								app.Span().Text(c.ContactName),
								app.Span().Class("muted cell-email").Text(c.ContactEmail),
							),
						),
						app.Div().Role("cell").Body(app.Span().Class("chip").Text(c.Workstream)),
						app.Div().Role("cell").Class("muted").Text(kit.Clock(c.CreatedAt)),
						app.Div().Role("cell").Class("muted").Text(kit.Waited(c.CreatedAt, now)),
						app.Div().Role("cell").Class("cell-last").Title(c.Description).Text(c.Title),
						w.rowMenu("unassigned-"+strconv.FormatInt(c.ID, 10), kit.T("work.pick"), pick),
					)
				}),
			)
		}),
	)
}

// loadUnassigned reads Unassigned cases, at every reconnect and whenever
// a case is filed or picked (cases.changed).
func (w *Workspace) loadUnassigned() {
	ctx := w.self
	ctx.Async(func() {
		var list []wire.UnassignedCase
		err := kit.Call(ctx, "GET", "/api/cases/unassigned", nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.unassigned = list
		})
	})
}

// pickCase makes an unassigned case mine, then opens it in a session of
// its own, its customer's contact in a second tab (for the email address
// the answer goes to). A colleague who picked it first is named in the
// server's refusal.
func (w *Workspace) pickCase(c wire.UnassignedCase) {
	ctx := w.self
	ctx.Async(func() {
		var picked wire.Case
		err := kit.Call(ctx, "POST", "/api/cases/"+strconv.FormatInt(c.ID, 10)+"/pick", nil, &picked)
		var contact wire.Contact
		if err == nil && picked.ContactID != 0 {
			// The case is mine either way; without the contact the case
			// still opens.
			if kit.Call(ctx, "GET", "/api/contacts/"+strconv.FormatInt(picked.ContactID, 10), nil, &contact) != nil {
				contact = wire.Contact{}
			}
		}
		w.dispatch(ctx, func(ctx app.Context) {
			w.loadUnassigned()
			if err != nil {
				w.fail(err)
				return
			}
			w.loadCases()
			x, err := w.store.OpenCase(picked)
			if err != nil {
				w.say(err.Error())
				return
			}
			if contact.ID != 0 {
				if _, err := w.store.OpenContact(x, contact); err == nil {
					x.Active = "case" // the question first
				}
			}
			w.save()
		})
	})
}
