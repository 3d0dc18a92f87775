package e2e

// Customers and agents without a browser, for the chaos and load tests: the
// browser's own relay client (app/live) run natively, over the same
// websockets and REST endpoints the pages use.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// apiCall sends a JSON request (body may be nil) and decodes a 2xx answer
// into out (which may be nil).
func apiCall(client *http.Client, method, url string, body, out any) error {
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			return err
		}
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		var p wire.Problem
		json.NewDecoder(resp.Body).Decode(&p)
		return fmt.Errorf("%s %s: %s: %s", method, url, resp.Status, p.Error)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// agentClient signs an agent in and returns an HTTP client that carries
// its session cookie, for the REST API and the agent websocket.
func agentClient(base, email string) (*http.Client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	if err := apiCall(c, "POST", base+"/api/signin", wire.SignIn{Email: email, Password: agentPassword}, nil); err != nil {
		return nil, err
	}
	return c, nil
}

// startChat starts an anonymous customer conversation, as /chat does.
func startChat(base string) (wire.ChatStarted, error) {
	var started wire.ChatStarted
	err := apiCall(http.DefaultClient, "POST", base+"/api/chat", nil, &started)
	return started, err
}

// pickConversation assigns a queued conversation to the agent of client.
func pickConversation(client *http.Client, base string, id int64) error {
	return apiCall(client, "POST", fmt.Sprintf("%s/api/conversations/%d/pick", base, id), nil, nil)
}

// peer is one person at the relay, a customer or an agent. It records what
// it sent, what the server acknowledged and every message it received, in
// the order received.
type peer struct {
	name   string
	sender string // wire.SenderCustomer or wire.SenderAgent
	client *live.Client
	net    *cutter
	// onMessage, when set, sees each new message as it arrives, on the
	// client's goroutine.
	onMessage func(conversation int64, m wire.Message)

	mu       sync.Mutex
	last     map[int64]int64          // conversation → highest seq received
	received map[int64][]wire.Message // conversation → messages in arrival order
	sent     map[int64][]string       // conversation → keys in the order sent
	acked    map[string]int64         // key → seq the server gave it
	problems []string                 // what this peer saw go wrong
	errors   int                      // error frames
	readies  int                      // connections that got as far as ready
	resent   int                      // messages still unacknowledged at a ready, so sent again
	// subscribed: agent conversations subscribed to on this connection.
	subscribed int
}

func newPeer(name, sender string) *peer {
	return &peer{
		name:     name,
		sender:   sender,
		net:      &cutter{},
		last:     map[int64]int64{},
		received: map[int64][]wire.Message{},
		sent:     map[int64][]string{},
		acked:    map[string]int64{},
	}
}

// newCustomer is the customer of a started chat; each connection resumes
// after the last message it has.
func newCustomer(base, name string, chat wire.ChatStarted) *peer {
	p := newPeer(name, wire.SenderCustomer)
	id := chat.Conversation.ID
	p.client = &live.Client{
		URL:         wsURL(base, "/ws/chat"),
		DialOptions: &websocket.DialOptions{HTTPClient: p.net.client(nil)},
		Hello: func() wire.Hello {
			p.mu.Lock()
			defer p.mu.Unlock()
			return wire.Hello{Token: chat.Token, Since: p.last[id]}
		},
		OnEvent: p.event,
	}
	return p
}

// newAgent is a signed-in agent following its conversations; each
// connection subscribes to them again after the last message it has, as
// the workspace does.
func newAgent(base, name string, client *http.Client, conversations []int64) *peer {
	p := newPeer(name, wire.SenderAgent)
	p.client = &live.Client{
		URL:         wsURL(base, "/ws/agent"),
		DialOptions: &websocket.DialOptions{HTTPClient: p.net.client(client.Jar)},
		OnEvent:     p.event,
		OnState: func(s live.State) {
			if s == live.Connected {
				p.mu.Lock()
				connection := p.readies
				p.mu.Unlock()
				go p.subscribe(connection, conversations)
			}
		},
	}
	return p
}

// subscribeBurst is how many subscribes an agent sends at once; the rest
// follow at subscribeEvery, within the relay's limit of 40 frames at once
// and 20 a second, which answers must share.
const (
	subscribeBurst = 20
	subscribeEvery = 100 * time.Millisecond
)

// subscribe follows the conversations on the connection that was the
// peer's connection-th, and stops if another one has replaced it.
func (p *peer) subscribe(connection int, conversations []int64) {
	for i, id := range conversations {
		if i >= subscribeBurst {
			time.Sleep(subscribeEvery)
		}
		// Under p.mu, a ready of the next connection (recorded before that
		// connection can send) cannot slip in between the check and the
		// subscribe, so no conversation is subscribed twice on one.
		p.mu.Lock()
		if p.readies != connection {
			p.mu.Unlock()
			return
		}
		p.client.Subscribe(id, p.last[id])
		p.subscribed = i + 1
		p.mu.Unlock()
	}
}

