// Package live is the browser's end of the relay: one websocket that
// reconnects with jittered back-off, resumes from the last sequence number and
// resends unacknowledged messages with their idempotency keys, so a flaky
// network loses nothing and duplicates nothing. It is plain Go over
// coder/websocket, which works natively too, so it is tested without a browser.
package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// State is the connection state shown to the person.
type State int

const (
	Connecting State = iota
	Connected
	Reconnecting
	Offline   // the server refused us for good (e.g. an invalid chat link)
	SignedOut // the agent's sign-in ended: sign in again, do not reconnect
)

// String names the state in logs; pages word it from the catalog.
func (s State) String() string {
	return [...]string{"connecting", "connected", "reconnecting", "offline", "signed out"}[s]
}

// Pending is a message typed but not yet acknowledged by the server.
type Pending struct {
	Conversation int64
	Key          string
	Body         string
	Internal     bool // an agent's internal note [T3]
}

// Client keeps one websocket alive. Set the fields, then call Run.
type Client struct {
	URL string
	// Hello builds the first frame of each connection. It runs on the
	// client's goroutine.
	Hello func() wire.Hello
	// OnEvent receives every frame from the server, in order. It runs on the
	// client's goroutine: hand it to the UI goroutine before touching state.
	OnEvent func(wire.Envelope)
	// OnState reports connection changes.
	OnState func(State)
	// Dial overrides how to connect (tests pass an HTTP client with cookies).
	DialOptions *websocket.DialOptions

	mu     sync.Mutex
	conn   *websocket.Conn
	outbox []Pending
	wake   chan struct{}
}

// MinBackoff and MaxBackoff bound the wait between reconnects.
var (
	MinBackoff = 250 * time.Millisecond
	MaxBackoff = 8 * time.Second
)

// Run connects and reconnects until ctx ends or the server refuses this
// client for good.
func (c *Client) Run(ctx context.Context) {
	backoff := MinBackoff
	for {
		connected, err := c.attempt(ctx)
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, errRefused) {
			c.state(Offline)
			return
		}
		if errors.Is(err, errSignedOut) || websocket.CloseStatus(err) == wire.CloseSignedOut {
			c.state(SignedOut)
			return
		}
		c.state(Reconnecting)
		if connected {
			backoff = MinBackoff
		}
		if errors.Is(err, errWoken) {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-c.wakeup():
		case <-time.After(jitter(backoff)):
		}
		backoff = min(backoff*2, MaxBackoff)
	}
}

// Wake says the page has just come back from being frozen or offline. Its
// socket may have died unseen: a frozen page is not told that the browser
// closed it, and a read on it may never return. So the connection is given
// up and a new one dialled at once, without waiting out the back-off.
func (c *Client) Wake() {
	select {
	case c.wakeup() <- struct{}{}:
	default:
	}
}

func (c *Client) wakeup() chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wake == nil {
		c.wake = make(chan struct{}, 1)
	}
	return c.wake
}

// attempt runs one connection until it ends or Wake gives it up. A session
// given up keeps its goroutine until its socket ends, if ever, but its
// context is cancelled, so it reports nothing more.
func (c *Client) attempt(ctx context.Context) (connected bool, err error) {
	wake := c.wakeup()
	select {
	case <-wake: // a wake before this attempt asks for nothing more
	default:
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		connected bool
		err       error
	}
	done := make(chan result, 1)
	go func() {
		connected, err := c.session(sctx)
		done <- result{connected, err}
	}()
	select {
	case r := <-done:
		return r.connected, r.err
	case <-wake:
		return false, errWoken
	}
}

var (
	errRefused   = errors.New("refused by server")
	errSignedOut = errors.New("sign-in ended")
	errWoken     = errors.New("given up on waking")
)

