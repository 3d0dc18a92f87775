package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"

	"github.com/switchboard-cx/switchboard/server/relay/natstest"
	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

// startCluster starts n switchboard processes sharing a throwaway
// PostgreSQL database and NATS server [O1–O3], in order: the first one
// leads routing.
func startCluster(t *testing.T, n int, args ...string) (procs []*server, database string) {
	t.Helper()
	database = pgtest.NewURL(t)
	nats := natstest.Start(t)
	for range n {
		procs = append(procs, startServer(t, withArgs(append([]string{"-database", database, "-nats", nats.URL}, args...)...)))
	}
	return procs, database
}

// balancer is the load balancer in front of a cluster as a test needs it:
// it sends every request to the first of its backends that is up, with
// websockets, and no stickiness of any kind. down takes a backend out, as
// a failed health check would.
type balancer struct {
	URL      string
	mu       sync.Mutex
	backends []*url.URL
	isDown   map[string]bool
	// roundRobin spreads requests over the backends that are up, instead
	// of preferring the first.
	roundRobin bool
	next       int
}

func newBalancer(t *testing.T, backends ...*server) *balancer {
	b := &balancer{isDown: map[string]bool{}}
	for _, s := range backends {
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		b.backends = append(b.backends, u)
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(b.pick())
			pr.Out.Host = pr.In.Host // the pages' origin is the balancer's
		},
		FlushInterval: -1,
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	b.URL = srv.URL
	return b
}

func (b *balancer) pick() *url.URL {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.roundRobin {
		b.next++
	}
	for i := range b.backends {
		u := b.backends[(b.next+i)%len(b.backends)]
		if !b.isDown[u.Host] {
			return u
		}
	}
	return b.backends[0]
}

func (b *balancer) up(s *server) {
	u, _ := url.Parse(s.URL)
	b.mu.Lock()
	delete(b.isDown, u.Host)
	b.mu.Unlock()
}

func (b *balancer) down(s *server) {
	u, _ := url.Parse(s.URL)
	b.mu.Lock()
	b.isDown[u.Host] = true
	b.mu.Unlock()
}

// The kill test [O1–O3]: the customer is served by one process and the agent
// by another, so everything between them crosses NATS; the agent's process,
// which also leads routing, dies by SIGKILL mid-conversation. The agent's
// page reconnects by itself through the balancer to the surviving process,
// and both sides end up with every message exactly once, in order.
func TestClusterSurvivesKill(t *testing.T) {
	procs, database := startCluster(t, 2)
	agentProc, customerProc := procs[0], procs[1]
	agentProc.addAgent(t, agentEmail, agentName, "agent", agentPassword, "-database", database)
	// Each side has its balancer: the same two backends, each preferring a
	// different one, so the test knows which process serves whom.
	forCustomer := newBalancer(t, customerProc, agentProc)
	forAgent := newBalancer(t, agentProc, customerProc)

	agent := newBrowser(t)
	open(agent, forAgent.URL+"/")
	signIn(agent, agentEmail, agentPassword)
	waitVisible(agent, byRole("button", "Presence: Available"))

	// The customer writes on the other process; the routing leader offers
	// the chat to the agent, whose websocket is on the leader's process.
	customer := newBrowser(t)
	open(customer, forCustomer.URL+"/chat")
	customerSends(customer, firstMessage)
	accepts(t, agent, "Visitor 1", firstMessage)

	agentSends(agent, "Let me look into it.")
	waitMessage(customer, transcript, "Let me look into it.")
	customerSends(customer, "Order 1234")
	waitMessage(agent, agentTranscript, "Order 1234")
	waitExactText(agent, connection, "Connected")
	recordTexts(agent, connection)

	// The agent's process dies; the balancer's health check notices.
	agentProc.kill(t)
	forAgent.down(agentProc)
	forCustomer.down(agentProc)

	// The customer goes on writing while the agent is away.
	customerSends(customer, "Are you still there?")
	customerSends(customer, "Hello?")

	// The agent's page reconnects by itself, now to the other process, and
	// gets what was written meanwhile.
	waitExactText(within(agent, 45*time.Second), connection, "Connected")
	waitMessage(within(agent, 30*time.Second), agentTranscript, "Hello?")
	agentSends(agent, "Sorry, I am back.")
	waitMessage(customer, transcript, "Sorry, I am back.")
	customerSends(customer, "Great")
	waitMessage(agent, agentTranscript, "Great")

	statuses := recordedTexts(agent, connection)
	requireOnceInOrder(t, "agent's statuses", []string{statuses[len(statuses)-1]}, []string{"Connected"})
	want := []string{firstMessage, "Let me look into it.", "Order 1234", "Are you still there?", "Hello?", "Sorry, I am back.", "Great"}
	requireOnceInOrder(t, "agent", blockTexts(agent, agentTranscript), want)
	requireOnceInOrder(t, "customer", blockTexts(customer, transcript), want)
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "cluster-after-kill")
}

