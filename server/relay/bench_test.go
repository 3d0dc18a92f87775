package relay_test

// BenchmarkRelay measures the path a customer's message takes through the
// real server (httpapi, relay, routing, the SQLite store on disk) to the
// agent's websocket, and beside it the same traffic through a bare
// coder/websocket server that only forwards frames: the baseline says what
// the transport alone costs on this machine, in the same run. It does a
// fixed amount of work and ignores b.N (`-benchtime 1x`, make bench); the
// figures are custom metrics and a table printed after the run.

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/httpapi"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/sentiment"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

// The traffic: 500 conversations, each handled by one of 100 agents (5
// each), and customers writing 200 messages a second in all.
const (
	conversations = 500
	agents        = 100
	perAgent      = conversations / agents
	rate          = 200 // messages per second, all conversations together
	openLoopFor   = 10 * time.Second
	closedLoopFor = 5 * time.Second
	idleConns     = 1000
)

// idleClientsEnv makes the test binary a process of idle websocket clients
// (see TestMain): the memory of idle connections is measured in the
// server's process alone.
const idleClientsEnv = "RELAY_BENCH_IDLE_URL"

func TestMain(m *testing.M) {
	if url := os.Getenv(idleClientsEnv); url != "" {
		os.Exit(idleClients(url))
	}
	code := m.Run()
	pgtest.Stop() // the cluster benchmark's PostgreSQL, if it started one
	os.Exit(code)
}

func BenchmarkRelay(b *testing.B) {
	b.ReportMetric(0, "ns/op") // the time of the whole benchmark means nothing
	var report strings.Builder
	fmt.Fprintf(&report, "\nRelay: %d conversations, %d agents, customer → server → agent (GOMAXPROCS %d)\n", conversations, agents, runtime.GOMAXPROCS(0))
	fmt.Fprintf(&report, "  %-34s %9s %9s %9s %11s %11s\n", "", "p50 ms", "p99 ms", "max ms", "delivered/s", "closed-loop/s")

	type figures struct {
		open   trafficResult
		closed trafficResult
		idle   idleMemory
	}
	var got [2]figures
	for i, t := range []func(testing.TB) *target{newRelayTarget, newBareTarget} {
		tg := t(b)
		got[i].idle = tg.idle(b) // first, while the heap holds no traffic's garbage
		got[i].open = tg.run(b, rate, openLoopFor)
		got[i].closed = tg.run(b, 0, closedLoopFor)
		tg.close()
		fmt.Fprintf(&report, "  %-34s %9.2f %9.2f %9.2f %11.0f %11.0f\n", tg.name,
			got[i].open.p(50), got[i].open.p(99), got[i].open.p(100), got[i].open.rate(), got[i].closed.rate())
	}
	relayFig, bare := got[0], got[1]
	b.ReportMetric(relayFig.open.p(50), "ms-p50")
	b.ReportMetric(relayFig.open.p(99), "ms-p99")
	b.ReportMetric(relayFig.open.rate(), "msgs/s")
	b.ReportMetric(relayFig.closed.rate(), "msgs/s-max")
	b.ReportMetric(relayFig.idle.heapPerConn/1024, "KiB-heap/conn")
	b.ReportMetric(relayFig.idle.rssPerConn/1024, "KiB-rss/conn")
	b.ReportMetric(bare.open.p(50), "bare-ms-p50")
	b.ReportMetric(bare.open.p(99), "bare-ms-p99")
	b.ReportMetric(bare.closed.rate(), "bare-msgs/s-max")
	b.ReportMetric(bare.idle.heapPerConn/1024, "bare-KiB-heap/conn")
	b.ReportMetric(bare.idle.rssPerConn/1024, "bare-KiB-rss/conn")
	b.ReportMetric(relayFig.open.p(99)/bare.open.p(99), "p99-ratio")

	fmt.Fprintf(&report, "  p99 relay/bare: %.1f×; open loop at %d msg/s for %v, closed loop: every conversation sends its next message on its ack\n",
		relayFig.open.p(99)/bare.open.p(99), rate, openLoopFor)
	for i, name := range []string{"relay", "bare"} {
		fmt.Fprintf(&report, "  %d idle customer websockets (%s): server heap %+.1f KiB/conn, RSS %+.1f KiB/conn\n",
			idleConns, name, got[i].idle.heapPerConn/1024, got[i].idle.rssPerConn/1024)
	}
	b.Cleanup(func() { fmt.Print(report.String()) })
}

