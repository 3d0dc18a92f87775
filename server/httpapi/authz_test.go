package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/httpapi"
	"github.com/switchboard-cx/switchboard/server/lockout"
	"github.com/switchboard-cx/switchboard/server/store"
)

// caller is who makes a request in the authorization matrix.
type caller int

const (
	anonymous     caller = iota
	customer             // holds the chat token of one conversation
	otherCustomer        // holds the token of another
	agent                // Alex
	otherAgent           // Bo
	administrator        // Ada
	supervisor           // Sam, who supervises but does not administer [T4]
	callers
)

var callerNames = [callers]string{"anonymous", "customer", "other customer", "agent", "other agent", "admin", "supervisor"}

// want is the status each caller gets, in caller order.
type want [callers]int

func everyone(code int) want { return want{code, code, code, code, code, code, code} }

// signedIn: 401 without a sign-in; alex, bo and ada get their codes, and
// Sam, who may read what Ada reads but not administer, gets Ada's.
func signedIn(alex, bo, ada int) want { return staff(alex, bo, ada, ada) }

// staff: 401 without a sign-in; alex, bo, ada and sam get their codes.
func staff(alex, bo, ada, sam int) want { return want{401, 401, 401, alex, bo, ada, sam} }

func agents(code int) want     { return signedIn(code, code, code) }
func adminsOnly(code int) want { return staff(403, 403, code, 403) }

// supervisorsOnly: supervisors and administrators get code, agents 403.
func supervisorsOnly(code int) want { return staff(403, 403, code, code) }

// authzEnv holds the callers and the records the matrix acts on.
type authzEnv struct {
	*env
	t                *testing.T
	clients          map[caller]*http.Client
	chat, otherChat  wire.ChatStarted
	contact, article int64
	agentsAdded      int
	uploads          int
}

func newAuthzEnv(t *testing.T) *authzEnv {
	e := newEnv(t)
	// The matrix signs in and fails sign-ins more often than the lockout
	// allows; TestSignInLockout covers it.
	l := lockout.Defaults
	l.AccountFailures, l.ClientAttempts = 1000, 1000
	e.api.SignIns = lockout.New(l)
	e.api.OfflineForms = lockout.New(l)
	e.api.MetricsToken = "the operator's secret"
	ada, _ := e.admin()
	ctx := context.Background()
	_, err := e.store.CreateAgent(ctx, "sam@example.com", "Sam Supervisor", store.RoleSupervisor, password)
	require.NoError(t, err)
	m := &authzEnv{env: e, t: t, clients: map[caller]*http.Client{
		agent:         e.agentClient("alex@example.com"),
		otherAgent:    e.agentClient("bo@example.com"),
		administrator: ada,
		supervisor:    e.agentClient("sam@example.com"),
	}}
	m.chat, m.otherChat = e.startChat(), e.startChat()
	k, err := e.store.CreateContact(ctx, store.Contact{Name: "Kenny Smith"})
	require.NoError(t, err)
	m.contact = k.ID
	a, err := e.store.CreateArticle(ctx, store.Article{Title: "Refunds", Summary: "How long.", Body: "Five days."})
	require.NoError(t, err)
	m.article = a.ID
	return m
}

// call makes one request as c and answers its status; websocket paths
// are dialled (101 when accepted).
func (m *authzEnv) call(c caller, method, path, body string, fresh bool) int {
	m.t.Helper()
	client := http.DefaultClient
	header := http.Header{}
	switch c {
	case customer:
		header.Set("Authorization", "Bearer "+m.chat.Token)
	case otherCustomer:
		header.Set("Authorization", "Bearer "+m.otherChat.Token)
	case agent, otherAgent, administrator, supervisor:
		client = m.clients[c]
		if fresh {
			client = m.agentClient(map[caller]string{agent: "alex@example.com", otherAgent: "bo@example.com",
				administrator: "ada@example.com", supervisor: "sam@example.com"}[c])
		}
	}
	if strings.HasPrefix(path, "/ws/") {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		ws, res, err := websocket.Dial(ctx, m.wsURL(path), &websocket.DialOptions{HTTPClient: client, HTTPHeader: header})
		if err == nil {
			ws.CloseNow()
		}
		require.NotNil(m.t, res, "dial %s: %v", path, err)
		return res.StatusCode
	}
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	} else {
		rd = strings.NewReader("")
	}
	req, err := http.NewRequest(method, m.srv.URL+path, rd)
	require.NoError(m.t, err)
	req.Header = header
	req.Header.Set("Content-Type", "application/json")
	if method == http.MethodPost && strings.HasSuffix(path, "/files") {
		// An upload: the body is the file [X1].
		m.uploads++
		req.Header.Set(wire.HeaderFileName, "note.txt")
		req.Header.Set(wire.HeaderIdempotencyKey, fmt.Sprint("authz-", m.uploads))
	}
	res, err := client.Do(req)
	require.NoError(m.t, err)
	res.Body.Close()
	return res.StatusCode
}

// queued is a fresh conversation waiting in the queue.
func (m *authzEnv) queued() int64 { return m.startChat().Conversation.ID }

// alexs is a fresh conversation Alex picked.
func (m *authzEnv) alexs() int64 {
	id := m.queued()
	require.Equal(m.t, http.StatusOK, m.post(m.clients[agent], conversationPath(id, "pick"), "").StatusCode)
	return id
}

// consulted is a fresh conversation of Alex's on which Bo is consulted:
// invited, or also accepted when active [T2].
func (m *authzEnv) consulted(active bool) int64 {
	id := m.alexs()
	bo, err := m.store.AgentByEmail(context.Background(), "bo@example.com")
	require.NoError(m.t, err)
	_, err = m.store.CreateConsult(context.Background(), id, 1, bo.ID)
	require.NoError(m.t, err)
	if active {
		require.NoError(m.t, m.store.AcceptConsult(context.Background(), id, bo.ID))
	}
	return id
}

// fileIn stores an image with its thumbnail in conversation id and
// answers the file's id.
func (m *authzEnv) fileIn(id int64) int64 {
	msg, _, err := m.store.AppendMessage(context.Background(), store.Message{ConversationID: id, Sender: store.SenderCustomer, Body: "box.png",
		Files: []store.File{{Name: "box.png", Type: "image/png", Data: testPNG(4, 4), Thumb: testPNG(2, 2), ThumbType: "image/png"}}})
	require.NoError(m.t, err)
	return msg.Files[0].ID
}

func (m *authzEnv) newCase() int64 {
	return m.createCase(m.t, m.clients[agent], wire.CaseInput{Title: "Parcel lost"}).ID
}

