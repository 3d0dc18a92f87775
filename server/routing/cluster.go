package routing

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Cluster makes the Routers of several processes sharing one PostgreSQL
// database and one NATS bus act as one [O3]. Exactly one process at a time
// leads: it holds store.LockRouting, and only its Router runs the queue, the
// offer timeouts, the presence timers and the sweeper. The others' Routers
// are passive: they serve their agents' requests from the store and ask the
// leader to route.
//
// Which agents and customers have a websocket open is known to the process
// that serves it, so every process sends the leader what it has, on every
// change and every Heartbeat; a process not heard from for Expiry has died
// and its websockets count as closed. When the leader dies its lock goes
// with its database session, another process takes it within a Heartbeat,
// rebuilds from the store (Start, as after a restart) and asks every
// process for what it has.
type Cluster struct {
	router *Router
	store  *store.Store
	bus    relay.Bus
	log    *slog.Logger
	id     string

	Heartbeat time.Duration
	Expiry    time.Duration

	mu        sync.Mutex // this process's websockets
	conns     map[int64]int
	customers map[int64]int

	lmu     sync.Mutex // what the leader knows
	leading bool
	procs   map[string]snapshot
}

// routingTopic carries what the processes tell the leader.
const routingTopic = "routing"

// Events on routingTopic.
const (
	eventSnapshot = "routing.snapshot" // a process's websockets
	eventWrote    = "routing.wrote"    // a customer wrote (store.Message)
	eventRoute    = "routing.route"    // something may be routable now
	eventLeader   = "routing.leader"   // a new leader asks for snapshots
)

// snapshot is what one process has open.
type snapshot struct {
	Process   string        `json:"process"`
	Agents    map[int64]int `json:"agents"`
	Customers map[int64]int `json:"customers"`
	seen      time.Time
}

// NewCluster makes router passive until this process leads. Use the
// Cluster, not the Router, as the relay's Routing.
func NewCluster(router *Router, st *store.Store, bus relay.Bus, log *slog.Logger) *Cluster {
	c := &Cluster{
		router: router, store: st, bus: bus, log: log, id: rand.Text(),
		Heartbeat: time.Second, Expiry: 5 * time.Second,
		conns: map[int64]int{}, customers: map[int64]int{}, procs: map[string]snapshot{},
	}
	router.mu.Lock()
	router.passive = true
	router.kick = func() { bus.Publish(routingTopic, wire.Envelope{Type: eventRoute}) }
	router.mu.Unlock()
	return c
}

// Run takes part until ctx ends: it tries to lead, sends heartbeats and,
// while leading, notices processes that died.
func (c *Cluster) Run(ctx context.Context) {
	cancel := c.bus.Subscribe(routingTopic, c.handle)
	defer cancel()
	tick := time.NewTicker(c.Heartbeat)
	defer tick.Stop()
	var release func()
	var lost <-chan struct{}
	defer func() {
		if release != nil {
			c.follow()
			release() // the next leader need not wait for Expiry
		}
	}()
	for {
		// A leader cut off from NATS hears from no process and would take
		// every agent for gone: it steps down, and leads again only once
		// it hears the others.
		if err := c.busHealthy(); err != nil && release != nil {
			c.log.Error("stepping down from routing: cut off from the other processes", "err", err)
			c.follow()
			release()
			release, lost = nil, nil
		}
		if release == nil && c.busHealthy() == nil {
			rel, l, ok, err := c.store.TryLock(ctx, store.LockRouting)
			if err != nil && ctx.Err() == nil {
				c.log.Warn("routing leadership", "err", err)
			}
			if ok {
				if err := c.lead(ctx); err != nil {
					c.log.Error("lead routing", "err", err)
					rel()
				} else {
					release, lost = rel, l
				}
			}
		}
		c.publish()
		if release != nil {
			c.expire()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-lost:
			c.log.Error("lost routing leadership: the database session ended")
			c.follow()
			release()
			release, lost = nil, nil
		}
	}
}

func (c *Cluster) busHealthy() error {
	if h, ok := c.bus.(interface{ Healthy() error }); ok {
		return h.Healthy()
	}
	return nil
}

func (c *Cluster) lead(ctx context.Context) error {
	c.lmu.Lock()
	defer c.lmu.Unlock()
	c.router.mu.Lock()
	c.router.passive = false
	c.router.mu.Unlock()
	if err := c.router.Start(ctx); err != nil {
		c.router.follow()
		return err
	}
	c.leading = true
	clear(c.procs)
	c.log.Info("leading routing", "process", c.id)
	c.bus.Publish(routingTopic, wire.Envelope{Type: eventLeader})
	return nil
}

