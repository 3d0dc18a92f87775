package routing

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Transfers [T1]. A transfer to an agent is an offer that names the agent
// it comes from (store.Offer.TransferFrom): it is kept in the store and
// times out like any offer, but the conversation stays with the first agent
// until the colleague accepts, so a rejection or a timeout leaves it where
// it was, and the first agent is told. A transfer to a workstream puts the
// conversation back in the queue, where it is routed afresh.

// A supervisor transfers from /supervise [T4] as the conversation's agent
// would (supervising true): it comes from that agent, returns to them if
// declined, and the timeline names the supervisor. Their note goes into the
// history at once under their own name, rather than with the offer, which
// would post it as the agent's.

// TransferTargets lists who could take a conversation of by's now (or of
// anyone's, supervising), and the workstreams it could go to.
func (r *Router) TransferTargets(ctx context.Context, by store.Agent, conversationID int64, supervising bool) (wire.TransferTargets, error) {
	c, _, err := r.transferable(ctx, by, conversationID, supervising)
	if err != nil {
		return wire.TransferTargets{}, err
	}
	loads, err := r.store.AgentLoads(ctx)
	if err != nil {
		return wire.TransferTargets{}, err
	}
	list, err := r.store.Workstreams(ctx)
	if err != nil {
		return wire.TransferTargets{}, err
	}
	out := wire.TransferTargets{Agents: []wire.TransferAgent{}, Workstreams: []wire.TransferQueue{}, Consultants: []wire.TransferAgent{}}
	for _, w := range list {
		out.Workstreams = append(out.Workstreams, wire.TransferQueue{ID: w.ID, Name: w.Name})
	}
	units := unitsOf(list, c.WorkstreamID)
	for i := range loads {
		l := &loads[i]
		if l.AgentID == c.AgentID {
			continue
		}
		t := wire.TransferAgent{ID: l.AgentID, Name: l.Name, Presence: shown(l.Presence).Status}
		if canTake(l, units) {
			out.Agents = append(out.Agents, t)
		}
		if t.Presence != wire.PresenceOffline {
			out.Consultants = append(out.Consultants, t)
		}
	}
	return out, nil
}

// canTake: Available or Busy, and free capacity for units [T1].
func canTake(l *store.AgentLoad, units int) bool {
	return slices.Contains(allowedPresences, shown(l.Presence).Status) && l.Capacity-l.ActiveUnits-l.OfferedUnits >= units
}

func unitsOf(list []store.Workstream, id int64) int {
	for _, w := range list {
		if w.ID == id {
			return w.CapacityUnits
		}
	}
	return 0
}

// transferable reads a conversation that by may transfer, and the agent
// it comes from: an active one of by's own, or, when a supervisor is
// supervising, of anyone's.
func (r *Router) transferable(ctx context.Context, by store.Agent, id int64, supervising bool) (store.Conversation, store.Agent, error) {
	c, err := r.store.Conversation(ctx, id)
	if err != nil {
		return store.Conversation{}, store.Agent{}, err
	}
	if c.AgentID == 0 || c.AgentID != by.ID && !(supervising && by.Supervises()) {
		return store.Conversation{}, store.Agent{}, store.ErrNotAssigned
	}
	if c.Status != store.StatusActive {
		return store.Conversation{}, store.Agent{}, &store.TransitionError{From: c.Status, Action: "transferred"}
	}
	from := by
	if c.AgentID != by.ID {
		if from, err = r.store.Agent(ctx, c.AgentID); err != nil {
			return store.Conversation{}, store.Agent{}, err
		}
	}
	return c, from, nil
}

// postNote puts by's transfer note in the history, as an internal note of
// theirs.
func (r *Router) postNote(ctx context.Context, by store.Agent, id int64, note string) {
	if note == "" {
		return
	}
	_, err := r.relay.Post(ctx, store.Message{ConversationID: id, Sender: wire.SenderAgent, SenderName: by.Name,
		AgentID: by.ID, Body: note, Internal: true})
	r.logErr("transfer note", err)
}

