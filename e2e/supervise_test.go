package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/require"
)

var (
	ongoing  = byRole("region", "Ongoing conversations")
	floorAll = byRole("region", "Agents")
	monitor  = byRole("region", "Monitor")
)

// A supervisor watches a live chat as it happens, unseen; assigns a queued
// chat to an agent who is full, once the overage is confirmed; and
// force-closes a chat [T4].
func TestSupervise(t *testing.T) {
	srv := startServer(t)
	alex := signedInAgent(t, srv, "alex@example.com", "Alex Agent", 20) // room for one chat
	first := newBrowser(t)
	open(first, srv.URL+"/chat")
	customerSends(first, "My card was charged twice")
	accepts(t, alex, "Visitor 1", "My card was charged twice")

	srv.addAgent(t, "sam@example.com", "Sam Supervisor", "supervisor", agentPassword)
	sam := newBrowser(t)
	setViewport(sam, 1280, 800)
	open(sam, srv.URL+"/")
	signIn(sam, "sam@example.com", agentPassword)
	click(sam, "link", "Supervise")
	row1 := byRole("row", "").withText("Visitor 1").in(ongoing)
	waitTextIn(sam, row1, "Alex Agent")
	waitTextIn(sam, byRole("row", "").withText("Alex Agent").in(floorAll), "20 / 20 units")

	// Monitor: the live transcript, read-only; nobody is told.
	clickOn(sam, byRole("button", "More options").in(row1))
	clickOn(sam, byRole("menuitem", "Monitor").in(byRole("menu", "")))
	waitMessage(sam, byRole("log", "Conversation").in(monitor), "My card was charged twice")
	customerSends(first, "Are you still there?")
	waitMessage(sam, byRole("log", "Conversation").in(monitor), "Are you still there?")
	agentSends(alex, "Yes, refunding it now.")
	waitMessage(sam, byRole("log", "Conversation").in(monitor), "Yes, refunding it now.")
	require.False(t, isVisible(sam, byLabel("Type your message")), "monitoring is read-only")
	waitMessage(first, transcript, "Yes, refunding it now.")
	require.False(t, pageHolds(t, alex, "Sam Supervisor"), "the agent is told of the monitor")
	require.False(t, pageHolds(t, first, "Sam Supervisor"), "the customer is told of the monitor")

	// A second chat waits: Alex is full. Filtered by status, it is alone.
	second := newBrowser(t)
	open(second, srv.URL+"/chat")
	customerSends(second, "I need an invoice")
	row2 := byRole("row", "").withText("Visitor 2").in(ongoing)
	waitTextIn(sam, row2, "open")
	choose(sam, byLabel("Status").in(ongoing), "open")
	waitGone(sam, row1)
	waitVisible(sam, row2)
	choose(sam, byLabel("Status").in(ongoing), "All")
	waitVisible(sam, row1)
	screenshot(t, sam, "supervise")

	// Assign it to Alex beyond capacity, after the confirmation.
	clickOn(sam, byRole("button", "More options").in(row2))
	clickOn(sam, byRole("menuitem", "Assign").in(byRole("menu", "")))
	assign := byRole("dialog", "Assign Visitor 2")
	clickOn(sam, byRole("radio", "Alex Agent").in(assign))
	clickOn(sam, byRole("button", "Assign").in(assign))
	waitTextIn(sam, assign, "Alex Agent would use 40 of 20 capacity units, 20 over capacity.")
	screenshot(t, sam, "supervise-assign-over-capacity")
	clickOn(sam, byRole("button", "Assign anyway").in(assign))
	waitGone(sam, assign)
	waitTextIn(sam, row2, "Alex Agent")
	waitTextIn(sam, byRole("row", "").withText("Alex Agent").in(floorAll), "40 / 20 units")
	waitMessage(second, transcript, "Alex Agent joined the chat.")

	// Force close the first one, after a confirmation.
	clickOn(sam, byRole("button", "More options").in(row1))
	clickOn(sam, byRole("menuitem", "Force close").in(byRole("menu", "")))
	confirm := byRole("alertdialog", "Force close this conversation?")
	clickOn(sam, byRole("button", "Force close").in(confirm))
	waitGone(sam, confirm)
	waitGone(sam, row1)
	waitMessage(first, transcript, "The conversation was closed.")
	waitTextIn(alex, agentTranscript, "Sam Supervisor force-closed the conversation.")

	// On a phone the view stacks, still usable.
	setPhoneViewport(sam)
	waitVisible(sam, row2)
	screenshot(t, sam, "supervise-phone")
	setViewport(sam, 1280, 800)

	// Join: a consult with Alex, in Sam's workspace.
	clickOn(sam, byRole("button", "More options").in(row2))
	clickOn(sam, byRole("menuitem", "Join").in(byRole("menu", "")))
	waitAttr(sam, byRole("tab", "Visitor 2").in(sessionsNav), "aria-selected", "true")
	waitTextIn(sam, consultRegion.in(commPanel), "Consult with Alex Agent")
	waitMessage(sam, agentTranscript, "I need an invoice")
	fillIn(sam, byLabel("Message to your colleague").in(commPanel), "PRIVATE: send it from the billing portal")
	pressEnter(sam)
	row := byRole("row", "").withText("Visitor 2").in(byRole("region", "My work items"))
	clickOn(alex, byRole("tab", "Home").in(sessionsNav))
	clickOn(alex, byRole("button", "More options").in(row))
	clickOn(alex, byRole("menuitem", "Open").in(byRole("menu", "")))
	waitTextIn(alex, byRole("log", "Consult thread").in(commPanel), "PRIVATE: send it from the billing portal")
	require.False(t, pageHolds(t, second, "PRIVATE"), "the customer's page holds the consult")
}

