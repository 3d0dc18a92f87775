package e2e

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// The load test is not part of `make test`: `make load` runs it, for
// LOAD (2 minutes unless set), and docs/OPERATIONS.md records its figures.
var (
	loadFor       = flag.Duration("load", 0, "run TestLoad for this long (at most 10m); 0 skips it")
	loadRate      = flag.Float64("load.rate", 100, "customer messages per second, all customers together; agents answer each")
	loadCustomers = flag.Int("load.customers", 1000, "customers, each in their own conversation")
	loadAgents    = flag.Int("load.agents", 20, "agents, who share the conversations")
)

// TestLoad runs many customers and agents on loopback at a steady rate:
// each customer writes at the same pace, each message is answered by its
// agent, and the figures are what a customer would notice (latency), what
// must never happen (loss, errors) and what the server costs (memory, CPU).
func TestLoad(t *testing.T) {
	if *loadFor == 0 {
		t.Skip("run with -load DURATION (make load)")
	}
	require.LessOrEqual(t, *loadFor, 10*time.Minute, "-load is at most 10m")
	customers, agents, rate := *loadCustomers, *loadAgents, *loadRate
	require.Positive(t, customers)
	require.Positive(t, agents)
	require.Positive(t, rate)
	// An agent answers every message in its conversations on one
	// connection, which the relay limits to 20 frames a second.
	require.LessOrEqual(t, rate/float64(agents), 15.0, "-load.rate is too high for so few agents: each would send more than 15 answers a second")

	srv := startServer(t)
	setupStart := time.Now()
	clients := make([]*http.Client, agents)
	for i := range clients {
		email := fmt.Sprintf("load%d@example.com", i)
		srv.addAgent(t, email, fmt.Sprintf("Load Agent %d", i), "agent", agentPassword, "--capacity", "1000000")
		c, err := agentClient(srv.URL, email)
		require.NoError(t, err)
		clients[i] = c
	}
	chats := make([]wire.ChatStarted, customers)
	require.NoError(t, parallel(8, customers, func(i int) error {
		var err error
		if chats[i], err = startChat(srv.URL); err != nil {
			return err
		}
		return pickConversation(clients[i%agents], srv.URL, chats[i].Conversation.ID)
	}))
	convs := make([][]int64, agents)
	for i, chat := range chats {
		convs[i%agents] = append(convs[i%agents], chat.Conversation.ID)
	}
	t.Logf("setup: %d agents signed in, %d conversations started and assigned in %v", agents, customers, time.Since(setupStart).Round(time.Millisecond))

	var stats loadStats
	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	defer func() { cancel(); running.Wait() }()

	agentPeers := make([]*peer, agents)
	for i := range agentPeers {
		a := newAgent(srv.URL, fmt.Sprintf("agent %d", i), clients[i], convs[i])
		answers := make(chan wire.Message, 4096)
		a.onMessage = func(id int64, m wire.Message) {
			if m.Sender != wire.SenderCustomer {
				return
			}
			stats.toAgent.delivered(m.Body)
			select {
			case answers <- m:
			default:
				stats.overflow.Add(1)
			}
		}
		running.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case m := <-answers:
					a.send(m.Conversation, stamp("answer"))
				}
			}
		})
		agentPeers[i] = a
	}
	customerPeers := make([]*peer, customers)
	for i := range customerPeers {
		c := newCustomer(srv.URL, fmt.Sprintf("customer %d", i), chats[i])
		c.onMessage = func(id int64, m wire.Message) {
			if m.Sender == wire.SenderAgent {
				stats.toCustomer.delivered(m.Body)
			}
		}
		customerPeers[i] = c
	}
	all := append(append([]*peer(nil), agentPeers...), customerPeers...)
	for _, p := range all {
		running.Go(func() { p.client.Run(ctx) })
	}
	// Writing starts when everyone is connected and every agent follows
	// all their conversations, so that start-up is not in the figures.
	waitUntil(t, 2*time.Minute, "every client connected", func() bool {
		for i, p := range all {
			p.mu.Lock()
			n, subscribed := p.readies, p.subscribed
			p.mu.Unlock()
			if n == 0 || i < agents && subscribed < len(convs[i]) {
				return false
			}
		}
		return true
	})

	// Each customer writes every customers/rate seconds, starting at a
	// random moment of the first period, so the total rate is steady.
	pid := srv.proc.cmd.Process.Pid
	cpuStart, selfStart := cpuSeconds(pid), cpuSeconds(os.Getpid())
	period := time.Duration(float64(customers) / rate * float64(time.Second))
	writing, stopWriting := context.WithTimeout(ctx, *loadFor)
	defer stopWriting()
	var writers sync.WaitGroup
	start := time.Now()
	for i, c := range customerPeers {
		id := chats[i].Conversation.ID
		offset := rand.N(period)
		writers.Go(func() {
			select {
			case <-writing.Done():
				return
			case <-time.After(offset):
			}
			tick := time.NewTicker(period)
			defer tick.Stop()
			for {
				c.send(id, stamp("question"))
				select {
				case <-writing.Done():
					return
				case <-tick.C:
				}
			}
		})
	}
	writers.Wait()
	elapsed := time.Since(start)
	cpu, self := cpuSeconds(pid)-cpuStart, cpuSeconds(os.Getpid())-selfStart

	// Drain: every question acknowledged and answered, every answer
	// acknowledged and delivered.
	settled := func() bool {
		for _, p := range all {
			if len(p.client.Outbox()) > 0 {
				return false
			}
		}
		return stats.toAgent.count() == countAcked(customerPeers) && stats.toCustomer.count() == countAcked(agentPeers)
	}
	deadline := time.Now().Add(time.Minute)
	for !settled() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	rss, peak := procStatus(pid, "VmRSS"), procStatus(pid, "VmHWM")
	cancel()
	running.Wait()

	var sent, acked, errs, reconnects, problems int
	for _, p := range all {
		for _, keys := range p.sent {
			sent += len(keys)
		}
		acked += len(p.acked)
		errs += p.errors
		problems += len(p.problems)
		reconnects += p.readies - 1
	}
	lostQuestions := lost(customerPeers, agentPeers, wire.SenderCustomer)
	lostAnswers := lost(agentPeers, customerPeers, wire.SenderAgent)
	q, a := stats.toAgent.sorted(), stats.toCustomer.sorted()

	t.Logf("load: %d customers, %d agents, %.0f questions/s for %v (each answered), %d CPUs, %s",
		customers, agents, rate, elapsed.Round(time.Second), runtime.NumCPU(), runtime.Version())
	t.Logf("messages: %d sent, %d acknowledged, %d delivered (%d questions, %d answers), %.0f stored/s",
		sent, acked, len(q)+len(a), len(q), len(a), float64(acked)/elapsed.Seconds())
	t.Logf("lost: %d (questions %d, answers %d); unacknowledged after the drain: %d", lostQuestions+lostAnswers, lostQuestions, lostAnswers, sent-acked)
	t.Logf("latency customer→agent: p50 %s, p99 %s, max %s", pct(q, 50), pct(q, 99), pct(q, 100))
	t.Logf("latency agent→customer: p50 %s, p99 %s, max %s", pct(a, 50), pct(a, 99), pct(a, 100))
	t.Logf("errors: %d error frames, %d other problems, %d reconnects, %d answers dropped by the test's own queue", errs, problems, reconnects, stats.overflow.Load())
	for _, p := range all {
		for _, problem := range p.problems[:min(len(p.problems), 3)] {
			t.Logf("%s: %s", p.name, problem)
		}
	}
	t.Logf("server memory: RSS %.0f MB at the end, peak %.0f MB (VmHWM); server CPU %.2f cores on average, test clients %.2f cores",
		float64(rss)/1024, float64(peak)/1024, cpu/elapsed.Seconds(), self/elapsed.Seconds())

	require.Zero(t, lostQuestions+lostAnswers, "messages lost")
	require.Equal(t, sent, acked, "messages never acknowledged")
	require.Zero(t, errs, "error frames")
	require.Zero(t, problems, "problems")
}

