package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/httpapi"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/routing/routingtest"
	"github.com/switchboard-cx/switchboard/server/sms"
	"github.com/switchboard-cx/switchboard/server/store"
)

const password = "correct horse battery"

type env struct {
	mu     sync.Mutex
	conns  []net.Conn
	t      *testing.T
	srv    *httptest.Server
	api    *httpapi.Server
	store  *store.Store
	relay  *relay.Relay
	router *routing.Router
	clock  *routingtest.Clock
	sms    *sms.Gateway
}

// newEnv starts a test server; configure, if any, sets up its http.Server
// first.
func newEnv(t *testing.T, configure ...func(*http.Server)) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	st.UseCheapHashes()
	_, err = st.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", password)
	require.NoError(t, err)
	_, err = st.CreateAgent(ctx, "bo@example.com", "Bo Agent", "agent", password)
	require.NoError(t, err)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rl := relay.New(st, relay.NewLocalBus(), log)
	rt := routing.New(st, rl, log)
	clock := routingtest.NewClock(time.Now())
	clock.Install(rt)
	rl.Routing = rt
	require.NoError(t, rt.Start(ctx))
	t.Cleanup(rt.Stop)
	// SMS deliveries retry within milliseconds here.
	texts := sms.New(st, rl, rt, log)
	texts.Retry = sms.Backoff{Attempts: 3, First: time.Millisecond, Max: 4 * time.Millisecond}
	rl.Outbox = texts
	texts.Start(ctx)
	t.Cleanup(texts.Stop)
	api := httpapi.New(st, rl, rt, log, http.NotFoundHandler(), http.NotFoundHandler())
	api.SMS = texts
	e := &env{t: t, api: api, store: st, relay: rl, router: rt, clock: clock, sms: texts}
	e.srv = httptest.NewUnstartedServer(api)
	// httptest forgets hijacked (websocket) connections, so track them to
	// be able to cut them as a restart would.
	e.srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			e.mu.Lock()
			e.conns = append(e.conns, c)
			e.mu.Unlock()
		}
	}
	for _, f := range configure {
		f(e.srv.Config)
	}
	e.srv.Start()
	t.Cleanup(e.srv.Close)
	return e
}

// dropConnections cuts every connection, websockets included.
func (e *env) dropConnections() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.conns {
		c.Close()
	}
	e.conns = nil
}

// agentClient signs in and returns an HTTP client holding the cookie.
func (e *env) agentClient(email string) *http.Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res := e.post(c, "/api/signin", `{"email":"`+email+`","password":"`+password+`"}`)
	require.Equal(e.t, http.StatusOK, res.StatusCode)
	return c
}

func (e *env) post(c *http.Client, path, body string) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(body))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	require.NoError(e.t, err)
	e.t.Cleanup(func() { res.Body.Close() })
	return res
}

func (e *env) startChat() wire.ChatStarted {
	e.t.Helper()
	res := e.post(http.DefaultClient, "/api/chat", "")
	require.Equal(e.t, http.StatusCreated, res.StatusCode)
	var s wire.ChatStarted
	require.NoError(e.t, json.NewDecoder(res.Body).Decode(&s))
	return s
}

func (e *env) wsURL(path string) string { return "ws" + strings.TrimPrefix(e.srv.URL, "http") + path }

// rawConn is a websocket driven frame by frame.
type rawConn struct {
	t  *testing.T
	ws *websocket.Conn
}

func (e *env) dial(path string, c *http.Client, hello wire.Hello) *rawConn {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	opts := &websocket.DialOptions{}
	if c != nil {
		opts.HTTPClient = c
	}
	ws, _, err := websocket.Dial(ctx, e.wsURL(path), opts)
	require.NoError(e.t, err)
	ws.SetReadLimit(4 << 20)
	e.t.Cleanup(func() { ws.CloseNow() })
	rc := &rawConn{t: e.t, ws: ws}
	rc.send(wire.Encode(wire.TypeHello, 0, 0, hello))
	require.Equal(e.t, wire.TypeReady, rc.next().Type)
	return rc
}

