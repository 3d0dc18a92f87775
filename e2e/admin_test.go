package e2e

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// Administrators change settings, quick replies and agents on /admin;
// agents are kept out; a new session limit reaches the agents [A1, A2].
func TestAdministration(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "dana@example.com", "Dana Admin", "admin", agentPassword)
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)

	// An agent sees no Admin link, and the page refuses them.
	require.False(t, isVisible(agent, byRole("link", "Admin")))
	open(agent, srv.URL+"/admin")
	waitText(agent, "alert", "", "Only administrators can see this page.")
	require.False(t, isVisible(agent, byRole("region", "Settings")))
	open(agent, srv.URL+"/")
	waitVisible(agent, closedWork)

	admin := newBrowser(t)
	open(admin, srv.URL+"/")
	signIn(admin, "dana@example.com", agentPassword)
	click(admin, "link", "Admin")
	settings := byRole("region", "Settings")
	waitVisible(admin, settings)

	// A session limit of 3 (Home and two more), and no Closed work items.
	fillIn(admin, byLabel("Session limit (including Home)").in(settings), "3")
	clickOn(admin, byLabel("Closed work items").in(settings))
	clickOn(admin, byRole("button", "Save").in(settings))
	waitText(admin, "status", "", "Saved.")

	// A quick reply and a new agent.
	replies := byRole("region", "Quick replies")
	fillIn(admin, byLabel("Title").in(replies), "Shipping times")
	fillIn(admin, byLabel("Text ({customer} and {agent} are filled in)").in(replies), "Hi {customer}, parcels arrive in 2 to 4 working days.")
	clickOn(admin, byRole("button", "Add").in(replies))
	waitTextIn(admin, replies, "parcels arrive in 2 to 4 working days")
	agents := byRole("region", "Agents")
	fillIn(admin, byLabel("Email").in(agents), "cleo@example.com")
	fillIn(admin, byLabel("Full name").in(agents), "Cleo Agent")
	fillIn(admin, byLabel("Password").in(agents), "a long enough password")
	choose(admin, byLabel("Role").in(agents), "Supervisor")
	clickOn(admin, byRole("button", "Add").in(agents))
	waitTextIn(admin, agents, "cleo@example.com")
	role, err := chromedp.Run(admin, chromedp.Evaluate[string](
		`document.querySelector('select[aria-label="Role of Cleo Agent"]').value`))
	require.NoError(t, err)
	require.Equal(t, "supervisor", role, "Cleo was added as a supervisor [T4]")
	clickOn(admin, byRole("button", "Reset password of Cleo Agent").in(agents))
	reset := byRole("form", "Reset password").in(agents)
	waitTextIn(admin, reset, "Reset the password of Cleo Agent")
	fillIn(admin, byLabel("New password").in(reset), "another long password")
	clickOn(admin, byRole("button", "Set password").in(reset))
	waitGone(admin, reset)
	setViewport(admin, 1280, 800)
	chromedp.Run(admin, chromedp.Evaluate[bool](`window.scrollTo(0, 0), document.querySelector('.admin-app').scrollTo(0, 0), true`))
	screenshot(t, admin, "admin")

	// A knowledge article.
	articles := byRole("region", "Knowledge articles")
	fillIn(admin, byLabel("Article title").in(articles), "Gift wrapping")
	fillIn(admin, byLabel("Summary").in(articles), "Any order can be gift wrapped for 3 EUR.")
	fillIn(admin, byLabel("Article text").in(articles), "Choose gift wrapping at checkout.")
	fillIn(admin, byLabel("Link (https://…)").in(articles), "https://help.example.com/articles/gift-wrapping")
	clickOn(admin, byRole("button", "Add").in(articles))
	waitTextIn(admin, articles, "Gift wrapping")

	// Cleo signs in with the password the administrator set.
	cleo := newBrowser(t)
	open(cleo, srv.URL+"/")
	signIn(cleo, "cleo@example.com", "another long password")
	waitVisible(cleo, home)

	// The agent's open workspace takes the new limit and streams at once.
	waitGone(agent, closedWork)
	waitVisible(agent, openWorkItems)
	for i := 2; i <= 3; i++ {
		clickOn(agent, home)
		click(agent, "button", "New case")
		waitCount(agent, sessionTabs, i)
	}
	clickOn(agent, home)
	click(agent, "button", "New case")
	waitText(agent, "alert", "", "Maximum sessions reached. Close a session before opening another.")
	require.Len(t, names(agent, sessionTabs), 3)
}

// The forms on /admin show only once everything they edit has arrived, so a
// slow answer never overwrites what the administrator typed: the session
// limit typed as 3 stays 3, not "10" or "103" [A1; bad input: a late answer].
func TestAdminFormsWaitForTheirData(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "dana@example.com", "Dana Admin", "admin", agentPassword)
	hold, held := newHoldOnce(t, srv.URL, "/api/settings")
	// In front of the hold: a signal once the page's last list has been
	// answered, so the page has rendered whatever it renders early.
	u, err := url.Parse(held)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(u)
	articles := make(chan struct{})
	var once sync.Once
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxy.ServeHTTP(w, r)
		if r.URL.Path == "/api/admin/articles" {
			once.Do(func() { close(articles) })
		}
	}))
	t.Cleanup(front.Close)

	admin := newBrowser(t)
	open(admin, front.URL+"/")
	signIn(admin, "dana@example.com", agentPassword)
	open(admin, front.URL+"/admin")
	for _, signal := range []chan struct{}{hold.held, articles} {
		select {
		case <-signal:
		case <-time.After(readyTimeout):
			t.Fatal("/admin never asked for its settings and lists")
		}
	}
	waitTextIn(admin, byCSS(".splash"), "Loading")
	require.False(t, isVisible(admin, byRole("region", "Settings")), "the settings form showed before the settings arrived")

	close(hold.release)
	settings := byRole("region", "Settings")
	fillIn(admin, byLabel("Session limit (including Home)").in(settings), "3")
	clickOn(admin, byRole("button", "Save").in(settings))
	waitText(admin, "status", "", "Saved.")
	waitValue(admin, byLabel("Session limit (including Home)").in(settings), "3")
}