// offlineCase is a fresh case an offline form left unassigned [X3].
func (m *authzEnv) offlineCase() int64 {
	c, err := m.store.CreateOfflineCase(context.Background(), 1, store.OfflineRequest{Name: "Dana", Email: "dana@example.com", Question: "Open on Sunday?"})
	require.NoError(m.t, err)
	return c.ID
}

func (m *authzEnv) newQuickReply() int64 {
	q, err := m.store.CreateQuickReply(context.Background(), store.QuickReply{Title: "Hi", Body: "Hello"})
	require.NoError(m.t, err)
	return q.ID
}

// newAgent is an agent an administrator's change may land on without
// changing who the matrix's callers are.
func (m *authzEnv) newAgent() int64 {
	m.agentsAdded++
	a, err := m.store.CreateAgent(context.Background(), fmt.Sprintf("target%d@example.com", m.agentsAdded), "Target", "agent", password)
	require.NoError(m.t, err)
	return a.ID
}

// authzRow is one scenario of one route.
type authzRow struct {
	pattern string // the route it exercises, as in the route table
	name    string
	path    func(m *authzEnv) string // called before every request: fresh records
	body    string
	want    want
	fresh   bool // a sign-in of its own: the request ends it
}

func fixed(p string) func(*authzEnv) string { return func(*authzEnv) string { return p } }