func (rc *rawConn) send(e wire.Envelope) {
	rc.t.Helper()
	b, err := json.Marshal(e)
	require.NoError(rc.t, err)
	rc.sendRaw(b)
}

func (rc *rawConn) sendRaw(b []byte) {
	rc.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(rc.t, rc.ws.Write(ctx, websocket.MessageText, b))
}

func (rc *rawConn) next() wire.Envelope {
	rc.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, b, err := rc.ws.Read(ctx)
	require.NoError(rc.t, err)
	var e wire.Envelope
	require.NoError(rc.t, json.Unmarshal(b, &e))
	return e
}

// nextOf skips frames of other types (conversation updates and the like).
func (rc *rawConn) nextOf(typ string) wire.Envelope {
	rc.t.Helper()
	for {
		if e := rc.next(); e.Type == typ {
			return e
		}
	}
}

func decode[T any](t *testing.T, e wire.Envelope) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(e.Data, &v))
	return v
}

func sendFrame(conv int64, key, body string) wire.Envelope {
	return wire.Encode(wire.TypeMessageSend, conv, 0, wire.MessageSend{Key: key, Body: body})
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)

	t.Run("a wrong password and an unknown email get the same answer", func(t *testing.T) {
		for _, body := range []string{
			`{"email":"alex@example.com","password":"wrong password"}`,
			`{"email":"nobody@example.com","password":"wrong password"}`,
		} {
			res := e.post(http.DefaultClient, "/api/signin", body)
			require.Equal(t, http.StatusUnauthorized, res.StatusCode)
			b, _ := io.ReadAll(res.Body)
			require.JSONEq(t, `{"error":"Wrong email or password.","code":"error.signin.wrong"}`, string(b))
			require.Empty(t, res.Cookies())
		}
	})

	t.Run("a right password sets an HttpOnly SameSite cookie", func(t *testing.T) {
		res := e.post(http.DefaultClient, "/api/signin", `{"email":"Alex@Example.com","password":"`+password+`"}`)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Len(t, res.Cookies(), 1)
		c := res.Cookies()[0]
		require.True(t, c.HttpOnly)
		require.Equal(t, http.SameSiteLaxMode, c.SameSite)
	})

	t.Run("a malformed body is refused", func(t *testing.T) {
		res := e.post(http.DefaultClient, "/api/signin", `{"email":`)
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
	})

	t.Run("signing out ends the session", func(t *testing.T) {
		c := e.agentClient("alex@example.com")
		res, err := c.Get(e.srv.URL + "/api/me")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, http.StatusNoContent, e.post(c, "/api/signout", "").StatusCode)
		res, err = c.Get(e.srv.URL + "/api/me")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	})
}