// An offer made by the routing leader outlives it [O3]: the leader dies
// with the offer pending, another process takes over, restores the offer's
// timer from the store, and when it runs out the conversation goes to the
// next agent.
func TestClusterOfferOutlivesLeader(t *testing.T) {
	procs, database := startCluster(t, 2, "-offer-timeout", "15s")
	leader, other := procs[0], procs[1]
	waitUntil(t, 30*time.Second, "the first process leads routing", func() bool {
		return strings.Contains(leader.out.String(), "leading routing")
	})

	// Two agents, both served by the process that does not lead.
	var mu sync.Mutex
	offered := map[string][]int64{}    // agent → conversations offered, in order
	withdrawn := map[string][]string{} // agent → reasons
	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	defer func() { cancel(); running.Wait() }()
	names := []string{"Ana", "Ben"}
	for _, name := range names {
		email := strings.ToLower(name) + "@example.com"
		leader.addAgent(t, email, name, "agent", agentPassword, "-database", database)
		c, err := agentClient(other.URL, email)
		require.NoError(t, err)
		client := &live.Client{
			URL:         wsURL(other.URL, "/ws/agent"),
			DialOptions: &websocket.DialOptions{HTTPClient: c},
			OnEvent: func(e wire.Envelope) {
				mu.Lock()
				defer mu.Unlock()
				switch e.Type {
				case wire.TypeOfferCreated:
					offered[name] = append(offered[name], e.Conversation)
					// As the workspace does once its notification shows: an
					// offer that was never shown is nobody's miss.
					go apiCall(c, "POST", fmt.Sprintf("%s/api/offers/%d/shown", other.URL, e.Conversation), nil, nil)
				case wire.TypeOfferWithdrawn:
					var w wire.OfferWithdrawn
					json.Unmarshal(e.Data, &w)
					withdrawn[name] = append(withdrawn[name], w.Reason)
				}
			},
		}
		running.Go(func() { client.Run(ctx) })
	}
	offeredTo := func() (string, int64) {
		mu.Lock()
		defer mu.Unlock()
		for _, n := range names {
			if len(offered[n]) > 0 {
				return n, offered[n][0]
			}
		}
		return "", 0
	}
	chat, err := startChat(other.URL)
	require.NoError(t, err)
	waitUntil(t, 30*time.Second, "the chat is offered", func() bool { n, _ := offeredTo(); return n != "" })
	first, conv := offeredTo()
	require.Equal(t, chat.Conversation.ID, conv)
	next := names[0]
	if first == names[0] {
		next = names[1]
	}

	leader.kill(t)
	killed := time.Now()

	waitUntil(t, 60*time.Second, "the offer moves on to "+next+" after the leader died", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return slices.Contains(offered[next], conv)
	})
	t.Logf("the offer moved on %v after the kill", time.Since(killed).Round(100*time.Millisecond))
	waitUntil(t, 15*time.Second, first+"'s offer is withdrawn as expired", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return slices.Contains(withdrawn[first], "expired")
	})
	require.Contains(t, other.out.String(), "leading routing", "the surviving process took over routing")
}