// target is a server under test and how clients talk to it.
type target struct {
	name string
	url  string // ws://host
	// agentURL is where agents connect when not at url.
	agentURL string
	srv      *httptest.Server
	// customers holds the hello token of each customer ("" for none) and
	// convIDs their conversations; agentHeaders sign agent j in, and
	// agentSetup subscribes its connection to its conversations.
	customers    []string
	convIDs      []int64
	agentHeaders []http.Header
	agentSetup   func(ctx context.Context, ws *websocket.Conn, j int) error
	customerPath func(i int) string
	agentPath    func(j int) string
	close        func()
}

// newRelayTarget is the real server: store on disk, routing, httpapi.
func newRelayTarget(tb testing.TB) *target {
	st, err := store.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	return newSwitchboardTarget(tb, "switchboard (SQLite, routing, sentiment)", []process{{st, relay.NewLocalBus()}})
}

// process is one switchboard process of a target: its store connections
// and its bus. Several share one PostgreSQL database and one NATS server.
type process struct {
	store *store.Store
	bus   relay.Bus
}

// newSwitchboardTarget serves customers from the first process and agents
// from the last, so with two a message crosses the bus between them. Data
// is set up through the first.
func newSwitchboardTarget(tb testing.TB, name string, procs []process) *target {
	ctx := context.Background()
	st := procs[0].store
	ws, err := st.EnsureDefaultWorkstream(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	tg := &target{name: name}
	// Agents: bcrypt makes each take a while, so two at a time.
	agentIDs := make([]int64, agents)
	tg.agentHeaders = make([]http.Header, agents)
	var wg sync.WaitGroup
	var failed atomic.Value
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := w; j < agents; j += 2 {
				a, err := st.CreateAgent(ctx, fmt.Sprintf("agent%d@example.com", j), fmt.Sprintf("Agent %d", j), "agent", "correct horse battery")
				if err != nil {
					failed.Store(err)
					return
				}
				tok, err := st.CreateAuthSession(ctx, a.ID, time.Hour)
				if err != nil {
					failed.Store(err)
					return
				}
				agentIDs[j] = a.ID
				tg.agentHeaders[j] = http.Header{"Cookie": {"switchboard_session=" + tok}}
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		tb.Fatal(err)
	}
	// Each conversation is active with its agent, as in a busy hour: no
	// offers in flight, just chatting.
	for i := range conversations {
		c, err := st.StartConversation(ctx, ws.ID)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := st.AssignConversation(ctx, c.ID, agentIDs[i/perAgent]); err != nil {
			tb.Fatal(err)
		}
		tg.customers = append(tg.customers, c.Token)
		tg.convIDs = append(tg.convIDs, c.ID)
	}

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var closers []func()
	for i, p := range procs {
		rl := relay.New(p.store, p.bus, log)
		rl.Scorer = sentiment.NewScorer() // as in production: customer messages are scored
		rt := routing.New(p.store, rl, log)
		rl.Routing = rt
		if _, local := p.bus.(*relay.LocalBus); local {
			if err := rt.Start(ctx); err != nil {
				tb.Fatal(err)
			}
		} else {
			cl := routing.NewCluster(rt, p.store, p.bus, log)
			rl.Routing = cl
			runCtx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { defer close(done); cl.Run(runCtx) }()
			closers = append(closers, func() { cancel(); <-done })
		}
		api := httpapi.New(p.store, rl, rt, log, http.NotFoundHandler(), http.NotFoundHandler())
		srv := httptest.NewServer(api)
		url := "ws" + strings.TrimPrefix(srv.URL, "http")
		if i == 0 {
			tg.srv, tg.url = srv, url
		}
		tg.agentURL = url
		closers = append(closers, func() {
			srv.CloseClientConnections()
			srv.Close()
			rt.Stop()
			p.store.Close()
		})
	}
	tg.customerPath = func(int) string { return "/ws/chat" }
	tg.agentPath = func(int) string { return "/ws/agent" }
	tg.agentSetup = func(ctx context.Context, ws *websocket.Conn, j int) error {
		if err := writeEnvelope(ctx, ws, wire.Encode(wire.TypeHello, 0, 0, wire.Hello{})); err != nil {
			return err
		}
		if err := readUntil(ctx, ws, wire.TypeReady); err != nil {
			return err
		}
		for _, id := range tg.convIDs[j*perAgent : (j+1)*perAgent] {
			if err := writeEnvelope(ctx, ws, wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{})); err != nil {
				return err
			}
		}
		return nil
	}
	tg.close = func() {
		for _, c := range closers {
			c()
		}
	}
	return tg
}

