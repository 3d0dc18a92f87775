package e2e

import (
	"context"
	"strconv"
	"testing"
)

// The Latvian workspace's names of the interface contract [L1, L2].
var (
	sessionsNavLV = byRole("navigation", "Sesijas")
	offerLV       = byRole("alertdialog", "Ienākoša saruna")
	commPanelLV   = byRole("region", "Saziņas panelis")
)

// acceptsLV is accepts in the Latvian workspace.
func acceptsLV(t *testing.T, agent context.Context, title, message string) {
	t.Helper()
	waitTextIn(agent, offerLV, title)
	waitTextIn(agent, offerLV, message)
	clickOn(agent, byRole("button", "Akceptēt").in(offerLV))
	waitGone(agent, offerLV)
	waitAttr(agent, byRole("tab", title).in(sessionsNavLV), "aria-selected", "true")
	waitMessage(agent, byRole("log", "Saruna").in(commPanelLV), message)
}

// An agent switches the workspace to Latvian from the header; the seed's
// tooltips then count unread messages with Latvian plurals (1 and 21 take
// the singular, 5 and 11 the plural); the choice survives a reload and
// follows the agent to another browser [L1, L2].
func TestAgentChoosesLatvian(t *testing.T) {
	srv := startServer(t)
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)

	clickOn(agent, byRole("button", "Language: English"))
	menu := byRole("menu", "Choose the language")
	waitVisible(agent, byRole("menuitemradio", "English").in(menu))
	clickOn(agent, byRole("menuitemradio", "Latviešu").in(menu))
	waitReady(agent)
	waitVisible(agent, byRole("button", "Valoda: latviešu"))
	waitVisible(agent, byRole("tab", "Sākums").in(sessionsNavLV))
	waitVisible(agent, byRole("button", "Klātbūtne: Pieejams"))

	first, second := newBrowser(t), newBrowser(t)
	open(first, srv.URL+"/chat")
	customerSends(first, "Hello, I have a question about my order")
	acceptsLV(t, agent, "1. apmeklētājs", "Hello, I have a question about my order")
	open(second, srv.URL+"/chat")
	customerSends(second, "Hi there")
	acceptsLV(t, agent, "2. apmeklētājs", "Hi there")

	// Visitor 1 is not focused: each message counts, in Latvian plurals.
	visitor1 := byRole("tab", "1. apmeklētājs").in(sessionsNavLV)
	customerSends(first, "Are you still there?")
	waitAttr(agent, visitor1, "title", "1. apmeklētājs. 1 jauns atjauninājums jūsu sarunā.")
	for _, m := range []string{
		"This is the third time I'm asking. Where is my order?!",
		"Your service is terrible, I want a refund NOW",
		"I am extremely angry, nobody answers me",
		"This is awful, the worst service ever",
	} {
		customerSends(first, m)
	}
	waitAttr(agent, visitor1, "title",
		"1. apmeklētājs. Jūsu sarunai steidzami ir nepieciešama uzmanība. 5 jauni atjauninājumi jūsu sarunā.")
	waitExactText(agent, byCSS(".session-alert").in(visitor1), "!")
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "workspace-latvian")
	setPhoneViewport(agent)
	screenshot(t, agent, "workspace-latvian-phone")
	setViewport(agent, 1280, 800)

	// Six neutral messages make the last six neutral: the alert goes.
	for i := 6; i <= 11; i++ {
		customerSends(first, "Order number "+strconv.Itoa(1000+i))
	}
	waitAttr(agent, visitor1, "title", "1. apmeklētājs. 11 jauni atjauninājumi jūsu sarunā.")
	for i := 12; i <= 21; i++ {
		customerSends(first, "Order number "+strconv.Itoa(1000+i))
	}
	waitAttr(agent, visitor1, "title", "1. apmeklētājs. 21 jauns atjauninājums jūsu sarunā.")
	waitExactText(agent, byCSS(".session-unread").in(visitor1), "9+")

	// After a reload, still Latvian.
	open(agent, srv.URL+"/")
	waitVisible(agent, byRole("button", "Valoda: latviešu"))
	waitVisible(agent, byRole("tab", "Sākums").in(sessionsNavLV))
	clickOn(agent, byRole("tab", "Sākums").in(sessionsNavLV))
	waitVisible(agent, byRole("region", "Mani darba vienumi"))
	screenshot(t, agent, "workspace-latvian-home")
	setPhoneViewport(agent)
	screenshot(t, agent, "workspace-latvian-home-phone")
	setViewport(agent, 1280, 800)

	// In another browser, the choice saved on the server decides as soon
	// as the agent signs in.
	other := newBrowser(t)
	open(other, srv.URL+"/")
	fill(other, "Email", agentEmail)
	fill(other, "Password", agentPassword)
	click(other, "button", "Sign in")
	waitVisible(other, byRole("button", "Valoda: latviešu"))
	waitVisible(other, byRole("tab", "Sākums").in(sessionsNavLV))

	// And back to English.
	clickOn(other, byRole("button", "Valoda: latviešu"))
	clickOn(other, byRole("menuitemradio", "English").in(byRole("menu", "Izvēlieties valodu")))
	waitReady(other)
	waitVisible(other, byRole("button", "Language: English"))
	waitVisible(other, byRole("tab", "Home").in(sessionsNav))
}

