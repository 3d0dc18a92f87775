package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

const privateNote = "Refund already approved by finance, ticket 4471"

// pageHolds reports whether text is anywhere in the page: its DOM, its
// local and session storage.
func pageHolds(t *testing.T, ctx context.Context, text string) bool {
	t.Helper()
	all, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML +
		JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage))`))
	require.NoError(t, err)
	return strings.Contains(all, text)
}

// An agent writes an internal note beside the reply [T3]: it is labelled
// and looks apart, stays with the conversation over a reload, and never
// reaches the customer, not even after theirs.
func TestInternalNoteStaysWithAgents(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)

	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, firstMessage)

	agent := newBrowser(t)
	setViewport(agent, 1280, 800)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)
	pick(t, agent, "Visitor 1", firstMessage)

	toggle := byRole("button", "Internal note").in(commPanel)
	waitAttr(agent, toggle, "aria-pressed", "false")
	clickOn(agent, toggle)
	waitAttr(agent, toggle, "aria-pressed", "true")
	agentSends(agent, privateNote)
	note := byCSS(".msg-note").withText(privateNote).in(agentTranscript)
	waitTextIn(agent, note, "Internal note")

	clickOn(agent, toggle)
	waitAttr(agent, toggle, "aria-pressed", "false")
	agentSends(agent, "Good news: your refund is on its way.")
	waitMessage(customer, transcript, "Good news: your refund is on its way.")
	require.False(t, pageHolds(t, customer, privateNote), "the customer's page holds the internal note")
	screenshot(t, agent, "workspace-internal-note")

	// Both reload: the agent still has the note, the customer still not.
	open(agent, srv.URL+"/")
	waitTextIn(agent, byCSS(".msg-note").withText(privateNote).in(agentTranscript), "Internal note")
	open(customer, srv.URL+"/chat")
	waitMessage(customer, transcript, "Good news: your refund is on its way.")
	waitMessage(customer, transcript, firstMessage)
	require.False(t, pageHolds(t, customer, privateNote), "the customer's page holds the internal note after a reload")
	require.NotContains(t, blockTexts(customer, transcript), "Internal note")
}
