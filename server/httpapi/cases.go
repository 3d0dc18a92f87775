package httpapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

const staleCase = "error.case.stale"

// createCase opens a case owned by the signed-in agent.
func (s *Server) createCase(w http.ResponseWriter, r *http.Request) {
	var in wire.CaseInput
	if !readJSON(w, r, &in) {
		return
	}
	c := caseFromInput(in)
	c.OwnerID = agentFrom(r).ID
	c, err := s.store.CreateCase(r.Context(), c)
	if err != nil {
		s.failCase(w, r, err, in)
		return
	}
	writeJSON(w, http.StatusCreated, wireCase(c))
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Case")
	if !ok {
		return
	}
	c, err := s.store.Case(r.Context(), id)
	if err != nil {
		s.failCase(w, r, err, wire.CaseInput{})
		return
	}
	writeJSON(w, http.StatusOK, wireCase(c))
}

// updateCase saves an edit made from in.Version [D3]: any agent may edit a
// case, and a save over someone else's newer one is refused, not merged.
func (s *Server) updateCase(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Case")
	if !ok {
		return
	}
	var in wire.CaseInput
	if !readJSON(w, r, &in) {
		return
	}
	if in.Version < 1 {
		problem(w, http.StatusBadRequest, "error.case.version")
		return
	}
	current, err := s.store.Case(r.Context(), id)
	if err != nil {
		s.failCase(w, r, err, in)
		return
	}
	c := caseFromInput(in)
	c.ID = id
	// The owner is not part of the form. Should it change in between, the
	// version has moved too and the save is refused as stale.
	c.OwnerID = current.OwnerID
	c, err = s.store.UpdateCase(r.Context(), c)
	if err != nil {
		s.failCase(w, r, err, in)
		return
	}
	writeJSON(w, http.StatusOK, wireCase(c))
}

// listCases answers ?owner=me&status=Active, the dashboard's My active
// cases [D1]. Only the signed-in agent's own cases can be listed.
func (s *Server) listCases(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if owner := q.Get("owner"); owner != "" && owner != "me" {
		problem(w, http.StatusBadRequest, "error.cases.owner")
		return
	}
	status := q.Get("status")
	if status != "" && status != store.CaseActive && status != store.CaseResolved {
		problem(w, http.StatusBadRequest, "error.cases.status")
		return
	}
	list, err := s.store.CasesByOwner(r.Context(), agentFrom(r).ID, status)
	writeList(s, w, r, list, err, wireCase)
}

// failCase answers a case error: field messages for invalid input, 409 for a
// stale save, 404 for an unknown case.
func (s *Server) failCase(w http.ResponseWriter, r *http.Request, err error, in wire.CaseInput) {
	switch {
	case badFields(w, refusedFields(err, caseFields)):
	case errors.Is(err, store.ErrStale):
		problem(w, http.StatusConflict, staleCase)
	case errors.Is(err, store.ErrNotFound):
		problem(w, http.StatusNotFound, "error.no.case")
	default:
		s.fail(w, r, err)
	}
}

// caseFields are the JSON names of the store's case fields that differ.
var caseFields = map[string]string{"contact": "contactId", "conversation": "conversationId", "owner": "ownerId"}

func caseFromInput(in wire.CaseInput) store.Case {
	return store.Case{
		Title:          in.Title,
		Description:    in.Description,
		Priority:       in.Priority,
		Status:         in.Status,
		ContactID:      in.ContactID,
		ConversationID: in.ConversationID,
		Version:        in.Version,
	}
}

func wireCase(c store.Case) wire.Case {
	return wire.Case{
		ID:             c.ID,
		Title:          c.Title,
		Description:    c.Description,
		Priority:       c.Priority,
		Status:         c.Status,
		ContactID:      c.ContactID,
		ConversationID: c.ConversationID,
		OwnerID:        c.OwnerID,
		OwnerName:      c.OwnerName,
		Version:        c.Version,
		CreatedAt:      c.CreatedAt,
		UpdatedAt:      c.UpdatedAt,
	}
}

// pathID reads the {id} path value, answering 400 itself when it is not a
// positive number. what names the record for the message.
func pathID(w http.ResponseWriter, r *http.Request, what string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		problem(w, http.StatusBadRequest, "error.bad.id", what)
		return 0, false
	}
	return id, true
}
