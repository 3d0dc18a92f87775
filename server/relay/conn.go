package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// conn is one websocket: a read loop (this goroutine handles requests in
// order) and a write loop draining a bounded queue.
type conn struct {
	relay   *Relay
	ws      *websocket.Conn
	agent   *store.Agent // nil for a customer; as of hello
	session string       // an agent's sign-in token
	// signedOut: the agent's sign-in ended. Set by the bus, so checking it
	// before each frame authorizes the frame against current state without
	// a database read.
	signedOut atomic.Bool
	limiter   *limiter
	abuse     *limiter // how far past its rate a connection may go
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
	// consulting: conversations this agent reads as a consultant [T2],
	// not as their agent; the right ends with the consult.
	consulting map[int64]bool
}

// subscription tracks what one conversation's subscriber has been sent, so a
// replay and the live stream meet without a gap or a duplicate.
type subscription struct {
	last      int64 // highest seq queued
	replaying bool  // live messages wait in pending until the replay is queued
	revoked   bool  // the agent may no longer read it; it is out of subs
	pending   []wire.Envelope
	holding   bool // other events wait in held until the connection's ready is queued
	held      []wire.Envelope
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
		c.refuse(RefuseWith(wire.ErrBadRequest, "error.frame.hello"), "")
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
		if c.signedOut.Load() {
			return errSignedOut
		}
		var r *Refusal
		if err != nil && !errors.As(err, &r) {
			return err
		}
		// Every frame counts against the rate, malformed ones too.
		if now := time.Now(); !c.limiter.allow(now) {
			if !c.abuse.allow(now) {
				return errAbuse
			}
			c.refuse(RefuseWith(wire.ErrRateLimited, "error.rate"), keyOf(e))
			continue
		}
		if r != nil {
			c.refuse(r, "")
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
		return wire.Envelope{}, RefuseWith(wire.ErrTooLarge, "error.frame.too_large", strconv.Itoa(wire.MaxFrameBytes))
	}
	if typ != websocket.MessageText {
		return wire.Envelope{}, RefuseWith(wire.ErrBadRequest, "error.frame.json")
	}
	return parseFrame(b)
}

// parseFrame decodes one client frame; anything but a JSON object with a
// type is refused with the words the client is shown.
func parseFrame(b []byte) (wire.Envelope, error) {
	var e wire.Envelope
	if err := json.Unmarshal(b, &e); err != nil || e.Type == "" {
		return wire.Envelope{}, RefuseWith(wire.ErrBadRequest, "error.frame.malformed")
	}
	return e, nil
}

// errAbuse ends a connection that kept sending over its rate after being
// refused for it.
var errAbuse = errors.New("over the frame rate again and again")

// abuseReason is the close reason of a connection ended for errAbuse.
const abuseReason = "too many frames"

// errSignedOut ends the connection of an agent whose sign-in ended.
var errSignedOut = errors.New("sign-in ended")

func (c *conn) hello(ctx context.Context, e wire.Envelope) error {
	var h wire.Hello
	if err := decode(e, &h); err != nil {
		return err
	}
	if c.agent != nil {
		return c.agentHello(ctx, h.Watch)
	}
	conv, err := c.relay.store.ConversationByToken(ctx, h.Token)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return RefuseWith(wire.ErrUnauthorized, "error.chat.link")
		}
		return fmt.Errorf("customer hello: %w", err)
	}
	c.customerConv = conv.ID
	if rt := c.relay.Routing; rt != nil {
		rt.CustomerConnected(conv.ID)
		c.tracked = true
	}
	return c.subscribe(ctx, conv.ID, h.Since, func(ctx context.Context) (wire.Envelope, error) {
		// Read again: the live subscription now holds every later change.
		conv, err := c.relay.store.Conversation(ctx, conv.ID)
		if err != nil {
			return wire.Envelope{}, fmt.Errorf("customer hello: %w", err)
		}
		wc := WireConversation(conv)
		return wire.Encode(wire.TypeReady, conv.ID, 0, wire.Ready{Conversation: &wc}), nil
	})
}

