package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

var (
	offer      = byRole("alertdialog", "Incoming conversation")
	closedWork = byRole("region", "Closed work items")
	myCases    = byRole("region", "My active cases")
)

// withArgs adds serve flags.
func withArgs(args ...string) serverOption {
	return func(s *server) { s.args = append(s.args, args...) }
}

// signedInAgent adds an agent and signs it in, in its own browser.
func signedInAgent(t *testing.T, srv *server, email, name string, capacity int) context.Context {
	t.Helper()
	srv.addAgent(t, email, name, "agent", agentPassword, "--capacity", strconv.Itoa(capacity))
	b := newBrowser(t)
	open(b, srv.URL+"/")
	signIn(b, email, agentPassword)
	waitVisible(b, byRole("button", "Presence: Available"))
	return b
}

// agentInChat signs an agent in (capacity 100) and starts a customer's
// chat with message, which the agent accepts: the start of many tests.
// It answers the agent's browser and the customer's.
func agentInChat(t *testing.T, srv *server, email, name, message string) (agent, customer context.Context) {
	t.Helper()
	agent = signedInAgent(t, srv, email, name, 100)
	customer = newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, message)
	accepts(t, agent, "Visitor 1", message)
	return agent, customer
}

// accepts waits for the incoming conversation, checks what it says and
// accepts it; the session opens focused on Active conversation [S9, S10].
func accepts(t *testing.T, agent context.Context, title, message string) {
	t.Helper()
	waitTextIn(agent, offer, title)
	waitTextIn(agent, offer, message)
	clickOn(agent, byRole("button", "Accept").in(offer))
	waitGone(agent, offer)
	tab := byRole("tab", title).in(sessionsNav)
	waitAttr(agent, tab, "aria-selected", "true")
	waitAttr(agent, byRole("tab", "Active conversation").in(appTabs), "aria-selected", "true")
	waitVisible(agent, byRole("tab", "Knowledge search").in(appTabs))
	waitMessage(agent, agentTranscript, message)
}

// Two agents with room for two chats each: four chats are spread 2/2, the
// fifth waits and is offered as soon as a chat ends [P2, P3, S9].
func TestOffersAreSpreadByCapacity(t *testing.T) {
	srv := startServer(t)
	agents := []context.Context{
		signedInAgent(t, srv, "ana@example.com", "Ana Agent", 40),
		signedInAgent(t, srv, "ben@example.com", "Ben Agent", 40),
	}
	got := map[int]int{}
	for i := 1; i <= 4; i++ {
		c := newBrowser(t)
		open(c, srv.URL+"/chat")
		msg := "Question " + strconv.Itoa(i)
		customerSends(c, msg)
		title := "Visitor " + strconv.Itoa(i)
		who := waitOffered(t, agents, title)
		accepts(t, agents[who], title, msg)
		got[who]++
	}
	require.Equal(t, map[int]int{0: 2, 1: 2}, got)
	for _, a := range agents {
		waitVisible(a, byRole("button", "Presence: Do not disturb"))
	}

	fifth := newBrowser(t)
	open(fifth, srv.URL+"/chat")
	customerSends(fifth, "Anyone there?")
	clickOn(agents[0], home)
	waitTextIn(agents[0], byRole("row", "").withText("Visitor 5").in(openWorkItems), "Anyone there?")
	require.False(t, isVisible(agents[0], offer))
	require.False(t, isVisible(agents[1], offer))

	// Ana ends one chat: the fifth is offered to her at once.
	clickOn(agents[0], byRole("tab", names(agents[0], sessionTabs)[1]).in(sessionsNav))
	ends(agents[0])
	accepts(t, agents[0], "Visitor 5", "Anyone there?")
	setViewport(agents[0], 1280, 800)
	screenshot(t, agents[0], "workspace-busy")
}

// waitOffered waits until one of the agents is offered the conversation.
func waitOffered(t *testing.T, agents []context.Context, title string) int {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		for i, a := range agents {
			if isVisible(a, offer.withText(title)) {
				return i
			}
		}
		time.Sleep(pollInterval)
	}
	t.Fatalf("no agent was offered %s", title)
	return -1
}

