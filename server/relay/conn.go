package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// conn is one websocket: a read loop (this goroutine handles requests in
// order) and a write loop draining a bounded queue.
type conn struct {
	relay   *Relay
	ws      *websocket.Conn
	agent   *store.Agent // nil for a customer
	limiter *limiter
	// id tells this connection's own typing events from others' when the
	// bus brings them back; random, so unique across processes too.
	id string

	customerConv int64 // the only conversation a customer may touch
	// tracked: the relay's Routing was told this agent or customer connected.
	// Only the Serve goroutine touches it.
	tracked bool

	out        chan wire.Envelope
	done       chan struct{} // closed by shutdown
	writerDone chan struct{} // closed when writeLoop returns
	closeOnce  sync.Once

	mu         sync.Mutex
	subs       map[int64]*subscription
	cancelFeed func()
}

// subscription tracks what one conversation's subscriber has been sent, so a
// replay and the live stream meet without a gap or a duplicate.
type subscription struct {
	last      int64 // highest seq queued
	replaying bool  // live messages wait in pending until the replay is queued
	pending   []wire.Envelope
	cancel    func()
}

// maxPending bounds live messages held back during one replay.
const maxPending = 1024

func (c *conn) readLoop(ctx context.Context) error {
	helloCtx, cancel := context.WithTimeout(ctx, c.relay.HelloTimeout)
	e, err := c.readFrame(helloCtx)
	cancel()
	if err != nil {
		if r := (*Refusal)(nil); errors.As(err, &r) {
			c.refuse(r, "")
		}
		return err
	}
	if e.Type != wire.TypeHello {
		c.refuse(&Refusal{wire.ErrBadRequest, "The first frame must be hello."}, "")
		return errors.New("no hello")
	}
	if err := c.hello(ctx, e); err != nil {
		var r *Refusal
		if errors.As(err, &r) {
			c.refuse(r, "")
		}
		return err
	}
	for {
		e, err := c.readFrame(ctx)
		if err != nil {
			var r *Refusal
			if !errors.As(err, &r) {
				return err
			}
			c.refuse(r, "")
			continue
		}
		if !c.limiter.allow(time.Now()) {
			c.refuse(&Refusal{wire.ErrRateLimited, "Too many messages at once. Slow down and try again."}, keyOf(e))
			continue
		}
		if err := c.handle(ctx, e); err != nil {
			c.refuse(Refuse(err), keyOf(e))
		}
	}
}

// readFrame reads one frame, refusing (without closing) frames that are too
// large or not JSON envelopes.
func (c *conn) readFrame(ctx context.Context) (wire.Envelope, error) {
	typ, r, err := c.ws.Reader(ctx)
	if err != nil {
		return wire.Envelope{}, err
	}
	b, err := io.ReadAll(io.LimitReader(r, wire.MaxFrameBytes+1))
	if err != nil {
		return wire.Envelope{}, err
	}
	if len(b) > wire.MaxFrameBytes {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return wire.Envelope{}, err
		}
		return wire.Envelope{}, &Refusal{wire.ErrTooLarge, fmt.Sprintf("Frame is too large: at most %d bytes.", wire.MaxFrameBytes)}
	}
	if typ != websocket.MessageText {
		return wire.Envelope{}, &Refusal{wire.ErrBadRequest, "Frames must be JSON text."}
	}
	return parseFrame(b)
}

// parseFrame decodes one client frame; anything but a JSON object with a
// type is refused with the words the client is shown.
func parseFrame(b []byte) (wire.Envelope, error) {
	var e wire.Envelope
	if err := json.Unmarshal(b, &e); err != nil || e.Type == "" {
		return wire.Envelope{}, &Refusal{wire.ErrBadRequest, "Malformed frame: expected a JSON object with a type."}
	}
	return e, nil
}