// TransferToAgent offers a conversation of by's (or of anyone's,
// supervising) to a colleague, with a note for them.
func (r *Router) TransferToAgent(ctx context.Context, by store.Agent, conversationID, to int64, note string, supervising bool) error {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	c, from, err := r.transferable(ctx, by, conversationID, supervising)
	if err != nil {
		return err
	}
	if len([]rune(note)) > store.MaxTransferNote {
		return relay.RefuseWith(wire.ErrTooLarge, "error.note.too_long", strconv.Itoa(store.MaxTransferNote))
	}
	ws, err := r.store.Workstream(ctx, c.WorkstreamID)
	if err != nil {
		return err
	}
	l, err := r.store.AgentLoadOf(ctx, to)
	if errors.Is(err, store.ErrNotFound) || err == nil && (to == from.ID || !canTake(&l, ws.CapacityUnits)) {
		return relay.RefuseWith(wire.ErrConflict, "error.transfer.agent")
	}
	if err != nil {
		return err
	}
	now := r.Now().Truncate(time.Millisecond)
	o := store.Offer{ConversationID: c.ID, AgentID: to, CreatedAt: now, ExpiresAt: now.Add(r.offerTimeout(ws)),
		TransferFrom: from.ID, TransferNote: note}
	if by.ID != from.ID {
		o.TransferNote = ""
	}
	if err := r.store.CreateTransfer(ctx, o); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return relay.RefuseWith(wire.ErrConflict, "error.transfer.pending")
		}
		return err
	}
	if by.ID != from.ID {
		r.postNote(ctx, by, c.ID, note)
		r.internalLine(ctx, c.ID, wire.NoteTransferOffered, by.Name, l.Name)
	}
	if r.passive {
		r.kick() // the leader arms the timeout
	}
	r.scheduleExpiry(o)
	wo, err := r.wireOffer(ctx, c, o)
	if err != nil {
		return err
	}
	r.relay.ToAgent(to, wire.Encode(wire.TypeOfferCreated, c.ID, 0, wo))
	return nil
}

// offerTimeout is how long an offer of ws lasts.
func (r *Router) offerTimeout(ws store.Workstream) time.Duration {
	timeout := ws.OfferTimeout
	if r.OfferTimeout > 0 {
		timeout = r.OfferTimeout
	}
	if timeout <= 0 {
		timeout = DefaultOfferTimeout
	}
	return timeout
}

// acceptTransfer hands the conversation to agent: the whole history is
// theirs, the note is in it as an internal note of the first agent's, and
// the first agent's session of it ends and frees their capacity. The
// customer is only told that agent joined.
func (r *Router) acceptTransfer(ctx context.Context, agent store.Agent, id int64, now time.Time) (store.Conversation, error) {
	var o store.Offer
	c, err := r.relay.Assign(id, func() (store.Conversation, error) {
		c, offer, err := r.store.AcceptTransfer(ctx, id, agent.ID, now)
		o = offer
		return c, err
	})
	if err != nil {
		return store.Conversation{}, err
	}
	r.cancelExpiry(id)
	r.withdrawn(agent.ID, id, ReasonAccepted)
	from, err := r.store.Agent(ctx, o.TransferFrom)
	if err != nil {
		return store.Conversation{}, err
	}
	if o.TransferNote != "" {
		_, err := r.relay.Post(ctx, store.Message{ConversationID: id, Sender: wire.SenderAgent, SenderName: from.Name,
			AgentID: from.ID, Body: o.TransferNote, Internal: true})
		r.logErr("transfer note", err)
	}
	r.internalLine(ctx, id, wire.NoteTransferredAgent, from.Name, agent.Name)
	c = r.note(ctx, c, wire.NoteJoined, agent.Name)
	r.relay.ToAgent(from.ID, wire.Encode(wire.TypeTransferEnded, id, 0,
		wire.TransferEnded{Conversation: id, Title: c.Title, Visitor: relay.WireConversation(c).Visitor, Agent: agent.Name, Outcome: wire.TransferAccepted}))
	r.refresh(ctx, agent.ID)
	r.refresh(ctx, from.ID)
	r.route(ctx)
	return c, nil
}

