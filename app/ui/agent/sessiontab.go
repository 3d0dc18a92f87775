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
//
// The tab's only text on screen is its title, so what a speech-input user
// reads on it is its accessible name [WCAG 2.5.3]: the icon's letters, the
// badges and the preview line are drawn by the stylesheet from data
// attributes (the letters and counts also sit in visually hidden text, for
// the tests' contract), and the preview reaches screen readers as the tab's
// description.
type sessionTab struct {
	app.Compo

	ID       string
	Index    int
	Title    string
	Tooltip  string
	Preview  string // the last message, if a conversation
	Waited   string // how long the customer has waited, if a conversation
	Colour   int
	Selected bool
	Home     bool
	Dirty    bool
	Alert    bool
	Unread   int

	w *Workspace // set at creation; go-app never copies unexported fields
}

func (t *sessionTab) Render() app.UI {
	w, title, selected := t.w, t.Title, t.Selected
	class := "session session-tab tile-" + strconv.Itoa(t.Colour)
	if selected {
		class += " session-focused"
	}
	if t.Home {
		class += " session-home"
	}
	initials := kit.Initials(title)
	return app.Div().Role("tab").Class(class).ID("tab-"+t.ID).
		Aria("label", title).Aria("selected", strconv.FormatBool(selected)).
		Aria("controls", "panel-"+t.ID).Aria("description", t.description()).Title(t.Tooltip).
		TabIndex(tabIndex(selected)).
		// go-app keeps a list item's old handler when the function's code is
		// the same, so the scope names what the closure is about.
		OnClick(func(ctx app.Context, e app.Event) { w.focus(t.ID) }, app.EventScope(t.ID)).
		OnKeyDown(func(ctx app.Context, e app.Event) { w.onSessionKey(ctx, e, t.Index) }, app.EventScope(t.ID, t.Index)).
		Body(
			drawn("session-icon", initials),
			app.If(t.Dirty, func() app.UI {
				return app.Span().Class("session-dirty").Aria("hidden", "true").Title(kit.T("session.unsaved"))
			}),
			app.If(t.Alert, func() app.UI { return drawn("session-alert", "!") }),
			app.If(t.Unread > 0, func() app.UI { return drawn("session-unread", unreadBadge(t.Unread)) }),
			app.Span().Class("session-text").Aria("hidden", "true").Body(
				app.Span().Class("session-line").Body(
					app.Span().Class("session-title").Text(title),
					app.If(t.Waited != "", func() app.UI {
						return app.Span().Class("session-wait").DataSet("text", t.Waited)
					}),
				),
				app.If(t.Preview != "", func() app.UI {
					return app.Span().Class("session-preview").DataSet("text", t.Preview)
				}),
			),
		)
}

// description is what the second line and the wait say, for screen readers.
func (t *sessionTab) description() string {
	switch {
	case t.Waited == "":
		return t.Preview
	case t.Preview == "":
		return kit.T("session.waited", t.Waited)
	}
	return t.Preview + " · " + kit.T("session.waited", t.Waited)
}

// drawn is a hidden-from-screen-readers piece of a tab whose text the
// stylesheet draws from data-text; the same text is kept visually hidden.
func drawn(class, text string) app.UI {
	return app.Span().Class(class+" drawn").Aria("hidden", "true").DataSet("text", text).Body(
		app.Span().Class("visually-hidden").Text(text),
	)
}

// sessionClose is a session's X, beside its tab rather than inside the tab
// list, which holds tabs only; it lines up with its tab row by row.
func (w *Workspace) sessionClose(id, title string, selected bool) app.UI {
	return app.Div().Class("session-close-slot").Body(
		app.Button().Class("session-close").Aria("label", kit.T("session.close", title)).Title(kit.T("session.close", title)).
			TabIndex(tabIndex(selected)).Text("×").
			OnClick(func(ctx app.Context, e app.Event) {
				e.StopImmediatePropagation()
				w.askClose(id)
			}, app.EventScope(id)),
	)
}
