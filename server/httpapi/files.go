package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/files"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
)

// uploadTime bounds one upload: the server's read timeout fits small API
// requests, not 10 MB from a phone on a slow network.
const uploadTime = 10 * time.Minute

// customerConversation is the conversation a chat token, sent as a bearer
// token, proves; it answers 401 itself when there is none.
func (s *Server) customerConversation(w http.ResponseWriter, r *http.Request) (store.Conversation, bool) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	c, err := s.store.ConversationByToken(r.Context(), tok)
	if tok == "" || errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusUnauthorized, "This chat could not be found. Start a new one.")
		return c, false
	}
	if err != nil {
		s.fail(w, r, err)
		return c, false
	}
	return c, true
}

// uploadChatFile takes a file from the customer into their conversation
// [X1].
func (s *Server) uploadChatFile(w http.ResponseWriter, r *http.Request) {
	c, ok := s.customerConversation(w, r)
	if !ok {
		return
	}
	m, ok := s.upload(w, r, store.Message{ConversationID: c.ID, Sender: wire.SenderCustomer, SenderName: c.Title})
	if ok && s.routing != nil {
		s.routing.CustomerWrote(m)
	}
}

// uploadAgentFile takes a file from the conversation's agent, who alone
// may write in it, as on the websocket.
func (s *Server) uploadAgentFile(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	c, err := s.store.Conversation(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := agentFrom(r)
	if c.AgentID != a.ID {
		problem(w, http.StatusForbidden, "Pick this conversation before replying.")
		return
	}
	s.upload(w, r, store.Message{ConversationID: id, Sender: wire.SenderAgent, SenderName: a.Name, AgentID: a.ID,
		Internal: r.Header.Get(wire.HeaderInternal) == "true"})
}

// upload stores the request's body as a file message m and answers it.
// The body is the file itself; its name and idempotency key come in
// headers. A retry with a key already stored is answered with the stored
// message, before its body is read: the file is never kept twice.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, m store.Message) (store.Message, bool) {
	key := r.Header.Get(wire.HeaderIdempotencyKey)
	if key == "" || len(key) > wire.MaxKeyLength {
		problem(w, http.StatusBadRequest, fmt.Sprintf("Every upload needs an %s of 1 to %d characters.", wire.HeaderIdempotencyKey, wire.MaxKeyLength))
		return m, false
	}
	name, err := url.PathUnescape(r.Header.Get(wire.HeaderFileName))
	if err != nil || strings.TrimSpace(name) == "" {
		problem(w, http.StatusBadRequest, "Every upload needs its file name, percent-encoded, in "+wire.HeaderFileName+".")
		return m, false
	}
	if stored, err := s.store.MessageByKey(r.Context(), m.ConversationID, m.Sender, key); err == nil {
		writeJSON(w, http.StatusOK, relay.WireMessage(stored))
		return stored, false
	}
	st, err := settings.Load(r.Context(), s.store)
	if err != nil {
		s.fail(w, r, err)
		return m, false
	}
	limit := st.MaxFileBytes()
	if r.ContentLength > limit {
		refuseFile(w, &files.Refusal{Reason: wire.ReasonFileTooLarge, MaxBytes: limit})
		return m, false
	}
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(uploadTime))
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		// A cut upload: nothing was stored, and the client may retry.
		problem(w, http.StatusBadRequest, "The upload was cut short. Try again.")
		return m, false
	}
	p, err := files.Check(name, data, limit)
	var refused *files.Refusal
	if errors.As(err, &refused) {
		refuseFile(w, refused)
		return m, false
	}
	if err != nil {
		s.fail(w, r, err)
		return m, false
	}
	m.Key, m.Body = key, p.Name
	m.Files = []store.File{{Name: p.Name, Type: p.Type, Data: p.Data, Width: p.Width, Height: p.Height, Thumb: p.Thumb, ThumbType: p.ThumbType}}
	// Once the whole file is here it is kept, even if the sender's network
	// drops now: their retry then finds it by its key.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
	defer cancel()
	stored, err := s.relay.Post(ctx, m)
	if errors.Is(err, store.ErrFilesBySMS) {
		refuseFile(w, &files.Refusal{Reason: wire.ReasonFileSMS})
		return m, false
	}
	if err != nil {
		s.fail(w, r, err)
		return m, false
	}
	writeJSON(w, http.StatusCreated, relay.WireMessage(stored))
	return stored, true
}