func (c *conn) hello(ctx context.Context, e wire.Envelope) error {
	var h wire.Hello
	if err := decode(e, &h); err != nil {
		return err
	}
	if c.agent != nil {
		a := wire.Agent{ID: c.agent.ID, Email: c.agent.Email, Name: c.agent.Name, Role: c.agent.Role}
		cancels := []func(){
			c.relay.bus.Subscribe(agentsTopic, c.deliver),
			c.relay.bus.Subscribe(AgentTopic(c.agent.ID), c.deliver),
		}
		if c.agent.Role == "admin" {
			cancels = append(cancels, c.relay.bus.Subscribe(adminsTopic, c.deliver))
		}
		c.mu.Lock()
		c.cancelFeed = func() {
			for _, cancel := range cancels {
				cancel()
			}
		}
		c.mu.Unlock()
		rt := c.relay.Routing
		if rt != nil {
			a.Presence = rt.Presence(c.agent.ID)
		}
		c.send(wire.Encode(wire.TypeReady, 0, 0, wire.Ready{Agent: &a}))
		// After ready, so the presence change and offers this connection
		// may bring arrive as events the client is listening for.
		if rt != nil {
			rt.AgentConnected(c.agent.ID)
			c.tracked = true
		}
		return nil
	}
	conv, err := c.relay.store.ConversationByToken(ctx, h.Token)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return &Refusal{wire.ErrUnauthorized, "This chat link is not valid. Start a new chat."}
		}
		return fmt.Errorf("customer hello: %w", err)
	}
	c.customerConv = conv.ID
	wc := WireConversation(conv)
	c.send(wire.Encode(wire.TypeReady, conv.ID, 0, wire.Ready{Conversation: &wc}))
	if rt := c.relay.Routing; rt != nil {
		rt.CustomerConnected(conv.ID)
		c.tracked = true
	}
	return c.subscribe(ctx, conv.ID, h.Since)
}

func (c *conn) handle(ctx context.Context, e wire.Envelope) error {
	switch e.Type {
	case wire.TypeSubscribe:
		var s wire.Subscribe
		if err := decode(e, &s); err != nil {
			return err
		}
		if err := c.mayRead(ctx, e.Conversation); err != nil {
			return err
		}
		return c.subscribe(ctx, e.Conversation, s.Since)
	case wire.TypeMessageSend:
		var s wire.MessageSend
		if err := decode(e, &s); err != nil {
			return err
		}
		return c.sendMessage(ctx, e.Conversation, s)
	case wire.TypeTyping:
		return c.typing(ctx, e.Conversation)
	case wire.TypeHello:
		return &Refusal{wire.ErrBadRequest, "Hello was already received."}
	}
	return &Refusal{wire.ErrUnknownType, fmt.Sprintf("Unknown message type %q.", truncate(e.Type, 40))}
}

// mayRead: customers read only their own conversation; agents read the
// queue and what is assigned to them.
func (c *conn) mayRead(ctx context.Context, id int64) error {
	if c.agent == nil {
		if id != c.customerConv {
			return &Refusal{wire.ErrUnauthorized, "You can only see your own conversation."}
		}
		return nil
	}
	conv, err := c.relay.store.Conversation(ctx, id)
	if err != nil {
		return err
	}
	if !MayRead(*c.agent, conv) {
		return &Refusal{wire.ErrUnauthorized, "This conversation is assigned to another agent."}
	}
	return nil
}

func (c *conn) sendMessage(ctx context.Context, id int64, s wire.MessageSend) error {
	if len(s.Key) == 0 || len(s.Key) > wire.MaxKeyLength {
		return &Refusal{wire.ErrBadRequest, fmt.Sprintf("Every message needs a key of 1 to %d characters.", wire.MaxKeyLength)}
	}
	if !utf8.ValidString(s.Body) {
		return &Refusal{wire.ErrBadRequest, "Message is not valid text."}
	}
	if c.agent == nil && id != c.customerConv {
		return &Refusal{wire.ErrUnauthorized, "You can only write in your own conversation."}
	}
	conv, err := c.relay.store.Conversation(ctx, id)
	if err != nil {
		return err
	}
	m := store.Message{ConversationID: id, Body: s.Body, Key: s.Key}
	if c.agent == nil {
		// The title, not the name at hello: an agent may have linked a
		// contact since, and the customer now goes by that name [S3].
		m.Sender, m.SenderName = wire.SenderCustomer, conv.Title
	} else {
		if conv.AgentID != c.agent.ID {
			return &Refusal{wire.ErrUnauthorized, "Pick this conversation before replying."}
		}
		m.Sender, m.SenderName, m.AgentID = wire.SenderAgent, c.agent.Name, c.agent.ID
	}
	stored, err := c.relay.Post(ctx, m)
	if err != nil {
		return err
	}
	if c.agent == nil && c.relay.Routing != nil {
		c.relay.Routing.CustomerWrote(stored)
	}
	c.send(wire.Encode(wire.TypeAck, id, stored.Seq, wire.Ack{Key: s.Key, Seq: stored.Seq}))
	return nil
}

