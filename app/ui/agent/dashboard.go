package agent

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderDashboard is Home [D1]: the agent's own work, the queue and the
// agent's active cases.
func (w *Workspace) renderDashboard() app.UI {
	items := w.store.WorkItems(w.agent.ID, w.sortBy)
	now := time.Now()
	return app.Div().Class("dashboard").Body(
		app.Div().Class("dashboard-head").Body(
			app.H1().Class("page-title").Text(kit.T("dashboard.greeting", firstName(w.agent.Name))),
			app.Button().Class("btn").Text(kit.T("case.new")).OnClick(func(ctx app.Context, e app.Event) {
				if _, err := w.store.NewCase(); err != nil {
					w.say(kit.ErrorText(err))
					return
				}
				w.save()
			}),
		),
		w.renderSort(),
		app.Range(w.streams()).Slice(func(i int) app.UI {
			switch w.streams()[i] {
			case wire.StreamMine:
				return w.renderStream("work.mine", "work.none.mine", items.Mine, "work.open.action", now)
			case wire.StreamOpen:
				return w.renderStream("work.open", "work.none.open", items.Open, "work.pick", now)
			case wire.StreamClosed:
				return w.renderStream("work.closed", "work.none.closed", items.Closed, "work.open.action", now)
			case wire.StreamUnassigned:
				return w.renderUnassigned(now)
			}
			return w.renderCases()
		}),
	)
}

func (w *Workspace) renderStream(titleID, emptyID string, items []wire.Conversation, actionID string, now time.Time) app.UI {
	title := kit.T(titleID)
	return app.Section().Class("stream card").Aria("label", title).Body(
		app.Header().Class("stream-head").Body(
			app.H2().Text(title),
			app.Span().Class("count").Text(strconv.Itoa(len(items))),
		),
		app.If(len(items) == 0, func() app.UI {
			return app.P().Class("empty").Text(kit.T(emptyID))
		}).Else(func() app.UI {
			return app.Div().Role("table").Class("grid").Aria("label", title).Body(
				app.Div().Role("row").Class("grid-row grid-head").Body(
					app.Div().Role("columnheader").Text(kit.T("col.title")),
					app.Div().Role("columnheader").Text(kit.T("col.channel")),
					app.Div().Role("columnheader").Text(kit.T("col.status")),
					app.Div().Role("columnheader").Text(kit.T("col.waiting")),
					app.Div().Role("columnheader").Text(kit.T("col.last")),
					app.Div().Role("columnheader").Body(app.Span().Class("visually-hidden").Text(kit.T("work.more"))),
				),
				app.Range(items).Slice(func(i int) app.UI {
					return w.renderWorkItem(items[i], actionID, now)
				}),
			)
		}),
	)
}

func (w *Workspace) renderWorkItem(c wire.Conversation, actionID string, now time.Time) app.UI {
	act := func() {
		w.menu = ""
		if actionID == "work.pick" {
			w.pick(c.ID)
		} else {
			w.openConversation(c)
		}
	}
	return app.Div().Role("row").Class("grid-row").
		OnClick(func(ctx app.Context, e app.Event) {
			if e.Get("shiftKey").Bool() { // Shift+click opens the session [S7]
				act()
			}
		}, app.EventScope(c.ID, actionID)).Body(
		app.Div().Role("cell").Class("cell-title").Body(
			app.Span().Class("avatar").Aria("hidden", "true").Text(kit.Initials(kit.Title(c))),
			app.Span().Text(kit.Title(c)),
			givenName(c),
		),
		app.Div().Role("cell").Body(app.Span().Class("chip").Text(kit.Channel(c.Channel))),
		app.Div().Role("cell").Body(app.Span().Class("status status-"+c.Status).Text(kit.Status(c.Status)), ratingChip(c)),
		app.Div().Role("cell").Class("muted").Text(kit.Waited(c.CreatedAt, now)),
		app.Div().Role("cell").Class("cell-last").Text(c.LastMessage),
		w.rowMenu("conv-"+strconv.FormatInt(c.ID, 10), kit.T(actionID), act),
	)
}

