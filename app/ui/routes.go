// Package ui declares the pages, one package each: the agent workspace
// (agent), the customer chat (chat), the supervisor's view (supervise) and
// the administrator's page (admin),
// which share the components and helpers of kit. Components stay thin:
// state and its rules live in app/workspace and app/live.
package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/admin"
	"github.com/switchboard-cx/switchboard/app/ui/agent"
	"github.com/switchboard-cx/switchboard/app/ui/chat"
	"github.com/switchboard-cx/switchboard/app/ui/supervise"
)

// Register declares every page. Both mains call it: the server to prerender,
// the browser to run.
func Register() {
	app.Route("/", func() app.Composer { return &agent.Workspace{} })
	app.Route("/chat", func() app.Composer { return &chat.Chat{} })
	app.Route("/admin", func() app.Composer { return &admin.Admin{} })
	app.Route("/supervise", func() app.Composer { return &supervise.Supervise{} })
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
