package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

var (
	activeConversation = byRole("tabpanel", "Active conversation")
	customerSection    = byRole("region", "Customer").in(activeConversation)
)

// An anonymous chat gets its contact, and a case is made from it, edited
// across a session switch and saved [S3, D2, D3, D1].
func TestLinkContactAndCreateCase(t *testing.T) {
	srv := startServer(t, withDemo())
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "I want to return my shoes")
	accepts(t, agent, "Visitor 1", "I want to return my shoes")

	// Linking Kenny Smith renames the session everywhere.
	fillIn(agent, byLabel("Search contacts").in(customerSection), "Kenny")
	pressEnter(agent)
	clickOn(agent, byRole("button", "Link Kenny Smith"))
	tab := byRole("tab", "Kenny Smith").in(sessionsNav)
	waitAttr(agent, tab, "aria-selected", "true")
	waitExactText(agent, byCSS(".session-icon").in(tab), "Ke")
	waitTextIn(agent, commPanel, "Kenny Smith")
	waitTextIn(agent, customerSection, "kenny")

	// A case from the conversation, edited, left, come back to, saved.
	clickOn(agent, byRole("button", "Create a case").in(activeConversation))
	waitAttr(agent, byRole("tab", "Case: New case").in(appTabs), "aria-selected", "true")
	waitValue(agent, byLabel("Description"), "I want to return my shoes")
	fillIn(agent, caseTitle, "Return shoes for Kenny")
	clickOn(agent, home)
	clickOn(agent, tab)
	waitValue(agent, caseTitle, "Return shoes for Kenny")
	click(agent, "button", "Save")
	waitAttr(agent, byRole("tab", "Case: Return shoes for Kenny").in(appTabs), "aria-selected", "true")
	clickOn(agent, home)
	waitVisible(agent, byRole("row", "").withText("Return shoes for Kenny").in(myCases))

	// The contact's own form: a new name renames the session too [D3, S3].
	clickOn(agent, tab)
	clickOn(agent, byRole("tab", "Active conversation").in(appTabs))
	clickOn(agent, byRole("button", "Open contact Kenny Smith"))
	contactForm := byRole("tabpanel", "Contact: Kenny Smith")
	fillIn(agent, byLabel("Full name").in(contactForm), "Kenneth Smith")
	fillIn(agent, byLabel("Phone").in(contactForm), "+44 20 7946 0001")
	click(agent, "button", "Save")
	renamed := byRole("tab", "Kenneth Smith").in(sessionsNav)
	waitAttr(agent, renamed, "aria-selected", "true")
	waitAttr(agent, byRole("tab", "Contact: Kenneth Smith").in(appTabs), "aria-selected", "true")
	clickOn(agent, byRole("tab", "Active conversation").in(appTabs))
	waitTextIn(agent, customerSection, "+44 20 7946 0001")
}

// Two agents save the same case: the later save is refused and keeps its
// edits; saving again applies them [D3].
func TestCaseConflictKeepsEdits(t *testing.T) {
	srv := startServer(t, withDemo())
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 20)
	ben := signedInAgent(t, srv, "ben@example.com", "Ben Agent", 20)

	// Each gets a chat (room for one each) with Kenny Smith; Ana opens a
	// case from hers.
	agents := []context.Context{ana, ben}
	for i := 1; i <= 2; i++ {
		c := newBrowser(t)
		open(c, srv.URL+"/chat")
		customerSends(c, "Hello, Kenny here")
		title := "Visitor " + strconv.Itoa(i)
		accepts(t, agents[waitOffered(t, agents, title)], title, "Hello, Kenny here")
	}
	for _, a := range agents {
		fillIn(a, byLabel("Search contacts").in(customerSection), "Kenny")
		pressEnter(a)
		clickOn(a, byRole("button", "Link Kenny Smith"))
		waitAttr(a, byRole("tab", "Kenny Smith").in(sessionsNav), "aria-selected", "true")
	}
	clickOn(ana, byRole("button", "Create a case").in(activeConversation))
	fillIn(ana, caseTitle, "Kenny's refund")
	click(ana, "button", "Save")
	waitAttr(ana, byRole("tab", "Case: Kenny's refund").in(appTabs), "aria-selected", "true")

	// Ben finds it among Kenny's recent cases (fresh each time he looks).
	clickOn(ben, byRole("tab", "Knowledge search").in(appTabs))
	clickOn(ben, byRole("tab", "Active conversation").in(appTabs))
	clickOn(ben, byRole("button", "Open Kenny's refund"))
	waitValue(ben, caseTitle, "Kenny's refund")

	// Ana saves first; Ben's save is refused and his edit stays.
	fillIn(ana, caseTitle, "Kenny's refund, approved")
	click(ana, "button", "Save")
	waitAttr(ana, byRole("tab", "Case: Kenny's refund, approved").in(appTabs), "aria-selected", "true")
	fillIn(ben, byLabel("Description"), "Customer sent photos of the damage.")
	click(ben, "button", "Save")
	waitText(ben, "alert", "", "This case was changed by someone else since you opened it.")
	waitValue(ben, byLabel("Description"), "Customer sent photos of the damage.")

	// Saving again applies Ben's edit on top of Ana's.
	click(ben, "button", "Save")
	waitAttr(ben, byRole("tab", "Case: Kenny's refund, approved").in(appTabs), "aria-selected", "true")
	waitValue(ben, byLabel("Description"), "Customer sent photos of the damage.")
	waitGone(ben, byRole("alert", "").withText("changed by someone else"))
}

// /q inserts a quick reply with the customer's name, and each side sees the
// other typing [C2, C3].
func TestQuickRepliesAndTyping(t *testing.T) {
	srv := startServer(t, withDemo())
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "Hi")
	accepts(t, agent, "Visitor 1", "Hi")

	fillIn(agent, composerBox, "/q greet")
	waitVisible(agent, byRole("listbox", "Quick replies"))
	waitVisible(agent, byRole("option", "").withText("Greeting"))
	waitTextIn(customer, byCSS(".typing"), "Agent is typing…")
	pressEnter(agent)
	waitValue(agent, composerBox, "Hi Visitor 1, I'm Alex Agent. How can I help you today?")
	pressEnter(agent)
	waitMessage(customer, transcript, "Hi Visitor 1, I'm Alex Agent. How can I help you today?")

	fillIn(customer, byLabel("Type your message"), "I have a question about my")
	waitTextIn(agent, byCSS(".typing"), "Customer is typing…")
}

// Markup typed by anyone is shown as text and never runs [security].
func TestMarkupIsShownAsText(t *testing.T) {
	srv := startServer(t)
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	const evil = `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`
	customerSends(customer, evil)
	accepts(t, agent, "Visitor 1", evil)

	clickOn(agent, home)
	click(agent, "button", "New case")
	click(agent, "button", "Save")
	waitTextIn(agent, byCSS(".field-error"), "Enter a case title.")
	fillIn(agent, caseTitle, evil)
	click(agent, "button", "Save")
	waitVisible(agent, byRole("tab", "Case: "+evil).in(appTabs))

	for _, b := range []context.Context{agent, customer} {
		pwned, err := chromedp.Run(b, chromedp.Evaluate[bool](`window.pwned !== undefined`))
		require.NoError(t, err)
		require.False(t, pwned, "markup ran in the page")
	}
}
