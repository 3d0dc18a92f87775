package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// An administrator resets an agent's password while the agent's workspace
// is open: the window goes to sign-in at once and says why, instead of
// working on with the old sign-in; the new password signs in again
// [security].
func TestWorkspaceGoesToSignInWhenItsSignInEnds(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "admin@example.com", "Ada Admin", "admin", agentPassword)
	admin := newAdminAPI(t, srv, "admin@example.com", agentPassword)
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	const newPassword = "a brand new passphrase"
	resetPassword(t, admin, agentEmail, newPassword)

	waitTextIn(agent, byRole("alert", ""), "Your sign-in has ended. Sign in again.")
	waitVisible(agent, byRole("button", "Sign in"))
	waitGone(agent, byRole("button", "Sign out"))
	screenshot(t, agent, "signed-out-by-password-reset")
	signIn(agent, agentEmail, newPassword)
}

// resetPassword sets the password of the agent with email, as an
// administrator does on /admin.
func resetPassword(t *testing.T, admin *adminAPI, email, password string) {
	t.Helper()
	var list []wire.AdminAgent
	admin.send("GET", "/api/admin/agents", nil, &list)
	var id int64
	for _, a := range list {
		if a.Email == email {
			id = a.ID
		}
	}
	require.NotZero(t, id, "no agent %s", email)
	admin.send("POST", "/api/admin/agents/"+strconv.FormatInt(id, 10)+"/password", map[string]string{"password": password}, nil)
}

// An answer asked for before the sign-in ended that comes after it is
// dropped: here the workspace's settings, answered by the server before an
// administrator reset the password and reaching the page only once it is
// back at sign-in. The app must not apply them to the workspace it no
// longer has (it stopped with a nil pointer, in CI), and the agent signs in
// again [security; bad input: a late answer].
func TestAnAnswerAfterTheSignInEndedIsDropped(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "admin@example.com", "Ada Admin", "admin", agentPassword)
	admin := newAdminAPI(t, srv, "admin@example.com", agentPassword)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)
	hold, base := newHoldOnce(t, srv.URL, "/api/settings")
	hold.answered = true
	agent := newBrowser(t)
	open(agent, base+"/")
	signIn(agent, agentEmail, agentPassword)
	select {
	case <-hold.held:
	case <-time.After(readyTimeout):
		t.Fatal("the workspace never asked for its settings")
	}

	const newPassword = "a brand new passphrase"
	resetPassword(t, admin, agentEmail, newPassword)
	waitTextIn(agent, byRole("alert", ""), "Your sign-in has ended. Sign in again.")
	close(hold.release)

	signIn(agent, agentEmail, newPassword)
	waitVisible(agent, byRole("button", "Presence: Available"))
	for _, e := range consoleErrors(agent) {
		require.NotContains(t, e, "panic", "the late answer stopped the app")
	}
}

// A customer's long unbroken pre-chat answers wrap inside their own
// field of the Conversation summary instead of running over the others.
func TestLongPreChatAnswersStayInTheirFields(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "admin@example.com", "Ada Admin", "admin", agentPassword)
	admin := newAdminAPI(t, srv, "admin@example.com", agentPassword)
	var streams []map[string]any
	admin.send("GET", "/api/admin/workstreams", nil, &streams)
	require.NotEmpty(t, streams)
	chat := streams[0]
	chat["preChat"] = true
	delete(chat, "hasSecret")
	admin.send("PUT", "/api/admin/workstreams/"+jsonNumber(chat["id"]), chat, nil)
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)

	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	name := strings.Repeat("N", wire.MaxPreChatRunes)
	email := strings.Repeat("e", 150) + "@example.com"
	question := strings.Repeat("Q", 1000)
	fill(customer, "Your name", name)
	fill(customer, "Your email", email)
	customerSends(customer, question)
	accepts(t, agent, "Visitor 1", question)
	for _, s := range []string{name, email} {
		waitTextIn(agent, activeConversation, s)
	}

	setViewport(agent, 1280, 800)
	overflowing, err := chromedp.Run(agent, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.fields .field')].filter(f => {
		const box = f.getBoundingClientRect(), all = f.closest('.fields').getBoundingClientRect();
		const dd = f.querySelector('dd');
		return dd.scrollWidth > dd.clientWidth + 1 || box.right > all.right + 1 ||
			dd.getBoundingClientRect().right > box.right + 1;
	}).map(f => f.querySelector('dt').textContent)`))
	require.NoError(t, err)
	require.Empty(t, overflowing, "fields whose answer runs out of them")
	screenshot(t, agent, "long-pre-chat-answers")
}
