package routing_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/routing/routingtest"
	"github.com/switchboard-cx/switchboard/server/store"
)

var ctx = context.Background()

// The agents every test database starts with. Hashing their passwords is
// slow on purpose, so it is done once, in a template database that each
// test copies.
var (
	agentEmails = []string{"ana@example.com", "ben@example.com", "cleo@example.com", "dan@example.com"}
	agentNames  = []string{"Ana Agent", "Ben Agent", "Cleo Agent", "Dan Agent"}

	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

func template() (string, error) {
	templateOnce.Do(func() {
		templateDir, templateErr = os.MkdirTemp("", "routing-template-")
		if templateErr != nil {
			return
		}
		var st *store.Store
		st, templateErr = store.Open(ctx, templateDir)
		if templateErr != nil {
			return
		}
		defer st.Close()
		if _, templateErr = st.EnsureDefaultWorkstream(ctx); templateErr != nil {
			return
		}
		for i, email := range agentEmails {
			if _, templateErr = st.CreateAgent(ctx, email, agentNames[i], "agent", "password1"); templateErr != nil {
				return
			}
		}
	})
	return templateDir, templateErr
}

func TestMain(m *testing.M) {
	code := m.Run()
	if templateDir != "" {
		os.RemoveAll(templateDir)
	}
	os.Exit(code)
}

// harness is a Router on a real store and relay, with a manual clock, and
// an inbox per agent collecting what the Bus delivers to them.
type harness struct {
	t      *testing.T
	dir    string
	clock  *routingtest.Clock
	st     *store.Store
	bus    *relay.LocalBus
	relay  *relay.Relay
	router *routing.Router
	ws     store.Workstream // the default chat workstream: 20 units, 120 s
	// storeClock makes the store write the manual clock's time too, for
	// tests of how long conversations stay idle; sweepEvery arms the
	// scheduler (0: tests call Sweep).
	storeClock bool
	sweepEvery time.Duration
	agents     map[string]*agent
}

type agent struct {
	store.Agent
	mu     sync.Mutex
	events []wire.Envelope
}

func newHarness(t *testing.T) *harness { return newHarnessWith(t, func(*harness) {}) }

// newHarnessWith is newHarness with settings made before the start.
func newHarnessWith(t *testing.T, set func(*harness)) *harness {
	t.Helper()
	src, err := template()
	require.NoError(t, err)
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(src, "switchboard.db"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "switchboard.db"), b, 0o600))
	h := &harness{t: t, dir: dir, clock: routingtest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))}
	set(h)
	h.open()
	return h
}

// open starts the store, relay and router on h.dir, as a server start does.
func (h *harness) open() {
	t := h.t
	t.Helper()
	st, err := store.Open(ctx, h.dir)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	bus := relay.NewLocalBus()
	h.st, h.bus = st, bus
	h.relay = relay.New(st, bus, log)
	h.router = routing.New(st, h.relay, log)
	h.clock.Install(h.router)
	h.router.SweepEvery = h.sweepEvery
	if h.storeClock {
		st.SetClock(h.clock.Now)
	}
	h.relay.Routing = h.router
	h.ws, err = st.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	old := h.agents
	h.agents = map[string]*agent{}
	for i, email := range agentEmails {
		a, err := st.AgentByEmail(ctx, email)
		require.NoError(t, err)
		ag := &agent{Agent: a}
		if prev := old[agentNames[i]]; prev != nil {
			ag = prev
		}
		h.agents[agentNames[i]] = ag
		cancel := bus.Subscribe(relay.AgentTopic(a.ID), func(e wire.Envelope) {
			ag.mu.Lock()
			defer ag.mu.Unlock()
			ag.events = append(ag.events, e)
		})
		t.Cleanup(cancel)
	}
	require.NoError(t, h.router.Start(ctx))
	t.Cleanup(h.router.Stop)
}