// rowMenu is a row's More options button and its one-item menu [S8].
func (w *Workspace) rowMenu(id, label string, act func()) app.UI {
	open := w.menu == id
	return app.Div().Role("cell").Class("cell-actions menu-anchor").Body(
		app.Button().Class("btn btn-icon").Aria("label", kit.T("work.more")).Aria("haspopup", "menu").
			Aria("expanded", strconv.FormatBool(open)).Text("…").
			OnClick(func(ctx app.Context, e app.Event) {
				e.StopImmediatePropagation()
				w.toggleMenu(id)
			}, app.EventScope(id)),
		app.If(open, func() app.UI {
			return app.Div().Role("menu").Class("menu").Body(
				menuItem(label, func(ctx app.Context, e app.Event) {
					e.StopImmediatePropagation()
					act()
				}, id),
			)
		}),
	)
}

// renderCases is My active cases [D1].
func (w *Workspace) renderCases() app.UI {
	title := kit.T("cases.mine")
	return app.Section().Class("stream card").Aria("label", title).Body(
		app.Header().Class("stream-head").Body(
			app.H2().Text(title),
			app.Span().Class("count").Text(strconv.Itoa(len(w.cases))),
		),
		app.If(len(w.cases) == 0, func() app.UI {
			return app.P().Class("empty").Text(kit.T("cases.none"))
		}).Else(func() app.UI {
			return app.Div().Role("table").Class("grid").Aria("label", title).Body(
				app.Div().Role("row").Class("grid-row grid-cases grid-head").Body(
					app.Div().Role("columnheader").Text(kit.T("case.title")),
					app.Div().Role("columnheader").Text(kit.T("case.priority")),
					app.Div().Role("columnheader").Text(kit.T("case.status")),
					app.Div().Role("columnheader").Text(kit.T("cases.modified")),
					app.Div().Role("columnheader").Body(app.Span().Class("visually-hidden").Text(kit.T("work.more"))),
				),
				app.Range(w.cases).Slice(func(i int) app.UI {
					c := w.cases[i]
					open := func() {
						w.menu = ""
						if _, err := w.store.OpenCase(c); err != nil {
							w.say(kit.ErrorText(err))
							return
						}
						w.save()
					}
					return app.Div().Role("row").Class("grid-row grid-cases").
						OnClick(func(ctx app.Context, e app.Event) {
							if e.Get("shiftKey").Bool() {
								open()
							}
						}, app.EventScope(c.ID)).Body(
						app.Div().Role("cell").Class("cell-title").Text(c.Title),
						app.Div().Role("cell").Body(app.Span().Class("chip").Text(c.Priority)),
						app.Div().Role("cell").Body(app.Span().Class("status").Text(kit.T("case.status."+c.Status))),
						app.Div().Role("cell").Class("muted").Text(kit.Clock(c.UpdatedAt)),
						w.rowMenu("case-"+strconv.FormatInt(c.ID, 10), kit.T("work.open.action"), open),
					)
				}),
			)
		}),
	)
}

// renderSort chooses the order of the work item streams [D1].
func (w *Workspace) renderSort() app.UI {
	option := func(by, label string) app.UI {
		return app.Button().Class("seg").Aria("pressed", kit.BoolText(w.sortBy == by)).Text(label).
			OnClick(func(ctx app.Context, e app.Event) {
				w.sortBy = by
				ctx.LocalStorage().Set(sortKey, by)
			}, app.EventScope(by))
	}
	return app.Div().Class("sort").Role("group").Aria("label", kit.T("sort.label")).Body(
		app.Span().Class("muted").Text(kit.T("sort.label")),
		option(workspace.ByModified, kit.T("sort.modified")),
		option(workspace.ByWaiting, kit.T("sort.waiting")),
	)
}

// pick assigns a queued conversation to me, then opens it [S8].
func (w *Workspace) pick(id int64) {
	ctx := w.self
	ctx.Async(func() {
		var c wire.Conversation
		err := kit.Call(ctx, "POST", "/api/conversations/"+strconv.FormatInt(id, 10)+"/pick", nil, &c)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.openConversation(c)
		})
	})
}

func firstName(name string) string {
	for i, r := range name {
		if r == ' ' {
			return name[:i]
		}
	}
	return name
}

// streams are the Home streams the administrator chose [D1, A1].
func (w *Workspace) streams() []string {
	if len(w.settings.DashboardStreams) == 0 {
		return wire.Streams
	}
	return w.settings.DashboardStreams
}