func wsURL(base, path string) string {
	return "ws" + strings.TrimPrefix(base, "http") + path
}

// event records one frame from the server.
func (p *peer) event(e wire.Envelope) {
	if m, fresh := p.record(e); fresh && p.onMessage != nil {
		p.onMessage(e.Conversation, m)
	}
}

// record notes a frame; fresh reports a message not received before.
func (p *peer) record(e wire.Envelope) (m wire.Message, fresh bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Type {
	case wire.TypeReady:
		p.readies++
		p.subscribed = 0
		if p.readies > 1 {
			p.resent += len(p.client.Outbox())
		}
	case wire.TypeAck:
		var a wire.Ack
		if err := json.Unmarshal(e.Data, &a); err != nil {
			p.problem("undecodable ack: %v", err)
			break
		}
		if seq, ok := p.acked[a.Key]; ok && seq != a.Seq {
			p.problem("key %s acknowledged as seq %d, then as %d", a.Key, seq, a.Seq)
		}
		p.acked[a.Key] = a.Seq
	case wire.TypeError:
		p.errors++
		p.problem("error frame: %s", e.Data)
	case wire.TypeMessageCreated:
		if err := json.Unmarshal(e.Data, &m); err != nil {
			p.problem("undecodable message: %v", err)
			break
		}
		id := e.Conversation
		if m.Seq <= p.last[id] {
			p.problem("conversation %d: seq %d arrived after %d", id, m.Seq, p.last[id])
			break
		}
		p.last[id] = m.Seq
		p.received[id] = append(p.received[id], m)
		return m, true
	}
	return wire.Message{}, false
}

// problem records what went wrong; p.mu is held.
func (p *peer) problem(format string, args ...any) {
	if len(p.problems) < 20 {
		p.problems = append(p.problems, fmt.Sprintf(format, args...))
	}
}

// send queues a message; the client sends it now or after it reconnects.
func (p *peer) send(conversation int64, body string) {
	// Sends of one conversation come from one goroutine, so recording the
	// key after Send keeps them in the order sent.
	key := p.client.Send(conversation, body)
	p.mu.Lock()
	p.sent[conversation] = append(p.sent[conversation], key)
	p.mu.Unlock()
}

// caughtUp reports whether the peer has received conversation up to seq.
func (p *peer) caughtUp(conversation, seq int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last[conversation] >= seq
}

// cutter makes the connections of one peer, and cuts them when the test
// says so, as a flaky network does.
type cutter struct {
	mu    sync.Mutex
	conns []net.Conn
}

// client is an HTTP client that dials through the cutter, with cookies
// from jar (which may be nil).
func (c *cutter) client(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, Transport: &http.Transport{DialContext: c.dial}}
}

func (c *cutter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.conns = append(c.conns, conn)
	c.mu.Unlock()
	return conn, nil
}

// cut closes every connection made so far.
func (c *cutter) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, conn := range c.conns {
		conn.Close()
	}
	c.conns = nil
}

// replay reads a conversation's whole transcript from seq 0 over a fresh
// customer websocket, as a customer reopening the chat gets it.
func replay(ctx context.Context, base, token string) ([]wire.Message, error) {
	ws, _, err := websocket.Dial(ctx, wsURL(base, "/ws/chat"), nil)
	if err != nil {
		return nil, err
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)
	read := func() (wire.Envelope, error) {
		var e wire.Envelope
		_, b, err := ws.Read(ctx)
		if err == nil {
			err = json.Unmarshal(b, &e)
		}
		return e, err
	}
	hello, err := json.Marshal(wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: token}))
	if err != nil {
		return nil, err
	}
	if err := ws.Write(ctx, websocket.MessageText, hello); err != nil {
		return nil, err
	}
	e, err := read()
	if err != nil {
		return nil, err
	}
	var ready wire.Ready
	if err := json.Unmarshal(e.Data, &ready); err != nil || e.Type != wire.TypeReady || ready.Conversation == nil {
		return nil, fmt.Errorf("expected ready, got %s %s", e.Type, e.Data)
	}
	var msgs []wire.Message
	for int64(len(msgs)) < ready.Conversation.LastSeq {
		e, err := read()
		if err != nil {
			return nil, fmt.Errorf("after %d of %d messages: %w", len(msgs), ready.Conversation.LastSeq, err)
		}
		if e.Type != wire.TypeMessageCreated {
			continue
		}
		var m wire.Message
		if err := json.Unmarshal(e.Data, &m); err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
	}
	ws.Close(websocket.StatusNormalClosure, "")
	return msgs, nil
}
