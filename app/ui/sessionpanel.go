package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderSessionPanel is the vertical session list [S1–S4, S14]: Home first,
// each session a tab named by its title.
func (w *Workspace) renderSessionPanel() app.UI {
	sessions := w.store.Sessions()
	return app.Nav().Class("sessions").Aria("label", T("sessions")).Body(
		app.Div().Role("tablist").Aria("orientation", "vertical").Class("session-list").Body(
			app.Range(sessions).Slice(func(i int) app.UI {
				x := sessions[i]
				title := w.store.Title(x)
				selected := x.ID == w.store.Focused()
				tooltip := title
				if x.Unread > 0 {
					tooltip = title + ". " + strconv.Itoa(x.Unread) + " new updates in your conversation."
				}
				tab := app.Div().Role("tab").Class("session").ID("tab-"+x.ID).
					Aria("label", title).Aria("selected", strconv.FormatBool(selected)).
					Aria("controls", "panel-"+x.ID).Title(tooltip).
					TabIndex(tabIndex(selected)).
					OnClick(func(ctx app.Context, e app.Event) { w.focus(ctx, x.ID) })
				if selected {
					tab = tab.Class("session-focused")
				}
				if x.ID == workspace.HomeID {
					tab = tab.Class("session-home")
				}
				return tab.Body(
					app.Span().Class("session-icon").Aria("hidden", "true").Text(initials(title)),
					app.Span().Class("session-title").Text(title),
					app.If(x.Unread > 0, func() app.UI {
						return app.Span().Class("session-unread").Aria("hidden", "true").Text(unreadBadge(x.Unread))
					}),
				)
			}),
		),
	)
}

func (w *Workspace) focus(ctx app.Context, id string) {
	w.store.Focus(id)
	if x, ok := w.store.Session(id); ok && x.Conversation != 0 {
		scrollToEnd(ctx, logID(x.Conversation))
	}
}

// renderStage keeps every session's view mounted and shows the focused one,
// so switching is a style change and drafts and scroll positions stay put.
func (w *Workspace) renderStage() app.UI {
	sessions := w.store.Sessions()
	return app.Main().Class("stage").Body(
		app.Range(sessions).Slice(func(i int) app.UI {
			x := sessions[i]
			panel := app.Div().Role("tabpanel").ID("panel-"+x.ID).Class("stage-panel").
				Aria("labelledby", "tab-"+x.ID).Hidden(x.ID != w.store.Focused())
			if x.ID == workspace.HomeID {
				return panel.Body(w.renderDashboard())
			}
			return panel.Body(w.renderConversation(x))
		}),
	)
}

func tabIndex(selected bool) int {
	if selected {
		return 0
	}
	return -1
}

func unreadBadge(n int) string {
	if n > 9 {
		return "9+"
	}
	return strconv.Itoa(n)
}
