package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
)

// details answers what the Active conversation tab shows about the
// customer [S10, D2], to the agents who may read the conversation.
func (s *Server) details(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	d, err := s.store.Details(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	me := agentFrom(r)
	if !relay.MayRead(me, d.Conversation) {
		problem(w, http.StatusForbidden, "error.conversation.others")
		return
	}
	out := wire.Details{
		Conversation: relay.WireConversation(d.Conversation),
		PreChat: wire.ChatStart{
			Name: d.PreChat.Name, Email: d.PreChat.Email, Question: d.PreChat.Question,
			Browser: d.PreChat.Browser, Language: d.PreChat.Language,
		},
		Cases:   make([]wire.Case, len(d.Cases)),
		Earlier: make([]wire.Conversation, len(d.Earlier)),
	}
	if d.Contact != nil {
		k := wireContact(*d.Contact)
		out.Contact = &k
	}
	for i, c := range d.Cases {
		out.Cases[i] = wireCase(c)
	}
	for i, c := range d.Earlier {
		out.Earlier[i] = relay.WireConversation(c)
		// Listed, so the agent knows of it, but a colleague's chat is
		// theirs: no preview of what its customer wrote.
		if !relay.MayRead(me, c) {
			out.Earlier[i].LastMessage = ""
		}
	}
	writeJSON(w, http.StatusOK, out)
}
