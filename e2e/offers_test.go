package e2e

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// advance moves the server's routing clock on (serve -test-clock), so an
// offer runs out at the step the test chooses, however slow the machine.
func (s *server) advance(t *testing.T, d time.Duration) {
	t.Helper()
	res, err := http.Post(fmt.Sprintf("%s/test/clock?advance=%s", s.URL, d), "", nil)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusNoContent, res.StatusCode, "advance the test clock")
}

// apiAs signs an agent in for the REST API, beside their browser.
func apiAs(t *testing.T, srv *server, email string) *http.Client {
	t.Helper()
	c, err := agentClient(srv.URL, email)
	require.NoError(t, err)
	return c
}

// offersOf lists what the server has on offer to the agent of client.
func offersOf(t *testing.T, srv *server, client *http.Client) []wire.Offer {
	t.Helper()
	var list []wire.Offer
	require.NoError(t, apiCall(client, "GET", srv.URL+"/api/offers", nil, &list))
	return list
}

// waitOffer waits until the server has an offer of the conversation titled
// title to the agent of client for which ok holds.
func waitOffer(t *testing.T, srv *server, client *http.Client, title, what string, ok func(wire.Offer) bool) wire.Offer {
	t.Helper()
	return waitOfferWithin(t, srv, client, stepTimeout, title, what, ok)
}

// waitOfferWithin is waitOffer with its own bound.
func waitOfferWithin(t *testing.T, srv *server, client *http.Client, bound time.Duration, title, what string, ok func(wire.Offer) bool) wire.Offer {
	t.Helper()
	deadline := time.Now().Add(bound)
	var last []wire.Offer
	for time.Now().Before(deadline) {
		last = offersOf(t, srv, client)
		for _, o := range last {
			if o.Conversation.Title == title && ok(o) {
				return o
			}
		}
		time.Sleep(pollInterval)
	}
	t.Fatalf("no offer of %s %s; offers: %+v", title, what, last)
	return wire.Offer{}
}

// waitShown waits until a window of the agent has told the server that it
// shows the offer, so its expiry is the agent's miss.
func waitShown(t *testing.T, srv *server, client *http.Client, title string) {
	t.Helper()
	waitOffer(t, srv, client, title, "shown", func(o wire.Offer) bool { return o.Shown })
}

// setFrozen freezes or resumes a page as the browser does with a tab in
// the background: no script runs while frozen, yet its websocket stays
// open and answers pings.
func setFrozen(ctx context.Context, frozen bool) {
	b := from(ctx)
	b.t.Helper()
	state := page.SetWebLifecycleStateStateActive
	if frozen {
		state = page.SetWebLifecycleStateStateFrozen
	}
	if _, err := chromedp.Call(ctx, page.SetWebLifecycleState, page.SetWebLifecycleStateParams{State: state}); err != nil {
		b.t.Fatalf("browser %d: set the page %s: %v", b.n, state, err)
	}
}

// inactiveOnMiss turns on the administrator's rule that a missed offer
// sets the agent Inactive [P2].
func inactiveOnMiss(t *testing.T, srv *server) {
	t.Helper()
	srv.addAgent(t, "ada@example.com", "Ada Admin", "admin", agentPassword)
	admin := apiAs(t, srv, "ada@example.com")
	var s wire.Settings
	require.NoError(t, apiCall(admin, "GET", srv.URL+"/api/settings", nil, &s))
	s.InactiveOnMiss = true
	require.NoError(t, apiCall(admin, "PUT", srv.URL+"/api/admin/settings", s, nil))
}

