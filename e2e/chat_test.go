package e2e

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	agentEmail    = "agent@example.com"
	agentName     = "Alex Agent"
	agentPassword = "correct horse battery staple"

	firstMessage = "Hello, my order is late"
)

// The parts of the pages that the tests talk about, as the UI contract names
// them.
var (
	sessionsNav   = byRole("navigation", "Sessions")
	sessionTabs   = byRole("tab", "").in(byRole("tablist", "").in(sessionsNav))
	openWorkItems = byRole("region", "Open work items")
	commPanel     = byRole("region", "Communication panel")
	connection    = byRole("status", "Connection")

	// transcript is the customer's conversation on /chat.
	transcript = byRole("log", "Conversation")
	// agentTranscript is the conversation of the agent's open session.
	agentTranscript = byRole("log", "Conversation").in(commPanel)
)

func TestCustomerAndAgentChatLive(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)

	// A customer on a phone writes first.
	customer := newBrowser(t)
	setPhoneViewport(customer)
	open(customer, srv.URL+"/chat")
	customerSends(customer, firstMessage)

	// The agent signs in and picks the conversation from the open work.
	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)
	pick(t, agent, "Visitor 1", firstMessage)

	// They talk, live, with no reload on either side.
	agentSends(agent, "Sorry about that, let me check.")
	waitMessage(customer, transcript, "Sorry about that, let me check.")
	waitTextIn(customer, transcript, agentName)

	customerSends(customer, "Thanks")
	waitMessage(agent, agentTranscript, "Thanks")

	setViewport(agent, 1280, 800)
	screenshot(t, agent, "workspace-conversation")
	screenshot(t, customer, "chat-phone")
}

func TestAgentReconnectsAfterServerRestartWithoutGapsOrDuplicates(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)

	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, firstMessage)

	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)
	pick(t, agent, "Visitor 1", firstMessage)
	waitExactText(agent, connection, "Connected")
	recordTexts(agent, connection)

	// The server restarts under both open pages.
	srv.restart(t)

	// The customer goes on writing. The client may still be reconnecting: it
	// queues what is typed, so each message shows in the customer's own
	// transcript at once. The last one is sent with Enter.
	customerSends(customer, "one")
	customerSends(customer, "two")
	fillIn(customer, byLabel("Type your message"), "three")
	pressEnter(customer)
	waitMessage(customer, transcript, "three")

	// The agent reconnects by itself and gets everything.
	waitExactText(within(agent, 90*time.Second), connection, "Connected")
	for _, m := range []string{"one", "two", "three"} {
		waitMessage(within(agent, 90*time.Second), agentTranscript, m)
	}
	statuses := recordedTexts(agent, connection)
	assert.Truef(t, slices.ContainsFunc(statuses, func(s string) bool { return s != "Connected" }),
		"the agent's Connection status never left Connected during the restart: %s", quote(statuses))
	assert.Equal(t, "Connected", statuses[len(statuses)-1], "the agent's last Connection status; all: %s", quote(statuses))

	// A round trip after the reconnect: anything replayed twice is there by
	// the time the answer has reached the customer.
	agentSends(agent, "Got all three.")
	waitMessage(customer, transcript, "Got all three.")

	want := []string{firstMessage, "one", "two", "three", "Got all three."}
	requireOnceInOrder(t, "agent", blockTexts(agent, agentTranscript), want)
	requireOnceInOrder(t, "customer", blockTexts(customer, transcript), want)
}

func TestSignInRefusesWrongPassword(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)

	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	fill(agent, "Email", agentEmail)
	fill(agent, "Password", "not the password")
	click(agent, "button", "Sign in")

	waitText(agent, "alert", "", "Wrong email or password.")
	assert.False(t, isVisible(agent, sessionsNav), "the Sessions navigation shows after a wrong password")
	waitVisible(agent, byRole("button", "Sign in"))
}

// signIn signs in on the workspace and waits for the sessions bar, whose
// first tab is Home.
func signIn(ctx context.Context, email, password string) {
	b := from(ctx)
	b.t.Helper()
	fill(ctx, "Email", email)
	fill(ctx, "Password", password)
	click(ctx, "button", "Sign in")
	waitVisible(ctx, byRole("tab", "Home").in(sessionsNav))
	waitVisible(ctx, byRole("button", "Sign out"))
	tabs := names(ctx, sessionTabs)
	require.NotEmpty(b.t, tabs, "session tabs")
	require.Equal(b.t, "Home", tabs[0], "the first session tab; all: %s", quote(tabs))
}

// pick finds the conversation in Open work items with its last message, picks
// it with More options → Pick, and checks that it opens in a selected tab
// named by its title with its transcript.
func pick(t *testing.T, agent context.Context, title, lastMessage string) {
	t.Helper()
	row := byRole("row", "").withText(title).in(openWorkItems)
	waitTextIn(agent, row, lastMessage)
	clickOn(agent, byRole("button", "More options").in(row))
	clickOn(agent, byRole("menuitem", "Pick").in(byRole("menu", "")))

	tab := byRole("tab", title).in(sessionsNav)
	waitAttr(agent, tab, "aria-selected", "true")
	waitExactText(agent, byCSS(".session-icon").in(tab), title[:2])
	waitMessage(agent, agentTranscript, lastMessage)
}

// customerSends writes a message on /chat with the Send button and waits
// until it shows in the customer's own transcript.
func customerSends(customer context.Context, text string) {
	from(customer).t.Helper()
	fill(customer, "Type your message", text)
	click(customer, "button", "Send")
	waitMessage(customer, transcript, text)
}

// agentSends writes a message in the open session with the Send button and
// waits until it shows in the agent's transcript.
func agentSends(agent context.Context, text string) {
	from(agent).t.Helper()
	fillIn(agent, byLabel("Type your message").in(commPanel), text)
	clickOn(agent, byRole("button", "Send").in(commPanel))
	waitMessage(agent, agentTranscript, text)
}

// requireOnceInOrder checks that each wanted message is in the transcript's
// texts exactly once, and in this order.
func requireOnceInOrder(t *testing.T, who string, got, want []string) {
	t.Helper()
	last := -1
	for _, m := range want {
		n := count(got, m)
		require.Equalf(t, 1, n, "the %s's transcript has %q %d times, want once; its texts: %s", who, m, n, quote(got))
		i := slices.Index(got, m)
		require.Greaterf(t, i, last, "the %s's transcript has %q out of order; its texts: %s", who, m, quote(got))
		last = i
	}
}
