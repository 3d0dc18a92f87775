package routing

import (
	"context"
	"errors"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// systemName signs the transcript notes of lifecycle changes.
const systemName = "Switchboard"

// Pick assigns a conversation to the agent who picked it from the queue
// [S8]; a pending offer of it, to anyone, is withdrawn as taken.
func (r *Router) Pick(ctx context.Context, agent store.Agent, conversationID int64) (store.Conversation, error) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	before, err := r.store.Conversation(ctx, conversationID)
	if err != nil {
		return store.Conversation{}, err
	}
	offer, offerErr := r.store.OfferOf(ctx, conversationID)
	c, err := r.relay.Assign(conversationID, func() (store.Conversation, error) {
		return r.store.AssignConversation(ctx, conversationID, agent.ID)
	})
	if err != nil {
		return store.Conversation{}, err
	}
	if offerErr == nil {
		r.cancelExpiry(conversationID)
		r.withdrawn(offer.AgentID, conversationID, ReasonTaken)
	}
	if before.AgentID != agent.ID {
		c = r.note(ctx, c, wire.NoteJoined, agent.Name)
	} else if before.Status != c.Status {
		r.relay.ConversationChanged(c)
	}
	r.refresh(ctx, agent.ID)
	r.route(ctx)
	return c, nil
}

// End ends the agent's active conversation: it moves to wrap-up and frees
// capacity [C4]. Ending it again changes nothing.
func (r *Router) End(ctx context.Context, agent store.Agent, conversationID int64) (store.Conversation, error) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	c, from, err := r.store.EndConversation(ctx, conversationID, agent.ID)
	if err != nil || from == c.Status {
		return c, err
	}
	c = r.note(ctx, c, wire.NoteEnded, agent.Name)
	r.refresh(ctx, agent.ID)
	r.route(ctx)
	return c, nil
}

// Close is the agent closing their session of a conversation [C4, C5]:
// wrap-up becomes closed; an active live chat goes back to the queue and is
// offered to someone else; an active persistent chat waits for the
// customer. Closing it again changes nothing.
func (r *Router) Close(ctx context.Context, agent store.Agent, conversationID int64) (store.Conversation, error) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	c, from, err := r.store.CloseConversation(ctx, conversationID, agent.ID)
	if err != nil || from == c.Status {
		return c, err
	}
	switch c.Status {
	case store.StatusClosed:
		c = r.note(ctx, c, wire.NoteClosed, agent.Name)
	case store.StatusOpen:
		c = r.note(ctx, c, wire.NoteLeft, agent.Name)
	case store.StatusWaiting:
		c = r.note(ctx, c, wire.NoteParked, agent.Name)
	}
	if from == store.StatusActive {
		r.refresh(ctx, agent.ID)
	}
	r.route(ctx)
	return c, nil
}

// note records a lifecycle change in the transcript, tells every agent and
// the customer that the conversation changed, and returns the conversation
// as it now is. The note's own update reaches only whoever lists the
// conversation now, while a change of status or assignee must reach every
// agent: their queue may have listed it a moment ago.
// The note is stored as its code and arguments, which each reader's page
// words [L3].
func (r *Router) note(ctx context.Context, c store.Conversation, code string, args ...string) store.Conversation {
	_, err := r.relay.Post(ctx, store.Message{
		ConversationID: c.ID,
		Sender:         wire.SenderSystem,
		SenderName:     systemName,
		Code:           code,
		Args:           args,
	})
	if err != nil {
		r.logErr("lifecycle note", err)
	} else if fresh, err := r.store.Conversation(ctx, c.ID); err == nil {
		c = fresh
	}
	r.endTeamwork(ctx, c)
	r.relay.ConversationChanged(c)
	return c
}

// endTeamwork ends what only makes sense while a conversation is active
// and with the agent who set it going: a transfer on offer to a colleague
// [T1] is withdrawn from them, and a consult [T2] ends on both sides. So a
// conversation that was ended, closed, queued or handed to someone else,
// by its agent, its customer, a supervisor or the auto-close, leaves
// neither behind.
func (r *Router) endTeamwork(ctx context.Context, c store.Conversation) {
	if o, err := r.store.OfferOf(ctx, c.ID); err == nil && o.TransferFrom != 0 &&
		(c.Status != store.StatusActive || c.AgentID != o.TransferFrom) {
		withdrawn, err := r.store.WithdrawOffer(ctx, c.ID, o.AgentID, store.OfferWithdrawn)
		r.logErr("withdraw transfer", err)
		if withdrawn {
			r.cancelExpiry(c.ID)
			r.withdrawn(o.AgentID, c.ID, ReasonClosed)
		}
	}
	if k, err := r.store.ConsultOf(ctx, c.ID); err == nil && (c.Status != store.StatusActive || c.AgentID != k.ByAgentID) {
		if err := r.relay.EndConsult(ctx, c.ID, 0); !errors.Is(err, store.ErrNotFound) {
			r.logErr("end consult", err)
		}
	}
}

// customerReturned brings back a waiting persistent chat whose customer
// wrote again [C6]: it goes back to the queue and is offered first to the
// agent who had it, when that agent can take it; otherwise to whoever can.
func (r *Router) customerReturned(ctx context.Context, c store.Conversation) {
	had := c.AgentID
	c, changed, err := r.store.Transition(ctx, c.ID, store.StatusWaiting, store.StatusOpen, time.Time{})
	if err != nil || !changed {
		r.logErr("customer returned", err)
		return
	}
	c = r.note(ctx, c, wire.NoteBack)
	ws, err := r.store.Workstream(ctx, c.WorkstreamID)
	if err != nil {
		r.logErr("customer returned", err)
		return
	}
	if load, err := r.store.AgentLoadOf(ctx, had); err == nil && r.eligible(&load, ws, nil) {
		r.logErr("offer to the same agent", r.offer(ctx, c, ws, had))
	}
	r.route(ctx)
}
