package agent

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// renderLanguage is the header's language button and its menu [L1]: the
// button names the page's language in it ("Language: English", "Valoda:
// latviešu"), each item a language in its own words.
func (w *Workspace) renderLanguage() app.UI {
	const menuID = "language"
	open := w.menu == menuID
	label := kit.T("language.label")
	return app.Div().Class("menu-anchor").Body(
		// Named by its text, which a phone hides visually behind a globe.
		app.Button().Class("btn btn-quiet language").Title(label).
			Aria("haspopup", "menu").Aria("expanded", kit.BoolText(open)).
			OnClick(func(ctx app.Context, e app.Event) { w.toggleMenu(menuID) }).Body(
			app.Span().Class("language-icon").Aria("hidden", "true"),
			app.Span().Class("language-text").Text(label),
		),
		app.If(open, func() app.UI {
			items := make([]app.UI, 0, len(kit.Languages))
			for _, l := range kit.Languages {
				items = append(items, app.Button().Role("menuitemradio").Class("menu-item").
					Aria("checked", kit.BoolText(kit.Current() == l)).Lang(string(l)).Text(l.Name()).
					OnClick(func(ctx app.Context, e app.Event) { w.setLanguage(l) }, app.EventScope(string(l))))
			}
			return app.Div().Role("menu").Class("menu menu-right").Aria("label", kit.T("language.menu")).Body(items...)
		}),
	)
}

// setLanguage saves the agent's choice on the server, so it follows them to
// another browser, then shows the page again in it: every component renders
// its texts anew, and drafts and sessions are saved across a reload anyway.
func (w *Workspace) setLanguage(l kit.Language) {
	w.menu = ""
	if l == kit.Current() {
		return
	}
	ctx := w.self
	ctx.Async(func() {
		err := kit.Call(ctx, "PUT", "/api/me/language", wire.LanguageChoice{Language: string(l)}, nil)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.flush()
			kit.RememberLanguage(l)
			ctx.Reload()
		})
	})
}