// typingEvent is a typing envelope's data on the bus: Origin is stripped
// before delivery, and lets the sending connection skip its own.
type typingEvent struct {
	wire.Typing
	Origin string `json:"origin"`
}

// typing tells the other side that this connection's person is typing in
// a conversation [C2]: a customer in their own, an agent in one assigned to
// them. Nothing is stored and no seq is used; a missed signal is worthless.
func (c *conn) typing(ctx context.Context, id int64) error {
	if c.agent == nil && id != c.customerConv {
		return &Refusal{wire.ErrUnauthorized, "You can only write in your own conversation."}
	}
	conv, err := c.relay.store.Conversation(ctx, id)
	if err != nil {
		return err
	}
	if conv.Status == store.StatusClosed {
		return store.ErrClosed
	}
	t := wire.Typing{Sender: wire.SenderCustomer, Name: conv.Title}
	if c.agent != nil {
		if conv.AgentID != c.agent.ID {
			return &Refusal{wire.ErrUnauthorized, "Pick this conversation before replying."}
		}
		t = wire.Typing{Sender: wire.SenderAgent, Name: c.agent.Name}
	}
	c.relay.bus.Publish(conversationTopic(id), wire.Encode(wire.TypeTyping, id, 0, typingEvent{Typing: t, Origin: c.id}))
	return nil
}

