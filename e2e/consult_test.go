package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

var consultRegion = byRole("region", "Consult")

// Alex asks Bo for help: Bo reads the chat live and they talk privately
// beside it; the customer's transcript and page storage hold none of it;
// End consult ends it on both sides [T2].
func TestConsult(t *testing.T) {
	srv := startServer(t)
	alex := signedInAgent(t, srv, "alex@example.com", "Alex Agent", 100)
	setViewport(alex, 1280, 800)
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "Can I return a worn jacket?")
	accepts(t, alex, "Visitor 1", "Can I return a worn jacket?")
	bo := signedInAgent(t, srv, "bo@example.com", "Bo Agent", 100)

	clickOn(alex, byRole("button", "Consult").in(commPanel))
	picker := byRole("dialog", "Consult a colleague")
	clickOn(alex, byRole("radio", "Bo Agent").in(picker))
	clickOn(alex, byRole("button", "Invite").in(picker))
	waitGone(alex, picker)
	waitTextIn(alex, consultRegion.in(commPanel), "Waiting for Bo Agent to accept.")

	request := byRole("alertdialog", "Consult request")
	waitTextIn(bo, request, "Alex Agent asks for your help with Visitor 1.")
	clickOn(bo, byRole("button", "Accept").in(request))
	waitGone(bo, request)
	waitAttr(bo, byRole("tab", "Visitor 1").in(sessionsNav), "aria-selected", "true")
	waitMessage(bo, agentTranscript, "Can I return a worn jacket?")
	customerSends(customer, "It was worn once.")
	waitMessage(bo, agentTranscript, "It was worn once.")

	// The private thread, both ways.
	thread := byRole("log", "Consult thread")
	fillIn(alex, byLabel("Message to your colleague").in(commPanel), "PRIVATE: do we take worn returns?")
	clickOn(alex, byRole("button", "Send to colleague").in(commPanel))
	waitTextIn(bo, thread.in(commPanel), "PRIVATE: do we take worn returns?")
	fillIn(bo, byLabel("Message to your colleague").in(commPanel), "PRIVATE: only within 14 days")
	pressEnter(bo)
	waitTextIn(alex, thread.in(commPanel), "PRIVATE: only within 14 days")
	screenshot(t, alex, "consult")
	off, err := chromedp.Run(bo, chromedp.Evaluate[bool](`document.querySelector('.comm .composer .btn-primary').disabled`))
	require.NoError(t, err)
	require.True(t, off, "the consultant does not write to the customer")

	agentSends(alex, "Yes, within 14 days of purchase.")
	waitMessage(customer, transcript, "Yes, within 14 days of purchase.")
	require.False(t, pageHolds(t, customer, "PRIVATE"), "the customer's page holds the consult")
	open(customer, srv.URL+"/chat")
	waitMessage(customer, transcript, "Yes, within 14 days of purchase.")
	require.False(t, pageHolds(t, customer, "PRIVATE"), "the customer's page holds the consult after a reload")

	// Bo ends it: the region goes on both sides, and Bo's session with it.
	clickOn(bo, byRole("button", "End consult").in(commPanel))
	waitGone(bo, byRole("tab", "Visitor 1").in(sessionsNav))
	waitGone(alex, consultRegion.in(commPanel))
	waitTextIn(alex, byRole("alert", ""), "The consult on Visitor 1 ended.")
}
