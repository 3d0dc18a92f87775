package httpapi

import (
	"errors"
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

func (s *Server) adminAgents(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.AgentAccounts(r.Context())
	writeList(s, w, r, list, err, wireAdminAgent)
}

func (s *Server) createAgent(w http.ResponseWriter, r *http.Request) {
	var in wire.AdminAgent
	if !readJSON(w, r, &in) {
		return
	}
	a, err := s.store.CreateAgentAccount(r.Context(), store.AgentAccount{
		Email: in.Email, Name: in.Name, Role: in.Role, Capacity: in.Capacity,
	}, in.Password)
	if err != nil {
		s.failAgent(w, r, err)
		return
	}
	s.adminLog(r, "agent created", "agent", a.ID, "email", a.Email, "role", a.Role, "capacity", a.Capacity)
	writeJSON(w, http.StatusCreated, wireAdminAgent(a))
}

func (s *Server) updateAgent(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Agent")
	if !ok {
		return
	}
	var in wire.AdminAgent
	if !readJSON(w, r, &in) {
		return
	}
	if in.Password != "" {
		badFields(w, map[string]wire.FieldProblem{"password": {Reason: wire.ReasonSeparate}})
		return
	}
	if id == agentFrom(r).ID {
		if in.Disabled {
			writeJSON(w, http.StatusBadRequest, wire.Problem{Error: "You cannot disable your own account.",
				Fields: map[string]wire.FieldProblem{"disabled": {Reason: wire.ReasonSelf}}})
			return
		}
		if in.Role != "admin" {
			writeJSON(w, http.StatusBadRequest, wire.Problem{Error: "You cannot remove your own administrator role.",
				Fields: map[string]wire.FieldProblem{"role": {Reason: wire.ReasonSelf}}})
			return
		}
	}
	before, err := s.store.AgentAccount(r.Context(), id)
	if err != nil {
		s.failAgent(w, r, err)
		return
	}
	a, err := s.store.UpdateAgentAccount(r.Context(), store.AgentAccount{
		ID: id, Name: in.Name, Role: in.Role, Capacity: in.Capacity, Disabled: in.Disabled,
	})
	if err != nil {
		s.failAgent(w, r, err)
		return
	}
	if store.SignInsEnd(before, a) {
		s.relay.SignInsEnded(a.ID)
	}
	s.adminLog(r, "agent changed", "agent", a.ID, "email", a.Email,
		"name", a.Name, "role", before.Role+"→"+a.Role, "capacity", a.Capacity,
		"disabled", a.Disabled, "was_disabled", before.Disabled)
	writeJSON(w, http.StatusOK, wireAdminAgent(a))
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Agent")
	if !ok {
		return
	}
	var in wire.PasswordReset
	if !readJSON(w, r, &in) {
		return
	}
	// Someone else's sign-ins end, so a leaked password stops working;
	// an administrator changing their own stays signed in.
	self := id == agentFrom(r).ID
	if err := s.store.ResetAgentPassword(r.Context(), id, in.Password, !self); err != nil {
		s.failAgent(w, r, err)
		return
	}
	if !self {
		s.relay.SignInsEnded(id)
	}
	s.adminLog(r, "agent password reset", "agent", id)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) failAgent(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		problem(w, http.StatusNotFound, "error.no.agent")
		return
	case errors.Is(err, store.ErrDuplicate):
		writeJSON(w, http.StatusConflict, wire.Problem{Error: "An agent with this email already exists.",
			Fields: map[string]wire.FieldProblem{"email": {Reason: wire.ReasonTaken}}})
		return
	}
	if badFields(w, refusedFields(err, nil)) {
		return
	}
	s.fail(w, r, err)
}

func wireAdminAgent(a store.AgentAccount) wire.AdminAgent {
	return wire.AdminAgent{ID: a.ID, Email: a.Email, Name: a.Name, Role: a.Role, Capacity: a.Capacity, Disabled: a.Disabled}
}