func authzRows() []authzRow {
	conv := func(make func(m *authzEnv) int64, action string) func(*authzEnv) string {
		return func(m *authzEnv) string { return conversationPath(make(m), action) }
	}
	queued := func(m *authzEnv) int64 { return m.queued() }
	alexs := func(m *authzEnv) int64 { return m.alexs() }
	caseFor := func(m *authzEnv) string { return "/api/cases/" + itoa(m.newCase()) }
	quickReply := func(m *authzEnv) string { return "/api/admin/quick-replies/" + itoa(m.newQuickReply()) }
	target := func(suffix string) func(*authzEnv) string {
		return func(m *authzEnv) string { return "/api/admin/agents/" + itoa(m.newAgent()) + suffix }
	}
	settings, _ := json.Marshal(wire.Settings{
		SentimentThreshold: "off", SessionLimit: 5, DefaultPresence: "available",
		PresenceWhenFull: "dnd", PresenceWhenPartial: "busy",
		DashboardStreams: []string{wire.StreamMine, wire.StreamOpen, wire.StreamClosed, wire.StreamCases},
	})
	settingsBody := string(settings)
	return []authzRow{
		{"GET /healthz", "", fixed("/healthz"), "", everyone(200), false},
		{"POST /api/signin", "a wrong password", fixed("/api/signin"), `{"email":"alex@example.com","password":"wrong"}`, everyone(401), false},
		{"POST /api/signout", "", fixed("/api/signout"), "", everyone(204), true},
		{"GET /api/me", "", fixed("/api/me"), "", agents(200), false},
		{"GET /api/session", "", fixed("/api/session"), "", everyone(200), false},
		{"GET /api/conversations", "", fixed("/api/conversations"), "", agents(200), false},
		{"POST /api/conversations/{id}/pick", "queued", conv(queued, "pick"), "", agents(200), false},
		{"POST /api/conversations/{id}/pick", "Alex's", conv(alexs, "pick"), "", signedIn(200, 409, 409), false},
		{"POST /api/conversations/{id}/end", "Alex's", conv(alexs, "end"), "", signedIn(200, 403, 403), false},
		{"POST /api/conversations/{id}/end", "queued", conv(queued, "end"), "", agents(403), false},
		{"POST /api/conversations/{id}/close", "Alex's", conv(alexs, "close"), "", signedIn(200, 403, 403), false},
		{"POST /api/conversations/{id}/contact", "Alex's", func(m *authzEnv) string { return conversationPath(m.alexs(), "contact") },
			`{"contactId":1}`, signedIn(200, 403, 403), false},
		{"GET /api/conversations/{id}/details", "Alex's", conv(alexs, "details"), "", signedIn(200, 403, 200), false},
		// Only the conversation's agent transfers it [T1]: not a colleague,
		// nor a supervisor or an administrator who may read it.
		{"GET /api/conversations/{id}/transfer-targets", "Alex's", conv(alexs, "transfer-targets"), "", staff(200, 403, 403, 403), false},
		{"GET /api/conversations/{id}/transfer-targets", "queued", conv(queued, "transfer-targets"), "", agents(403), false},
		{"POST /api/conversations/{id}/transfer", "Alex's, to a queue", conv(alexs, "transfer"), `{"workstreamId":1}`, staff(200, 403, 403, 403), false},
		{"POST /api/conversations/{id}/transfer", "Alex's, to Bo", conv(alexs, "transfer"), `{"agentId":2}`, staff(202, 403, 403, 403), false},
		{"POST /api/conversations/{id}/transfer", "queued", conv(queued, "transfer"), `{"workstreamId":1}`, agents(403), false},
		{"POST /api/conversations/{id}/transfer", "neither an agent nor a queue", conv(alexs, "transfer"), `{}`, agents(400), false},
		{"GET /api/conversations/{id}/details", "queued", conv(queued, "details"), "", agents(200), false},
		// A consult is its two agents' only [T2]: neither supervisors nor
		// administrators read or join its private thread.
		{"POST /api/conversations/{id}/consult", "Alex's, Bo invited", conv(alexs, "consult"), `{"agentId":2}`, staff(202, 403, 403, 403), false},
		{"POST /api/conversations/{id}/consult", "queued", conv(queued, "consult"), `{"agentId":2}`, agents(403), false},
		{"GET /api/conversations/{id}/consult", "Alex's, Bo invited", func(m *authzEnv) string { return conversationPath(m.consulted(false), "consult") }, "", staff(200, 200, 409, 409), false},
		{"POST /api/conversations/{id}/consult/accept", "Alex's, Bo invited", func(m *authzEnv) string { return conversationPath(m.consulted(false), "consult/accept") }, "", staff(409, 200, 409, 409), false},
		{"POST /api/conversations/{id}/consult/end", "Alex's, Bo invited", func(m *authzEnv) string { return conversationPath(m.consulted(false), "consult/end") }, "", staff(204, 204, 409, 409), false},
		{"POST /api/conversations/{id}/consult/messages", "Alex's, Bo consulted", func(m *authzEnv) string { return conversationPath(m.consulted(true), "consult/messages") }, `{"body":"hi"}`, staff(201, 201, 409, 409), false},
		{"POST /api/conversations/{id}/consult/messages", "Alex's, Bo invited but not yet there", func(m *authzEnv) string { return conversationPath(m.consulted(false), "consult/messages") }, `{"body":"hi"}`, staff(409, 409, 409, 409), false},
		{"GET /api/consults", "", fixed("/api/consults"), "", agents(200), false},
		{"POST /api/supervise/conversations/{id}/join", "Alex's", func(m *authzEnv) string {
			return "/api/supervise/conversations/" + itoa(m.alexs()) + "/join"
		}, "", supervisorsOnly(204), false},
		{"GET /api/supervise", "", fixed("/api/supervise"), "", supervisorsOnly(200), false},
		// A supervisor transfers anyone's active conversation, as its agent
		// would [T4]; a queued one has no agent to transfer it from.
		{"GET /api/supervise/conversations/{id}/transfer-targets", "Alex's", func(m *authzEnv) string {
			return "/api/supervise/conversations/" + itoa(m.alexs()) + "/transfer-targets"
		}, "", supervisorsOnly(200), false},
		{"POST /api/supervise/conversations/{id}/transfer", "Alex's, to Bo", func(m *authzEnv) string {
			return "/api/supervise/conversations/" + itoa(m.alexs()) + "/transfer"
		}, `{"agentId":2,"note":"Bo knows billing"}`, supervisorsOnly(202), false},
		{"POST /api/supervise/conversations/{id}/transfer", "Alex's, to a queue", func(m *authzEnv) string {
			return "/api/supervise/conversations/" + itoa(m.alexs()) + "/transfer"
		}, `{"workstreamId":1}`, supervisorsOnly(200), false},
		{"POST /api/supervise/conversations/{id}/transfer", "queued", func(m *authzEnv) string {
			return "/api/supervise/conversations/" + itoa(m.queued()) + "/transfer"
		}, `{"workstreamId":1}`, supervisorsOnly(403), false},
		{"POST /api/supervise/conversations/{id}/assign", "queued, confirmed", func(m *authzEnv) string {
			return "/api/supervise/conversations/" + itoa(m.queued()) + "/assign"
		}, `{"agentId":1,"overCapacity":true}`, supervisorsOnly(200), false},
		{"POST /api/supervise/conversations/{id}/assign", "no agent", func(m *authzEnv) string {
			return "/api/supervise/conversations/" + itoa(m.queued()) + "/assign"
		}, `{}`, supervisorsOnly(400), false},
		{"POST /api/supervise/conversations/{id}/close", "Alex's", func(m *authzEnv) string {
			return "/api/supervise/conversations/" + itoa(m.alexs()) + "/close"
		}, "", supervisorsOnly(200), false},
		{"GET /api/contacts", "", fixed("/api/contacts?q=kenny"), "", agents(200), false},
		{"POST /api/contacts", "", fixed("/api/contacts"), `{"name":"Maria Garcia"}`, agents(201), false},
		{"GET /api/contacts/{id}", "", fixed("/api/contacts/1"), "", agents(200), false},
		{"PUT /api/contacts/{id}", "", func(m *authzEnv) string {
			k, err := m.store.CreateContact(context.Background(), store.Contact{Name: "Lee"})
			require.NoError(m.t, err)
			return "/api/contacts/" + itoa(k.ID)
		}, `{"name":"Lee Chen","version":1}`, agents(200), false},
		{"GET /api/quick-replies", "", fixed("/api/quick-replies"), "", agents(200), false},
		{"GET /api/offers", "", fixed("/api/offers"), "", agents(200), false},
		{"POST /api/offers/{id}/accept", "not offered to the caller", func(m *authzEnv) string { return offerPath(m.queued(), "accept") }, "", agents(409), false},
		{"POST /api/offers/{id}/reject", "not offered to the caller", func(m *authzEnv) string { return offerPath(m.queued(), "reject") }, "", agents(409), false},
		{"POST /api/offers/{id}/shown", "not offered to the caller", func(m *authzEnv) string { return offerPath(m.queued(), "shown") }, "", agents(409), false},
		{"PUT /api/presence", "", fixed("/api/presence"), `{"status":"available"}`, agents(200), false},
		{"PUT /api/presence/session-limit", "", fixed("/api/presence/session-limit"), `{"reached":false}`, agents(200), false},
		{"PUT /api/me/language", "", fixed("/api/me/language"), `{"language":"lv"}`, agents(200), false},
		{"PUT /api/me/language", "not a language", fixed("/api/me/language"), `{"language":"de"}`, agents(400), false},
		{"GET /api/cases", "", fixed("/api/cases"), "", agents(200), false},
		{"POST /api/cases", "", fixed("/api/cases"), `{"title":"Refund"}`, agents(201), false},
		{"GET /api/cases/{id}", "Alex's, shared with the team", caseFor, "", agents(200), false},
		{"PUT /api/cases/{id}", "Alex's, shared with the team", caseFor, `{"title":"Parcel found","priority":"Normal","status":"Active","version":1}`, agents(200), false},
		{"GET /api/cases/unassigned", "", fixed("/api/cases/unassigned"), "", agents(200), false},
		{"POST /api/cases/{id}/pick", "unassigned", func(m *authzEnv) string { return "/api/cases/" + itoa(m.offlineCase()) + "/pick" }, "", agents(200), false},
		{"POST /api/cases/{id}/pick", "Alex's: picked already, by anyone", func(m *authzEnv) string { return "/api/cases/" + itoa(m.newCase()) + "/pick" }, "", agents(409), false},
		{"GET /api/knowledge", "", fixed("/api/knowledge?q=refunds"), "", agents(200), false},
		{"GET /api/knowledge/{id}", "", func(m *authzEnv) string { return "/api/knowledge/" + itoa(m.article) }, "", agents(200), false},
		{"GET /api/settings", "", fixed("/api/settings"), "", agents(200), false},
		{"GET /api/workspace", "the caller's own", fixed("/api/workspace"), "", agents(200), false},
		{"PUT /api/workspace", "the caller's own", fixed("/api/workspace"), `{"changes":[{"part":"draft/s9","value":"x","base":0}]}`, agents(200), false},
		{"PUT /api/admin/settings", "", fixed("/api/admin/settings"), settingsBody, adminsOnly(200), false},
		{"GET /api/admin/workstreams", "", fixed("/api/admin/workstreams"), "", adminsOnly(200), false},
		{"POST /api/admin/workstreams", "", fixed("/api/admin/workstreams"), `{"name":"SMS","channel":"sms","mode":"live","capacityUnits":20,"offerTimeout":60,"waitingDays":1}`, adminsOnly(201), false},
		{"PUT /api/admin/workstreams/{id}", "", fixed("/api/admin/workstreams/1"), `{"name":"Chat","channel":"chat","mode":"live","capacityUnits":20,"offerTimeout":60,"waitingDays":1}`, adminsOnly(200), false},
		{"GET /api/admin/workstreams/{id}/hours", "", fixed("/api/admin/workstreams/1/hours"), "", adminsOnly(200), false},
		{"PUT /api/admin/workstreams/{id}/hours", "always open", fixed("/api/admin/workstreams/1/hours"),
			`{"timeZone":"","days":["","","","","","",""],"closedDates":"","offlineMessage":"Back soon."}`, adminsOnly(200), false},
		{"GET /api/admin/quick-replies", "", fixed("/api/admin/quick-replies"), "", adminsOnly(200), false},
		{"POST /api/admin/quick-replies", "", fixed("/api/admin/quick-replies"), `{"title":"Hi","body":"Hello"}`, adminsOnly(201), false},
		{"PUT /api/admin/quick-replies/{id}", "", quickReply, `{"title":"Hi","body":"Hello there"}`, adminsOnly(200), false},
		{"DELETE /api/admin/quick-replies/{id}", "", quickReply, "", adminsOnly(204), false},
		{"GET /api/admin/agents", "", fixed("/api/admin/agents"), "", adminsOnly(200), false},
		{"POST /api/admin/agents", "", func(m *authzEnv) string { return "/api/admin/agents" },
			`{"email":"eve@example.com","name":"Eve","role":"admin","capacity":100,"password":"password123"}`, adminsOnly(201), false},
		{"PUT /api/admin/agents/{id}", "", target(""), `{"name":"Target","role":"admin","capacity":100,"disabled":false}`, adminsOnly(200), false},
		{"POST /api/admin/agents/{id}/password", "", target("/password"), `{"password":"password123"}`, adminsOnly(204), false},
		{"GET /api/admin/articles", "", fixed("/api/admin/articles"), "", adminsOnly(200), false},
		{"POST /api/admin/articles", "", fixed("/api/admin/articles"), `{"title":"T","summary":"S","body":"B"}`, adminsOnly(201), false},
		{"PUT /api/admin/articles/{id}", "", func(m *authzEnv) string { return "/api/admin/articles/" + itoa(m.article) }, `{"title":"T","summary":"S","body":"B"}`, adminsOnly(200), false},
		{"DELETE /api/admin/articles/{id}", "", func(m *authzEnv) string { return "/api/admin/articles/" + itoa(m.article) }, "", adminsOnly(204), false},
		{"GET /api/chat", "", fixed("/api/chat"), "", everyone(200), false},
		{"POST /api/chat", "", fixed("/api/chat"), "", everyone(201), false},
		// Public like the chat itself; while open, the chat is the way [X3].
		{"POST /api/chat/offline", "while open", fixed("/api/chat/offline"), `{"name":"Dana","email":"dana@example.com","question":"Hi"}`, everyone(409), false},
		{"GET /ws/agent", "", fixed("/ws/agent"), "", agents(101), false},
		{"GET /ws/chat", "the token comes in hello", fixed("/ws/chat"), "", everyone(101), false},
		{"POST /webhooks/sms", "only the SMS workstream's secret counts, never a sign-in", fixed("/webhooks/sms"), "From=%2B37120000000&Body=hi", everyone(401), false},
		{"GET /api/reports", "", fixed("/api/reports?group=agent"), "", supervisorsOnly(200), false},
		{"GET /api/reports/conversations.csv", "", fixed("/api/reports/conversations.csv"), "", supervisorsOnly(200), false},
		// A chat token rates only its own conversation, once ended: the
		// matrix's chats are still going (409); a sign-in is no chat token.
		{"POST /api/chat/rating", "", fixed("/api/chat/rating"), `{"stars":4}`, want{401, 409, 409, 401, 401, 401, 401}, false},
		// Files [X1]: each customer sends into and reads from their own
		// conversation only; agents as they read its messages, and only
		// its agent sends one.
		{"POST /api/chat/files", "into the caller's own", fixed("/api/chat/files"), "a note", want{401, 201, 201, 401, 401, 401, 401}, false},
		{"GET /api/chat/files/{id}", "the customer's file", func(m *authzEnv) string { return "/api/chat/files/" + itoa(m.fileIn(m.chat.Conversation.ID)) }, "", want{401, 200, 403, 401, 401, 401, 401}, false},
		{"GET /api/chat/files/{id}/thumb", "the customer's image", func(m *authzEnv) string {
			return "/api/chat/files/" + itoa(m.fileIn(m.chat.Conversation.ID)) + "/thumb"
		}, "", want{401, 200, 403, 401, 401, 401, 401}, false},
		{"GET /api/chat/files/{id}", "no such file", fixed("/api/chat/files/999999"), "", want{401, 404, 404, 401, 401, 401, 401}, false},
		{"POST /api/conversations/{id}/files", "Alex's", conv(alexs, "files"), "a note", staff(201, 403, 403, 403), false},
		{"POST /api/conversations/{id}/files", "queued", conv(queued, "files"), "a note", agents(403), false},
		{"GET /api/files/{id}", "in Alex's conversation", func(m *authzEnv) string { return "/api/files/" + itoa(m.fileIn(m.alexs())) }, "", staff(200, 403, 200, 200), false},
		{"GET /api/files/{id}", "in a queued conversation", func(m *authzEnv) string { return "/api/files/" + itoa(m.fileIn(m.queued())) }, "", agents(200), false},
		{"GET /api/files/{id}", "in Alex's conversation, Bo consulted", func(m *authzEnv) string { return "/api/files/" + itoa(m.fileIn(m.consulted(true))) }, "", agents(200), false},
		{"GET /api/files/{id}", "in Alex's conversation, Bo only invited", func(m *authzEnv) string { return "/api/files/" + itoa(m.fileIn(m.consulted(false))) }, "", staff(200, 403, 200, 200), false},
		{"GET /api/files/{id}/thumb", "in Alex's conversation", func(m *authzEnv) string { return "/api/files/" + itoa(m.fileIn(m.alexs())) + "/thumb" }, "", staff(200, 403, 200, 200), false},
		{"GET /metrics", "only the metrics token counts, never a sign-in or chat token", fixed("/metrics"), "", everyone(401), false},
		{"/api/", "no such endpoint", fixed("/api/nothing"), "", everyone(404), false},
		// The test server's pages and assets are NotFoundHandlers.
		{"/web/", "", fixed("/web/app.css"), "", everyone(404), false},
		{"/", "", fixed("/"), "", everyone(404), false},
	}
}

