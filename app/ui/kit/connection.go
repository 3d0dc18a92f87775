package kit

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
)

// ConnectionStatus is the per-window connection indicator.
func ConnectionStatus(s live.State) app.UI {
	class := "conn conn-wait"
	switch s {
	case live.Connected:
		class = "conn conn-ok"
	case live.Offline:
		class = "conn conn-off"
	}
	return app.Span().Class(class).Role("status").Aria("label", T("connection")).Body(
		app.Span().Class("conn-dot").Aria("hidden", "true"),
		app.Span().Class("conn-text").Text(T(connectionKeys[s])),
	)
}

// OnResume calls f on the UI goroutine whenever the page comes back from
// being frozen or from the back-forward cache, or the network returns: the
// moments when its live connection may have died unseen (live.Client.Wake).
// It returns the function that stops listening.
func OnResume(ctx app.Context, f func()) func() {
	h := app.FuncOf(func(this app.Value, args []app.Value) any {
		e := args[0]
		if e.Get("type").String() == "pageshow" && !e.Get("persisted").Bool() {
			return nil // a first load, not a return
		}
		ctx.Dispatch(func(app.Context) { f() })
		return nil
	})
	win := app.Window()
	doc := win.Get("document")
	doc.Call("addEventListener", "resume", h)
	win.Call("addEventListener", "pageshow", h)
	win.Call("addEventListener", "online", h)
	return func() {
		doc.Call("removeEventListener", "resume", h)
		win.Call("removeEventListener", "pageshow", h)
		win.Call("removeEventListener", "online", h)
		h.Release()
	}
}

// connectionKeys word each connection state.
var connectionKeys = map[live.State]string{
	live.Connecting: "conn.connecting", live.Connected: "conn.connected", live.Reconnecting: "conn.reconnecting",
	live.Offline: "conn.offline", live.SignedOut: "conn.signedout",
}