// agentHello starts an agent's connection: it listens for the end of the
// sign-in first, then reads the sign-in once more, which catches an end
// that came before and the agent's role as it is now. A watching
// connection is not the agent taking work: routing is not told of it.
func (c *conn) agentHello(ctx context.Context, watch bool) error {
	ended := []func(){
		c.relay.bus.Subscribe(AgentTopic(c.agent.ID), c.deliver),
		c.relay.bus.Subscribe(sessionTopic(store.SessionID(c.session)), c.deliver),
	}
	c.setFeed(ended)
	a, err := c.relay.store.AgentBySession(ctx, c.session)
	if errors.Is(err, store.ErrNotFound) {
		c.signedOut.Store(true)
		return errSignedOut
	}
	if err != nil {
		return fmt.Errorf("agent hello: %w", err)
	}
	c.agent = &a
	feeds := append(ended, c.relay.bus.Subscribe(agentsTopic, c.deliver))
	if a.Supervises() {
		feeds = append(feeds, c.relay.bus.Subscribe(adminsTopic, c.deliver))
	}
	c.setFeed(feeds)
	w := wire.Agent{ID: a.ID, Email: a.Email, Name: a.Name, Role: a.Role}
	rt := c.relay.Routing
	if rt != nil {
		w.Presence = rt.Presence(a.ID)
	}
	c.send(wire.Encode(wire.TypeReady, 0, 0, wire.Ready{Agent: &w}))
	// After ready, so the presence change and offers this connection
	// may bring arrive as events the client is listening for.
	if rt != nil && !watch {
		rt.AgentConnected(a.ID)
		c.tracked = true
	}
	return nil
}

// setFeed records the bus subscriptions that shutdown cancels.
func (c *conn) setFeed(cancels []func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancelFeed = func() {
		for _, cancel := range cancels {
			cancel()
		}
	}
}

func (c *conn) handle(ctx context.Context, e wire.Envelope) error {
	switch e.Type {
	case wire.TypeSubscribe:
		var s wire.Subscribe
		if err := decode(e, &s); err != nil {
			return err
		}
		if c.agent == nil && e.Conversation != c.customerConv {
			return RefuseWith(wire.ErrUnauthorized, "error.conversation.own.read")
		}
		return c.subscribe(ctx, e.Conversation, s.Since, nil)
	case wire.TypeMessageSend:
		var s wire.MessageSend
		if err := decode(e, &s); err != nil {
			return err
		}
		return c.sendMessage(ctx, e.Conversation, s)
	case wire.TypeTyping:
		return c.typing(ctx, e.Conversation)
	case wire.TypeHello:
		return RefuseWith(wire.ErrBadRequest, "error.frame.hello.again")
	}
	return RefuseWith(wire.ErrUnknownType, "error.frame.type", strconv.Quote(truncate(e.Type, 40)))
}

// mayRead: agents read the queue and what is assigned to them (a customer
// reads only their own conversation, checked before it is subscribed).
func (c *conn) mayRead(ctx context.Context, id int64) error {
	if c.agent == nil {
		return nil
	}
	conv, err := c.relay.store.Conversation(ctx, id)
	if err != nil {
		return err
	}
	if MayRead(*c.agent, conv) {
		return nil
	}
	if k, err := c.relay.store.ConsultOf(ctx, id); err == nil && k.Active && k.AgentID == c.agent.ID {
		c.mu.Lock()
		c.consulting[id] = true
		c.mu.Unlock()
		return nil
	}
	return RefuseWith(wire.ErrUnauthorized, "error.conversation.others")
}

func (c *conn) sendMessage(ctx context.Context, id int64, s wire.MessageSend) error {
	if len(s.Key) == 0 || len(s.Key) > wire.MaxKeyLength {
		return RefuseWith(wire.ErrBadRequest, "error.message.key", strconv.Itoa(wire.MaxKeyLength))
	}
	if !utf8.ValidString(s.Body) {
		return RefuseWith(wire.ErrBadRequest, "error.message.text")
	}
	if c.agent == nil && id != c.customerConv {
		return RefuseWith(wire.ErrUnauthorized, "error.conversation.own.write")
	}
	conv, err := c.relay.store.Conversation(ctx, id)
	if err != nil {
		return err
	}
	m := store.Message{ConversationID: id, Body: s.Body, Key: s.Key, Internal: s.Internal}
	if c.agent == nil {
		if s.Internal {
			return RefuseWith(wire.ErrUnauthorized, "error.notes.agents")
		}
		// The title, not the name at hello: an agent may have linked a
		// contact since, and the customer now goes by that name [S3].
		m.Sender, m.SenderName = wire.SenderCustomer, conv.Title
	} else {
		if conv.AgentID != c.agent.ID {
			return RefuseWith(wire.ErrUnauthorized, "error.conversation.pick")
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
		return RefuseWith(wire.ErrUnauthorized, "error.conversation.own.write")
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
			return RefuseWith(wire.ErrUnauthorized, "error.conversation.pick")
		}
		t = wire.Typing{Sender: wire.SenderAgent, Name: c.agent.Name}
	}
	c.relay.bus.Publish(conversationTopic(id), wire.Encode(wire.TypeTyping, id, 0, typingEvent{Typing: t, Origin: c.id}))
	return nil
}