// TestAuthorizationMatrix calls every route of the route table as every
// kind of caller, against real conversations and records.
func TestAuthorizationMatrix(t *testing.T) {
	m := newAuthzEnv(t)
	rows := authzRows()

	t.Run("every route is in the matrix, with the access the table says", func(t *testing.T) {
		covered := map[string]want{}
		for _, r := range rows {
			covered[r.pattern] = r.want
		}
		for _, r := range m.api.Routes() {
			w, ok := covered[r.Pattern]
			require.True(t, ok, "route %q (%s) has no row in the authorization matrix", r.Pattern, r.Access)
			switch r.Access {
			case httpapi.AgentOnly, httpapi.AdminOnly, httpapi.SupervisorOnly, httpapi.Operator:
				require.Equal(t, 401, w[anonymous], r.Pattern)
				require.Equal(t, 401, w[customer], r.Pattern)
			}
			if r.Access == httpapi.AdminOnly {
				require.Equal(t, 403, w[agent], r.Pattern)
				require.Equal(t, 403, w[supervisor], r.Pattern, "a supervisor does not administer")
			}
			if r.Access == httpapi.SupervisorOnly {
				require.Equal(t, 403, w[agent], r.Pattern)
				require.Equal(t, 403, w[otherAgent], r.Pattern)
			}
		}
		require.Len(t, covered, len(m.api.Routes()), "a row names a route that is not in the table")
	})

	for _, r := range rows {
		method, _, ok := strings.Cut(r.pattern, " ")
		if !ok {
			method = "GET"
		}
		t.Run(r.pattern+" "+r.name, func(t *testing.T) {
			parent := m.t
			m.t, m.env.t = t, t
			defer func() { m.t, m.env.t = parent, parent }()
			var got want
			for c := range callers {
				got[c] = m.call(c, method, r.path(m), r.body, r.fresh)
			}
			if got != r.want {
				var diff []string
				for c := range callers {
					if got[c] != r.want[c] {
						diff = append(diff, fmt.Sprintf("%s: got %d, want %d", callerNames[c], got[c], r.want[c]))
					}
				}
				t.Errorf("%s", strings.Join(diff, "; "))
			}
		})
	}

	t.Run("an agent's list leaves out a colleague's conversations", func(t *testing.T) {
		id := m.alexs()
		list := answer[[]wire.Conversation](t, m.do(m.clients[otherAgent], "GET", "/api/conversations", ""), http.StatusOK)
		for _, c := range list {
			require.NotEqual(t, id, c.ID)
		}
	})
}