// refuseFile answers a refused file with its reason code, which the page
// words [L3], and the same in English for other clients.
func refuseFile(w http.ResponseWriter, why *files.Refusal) {
	code := http.StatusUnsupportedMediaType
	switch why.Reason {
	case wire.ReasonFileTooLarge:
		code = http.StatusRequestEntityTooLarge
	case wire.ReasonFileEmpty, wire.ReasonFileBroken:
		code = http.StatusBadRequest
	case wire.ReasonFileSMS:
		code = http.StatusConflict
	}
	writeJSON(w, code, wire.Problem{Error: fileRefusals[why.Reason](why.MaxBytes >> 20),
		Fields: map[string]wire.FieldProblem{"file": why.Problem()}})
}

var fileRefusals = map[string]func(mb int64) string{
	wire.ReasonFileTooLarge: func(mb int64) string { return fmt.Sprintf("This file is too large: at most %d MB.", mb) },
	wire.ReasonFileEmpty:    func(int64) string { return "This file is empty." },
	wire.ReasonFileMarkup:   func(int64) string { return "HTML, SVG and XML files cannot be sent." },
	wire.ReasonFileProgram:  func(int64) string { return "Scripts and programs cannot be sent." },
	wire.ReasonFileType: func(int64) string {
		return "This type of file cannot be sent: send an image, a PDF, a text file or an Office document."
	},
	wire.ReasonFileBroken: func(int64) string { return "This image cannot be read." },
	wire.ReasonFileSMS:    func(int64) string { return "Files cannot be sent by SMS: the customer receives text only." },
}

// chatFile serves a file of the customer's own conversation, never an
// internal note's.
func (s *Server) chatFile(w http.ResponseWriter, r *http.Request) {
	c, ok := s.customerConversation(w, r)
	if !ok {
		return
	}
	f, ok := s.fileOf(w, r)
	if !ok {
		return
	}
	if f.ConversationID != c.ID {
		problem(w, http.StatusForbidden, "This file belongs to another conversation.")
		return
	}
	msgs, err := s.store.Messages(r.Context(), f.ConversationID, f.Seq-1, 1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(msgs) != 1 || msgs[0].Internal {
		problem(w, http.StatusNotFound, "No such file.")
		return
	}
	s.serveFile(w, r, f)
}

// agentFile serves a file to whoever may read its conversation's
// messages: the queue's and their own for agents, everything for
// supervisors, and a consultant's while the consult lasts [T2].
func (s *Server) agentFile(w http.ResponseWriter, r *http.Request) {
	f, ok := s.fileOf(w, r)
	if !ok {
		return
	}
	c, err := s.store.Conversation(r.Context(), f.ConversationID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := agentFrom(r)
	if !relay.MayRead(a, c) {
		k, err := s.store.ConsultOf(r.Context(), c.ID)
		if err != nil || !k.Active || k.AgentID != a.ID {
			problem(w, http.StatusForbidden, "This conversation is assigned to another agent.")
			return
		}
	}
	s.serveFile(w, r, f)
}

func (s *Server) fileOf(w http.ResponseWriter, r *http.Request) (store.File, bool) {
	id, ok := pathID(w, r, "File")
	if !ok {
		return store.File{}, false
	}
	f, err := s.store.File(r.Context(), id)
	if err == nil && f.URL != "" {
		// An MMS's media are at the provider; the transcript links there.
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "No such file.")
		return f, false
	}
	if err != nil {
		s.fail(w, r, err)
		return f, false
	}
	return f, true
}

// serveFile sends a file, or its thumbnail for a path ending in /thumb,
// so that it can do no harm in the browser: served with the sniffed type
// and nosniff (set for every answer), a CSP that sandboxes it like a
// foreign origin without scripts, and saved rather than shown unless it
// is an image.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, meta store.File) {
	thumb := strings.HasSuffix(r.URL.Path, "/thumb")
	var f store.File
	var err error
	if thumb {
		f, err = s.store.FileThumb(r.Context(), meta.ID)
	} else {
		f, err = s.store.FileData(r.Context(), meta.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, typ := f.Data, f.Type
	if thumb {
		if f.Thumb == nil {
			problem(w, http.StatusNotFound, "This file has no thumbnail.")
			return
		}
		data, typ = f.Thumb, f.ThumbType
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Security-Policy", "sandbox")
	disposition := "attachment"
	if strings.HasPrefix(typ, "image/") {
		disposition = "inline"
	}
	if v := mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}); v != "" {
		disposition = v
	}
	h.Set("Content-Disposition", disposition)
	// A file never changes; only those who may read it have it cached.
	h.Set("Cache-Control", "private, max-age=86400")
	http.ServeContent(w, r, "", f.CreatedAt, bytes.NewReader(data))
}
