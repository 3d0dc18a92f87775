// Package httpapi is the HTTP face of the server: sign-in, the REST API, the
// websocket endpoints and the pages, with the checks every request passes.
package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/lockout"
	"github.com/switchboard-cx/switchboard/server/metrics"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/sms"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/token"
)

// Server routes every request.
type Server struct {
	store   *store.Store
	relay   *relay.Relay
	routing *routing.Router
	log     *slog.Logger
	mux     *http.ServeMux
	routes  []Route

	// SessionTTL is how long a sign-in lasts.
	SessionTTL time.Duration
	// ChatTokenLifetime is the longest a host site's chat token may still
	// be valid for when it is used [M2].
	ChatTokenLifetime time.Duration
	// EmbedOrigins are the host sites that may frame the customer chat
	// (see ParseOrigins); every other page may only be framed by itself.
	EmbedOrigins []string
	// BehindProxy trusts X-Forwarded-For and X-Forwarded-Proto, as set by
	// a TLS-terminating proxy in front: for the client address of sign-in
	// limits and for Secure cookies and HSTS.
	BehindProxy bool
	// SignIns limits sign-in attempts per client and per account.
	SignIns *lockout.Guard
	// WebhookGuesses limits wrong SMS webhook secrets per client address:
	// the "account" it locks is the address itself.
	WebhookGuesses *lockout.Guard
	// OfflineForms limits offline forms per client address [X3].
	OfflineForms *lockout.Guard
	// SMS, when set, takes the SMS webhook [M4]; without it the webhook
	// answers 404.
	SMS *sms.Gateway
	// MetricsToken, when set, lets a request bearing it read /metrics
	// [T5]; without it /metrics answers 404 here (it may still be served
	// on a listener of its own, see metrics.Handler).
	MetricsToken string
	// TimeZone is the installation's: report days begin and end in it.
	TimeZone *time.Location
}

// Access says who may call a route; the route table states it once, so
// that a test can call every route as every kind of caller.
type Access int

const (
	// Public routes answer anyone.
	Public Access = iota
	// Customer routes answer whoever proves a conversation with its chat
	// token; the handler checks it.
	Customer
	// AgentOnly routes need a sign-in cookie.
	AgentOnly
	// AdminOnly routes need the sign-in of an administrator.
	AdminOnly
	// SupervisorOnly routes need the sign-in of a supervisor or an
	// administrator [T4].
	SupervisorOnly
	// Operator routes need the metrics token; no sign-in is enough.
	Operator
)

func (a Access) String() string {
	return [...]string{"public", "customer", "agent", "admin", "supervisor", "operator"}[a]
}

// Route is one line of the route table.
type Route struct {
	Pattern string // a net/http ServeMux pattern
	Access  Access
	handler http.Handler
}