// An offer reaches a screen, or it is not counted: offered while the
// agent's only window cannot show it, it runs out unseen, costs her
// nothing, and comes back to her; her window then shows it with the time
// it has left [S9, P2].
func TestAnOfferNoWindowShowedIsNoMiss(t *testing.T) {
	srv := startServer(t, withArgs("-test-clock", "-metrics-token", diagnosticToken))
	inactiveOnMiss(t, srv)
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)
	anaAPI := apiAs(t, srv, "ana@example.com")
	// This test failed 2 times in 49 with no re-offer; a failure says what
	// routing did, to tell its causes apart: an offer shown after all (a
	// miss), or unseen and not routed again.
	defer func() {
		if t.Failed() {
			var s wire.Session
			err := apiCall(anaAPI, "GET", srv.URL+"/api/session", nil, &s)
			t.Logf("offers by outcome: %s; Ana's session: %+v (%v)", offerOutcomes(t, srv), s.Agent, err)
		}
	}()

	// Ana's window stops running, as a tab in the background may; its
	// connection stays up, so she is still offered work.
	setFrozen(ana, true)
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "Is anyone there?")
	first := waitOffer(t, srv, anaAPI, "Visitor 1", "to Ana", func(o wire.Offer) bool { return true })
	require.False(t, first.Shown)

	// It runs out before any window of hers showed it. Her window comes
	// back: it is offered to her again (at once, or when the window
	// reconnects if the browser closed its socket while frozen), it shows
	// the offer, and she is not Inactive.
	srv.advance(t, time.Duration(first.LeftMs)*time.Millisecond)
	// Chromium may have closed the frozen page's socket without telling
	// it: the page reconnects as it resumes.
	setFrozen(ana, false)
	waitOfferWithin(t, srv, anaAPI, readyTimeout, "Visitor 1", "offered again", func(o wire.Offer) bool {
		return o.ExpiresAt.After(first.ExpiresAt)
	})
	waitTextIn(ana, offer, "Is anyone there?")
	waitShown(t, srv, anaAPI, "Visitor 1")
	waitVisible(ana, byRole("button", "Presence: Available"))
	accepts(t, ana, "Visitor 1", "Is anyone there?")
}

// diagnosticToken lets a test read the server's /metrics.
const diagnosticToken = "e2e-diagnostics"

// offerOutcomes reads the server's offer counters, by outcome.
func offerOutcomes(t *testing.T, srv *server) string {
	_, body := getAuthorized(t, srv.URL+"/metrics", "Bearer "+diagnosticToken)
	var counts []string
	for line := range strings.Lines(body) {
		if v, ok := strings.CutPrefix(line, "switchboard_offers_total{"); ok {
			counts = append(counts, "{"+strings.TrimSpace(v))
		}
	}
	return strings.Join(counts, ", ")
}

// holdOnce is a proxy in front of the server that holds the first request
// for path until release is closed, then lets it through; every other
// request passes at once. With answered set (before the first request),
// the server answers the first request at once and its answer is held.
type holdOnce struct {
	path     string
	answered bool
	held     chan struct{} // closed when the first request for path (or its answer) arrived
	release  chan struct{}
	once     sync.Once
	proxy    *httputil.ReverseProxy
}

func newHoldOnce(t *testing.T, target, path string) (*holdOnce, string) {
	t.Helper()
	u, err := url.Parse(target)
	require.NoError(t, err)
	h := &holdOnce{path: path, held: make(chan struct{}), release: make(chan struct{}), proxy: httputil.NewSingleHostReverseProxy(u)}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-h.release:
		default:
			close(h.release)
		}
	})
	return h, srv.URL
}

func (h *holdOnce) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == h.path {
		first := false
		h.once.Do(func() { first = true })
		if first && h.answered {
			answer := httptest.NewRecorder()
			h.proxy.ServeHTTP(answer, r)
			close(h.held)
			<-h.release
			maps.Copy(w.Header(), answer.Header())
			w.WriteHeader(answer.Code)
			_, _ = w.Write(answer.Body.Bytes())
			return
		}
		if first {
			close(h.held)
			<-h.release
		}
	}
	h.proxy.ServeHTTP(w, r)
}

// A fetch that answers after the app gave up on it does nothing: it reaches
// no released callback (syscall/js logs that, and the answer is lost), and
// the app goes on working [bad input: a late answer].
func TestALateAnswerDoesNotStopTheApp(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "ana@example.com", "Ana Agent", "agent", agentPassword)
	hold, base := newHoldOnce(t, srv.URL, "/api/offers")
	ana := newBrowser(t)
	open(ana, base+"/")
	signIn(ana, "ana@example.com", agentPassword)

	// The workspace's first GET /api/offers is held until the app gives up.
	select {
	case <-hold.held:
	case <-time.After(readyTimeout):
		t.Fatal("the workspace never asked for its offers")
	}
	waitTextIn(within(ana, readyTimeout), byRole("alert", ""), "Something went wrong. Please try again.")

	// Now the answer comes, late.
	close(hold.release)

	// The app still works: a new chat is offered and can be accepted.
	customer := newBrowser(t)
	open(customer, base+"/chat")
	customerSends(customer, "Hello after the late answer")
	accepts(t, ana, "Visitor 1", "Hello after the late answer")
	for _, e := range consoleErrors(ana) {
		require.NotContains(t, e, "released function", "the late answer reached a released callback")
	}
}
