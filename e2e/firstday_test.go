package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// preChatOn makes the first workstream ask who the customer is [M1].
func preChatOn(t *testing.T, srv *server, adminEmail string) {
	t.Helper()
	admin := newAdminAPI(t, srv, adminEmail, agentPassword)
	var streams []map[string]any
	admin.send("GET", "/api/admin/workstreams", nil, &streams)
	require.NotEmpty(t, streams)
	chat := streams[0]
	chat["preChat"] = true
	delete(chat, "hasSecret")
	admin.send("PUT", "/api/admin/workstreams/"+jsonNumber(chat["id"]), chat, nil)
}

// iconColour is the computed background of a session tab's icon.
func iconColour(t *testing.T, ctx context.Context, title string) string {
	t.Helper()
	c, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(`+
		strconv.Quote(`[role=tab][aria-label="`+title+`"] .session-icon`)+`)).backgroundColor`))
	require.NoError(t, err)
	return c
}

// A new agent's first conversations: the name the customer gave is shown
// beside "Visitor N" and fills {customer}; two visitors' tiles differ in
// colour; an unfocused session shows its last message and the customer's
// wait; the browser tab's title counts what is unread [S3, S4, S14, C3].
func TestFirstDayTellsCustomersApart(t *testing.T) {
	srv := startServer(t, withDemo())
	srv.addAgent(t, "admin@example.com", "Ada Admin", "admin", agentPassword)
	preChatOn(t, srv, "admin@example.com")
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)

	maria := newBrowser(t)
	open(maria, srv.URL+"/chat")
	fill(maria, "Your name", "Maria Lopez")
	customerSends(maria, "My parcel never came")
	waitTextIn(agent, offer, "Maria Lopez (given name, not verified)")
	accepts(t, agent, "Visitor 1", "My parcel never came")
	waitTextIn(agent, byRole("heading", "Visitor 1").in(commPanel), "Visitor 1")
	waitTextIn(agent, commPanel, "Maria Lopez (given name, not verified)")
	fillIn(agent, composerBox, "/q greet")
	waitVisible(agent, byRole("option", "").withText("Greeting"))
	pressEnter(agent)
	waitValue(agent, composerBox, "Hi Maria Lopez, I'm "+agentName+". How can I help you today?")
	pressEnter(agent)
	waitMessage(maria, transcript, "Hi Maria Lopez, I'm "+agentName+". How can I help you today?")

	other := newBrowser(t)
	open(other, srv.URL+"/chat")
	customerSends(other, "Hello?")
	accepts(t, agent, "Visitor 2", "Hello?")
	require.NotEqual(t, iconColour(t, agent, "Visitor 1"), iconColour(t, agent, "Visitor 2"),
		"two visitors' tiles have the same colour")

	for i := 1; i <= 3; i++ {
		customerSends(maria, "Any news? "+strconv.Itoa(i))
	}
	visitor1 := byRole("tab", "Visitor 1").in(sessionsNav)
	waitExactText(agent, byCSS(".session-unread").in(visitor1), "3")
	waitAttr(agent, visitor1, "aria-description", "Any news? 3 · waiting <1 min")
	waitJS(agent, `the document's title to be "(3) Switchboard"`, "docTitle", "(3) Switchboard")
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "first-day-sessions")

	clickOn(agent, visitor1)
	waitJS(agent, `the document's title to be "Switchboard"`, "docTitle", "Switchboard")
	waitGone(agent, byCSS(".session-unread").in(visitor1))
	screenshot(t, agent, "first-day-given-name")
}