// loadStats are the load test's counters.
type loadStats struct {
	toAgent, toCustomer latencies
	overflow            atomic.Int64
}

// latencies records the delay of each message, taken from the send time
// stamped in its body.
type latencies struct {
	mu sync.Mutex
	ms []float64
}

func stamp(what string) string {
	return what + " " + strconv.FormatInt(time.Now().UnixNano(), 10)
}

func (l *latencies) delivered(body string) {
	_, ns, _ := strings.Cut(body, " ")
	at, err := strconv.ParseInt(ns, 10, 64)
	if err != nil {
		return
	}
	d := float64(time.Now().UnixNano()-at) / 1e6
	l.mu.Lock()
	l.ms = append(l.ms, d)
	l.mu.Unlock()
}

func (l *latencies) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.ms)
}

func (l *latencies) sorted() []float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := slices.Clone(l.ms)
	slices.Sort(s)
	return s
}

// pct is the p-th percentile of sorted, in milliseconds.
func pct(sorted []float64, p int) string {
	if len(sorted) == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f ms", percentile(sorted, float64(p)))
}

func countAcked(peers []*peer) int {
	n := 0
	for _, p := range peers {
		p.mu.Lock()
		n += len(p.acked)
		p.mu.Unlock()
	}
	return n
}

// lost counts the acknowledged messages of senders that their
// conversation's other side never received.
func lost(senders, receivers []*peer, sender string) int {
	received := map[string]bool{}
	for _, r := range receivers {
		for _, msgs := range r.received {
			for _, m := range msgs {
				if m.Sender == sender {
					received[m.Key] = true
				}
			}
		}
	}
	n := 0
	for _, s := range senders {
		for key := range s.acked {
			if !received[key] {
				n++
			}
		}
	}
	return n
}

// parallel runs f(0…n-1) on workers goroutines and returns the first error.
func parallel(workers, n int, f func(i int) error) error {
	var next atomic.Int64
	errs := make(chan error, workers)
	for range workers {
		go func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					errs <- nil
					return
				}
				if err := f(i); err != nil {
					next.Store(int64(n))
					errs <- err
					return
				}
			}
		}()
	}
	var first error
	for range workers {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// procStatus reads one kB figure of /proc/PID/status; 0 if unavailable.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// cpuSeconds is the user and system CPU time of a process, from
// /proc/PID/stat (in clock ticks of 1/100 s, as on Linux everywhere).
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after it may not.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return float64(utime+stime) / 100
}