// subscribe registers for live messages first, then replays what is stored
// after since; live messages arriving meanwhile wait and are deduplicated by
// seq, so nothing is missed and nothing is sent twice.
//
// ready, when given, makes the frame that goes first: it is queued once the
// live subscription is registered, and what the subscription got before it
// waits behind it. A customer's ready so promises that everything published
// after it reaches them, typing included, which no replay brings back.
func (c *conn) subscribe(ctx context.Context, id, since int64, ready func(context.Context) (wire.Envelope, error)) error {
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
	s.holding = ready != nil
	c.mu.Unlock()
	if fresh {
		cancel := c.relay.bus.Subscribe(conversationTopic(id), func(e wire.Envelope) { c.deliverConversation(id, e) })
		c.mu.Lock()
		s.cancel = cancel
		revoked := s.revoked
		c.mu.Unlock()
		if revoked {
			cancel()
			return RefuseWith(wire.ErrUnauthorized, "error.conversation.others")
		}
	}
	if ready != nil {
		first, err := ready(ctx)
		if err != nil {
			c.unsubscribe(id, s)
			return err
		}
		c.mu.Lock()
		c.enqueue(first)
		for _, e := range s.held {
			c.enqueue(e)
		}
		s.holding, s.held = false, nil
		c.mu.Unlock()
	}

	const page = 500
	for {
		msgs, err := c.relay.store.Messages(ctx, id, since, page)
		if err != nil {
			return fmt.Errorf("replay conversation %d: %w", id, err)
		}
		// Read after the page and after the bus subscription: a change of
		// assignee since either reaches this connection as an event and
		// revokes the subscription, so nothing is replayed that the agent
		// may not read now.
		if err := c.mayRead(ctx, id); err != nil {
			c.unsubscribe(id, s)
			return err
		}
		for _, m := range msgs {
			c.mu.Lock()
			if s.revoked {
				c.mu.Unlock()
				return nil
			}
			fresh := m.Seq > s.last
			if fresh {
				s.last = m.Seq
			}
			c.mu.Unlock()
			since = m.Seq
			if !fresh || c.hides(m.Internal) {
				continue
			}
			select {
			case c.out <- wire.Encode(wire.TypeMessageCreated, id, m.Seq, WireMessage(m)):
			case <-c.done:
				return context.Canceled
			}
		}
		if len(msgs) < page {
			break
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flushLocked(s) {
		// A live message came during the replay past one the bus lost:
		// the store has it, and the subscription waits for it.
		go c.catchUp(id, s)
		return nil
	}
	s.replaying = false
	return nil
}

// unsubscribe ends subscription s to conversation id, if it still is one.
func (c *conn) unsubscribe(id int64, s *subscription) {
	c.mu.Lock()
	cancel := c.revokeLocked(id, s)
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// revokeLocked takes s out of the subscriptions and returns its bus
// cancel, for the caller to call without c.mu (nil when already done, or
// not yet subscribed: subscribe then cancels it).
func (c *conn) revokeLocked(id int64, s *subscription) func() {
	if s.revoked {
		return nil
	}
	s.revoked, s.pending = true, nil
	if c.subs[id] == s {
		delete(c.subs, id)
	}
	return s.cancel
}

// deliver is the Bus handler of the agent's feeds (everything but a
// conversation's own topic): it runs in the publisher's goroutine and only
// enqueues.
func (c *conn) deliver(e wire.Envelope) {
	if e.Type == typeSignInEnded {
		c.signedOut.Store(true)
		go c.shutdown(wire.CloseSignedOut, "signed out")
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.Type == wire.TypeConsultEnded && c.consulting[e.Conversation] {
		// The consultant's reading right ends with the consult.
		delete(c.consulting, e.Conversation)
		if s := c.subs[e.Conversation]; s != nil {
			if cancel := c.revokeLocked(e.Conversation, s); cancel != nil {
				go cancel() // the bus is calling us under its own lock
			}
			c.enqueue(wire.Encode(wire.TypeConversationRevoked, e.Conversation, 0, nil))
		}
	}
	c.enqueue(e)
}

// deliverConversation is the Bus handler of conversation id's topic. Every
// change of assignee comes through it, in order with the conversation's
// messages (see Relay.Assign), so an agent who may no longer read the
// conversation gets nothing of it after the change: the subscription ends
// and the client is told so.
func (c *conn) deliverConversation(id int64, e wire.Envelope) {
	if e.Type == wire.TypeTyping {
		var t typingEvent
		if json.Unmarshal(e.Data, &t) != nil || t.Origin == c.id {
			return // no one is told that they themselves are typing
		}
		e = wire.Encode(wire.TypeTyping, e.Conversation, 0, t.Typing)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.subs[id]
	if s == nil {
		return
	}
	if e.Type == wire.TypeConversationUpdated && c.agent != nil {
		var a struct {
			AgentID int64 `json:"agentId"`
		}
		if json.Unmarshal(e.Data, &a) != nil || !mayReadAssigned(*c.agent, a.AgentID) && !c.consulting[id] {
			if cancel := c.revokeLocked(id, s); cancel != nil {
				go cancel() // the bus is calling us under its own lock
			}
			c.enqueue(wire.Encode(wire.TypeConversationRevoked, id, 0, nil))
			return
		}
	}
	if e.Type != wire.TypeMessageCreated && e.Type != typeResync {
		if s.holding {
			s.held = append(s.held, e) // a few at most: ready is one read away
			return
		}
		c.enqueue(e)
		return
	}
	if c.gapLocked(id, s, e) {
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
	if c.agent == nil && e.Type == wire.TypeMessageCreated && internal(e) {
		return // its seq counts as seen, so it leaves no gap to fill
	}
	c.enqueue(e)
}

// hides says whether this connection must never receive a message: an
// internal note, on a customer's connection [T3]. Every path of a message
// to a customer (the live stream, the replay after hello, the catch-up
// after a gap) passes here or through queueLocked.
func (c *conn) hides(internal bool) bool { return internal && c.agent == nil }

// internal reads whether a message.created envelope is an internal note;
// one that cannot be read is treated as one.
func internal(e wire.Envelope) bool {
	var m struct {
		Internal bool `json:"internal"`
	}
	return json.Unmarshal(e.Data, &m) != nil || m.Internal
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
	c.send(wire.Encode(wire.TypeError, 0, 0, wire.Error{Code: r.Code, Message: r.Message, Key: key, TextCode: r.TextCode, Args: r.Args}))
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

// pingLoop pings the peer until the connection ends; a peer that does not
// answer in time is dropped at once, as if it had closed. Browsers answer
// pings by themselves. The read loop reads the pongs.
func (c *conn) pingLoop(ctx context.Context) {
	t := time.NewTicker(c.relay.PingEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		case <-c.done:
			return
		}
		pctx, cancel := context.WithTimeout(ctx, c.relay.PingTimeout)
		err := c.ws.Ping(pctx)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				c.ws.CloseNow()
			}
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
		switch {
		case code == websocket.StatusNormalClosure, reason == abuseReason:
			// What is queued explains the close, such as the refusals
			// that came before a flood was cut.
			c.flush()
		case code == wire.CloseSignedOut:
			// Only this: whatever else is queued is no longer theirs.
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			wsjson.Write(ctx, c.ws, wire.Encode(wire.TypeError, 0, 0, wire.Error{Code: wire.ErrSignedOut, Message: kit.T("error.signedout"), TextCode: "error.signedout"}))
			cancel()
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
		return RefuseWith(wire.ErrBadRequest, "error.frame.data", truncate(e.Type, 40))
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