// A rejected offer goes to the other agent; one that times out goes back to
// the queue; nobody Away is offered anything; accepting in one window
// dismisses the notification in the agent's other windows, and a window
// opened late counts down what is left [S9, P3]. The offers run out when
// the test moves the server's clock, never on a short real timeout.
func TestRejectTimeoutAndPresence(t *testing.T) {
	srv := startServer(t, withArgs("-test-clock"))
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)
	ben := signedInAgent(t, srv, "ben@example.com", "Ben Agent", 100)
	benAPI := apiAs(t, srv, "ben@example.com")

	// Ben steps away: nothing is offered to him.
	click(ben, "button", "Presence: Available")
	click(ben, "menuitemradio", "Away")
	waitVisible(ben, byRole("button", "Presence: Away"))

	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "My parcel is lost")
	waitTextIn(ana, offer, "Visitor 1")
	require.False(t, isVisible(ben, offer))

	// Ana rejects; Ben, back, gets it and lets it time out.
	click(ben, "button", "Presence: Away")
	click(ben, "menuitemradio", "Available")
	waitVisible(ben, byRole("button", "Presence: Available"))
	clickOn(ana, byRole("button", "Reject").in(offer))
	waitGone(ana, offer)
	waitTextIn(ben, offer, "My parcel is lost")
	waitShown(t, srv, benAPI, "Visitor 1")
	srv.advance(t, 2*time.Minute)
	waitGone(ben, offer)

	// Both have declined: it waits in the queue for someone new.
	waitTextIn(ana, byRole("row", "").withText("Visitor 1").in(openWorkItems), "My parcel is lost")
	require.False(t, isVisible(ana, offer))

	// Cleo signs in, in two windows; the second opens a minute into the
	// offer and counts down what is left. Accepting in one dismisses the
	// other.
	cleo := signedInAgent(t, srv, "cleo@example.com", "Cleo Agent", 100)
	cleoAPI := apiAs(t, srv, "cleo@example.com")
	waitTextIn(cleo, offer, "Visitor 1")
	waitShown(t, srv, cleoAPI, "Visitor 1")
	srv.advance(t, time.Minute)
	second := newWindow(t, cleo)
	open(second, srv.URL+"/")
	waitTextIn(second, offer, "Visitor 1")
	left, err := strconv.Atoi(strings.TrimSuffix(textOf(second, byCSS(".offer-countdown")), " s"))
	require.NoError(t, err)
	require.LessOrEqual(t, left, 60, "the second window counts down what is left")
	accepts(t, second, "Visitor 1", "My parcel is lost")
	waitGone(cleo, offer)
	waitMessage(customer, transcript, "Cleo Agent joined the chat.")
}

// Pick from Open work items; Shift+click a case row opens its session, and
// again focuses it rather than opening a second one [S7, S8, D1].
func TestPickAndShiftClick(t *testing.T) {
	srv := startServer(t)
	// Ana takes no offers, so the chat waits in the queue for her to pick.
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)
	click(ana, "button", "Presence: Available")
	click(ana, "menuitemradio", "Do not disturb")
	waitVisible(ana, byRole("button", "Presence: Do not disturb"))
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "Hello?")
	pick(t, ana, "Visitor 1", "Hello?")
	require.False(t, isVisible(ana, offer))

	// A saved case shows in My active cases.
	clickOn(ana, home)
	click(ana, "button", "New case")
	fillIn(ana, caseTitle, "Lost parcel 7781")
	click(ana, "button", "Save")
	waitVisible(ana, byRole("tab", "Lost parcel 7781").in(sessionsNav))
	clickOn(ana, byRole("button", "Close session Lost parcel 7781"))
	clickOn(ana, byRole("button", "Close").in(byRole("dialog", "Close this session?")))
	waitGone(ana, byRole("tab", "Lost parcel 7781"))
	clickOn(ana, home)
	row := byRole("row", "").withText("Lost parcel 7781").in(myCases)
	shiftClick(ana, row)
	waitAttr(ana, byRole("tab", "Lost parcel 7781").in(sessionsNav), "aria-selected", "true")
	waitValue(ana, caseTitle, "Lost parcel 7781")
	clickOn(ana, home)
	shiftClick(ana, row)
	waitAttr(ana, byRole("tab", "Lost parcel 7781").in(sessionsNav), "aria-selected", "true")
	require.Equal(t, []string{"Home", "Visitor 1", "Lost parcel 7781"}, names(ana, sessionTabs))

	// Ending, then closing the session, lists the chat as closed today.
	clickOn(ana, byRole("tab", "Visitor 1").in(sessionsNav))
	ends(ana)
	waitMessage(customer, transcript, "Ana Agent ended the chat.")
	clickOn(ana, byRole("button", "Close session Visitor 1"))
	clickOn(ana, byRole("button", "Close").in(byRole("dialog", "Close this session?")))
	waitGone(ana, byRole("tab", "Visitor 1"))
	waitTextIn(ana, byRole("row", "").withText("Visitor 1").in(closedWork), "closed")
}

// shiftClick clicks an element with Shift held [S7].
func shiftClick(ctx context.Context, l loc) {
	b := from(ctx)
	b.t.Helper()
	p := decode[struct{ X, Y float64 }](ctx, waitJS(ctx, "a clickable "+l.String(), "point", l))
	if err := chromedp.Do(ctx,
		chromedp.MouseEvent(chromedp.MouseMoved, p.X, p.Y),
		chromedp.MouseClickXY(p.X, p.Y, chromedp.ButtonModifiers(chromedp.ModifierShift)),
	); err != nil {
		b.t.Fatalf("browser %d: shift+click %s: %v", b.n, l, err)
	}
}

// newWindow opens another tab of the same browser, sharing its cookies and
// storage, as an agent with two windows has.
func newWindow(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	// The first action binds the tab's life to its context: no timeout here.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("open a second window: %v", err)
	}
	return tab
}
