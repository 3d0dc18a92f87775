package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// quickReplies lists the canned responses by title [C3].
func (s *Server) quickReplies(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.QuickReplies(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]wire.QuickReply, len(list))
	for i, q := range list {
		out[i] = wireQuickReply(q)
	}
	writeJSON(w, http.StatusOK, out)
}

func wireQuickReply(q store.QuickReply) wire.QuickReply {
	return wire.QuickReply{ID: q.ID, Title: q.Title, Body: q.Body}
}
