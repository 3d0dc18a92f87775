package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// rate stores the customer's rating of their chat after End [X2]. The
// customer proves which conversation with its chat token as a bearer
// token, as on the websocket, never in the URL.
func (s *Server) rate(w http.ResponseWriter, r *http.Request) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	c, err := s.store.ConversationByToken(r.Context(), tok)
	if tok == "" || errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusUnauthorized, "error.chat.gone")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in wire.Rating
	if !readJSON(w, r, &in) {
		return
	}
	c, err = s.store.RateConversation(r.Context(), c.ID, in.Stars, in.Comment)
	var invalid *store.ValidationError
	switch {
	case errors.As(err, &invalid):
		msg := "Choose from 1 to 5 stars."
		if invalid.Field == "comment" {
			msg = "The comment is too long."
		}
		writeJSON(w, http.StatusBadRequest, wire.Problem{Error: msg,
			Fields: map[string]wire.FieldProblem{invalid.Field: {Reason: invalid.Reason, Min: invalid.Min, Max: invalid.Max}}})
	case errors.Is(err, store.ErrDuplicate):
		problem(w, http.StatusConflict, "error.rating.done")
	case errors.Is(err, store.ErrNotEnded):
		problem(w, http.StatusConflict, "error.rating.early")
	case errors.Is(err, store.ErrSurveyOff):
		problem(w, http.StatusConflict, "error.rating.off")
	case err != nil:
		s.fail(w, r, err)
	default:
		// The agent's session and Closed work items show it at once.
		s.relay.ConversationChanged(c)
		writeJSON(w, http.StatusOK, relay.WireConversation(c))
	}
}
