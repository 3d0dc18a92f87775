// Package httpapi is the HTTP face of the server: sign-in, the REST API, the
// websocket endpoints and the pages, with the checks every request passes.
package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/sms"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Server routes every request.
type Server struct {
	store   *store.Store
	relay   *relay.Relay
	routing *routing.Router
	log     *slog.Logger
	mux     *http.ServeMux

	// SessionTTL is how long a sign-in lasts.
	SessionTTL time.Duration
	// SMS, when set, takes the SMS webhook [M4]; without it the webhook
	// answers 404.
	SMS *sms.Gateway
}

// New wires the routes. pages serves the go-app pages and their PWA
// resources; assets serves /web/.
func New(st *store.Store, rl *relay.Relay, rt *routing.Router, log *slog.Logger, pages, assets http.Handler) *Server {
	s := &Server{store: st, relay: rl, routing: rt, log: log, mux: http.NewServeMux(), SessionTTL: 12 * time.Hour}
	m := s.mux
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("POST /api/signin", s.signIn)
	m.HandleFunc("POST /api/signout", s.signOut)
	m.HandleFunc("GET /api/me", s.agentOnly(s.me))
	m.HandleFunc("GET /api/conversations", s.agentOnly(s.conversations))
	m.HandleFunc("POST /api/conversations/{id}/pick", s.agentOnly(s.pick))
	m.HandleFunc("POST /api/conversations/{id}/end", s.agentOnly(s.end))
	m.HandleFunc("POST /api/conversations/{id}/close", s.agentOnly(s.closeConversation))
	m.HandleFunc("POST /api/conversations/{id}/contact", s.agentOnly(s.linkContact))
	m.HandleFunc("GET /api/conversations/{id}/details", s.agentOnly(s.details))
	m.HandleFunc("GET /api/contacts", s.agentOnly(s.searchContacts))
	m.HandleFunc("POST /api/contacts", s.agentOnly(s.createContact))
	m.HandleFunc("GET /api/contacts/{id}", s.agentOnly(s.getContact))
	m.HandleFunc("PUT /api/contacts/{id}", s.agentOnly(s.updateContact))
	m.HandleFunc("GET /api/quick-replies", s.agentOnly(s.quickReplies))
	m.HandleFunc("GET /api/offers", s.agentOnly(s.offers))
	m.HandleFunc("POST /api/offers/{id}/accept", s.agentOnly(s.acceptOffer))
	m.HandleFunc("POST /api/offers/{id}/reject", s.agentOnly(s.rejectOffer))
	m.HandleFunc("PUT /api/presence", s.agentOnly(s.setPresence))
	m.HandleFunc("PUT /api/presence/session-limit", s.agentOnly(s.setSessionLimit))
	m.HandleFunc("GET /api/cases", s.agentOnly(s.listCases))
	m.HandleFunc("POST /api/cases", s.agentOnly(s.createCase))
	m.HandleFunc("GET /api/cases/{id}", s.agentOnly(s.getCase))
	m.HandleFunc("PUT /api/cases/{id}", s.agentOnly(s.updateCase))
	m.HandleFunc("GET /api/knowledge", s.agentOnly(s.searchKnowledge))
	m.HandleFunc("GET /api/knowledge/{id}", s.agentOnly(s.getArticle))
	m.HandleFunc("GET /api/settings", s.agentOnly(s.settings))
	m.HandleFunc("PUT /api/admin/settings", s.adminOnly(s.putSettings))
	m.HandleFunc("GET /api/admin/workstreams", s.adminOnly(s.adminWorkstreams))
	m.HandleFunc("POST /api/admin/workstreams", s.adminOnly(s.createWorkstream))
	m.HandleFunc("PUT /api/admin/workstreams/{id}", s.adminOnly(s.updateWorkstream))
	m.HandleFunc("GET /api/admin/quick-replies", s.adminOnly(s.quickReplies))
	m.HandleFunc("POST /api/admin/quick-replies", s.adminOnly(s.createQuickReply))
	m.HandleFunc("PUT /api/admin/quick-replies/{id}", s.adminOnly(s.updateQuickReply))
	m.HandleFunc("DELETE /api/admin/quick-replies/{id}", s.adminOnly(s.deleteQuickReply))
	m.HandleFunc("GET /api/admin/agents", s.adminOnly(s.adminAgents))
	m.HandleFunc("POST /api/admin/agents", s.adminOnly(s.createAgent))
	m.HandleFunc("PUT /api/admin/agents/{id}", s.adminOnly(s.updateAgent))
	m.HandleFunc("POST /api/admin/agents/{id}/password", s.adminOnly(s.resetPassword))
	m.HandleFunc("GET /api/admin/articles", s.adminOnly(s.adminArticles))
	m.HandleFunc("POST /api/admin/articles", s.adminOnly(s.createArticle))
	m.HandleFunc("PUT /api/admin/articles/{id}", s.adminOnly(s.updateArticle))
	m.HandleFunc("GET /api/chat", s.chatConfig)
	m.HandleFunc("POST /api/chat", s.startChat)
	m.HandleFunc("GET /ws/agent", s.agentOnly(s.agentSocket))
	m.HandleFunc("GET /ws/chat", s.customerSocket)
	m.HandleFunc("POST /webhooks/sms", s.smsWebhook)
	m.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem(w, http.StatusNotFound, "No such API endpoint.")
	}))
	m.Handle("/web/", assets)
	m.Handle("/", pages)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	// The customer chat is meant to be embedded by the host site; nothing
	// else may be framed.
	if r.URL.Path != "/chat" {
		h.Set("Content-Security-Policy", "frame-ancestors 'self'")
	}
	if unsafeMethod(r.Method) && !sameOrigin(r) {
		problem(w, http.StatusForbidden, "Cross-site request refused.")
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Ping(r.Context()); err != nil {
		problem(w, http.StatusServiceUnavailable, "Database unavailable.")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// sameOrigin is the CSRF check for cookie-authenticated writes: browsers send
// Origin on every cross-site POST, so a foreign or "null" origin is refused.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return r.Header.Get("Sec-Fetch-Site") != "cross-site"
	}
	o = strings.TrimPrefix(strings.TrimPrefix(o, "https://"), "http://")
	return o == r.Host
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func problem(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, wire.Problem{Error: msg})
}

// readJSON decodes a small JSON body, answering 400 itself when it fails.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	return readJSONUpTo(w, r, v, 16<<10)
}

// readJSONUpTo is readJSON for bodies of up to limit bytes.
func readJSONUpTo(w http.ResponseWriter, r *http.Request, v any, limit int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(w, http.StatusRequestEntityTooLarge, "Request body is too large.")
			return false
		}
		problem(w, http.StatusBadRequest, "Malformed JSON body.")
		return false
	}
	return true
}

// fail answers a store or relay error with the status a client expects.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	ref := relay.Refuse(err)
	code := http.StatusInternalServerError
	switch ref.Code {
	case wire.ErrBadRequest, wire.ErrTooLarge:
		code = http.StatusBadRequest
	case wire.ErrNotFound:
		code = http.StatusNotFound
	case wire.ErrUnauthorized:
		code = http.StatusForbidden
	case wire.ErrClosed, wire.ErrConflict:
		code = http.StatusConflict
	}
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	problem(w, code, ref.Message)
}