// TestWorkspaceIsTheAgentsOwn: an agent reads and changes only their own
// saved workspace [S13]; no request can name another agent's.
func TestWorkspaceIsTheAgentsOwn(t *testing.T) {
	m := newAuthzEnv(t)
	alex, bo := m.clients[agent], m.clients[otherAgent]
	put := func(c *http.Client, body string) *http.Response { return m.do(c, "PUT", "/api/workspace", body) }

	saved := answer[wire.WorkspaceSaved](t, put(alex, `{"changes":[{"part":"draft/s1","value":"Alex's words","base":0}]}`), http.StatusOK)
	require.Equal(t, map[string]int64{"draft/s1": 1}, saved.Applied)

	require.Empty(t, answer[map[string]wire.WorkspacePart](t, m.do(bo, "GET", "/api/workspace", ""), http.StatusOK),
		"a colleague sees nothing of it")
	saved = answer[wire.WorkspaceSaved](t, put(bo, `{"changes":[{"part":"draft/s1","value":"Bo's","base":0}]}`), http.StatusOK)
	require.Equal(t, map[string]int64{"draft/s1": 1}, saved.Applied, "the same part name is Bo's own, no conflict")
	saved = answer[wire.WorkspaceSaved](t, put(bo, `{"changes":[{"part":"draft/s1","delete":true,"base":1}]}`), http.StatusOK)
	require.Equal(t, map[string]int64{"draft/s1": 0}, saved.Applied)

	require.Equal(t, map[string]wire.WorkspacePart{"draft/s1": {Value: "Alex's words", Version: 1}},
		answer[map[string]wire.WorkspacePart](t, m.do(alex, "GET", "/api/workspace", ""), http.StatusOK),
		"Bo's changes never touched Alex's")

	for _, body := range []string{
		`{"agentId":2,"changes":[]}`,
		`{"changes":[{"part":"draft/s1","value":"x","base":1,"agent":2}]}`,
	} {
		require.Equal(t, http.StatusBadRequest, put(alex, body).StatusCode, "no field names an agent: %s", body)
	}
	p := answer[wire.Problem](t, put(alex, `{"changes":[{"part":"","value":"x","base":0}]}`), http.StatusBadRequest)
	require.Equal(t, map[string]wire.FieldProblem{"part": {Reason: wire.ReasonRequired}}, p.Fields)
}