// New wires the routes. pages serves the go-app pages and their PWA
// resources; assets serves /web/.
func New(st *store.Store, rl *relay.Relay, rt *routing.Router, log *slog.Logger, pages, assets http.Handler) *Server {
	s := &Server{
		store: st, relay: rl, routing: rt, log: log, mux: http.NewServeMux(),
		SessionTTL: 12 * time.Hour, SignIns: lockout.New(lockout.Defaults),
		ChatTokenLifetime: token.DefaultMaxLifetime, TimeZone: time.Local,
		WebhookGuesses: lockout.New(webhookGuesses), OfflineForms: lockout.New(offlineForms),
	}
	f := func(h http.HandlerFunc) http.Handler { return h }
	s.routes = []Route{
		{"GET /healthz", Public, f(s.healthz)},
		{"POST /api/signin", Public, f(s.signIn)},
		{"POST /api/signout", Public, f(s.signOut)},
		{"GET /api/me", AgentOnly, f(s.me)},
		{"PUT /api/me/language", AgentOnly, f(s.setLanguage)},
		{"GET /api/session", Public, f(s.session)},
		{"GET /api/conversations", AgentOnly, f(s.conversations)},
		{"POST /api/conversations/{id}/pick", AgentOnly, f(s.pick)},
		{"POST /api/conversations/{id}/end", AgentOnly, f(s.end)},
		{"POST /api/conversations/{id}/close", AgentOnly, f(s.closeConversation)},
		{"POST /api/conversations/{id}/contact", AgentOnly, f(s.linkContact)},
		{"GET /api/conversations/{id}/transfer-targets", AgentOnly, f(s.transferTargets)},
		{"POST /api/conversations/{id}/consult", AgentOnly, f(s.inviteConsult)},
		{"GET /api/conversations/{id}/consult", AgentOnly, f(s.consultThread)},
		{"POST /api/conversations/{id}/consult/accept", AgentOnly, f(s.acceptConsult)},
		{"POST /api/conversations/{id}/consult/end", AgentOnly, f(s.endConsult)},
		{"POST /api/conversations/{id}/consult/messages", AgentOnly, f(s.postConsultMessage)},
		{"GET /api/consults", AgentOnly, f(s.consults)},
		{"GET /api/supervise", SupervisorOnly, f(s.floor)},
		{"POST /api/supervise/conversations/{id}/assign", SupervisorOnly, f(s.assign)},
		{"POST /api/supervise/conversations/{id}/close", SupervisorOnly, f(s.forceClose)},
		{"POST /api/supervise/conversations/{id}/join", SupervisorOnly, f(s.joinConsult)},
		{"GET /api/supervise/conversations/{id}/transfer-targets", SupervisorOnly, f(s.superviseTransferTargets)},
		{"POST /api/supervise/conversations/{id}/transfer", SupervisorOnly, f(s.superviseTransfer)},
		{"POST /api/conversations/{id}/transfer", AgentOnly, f(s.transfer)},
		{"GET /api/conversations/{id}/details", AgentOnly, f(s.details)},
		{"GET /api/contacts", AgentOnly, f(s.searchContacts)},
		{"POST /api/contacts", AgentOnly, f(s.createContact)},
		{"GET /api/contacts/{id}", AgentOnly, f(s.getContact)},
		{"PUT /api/contacts/{id}", AgentOnly, f(s.updateContact)},
		{"GET /api/quick-replies", AgentOnly, f(s.quickReplies)},
		{"GET /api/offers", AgentOnly, f(s.offers)},
		{"POST /api/offers/{id}/accept", AgentOnly, f(s.acceptOffer)},
		{"POST /api/offers/{id}/reject", AgentOnly, f(s.rejectOffer)},
		{"POST /api/offers/{id}/shown", AgentOnly, f(s.offerShown)},
		{"PUT /api/presence", AgentOnly, f(s.setPresence)},
		{"PUT /api/presence/session-limit", AgentOnly, f(s.setSessionLimit)},
		{"GET /api/cases", AgentOnly, f(s.listCases)},
		{"GET /api/cases/unassigned", AgentOnly, f(s.unassignedCases)},
		{"POST /api/cases/{id}/pick", AgentOnly, f(s.pickCase)},
		{"POST /api/cases", AgentOnly, f(s.createCase)},
		{"GET /api/cases/{id}", AgentOnly, f(s.getCase)},
		{"PUT /api/cases/{id}", AgentOnly, f(s.updateCase)},
		{"GET /api/knowledge", AgentOnly, f(s.searchKnowledge)},
		{"GET /api/knowledge/{id}", AgentOnly, f(s.getArticle)},
		{"GET /api/settings", AgentOnly, f(s.settings)},
		{"GET /api/workspace", AgentOnly, f(s.workspace)},
		{"PUT /api/workspace", AgentOnly, f(s.changeWorkspace)},
		{"PUT /api/admin/settings", AdminOnly, f(s.putSettings)},
		{"GET /api/admin/workstreams", AdminOnly, f(s.adminWorkstreams)},
		{"POST /api/admin/workstreams", AdminOnly, f(s.createWorkstream)},
		{"PUT /api/admin/workstreams/{id}", AdminOnly, f(s.updateWorkstream)},
		{"GET /api/admin/workstreams/{id}/hours", AdminOnly, f(s.workstreamHours)},
		{"PUT /api/admin/workstreams/{id}/hours", AdminOnly, f(s.setWorkstreamHours)},
		{"GET /api/admin/quick-replies", AdminOnly, f(s.quickReplies)},
		{"POST /api/admin/quick-replies", AdminOnly, f(s.createQuickReply)},
		{"PUT /api/admin/quick-replies/{id}", AdminOnly, f(s.updateQuickReply)},
		{"DELETE /api/admin/quick-replies/{id}", AdminOnly, f(s.deleteQuickReply)},
		{"GET /api/admin/agents", AdminOnly, f(s.adminAgents)},
		{"POST /api/admin/agents", AdminOnly, f(s.createAgent)},
		{"PUT /api/admin/agents/{id}", AdminOnly, f(s.updateAgent)},
		{"POST /api/admin/agents/{id}/password", AdminOnly, f(s.resetPassword)},
		{"GET /api/admin/articles", AdminOnly, f(s.adminArticles)},
		{"GET /api/reports", SupervisorOnly, f(s.reports)},
		{"GET /api/reports/conversations.csv", SupervisorOnly, f(s.reportCSV)},
		{"POST /api/admin/articles", AdminOnly, f(s.createArticle)},
		{"PUT /api/admin/articles/{id}", AdminOnly, f(s.updateArticle)},
		{"DELETE /api/admin/articles/{id}", AdminOnly, f(s.deleteArticle)},
		// The chat page asks before any conversation exists; starting one
		// is what gives the customer its token.
		{"GET /api/chat", Public, f(s.chatConfig)},
		{"POST /api/chat", Public, f(s.startChat)},
		{"POST /api/chat/rating", Customer, f(s.rate)},
		{"POST /api/chat/files", Customer, f(s.uploadChatFile)},
		{"GET /api/chat/files/{id}", Customer, f(s.chatFile)},
		{"GET /api/chat/files/{id}/thumb", Customer, f(s.chatFile)},
		{"POST /api/conversations/{id}/files", AgentOnly, f(s.uploadAgentFile)},
		{"GET /api/files/{id}", AgentOnly, f(s.agentFile)},
		{"GET /api/files/{id}/thumb", AgentOnly, f(s.agentFile)},
		// Outside business hours, anyone may leave a question [X3].
		{"POST /api/chat/offline", Public, f(s.leaveOfflineQuestion)},
		{"GET /ws/agent", AgentOnly, f(s.agentSocket)},
		{"GET /ws/chat", Customer, f(s.customerSocket)},
		{"POST /webhooks/sms", Public, f(s.smsWebhook)},
		{"GET /metrics", Operator, f(s.metrics)},
		{"/api/", Public, f(func(w http.ResponseWriter, r *http.Request) {
			problem(w, http.StatusNotFound, "error.no.endpoint")
		})},
		{"/web/", Public, readOnly(assets)},
		{"/", Public, readOnly(s.pages(pages))},
	}
	for _, r := range s.routes {
		h := r.handler
		switch r.Access {
		case AgentOnly:
			h = s.agentOnly(h.ServeHTTP)
		case AdminOnly:
			h = s.adminOnly(h.ServeHTTP)
		case SupervisorOnly:
			h = s.supervisorOnly(h.ServeHTTP)
		}
		s.mux.Handle(r.Pattern, metrics.Instrument(r.Pattern, h))
	}
	return s
}