// End asks first; after it the customer's typing no longer shows, closing
// with an unsaved case says so, and the customer who writes again from the
// same browser comes back as a returning customer with the earlier
// conversation in the timeline [C4, D2, D3].
func TestEndAndAfter(t *testing.T) {
	srv := startServer(t)
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "Where is my order 1234?")
	accepts(t, agent, "Visitor 1", "Where is my order 1234?")
	agentSends(agent, "It left the warehouse today.")
	waitMessage(customer, transcript, "It left the warehouse today.")

	// Cancel keeps the chat going; End in the dialog ends it.
	clickOn(agent, byRole("button", "End").in(commPanel))
	endDialog := byRole("alertdialog", "End this conversation?")
	waitTextIn(agent, endDialog, "Visitor 1 will be told that you ended the chat")
	clickOn(agent, byRole("button", "Cancel").in(endDialog))
	waitGone(agent, endDialog)
	agentSends(agent, "Anything else?")
	waitMessage(customer, transcript, "Anything else?")
	customerSends(customer, "No, thanks")
	waitMessage(agent, agentTranscript, "No, thanks")

	// The customer is typing when the agent ends: the note goes with End,
	// not seconds later.
	typing := byCSS(".typing").withText("Customer is typing").in(commPanel)
	// A typing signal goes out at most every few seconds: keep typing
	// until one arrives.
	n := 0
	require.Eventually(t, func() bool {
		n++
		fillIn(customer, byLabel("Type your message"), "Oh wait, one "+strconv.Itoa(n))
		return isVisible(agent, typing)
	}, stepTimeout, pollInterval, "the agent never saw the customer typing")
	ends(agent)
	waitGone(agent, byRole("button", "End").in(commPanel))
	require.False(t, isVisible(agent, typing), "an ended chat still shows the customer typing")
	waitTextIn(customer, byRole("log", "Conversation"), "ended")

	// An unsaved case form is named in the close dialog.
	// The case starts from the customer's first message, the problem.
	clickOn(agent, byRole("button", "Create a case").in(activeConversation))
	waitValue(agent, byLabel("Description"), "Where is my order 1234?")
	fillIn(agent, caseTitle, "Order 1234 delayed")

	// The customer types, then writes: a new conversation, offered after
	// the typing signal, which the ended session does not show.
	fillIn(customer, byLabel("Type your message"), "Sorry, one more")
	pressEnter(customer)
	waitTextIn(agent, offer, "Visitor 2")
	waitTextIn(agent, offer, "Returning customer")
	require.False(t, isVisible(agent, byCSS(".typing").withText("Customer is typing").in(commPanel)),
		"an ended chat shows the customer typing")

	closeSession(agent, "Visitor 1", "unsaved changes will be lost")
	accepts(t, agent, "Visitor 2", "Sorry, one more")
	waitTextIn(agent, commPanel, "Returning customer")
	timeline := byRole("region", "Earlier conversations").in(activeConversation)
	// Its last message, not a system note: notes are worded per reader [L3].
	waitTextIn(agent, timeline, "No, thanks")
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "returning-customer")
}

// /admin has section navigation; quick replies and articles can be edited
// and deleted; a refused field is highlighted [A1].
func TestAdminSectionsEditAndDelete(t *testing.T) {
	srv := startServer(t, withDemo())
	admin := setUpAsAdmin(t, srv)
	sections := byRole("navigation", "Sections")
	require.Equal(t, []string{"Settings", "Workstreams", "Business hours", "Quick replies", "Knowledge", "Agents"},
		names(admin, byRole("link", "").in(sections)))
	clickOn(admin, byRole("link", "Knowledge").in(sections))
	knowledge := byRole("region", "Knowledge articles")
	waitJS(admin, "the Knowledge section at the top of the window", "near", knowledge)

	replies := byRole("region", "Quick replies")
	clickOn(admin, byRole("link", "Quick replies").in(sections))
	// go-app scrolls to a section after the click: the Edit button is
	// where it will stay only once that is done.
	waitJS(admin, "the Quick replies section at the top of the window", "near", replies)
	clickOn(admin, byRole("button", "Edit Greeting").in(replies))
	editing := byRole("form", "Edit Greeting").in(replies)
	waitValue(admin, byLabel("Title").in(editing), "Greeting")
	fillIn(admin, byLabel("Text ({customer} and {agent} are filled in)").in(editing), "Hello {customer}, {agent} here.")
	clickOn(admin, byRole("button", "Save").in(editing))
	waitTextIn(admin, replies, "Hello {customer}, {agent} here.")
	waitVisible(admin, byRole("form", "New quick reply").in(replies))
	clickOn(admin, byRole("button", "Delete Order number").in(replies))
	waitGone(admin, byRole("button", "Delete Order number"))

	// An empty quick reply is refused and its fields outlined.
	clickOn(admin, byRole("button", "Add").in(byRole("form", "New quick reply")))
	waitVisible(admin, byCSS(".field-error").in(replies))
	border, err := chromedp.Run(admin, chromedp.Evaluate[string](`getComputedStyle(document.getElementById('qr-title')).borderTopColor`))
	require.NoError(t, err)
	require.Equal(t, "rgb(196, 50, 10)", border, "the refused field is not highlighted")

	clickOn(admin, byRole("button", "Edit Pre-orders").in(knowledge))
	article := byRole("form", "Edit Pre-orders").in(knowledge)
	waitValue(admin, byLabel("Article title").in(article), "Pre-orders")
	fillIn(admin, byLabel("Article title").in(article), "Pre-orders and launches")
	clickOn(admin, byRole("button", "Save").in(article))
	waitVisible(admin, byRole("button", "Delete Pre-orders and launches").in(knowledge))
	clickOn(admin, byRole("button", "Delete Pre-orders and launches").in(knowledge))
	waitGone(admin, byRole("button", "Edit Pre-orders and launches"))
	setViewport(admin, 1280, 800)
	screenshot(t, admin, "admin-sections")
}
