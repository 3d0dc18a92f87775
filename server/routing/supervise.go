package routing

import (
	"context"
	"strconv"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// The supervisor's actions [T4]. A supervisor's Monitor needs nothing
// here: supervisors may read every conversation (relay.MayRead), and
// reading one tells nobody and assigns nothing.

// Floor is every conversation that is not closed and every agent's load.
func (r *Router) Floor(ctx context.Context) (wire.Floor, error) {
	convs, err := r.store.Conversations(ctx)
	if err != nil {
		return wire.Floor{}, err
	}
	loads, err := r.store.AgentLoads(ctx)
	if err != nil {
		return wire.Floor{}, err
	}
	f := wire.Floor{Conversations: []wire.Conversation{}, Agents: []wire.FloorAgent{}, Now: r.Now()}
	for _, c := range convs {
		f.Conversations = append(f.Conversations, relay.WireConversation(c))
	}
	for _, l := range loads {
		f.Agents = append(f.Agents, wire.FloorAgent{ID: l.AgentID, Name: l.Name, Presence: shown(l.Presence).Status,
			Used: l.ActiveUnits, Capacity: l.Capacity})
	}
	return f, nil
}

// Assign gives a conversation to an agent on a supervisor's word, beyond
// the agent's capacity only when overCapacity confirms it: otherwise the
// refusal names the overage.
func (r *Router) Assign(ctx context.Context, by store.Agent, conversationID, agentID int64, overCapacity bool) (store.Conversation, error) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	before, err := r.store.Conversation(ctx, conversationID)
	if err != nil {
		return store.Conversation{}, err
	}
	if before.Status == store.StatusClosed {
		return store.Conversation{}, store.ErrClosed
	}
	l, err := r.store.AgentLoadOf(ctx, agentID)
	if err != nil {
		return store.Conversation{}, relay.RefuseWith(wire.ErrBadRequest, "error.no.agent")
	}
	ws, err := r.store.Workstream(ctx, before.WorkstreamID)
	if err != nil {
		return store.Conversation{}, err
	}
	after := l.ActiveUnits
	if before.AgentID != agentID || before.Status != store.StatusActive {
		after += ws.CapacityUnits
	}
	if over := after - l.Capacity; over > 0 && !overCapacity {
		return store.Conversation{}, relay.RefuseWith(wire.ErrConflict, "error.capacity",
			l.Name, strconv.Itoa(after), strconv.Itoa(l.Capacity), strconv.Itoa(over))
	}
	offer, offerErr := r.store.OfferOf(ctx, conversationID)
	c, err := r.relay.Assign(conversationID, func() (store.Conversation, error) {
		return r.store.Reassign(ctx, conversationID, agentID)
	})
	if err != nil {
		return store.Conversation{}, err
	}
	if offerErr == nil {
		r.cancelExpiry(conversationID)
		r.withdrawn(offer.AgentID, conversationID, ReasonTaken)
	}
	r.internalLine(ctx, conversationID, wire.NoteAssigned, by.Name, l.Name)
	if before.AgentID != agentID {
		c = r.note(ctx, c, wire.NoteJoined, l.Name)
	} else {
		r.relay.ConversationChanged(c)
	}
	r.refresh(ctx, agentID)
	if before.AgentID != 0 && before.AgentID != agentID {
		r.refresh(ctx, before.AgentID)
	}
	r.floorChanged()
	r.route(ctx)
	return c, nil
}

// ForceClose closes a conversation on a supervisor's word, whatever its
// status; the transcript records who did.
func (r *Router) ForceClose(ctx context.Context, by store.Agent, conversationID int64) (store.Conversation, error) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	before, err := r.store.Conversation(ctx, conversationID)
	if err != nil {
		return store.Conversation{}, err
	}
	if before.Status == store.StatusClosed {
		return store.Conversation{}, store.ErrClosed
	}
	offer, offerErr := r.store.OfferOf(ctx, conversationID)
	c, changed, err := r.store.Transition(ctx, conversationID, before.Status, store.StatusClosed, time.Time{})
	if err != nil {
		return store.Conversation{}, err
	}
	if !changed {
		return store.Conversation{}, relay.RefuseWith(wire.ErrConflict, "error.conversation.changed")
	}
	if offerErr == nil {
		r.cancelExpiry(conversationID)
		r.withdrawn(offer.AgentID, conversationID, ReasonClosed)
	}
	r.internalLine(ctx, conversationID, wire.NoteForceClosedBy, by.Name)
	c = r.note(ctx, c, wire.NoteForceClosed)
	if before.AgentID != 0 {
		r.refresh(ctx, before.AgentID)
	}
	r.floorChanged()
	r.route(ctx)
	return c, nil
}

// floorChanged tells the supervisors' views to read the floor again.
func (r *Router) floorChanged() {
	r.relay.ToSupervisors(wire.Encode(wire.TypeFloorChanged, 0, 0, nil))
}
