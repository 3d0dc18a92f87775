// Package routing distributes work [P1–P4, S8, S9, C4, C5]: it moves
// conversations through their lifecycle, offers queued ones to eligible
// agents, and keeps each agent's presence.
//
// Every decision runs under one mutex, so two events never hand out the
// same capacity twice. Durable state (offers, presence, capacity) lives in
// the store and events go out through the relay's Bus, so nothing here
// assumes that the agents' windows are in this process; which agents have a
// websocket open is learnt from this process's relay.
package routing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/metrics"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Why an offer was withdrawn (wire.OfferWithdrawn.Reason).
const (
	ReasonAccepted = "accepted"
	ReasonRejected = "rejected"
	ReasonExpired  = "expired"
	ReasonTaken    = "taken" // picked by someone, possibly the offered agent
	// ReasonUnavailable: the agent chose Do not disturb, Away or Appear
	// offline, so the conversation goes to someone who is taking work.
	ReasonUnavailable = "unavailable"
	// ReasonClosed: the conversation closed while on offer, say because
	// the customer left [C7] or nobody took it in time [C8].
	ReasonClosed = "closed"
)

// Defaults.
const (
	// DefaultOfferTimeout applies to a workstream whose timeout is zero.
	DefaultOfferTimeout = 120 * time.Second
	// DefaultOfflineAfter is how long an agent without any websocket keeps
	// their presence before showing as offline [P4].
	DefaultOfflineAfter = 150 * time.Second
)

// allowedPresences are the presences in which an agent is offered work:
// every workstream's default [P3]. Never inactive, dnd, away or offline.
var allowedPresences = []string{wire.PresenceAvailable, wire.PresenceBusy}

// Timer is a scheduled call that can be cancelled; *time.Timer is one.
type Timer interface{ Stop() bool }

// Router is safe for concurrent use.
type Router struct {
	store *store.Store
	relay *relay.Relay
	log   *slog.Logger

	// Now and AfterFunc are the clock. Tests replace them (before Start) so
	// that nothing sleeps for real.
	Now       func() time.Time
	AfterFunc func(d time.Duration, f func()) Timer
	// OfferTimeout, when positive, replaces every workstream's own.
	OfferTimeout time.Duration
	// OfflineAfter is how long an agent may have no websocket before the
	// system shows them offline.
	OfflineAfter time.Duration
	// SweepEvery is how often idle conversations are closed [C8]; 0 turns
	// the scheduler off (tests call Sweep themselves).
	SweepEvery time.Duration

	mu       sync.Mutex
	stopped  bool
	conns    map[int64]int    // agent id → open websockets in this process
	offline  map[int64]*timer // agent id → pending switch to offline
	deadline map[int64]*timer // conversation id → its offer's expiry
	// customers counts each conversation's customer websockets in this
	// process; gone holds the disconnect window of those without one [C7].
	customers map[int64]int
	gone      map[int64]*timer
	sweeper   *timer
	// opening routes the queue when a closed workstream opens [X3].
	opening   *timer
	openingAt time.Time

	// passive: another process leads routing (cluster.go), so this Router
	// keeps no timers and asks the leader to route instead of routing.
	passive bool
	kick    func()
}

// timer identifies one scheduled callback, so a callback that lost the race
// with its own cancellation can tell it is stale.
type timer struct{ t Timer }

// New returns a Router with the real clock and production defaults. Call
// Start before serving.
func New(st *store.Store, rl *relay.Relay, log *slog.Logger) *Router {
	return &Router{
		store:        st,
		relay:        rl,
		log:          log,
		Now:          time.Now,
		AfterFunc:    func(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) },
		OfflineAfter: DefaultOfflineAfter,
		SweepEvery:   DefaultSweepEvery,
		conns:        map[int64]int{},
		offline:      map[int64]*timer{},
		deadline:     map[int64]*timer{},
		customers:    map[int64]int{},
		gone:         map[int64]*timer{},
	}
}

// Start picks up where the last run stopped: offers still pending get their
// timers back and those that expired while the server was down are treated
// as expired; every agent not yet offline gets the usual grace period to
// reconnect; then the queue is routed.
func (r *Router) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	offers, err := r.store.Offers(ctx)
	if err != nil {
		return fmt.Errorf("start routing: %w", err)
	}
	now := r.Now()
	for _, o := range offers {
		if o.ExpiresAt.After(now) {
			r.scheduleExpiry(o)
			continue
		}
		if err := r.expire(ctx, o); err != nil {
			return fmt.Errorf("start routing: %w", err)
		}
	}
	loads, err := r.store.AgentLoads(ctx)
	if err != nil {
		return fmt.Errorf("start routing: %w", err)
	}
	for _, l := range loads {
		if !l.Presence.Offline && r.conns[l.AgentID] == 0 {
			r.armOffline(l.AgentID)
		}
	}
	if err := r.watchCustomers(ctx); err != nil {
		return fmt.Errorf("start routing: %w", err)
	}
	r.route(ctx)
	r.armSweep()
	return nil
}