func TestUnauthorisedRequestsAreRefused(t *testing.T) {
	e := newEnv(t)

	t.Run("agent endpoints need a sign-in cookie", func(t *testing.T) {
		for _, path := range []string{"/api/me", "/api/conversations", "/ws/agent"} {
			res, err := http.Get(e.srv.URL + path)
			require.NoError(t, err)
			res.Body.Close()
			require.Equal(t, http.StatusUnauthorized, res.StatusCode, path)
		}
		require.Equal(t, http.StatusUnauthorized, e.post(http.DefaultClient, "/api/conversations/1/pick", "").StatusCode)
	})

	t.Run("a forged cookie is refused", func(t *testing.T) {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/me", nil)
		req.AddCookie(&http.Cookie{Name: "switchboard_session", Value: "forged"})
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	})

	t.Run("a cross-origin websocket is refused", func(t *testing.T) {
		c := e.agentClient("alex@example.com")
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, res, err := websocket.Dial(ctx, e.wsURL("/ws/agent"), &websocket.DialOptions{
			HTTPClient: c,
			HTTPHeader: http.Header{"Origin": {"https://evil.example"}},
		})
		require.Error(t, err)
		require.Equal(t, http.StatusForbidden, res.StatusCode)
	})

	t.Run("a cross-site POST is refused", func(t *testing.T) {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/chat", nil)
		req.Header.Set("Origin", "https://evil.example")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusForbidden, res.StatusCode)
	})

	t.Run("a customer with a wrong token is told, and sees nothing", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		ws, _, err := websocket.Dial(ctx, e.wsURL("/ws/chat"), nil)
		require.NoError(t, err)
		defer ws.CloseNow()
		rc := &rawConn{t: t, ws: ws}
		rc.send(wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: "not-a-token"}))
		got := rc.next()
		require.Equal(t, wire.TypeError, got.Type)
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, got).Code)
	})

	t.Run("a customer cannot write into another conversation", func(t *testing.T) {
		mine, theirs := e.startChat(), e.startChat()
		rc := e.dial("/ws/chat", nil, wire.Hello{Token: mine.Token})
		rc.send(sendFrame(theirs.Conversation.ID, "k1", "hi"))
		got := rc.nextOf(wire.TypeError)
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, got).Code)
		msgs, err := e.store.Messages(context.Background(), theirs.Conversation.ID, 0, 0)
		require.NoError(t, err)
		require.Empty(t, msgs)
	})

	t.Run("an agent cannot reply before picking, nor read a colleague's chat", func(t *testing.T) {
		chat := e.startChat()
		alex := e.dial("/ws/agent", e.agentClient("alex@example.com"), wire.Hello{})
		alex.send(sendFrame(chat.Conversation.ID, "k1", "hello"))
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, alex.nextOf(wire.TypeError)).Code)

		bo := e.agentClient("bo@example.com")
		require.Equal(t, http.StatusOK, e.post(bo, "/api/conversations/"+itoa(chat.Conversation.ID)+"/pick", "").StatusCode)
		require.Equal(t, http.StatusConflict, e.post(e.agentClient("alex@example.com"), "/api/conversations/"+itoa(chat.Conversation.ID)+"/pick", "").StatusCode)
		alex.send(wire.Encode(wire.TypeSubscribe, chat.Conversation.ID, 0, wire.Subscribe{}))
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, alex.nextOf(wire.TypeError)).Code)
	})
}

func TestChatBetweenCustomerAndAgent(t *testing.T) {
	e := newEnv(t)
	chat := e.startChat()
	require.Equal(t, "Visitor 1", chat.Conversation.Title)
	id := chat.Conversation.ID
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
	agentHTTP := e.agentClient("alex@example.com")
	agent := e.dial("/ws/agent", agentHTTP, wire.Hello{})

	t.Run("the customer's message is stored, acknowledged and shown to the agent", func(t *testing.T) {
		customer.send(sendFrame(id, "c1", "Hello, my order is late"))
		ack := decode[wire.Ack](t, customer.nextOf(wire.TypeAck))
		require.Equal(t, wire.Ack{Key: "c1", Seq: 1}, ack)

		update := decode[wire.Conversation](t, agent.nextOf(wire.TypeConversationUpdated))
		require.Equal(t, "Hello, my order is late", update.LastMessage)

		require.Equal(t, http.StatusOK, e.post(agentHTTP, "/api/conversations/"+itoa(id)+"/pick", "").StatusCode)
		agent.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{Since: 0}))
		first := decode[wire.Message](t, agent.nextOf(wire.TypeMessageCreated))
		require.Equal(t, "Hello, my order is late", first.Body)
		require.Equal(t, "Visitor 1", first.SenderName)
		joined := decode[wire.Message](t, agent.nextOf(wire.TypeMessageCreated))
		require.Equal(t, "Alex Agent joined the chat.", kit.NoteText(joined))
	})

	t.Run("the agent's reply reaches the customer with the agent's name", func(t *testing.T) {
		agent.send(sendFrame(id, "a1", "Sorry about that, let me check."))
		for {
			m := decode[wire.Message](t, customer.nextOf(wire.TypeMessageCreated))
			if m.Sender == wire.SenderAgent {
				require.Equal(t, "Alex Agent", m.SenderName)
				require.Equal(t, "Sorry about that, let me check.", m.Body)
				require.Equal(t, int64(3), m.Seq)
				break
			}
		}
	})

	t.Run("a resend with the same key after a reconnect is stored once", func(t *testing.T) {
		again := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token, Since: 3})
		again.send(sendFrame(id, "c1", "Hello, my order is late"))
		require.Equal(t, wire.Ack{Key: "c1", Seq: 1}, decode[wire.Ack](t, again.nextOf(wire.TypeAck)))
		msgs, err := e.store.Messages(context.Background(), id, 0, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 3)
	})

	t.Run("resuming since a seq replays exactly what was missed", func(t *testing.T) {
		for i, body := range []string{"four", "five", "six"} {
			customer.send(sendFrame(id, "r"+itoa(int64(i)), body))
			customer.nextOf(wire.TypeAck)
		}
		resumed := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token, Since: 4})
		var seqs []int64
		for len(seqs) < 2 {
			seqs = append(seqs, resumed.nextOf(wire.TypeMessageCreated).Seq)
		}
		require.Equal(t, []int64{5, 6}, seqs)
		customer.send(sendFrame(id, "live", "seven"))
		require.Equal(t, int64(7), resumed.nextOf(wire.TypeMessageCreated).Seq)
	})
}

