package e2e

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

var transferDialog = byRole("dialog", "Transfer conversation")

// transfers opens the Transfer conversation dialog from the communication
// panel, or with /t in the composer, and sends the conversation to target
// (an agent or a queue) with a note.
func transfers(t *testing.T, agent context.Context, slash bool, target, note string) {
	t.Helper()
	if slash {
		fillIn(agent, byLabel("Type your message").in(commPanel), "/t")
		pressEnter(agent)
	} else {
		clickOn(agent, byRole("button", "Transfer").in(commPanel))
	}
	clickOn(agent, byRole("radio", target).in(transferDialog))
	if note != "" {
		fillIn(agent, byLabel("Note to the next agent").in(transferDialog), note)
	}
	clickOn(agent, byRole("button", "Transfer").in(transferDialog))
	waitGone(agent, transferDialog)
}

// Alex hands a chat to Bo with a note; hands another to Bo, who rejects
// it, so it comes back; then sends it to the queue, which routes it [T1].
func TestTransfer(t *testing.T) {
	srv := startServer(t)
	alex := signedInAgent(t, srv, "alex@example.com", "Alex Agent", 100)
	setViewport(alex, 1280, 800)
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "My parcel is lost")
	accepts(t, alex, "Visitor 1", "My parcel is lost")
	agentSends(alex, "Let me find someone from shipping.")
	bo := signedInAgent(t, srv, "bo@example.com", "Bo Agent", 100)

	// The dialog lists Bo, who could take it, and the queues.
	clickOn(alex, byRole("button", "Transfer").in(commPanel))
	waitVisible(alex, byRole("radio", "Bo Agent").in(transferDialog))
	waitVisible(alex, byRole("radio", "Chat").in(transferDialog))
	require.False(t, isVisible(alex, byRole("radio", "Alex Agent").in(transferDialog)), "Alex is not offered his own chat")
	clickOn(alex, byRole("radio", "Bo Agent").in(transferDialog))
	fillIn(alex, byLabel("Note to the next agent").in(transferDialog), "Parcel 7781, lost in Riga depot")
	screenshot(t, alex, "transfer-dialog")
	setPhoneViewport(alex)
	screenshot(t, alex, "transfer-dialog-phone")
	setViewport(alex, 1280, 800)
	clickOn(alex, byRole("button", "Transfer").in(transferDialog))
	waitGone(alex, transferDialog)
	waitTextIn(alex, byRole("alert", ""), "Visitor 1 is offered to Bo Agent.")

	// Bo is offered it as a transfer, with the note, and takes it.
	waitTextIn(bo, offer, "Transfer from Alex Agent")
	waitTextIn(bo, offer, "Parcel 7781, lost in Riga depot")
	accepts(t, bo, "Visitor 1", "My parcel is lost")
	waitMessage(bo, agentTranscript, "Let me find someone from shipping.")
	waitTextIn(bo, byCSS(".msg-note").withText("Parcel 7781, lost in Riga depot").in(agentTranscript), "Internal note")
	waitTextIn(bo, agentTranscript, "Alex Agent transferred the conversation to Bo Agent.")

	// The customer sees only Bo join; Alex's session of it is gone.
	waitMessage(customer, transcript, "Bo Agent joined the chat.")
	require.False(t, pageHolds(t, customer, "Riga depot"), "the customer's page holds the note")
	require.False(t, pageHolds(t, customer, "transferred the conversation"), "the customer's page holds the transfer line")
	waitGone(alex, byRole("tab", "Visitor 1").in(sessionsNav))
	waitTextIn(alex, byRole("alert", ""), "Visitor 1 is now with Bo Agent.")

	// Rejected: the second chat comes back to Alex, who is told.
	second := newBrowser(t)
	open(second, srv.URL+"/chat")
	customerSends(second, "Can I change my address?")
	accepts(t, alex, "Visitor 2", "Can I change my address?")
	transfers(t, alex, true, "Bo Agent", "")
	waitTextIn(bo, offer, "Transfer from Alex Agent")
	clickOn(bo, byRole("button", "Reject").in(offer))
	waitGone(bo, offer)
	waitTextIn(alex, byRole("alert", ""), "Bo Agent declined the transfer: Visitor 2 stays with you.")
	waitTextIn(alex, agentTranscript, "Bo Agent declined the transfer.")
	waitAttr(alex, byRole("tab", "Visitor 2").in(sessionsNav), "aria-selected", "true")
	agentSends(alex, "Still here, one moment.")
	waitMessage(second, transcript, "Still here, one moment.")

	// To the queue: it leaves Alex, who takes no more work, and is routed
	// to Bo.
	click(alex, "button", "Presence: Busy")
	click(alex, "menuitemradio", "Do not disturb")
	waitVisible(alex, byRole("button", "Presence: Do not disturb"))
	transfers(t, alex, false, "Chat", "Address change, needs billing")
	waitGone(alex, byRole("tab", "Visitor 2").in(sessionsNav))
	waitTextIn(alex, byRole("alert", ""), "Visitor 2 went back to the Chat queue.")
	accepts(t, bo, "Visitor 2", "Can I change my address?")
	waitTextIn(bo, agentTranscript, "Alex Agent transferred the conversation to the Chat queue.")
	waitTextIn(bo, byCSS(".msg-note").withText("Address change, needs billing").in(agentTranscript), "Internal note")
	waitMessage(second, transcript, "Bo Agent joined the chat.")
	require.False(t, pageHolds(t, second, "needs billing"), "the customer's page holds the note")
}