// Stop cancels every timer; the Router does nothing more afterwards. Pending
// offers stay in the store for the next Start.
func (r *Router) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopped = true
	for _, t := range r.offline {
		t.t.Stop()
	}
	for _, t := range r.deadline {
		t.t.Stop()
	}
	for _, t := range r.gone {
		t.t.Stop()
	}
	if r.sweeper != nil {
		r.sweeper.t.Stop()
	}
	if r.opening != nil {
		r.opening.t.Stop()
		r.opening = nil
	}
	clear(r.offline)
	clear(r.deadline)
	clear(r.gone)
}

// Route offers what waits in the queue, say after a new conversation.
func (r *Router) Route(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.route(context.WithoutCancel(ctx))
}

// route offers each queued conversation, oldest first, to the best eligible
// agent: connected, in an allowed presence, with free capacity for it, and
// not one who refused it during this queue stay; the fewest conversations
// (active or offered) first, then the longest idle. Errors are logged: the
// queue is routed again at the next event.
func (r *Router) route(ctx context.Context) {
	if r.stopped {
		return
	}
	if r.passive {
		r.kick()
		return
	}
	r.armTransfers(ctx)
	queue, err := r.store.Queue(ctx)
	if err != nil || len(queue) == 0 {
		r.logErr("route: queue", err)
		return
	}
	loads, err := r.store.AgentLoads(ctx)
	if err != nil {
		r.logErr("route: agents", err)
		return
	}
	refusals, err := r.store.Refusals(ctx)
	if err != nil {
		r.logErr("route: refusals", err)
		return
	}
	list, err := r.store.Workstreams(ctx)
	if err != nil {
		r.logErr("route: workstreams", err)
		return
	}
	workstreams := make(map[int64]store.Workstream, len(list))
	for _, w := range list {
		workstreams[w.ID] = w
	}
	now := r.Now()
	for _, c := range queue {
		ws := workstreams[c.WorkstreamID]
		if r.closedNow(ws, now) {
			continue
		}
		var best *store.AgentLoad
		for i := range loads {
			a := &loads[i]
			if r.eligible(a, ws, refusals[c.ID]) && (best == nil || before(a, best)) {
				best = a
			}
		}
		if best == nil {
			continue
		}
		if err := r.offer(ctx, c, ws, best.AgentID); err != nil {
			r.logErr("route: offer", err)
			continue
		}
		best.Offered++
		best.OfferedUnits += ws.CapacityUnits
	}
}

func (r *Router) eligible(a *store.AgentLoad, ws store.Workstream, refused []int64) bool {
	return r.conns[a.AgentID] > 0 &&
		slices.Contains(allowedPresences, shown(a.Presence).Status) &&
		a.Capacity-a.ActiveUnits-a.OfferedUnits >= ws.CapacityUnits &&
		!slices.Contains(refused, a.AgentID)
}

// before orders candidates: fewest conversations, then longest idle (never
// assigned counts as idle the longest), then the older account.
func before(a, b *store.AgentLoad) bool {
	if na, nb := a.Active+a.Offered, b.Active+b.Offered; na != nb {
		return na < nb
	}
	if !a.LastAssignedAt.Equal(b.LastAssignedAt) {
		return a.LastAssignedAt.Before(b.LastAssignedAt)
	}
	return a.AgentID < b.AgentID
}

// offer records an offer of c to an agent, arms its expiry and tells the
// agent's windows.
func (r *Router) offer(ctx context.Context, c store.Conversation, ws store.Workstream, agentID int64) error {
	// The store keeps milliseconds; so does the offer from the start, so the
	// timer and the stored deadline agree.
	now := r.Now().Truncate(time.Millisecond)
	o := store.Offer{ConversationID: c.ID, AgentID: agentID, CreatedAt: now, ExpiresAt: now.Add(r.offerTimeout(ws))}
	if err := r.store.CreateOffer(ctx, o); err != nil {
		return err
	}
	metrics.Offers.WithLabelValues("offered").Inc()
	r.scheduleExpiry(o)
	wo, err := r.wireOffer(ctx, c, o)
	if err != nil {
		return err
	}
	r.relay.ToAgent(agentID, wire.Encode(wire.TypeOfferCreated, c.ID, 0, wo))
	return nil
}

