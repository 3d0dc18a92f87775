package httpapi

import (
	"errors"
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

func (s *Server) createQuickReply(w http.ResponseWriter, r *http.Request) {
	var in wire.QuickReply
	if !readJSON(w, r, &in) {
		return
	}
	q, err := s.store.CreateQuickReply(r.Context(), store.QuickReply{Title: in.Title, Body: in.Body})
	if err != nil {
		s.failQuickReply(w, r, err)
		return
	}
	s.adminLog(r, "quick reply created", "quick_reply", q.ID, "title", q.Title)
	writeJSON(w, http.StatusCreated, wireQuickReply(q))
}

func (s *Server) updateQuickReply(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Quick reply")
	if !ok {
		return
	}
	var in wire.QuickReply
	if !readJSON(w, r, &in) {
		return
	}
	q, err := s.store.UpdateQuickReply(r.Context(), store.QuickReply{ID: id, Title: in.Title, Body: in.Body})
	if err != nil {
		s.failQuickReply(w, r, err)
		return
	}
	s.adminLog(r, "quick reply changed", "quick_reply", q.ID, "title", q.Title)
	writeJSON(w, http.StatusOK, wireQuickReply(q))
}

func (s *Server) deleteQuickReply(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Quick reply")
	if !ok {
		return
	}
	if err := s.store.DeleteQuickReply(r.Context(), id); err != nil {
		s.failQuickReply(w, r, err)
		return
	}
	s.adminLog(r, "quick reply deleted", "quick_reply", id)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) failQuickReply(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "error.no.quickreply")
		return
	}
	if badFields(w, refusedFields(err, nil)) {
		return
	}
	s.fail(w, r, err)
}
