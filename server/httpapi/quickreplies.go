package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// quickReplies lists the canned responses by title [C3].
func (s *Server) quickReplies(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.QuickReplies(r.Context())
	writeList(s, w, r, list, err, wireQuickReply)
}

func wireQuickReply(q store.QuickReply) wire.QuickReply {
	return wire.QuickReply{ID: q.ID, Title: q.Title, Body: q.Body}
}
