package ui

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// renderDashboard is Home [D1]: the agent's own work and the queue.
func (w *Workspace) renderDashboard() app.UI {
	mine, queued := w.store.WorkItems(w.agent.ID)
	now := time.Now()
	return app.Div().Class("dashboard").Body(
		app.H1().Class("page-title").Text(T("dashboard.greeting", firstName(w.agent.Name))),
		w.renderStream("work.mine", "work.none.mine", mine, "work.open.action", now),
		w.renderStream("work.open", "work.none.open", queued, "work.pick", now),
	)
}

func (w *Workspace) renderStream(titleID, emptyID string, items []wire.Conversation, actionID string, now time.Time) app.UI {
	title := T(titleID)
	return app.Section().Class("stream card").Aria("label", title).Body(
		app.Header().Class("stream-head").Body(
			app.H2().Text(title),
			app.Span().Class("count").Text(strconv.Itoa(len(items))),
		),
		app.If(len(items) == 0, func() app.UI {
			return app.P().Class("empty").Text(T(emptyID))
		}).Else(func() app.UI {
			return app.Div().Role("table").Class("grid").Aria("label", title).Body(
				app.Div().Role("row").Class("grid-row grid-head").Body(
					app.Div().Role("columnheader").Text(T("col.title")),
					app.Div().Role("columnheader").Text(T("col.channel")),
					app.Div().Role("columnheader").Text(T("col.status")),
					app.Div().Role("columnheader").Text(T("col.waiting")),
					app.Div().Role("columnheader").Text(T("col.last")),
					app.Div().Role("columnheader").Body(app.Span().Class("visually-hidden").Text(T("work.more"))),
				),
				app.Range(items).Slice(func(i int) app.UI {
					return w.renderWorkItem(items[i], actionID, now)
				}),
			)
		}),
	)
}

func (w *Workspace) renderWorkItem(c wire.Conversation, actionID string, now time.Time) app.UI {
	open := w.menu == c.ID
	return app.Div().Role("row").Class("grid-row").Body(
		app.Div().Role("cell").Class("cell-title").Body(
			app.Span().Class("avatar").Aria("hidden", "true").Text(initials(c.Title)),
			app.Span().Text(c.Title),
		),
		app.Div().Role("cell").Body(app.Span().Class("chip").Text(c.Channel)),
		app.Div().Role("cell").Body(app.Span().Class("status status-"+c.Status).Text(c.Status)),
		app.Div().Role("cell").Class("muted").Text(waited(c.CreatedAt, now)),
		app.Div().Role("cell").Class("cell-last").Text(c.LastMessage),
		app.Div().Role("cell").Class("cell-actions").Body(
			app.Button().Class("btn btn-icon").Aria("label", T("work.more")).Aria("haspopup", "menu").
				Aria("expanded", strconv.FormatBool(open)).Text("…").
				OnClick(func(ctx app.Context, e app.Event) {
					if open {
						w.menu = 0
					} else {
						w.menu = c.ID
					}
				}),
			app.If(open, func() app.UI {
				return app.Div().Role("menu").Class("menu").Body(
					app.Button().Role("menuitem").Class("menu-item").Text(T(actionID)).
						OnClick(func(ctx app.Context, e app.Event) {
							w.menu = 0
							if actionID == "work.pick" {
								w.pick(ctx, c.ID)
							} else {
								w.open(ctx, c)
							}
						}),
				)
			}),
		),
	)
}

// pick assigns a queued conversation to me, then opens it [S8].
func (w *Workspace) pick(_ app.Context, id int64) {
	ctx := w.self // the menu item is gone by the time the answer comes
	ctx.Async(func() {
		var c wire.Conversation
		err := call(ctx, "POST", "/api/conversations/"+strconv.FormatInt(id, 10)+"/pick", nil, &c)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.open(ctx, c)
		})
	})
}

// open starts or focuses the conversation's session and fetches its history.
func (w *Workspace) open(ctx app.Context, c wire.Conversation) {
	x, err := w.store.OpenConversation(c)
	if err != nil {
		w.notice = err.Error()
		return
	}
	w.client.Subscribe(c.ID, w.store.Transcript(x.Conversation).LastSeq())
	scrollToEnd(ctx, logID(c.ID))
}

func firstName(name string) string {
	for i, r := range name {
		if r == ' ' {
			return name[:i]
		}
	}
	return name
}