// newBareTarget forwards every customer frame to the agent of its
// conversation and acknowledges it to the customer: no storage, no JSON
// decoding, nothing else.
func newBareTarget(tb testing.TB) *target {
	tg := &target{name: "bare coder/websocket forwarder"}
	var mu sync.Mutex
	agentConns := map[int]*websocket.Conn{}
	ack := []byte(`{"type":"ack"}`)
	mux := http.NewServeMux()
	mux.HandleFunc("/agent", func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		j, _ := strconv.Atoi(r.URL.Query().Get("j"))
		mu.Lock()
		agentConns[j] = ws
		mu.Unlock()
		for {
			if _, _, err := ws.Read(r.Context()); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/customer", func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		i, _ := strconv.Atoi(r.URL.Query().Get("i"))
		for {
			typ, frame, err := ws.Read(r.Context())
			if err != nil {
				return
			}
			mu.Lock()
			a := agentConns[i/perAgent]
			mu.Unlock()
			if a != nil {
				a.Write(r.Context(), typ, frame)
			}
			ws.Write(r.Context(), websocket.MessageText, ack)
		}
	})
	tg.srv = httptest.NewServer(mux)
	tg.url = "ws" + strings.TrimPrefix(tg.srv.URL, "http")
	tg.customers = make([]string, conversations)
	tg.convIDs = make([]int64, conversations)
	for i := range tg.convIDs {
		tg.convIDs[i] = int64(i + 1)
	}
	tg.agentHeaders = make([]http.Header, agents)
	tg.customerPath = func(i int) string { return "/customer?i=" + strconv.Itoa(i) }
	tg.agentPath = func(j int) string { return "/agent?j=" + strconv.Itoa(j) }
	tg.agentSetup = func(context.Context, *websocket.Conn, int) error { return nil }
	tg.close = func() {
		tg.srv.CloseClientConnections()
		tg.srv.Close()
	}
	return tg
}

// trafficResult is one run: the latency of every delivered message.
type trafficResult struct {
	latencies []float64 // ms, sorted
	elapsed   time.Duration
}

// p is the q-th percentile (nearest rank) in ms; p(100) is the maximum.
func (r trafficResult) p(q float64) float64 {
	if len(r.latencies) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(q/100*float64(len(r.latencies)))) - 1
	return r.latencies[max(0, i)]
}

func (r trafficResult) rate() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

// run connects every customer and agent, then sends for d: at perSecond
// messages a second spread evenly over the conversations (open loop:
// latency counts from when a message was due, so a stalled server cannot
// hide its backlog), or with perSecond 0 as fast as acks come back, each
// conversation sending its next message when the last one was acked.
var runs int

