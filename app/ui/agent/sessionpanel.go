package agent

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderSessionPanel is the vertical session list [S1–S5, S14]: Home first,
// each session a tab named by its title, with a close button revealed on
// hover and keyboard focus.
func (w *Workspace) renderSessionPanel() app.UI {
	sessions := w.store.Sessions()
	now := time.Now()
	unread := 0
	for _, x := range sessions {
		unread += x.Unread
	}
	w.titleUnread(unread)
	toggle := kit.T("panel.collapse")
	if w.collapsed {
		toggle = kit.T("panel.expand")
	}
	return app.Nav().Class("sessions").Aria("label", kit.T("sessions")).Body(
		app.Button().Class("panel-toggle").Aria("label", toggle).Title(toggle).
			Aria("expanded", strconv.FormatBool(!w.collapsed)).
			OnClick(w.toggleCollapsed).Body(
			app.Span().Class("hamburger").Aria("hidden", "true"),
		),
		app.Div().Class("session-rows").Body(
			app.Div().Role("tablist").Aria("orientation", "vertical").Aria("label", kit.T("sessions")).Class("session-list").Body(
				app.Range(sessions).Slice(func(i int) app.UI {
					x := sessions[i]
					return &sessionTab{
						ID: x.ID, Index: i, Title: w.store.Title(x), Tooltip: w.store.Tooltip(x),
						Preview: w.preview(x.Conversation), Waited: w.waited(x.Conversation, now), Colour: kit.Colour(x.ID),
						Selected: x.ID == w.store.Focused(), Home: x.Kind == workspace.KindHome,
						Dirty: w.store.Dirty(x), Alert: w.store.Alert(x), Unread: x.Unread, w: w,
					}
				}),
			),
			app.Div().Class("session-closes").Body(
				app.Range(sessions).Slice(func(i int) app.UI {
					x := sessions[i]
					if x.Kind == workspace.KindHome {
						return app.Div().Class("session-close-slot") // Home cannot be closed [S1]
					}
					return w.sessionClose(x.ID, w.store.Title(x), x.ID == w.store.Focused())
				}),
			),
		),
	)
}

// preview is a conversation session's second line in the expanded panel:
// what was said last.
func (w *Workspace) preview(id int64) string {
	c, ok := w.store.Conversation(id)
	if id == 0 || !ok {
		return ""
	}
	return c.LastMessage
}

// waited is how long a conversation's customer has waited, beside its
// title.
func (w *Workspace) waited(id int64, now time.Time) string {
	c, ok := w.store.Conversation(id)
	if id == 0 || !ok {
		return ""
	}
	return kit.Waited(c.CreatedAt, now)
}

// titleUnread puts the unread total in the browser tab's title, "(3)
// Switchboard", so an agent working in another tab sees it [S14].
func (w *Workspace) titleUnread(n int) {
	if n == w.shownUnread {
		return
	}
	w.shownUnread = n
	title := kit.T("brand")
	if n > 0 {
		title = "(" + strconv.Itoa(n) + ") " + title
	}
	app.Window().Get("document").Set("title", title)
}

func (w *Workspace) toggleCollapsed(ctx app.Context, e app.Event) {
	w.collapsed = !w.collapsed
	ctx.LocalStorage().Set(collapsedKey, w.collapsed)
}

// onSessionKey gives the panel the keyboard behaviour of a vertical tab
// list: arrows and Home/End move, Enter selects, Delete closes (after
// confirmation) [S16].
func (w *Workspace) onSessionKey(ctx app.Context, e app.Event, i int) {
	if e.Get("ctrlKey").Bool() || e.Get("altKey").Bool() || e.Get("metaKey").Bool() {
		ctx.PreventUpdate() // a global shortcut; keys.go handles it
		return
	}
	sessions := w.store.Sessions()
	next := -1
	switch e.Get("key").String() {
	case "ArrowDown":
		next = (i + 1) % len(sessions)
	case "ArrowUp":
		next = (i - 1 + len(sessions)) % len(sessions)
	case "Home":
		next = 0
	case "End":
		next = len(sessions) - 1
	case "Enter", " ":
		next = i
	case "Delete", "Backspace":
		e.PreventDefault()
		if sessions[i].Kind != workspace.KindHome {
			w.askClose(sessions[i].ID)
		}
		return
	default:
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
	w.focus(sessions[next].ID)
	kit.FocusElement(ctx, "tab-"+sessions[next].ID)
}

// askClose opens the confirmation dialog for closing a session [S5].
func (w *Workspace) askClose(id string) {
	if id == workspace.HomeID {
		return
	}
	w.confirm = id
	w.menu = ""
	kit.FocusElement(w.self, "confirm-cancel")
}

// closeSession closes the session being confirmed, and with it everything
// unsaved in it. A conversation of mine that is still open on the server is
// closed there first [C4, C5]: ended ones close for good, live ones go back
// to the queue, persistent ones wait for the customer.
func (w *Workspace) closeSession(ctx app.Context, e app.Event) {
	id := w.confirm
	w.confirm = ""
	x, ok := w.store.Session(id)
	if !ok {
		return
	}
	closeLocally := func() {
		if w.store.Close(id) {
			w.restoreScroll()
			w.flush()
		}
		kit.FocusElement(w.self, "tab-"+w.store.Focused())
	}
	if c, known := w.store.Conversation(x.Conversation); known && c.AgentID == w.agent.ID &&
		(c.Status == wire.StatusActive || c.Status == wire.StatusWrapUp) {
		w.conversationAction(c.ID, "close", closeLocally)
		return
	}
	closeLocally()
}

func (w *Workspace) cancelClose(ctx app.Context, e app.Event) {
	id := w.confirm
	w.confirm = ""
	kit.FocusElement(ctx, "tab-"+id)
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