func TestBadInputKeepsTheConnectionAndHistory(t *testing.T) {
	e := newEnv(t)
	chat := e.startChat()
	id := chat.Conversation.ID
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
	customer.send(sendFrame(id, "ok1", "first"))
	customer.nextOf(wire.TypeAck)

	refusal := func(t *testing.T) wire.Error {
		return decode[wire.Error](t, customer.nextOf(wire.TypeError))
	}

	t.Run("a frame over 64 KiB is refused as too large", func(t *testing.T) {
		customer.sendRaw([]byte(`{"type":"message.send","conversation":1,"data":{"key":"big","body":"` + strings.Repeat("x", 100<<10) + `"}}`))
		r := refusal(t)
		require.Equal(t, wire.ErrTooLarge, r.Code)
		require.Contains(t, r.Message, "too large")
	})

	t.Run("a body over the character limit is refused with the limit", func(t *testing.T) {
		customer.send(sendFrame(id, "long", strings.Repeat("é", wire.MaxMessageRunes+1)))
		r := refusal(t)
		require.Equal(t, wire.ErrTooLarge, r.Code)
		require.Equal(t, "long", r.Key)
		require.Contains(t, r.Message, "4000")
	})

	t.Run("malformed JSON is refused", func(t *testing.T) {
		customer.sendRaw([]byte(`{"type": "message.send", "data": {`))
		require.Equal(t, wire.ErrBadRequest, refusal(t).Code)
	})

	t.Run("an unknown type is refused by name", func(t *testing.T) {
		customer.send(wire.Envelope{Type: "message.delete", Conversation: id})
		r := refusal(t)
		require.Equal(t, wire.ErrUnknownType, r.Code)
		require.Contains(t, r.Message, "message.delete")
	})

	t.Run("an empty message and a missing key are refused", func(t *testing.T) {
		customer.send(sendFrame(id, "empty", "   "))
		require.Equal(t, wire.ErrBadRequest, refusal(t).Code)
		customer.send(sendFrame(id, "", "no key"))
		require.Equal(t, wire.ErrBadRequest, refusal(t).Code)
	})

	t.Run("the connection still works and the history is intact", func(t *testing.T) {
		customer.send(sendFrame(id, "ok2", "second"))
		require.Equal(t, int64(2), decode[wire.Ack](t, customer.nextOf(wire.TypeAck)).Seq)
		msgs, err := e.store.Messages(context.Background(), id, 0, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 2)
		require.Equal(t, "first", msgs[0].Body)
		require.Equal(t, "second", msgs[1].Body)
	})
}