func (r *Router) wireOffer(ctx context.Context, c store.Conversation, o store.Offer) (wire.Offer, error) {
	latest, _, err := r.store.LatestCustomerMessage(ctx, c.ID)
	if err != nil {
		return wire.Offer{}, err
	}
	var from string
	if o.TransferFrom != 0 {
		a, err := r.store.Agent(ctx, o.TransferFrom)
		if err != nil {
			return wire.Offer{}, err
		}
		from = a.Name
	}
	return wire.Offer{
		TransferFrom: from,
		Note:         o.TransferNote,
		Conversation: relay.WireConversation(c),
		Workstream:   c.WorkstreamName,
		Message:      latest,
		ExpiresAt:    o.ExpiresAt,
		Timeout:      int(math.Ceil(o.ExpiresAt.Sub(o.CreatedAt).Seconds())),
		LeftMs:       max(o.ExpiresAt.Sub(r.Now()).Milliseconds(), 0),
		Shown:        !o.ShownAt.IsZero(),
	}, nil
}

// CustomerWrote follows a customer's message: a waiting persistent chat
// comes back [C6]; a conversation on offer is offered again with it, since
// the agent decides on what the customer says now (a new chat is usually
// offered before its first message is stored). The workspace replaces the
// notification it shows.
func (r *Router) CustomerWrote(m store.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	ctx := context.Background()
	if c, err := r.store.Conversation(ctx, m.ConversationID); err == nil && c.Status == store.StatusWaiting {
		r.customerReturned(ctx, c)
		return
	}
	o, err := r.store.OfferOf(ctx, m.ConversationID)
	if err != nil {
		return // not on offer
	}
	c, err := r.store.Conversation(ctx, m.ConversationID)
	if err != nil {
		r.logErr("customer wrote", err)
		return
	}
	wo, err := r.wireOffer(ctx, c, o)
	if err != nil {
		r.logErr("customer wrote", err)
		return
	}
	r.relay.ToAgent(o.AgentID, wire.Encode(wire.TypeOfferCreated, c.ID, 0, wo))
}

// Offers lists what is offered to an agent and not yet expired, oldest
// first, so a reloaded workspace shows its notifications again.
func (r *Router) Offers(ctx context.Context, agentID int64) ([]wire.Offer, error) {
	offers, err := r.store.OffersTo(ctx, agentID)
	if err != nil {
		return nil, err
	}
	now := r.Now()
	list := []wire.Offer{}
	for _, o := range offers {
		if !o.ExpiresAt.After(now) {
			continue
		}
		c, err := r.store.Conversation(ctx, o.ConversationID)
		if err != nil {
			return nil, err
		}
		wo, err := r.wireOffer(ctx, c, o)
		if err != nil {
			return nil, err
		}
		list = append(list, wo)
	}
	return list, nil
}

// Accept assigns an offered conversation to the agent it is offered to.
// An offer that is gone, or whose time is up, is store.ErrOfferGone.
func (r *Router) Accept(ctx context.Context, agent store.Agent, conversationID int64) (store.Conversation, error) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.Now()
	if o, err := r.store.OfferOf(ctx, conversationID); err == nil && o.AgentID == agent.ID && o.TransferFrom != 0 && o.ExpiresAt.After(now) {
		return r.acceptTransfer(ctx, agent, conversationID, now)
	}
	c, err := r.relay.Assign(conversationID, func() (store.Conversation, error) {
		return r.store.AcceptOffer(ctx, conversationID, agent.ID, now)
	})
	if errors.Is(err, store.ErrOfferGone) {
		// Its timer may not have fired yet: expire it now, as it would.
		if o, oerr := r.store.OfferOf(ctx, conversationID); oerr == nil && o.AgentID == agent.ID && !o.ExpiresAt.After(now) {
			r.cancelExpiry(conversationID)
			r.logErr("accept: expire", r.expire(ctx, o))
			r.route(ctx)
		}
	}
	if err != nil {
		return store.Conversation{}, err
	}
	r.cancelExpiry(conversationID)
	metrics.Offers.WithLabelValues("accepted").Inc()
	r.withdrawn(agent.ID, conversationID, ReasonAccepted)
	c = r.note(ctx, c, wire.NoteJoined, agent.Name)
	r.refresh(ctx, agent.ID)
	return c, nil
}

