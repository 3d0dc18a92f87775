package httpapi

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/lockout"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Business hours [X3], the customer's side: outside them the chat page
// shows the offline message and a form, whose answer is a case in the
// workstream's queue (Home stream Unassigned cases).

// closedChat is what POST /api/chat answers outside business hours; the
// chat page then asks GET /api/chat again and shows the offline form.
const closedChat = "We are closed now. Leave your question in the form and we will answer by email."

// offlineForms limits offline forms per client address: each one is a
// case and a contact, and the form is public. Ten in 15 minutes leaves a
// customer room to fix their answers, and an office behind one address
// room for several customers.
var offlineForms = lockout.Limits{
	AccountFailures: math.MaxInt, AccountWindow: time.Minute, AccountLock: time.Minute,
	ClientAttempts: 10, ClientWindow: 15 * time.Minute, MaxEntries: 10000,
}

// offline says what the chat page shows instead of a chat when ws is
// closed now by the routing clock, or nil when it is open.
func (s *Server) offline(ws store.Workstream) *wire.Offline {
	now := s.routing.Now()
	if ws.Hours.Open(now) {
		return nil
	}
	out := &wire.Offline{Message: ws.OfflineMessage}
	if next, ok := ws.Hours.NextOpen(now); ok {
		out.NextOpen = next.UTC()
	}
	return out
}

// leaveOfflineQuestion files a customer's offline form as a case in the
// default chat workstream's queue and tells every agent's Home. It is
// refused while the workstream is open: then the customer can chat.
func (s *Server) leaveOfflineQuestion(w http.ResponseWriter, r *http.Request) {
	client := s.clientAddress(r)
	if why, retry := s.OfflineForms.Attempt(client, client); why != lockout.Allowed {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(retry.Seconds())))))
		problem(w, http.StatusTooManyRequests, "Too many questions from your address. Try again later.")
		return
	}
	var in wire.OfflineForm
	if !readJSONUpTo(w, r, &in, 64<<10) {
		return
	}
	ws, err := s.store.DefaultChatWorkstream(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	off := s.offline(ws)
	if off == nil {
		problem(w, http.StatusConflict, "We are open: start a chat instead.")
		return
	}
	c, err := s.store.CreateOfflineCase(r.Context(), ws.ID, store.OfflineRequest{Name: in.Name, Email: in.Email, Question: in.Question})
	if err != nil {
		s.failChatStart(w, r, err)
		return
	}
	s.log.Info("offline question filed", "case", c.ID, "workstream", ws.ID, "contact", c.ContactID)
	s.relay.ToAgents(wire.Encode(wire.TypeCasesChanged, 0, 0, nil))
	writeJSON(w, http.StatusCreated, wire.OfflineFiled{Case: c.ID, Email: c.ContactEmail, NextOpen: off.NextOpen})
}

// unassignedCases is the Home stream Unassigned cases [X3].
func (s *Server) unassignedCases(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.UnassignedCases(r.Context())
	writeList(s, w, r, list, err, func(c store.Case) wire.UnassignedCase {
		return wire.UnassignedCase{Case: wireCase(c), ContactName: c.ContactName, ContactEmail: c.ContactEmail, Workstream: c.WorkstreamName}
	})
}

// pickCase makes the signed-in agent the owner of an unassigned case; the
// workspace then opens it. A case someone picked first is refused.
func (s *Server) pickCase(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Case")
	if !ok {
		return
	}
	c, err := s.store.PickCase(r.Context(), id, agentFrom(r).ID)
	switch {
	case errors.Is(err, store.ErrTaken):
		problem(w, http.StatusConflict, "Another agent picked this case first.")
		return
	case err != nil:
		s.failCase(w, r, err, wire.CaseInput{})
		return
	}
	s.relay.ToAgents(wire.Encode(wire.TypeCasesChanged, 0, 0, nil))
	writeJSON(w, http.StatusOK, wireCase(c))
}