// TestLiveClientResendsAfterReconnect drives the browser's own client code
// (app/live) natively: messages sent while the server is unreachable are
// delivered once when it is back.
func TestLiveClientResendsAfterReconnect(t *testing.T) {
	e := newEnv(t)
	chat := e.startChat()
	id := chat.Conversation.ID

	events := make(chan wire.Envelope, 100)
	states := make(chan live.State, 100)
	var since int64
	c := &live.Client{
		URL:     e.wsURL("/ws/chat"),
		Hello:   func() wire.Hello { return wire.Hello{Token: chat.Token, Since: since} },
		OnEvent: func(ev wire.Envelope) { events <- ev },
		OnState: func(s live.State) { states <- s },
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Run(ctx)
	waitState(t, states, live.Connected)

	c.Send(id, "before the drop")
	waitMessage(t, events, "before the drop")

	// Drop every connection, as a server restart does.
	e.dropConnections()
	c.Send(id, "during the drop")
	waitState(t, states, live.Connected)
	waitMessage(t, events, "during the drop")
	require.Eventually(t, func() bool { return len(c.Outbox()) == 0 }, time.Minute, 20*time.Millisecond)

	msgs, err := e.store.Messages(context.Background(), id, 0, 0)
	require.NoError(t, err)
	var bodies []string
	for _, m := range msgs {
		bodies = append(bodies, m.Body)
	}
	require.Equal(t, []string{"before the drop", "during the drop"}, bodies)
}

// TestAbusiveSocketsAreCut: a frame far over the limit, or a flood of
// frames, good or malformed, ends the connection instead of costing the
// server for as long as the sender likes.
func TestAbusiveSocketsAreCut(t *testing.T) {
	e := newEnv(t)
	chat := e.startChat()

	t.Run("a 1 MiB frame", func(t *testing.T) {
		customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
		customer.ws.Write(t.Context(), websocket.MessageText, []byte(strings.Repeat("x", 1<<20)))
		_, _, err := customer.ws.Read(t.Context())
		require.Equal(t, websocket.StatusMessageTooBig, websocket.CloseStatus(err), "%v", err)
	})

	t.Run("a flood of malformed frames", func(t *testing.T) {
		customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
		go func() {
			// Far more than the burst, the refusals it allows and what the
			// rate refills while they are written, however slowly.
			for range 2000 {
				if customer.ws.Write(context.Background(), websocket.MessageText, []byte("not json")) != nil {
					return
				}
			}
		}()
		// Only malformed frames were sent: the close for the rate proves
		// they were charged to it.
		for {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			_, _, err := customer.ws.Read(ctx)
			cancel()
			if err != nil {
				var ce websocket.CloseError
				require.ErrorAs(t, err, &ce, "malformed frames were never charged to the rate")
				require.Equal(t, websocket.StatusPolicyViolation, ce.Code)
				require.Equal(t, "too many frames", ce.Reason)
				break
			}
		}
	})
}

// TestLiveClientStopsWhenSignedOut: a window whose sign-in ended elsewhere
// is told so, and goes to sign-in instead of reconnecting for ever.
func TestLiveClientStopsWhenSignedOut(t *testing.T) {
	e := newEnv(t)
	alex := e.agentClient("alex@example.com")
	states := make(chan live.State, 100)
	c := &live.Client{
		URL:         e.wsURL("/ws/agent"),
		DialOptions: &websocket.DialOptions{HTTPClient: alex},
		OnState:     func(s live.State) { states <- s },
	}
	ran := make(chan struct{})
	go func() { c.Run(t.Context()); close(ran) }()
	waitState(t, states, live.Connected)
	require.Equal(t, http.StatusNoContent, e.post(alex, "/api/signout", "").StatusCode)
	waitState(t, states, live.SignedOut)
	select {
	case <-ran:
	case <-time.After(time.Minute):
		t.Fatal("the client kept reconnecting after its sign-in ended")
	}
}

func waitState(t *testing.T, states <-chan live.State, want live.State) {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case s := <-states:
			if s == want {
				return
			}
		case <-timeout:
			t.Fatalf("connection never became %v", want)
		}
	}
}

func waitMessage(t *testing.T, events <-chan wire.Envelope, body string) {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case ev := <-events:
			if ev.Type == wire.TypeMessageCreated && decode[wire.Message](t, ev).Body == body {
				return
			}
		case <-timeout:
			t.Fatalf("message %q never arrived", body)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
