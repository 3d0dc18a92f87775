package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// setPresence applies the status the agent chose, or "auto" [P1, P2].
func (s *Server) setPresence(w http.ResponseWriter, r *http.Request) {
	var in wire.PresenceInput
	if !readJSON(w, r, &in) {
		return
	}
	p, err := s.routing.SetPresence(r.Context(), agentFrom(r).ID, in.Status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// setSessionLimit records whether the workspace's session panel is full:
// while it is, an automatic presence is dnd [S11, P2].
func (s *Server) setSessionLimit(w http.ResponseWriter, r *http.Request) {
	var in wire.SessionLimit
	if !readJSON(w, r, &in) {
		return
	}
	p, err := s.routing.SetSessionLimit(r.Context(), agentFrom(r).ID, in.Reached)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
