package agent

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

// sessionTab is one entry of the session panel, a component of its own: a
// switch changes two of them (the one left and the one focused), and go-app
// renders a child component again only when one of its exported fields
// changed, so the other tabs are not rendered at all.
type sessionTab struct {
	app.Compo

	ID       string
	Index    int
	Title    string
	Tooltip  string
	Selected bool
	Home     bool
	Dirty    bool
	Alert    bool
	Unread   int

	w *Workspace // set at creation; go-app never copies unexported fields
}

func (t *sessionTab) Render() app.UI {
	w, title, selected := t.w, t.Title, t.Selected
	class := "session"
	if selected {
		class += " session-focused"
	}
	if t.Home {
		class += " session-home"
	}
	tab := app.Div().Role("tab").Class("session-tab").ID("tab-"+t.ID).
		Aria("label", title).Aria("selected", strconv.FormatBool(selected)).
		Aria("controls", "panel-"+t.ID).Title(t.Tooltip).
		TabIndex(tabIndex(selected)).
		// go-app keeps a list item's old handler when the function's code is
		// the same, so the scope names what the closure is about.
		OnClick(func(ctx app.Context, e app.Event) { w.focus(t.ID) }, app.EventScope(t.ID)).
		OnKeyDown(func(ctx app.Context, e app.Event) { w.onSessionKey(ctx, e, t.Index) }, app.EventScope(t.ID, t.Index)).
		Body(
			app.Span().Class("session-icon").Aria("hidden", "true").Text(kit.Initials(title)),
			app.If(t.Dirty, func() app.UI {
				return app.Span().Class("session-dirty").Aria("hidden", "true").Title(kit.T("session.unsaved"))
			}),
			app.If(t.Alert, func() app.UI {
				return app.Span().Class("session-alert").Aria("hidden", "true").Text("!")
			}),
			app.If(t.Unread > 0, func() app.UI {
				return app.Span().Class("session-unread").Aria("hidden", "true").Text(unreadBadge(t.Unread))
			}),
			app.Span().Class("session-title").Aria("hidden", "true").Text(title),
		)
	wrap := app.Div().Role("presentation").Class(class)
	if t.Home {
		return wrap.Body(tab) // Home cannot be closed [S1]
	}
	return wrap.Body(
		tab,
		app.Button().Class("session-close").Aria("label", kit.T("session.close", title)).Title(kit.T("session.close", title)).
			TabIndex(tabIndex(selected)).Text("×").
			OnClick(func(ctx app.Context, e app.Event) {
				e.StopImmediatePropagation()
				w.askClose(t.ID)
			}, app.EventScope(t.ID)),
	)
}