func (tg *target) run(tb testing.TB, perSecond int, d time.Duration) trafficResult {
	ctx, cancel := context.WithTimeout(context.Background(), d+time.Minute)
	defer cancel()

	// Agents first, so no message is sent before its reader is there.
	var mu sync.Mutex
	var lat []float64
	var sent sync.Map // key → when it was due (closed loop: sent)
	var delivered atomic.Int64
	agentWS := make([]*websocket.Conn, agents)
	for j := range agents {
		ws, _, err := websocket.Dial(ctx, cmp.Or(tg.agentURL, tg.url)+tg.agentPath(j), &websocket.DialOptions{HTTPHeader: tg.agentHeaders[j]})
		if err != nil {
			tb.Fatalf("%s: agent %d: %v", tg.name, j, err)
		}
		ws.SetReadLimit(1 << 20)
		if err := tg.agentSetup(ctx, ws, j); err != nil {
			tb.Fatalf("%s: agent %d: %v", tg.name, j, err)
		}
		agentWS[j] = ws
		go func() {
			for {
				_, frame, err := ws.Read(ctx)
				if err != nil {
					return
				}
				now := time.Now()
				key, ok := messageKey(frame)
				if !ok {
					continue
				}
				due, ok := sent.Load(key)
				if !ok {
					continue
				}
				mu.Lock()
				lat = append(lat, float64(now.Sub(due.(time.Time)).Microseconds())/1000)
				mu.Unlock()
				delivered.Add(1)
			}
		}()
	}
	// The subscriptions are in once an agent's later request is answered:
	// requests on one connection are handled in order.
	time.Sleep(500 * time.Millisecond)

	customerWS := make([]*websocket.Conn, conversations)
	acks := make([]chan struct{}, conversations)
	for i := range conversations {
		ws := dialCustomer(ctx, tb, tg.url+tg.customerPath(i), tg.customers[i])
		customerWS[i] = ws
		acks[i] = make(chan struct{}, 16)
		go func() {
			for {
				_, frame, err := ws.Read(ctx)
				if err != nil {
					return
				}
				// A refusal (rate limit) releases the sender too; the message
				// then never arrives, which the run reports.
				if f := string(frame); strings.Contains(f, `"type":"ack"`) || strings.Contains(f, `"type":"error"`) {
					select {
					case acks[i] <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	defer func() {
		for _, ws := range append(customerWS, agentWS...) {
			ws.CloseNow()
		}
	}()

	runs++
	prefix := strconv.Itoa(runs) + "-" // a key is never reused: the relay would take it for a resend
	send := func(i, k int, due time.Time) {
		key := prefix + strconv.Itoa(k)
		sent.Store(key, due)
		frame, _ := json.Marshal(wire.Encode(wire.TypeMessageSend, tg.convIDs[i], 0,
			wire.MessageSend{Key: key, Body: "Hello, my order 12345 has not arrived yet, could you check where it is?"}))
		if err := customerWS[i].Write(ctx, websocket.MessageText, frame); err != nil {
			tb.Errorf("%s: customer %d: %v", tg.name, i, err)
		}
	}

	start := time.Now()
	var total int
	if perSecond > 0 {
		// One sender goroutine per customer, fed by a clock that does not
		// wait for anyone.
		interval := time.Second / time.Duration(perSecond)
		total = int(d / interval)
		queues := make([]chan int, conversations)
		var wg sync.WaitGroup
		for i := range queues {
			queues[i] = make(chan int, 64)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range queues[i] {
					send(i, k, start.Add(time.Duration(k)*interval))
				}
			}()
		}
		for k := range total {
			time.Sleep(time.Until(start.Add(time.Duration(k) * interval)))
			queues[k%conversations] <- k
		}
		for _, q := range queues {
			close(q)
		}
		wg.Wait()
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		stop := start.Add(d)
		for i := range conversations {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(stop) {
					send(i, int(next.Add(1)), time.Now())
					select {
					case <-acks[i]:
					case <-ctx.Done():
						return
					}
				}
			}()
		}
		wg.Wait()
		total = int(next.Load())
	}
	// Wait for the last deliveries.
	for deadline := time.Now().Add(10 * time.Second); delivered.Load() < int64(total) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	elapsed := time.Since(start)
	mu.Lock()
	defer mu.Unlock()
	if len(lat) < total {
		tb.Errorf("%s: %d of %d messages reached their agent", tg.name, len(lat), total)
	}
	slices.Sort(lat)
	return trafficResult{latencies: slices.Clone(lat), elapsed: elapsed}
}

// messageKey is the key of a customer's message as an agent receives it:
// message.created from the relay, the customer's own message.send from the
// bare forwarder.
func messageKey(frame []byte) (string, bool) {
	// Most frames an agent gets are other conversations' updates: skip
	// them without decoding, so the clients (in this process) cost little.
	if !bytes.Contains(frame, []byte(`"type":"message.`)) {
		return "", false
	}
	var e wire.Envelope
	if json.Unmarshal(frame, &e) != nil {
		return "", false
	}
	switch e.Type {
	case wire.TypeMessageCreated:
		var m wire.Message
		if json.Unmarshal(e.Data, &m) != nil {
			return "", false
		}
		return m.Key, true
	case wire.TypeMessageSend:
		var m wire.MessageSend
		if json.Unmarshal(e.Data, &m) != nil {
			return "", false
		}
		return m.Key, true
	}
	return "", false
}

// dialCustomer connects and says hello; the relay answers ready, the bare
// forwarder its ack.
func dialCustomer(ctx context.Context, tb testing.TB, url, token string) *websocket.Conn {
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		tb.Fatalf("customer: %v", err)
	}
	ws.SetReadLimit(1 << 20)
	if err := writeEnvelope(ctx, ws, wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: token})); err != nil {
		tb.Fatalf("customer hello: %v", err)
	}
	if _, _, err := ws.Read(ctx); err != nil {
		tb.Fatalf("customer hello: %v", err)
	}
	return ws
}

