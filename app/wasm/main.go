// Command wasm is the browser's main. It imports only client code, which keeps
// the server (SQLite, bcrypt, the relay) out of app.wasm.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

func main() {
	kit.StartLanguage()
	ui.Register()
	app.RunWhenOnBrowser()
}