// session runs one connection; connected reports whether it got as far as ready.
func (c *Client) session(ctx context.Context) (connected bool, err error) {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	ws, _, err := websocket.Dial(dctx, c.URL, c.DialOptions)
	cancel()
	if err != nil {
		return false, err
	}
	// In a browser, closing waits for the socket's close event, which a
	// socket that died while the page was frozen may never send.
	defer func() { go ws.CloseNow() }()
	ws.SetReadLimit(1 << 20)
	var h wire.Hello
	if c.Hello != nil {
		h = c.Hello()
	}
	if err := write(ctx, ws, wire.Encode(wire.TypeHello, 0, 0, h)); err != nil {
		return false, err
	}
	e, err := read(ctx, ws)
	if err != nil {
		return false, err
	}
	if e.Type == wire.TypeError {
		if signedOut(e) {
			return false, errSignedOut
		}
		c.emit(e)
		return false, errRefused
	}
	if e.Type != wire.TypeReady {
		return false, errors.New("expected ready, got " + e.Type)
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	c.emit(e)

	// Resend what was never acknowledged: the
	// server stores each key once, so a message that did arrive before the
	// drop is acknowledged again rather than duplicated. Every write happens
	// under mu, so messages leave in the order they were typed.
	c.mu.Lock()
	err = c.resumeLocked(ctx, ws)
	if err == nil && ctx.Err() == nil {
		c.conn = ws
	}
	c.mu.Unlock()
	if err != nil {
		return true, err
	}
	defer func() {
		c.mu.Lock()
		if c.conn == ws {
			c.conn = nil
		}
		c.mu.Unlock()
	}()
	if ctx.Err() != nil {
		return true, ctx.Err()
	}
	c.state(Connected)
	for {
		e, err := read(ctx, ws)
		if err != nil {
			return true, err
		}
		if signedOut(e) {
			return true, errSignedOut
		}
		if e.Type == wire.TypeAck || e.Type == wire.TypeError {
			c.settle(e)
		}
		if ctx.Err() != nil { // given up on: its successor reports
			return true, ctx.Err()
		}
		c.emit(e)
	}
}

// signedOut says whether e is the server's last word to a connection whose
// sign-in ended.
func signedOut(e wire.Envelope) bool {
	if e.Type != wire.TypeError {
		return false
	}
	var v wire.Error
	return json.Unmarshal(e.Data, &v) == nil && v.Code == wire.ErrSignedOut
}

func (c *Client) resumeLocked(ctx context.Context, ws *websocket.Conn) error {
	for _, p := range c.outbox {
		if err := write(ctx, ws, sendFrame(p)); err != nil {
			return err
		}
	}
	return nil
}

// Send queues a message and sends it now if connected. The returned key
// identifies it in Pending, in the ack and in the stored message.
func (c *Client) Send(conversation int64, body string) string {
	return c.send(Pending{Conversation: conversation, Key: NewKey(), Body: body})
}

// SendNote queues an internal note [T3], like Send.
func (c *Client) SendNote(conversation int64, body string) string {
	return c.send(Pending{Conversation: conversation, Key: NewKey(), Body: body, Internal: true})
}

func (c *Client) send(p Pending) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.outbox = append(c.outbox, p)
	// A failed write also breaks the read loop; the reconnect resends.
	c.writeLocked(sendFrame(p))
	return p.Key
}

// Typing tells the other side that this person is typing [C2]. It is not
// queued: a typing signal that cannot go now is worthless later.
func (c *Client) Typing(conversation int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeLocked(wire.Encode(wire.TypeTyping, conversation, 0, nil))
}

// Subscribe asks for a conversation's messages after since, then live ones.
// Subscriptions end with the connection: renew them when OnState reports
// Connected.
func (c *Client) Subscribe(conversation, since int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeLocked(wire.Encode(wire.TypeSubscribe, conversation, 0, wire.Subscribe{Since: since}))
}

func (c *Client) writeLocked(e wire.Envelope) {
	if c.conn != nil {
		write(context.Background(), c.conn, e)
	}
}

// Outbox lists messages not yet acknowledged, oldest first.
func (c *Client) Outbox() []Pending {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Pending(nil), c.outbox...)
}

// settle drops an outbox entry once the server stored or refused it. A
// message refused only because the connection sent too much at once (say,
// a backlog after a reconnect) stays and goes again a moment later: what
// someone typed is never dropped for the server's being busy.
func (c *Client) settle(e wire.Envelope) {
	var v struct {
		Key  string `json:"key"`
		Code string `json:"code"`
	}
	if json.Unmarshal(e.Data, &v) != nil || v.Key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.outbox {
		if p.Key != v.Key {
			continue
		}
		if e.Type == wire.TypeError && v.Code == wire.ErrRateLimited {
			time.AfterFunc(jitter(retryAfter), func() { c.resend(p.Key) })
			return
		}
		c.outbox = append(c.outbox[:i], c.outbox[i+1:]...)
		return
	}
}

// retryAfter is how long a message refused for the rate waits to go again.
const retryAfter = 2 * time.Second

// resend sends an outbox entry again if it is still waiting.
func (c *Client) resend(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.outbox {
		if p.Key == key {
			c.writeLocked(sendFrame(p))
			return
		}
	}
}

func (c *Client) emit(e wire.Envelope) {
	if c.OnEvent != nil {
		c.OnEvent(e)
	}
}

func (c *Client) state(s State) {
	if c.OnState != nil {
		c.OnState(s)
	}
}

func sendFrame(p Pending) wire.Envelope {
	return wire.Encode(wire.TypeMessageSend, p.Conversation, 0, wire.MessageSend{Key: p.Key, Body: p.Body, Internal: p.Internal})
}

func write(ctx context.Context, ws *websocket.Conn, e wire.Envelope) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return ws.Write(ctx, websocket.MessageText, b)
}

func read(ctx context.Context, ws *websocket.Conn) (wire.Envelope, error) {
	_, b, err := ws.Read(ctx)
	if err != nil {
		return wire.Envelope{}, err
	}
	var e wire.Envelope
	err = json.Unmarshal(b, &e)
	return e, err
}

// NewKey returns a random idempotency key.
func NewKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// jitter spreads reconnects over [d/2, d) so a restarted server is not hit by
// every client at once.
func jitter(d time.Duration) time.Duration {
	return d/2 + mrand.N(d/2+1)
}
