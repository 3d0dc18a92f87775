package agent

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// presenceChoices is the presence menu [P1], in the order agents expect.
var presenceChoices = []string{
	wire.PresenceAvailable, wire.PresenceBusy, wire.PresenceDND, wire.PresenceAway, wire.PresenceOffline,
}

// presenceName is how a status is shown ("Presence: Do not disturb").
func presenceName(status string) string { return kit.T("presence." + status) }

func (w *Workspace) renderPresence() app.UI {
	const menuID = "presence"
	open := w.menu == menuID
	p := w.agent.Presence
	if p.Status == "" {
		p.Status = wire.PresenceOffline
	}
	return app.Div().Class("menu-anchor").Body(
		app.Button().Class("btn btn-quiet presence").Aria("label", kit.T("presence.label", presenceName(p.Status))).
			Aria("haspopup", "menu").Aria("expanded", kit.BoolText(open)).
			OnClick(func(ctx app.Context, e app.Event) {
				askNotificationPermission(ctx)
				w.toggleMenu(menuID)
			}).Body(
			app.Span().Class("presence-dot presence-"+p.Status).Aria("hidden", "true"),
			app.Span().Class("presence-text").Text(presenceName(p.Status)),
		),
		app.If(open, func() app.UI {
			items := make([]app.UI, 0, len(presenceChoices)+1)
			for _, s := range presenceChoices {
				// What the status means for offers is drawn from data-text and
				// read as the item's description, so its name stays the status.
				items = append(items, app.Button().Role("menuitemradio").Class("menu-item").
					Aria("checked", kit.BoolText(p.Status == s)).Aria("description", kit.T("presence.means."+s)).
					Body(
						app.Span().Class("presence-dot presence-"+s).Aria("hidden", "true"),
						app.Span().Class("presence-choice").Body(
							app.Span().Text(presenceChoice(s)),
							app.Span().Class("presence-means").Aria("hidden", "true").DataSet("text", kit.T("presence.means."+s)),
						),
					).
					OnClick(func(ctx app.Context, e app.Event) { w.setPresence(s) }, app.EventScope(s)))
			}
			if p.Manual {
				items = append(items, menuItem(kit.T("presence.auto"), func(ctx app.Context, e app.Event) { w.setPresence("auto") }))
			}
			return app.Div().Role("menu").Class("menu menu-right presence-menu").Aria("label", kit.T("presence.menu")).Body(items...)
		}),
	)
}

// presenceChoice names a status in the menu; offline is "Appear offline".
func presenceChoice(status string) string {
	if status == wire.PresenceOffline {
		return kit.T("presence.appearoffline")
	}
	return presenceName(status)
}

func (w *Workspace) setPresence(status string) {
	w.menu = ""
	ctx := w.self
	ctx.Async(func() {
		var p wire.Presence
		err := kit.Call(ctx, "PUT", "/api/presence", wire.PresenceInput{Status: status}, &p)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.agent.Presence = p
		})
	})
}

// reportSessionLimit tells the server when the session panel fills up or
// frees, so presence follows [S11, P2].
func (w *Workspace) reportSessionLimit() {
	full := w.store.Full()
	if full == w.atLimit {
		return
	}
	w.atLimit = full
	ctx := w.self
	ctx.Async(func() {
		err := kit.Call(ctx, "PUT", "/api/presence/session-limit", wire.SessionLimit{Reached: full}, nil)
		if err != nil {
			w.dispatch(ctx, func(app.Context) { w.fail(err) })
		}
	})
}