func writeEnvelope(ctx context.Context, ws *websocket.Conn, e wire.Envelope) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return ws.Write(ctx, websocket.MessageText, b)
}

func readUntil(ctx context.Context, ws *websocket.Conn, typ string) error {
	for {
		_, b, err := ws.Read(ctx)
		if err != nil {
			return err
		}
		var e wire.Envelope
		if json.Unmarshal(b, &e) == nil && e.Type == typ {
			return nil
		}
	}
}

// idleMemory is what one idle customer connection costs the server.
type idleMemory struct{ heapPerConn, rssPerConn float64 }

// idle opens idleConns customer websockets from another process (this test
// binary again, see TestMain), so that only the server's side of them is in
// this process, and measures the heap and RSS they add.
func (tg *target) idle(tb testing.TB) idleMemory {
	var tokens []string
	for i := range idleConns {
		tokens = append(tokens, tg.customerPath(i%conversations)+" "+tg.customers[i%conversations])
	}
	heap0, rss0 := memory()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), idleClientsEnv+"="+tg.url)
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	defer func() {
		in.Close() // the clients hang up and exit
		cmd.Wait()
	}()
	if _, err := io.WriteString(in, strings.Join(tokens, "\n")+"\n\n"); err != nil {
		tb.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		tb.Fatalf("%s: idle clients: %q, %v", tg.name, line, err)
	}
	time.Sleep(time.Second) // let the handlers settle
	heap1, rss1 := memory()
	return idleMemory{heapPerConn: (heap1 - heap0) / idleConns, rssPerConn: (rss1 - rss0) / idleConns}
}

// memory returns the bytes of live heap and goroutine stacks after a
// collection, and the resident set size of this process.
func memory() (heap, rss float64) {
	debug.FreeOSMemory() // collects, and returns what it freed, so RSS means live memory
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			rss = kb * 1024
		}
	}
	return float64(ms.HeapAlloc + ms.StackInuse), rss
}

// idleClients dials one websocket per "path token" line of stdin, says
// hello on each, prints "ready" once every one is answered, and holds them
// until stdin closes.
func idleClients(base string) int {
	ctx := context.Background()
	in := bufio.NewReader(os.Stdin)
	var conns []*websocket.Conn
	for {
		line, err := in.ReadString('\n')
		line = strings.TrimSpace(line)
		if line == "" || err != nil {
			break
		}
		path, token, _ := strings.Cut(line, " ")
		ws, _, err := websocket.Dial(ctx, base+path, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, "idle client:", err)
			return 1
		}
		b, _ := json.Marshal(wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: token}))
		if err := ws.Write(ctx, websocket.MessageText, b); err != nil {
			fmt.Fprintln(os.Stderr, "idle client:", err)
			return 1
		}
		if _, _, err := ws.Read(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "idle client:", err)
			return 1
		}
		conns = append(conns, ws)
		// Keep reading (and answering pings) in the background.
		go func() {
			for {
				if _, _, err := ws.Read(ctx); err != nil {
					return
				}
			}
		}()
	}
	fmt.Println("ready")
	io.Copy(io.Discard, in)
	for _, ws := range conns {
		ws.CloseNow()
	}
	return 0
}
