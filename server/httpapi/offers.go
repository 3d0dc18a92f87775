package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/server/relay"
)

// offers lists the conversations offered to the caller and not yet
// expired, so a reloaded workspace shows its notifications again [S9].
func (s *Server) offers(w http.ResponseWriter, r *http.Request) {
	list, err := s.routing.Offers(r.Context(), agentFrom(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// acceptOffer assigns an offered conversation to the caller [S9].
func (s *Server) acceptOffer(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	c, err := s.routing.Accept(r.Context(), agentFrom(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, relay.WireConversation(c))
}

// rejectOffer declines an offer; the conversation goes to the next
// eligible agent [S9].
func (s *Server) rejectOffer(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	if err := s.routing.Reject(r.Context(), agentFrom(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// offerShown records that one of the caller's windows shows the offer, so
// that its expiry counts as theirs to miss [S9, P2].
func (s *Server) offerShown(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	if err := s.routing.Shown(r.Context(), agentFrom(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
