// Package ui holds the go-app components of the agent workspace and the
// customer chat. Components stay thin: state and its rules live in
// app/workspace and app/live.
package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Register declares every page. Both mains call it: the server to prerender,
// the browser to run.
func Register() {
	app.Route("/", func() app.Composer { return &Workspace{} })
	app.Route("/chat", func() app.Composer { return &Chat{} })
	app.Route("/admin", func() app.Composer { return &Admin{} })
}

// Resources resolves /web/ paths to themselves: the server serves them from
// the embedded files, so go-app must not read them from disk.
type Resources struct{}

// Resolve implements app.ResourceResolver.
func (Resources) Resolve(location string) string {
	if location == "" {
		return "/"
	}
	if strings.HasPrefix(location, "http://") || strings.HasPrefix(location, "https://") {
		return location
	}
	return "/" + strings.TrimPrefix(location, "/")
}