// Limits bound what one HTTP connection may hold of the server, so that
// idle keep-alives and slow senders cannot use up its connections and
// files. Websockets are exempt once upgraded: net/http clears the
// connection's deadlines when it is hijacked, and the relay bounds sockets
// itself (hello timeout, write timeout, pings).
type Limits struct {
	ReadHeader  time.Duration // to read a request's headers
	Read        time.Duration // to read a whole request, body included
	Idle        time.Duration // a keep-alive connection between requests
	HeaderBytes int
}

// DefaultLimits fit the API's small requests: the largest body is a chat
// message or an article, well under a second to send on any network.
var DefaultLimits = Limits{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Idle: 2 * time.Minute, HeaderBytes: 32 << 10}

// Apply sets the limits on srv.
func (l Limits) Apply(srv *http.Server) {
	srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout, srv.MaxHeaderBytes = l.ReadHeader, l.Read, l.Idle, l.HeaderBytes
}

// webhookGuesses: 10 wrong secrets in 15 minutes lock out the address for
// 15 minutes; right ones are never limited, a provider may send plenty.
var webhookGuesses = lockout.Limits{
	AccountFailures: 10, AccountWindow: 15 * time.Minute, AccountLock: 15 * time.Minute,
	ClientAttempts: math.MaxInt, ClientWindow: time.Minute, MaxEntries: 10000,
}

