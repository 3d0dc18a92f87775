package httpapi

import (
	"net/http"
	"strconv"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

func (s *Server) conversations(w http.ResponseWriter, r *http.Request) {
	all, err := s.store.Conversations(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	me := agentFrom(r)
	out := make([]wire.Conversation, 0, len(all))
	for _, c := range all {
		// Agents see the queue and their own work, not a colleague's chats.
		if c.AgentID == 0 || c.AgentID == me.ID || me.Role == "admin" {
			out = append(out, relay.WireConversation(c))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// pick assigns a queued conversation to the signed-in agent [S8] and tells
// the customer who joined.
func (s *Server) pick(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		problem(w, http.StatusBadRequest, "Conversation id must be a number.")
		return
	}
	me := agentFrom(r)
	before, err := s.store.Conversation(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.AssignConversation(r.Context(), id, me.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if before.AgentID != me.ID {
		_, err := s.relay.Post(r.Context(), store.Message{
			ConversationID: id,
			Sender:         wire.SenderSystem,
			SenderName:     "Switchboard",
			Body:           me.Name + " joined the chat.",
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if c, err = s.store.Conversation(r.Context(), id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.relay.ConversationChanged(c)
	writeJSON(w, http.StatusOK, relay.WireConversation(c))
}
