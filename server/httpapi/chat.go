package httpapi

import (
	"net/http"

	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
)

// startChat opens an anonymous conversation in the default chat workstream.
// The token it returns is the customer's only key to the conversation.
func (s *Server) startChat(w http.ResponseWriter, r *http.Request) {
	ws, err := s.store.EnsureDefaultWorkstream(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.StartConversation(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.relay.ConversationChanged(c)
	s.log.Info("conversation started", "conversation", c.ID, "title", c.Title)
	s.routing.Route(r.Context())
	writeJSON(w, http.StatusCreated, wire.ChatStarted{Token: c.Token, Conversation: relay.WireConversation(c)})
}

// customerSocket accepts a customer's websocket; the customer proves which
// conversation it is in the hello frame, never in the URL, so tokens stay
// out of access logs.
func (s *Server) customerSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil) // nil options: Origin must match Host
	if err != nil {
		return // Accept has answered
	}
	s.relay.Serve(r.Context(), ws, nil)
}

func (s *Server) agentSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	a := agentFrom(r)
	s.relay.Serve(r.Context(), ws, &a)
}
