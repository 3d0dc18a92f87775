package agent

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// commView and appsView are a session's communication panel and app tabs,
// as components: go-app renders a child component again only when one of
// its exported fields changed, so with every session mounted, a render of
// the workspace no longer rebuilds and diffs the view of each open session.
// What a view shows changes with the session (Revision, see
// workspace.Store.Changed) or with what every session may show (Epoch, see
// Workspace.Render); the view itself reads the workspace.
type commView struct {
	app.Compo

	Session  string
	Epoch    int
	Revision int

	w *Workspace // set at creation; go-app never copies unexported fields
}

func (v *commView) Render() app.UI {
	x, ok := v.w.store.Session(v.Session)
	if !ok {
		return app.Section().Class("comm")
	}
	return v.w.renderCommPanel(x)
}

type appsView struct {
	app.Compo

	Session  string
	Epoch    int
	Revision int

	w *Workspace
}

func (v *appsView) Render() app.UI {
	x, ok := v.w.store.Session(v.Session)
	if !ok {
		return app.Div().Class("apps")
	}
	return v.w.renderApps(x)
}
