package e2e

import (
	"testing"
)

// An unhappy customer in an unfocused session raises the alert on its icon;
// focusing it shows the level and the message that took it there; calm
// messages clear it [M3, S15].
func TestSentimentAlert(t *testing.T) {
	srv := startServer(t)
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	first, second := newBrowser(t), newBrowser(t)
	open(first, srv.URL+"/chat")
	customerSends(first, "Hello, I have a question about my order")
	accepts(t, agent, "Visitor 1", "Hello, I have a question about my order")
	open(second, srv.URL+"/chat")
	customerSends(second, "Hi there")
	accepts(t, agent, "Visitor 2", "Hi there")

	// Visitor 1, unfocused, gets angry.
	customerSends(first, "This is the third time I'm asking. Where is my order?!")
	customerSends(first, "Your service is terrible, I want a refund NOW")
	customerSends(first, "I am extremely angry, nobody answers me")
	visitor1 := byRole("tab", "Visitor 1").in(sessionsNav)
	waitExactText(agent, byCSS(".session-alert").in(visitor1), "!")
	waitAttr(agent, visitor1, "title",
		"Visitor 1. Your conversation urgently needs attention. 3 new updates in your conversation.")
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "workspace-alert")

	// Focused: the level, and the message that took it there.
	clickOn(agent, visitor1)
	waitGone(agent, byCSS(".session-alert").in(visitor1))
	waitVisible(agent, byRole("status", "").in(commPanel).withText("egative")) // Negative or Very negative
	waitTextIn(agent, byCSS(".msg-trigger"), "Your service is terrible, I want a refund NOW")

	// Unfocused again, the customer calms down: the alert goes.
	clickOn(agent, byRole("tab", "Visitor 2").in(sessionsNav))
	customerSends(first, "Thank you, that helps a lot")
	customerSends(first, "Great, that solved it, thanks!")
	waitAttr(agent, visitor1, "title", "Visitor 1. 2 new updates in your conversation.")
	waitGone(agent, byCSS(".session-alert").in(visitor1))
}