// metrics serves /metrics to whoever bears the metrics token.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if s.MetricsToken == "" {
		problem(w, http.StatusNotFound, "error.metrics.here")
		return
	}
	metrics.Handler(s.MetricsToken).ServeHTTP(w, r)
}

// Routes lists every route with who may call it.
func (s *Server) Routes() []Route { return slices.Clone(s.routes) }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.secureHeaders(w.Header(), r)
	if unsafeMethod(r.Method) && !s.sameOrigin(r) {
		problem(w, http.StatusForbidden, "error.crosssite")
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Ping(r.Context()); err != nil {
		problem(w, http.StatusServiceUnavailable, "error.database")
		return
	}
	// A process cut off from its peers' events must not look healthy [O2].
	if err := s.relay.Healthy(); err != nil {
		problem(w, http.StatusServiceUnavailable, "error.bus")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readOnly answers 405 to anything but GET and HEAD: the pages and assets
// are only ever read, and a page sent back to PUT or TRACE only invites
// confusion. (A "GET /" pattern would conflict with the "/api/" catch-all.)
func readOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			problem(w, http.StatusMethodNotAllowed, "error.method")
			return
		}
		h.ServeHTTP(w, r)
	})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// sameOrigin is the CSRF check for cookie-authenticated writes: browsers send
// Origin on every cross-site POST, so a foreign or "null" origin is refused.
// The scheme counts too: a page served over plain HTTP (say, by a network
// in the middle) is another origin than the HTTPS site.
func (s *Server) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return r.Header.Get("Sec-Fetch-Site") != "cross-site"
	}
	scheme := "http://"
	if s.overTLS(r) {
		scheme = "https://"
	}
	return o == scheme+r.Host
}

// writeList answers a listing read from the store, each item converted for
// clients, or the store's error.
func writeList[T, W any](s *Server, w http.ResponseWriter, r *http.Request, list []T, err error, convert func(T) W) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]W, len(list))
	for i, v := range list {
		out[i] = convert(v)
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// The refusal is named by its key in the catalog, which each page words in
// its reader's language [L3]; Error carries the English words for API
// clients and logs.
func problem(w http.ResponseWriter, code int, key string, args ...string) {
	writeJSON(w, code, wire.Problem{Error: kit.T(key, anys(args)...), Code: key, Args: args})
}

func anys(args []string) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
	}
	return out
}

// readBody reads a body of up to limit bytes, answering 413 or 400 itself
// when it cannot.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(w, http.StatusRequestEntityTooLarge, "error.body.too_large")
		} else {
			problem(w, http.StatusBadRequest, "error.body.unreadable")
		}
		return nil, false
	}
	return b, true
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
			problem(w, http.StatusRequestEntityTooLarge, "error.body.too_large")
			return false
		}
		problem(w, http.StatusBadRequest, "error.body.json")
		return false
	}
	return true
}

// fail answers a store or relay error with the status a client expects.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if badFields(w, refusedFields(err, nil)) {
		return
	}
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
	writeJSON(w, code, wire.Problem{Error: ref.Message, Code: ref.TextCode, Args: ref.Args})
}
