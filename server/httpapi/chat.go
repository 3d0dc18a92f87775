package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/token"
)

// badChatToken is all a customer learns when the host site's token is
// refused [M2]; the log says why.
const badChatToken = "error.chat.token"

// chatConfig tells the chat page how to start: whether to ask the pre-chat
// questions first [M1], or, for a host site's ?token=, whom it signs in
// [M2]; a token that is refused is answered 401, never an anonymous chat.
// It is public and never writes, since every visit to the chat page asks.
func (s *Server) chatConfig(w http.ResponseWriter, r *http.Request) {
	ws, err := s.store.DefaultChatWorkstream(r.Context())
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	st, err := settings.Load(r.Context(), s.store)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q := r.URL.Query(); q.Has("token") {
		who, ok := s.chatCustomer(w, ws, q.Get("token"))
		if !ok {
			return
		}
		// The host site has told us who the customer is: nothing to ask.
		writeJSON(w, http.StatusOK, wire.ChatConfig{Name: who.Name, MaxFileMB: st.MaxFileMB, Offline: s.offline(ws)})
		return
	}
	writeJSON(w, http.StatusOK, wire.ChatConfig{PreChat: ws.PreChat, MaxFileMB: st.MaxFileMB, Offline: s.offline(ws)})
}

// chatCustomer checks a host site's token against the secret of the
// default chat workstream ws, answering 401 itself when it is refused.
func (s *Server) chatCustomer(w http.ResponseWriter, ws store.Workstream, raw string) (token.Customer, bool) {
	who, err := token.Parse(ws.Secret, raw, time.Now(), s.ChatTokenLifetime)
	if err != nil {
		// Never the token itself: it is a credential until it expires.
		s.log.Info("chat token refused", "workstream", ws.ID, "reason", err)
		problem(w, http.StatusUnauthorized, badChatToken)
		return token.Customer{}, false
	}
	return who, true
}

// startChat opens a conversation in the default chat workstream, keeping
// the optional pre-chat answers and visitor details of the body [M1, S10]:
// an anonymous one, or with a token in the body one linked to the contact
// the host site signs in [M2]. The token it returns is the customer's only
// key to the conversation.
func (s *Server) startChat(w http.ResponseWriter, r *http.Request) {
	in, ok := readChatStart(w, r)
	if !ok {
		return
	}
	about := store.PreChat{
		Name: in.Name, Email: in.Email, Question: in.Question, Browser: in.Browser, Language: in.Language,
		Previous: in.Previous,
	}
	// Outside business hours nobody would answer: the page shows the
	// offline form instead [X3]. A fresh install has no workstream yet,
	// and no hours either.
	if ws, err := s.store.DefaultChatWorkstream(r.Context()); err == nil && s.offline(ws) != nil {
		problem(w, http.StatusConflict, closedChat)
		return
	}
	var c store.Conversation
	if in.Token != "" {
		if c, ok = s.startAuthenticatedChat(w, r, in.Token, about); !ok {
			return
		}
	} else {
		ws, err := s.store.EnsureDefaultWorkstream(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if c, err = s.store.StartChat(r.Context(), ws.ID, about); err != nil {
			s.failChatStart(w, r, err)
			return
		}
	}
	s.relay.ConversationChanged(c)
	s.log.Info("conversation started", "conversation", c.ID, "title", c.Title)
	s.routing.Route(r.Context())
	writeJSON(w, http.StatusCreated, wire.ChatStarted{Token: c.Token, Conversation: relay.WireConversation(c)})
}

// startAuthenticatedChat starts the conversation of the customer raw signs
// in [M2], answering itself when it cannot.
func (s *Server) startAuthenticatedChat(w http.ResponseWriter, r *http.Request, raw string, about store.PreChat) (store.Conversation, bool) {
	// No workstream yet means no secret either: chatCustomer refuses.
	ws, err := s.store.DefaultChatWorkstream(r.Context())
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, err)
		return store.Conversation{}, false
	}
	who, ok := s.chatCustomer(w, ws, raw)
	if !ok {
		return store.Conversation{}, false
	}
	c, k, err := s.store.StartAuthenticatedChat(r.Context(), ws.ID, store.Customer{
		ExternalID: who.Subject, Name: who.Name, Email: who.Email,
	}, about)
	if err != nil {
		s.failChatStart(w, r, err)
		return store.Conversation{}, false
	}
	s.log.Info("authenticated chat started", "conversation", c.ID, "contact", k.ID)
	return c, true
}

// failChatStart answers a refused start of a chat: the pre-chat answers'
// problems as the chat page shows them.
func (s *Server) failChatStart(w http.ResponseWriter, r *http.Request, err error) {
	if validationErrors(err) == nil {
		s.fail(w, r, err)
		return
	}
	// The chat page words the first refused answer.
	p := wire.Problem{Error: "Check your answers.", Fields: refusedFields(err, nil)}
	writeJSON(w, http.StatusBadRequest, p)
}

// readChatStart reads the optional body of POST /api/chat: none at all is
// a chat without answers. A question may be a whole message of characters
// that JSON escapes, hence a larger limit than readJSON's.
func readChatStart(w http.ResponseWriter, r *http.Request) (wire.ChatStart, bool) {
	var in wire.ChatStart
	b, ok := readBody(w, r, wire.MaxFrameBytes)
	if !ok {
		return in, false
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return in, true
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		problem(w, http.StatusBadRequest, "error.body.json")
		return in, false
	}
	return in, true
}

// customerSocket accepts a customer's websocket; the customer proves which
// conversation it is in the hello frame, never in the URL, so tokens stay
// out of access logs.
func (s *Server) customerSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil) // nil options: Origin must match Host
	if err != nil {
		return // Accept has answered
	}
	s.relay.Serve(r.Context(), ws, nil, "")
}

func (s *Server) agentSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	a := agentFrom(r)
	c, _ := r.Cookie(sessionCookie) // agentOnly found it
	s.relay.Serve(r.Context(), ws, &a, c.Value)
}