// A customer whose browser prefers Latvian gets the chat page in Latvian,
// and the system notes in Latvian, while the agent reads the same notes in
// English; ?lang=lv gives any browser the Latvian page, ?lang=en the
// English one [L1, L3].
func TestLatvianCustomer(t *testing.T) {
	srv := startServer(t)
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	customer := newBrowserIn(t, "lv")
	open(customer, srv.URL+"/chat")
	waitVisible(customer, byRole("heading", "Tērzējiet ar mums"))
	chatLog := byRole("log", "Saruna")
	fill(customer, "Rakstiet savu ziņojumu", "Labdien, kur ir mana paka?")
	click(customer, "button", "Sūtīt")
	waitMessage(customer, chatLog, "Labdien, kur ir mana paka?")

	accepts(t, agent, "Visitor 1", "Labdien, kur ir mana paka?")
	waitMessage(customer, chatLog, "Alex Agent pievienojās tērzēšanai.")
	waitMessage(agent, agentTranscript, "Alex Agent joined the chat.")
	agentSends(agent, "Labdien! Tūlīt paskatīšos.")
	waitMessage(customer, chatLog, "Labdien! Tūlīt paskatīšos.")
	setViewport(customer, 1280, 800)
	screenshot(t, customer, "chat-latvian")
	setPhoneViewport(customer)
	screenshot(t, customer, "chat-latvian-phone")

	// The agent ends the chat: each reads the note in their language.
	clickOn(agent, byRole("button", "End").in(commPanel))
	clickOn(agent, byRole("button", "End").in(byRole("alertdialog", "End this conversation?")))
	waitMessage(agent, agentTranscript, "Alex Agent ended the chat.")
	waitMessage(customer, chatLog, "Alex Agent beidza tērzēšanu.")

	// The address decides over the browser, both ways.
	english := newBrowserIn(t, "lv")
	open(english, srv.URL+"/chat?lang=en")
	waitVisible(english, byRole("heading", "Chat with us"))
	latvian := newBrowser(t)
	open(latvian, srv.URL+"/chat?lang=lv")
	waitVisible(latvian, byRole("heading", "Tērzējiet ar mums"))
}

// An administrator whose browser prefers Latvian signs in on a Latvian
// sign-in page, and /admin follows the same rule; a wrong password is
// refused in Latvian, from the server's code [L1, L3].
func TestLatvianSignInAndAdmin(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "dana@example.com", "Dana Admin", "admin", agentPassword)
	admin := newBrowserIn(t, "lv")
	open(admin, srv.URL+"/")
	fill(admin, "E-pasts", "dana@example.com")
	fill(admin, "Parole", "not the password")
	click(admin, "button", "Pierakstīties")
	waitText(admin, "alert", "", "Nepareizs e-pasts vai parole.")
	fill(admin, "Parole", agentPassword)
	click(admin, "button", "Pierakstīties")
	waitVisible(admin, byRole("tab", "Sākums").in(sessionsNavLV))
	waitVisible(admin, byRole("button", "Valoda: latviešu"))

	click(admin, "link", "Administrēšana")
	waitReady(admin)
	waitVisible(admin, byRole("region", "Iestatījumi"))
	waitVisible(admin, byLabel("Sesiju ierobežojums (ieskaitot sākumu)").in(byRole("region", "Iestatījumi")))
	setViewport(admin, 1280, 800)
	screenshot(t, admin, "admin-latvian")
	setPhoneViewport(admin)
	screenshot(t, admin, "admin-latvian-phone")
}
