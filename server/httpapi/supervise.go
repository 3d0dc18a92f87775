package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
)

// supervisorOnly refuses requests of anyone but a signed-in supervisor or
// administrator [T4].
func (s *Server) supervisorOnly(next http.HandlerFunc) http.HandlerFunc {
	return s.agentOnly(func(w http.ResponseWriter, r *http.Request) {
		if !agentFrom(r).Supervises() {
			problem(w, http.StatusForbidden, "error.supervisors.only")
			return
		}
		next(w, r)
	})
}

// floor is the supervisor's view: every conversation that is not closed
// and every agent [T4].
func (s *Server) floor(w http.ResponseWriter, r *http.Request) {
	f, err := s.routing.Floor(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

// assign gives a conversation to an agent; beyond their capacity only once
// confirmed (409 names the overage until then).
func (s *Server) assign(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	var in wire.Assign
	if !readJSON(w, r, &in) {
		return
	}
	if in.AgentID == 0 {
		problem(w, http.StatusBadRequest, "error.choose.agent")
		return
	}
	c, err := s.routing.Assign(r.Context(), agentFrom(r), id, in.AgentID, in.OverCapacity)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, relay.WireConversation(c))
}

// forceClose closes a conversation whatever its status.
func (s *Server) forceClose(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	c, err := s.routing.ForceClose(r.Context(), agentFrom(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, relay.WireConversation(c))
}