// restart stops the router and closes the store, then opens both again.
func (h *harness) restart() {
	h.t.Helper()
	h.router.Stop()
	require.NoError(h.t, h.st.Close())
	h.open()
}

func (h *harness) agent(name string) *agent {
	a := h.agents[name]
	require.NotNil(h.t, a, name)
	return a
}

// online signs an agent in with the given capacity and opens a websocket.
func (h *harness) online(name string, capacity int) *agent {
	h.t.Helper()
	a := h.agent(name)
	require.NoError(h.t, h.st.SetAgentCapacity(ctx, a.ID, capacity))
	_, err := h.router.SignedIn(ctx, a.ID)
	require.NoError(h.t, err)
	h.router.AgentConnected(a.ID)
	return a
}

// chat starts a conversation and routes it, as POST /api/chat does.
func (h *harness) chat() store.Conversation {
	h.t.Helper()
	c, err := h.st.StartConversation(ctx, h.ws.ID)
	require.NoError(h.t, err)
	h.router.Route(ctx)
	return c
}

func (h *harness) conversation(id int64) store.Conversation {
	h.t.Helper()
	c, err := h.st.Conversation(ctx, id)
	require.NoError(h.t, err)
	return c
}

// offeredTo returns the ids of the conversations pending for an agent.
func (h *harness) offeredTo(a *agent) []int64 {
	h.t.Helper()
	list, err := h.st.OffersTo(ctx, a.ID)
	require.NoError(h.t, err)
	ids := []int64{}
	for _, o := range list {
		ids = append(ids, o.ConversationID)
	}
	return ids
}

// sees is a live window of the agent showing every offer pending for them,
// as the workspace acknowledges each one it shows.
func (h *harness) sees(a *agent) {
	h.t.Helper()
	for _, id := range h.offeredTo(a) {
		require.NoError(h.t, h.router.Shown(ctx, a.Agent, id))
	}
}

func (h *harness) presence(a *agent) wire.Presence { return h.router.Presence(a.ID) }

// transcript returns the bodies of a conversation's system messages.
func (h *harness) notes(id int64) []string {
	h.t.Helper()
	msgs, err := h.st.Messages(ctx, id, 0, 0)
	require.NoError(h.t, err)
	var bodies []string
	for _, m := range msgs {
		if m.Sender == store.SenderSystem {
			bodies = append(bodies, kit.NoteText(relay.WireMessage(m)))
		}
	}
	return bodies
}

// lastNote is the conversation's latest system note, in English.
func (h *harness) lastNote(id int64) string {
	h.t.Helper()
	notes := h.notes(id)
	require.NotEmpty(h.t, notes, "the system notes of conversation %d", id)
	return notes[len(notes)-1]
}

// take returns and forgets the events of one type delivered to the agent.
func (a *agent) take(typ string) []wire.Envelope {
	a.mu.Lock()
	defer a.mu.Unlock()
	var got, kept []wire.Envelope
	for _, e := range a.events {
		if e.Type == typ {
			got = append(got, e)
		} else {
			kept = append(kept, e)
		}
	}
	a.events = kept
	return got
}

func (a *agent) withdrawals(t *testing.T) []wire.OfferWithdrawn {
	var list []wire.OfferWithdrawn
	for _, e := range a.take(wire.TypeOfferWithdrawn) {
		list = append(list, decode[wire.OfferWithdrawn](t, e))
	}
	return list
}

func (a *agent) offers(t *testing.T) []wire.Offer {
	var list []wire.Offer
	for _, e := range a.take(wire.TypeOfferCreated) {
		list = append(list, decode[wire.Offer](t, e))
	}
	return list
}

func (a *agent) presences(t *testing.T) []string {
	var list []string
	for _, e := range a.take(wire.TypePresence) {
		list = append(list, decode[wire.Presence](t, e).Status)
	}
	return list
}

func decode[T any](t *testing.T, e wire.Envelope) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(e.Data, &v))
	return v
}
