package e2e

// BenchmarkSessionSwitching measures the workspace where an agent spends the
// day: nine conversation sessions of 1,000 messages each, switched between,
// with a customer writing in the focused one. The times are taken in the
// page with performance.now(): from the click on a session tab (or the
// arrival of a websocket frame) to the next animation frame after the
// change is in the DOM, that is the frame that shows it.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

const (
	benchSessions = 9 // the session panel holds Home and nine more
	benchHistory  = 1000
	benchSwitches = 45 // five rounds of the nine sessions
	benchMessages = 30
)

// withSeed fills the data directory before the server starts.
func withSeed(seed func(dir string)) serverOption {
	return func(s *server) { seed(s.Dir) }
}

// seedSessions creates the agent and n conversations assigned to them,
// each with history messages, straight through the store (as the server
// would have stored them), and returns them.
func seedSessions(tb testing.TB, dir string, n, history int) []store.Conversation {
	ctx := context.Background()
	st, err := store.Open(ctx, dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	a, err := st.CreateAgent(ctx, agentEmail, agentName, "agent", agentPassword)
	if err != nil {
		tb.Fatal(err)
	}
	ws, err := st.EnsureDefaultWorkstream(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	var convs []store.Conversation
	for range n {
		c, err := st.StartConversation(ctx, ws.ID)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := st.AssignConversation(ctx, c.ID, a.ID); err != nil {
			tb.Fatal(err)
		}
		for i := 1; i <= history; i++ {
			m := store.Message{ConversationID: c.ID, Sender: store.SenderCustomer, SenderName: c.Title,
				Body: fmt.Sprintf("Message %d: my order 12345 has not arrived yet, could you check where it is?", i)}
			if i%2 == 0 {
				m = store.Message{ConversationID: c.ID, Sender: store.SenderAgent, SenderName: agentName, AgentID: a.ID,
					Body: agentLine(i)}
			}
			if _, _, err := st.AppendMessage(ctx, m); err != nil {
				tb.Fatal(err)
			}
		}
		convs = append(convs, c)
	}
	return convs
}

func agentLine(i int) string {
	return fmt.Sprintf("Message %d: thank you, I am looking at the shipment now.", i)
}

func BenchmarkSessionSwitching(b *testing.B) {
	b.ReportMetric(0, "ns/op") // the time of the whole benchmark means nothing
	var convs []store.Conversation
	seedStart := time.Now()
	srv := startServer(b, withSeed(func(dir string) { convs = seedSessions(b, dir, benchSessions, benchHistory) }))
	b.Logf("seeded %d×%d messages and started in %v", benchSessions, benchHistory, time.Since(seedStart).Round(time.Millisecond))

	agent := newBrowser(b)
	addArrivalProbe(agent)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)

	// Open the nine sessions from My work items, as an agent would.
	mine := byRole("region", "My work items")
	var titles []string
	for i := 1; i <= benchSessions; i++ {
		title := "Visitor " + strconv.Itoa(i)
		clickOn(agent, home)
		row := byRole("row", "").withText(title).in(mine)
		clickOn(agent, byRole("button", "More options").in(row))
		clickOn(agent, byRole("menuitem", "Open").in(byRole("menu", "")))
		waitAttr(agent, byRole("tab", title).in(sessionsNav), "aria-selected", "true")
		waitMessage(agent, agentTranscript, agentLine(benchHistory))
		titles = append(titles, title)
	}

	// Switch: always to another session than the focused one.
	order := append(titles[1:], titles[0])
	sw := runInPage[switchTimes](agent, switchScript, order, benchSwitches)
	if len(sw.Frame) != benchSwitches {
		b.Fatalf("measured %d switches, want %d", len(sw.Frame), benchSwitches)
	}

	// A customer writes in the focused session (the last one switched to).
	focused := slices.Index(titles, order[(benchSwitches-1)%len(order)])
	conv := convs[focused]
	customer := dialChat(b, srv.URL, conv.Token)
	defer customer.CloseNow()
	var arrive []messageTimes
	for k := range benchMessages {
		marker := "bench-" + strconv.Itoa(k)
		runInPage[bool](agent, armMessageScript, marker)
		body := "Did you find it? " + marker
		if err := writeFrame(customer, wire.Encode(wire.TypeMessageSend, conv.ID, 0, wire.MessageSend{Key: marker, Body: body})); err != nil {
			b.Fatalf("customer: %v", err)
		}
		arrive = append(arrive, runInPage[messageTimes](agent, awaitMessageScript))
		time.Sleep(100 * time.Millisecond) // a customer types; and the rate limit
	}

	var msgFrame, msgDOM []float64
	for _, m := range arrive {
		msgFrame = append(msgFrame, m.Frame-m.Arrived)
		msgDOM = append(msgDOM, m.DOM-m.Arrived)
	}
	p50, p95 := percentile(sw.Frame, 50), percentile(sw.Frame, 95)
	b.ReportMetric(p50, "ms-switch-p50")
	b.ReportMetric(p95, "ms-switch-p95")
	b.ReportMetric(percentile(msgFrame, 50), "ms-message-p50")
	b.ReportMetric(percentile(msgFrame, 95), "ms-message-p95")

	fmt.Fprintf(&report, "Session switching (%d sessions × %d messages; times in the page, ms)\n", benchSessions, benchHistory)
	fmt.Fprintf(&report, "  %-52s %7s %7s %7s %7s\n", "", "p50", "p95", "min", "max")
	for _, row := range []struct {
		name string
		xs   []float64
	}{
		{fmt.Sprintf("switch: click → DOM shows the session (%d)", len(sw.DOM)), sw.DOM},
		{"switch: click → next frame", sw.Frame},
		{fmt.Sprintf("new message: frame arrives → in the DOM (%d)", len(msgDOM)), msgDOM},
		{"new message: frame arrives → next frame", msgFrame},
	} {
		fmt.Fprintf(&report, "  %-52s %7.1f %7.1f %7.1f %7.1f\n", row.name, percentile(row.xs, 50), percentile(row.xs, 95), slices.Min(row.xs), slices.Max(row.xs))
	}
	fmt.Fprintf(&report, "  the frame interval of this headless Chromium: %.1f ms\n\n", sw.FrameInterval)
}

// switchTimes are the ms from each click to the DOM change and to the frame
// after it.
type switchTimes struct {
	DOM           []float64 `json:"dom"`
	Frame         []float64 `json:"frame"`
	FrameInterval float64   `json:"frameInterval"`
}

// switchScript clicks the session tabs named by titles in turn, n times,
// and times each: click → the target's panel is shown (MutationObserver)
// → the next animation frame. The tab is clicked with el.click(), inside
// the page, so that no DevTools round trip is in the figure.
const switchScript = `async (titles, n) => {
	const nav = document.querySelector('nav[aria-label="Sessions"]');
	const tabOf = (t) => [...nav.querySelectorAll('[role=tab]')].find((e) => e.getAttribute('aria-label') === t);
	const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
	const out = {dom: [], frame: [], frameInterval: 0};
	const f0 = await frame();
	for (let i = 0; i < 10; i++) await frame();
	out.frameInterval = (performance.now() - f0) / 10;
	for (let i = 0; i < n; i++) {
		const tab = tabOf(titles[i % titles.length]);
		const panel = document.getElementById(tab.getAttribute('aria-controls'));
		const log = panel.querySelector('[role=log]');
		if (!panel.hidden) throw new Error('the session is already shown: ' + titles[i % titles.length]);
		await frame(); await frame(); // start from a quiet page
		let t0;
		const shown = new Promise((resolve) => {
			const done = () => !panel.hidden && log.querySelector('.msg');
			const mo = new MutationObserver(() => {
				if (done()) { mo.disconnect(); resolve(performance.now()); }
			});
			mo.observe(panel, {attributes: true, attributeFilter: ['hidden']});
		});
		t0 = performance.now();
		tab.click();
		const dom = await shown;
		const next = await frame();
		out.dom.push(dom - t0);
		out.frame.push(next - t0);
		await new Promise((r) => setTimeout(r, 50));
	}
	return out;
}`

// arrivalProbe notes when a websocket frame carrying a "bench-N" marker
// reaches the page, before the app's own listener sees it (the probe's
// listener is added first, in the constructor).
const arrivalProbe = `(() => {
	const Native = window.WebSocket;
	window.__arrived = {};
	window.WebSocket = class extends Native {
		constructor(...args) {
			super(...args);
			this.addEventListener('message', (e) => {
				const m = typeof e.data === 'string' && e.data.match(/"type":"message\.created".*(bench-\d+)/);
				if (m && !(m[1] in window.__arrived)) window.__arrived[m[1]] = performance.now();
			});
		}
	};
})()`

// armMessageScript starts watching the focused transcript for marker.
const armMessageScript = `(marker) => {
	const log = [...document.querySelectorAll('[role=tabpanel] [role=log]')].find((l) => !l.closest('[hidden]'));
	window.__message = new Promise((resolve) => {
		const mo = new MutationObserver(() => {
			const body = [...log.querySelectorAll('.msg-body')].some((b) => b.textContent.includes(marker));
			if (!body) return;
			mo.disconnect();
			const dom = performance.now();
			requestAnimationFrame(() => resolve({marker, dom, frame: performance.now()}));
		});
		mo.observe(log, {childList: true, subtree: true, characterData: true});
	});
	return true;
}`

const awaitMessageScript = `async () => {
	const m = await window.__message;
	m.arrived = window.__arrived[m.marker];
	return m;
}`

// messageTimes are performance.now() readings for one new message.
type messageTimes struct {
	Arrived float64 `json:"arrived"`
	DOM     float64 `json:"dom"`
	Frame   float64 `json:"frame"`
}

// addArrivalProbe installs arrivalProbe in every later document of the tab.
func addArrivalProbe(ctx context.Context) {
	br := from(ctx)
	br.t.Helper()
	params := page.AddScriptToEvaluateOnNewDocumentParams{Source: arrivalProbe}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, params); err != nil {
		br.t.Fatalf("browser %d: add the arrival probe: %v", br.n, err)
	}
}

