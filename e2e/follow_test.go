package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// The workspace follows the agent [S13]: a draft and an unsaved case title
// typed on one computer are there when the agent signs in on another, a
// browser with a fresh profile (nothing in its storage). Closing a session
// there discards it on the first computer too.
func TestSessionsFollowTheAgent(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)
	first := newBrowser(t)
	open(first, srv.URL+"/")
	signIn(first, agentEmail, agentPassword)

	click(first, "button", "New case")
	waitAttr(first, byRole("tab", "New case").in(sessionsNav), "aria-selected", "true")
	fillIn(first, caseTitle, "Printer on fire")
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, firstMessage)
	accepts(t, first, "Visitor 1", firstMessage)
	fillIn(first, composerBox, "I have found the")

	// The first computer saves on the server shortly after the typing
	// stops; wait until it has.
	api, err := agentClient(srv.URL, agentEmail)
	require.NoError(t, err)
	saved := func() string {
		var parts map[string]wire.WorkspacePart
		require.NoError(t, apiCall(api, "GET", srv.URL+"/api/workspace", nil, &parts))
		var all []string
		for _, p := range parts {
			all = append(all, p.Value)
		}
		return strings.Join(all, "\n")
	}
	require.Eventually(t, func() bool {
		s := saved()
		return strings.Contains(s, "Printer on fire") && strings.Contains(s, "I have found the")
	}, 30*time.Second, 100*time.Millisecond, "the server never had the draft and the case title")

	second := newBrowser(t) // its own allocator: a fresh user-data-dir
	open(second, srv.URL+"/")
	signIn(second, agentEmail, agentPassword)
	clickOn(second, byRole("tab", "Visitor 1").in(sessionsNav))
	waitValue(second, composerBox, "I have found the")
	waitMessage(second, agentTranscript, firstMessage)
	clickOn(second, byRole("tab", "New case").in(sessionsNav))
	waitValue(second, caseTitle, "Printer on fire")
	waitVisible(second, byCSS(".session-dirty").in(byRole("tab", "New case")))
	screenshot(t, second, "workspace-follows")

	// Closed on the second computer, the case is gone from the first at its
	// next load, its unsaved title with it.
	closeSession(second, "New case", "unsaved changes will be lost")
	require.Eventually(t, func() bool { return !strings.Contains(saved(), "Printer on fire") },
		30*time.Second, 100*time.Millisecond, "the server kept the closed session")
	open(first, srv.URL+"/")
	waitVisible(first, byRole("tab", "Visitor 1").in(sessionsNav))
	waitGone(first, byRole("tab", "New case").in(sessionsNav))
	clickOn(first, byRole("tab", "Visitor 1").in(sessionsNav))
	waitValue(first, composerBox, "I have found the")
}