func (c *Cluster) follow() {
	c.lmu.Lock()
	defer c.lmu.Unlock()
	c.leading = false
	clear(c.procs)
	c.router.follow()
}

// follow stops every timer and forgets the websockets: another process
// leads.
func (r *Router) follow() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.passive = true
	for _, m := range []map[int64]*timer{r.offline, r.deadline, r.gone} {
		for _, t := range m {
			t.t.Stop()
		}
		clear(m)
	}
	if r.sweeper != nil {
		r.sweeper.t.Stop()
		r.sweeper = nil
	}
	clear(r.conns)
	clear(r.customers)
}

func (c *Cluster) handle(e wire.Envelope) {
	switch e.Type {
	case eventLeader:
		c.publish()
		return
	}
	c.lmu.Lock()
	defer c.lmu.Unlock()
	if !c.leading {
		return
	}
	switch e.Type {
	case eventSnapshot:
		var s snapshot
		if json.Unmarshal(e.Data, &s) != nil {
			return
		}
		s.seen = time.Now()
		before := c.totals()
		c.procs[s.Process] = s
		c.reconcile(before)
	case eventWrote:
		var m store.Message
		if json.Unmarshal(e.Data, &m) == nil {
			c.router.CustomerWrote(m)
		}
	case eventRoute:
		c.router.Route(context.Background())
	}
}

// expire drops the processes not heard from for Expiry. c.lmu is not held.
func (c *Cluster) expire() {
	c.lmu.Lock()
	defer c.lmu.Unlock()
	before := c.totals()
	for id, s := range c.procs {
		if time.Since(s.seen) > c.Expiry {
			c.log.Warn("a process stopped sending heartbeats; its websockets count as closed", "process", id)
			delete(c.procs, id)
		}
	}
	c.reconcile(before)
}

type totals struct{ agents, customers map[int64]int }

func (c *Cluster) totals() totals {
	t := totals{map[int64]int{}, map[int64]int{}}
	for _, s := range c.procs {
		for id, n := range s.Agents {
			t.agents[id] += n
		}
		for id, n := range s.Customers {
			t.customers[id] += n
		}
	}
	return t
}

// reconcile tells the leader's Router of every websocket opened or closed
// anywhere since before, as the relay tells it of its own.
func (c *Cluster) reconcile(before totals) {
	after := c.totals()
	apply(before.agents, after.agents, c.router.AgentConnected, c.router.AgentDisconnected)
	apply(before.customers, after.customers, c.router.CustomerConnected, c.router.CustomerDisconnected)
}

func apply(before, after map[int64]int, up, down func(int64)) {
	for id, n := range after {
		for range n - before[id] {
			up(id)
		}
	}
	for id, n := range before {
		for range n - after[id] {
			down(id)
		}
	}
}

// publish sends the leader what this process has open.
func (c *Cluster) publish() {
	c.mu.Lock()
	s := snapshot{Process: c.id, Agents: clone(c.conns), Customers: clone(c.customers)}
	c.mu.Unlock()
	c.bus.Publish(routingTopic, wire.Encode(eventSnapshot, 0, 0, s))
}

func clone(m map[int64]int) map[int64]int {
	out := make(map[int64]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (c *Cluster) count(m map[int64]int, id int64, d int) {
	c.mu.Lock()
	if m[id] += d; m[id] <= 0 {
		delete(m, id)
	}
	c.mu.Unlock()
	c.publish()
}

// The relay's Routing, for every process.

func (c *Cluster) Presence(agentID int64) wire.Presence { return c.router.Presence(agentID) }
func (c *Cluster) AgentConnected(agentID int64)         { c.count(c.conns, agentID, 1) }
func (c *Cluster) AgentDisconnected(agentID int64)      { c.count(c.conns, agentID, -1) }
func (c *Cluster) CustomerConnected(id int64)           { c.count(c.customers, id, 1) }
func (c *Cluster) CustomerDisconnected(id int64)        { c.count(c.customers, id, -1) }
func (c *Cluster) CustomerWrote(m store.Message) {
	c.bus.Publish(routingTopic, wire.Encode(eventWrote, m.ConversationID, m.Seq, m))
}