// runInPage calls the JavaScript function fn with args, awaits it, and
// decodes its result.
func runInPage[T any](ctx context.Context, fn string, args ...any) T {
	br := from(ctx)
	br.t.Helper()
	a, err := json.Marshal(args)
	if err != nil {
		br.t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T]("("+fn+").apply(null, "+string(a)+")", chromedp.EvalAwaitPromise))
	if err != nil {
		br.t.Fatalf("browser %d: %v", br.n, err)
	}
	return v
}

// dialChat opens a customer's websocket to the conversation of token.
func dialChat(tb testing.TB, base, token string) *websocket.Conn {
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws/chat", nil)
	if err != nil {
		tb.Fatalf("customer websocket: %v", err)
	}
	if err := writeFrame(ws, wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: token})); err != nil {
		tb.Fatalf("customer hello: %v", err)
	}
	ws.SetReadLimit(1 << 20)
	// The customer's own replay and acks are not looked at: drain them.
	go func() {
		for {
			if _, _, err := ws.Read(context.Background()); err != nil {
				return
			}
		}
	}()
	return ws
}

func writeFrame(ws *websocket.Conn, e wire.Envelope) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	return ws.Write(ctx, websocket.MessageText, b)
}

// percentile is the q-th percentile of xs (nearest rank).
func percentile(xs []float64, q float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	i := int(float64(len(s))*q/100+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}
