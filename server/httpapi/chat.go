package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// chatConfig tells the chat page how to start: whether to ask the pre-chat
// questions first [M1]. It is public and never writes, since every visit
// to the chat page asks.
func (s *Server) chatConfig(w http.ResponseWriter, r *http.Request) {
	ws, err := s.store.DefaultChatWorkstream(r.Context())
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.ChatConfig{PreChat: ws.PreChat})
}

// startChat opens an anonymous conversation in the default chat workstream,
// keeping the optional pre-chat answers and visitor details of the body
// [M1, S10]. The token it returns is the customer's only key to the
// conversation.
func (s *Server) startChat(w http.ResponseWriter, r *http.Request) {
	in, ok := readChatStart(w, r)
	if !ok {
		return
	}
	ws, err := s.store.EnsureDefaultWorkstream(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.StartChat(r.Context(), ws.ID, store.PreChat{
		Name: in.Name, Email: in.Email, Question: in.Question, Browser: in.Browser, Language: in.Language,
	})
	if err != nil {
		if list := validationErrors(err); list != nil {
			// The chat page shows the error as is: the first answer's words.
			p := wire.Problem{Fields: make(map[string]string, len(list))}
			for i, v := range list {
				key, msg := preChatProblem(v.Field)
				if i == 0 {
					p.Error = msg
				}
				p.Fields[key] = msg
			}
			writeJSON(w, http.StatusBadRequest, p)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.relay.ConversationChanged(c)
	s.log.Info("conversation started", "conversation", c.ID, "title", c.Title)
	s.routing.Route(r.Context())
	writeJSON(w, http.StatusCreated, wire.ChatStarted{Token: c.Token, Conversation: relay.WireConversation(c)})
}

// readChatStart reads the optional body of POST /api/chat: none at all is
// a chat without answers. A question may be a whole message of characters
// that JSON escapes, hence a larger limit than readJSON's.
func readChatStart(w http.ResponseWriter, r *http.Request) (wire.ChatStart, bool) {
	var in wire.ChatStart
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, wire.MaxFrameBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(w, http.StatusRequestEntityTooLarge, "Request body is too large.")
		} else {
			problem(w, http.StatusBadRequest, "The request body could not be read.")
		}
		return in, false
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return in, true
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		problem(w, http.StatusBadRequest, "Malformed JSON body.")
		return in, false
	}
	return in, true
}

// preChatProblem says what is wrong with a pre-chat answer.
func preChatProblem(field string) (key, msg string) {
	switch field {
	case "name":
		return field, fmt.Sprintf("Your name is too long: at most %d characters.", wire.MaxPreChatRunes)
	case "email":
		return field, fmt.Sprintf("Your email address is too long: at most %d characters.", wire.MaxPreChatRunes)
	case "question":
		return field, fmt.Sprintf("Your question is too long: at most %d characters.", wire.MaxMessageRunes)
	case "browser":
		return field, fmt.Sprintf("The browser description is too long: at most %d characters.", wire.MaxPreChatRunes)
	case "language":
		return field, fmt.Sprintf("The language is too long: at most %d characters.", wire.MaxPreChatRunes)
	}
	return field, "Check this answer."
}

// customerSocket accepts a customer's websocket; the customer proves which
// conversation it is in the hello frame, never in the URL, so tokens stay
// out of access logs.
func (s *Server) customerSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil) // nil options: Origin must match Host
	if err != nil {
		return // Accept has answered
	}
	s.relay.Serve(r.Context(), ws, nil)
}

func (s *Server) agentSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	a := agentFrom(r)
	s.relay.Serve(r.Context(), ws, &a)
}
