package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var unassignedCases = byRole("region", "Unassigned cases")

// An administrator sets business hours on /admin; outside them /chat shows
// the offline message and form, the customer's question becomes a case in
// Unassigned cases on the agent's Home, live, and the agent picks it. At
// the next opening the chat is back [X3]. The routing clock (-test-clock)
// is moved past closing, so the test never depends on the time of day.
func TestBusinessHoursOfflineForm(t *testing.T) {
	srv := startServer(t, withArgs("-test-clock"))
	srv.addAgent(t, "dana@example.com", "Dana Admin", "admin", agentPassword)
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)
	waitTextIn(ana, unassignedCases, "No questions are waiting for an answer.")
	// A customer who opened the chat while it was open, before any hours.
	early := newBrowser(t)
	open(early, srv.URL+"/chat")
	waitVisible(early, byLabel("Type your message"))

	admin := newBrowser(t)
	open(admin, srv.URL+"/")
	signIn(admin, "dana@example.com", agentPassword)
	click(admin, "link", "Admin")
	chat := byRole("form", "Business hours: Chat")
	waitTextIn(admin, chat, "Open around the clock")

	// A zone that does not exist and overlapping ranges are refused, and
	// what was typed stays.
	fillIn(admin, byLabel("Time zone").in(chat), "Europe/Atlantis")
	fillIn(admin, byLabel("Monday").in(chat), "09:00-13:00, 12:00-17:00")
	clickOn(admin, byRole("button", "Save hours").in(chat))
	waitTextIn(admin, chat, "No such time zone. Use an IANA name like Europe/Riga or America/New_York.")
	waitTextIn(admin, chat, "Two ranges of this day overlap.")
	waitJS(admin, "the zone typed to stay", "value", byLabel("Time zone").in(chat), "Europe/Atlantis")
	screenshot(t, admin, "hours-admin-refused")

	fillIn(admin, byLabel("Time zone").in(chat), "UTC")
	for _, day := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		fillIn(admin, byLabel(day).in(chat), "09:00-17:00")
	}
	fillIn(admin, byLabel("Offline message").in(chat), "Our team answers chats every day from 09:00 to 17:00 (UTC).")
	clickOn(admin, byRole("button", "Save hours").in(chat))
	waitText(admin, "status", "", "Saved.")
	require.False(t, isVisible(admin, byCSS(".field-error").in(chat)), "no field is refused any more")

	// 18:00 UTC, outside hours, whatever the time the test runs at.
	now := time.Now().UTC()
	closed := time.Date(now.Year(), now.Month(), now.Day(), 18, 0, 0, 0, time.UTC)
	if !closed.After(now) {
		closed = closed.Add(24 * time.Hour)
	}
	srv.advance(t, closed.Sub(now))
	open(admin, srv.URL+"/admin")
	click(admin, "link", "Business hours")
	opens := closed.Add(15 * time.Hour)
	waitTextIn(admin, chat, "Closed now · Opens "+opens.Weekday().String())
	setViewport(admin, 1280, 800)
	checkAccessible(t, admin, "/admin's business hours")
	screenshot(t, admin, "hours-admin")

	// The early customer writes after closing: no chat starts, and the
	// offline form takes the message as the question.
	fill(early, "Type your message", "Is my order on its way?")
	click(early, "button", "Send")
	waitVisible(early, byRole("region", "We're closed right now"))
	waitJS(early, "the message to become the question", "value", byLabel("Your question"), "Is my order on its way?")
	require.False(t, isVisible(early, byLabel("Type your message")))
	closeBrowser(early)

	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	offline := byRole("region", "We're closed right now")
	waitTextIn(customer, offline, "Our team answers chats every day from 09:00 to 17:00 (UTC).")
	waitTextIn(customer, offline, "We open again on")
	require.False(t, isVisible(customer, byLabel("Type your message")), "no chat while closed")
	screenshot(t, customer, "offline-form-desktop")

	setPhoneViewport(customer)
	form := byRole("form", "Leave a question")
	clickOn(customer, byRole("button", "Send question").in(form))
	waitTextIn(customer, form, "Enter your name.")
	waitTextIn(customer, form, "Enter your email address: our answer goes there.")
	waitTextIn(customer, form, "Write your question.")
	fillIn(customer, byLabel("Your name").in(form), "Kenny Smith")
	fillIn(customer, byLabel("Your email").in(form), "kenny@example")
	fillIn(customer, byLabel("Your question").in(form), "My parcel arrived broken. How do I return it?")
	clickOn(customer, byRole("button", "Send question").in(form))
	waitTextIn(customer, form, "Enter an email address like name@example.com.")
	require.False(t, isVisible(customer, byCSS(".field-error").withText("Enter your name.")), "the name is accepted now")
	waitJS(customer, "the question to stay", "value", byLabel("Your question").in(form), "My parcel arrived broken. How do I return it?")
	checkAccessible(t, customer, "the offline form at 390×844")
	requireNoPageScroll(t, customer, "the offline form at 390×844")
	screenshot(t, customer, "offline-form-phone")
	fillIn(customer, byLabel("Your email").in(form), "kenny@example.com")
	clickOn(customer, byRole("button", "Send question").in(form))
	waitText(customer, "status", "", "Thank you! Your question is case 1. We'll reply to kenny@example.com by email after we open again on")
	screenshot(t, customer, "offline-filed-phone")
	open(customer, srv.URL+"/chat")
	waitText(customer, "status", "", "Thank you! Your question is case 1.")
	require.False(t, isVisible(customer, form), "a reload while closed shows what was filed, not a blank form")

	// Ana's Home shows it at once, with who asked and what.
	row := byRole("row", "").withText("Kenny Smith").in(unassignedCases)
	waitTextIn(ana, row, "kenny@example.com")
	waitTextIn(ana, row, "My parcel arrived broken. How do I return it?")
	checkAccessible(t, ana, "Home with Unassigned cases")
	screenshot(t, ana, "unassigned-cases")
	setPhoneViewport(ana)
	waitTextIn(ana, row, "My parcel arrived broken.")
	screenshot(t, ana, "unassigned-cases-phone")
	setViewport(ana, 1280, 800)

	clickOn(ana, byRole("button", "More options").in(row))
	clickOn(ana, byRole("menuitem", "Pick").in(byRole("menu", "")))
	tab := byRole("tab", "My parcel arrived broken. How do I return it?").in(sessionsNav)
	waitAttr(ana, tab, "aria-selected", "true")
	waitJS(ana, "the case title", "value", caseTitle, "My parcel arrived broken. How do I return it?")
	waitVisible(ana, byRole("tab", "Contact: Kenny Smith").in(appTabs))
	screenshot(t, ana, "unassigned-picked")
	clickOn(ana, home)
	waitTextIn(ana, unassignedCases, "No questions are waiting for an answer.")
	waitTextIn(ana, myCases, "My parcel arrived broken. How do I return it?")

	// At 09:00 the next morning the chat is back.
	srv.advance(t, 15*time.Hour)
	open(customer, srv.URL+"/chat")
	waitVisible(customer, byLabel("Type your message"))
	require.False(t, isVisible(customer, offline))
}
