package relay

import (
	"context"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Consult reads a conversation's consult [T2], with the names its two
// agents are shown.
func (r *Relay) Consult(ctx context.Context, id int64) (store.Consult, wire.Consult, error) {
	k, err := r.store.ConsultOf(ctx, id)
	if err != nil {
		return store.Consult{}, wire.Consult{}, err
	}
	c, err := r.store.Conversation(ctx, id)
	if err != nil {
		return store.Consult{}, wire.Consult{}, err
	}
	agent, err := r.store.Agent(ctx, k.AgentID)
	if err != nil {
		return store.Consult{}, wire.Consult{}, err
	}
	by, err := r.store.Agent(ctx, k.ByAgentID)
	if err != nil {
		return store.Consult{}, wire.Consult{}, err
	}
	return k, wire.Consult{Conversation: id, Title: c.Title, Visitor: WireConversation(c).Visitor, Agent: agent.Name, AgentID: agent.ID, By: by.Name, ByID: by.ID, Active: k.Active}, nil
}

// EndConsult ends a conversation's consult on the word of agentID, either
// of its agents, or, with agentID 0, because the conversation is no longer
// active. Both agents are told (which ends the consultant's reading right),
// and a consult that had started leaves a line in the timeline.
// store.ErrNotFound when there is no such consult.
func (r *Relay) EndConsult(ctx context.Context, id, agentID int64) error {
	_, wk, err := r.Consult(ctx, id)
	if err != nil {
		return err
	}
	k, err := r.store.EndConsult(ctx, id, agentID)
	if err != nil {
		return err
	}
	e := wire.Encode(wire.TypeConsultEnded, id, 0, wk)
	r.ToAgent(k.ByAgentID, e)
	r.ToAgent(k.AgentID, e)
	if k.Active {
		r.ConsultLine(ctx, id, wire.NoteConsultEnded, wk.Agent)
	}
	return nil
}

// ConsultLine records a consult in the timeline, for agents only.
func (r *Relay) ConsultLine(ctx context.Context, id int64, code string, args ...string) {
	if _, err := r.Post(context.WithoutCancel(ctx), store.Message{ConversationID: id, Sender: wire.SenderSystem,
		SenderName: "Switchboard", Code: code, Args: args, Internal: true}); err != nil {
		r.log.Warn("consult line", "conversation", id, "err", err)
	}
}
