package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// conversations lists the queue and the caller's own work, then what the
// caller closed today (server local time), for the dashboard streams [D1].
func (s *Server) conversations(w http.ResponseWriter, r *http.Request) {
	all, err := s.store.Conversations(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	me := agentFrom(r)
	y, m, d := time.Now().Date()
	closed, err := s.store.ClosedBy(r.Context(), me.ID, time.Date(y, m, d, 0, 0, 0, 0, time.Local))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]wire.Conversation, 0, len(all)+len(closed))
	for _, c := range all {
		// Agents see the queue and their own work, not a colleague's chats.
		if c.AgentID == 0 || c.AgentID == me.ID || me.Supervises() {
			out = append(out, relay.WireConversation(c))
		}
	}
	for _, c := range closed {
		out = append(out, relay.WireConversation(c))
	}
	writeJSON(w, http.StatusOK, out)
}

// pick assigns a queued conversation to the signed-in agent [S8] and tells
// the customer who joined.
func (s *Server) pick(w http.ResponseWriter, r *http.Request) {
	s.lifecycle(w, r, s.routing.Pick)
}

// end ends the caller's active conversation: wrap-up [C4].
func (s *Server) end(w http.ResponseWriter, r *http.Request) {
	s.lifecycle(w, r, s.routing.End)
}

// closeConversation is the caller closing their session of a conversation
// [C4, C5]: wrap-up → closed, live active → back to the queue, persistent
// active → waiting.
func (s *Server) closeConversation(w http.ResponseWriter, r *http.Request) {
	s.lifecycle(w, r, s.routing.Close)
}

// lifecycle runs one of the Router's conversation changes for the caller
// and answers the conversation as it now is.
func (s *Server) lifecycle(w http.ResponseWriter, r *http.Request,
	change func(ctx context.Context, agent store.Agent, id int64) (store.Conversation, error)) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	c, err := change(r.Context(), agentFrom(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, relay.WireConversation(c))
}