// TestWebsocketAuthorization sends every client frame type as customers,
// agents and an administrator, on their own conversation and on others'.
func TestWebsocketAuthorization(t *testing.T) {
	m := newAuthzEnv(t)
	mine := m.startChat() // Alex picks it
	require.Equal(t, http.StatusOK, m.post(m.clients[agent], conversationPath(mine.Conversation.ID, "pick"), "").StatusCode)
	theirs := m.startChat() // stays in the queue
	own, other := mine.Conversation.ID, theirs.Conversation.ID

	unauthorized := func(t *testing.T, rc *rawConn) {
		t.Helper()
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, rc.nextOf(wire.TypeError)).Code)
	}

	t.Run("hello", func(t *testing.T) {
		for name, tok := range map[string]string{"bogus": "not-a-token", "empty": "", "a cookie name": "switchboard_session"} {
			ws, _, err := websocket.Dial(t.Context(), m.wsURL("/ws/chat"), nil)
			require.NoError(t, err)
			rc := &rawConn{t: t, ws: ws}
			rc.send(wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: tok}))
			got := rc.next()
			require.Equal(t, wire.TypeError, got.Type, name)
			require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, got).Code, name)
			ws.CloseNow()
		}
		ws, _, err := websocket.Dial(t.Context(), m.wsURL("/ws/chat"), nil)
		require.NoError(t, err)
		defer ws.CloseNow()
		rc := &rawConn{t: t, ws: ws}
		rc.send(wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: mine.Token}))
		ready := decode[wire.Ready](t, rc.next())
		require.Equal(t, own, ready.Conversation.ID, "the token names the conversation, nothing else")
		require.Nil(t, ready.Agent)

		// An agent's hello with a customer's token is still the agent's.
		bo := m.dial("/ws/agent", m.clients[otherAgent], wire.Hello{Token: mine.Token})
		bo.send(wire.Encode(wire.TypeSubscribe, own, 0, wire.Subscribe{}))
		unauthorized(t, bo)
	})

	customer := m.dial("/ws/chat", nil, wire.Hello{Token: mine.Token})
	stranger := m.dial("/ws/chat", nil, wire.Hello{Token: theirs.Token})
	alex := m.dial("/ws/agent", m.clients[agent], wire.Hello{})
	bo := m.dial("/ws/agent", m.clients[otherAgent], wire.Hello{})
	ada := m.dial("/ws/agent", m.clients[administrator], wire.Hello{})
	sam := m.dial("/ws/agent", m.clients[supervisor], wire.Hello{})

	t.Run("subscribe", func(t *testing.T) {
		customer.send(wire.Encode(wire.TypeSubscribe, other, 0, wire.Subscribe{}))
		unauthorized(t, customer)
		stranger.send(wire.Encode(wire.TypeSubscribe, own, 0, wire.Subscribe{}))
		unauthorized(t, stranger)
		bo.send(wire.Encode(wire.TypeSubscribe, own, 0, wire.Subscribe{}))
		unauthorized(t, bo)

		alex.send(wire.Encode(wire.TypeSubscribe, own, 0, wire.Subscribe{}))
		require.Equal(t, own, alex.nextOf(wire.TypeMessageCreated).Conversation)
		ada.send(wire.Encode(wire.TypeSubscribe, own, 0, wire.Subscribe{}))
		require.Equal(t, own, ada.nextOf(wire.TypeMessageCreated).Conversation, "an administrator may read every conversation")
		sam.send(wire.Encode(wire.TypeSubscribe, own, 0, wire.Subscribe{}))
		require.Equal(t, own, sam.nextOf(wire.TypeMessageCreated).Conversation, "a supervisor may read every conversation [T4]")
		// The queue is every agent's to read: the first refusal is the
		// unknown frame after the subscription.
		bo.send(wire.Encode(wire.TypeSubscribe, other, 0, wire.Subscribe{}))
		bo.send(wire.Envelope{Type: "nothing"})
		require.Equal(t, wire.ErrUnknownType, decode[wire.Error](t, bo.nextOf(wire.TypeError)).Code)
	})

	t.Run("message.send", func(t *testing.T) {
		customer.send(sendFrame(other, "c-other", "into their chat"))
		unauthorized(t, customer)
		stranger.send(sendFrame(own, "s-own", "into your chat"))
		unauthorized(t, stranger)
		bo.send(sendFrame(own, "b-own", "from a colleague"))
		unauthorized(t, bo)
		ada.send(sendFrame(own, "a-own", "from an admin who did not pick it"))
		unauthorized(t, ada)
		alex.send(sendFrame(other, "x-other", "into a queued chat"))
		unauthorized(t, alex)
		sam.send(sendFrame(own, "s-own", "from a supervisor who did not pick it"))
		unauthorized(t, sam)
		// Internal notes [T3]: only the conversation's agent writes them.
		for _, ws := range []*rawConn{customer, stranger, bo, ada, sam} {
			ws.send(noteFrame(own, "note", "a note"))
			unauthorized(t, ws)
		}
		alex.send(noteFrame(other, "x-note-other", "a note on a queued chat"))
		unauthorized(t, alex)

		customer.send(sendFrame(own, "c-own", "hello"))
		require.Equal(t, "c-own", decode[wire.Ack](t, customer.nextOf(wire.TypeAck)).Key)
		alex.send(sendFrame(own, "x-own", "hi there"))
		require.Equal(t, "x-own", decode[wire.Ack](t, alex.nextOf(wire.TypeAck)).Key)
	})

	t.Run("typing", func(t *testing.T) {
		customer.send(wire.Encode(wire.TypeTyping, other, 0, nil))
		unauthorized(t, customer)
		stranger.send(wire.Encode(wire.TypeTyping, own, 0, nil))
		unauthorized(t, stranger)
		bo.send(wire.Encode(wire.TypeTyping, own, 0, nil))
		unauthorized(t, bo)
		ada.send(wire.Encode(wire.TypeTyping, own, 0, nil))
		unauthorized(t, ada)

		customer.send(wire.Encode(wire.TypeTyping, own, 0, nil))
		require.Equal(t, wire.SenderCustomer, decode[wire.Typing](t, alex.nextOf(wire.TypeTyping)).Sender)
		alex.send(wire.Encode(wire.TypeTyping, own, 0, nil))
		require.Equal(t, wire.SenderAgent, decode[wire.Typing](t, customer.nextOf(wire.TypeTyping)).Sender)
	})

	t.Run("nothing was written where it was refused", func(t *testing.T) {
		msgs, err := m.store.Messages(t.Context(), other, 0, 0)
		require.NoError(t, err)
		require.Empty(t, msgs)
		msgs, err = m.store.Messages(t.Context(), own, 0, 0)
		require.NoError(t, err)
		var bodies []string
		for _, msg := range msgs {
			if msg.Sender != wire.SenderSystem {
				bodies = append(bodies, msg.Body)
			}
		}
		require.Equal(t, []string{"hello", "hi there"}, bodies, "no refused note was stored")
	})
}

// closed reads until the server closes the socket, failing on any frame of
// conversation id on the way (0: any message at all), and answers the close
// code.
func (rc *rawConn) closed(id int64) websocket.StatusCode {
	rc.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, b, err := rc.ws.Read(ctx)
		cancel()
		if err != nil {
			code := websocket.CloseStatus(err)
			require.NotEqual(rc.t, websocket.StatusCode(-1), code, "not a close: %v", err)
			return code
		}
		var e wire.Envelope
		require.NoError(rc.t, json.Unmarshal(b, &e))
		require.False(rc.t, e.Type == wire.TypeMessageCreated || e.Type == wire.TypeAck || e.Type == wire.TypeTyping,
			"received %s after the sign-in ended: %s", e.Type, b)
		require.False(rc.t, id != 0 && e.Conversation == id && e.Type != wire.TypeConversationUpdated,
			"received %s of conversation %d after the sign-in ended", e.Type, id)
	}
}

// nothingOf sends a frame the server refuses and reads up to its refusal,
// failing on any message or typing of conversation id on the way: what
// the socket was sent before that refusal is all it will ever get of what
// happened before.
func (rc *rawConn) nothingOf(id int64) {
	rc.t.Helper()
	rc.send(wire.Envelope{Type: "sentinel"})
	for {
		e := rc.next()
		if e.Type == wire.TypeError && decode[wire.Error](rc.t, e).Code == wire.ErrUnknownType {
			return
		}
		require.False(rc.t, e.Conversation == id && (e.Type == wire.TypeMessageCreated || e.Type == wire.TypeTyping),
			"received %s of conversation %d: %s", e.Type, id, e.Data)
	}
}

