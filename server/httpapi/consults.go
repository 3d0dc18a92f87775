package httpapi

import (
	"errors"
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Consults [T2]: the conversation's agent invites a colleague, who on
// Accept reads the live transcript (relay: a consultant's reading right)
// and shares a private thread with them. The thread goes only to the two
// agents' own topics: no customer path carries a byte of it. A consult
// assigns nothing, so it uses no capacity.

// inviteConsult asks a colleague to help with the caller's conversation.
func (s *Server) inviteConsult(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	var in wire.ConsultInvite
	if !readJSON(w, r, &in) {
		return
	}
	me := agentFrom(r)
	_, err := s.store.CreateConsult(r.Context(), id, me.ID, in.AgentID)
	if errors.Is(err, store.ErrDuplicate) {
		problem(w, http.StatusConflict, "error.consult.taken")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.Conversation(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	wc := relay.WireConversation(c)
	wc.LastMessage = "" // the preview follows once they accept
	s.relay.ToAgent(in.AgentID, wire.Encode(wire.TypeConsultRequested, id, 0, wire.ConsultRequest{Conversation: wc, From: me.Name}))
	w.WriteHeader(http.StatusAccepted)
}

// acceptConsult starts a consult the caller was asked to help with; it
// answers the conversation, for their consult session.
func (s *Server) acceptConsult(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	me := agentFrom(r)
	if err := s.store.AcceptConsult(r.Context(), id, me.ID); err != nil {
		s.consultGone(w, r, err)
		return
	}
	k, wk, err := s.relay.Consult(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.Conversation(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e := wire.Encode(wire.TypeConsultStarted, id, 0, wk)
	s.relay.ToAgent(k.ByAgentID, e)
	s.relay.ToAgent(k.AgentID, e)
	s.relay.ConsultLine(r.Context(), id, wire.NoteConsultJoined, wk.Agent)
	writeJSON(w, http.StatusOK, relay.WireConversation(c))
}

// joinConsult is a supervisor's Join [T4]: a consult with the
// conversation's agent, started at once.
func (s *Server) joinConsult(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	me := agentFrom(r)
	_, err := s.store.JoinConsult(r.Context(), id, me.ID)
	if errors.Is(err, store.ErrDuplicate) {
		problem(w, http.StatusConflict, "error.consult.taken")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	k, wk, err := s.relay.Consult(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e := wire.Encode(wire.TypeConsultStarted, id, 0, wk)
	s.relay.ToAgent(k.ByAgentID, e)
	s.relay.ToAgent(k.AgentID, e)
	s.relay.ConsultLine(r.Context(), id, wire.NoteConsultJoined, me.Name)
	w.WriteHeader(http.StatusNoContent)
}

// endConsult ends a consult: the colleague's Reject, or End consult on
// either side.
func (s *Server) endConsult(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	if err := s.relay.EndConsult(r.Context(), id, agentFrom(r).ID); err != nil {
		s.consultGone(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// consultThread answers a consult and its thread to either of its agents.
func (s *Server) consultThread(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	k, wk, err := s.relay.Consult(r.Context(), id)
	me := agentFrom(r)
	if err == nil && me.ID != k.AgentID && me.ID != k.ByAgentID {
		err = store.ErrNotFound
	}
	if err != nil {
		s.consultGone(w, r, err)
		return
	}
	msgs, err := s.store.ConsultMessages(r.Context(), id, k.CreatedAt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := wire.ConsultThread{Consult: wk, Messages: []wire.ConsultMessage{}}
	for _, m := range msgs {
		out.Messages = append(out.Messages, wireConsultMessage(m))
	}
	writeJSON(w, http.StatusOK, out)
}

// postConsultMessage adds a line to the thread and sends it to both agents.
func (s *Server) postConsultMessage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	var in wire.MessageSend
	if !readJSON(w, r, &in) {
		return
	}
	me := agentFrom(r)
	m, err := s.store.AddConsultMessage(r.Context(), store.ConsultMessage{ConversationID: id, AgentID: me.ID, SenderName: me.Name, Body: in.Body})
	if err != nil {
		s.consultGone(w, r, err)
		return
	}
	k, err := s.store.ConsultOf(r.Context(), id)
	if err != nil {
		s.consultGone(w, r, err)
		return
	}
	wm := wireConsultMessage(m)
	e := wire.Encode(wire.TypeConsultMessage, id, 0, wm)
	s.relay.ToAgent(k.ByAgentID, e)
	s.relay.ToAgent(k.AgentID, e)
	writeJSON(w, http.StatusCreated, wm)
}

// consults lists the caller's consults, so a reloaded workspace shows its
// requests and threads again.
func (s *Server) consults(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ConsultsOf(r.Context(), agentFrom(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []wire.Consult{}
	for _, k := range list {
		_, wk, err := s.relay.Consult(r.Context(), k.ConversationID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out = append(out, wk)
	}
	writeJSON(w, http.StatusOK, out)
}

// consultGone answers a consult the caller is not in, or no longer.
func (s *Server) consultGone(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusConflict, "error.consult.gone")
		return
	}
	s.fail(w, r, err)
}

func wireConsultMessage(m store.ConsultMessage) wire.ConsultMessage {
	return wire.ConsultMessage{ID: m.ID, Conversation: m.ConversationID, SenderName: m.SenderName, Body: m.Body, At: m.CreatedAt}
}
