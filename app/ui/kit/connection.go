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

// connectionKeys word each connection state.
var connectionKeys = map[live.State]string{
	live.Connecting: "conn.connecting", live.Connected: "conn.connected", live.Reconnecting: "conn.reconnecting",
	live.Offline: "conn.offline", live.SignedOut: "conn.signedout",
}