// transferDeclined tells the first agent that the colleague rejected the
// transfer or let it time out: the conversation is still theirs.
func (r *Router) transferDeclined(ctx context.Context, o store.Offer, outcome string) {
	to, err := r.store.Agent(ctx, o.AgentID)
	if err != nil {
		r.logErr("transfer declined", err)
		return
	}
	code := wire.NoteTransferDeclined
	if outcome == wire.TransferExpired {
		code = wire.NoteTransferExpired
	}
	r.internalLine(ctx, o.ConversationID, code, to.Name)
	title, visitor := "", 0
	if c, err := r.store.Conversation(ctx, o.ConversationID); err == nil {
		title, visitor = c.Title, relay.WireConversation(c).Visitor
	}
	r.relay.ToAgent(o.TransferFrom, wire.Encode(wire.TypeTransferEnded, o.ConversationID, 0,
		wire.TransferEnded{Conversation: o.ConversationID, Title: title, Visitor: visitor, Agent: to.Name, Outcome: outcome}))
	r.refresh(ctx, o.AgentID)
}

// TransferToQueue sends a conversation of by's (or of anyone's,
// supervising) to a workstream's queue, with a note for whoever takes it.
func (r *Router) TransferToQueue(ctx context.Context, by store.Agent, conversationID, workstreamID int64, note string, supervising bool) (store.Conversation, error) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len([]rune(note)) > store.MaxTransferNote {
		return store.Conversation{}, relay.RefuseWith(wire.ErrTooLarge, "error.note.too_long", strconv.Itoa(store.MaxTransferNote))
	}
	ws, err := r.store.Workstream(ctx, workstreamID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Conversation{}, relay.RefuseWith(wire.ErrBadRequest, "error.no.workstream")
	}
	if err != nil {
		return store.Conversation{}, err
	}
	_, from, err := r.transferable(ctx, by, conversationID, supervising)
	if err != nil {
		return store.Conversation{}, err
	}
	c, err := r.relay.Assign(conversationID, func() (store.Conversation, error) {
		return r.store.TransferToQueue(ctx, conversationID, from.ID, workstreamID)
	})
	if err != nil {
		return store.Conversation{}, err
	}
	r.postNote(ctx, by, c.ID, note)
	r.internalLine(ctx, c.ID, wire.NoteTransferredQueue, by.Name, ws.Name)
	if fresh, err := r.store.Conversation(ctx, c.ID); err == nil {
		c = fresh
	}
	r.endTeamwork(ctx, c)
	r.relay.ConversationChanged(c)
	r.refresh(ctx, from.ID)
	r.route(ctx)
	return c, nil
}

// internalLine adds a system line that only agents see: the timeline of
// transfers [T1].
func (r *Router) internalLine(ctx context.Context, id int64, code string, args ...string) {
	_, err := r.relay.Post(ctx, store.Message{ConversationID: id, Sender: wire.SenderSystem, SenderName: systemName,
		Code: code, Args: args, Internal: true})
	r.logErr("transfer line", err)
}

// armTransfers gives the leader the timeouts of transfers that other
// processes created.
func (r *Router) armTransfers(ctx context.Context) {
	offers, err := r.store.Offers(ctx)
	if err != nil {
		r.logErr("arm transfers", err)
		return
	}
	for _, o := range offers {
		if o.TransferFrom != 0 && r.deadline[o.ConversationID] == nil {
			r.scheduleExpiry(o)
		}
	}
}