// A supervisor transfers an agent's chat from /supervise, with a note, as
// the agent would [T4]: the colleague is offered it from the agent, takes
// it with the note in its history, and the customer sees only them join.
func TestSuperviseTransfer(t *testing.T) {
	srv := startServer(t)
	alex, customer := agentInChat(t, srv, "alex@example.com", "Alex Agent", "My parcel is lost")
	bo := signedInAgent(t, srv, "bo@example.com", "Bo Agent", 100)

	srv.addAgent(t, "sam@example.com", "Sam Supervisor", "supervisor", agentPassword)
	sam := newBrowser(t)
	setViewport(sam, 1280, 800)
	open(sam, srv.URL+"/")
	signIn(sam, "sam@example.com", agentPassword)
	click(sam, "link", "Supervise")
	row := byRole("row", "").withText("Visitor 1").in(ongoing)
	waitTextIn(sam, row, "Alex Agent")
	clickOn(sam, byRole("button", "More options").in(row))
	clickOn(sam, byRole("menuitem", "Transfer").in(byRole("menu", "")))
	waitTextIn(sam, transferDialog, "Visitor 1 is with Alex Agent now.")
	clickOn(sam, byRole("radio", "Bo Agent").in(transferDialog))
	require.False(t, isVisible(sam, byRole("radio", "Alex Agent").in(transferDialog)), "Alex is offered his own chat")
	fillIn(sam, byLabel("Note to the next agent").in(transferDialog), "Bo, you know the Riga depot")
	screenshot(t, sam, "supervise-transfer")
	clickOn(sam, byRole("button", "Transfer").in(transferDialog))
	waitGone(sam, transferDialog)
	waitTextIn(sam, byRole("status", ""), "Visitor 1 is offered to Bo Agent. It stays with Alex Agent until they accept.")

	waitTextIn(bo, offer, "Transfer from Alex Agent")
	accepts(t, bo, "Visitor 1", "My parcel is lost")
	waitTextIn(bo, byCSS(".msg-note").withText("Bo, you know the Riga depot").in(agentTranscript), "Internal note")
	waitTextIn(bo, agentTranscript, "Sam Supervisor offered the conversation to Bo Agent.")
	waitMessage(customer, transcript, "Bo Agent joined the chat.")
	require.False(t, pageHolds(t, customer, "Riga depot"), "the customer's page holds the note")
	waitGone(alex, byRole("tab", "Visitor 1").in(sessionsNav))
	waitTextIn(sam, row, "Bo Agent")
}

// A Latvian supervisor on a phone opens the same Transfer dialog [T4, L1]:
// its texts are Latvian, it fits the screen, and Escape closes it.
func TestSuperviseTransferInLatvianOnAPhone(t *testing.T) {
	srv := startServer(t)
	agentInChat(t, srv, "alex@example.com", "Alex Agent", "My parcel is lost")

	srv.addAgent(t, "sam@example.com", "Sam Supervisor", "supervisor", agentPassword)
	sam := newBrowserIn(t, "lv")
	setPhoneViewport(sam)
	open(sam, srv.URL+"/")
	fill(sam, "E-pasts", "sam@example.com")
	fill(sam, "Parole", agentPassword)
	click(sam, "button", "Pierakstīties")
	click(sam, "link", "Uzraudzīt")
	row := byRole("row", "").withText("1. apmeklētājs").in(byRole("region", "Notiekošās sarunas"))
	waitTextIn(sam, row, "Alex Agent")
	waitTextIn(sam, byRole("row", "").withText("Alex Agent").in(byRole("region", "Aģenti")), "1. apmeklētājs")
	clickOn(sam, byRole("button", "Citas opcijas").in(row))
	clickOn(sam, byRole("menuitem", "Pārsūtīt").in(byRole("menu", "")))
	dialog := byRole("dialog", "Pārsūtīt sarunu")
	waitTextIn(sam, dialog, "1. apmeklētājs šobrīd ir pie aģenta Alex Agent.")
	waitTextIn(sam, dialog, "Aģenti, kas var to pārņemt")
	waitTextIn(sam, dialog, "Rindas")
	waitVisible(sam, byLabel("Piezīme nākamajam aģentam").in(dialog))
	fits, err := chromedp.Run(sam, chromedp.Evaluate[bool](`(() => {
		const box = document.querySelector('.transfer-dialog').getBoundingClientRect();
		return box.left >= 0 && box.right <= document.documentElement.clientWidth; })()`))
	require.NoError(t, err)
	require.True(t, fits, "the Transfer dialog is wider than the phone")
	screenshot(t, sam, "supervise-transfer-lv-phone")
	clickOn(sam, byLabel("Piezīme nākamajam aģentam").in(dialog))
	pressKey(sam, "Escape", "Escape", 27, 0)
	waitGone(sam, dialog)
}
