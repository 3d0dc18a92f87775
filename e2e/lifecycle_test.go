package e2e

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

var closeDialog = byRole("dialog", "Close this session?")

// closeSession closes the selected session of a conversation with X, after
// checking that the dialog says what will happen to it [C5].
func closeSession(agent context.Context, title, says string) {
	from(agent).t.Helper()
	clickOn(agent, byRole("button", "Close session "+title))
	waitTextIn(agent, closeDialog, says)
	clickOn(agent, byRole("button", "Close").in(closeDialog))
	waitGone(agent, byRole("tab", title).in(sessionsNav))
}

// ends ends the focused conversation with End, confirming it [C4].
func ends(agent context.Context) {
	from(agent).t.Helper()
	clickOn(agent, byRole("button", "End").in(commPanel))
	dialog := byRole("alertdialog", "End this conversation?")
	waitTextIn(agent, dialog, "will be told that you ended the chat")
	clickOn(agent, byRole("button", "End").in(dialog))
	waitGone(agent, dialog)
}

// setUpAsAdmin signs an administrator in, opens /admin and returns there.
func setUpAsAdmin(t *testing.T, srv *server) context.Context {
	t.Helper()
	srv.addAgent(t, "dana@example.com", "Dana Admin", "admin", agentPassword)
	admin := newBrowser(t)
	open(admin, srv.URL+"/")
	signIn(admin, "dana@example.com", agentPassword)
	open(admin, srv.URL+"/admin")
	waitVisible(admin, byRole("region", "Settings"))
	return admin
}

// A live chat closed without End goes back to the queue and to another
// agent, with its history; after End the customer sees the chat is over and
// the next message starts a new conversation without the old history
// [C4, C5, C6].
func TestLiveChatClosedThenEnded(t *testing.T) {
	srv := startServer(t)
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)
	ben := signedInAgent(t, srv, "ben@example.com", "Ben Agent", 100)
	click(ben, "button", "Presence: Available")
	click(ben, "menuitemradio", "Away")
	waitVisible(ben, byRole("button", "Presence: Away"))

	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "My invoice shows the wrong address.")
	accepts(t, ana, "Visitor 1", "My invoice shows the wrong address.")
	agentSends(ana, "I will pass you to billing.")
	waitMessage(customer, transcript, "I will pass you to billing.")

	closeSession(ana, "Visitor 1", "goes back to the queue")
	waitMessage(customer, transcript, "Ana Agent left the chat. The conversation went back to the queue.")
	waitTextIn(customer, byCSS(".chat-state"), "Waiting for an agent")
	require.False(t, isVisible(ana, offer), "not offered back to the agent who let it go")

	click(ben, "button", "Presence: Away")
	click(ben, "menuitemradio", "Available")
	accepts(t, ben, "Visitor 1", "My invoice shows the wrong address.")
	waitMessage(ben, agentTranscript, "I will pass you to billing.")
	waitTextIn(customer, byCSS(".chat-state"), "You are chatting with Ben Agent")

	ends(ben)
	waitMessage(customer, transcript, "Ben Agent ended the chat.")
	waitTextIn(customer, byCSS(".chat-state"), "This chat has ended.")
	setPhoneViewport(customer)
	screenshot(t, customer, "chat-ended-phone")
	closeSession(ben, "Visitor 1", "will close")
	clickOn(ben, home)
	waitTextIn(ben, byRole("row", "").withText("Visitor 1").in(closedWork), "closed")

	customerSends(customer, "One more thing about my order.")
	agents := []context.Context{ana, ben}
	who := agents[waitOffered(t, agents, "Visitor 2")]
	accepts(t, who, "Visitor 2", "One more thing about my order.")
	require.NotContains(t, blockTexts(customer, transcript), "My invoice shows the wrong address.")
	require.NotContains(t, blockTexts(who, agentTranscript), "My invoice shows the wrong address.")
}

// A persistent chat the agent closes waits for the customer; when the
// customer comes back and writes, the same agent gets it with the whole
// history on both sides; once ended, the customer starts afresh [C6, A1].
func TestPersistentChatComesBackToTheSameAgent(t *testing.T) {
	srv := startServer(t)
	admin := setUpAsAdmin(t, srv)
	chat := byRole("form", "Chat")
	choose(admin, byLabel("Mode").in(chat), "Persistent")
	clickOn(admin, byRole("button", "Save").in(chat))
	waitText(admin, "status", "", "Saved.")
	closeBrowser(admin)

	ana, customer := agentInChat(t, srv, "ana@example.com", "Ana Agent", "Order 5512 has not arrived.")
	agentSends(ana, "I have asked the warehouse, I will write when I know more.")
	closeSession(ana, "Visitor 1", "waits for the customer to write again")

	waitTextIn(customer, byCSS(".chat-state"), "we will pick up where we left off")

	// The customer comes back later in the same browser.
	open(customer, srv.URL+"/chat")
	waitMessage(customer, transcript, "I have asked the warehouse, I will write when I know more.")
	waitMessage(customer, transcript, "Order 5512 has not arrived.")
	customerSends(customer, "Any news?")
	accepts(t, ana, "Visitor 1", "Any news?")
	for _, m := range []string{"Order 5512 has not arrived.", "I have asked the warehouse, I will write when I know more.", "The customer is back."} {
		waitMessage(ana, agentTranscript, m)
	}
	agentSends(ana, "It ships today.")
	waitMessage(customer, transcript, "It ships today.")
	setViewport(ana, 1280, 800)
	screenshot(t, ana, "persistent-chat-returns")

	// Solved: Ana ends it. The customer's next visit is a new conversation.
	ends(ana)
	waitTextIn(customer, byCSS(".chat-state"), "This chat has ended.")
	closeSession(ana, "Visitor 1", "will close")
	open(customer, srv.URL+"/chat")
	waitTextIn(customer, byCSS(".chat-state"), "Write your question below")
	customerSends(customer, "A different question.")
	accepts(t, ana, "Visitor 2", "A different question.")
	require.NotContains(t, blockTexts(customer, transcript), "It ships today.")
	require.NotContains(t, blockTexts(ana, agentTranscript), "It ships today.")
}

// When the customer's chat is gone for the disconnect window (set short on
// /admin), the active chat moves to wrap-up with a note [C7, C8].
func TestCustomerLeavesLiveChat(t *testing.T) {
	srv := startServer(t)
	admin := setUpAsAdmin(t, srv)
	settings := byRole("region", "Settings")
	fillIn(admin, byLabel("End a live chat when its customer is gone for (minutes)").in(settings), "0.05")
	clickOn(admin, byRole("button", "Save").in(settings))
	waitText(admin, "status", "", "Saved.")
	waitValue(admin, byLabel("End a live chat when its customer is gone for (minutes)").in(settings), "0.05")
	closeBrowser(admin)

	ana, customer := agentInChat(t, srv, "ana@example.com", "Ana Agent", "Quick question before I go.")
	closeBrowser(customer)

	waitMessage(ana, agentTranscript, "The customer left the chat.")
	waitGone(ana, byRole("button", "End").in(commPanel))
}