// TestWebsocketAuthorizationAfterChanges runs the websocket checks again
// after each change of who may do what: an open socket never keeps rights
// its agent lost.
func TestWebsocketAuthorizationAfterChanges(t *testing.T) {
	m := newAuthzEnv(t)
	ada := m.clients[administrator]
	ctx := context.Background()

	// Each sign-in ending change, on a fresh agent of the given role.
	ends := []struct {
		name, role string
		change     func(t *testing.T, self *http.Client, id int64)
	}{
		{"sign-out", "agent", func(t *testing.T, self *http.Client, id int64) {
			require.Equal(t, http.StatusNoContent, m.post(self, "/api/signout", "").StatusCode)
		}},
		{"disable", "agent", func(t *testing.T, self *http.Client, id int64) {
			require.Equal(t, http.StatusOK, m.do(ada, "PUT", "/api/admin/agents/"+itoa(id),
				`{"name":"Target","role":"agent","capacity":100,"disabled":true}`).StatusCode)
		}},
		{"demotion of an administrator", "admin", func(t *testing.T, self *http.Client, id int64) {
			require.Equal(t, http.StatusOK, m.do(ada, "PUT", "/api/admin/agents/"+itoa(id),
				`{"name":"Target","role":"agent","capacity":100,"disabled":false}`).StatusCode)
		}},
		{"password reset", "agent", func(t *testing.T, self *http.Client, id int64) {
			require.Equal(t, http.StatusNoContent, m.post(ada, "/api/admin/agents/"+itoa(id)+"/password", `{"password":"another password"}`).StatusCode)
		}},
	}
	// Each frame an agent sends, on a conversation the agent could use
	// before the change: their own, or (subscribe) a colleague's, which
	// only an administrator may read.
	frames := []struct {
		name  string
		frame func(own, colleagues int64) wire.Envelope
	}{
		{"subscribe", func(own, colleagues int64) wire.Envelope {
			return wire.Encode(wire.TypeSubscribe, colleagues, 0, wire.Subscribe{})
		}},
		{"message.send", func(own, _ int64) wire.Envelope { return sendFrame(own, "after", "still here?") }},
		{"typing", func(own, _ int64) wire.Envelope { return wire.Encode(wire.TypeTyping, own, 0, nil) }},
	}
	for _, end := range ends {
		for _, f := range frames {
			t.Run(end.name+" then "+f.name, func(t *testing.T) {
				parent := m.t
				m.t, m.env.t = t, t
				defer func() { m.t, m.env.t = parent, parent }()
				m.agentsAdded++
				email := fmt.Sprintf("target%d@example.com", m.agentsAdded)
				a, err := m.store.CreateAgent(ctx, email, "Target", end.role, password)
				require.NoError(t, err)
				self := m.agentClient(email)
				own := m.startChat()
				require.Equal(t, http.StatusOK, m.post(self, conversationPath(own.Conversation.ID, "pick"), "").StatusCode)
				colleagues := m.alexs()
				c, err := m.store.Conversation(ctx, own.Conversation.ID)
				require.NoError(t, err)
				customer := m.dial("/ws/chat", nil, wire.Hello{Token: own.Token, Since: c.LastSeq})
				ws := m.dial("/ws/agent", self, wire.Hello{})

				end.change(t, self, a.ID)
				ws.send(f.frame(own.Conversation.ID, colleagues))
				require.Equal(t, websocket.StatusCode(wire.CloseSignedOut), ws.closed(colleagues))

				msgs, err := m.store.Messages(ctx, own.Conversation.ID, 0, 0)
				require.NoError(t, err)
				for _, msg := range msgs {
					require.NotEqual(t, "still here?", msg.Body, "a message was stored after the sign-in ended")
				}
				customer.nothingOf(own.Conversation.ID)
				require.Equal(t, http.StatusUnauthorized, m.dialStatus(self), "the old cookie no longer opens a socket")
			})
		}
	}

	t.Run("a sign-out between the upgrade and hello", func(t *testing.T) {
		parent := m.t
		m.t, m.env.t = t, t
		defer func() { m.t, m.env.t = parent, parent }()
		bo := m.agentClient("bo@example.com")
		ws, _, err := websocket.Dial(t.Context(), m.wsURL("/ws/agent"), &websocket.DialOptions{HTTPClient: bo})
		require.NoError(t, err)
		defer ws.CloseNow()
		require.Equal(t, http.StatusNoContent, m.post(bo, "/api/signout", "").StatusCode)
		rc := &rawConn{t: t, ws: ws}
		rc.send(wire.Encode(wire.TypeHello, 0, 0, wire.Hello{}))
		require.Equal(t, websocket.StatusCode(wire.CloseSignedOut), rc.closed(0), "no ready for an ended sign-in")
	})

	t.Run("a sign-out closes only that sign-in's sockets", func(t *testing.T) {
		parent := m.t
		m.t, m.env.t = t, t
		defer func() { m.t, m.env.t = parent, parent }()
		laptop, phone := m.agentClient("bo@example.com"), m.agentClient("bo@example.com")
		onLaptop := m.dial("/ws/agent", laptop, wire.Hello{})
		onPhone := m.dial("/ws/agent", phone, wire.Hello{})
		require.Equal(t, http.StatusNoContent, m.post(laptop, "/api/signout", "").StatusCode)
		require.Equal(t, websocket.StatusCode(wire.CloseSignedOut), onLaptop.closed(0))
		onPhone.nothingOf(0)
	})
}

// dialStatus dials the agent socket with c's cookie and answers the status.
func (m *authzEnv) dialStatus(c *http.Client) int {
	m.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ws, res, err := websocket.Dial(ctx, m.wsURL("/ws/agent"), &websocket.DialOptions{HTTPClient: c})
	if err == nil {
		ws.CloseNow()
	}
	require.NotNil(m.t, res, "dial: %v", err)
	return res.StatusCode
}