// Reject declines an offer; the conversation is offered to the next
// eligible agent.
func (r *Router) Reject(ctx context.Context, agent store.Agent, conversationID int64) error {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	o, err := r.store.OfferOf(ctx, conversationID)
	if errors.Is(err, store.ErrNotFound) || err == nil && o.AgentID != agent.ID {
		return fmt.Errorf("reject conversation %d: %w", conversationID, store.ErrOfferGone)
	}
	if err != nil {
		return err
	}
	// (A refused transfer is no queue stay to remember: the store keeps
	// no refusal of it, as the conversation stays with the first agent.)
	found, err := r.store.WithdrawOffer(ctx, conversationID, agent.ID, store.OfferRejected)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("reject conversation %d: %w", conversationID, store.ErrOfferGone)
	}
	r.cancelExpiry(conversationID)
	metrics.Offers.WithLabelValues("rejected").Inc()
	r.withdrawn(agent.ID, conversationID, ReasonRejected)
	if o.TransferFrom != 0 {
		r.transferDeclined(ctx, o, wire.TransferRejected)
	}
	r.route(ctx)
	return nil
}

func (r *Router) scheduleExpiry(o store.Offer) {
	r.cancelExpiry(o.ConversationID)
	if r.passive {
		return
	}
	t := &timer{}
	r.deadline[o.ConversationID] = t
	t.t = r.AfterFunc(o.ExpiresAt.Sub(r.Now()), func() { r.expired(t, o) })
}

func (r *Router) cancelExpiry(conversationID int64) {
	if t := r.deadline[conversationID]; t != nil {
		t.t.Stop()
		delete(r.deadline, conversationID)
	}
}

// expired runs when an offer's time is up: the agent's windows drop the
// notification and the conversation goes to the next eligible agent.
func (r *Router) expired(t *timer, o store.Offer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped || r.deadline[o.ConversationID] != t {
		return // cancelled while waiting for the lock
	}
	if wait := o.ExpiresAt.Sub(r.Now()); wait > 0 {
		// A timer may fire a little early against another clock; wait out
		// the rest.
		t.t = r.AfterFunc(wait, func() { r.expired(t, o) })
		return
	}
	delete(r.deadline, o.ConversationID)
	ctx := context.Background()
	r.logErr("expire offer", r.expire(ctx, o))
	r.route(ctx)
}

// expire withdraws an offer whose time is up. One that a window of the
// agent showed is their miss: it is not offered to them again during this
// queue stay, and may set them Inactive [P2]. One that no window showed
// (the only window was still loading, or its network had gone) is nobody's
// miss: the agent stays eligible and is offered it again once a window of
// theirs is live, rather than the customer losing that agent unseen.
func (r *Router) expire(ctx context.Context, o store.Offer) error {
	// Read again: a window may have shown it since the timer was armed.
	current, err := r.store.OfferOf(ctx, o.ConversationID)
	if errors.Is(err, store.ErrNotFound) || err == nil && current.AgentID != o.AgentID {
		return nil
	}
	if err != nil {
		return err
	}
	shown := !current.ShownAt.IsZero()
	outcome := store.OfferUnseen
	if shown {
		outcome = store.OfferMissed
	}
	found, err := r.store.WithdrawOffer(ctx, o.ConversationID, o.AgentID, outcome)
	if err != nil || !found {
		return err
	}
	r.withdrawn(o.AgentID, o.ConversationID, ReasonExpired)
	if current.TransferFrom != 0 {
		r.transferDeclined(ctx, current, wire.TransferExpired)
	}
	if !shown {
		metrics.Offers.WithLabelValues("unseen").Inc()
		return nil
	}
	metrics.Offers.WithLabelValues("missed").Inc()
	return r.missed(ctx, o.AgentID)
}

// Shown records that a window of the agent showed the offer of a
// conversation; store.ErrOfferGone when it is no longer theirs.
func (r *Router) Shown(ctx context.Context, agent store.Agent, conversationID int64) error {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.store.MarkOfferShown(ctx, conversationID, agent.ID, r.Now())
}

func (r *Router) withdrawn(agentID, conversationID int64, reason string) {
	r.relay.ToAgent(agentID, wire.Encode(wire.TypeOfferWithdrawn, conversationID, 0,
		wire.OfferWithdrawn{Conversation: conversationID, Reason: reason}))
}

func (r *Router) logErr(msg string, err error) {
	if err != nil {
		r.log.Error(msg, "err", err)
	}
}