// subscribe registers for live messages first, then replays what is stored
// after since; live messages arriving meanwhile wait and are deduplicated by
// seq, so nothing is missed and nothing is sent twice.
func (c *conn) subscribe(ctx context.Context, id, since int64) error {
	// The bus calls deliver under its own lock, and deliver takes c.mu, so
	// never call into the bus while holding c.mu.
	c.mu.Lock()
	s := c.subs[id]
	fresh := s == nil
	if fresh {
		s = &subscription{}
		c.subs[id] = s
	}
	s.last, s.replaying, s.pending = since, true, nil
	c.mu.Unlock()
	if fresh {
		cancel := c.relay.bus.Subscribe(conversationTopic(id), c.deliver)
		c.mu.Lock()
		s.cancel = cancel
		c.mu.Unlock()
	}

	const page = 500
	for {
		msgs, err := c.relay.store.Messages(ctx, id, since, page)
		if err != nil {
			return fmt.Errorf("replay conversation %d: %w", id, err)
		}
		for _, m := range msgs {
			c.mu.Lock()
			fresh := m.Seq > s.last
			if fresh {
				s.last = m.Seq
			}
			c.mu.Unlock()
			if !fresh {
				continue
			}
			select {
			case c.out <- wire.Encode(wire.TypeMessageCreated, id, m.Seq, WireMessage(m)):
			case <-c.done:
				return context.Canceled
			}
			since = m.Seq
		}
		if len(msgs) < page {
			break
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	s.replaying = false
	for _, e := range s.pending {
		c.queueLocked(s, e)
	}
	s.pending = nil
	return nil
}

// deliver is the Bus handler: it runs in the publisher's goroutine and only
// enqueues.
func (c *conn) deliver(e wire.Envelope) {
	if e.Type == wire.TypeTyping {
		var t typingEvent
		if json.Unmarshal(e.Data, &t) != nil || t.Origin == c.id {
			return // no one is told that they themselves are typing
		}
		e = wire.Encode(wire.TypeTyping, e.Conversation, 0, t.Typing)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.Type != wire.TypeMessageCreated && e.Type != typeResync {
		c.enqueue(e)
		return
	}
	s := c.subs[e.Conversation]
	if s == nil || c.gapLocked(e.Conversation, s, e) {
		return
	}
	if s.replaying {
		if len(s.pending) >= maxPending {
			go c.shutdown(websocket.StatusPolicyViolation, "too slow: reconnect and resume")
			return
		}
		s.pending = append(s.pending, e)
		return
	}
	c.queueLocked(s, e)
}

func (c *conn) queueLocked(s *subscription, e wire.Envelope) {
	if e.Seq <= s.last {
		return
	}
	s.last = e.Seq
	c.enqueue(e)
}

// enqueue never blocks: a client that cannot keep up is disconnected and
// resumes from its last seq when it reconnects.
func (c *conn) enqueue(e wire.Envelope) {
	select {
	case c.out <- e:
	case <-c.done:
	default:
		go c.shutdown(websocket.StatusPolicyViolation, "too slow: reconnect and resume")
	}
}

// send queues a reply to this connection's own request.
func (c *conn) send(e wire.Envelope) {
	select {
	case c.out <- e:
	case <-c.done:
	}
}

func (c *conn) refuse(r *Refusal, key string) {
	c.send(wire.Encode(wire.TypeError, 0, 0, wire.Error{Code: r.Code, Message: r.Message, Key: key}))
}

// writeLoop is the only writer while the connection is up. A failed write
// drops the socket, which ends the read loop and so the connection.
func (c *conn) writeLoop(ctx context.Context) {
	defer close(c.writerDone)
	for {
		select {
		case e := <-c.out:
			wctx, cancel := context.WithTimeout(ctx, c.relay.WriteTimeout)
			err := wsjson.Write(wctx, c.ws, e)
			cancel()
			if err != nil {
				c.ws.CloseNow()
				return
			}
		case <-c.done:
			return
		}
	}
}

// shutdown unsubscribes everything and closes the socket once. A normal
// close first writes what is still queued, such as the refusal that
// explains why the server is closing.
func (c *conn) shutdown(code websocket.StatusCode, reason string) {
	c.closeOnce.Do(func() {
		close(c.done)
		c.mu.Lock()
		cancels := []func(){c.cancelFeed}
		for _, s := range c.subs {
			cancels = append(cancels, s.cancel)
		}
		c.mu.Unlock()
		for _, cancel := range cancels {
			if cancel != nil {
				cancel()
			}
		}
		<-c.writerDone
		if code == websocket.StatusNormalClosure {
			c.flush()
		}
		c.ws.Close(code, reason)
	})
}

// flush writes what is already queued (say, the error that explains why the
// server is closing) before a normal close.
func (c *conn) flush() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for {
		select {
		case e := <-c.out:
			if wsjson.Write(ctx, c.ws, e) != nil {
				return
			}
		default:
			return
		}
	}
}

func decode(e wire.Envelope, v any) error {
	if len(e.Data) == 0 {
		return nil
	}
	if err := json.Unmarshal(e.Data, v); err != nil {
		return &Refusal{wire.ErrBadRequest, fmt.Sprintf("Malformed %s data.", truncate(e.Type, 40))}
	}
	return nil
}

func keyOf(e wire.Envelope) string {
	if e.Type != wire.TypeMessageSend {
		return ""
	}
	var s wire.MessageSend
	if json.Unmarshal(e.Data, &s) != nil || len(s.Key) > wire.MaxKeyLength {
		return ""
	}
	return s.Key
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// limiter is a token bucket: Burst frames at once, then FramesPerSecond.
type limiter struct {
	rate, tokens, burst float64
	last                time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, tokens: float64(burst), burst: float64(burst)}
}

func (l *limiter) allow(now time.Time) bool {
	if !l.last.IsZero() {
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	}
	l.last = now
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}