// TestWebsocketReadingRightsFollowAssignment: a subscription lasts only as
// long as its agent may read the conversation. When a colleague takes it,
// the subscription ends, the client is told, and nothing more of it comes
// through, while those who still may read it go on reading.
func TestWebsocketReadingRightsFollowAssignment(t *testing.T) {
	m := newAuthzEnv(t)
	alexHTTP, boHTTP := m.clients[agent], m.clients[otherAgent]
	// Alex and Ada are busy, so what is offered goes to Bo.
	for _, c := range []*http.Client{alexHTTP, m.clients[administrator]} {
		require.Equal(t, http.StatusOK, m.do(c, "PUT", "/api/presence", `{"status":"dnd"}`).StatusCode)
	}
	alex := m.dial("/ws/agent", alexHTTP, wire.Hello{})
	bo := m.dial("/ws/agent", boHTTP, wire.Hello{})
	ada := m.dial("/ws/agent", m.clients[administrator], wire.Hello{})

	// watch has Alex and Ada subscribe to a conversation and see its
	// customer's first message.
	watch := func(t *testing.T, chat wire.ChatStarted) *rawConn {
		id := chat.Conversation.ID
		customer := m.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
		for _, ws := range []*rawConn{alex, ada} {
			ws.t = t
			ws.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))
		}
		customer.send(sendFrame(id, "first", "hello"))
		customer.nextOf(wire.TypeAck)
		for _, ws := range []*rawConn{alex, ada} {
			for decode[wire.Message](t, ws.nextOf(wire.TypeMessageCreated)).Body != "hello" {
			}
		}
		return customer
	}
	// lost checks that Alex was told, gets nothing more of the
	// conversation, and can do nothing with it, while Ada still reads it.
	lost := func(t *testing.T, id int64, customer *rawConn) {
		require.Equal(t, id, alex.nextOf(wire.TypeConversationRevoked).Conversation)
		customer.send(sendFrame(id, "secret", "my card number is 4111 1111 1111 1111"))
		customer.nextOf(wire.TypeAck)
		customer.send(wire.Encode(wire.TypeTyping, id, 0, nil))
		alex.nothingOf(id)
		for decode[wire.Message](t, ada.nextOf(wire.TypeMessageCreated)).Key != "secret" {
		}
		unauthorized := func(e wire.Envelope) {
			alex.send(e)
			require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, alex.nextOf(wire.TypeError)).Code, e.Type)
		}
		unauthorized(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))
		unauthorized(sendFrame(id, "x", "may I?"))
		unauthorized(wire.Encode(wire.TypeTyping, id, 0, nil))
		alex.nothingOf(id)
	}
	bind := func(t *testing.T) func() {
		parent := m.t
		m.t, m.env.t = t, t
		for _, ws := range []*rawConn{alex, bo, ada} {
			ws.t = t
		}
		return func() { m.t, m.env.t = parent, parent }
	}

	t.Run("a colleague picks it from the queue", func(t *testing.T) {
		defer bind(t)()
		chat := m.startChat()
		customer := watch(t, chat)
		require.Equal(t, http.StatusOK, m.post(boHTTP, conversationPath(chat.Conversation.ID, "pick"), "").StatusCode)
		lost(t, chat.Conversation.ID, customer)
	})

	t.Run("a colleague accepts its offer", func(t *testing.T) {
		defer bind(t)()
		chat := m.startChat()
		id := chat.Conversation.ID
		for decode[wire.Offer](t, bo.nextOf(wire.TypeOfferCreated)).Conversation.ID != id {
		}
		customer := watch(t, chat)
		require.Equal(t, http.StatusOK, m.post(boHTTP, offerPath(id, "accept"), "").StatusCode)
		lost(t, id, customer)
	})

	t.Run("Alex leaves it to the queue and a colleague picks it", func(t *testing.T) {
		defer bind(t)()
		chat := m.startChat()
		id := chat.Conversation.ID
		require.Equal(t, http.StatusOK, m.post(alexHTTP, conversationPath(id, "pick"), "").StatusCode)
		customer := watch(t, chat)
		require.Equal(t, store.StatusOpen, answer[wire.Conversation](t, m.do(alexHTTP, "POST", conversationPath(id, "close"), ""), http.StatusOK).Status)
		// Back in the queue, it is everyone's to read: Alex still is.
		customer.send(sendFrame(id, "queued", "still there?"))
		customer.nextOf(wire.TypeAck)
		for decode[wire.Message](t, alex.nextOf(wire.TypeMessageCreated)).Key != "queued" {
		}
		require.Equal(t, http.StatusOK, m.post(boHTTP, conversationPath(id, "pick"), "").StatusCode)
		lost(t, id, customer)
	})

	t.Run("closing it keeps it for its agent only", func(t *testing.T) {
		defer bind(t)()
		chat := m.startChat()
		id := chat.Conversation.ID
		require.Equal(t, http.StatusOK, m.post(alexHTTP, conversationPath(id, "pick"), "").StatusCode)
		watch(t, chat)
		require.Equal(t, http.StatusOK, m.post(alexHTTP, conversationPath(id, "end"), "").StatusCode)
		require.Equal(t, http.StatusOK, m.post(alexHTTP, conversationPath(id, "close"), "").StatusCode)
		for kit.NoteText(decode[wire.Message](t, alex.nextOf(wire.TypeMessageCreated))) != "Alex Agent closed the conversation." {
		}
		bo.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, bo.nextOf(wire.TypeError)).Code)
		bo.nothingOf(id)
	})
}

// TestListUpdatesKeepColleaguesPrivate: every agent hears that a
// colleague's conversation changed (their queue may have shown it a moment
// ago), but never its last message; its agent and the administrators do.
func TestListUpdatesKeepColleaguesPrivate(t *testing.T) {
	m := newAuthzEnv(t)
	for _, c := range []caller{agent, otherAgent, administrator} {
		require.Equal(t, http.StatusOK, m.do(m.clients[c], "PUT", "/api/presence", `{"status":"dnd"}`).StatusCode)
	}
	alex := m.dial("/ws/agent", m.clients[agent], wire.Hello{})
	bo := m.dial("/ws/agent", m.clients[otherAgent], wire.Hello{})
	ada := m.dial("/ws/agent", m.clients[administrator], wire.Hello{})
	c := m.startChat()
	id := c.Conversation.ID
	customer := m.dial("/ws/chat", nil, wire.Hello{Token: c.Token})
	customer.send(sendFrame(id, "iban", "PRIVATE: my IBAN is LV80BANK0000435195001"))
	customer.nextOf(wire.TypeAck)
	// Picking it, then linking a contact: changes every agent hears of.
	require.Equal(t, http.StatusOK, m.post(m.clients[agent], conversationPath(id, "pick"), "").StatusCode)
	require.Equal(t, http.StatusOK, m.post(m.clients[agent], conversationPath(id, "contact"), `{"contactId":`+itoa(m.contact)+`}`).StatusCode)

	updates := func(ws *rawConn) []wire.Conversation {
		var got []wire.Conversation
		ws.send(wire.Envelope{Type: "sentinel"})
		for {
			e := ws.next()
			if e.Type == wire.TypeError {
				return got
			}
			if w := decode[wire.Conversation](t, e); e.Type == wire.TypeConversationUpdated && e.Conversation == id && w.AgentID != 0 {
				got = append(got, w)
			}
		}
	}
	boSaw := updates(bo)
	require.NotEmpty(t, boSaw)
	require.Equal(t, "Kenny Smith", boSaw[len(boSaw)-1].Title, "Bo's list follows the change")
	for _, w := range boSaw {
		require.Empty(t, w.LastMessage, "Bo saw the preview of a colleague's conversation")
	}
	for _, ws := range []*rawConn{alex, ada} {
		got := updates(ws)
		require.NotEmpty(t, got)
		require.Equal(t, "PRIVATE: my IBAN is LV80BANK0000435195001", got[len(got)-1].LastMessage,
			"the preview is the last message; notes are worded by each reader [L3]")
	}
}
