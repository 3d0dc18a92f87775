package agent

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/workspace"
)

func logID(x *workspace.Session) string { return "log-" + x.ID }

// keepScroll follows new messages when the agent was at the bottom, and
// otherwise holds the place they were reading.
func (w *Workspace) keepScroll(x *workspace.Session) {
	id, at, pos := logID(x), x.AtBottom, x.Scroll
	w.self.Defer(func(app.Context) {
		el := app.Window().GetElementByID(id)
		if !el.Truthy() {
			return
		}
		if at {
			el.Set("scrollTop", el.Get("scrollHeight"))
		} else {
			el.Set("scrollTop", pos)
		}
	})
}

// restoreScroll puts the focused session's transcript where it was left
// [S12]; a hidden element has no scroll position of its own to keep.
func (w *Workspace) restoreScroll() {
	if x := w.store.FocusedSession(); x != nil && x.Conversation != 0 {
		w.keepScroll(x)
	}
}

// onScroll records where the agent is reading.
func (w *Workspace) onScroll(x *workspace.Session) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		el := ctx.JSSrc()
		top, height, client := el.Get("scrollTop").Int(), el.Get("scrollHeight").Int(), el.Get("clientHeight").Int()
		if x.ID == w.store.Focused() {
			x.Scroll, x.AtBottom = top, top+client >= height-scrollSlackPx
			w.save()
		}
		ctx.PreventUpdate()
	}
}
