// Package relay moves messages between customers and agents: every message is
// stored first (which assigns its per-conversation sequence number) and only
// then fanned out over the Bus to each connection subscribed to it.
package relay

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/metrics"
	"github.com/switchboard-cx/switchboard/server/sentiment"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Relay serves websocket connections of agents and customers.
type Relay struct {
	store *store.Store
	bus   Bus
	log   *slog.Logger

	// QueueSize bounds what a connection may have waiting to be written; a
	// connection that falls this far behind is disconnected (it resumes from
	// its last seq), so one slow client never holds up anyone else.
	QueueSize int
	// Scorer, when set, scores customer messages for the conversation's
	// sentiment [M3].
	Scorer *sentiment.Scorer
	// WriteTimeout bounds every write to a client.
	WriteTimeout time.Duration
	// HelloTimeout bounds how long a new connection may stay anonymous.
	HelloTimeout time.Duration
	// PingEvery and PingTimeout notice a peer that went silent without
	// closing (its network vanished): every PingEvery the server pings, and
	// a pong missing after PingTimeout drops the connection, so routing
	// sees the agent or customer leave [P4, C7] within their sum.
	PingEvery, PingTimeout time.Duration
	// FramesPerSecond and Burst limit what one connection may send.
	FramesPerSecond float64
	Burst           int
	// Routing, when set, follows the websockets: agents coming and going,
	// customers writing.
	Routing Routing
	// Outbox, when set, carries agents' replies to customers who are not on
	// a websocket, such as SMS ones [M4].
	Outbox Outbox

	// sendLocks keeps store-then-publish of one conversation in seq order, so
	// subscribers see 1, 2, 3 and never 2 before 1.
	sendLocks [64]sync.Mutex
}

// Routing is what the routing package learns from the websockets.
// AgentConnected and AgentDisconnected are called once per agent
// connection, in pairs, from the connection's own goroutine; Presence tells
// what a new agent connection starts with; CustomerWrote follows each
// message a customer sent.
type Routing interface {
	Presence(agentID int64) wire.Presence
	AgentConnected(agentID int64)
	AgentDisconnected(agentID int64)
	CustomerWrote(m store.Message)
	// CustomerConnected and CustomerDisconnected are called once per
	// customer websocket that said hello, with its conversation [C7].
	CustomerConnected(conversationID int64)
	CustomerDisconnected(conversationID int64)
}

// Outbox delivers agents' replies to customers not on a websocket (SMS):
// the store queues each with its message, and Wake, which must return at
// once, says that one is waiting.
type Outbox interface {
	Wake()
}

// New returns a Relay with production defaults.
func New(st *store.Store, bus Bus, log *slog.Logger) *Relay {
	return &Relay{
		store:           st,
		bus:             bus,
		log:             log,
		QueueSize:       256,
		WriteTimeout:    10 * time.Second,
		HelloTimeout:    10 * time.Second,
		PingEvery:       10 * time.Second,
		PingTimeout:     20 * time.Second,
		FramesPerSecond: 20,
		Burst:           40,
	}
}

// ConversationChanged tells every agent, and the conversation's own
// subscribers, that its title, status or assignee changed. (A new message
// changes only the preview: Post tells fewer people, see previewChanged.)
//
// Agents who may not read it (it is a colleague's) get it without its last
// message: their list drops it, and they learn nothing of what was said.
// Its agent and the admins get the preview after that.
func (r *Relay) ConversationChanged(c store.Conversation) {
	w := WireConversation(c)
	e := wire.Encode(wire.TypeConversationUpdated, c.ID, 0, w)
	r.bus.Publish(conversationTopic(c.ID), e)
	if c.AgentID == 0 {
		r.bus.Publish(agentsTopic, e)
		return
	}
	w.LastMessage, w.RatingComment = "", ""
	r.bus.Publish(agentsTopic, wire.Encode(wire.TypeConversationUpdated, c.ID, 0, w))
	r.bus.Publish(AgentTopic(c.AgentID), e)
	r.bus.Publish(adminsTopic, e)
}

// ToAgents publishes an event to every agent's windows.
func (r *Relay) ToAgents(e wire.Envelope) {
	r.bus.Publish(agentsTopic, e)
}

// previewChanged tells who lists a conversation that a message changed
// its preview (and maybe its sentiment). A message never changes who the
// conversation is assigned to, so unlike ConversationChanged it need not
// reach every agent: a queued conversation is listed by all of them, an
// assigned one only by its agent and the admins. With hundreds of agents,
// telling all of them about every message would multiply the relay's work
// by the number of agents, and show them previews of colleagues' chats
// that their conversation list leaves out.
func (r *Relay) previewChanged(c store.Conversation) {
	e := wire.Encode(wire.TypeConversationUpdated, c.ID, 0, WireConversation(c))
	r.bus.Publish(conversationTopic(c.ID), e)
	if c.AgentID == 0 {
		r.bus.Publish(agentsTopic, e)
		return
	}
	r.bus.Publish(AgentTopic(c.AgentID), e)
	r.bus.Publish(adminsTopic, e)
}

// ToSupervisors publishes an event to the windows of every supervisor and
// administrator [T4].
func (r *Relay) ToSupervisors(e wire.Envelope) {
	r.bus.Publish(adminsTopic, e)
}

// ToAgent publishes an event to every window of one agent.
func (r *Relay) ToAgent(agentID int64, e wire.Envelope) {
	r.bus.Publish(AgentTopic(agentID), e)
}

// Assign runs change, a store call that assigns conversation id to an
// agent, and tells the conversation's subscribers before any later message
// of it: under the conversation's send lock, so no message stored after the
// assignment reaches an agent who lost the conversation with it.
func (r *Relay) Assign(id int64, change func() (store.Conversation, error)) (store.Conversation, error) {
	lock := &r.sendLocks[uint64(id)%uint64(len(r.sendLocks))]
	lock.Lock()
	defer lock.Unlock()
	c, err := change()
	if err != nil {
		return c, err
	}
	r.bus.Publish(conversationTopic(c.ID), wire.Encode(wire.TypeConversationUpdated, c.ID, 0, WireConversation(c)))
	return c, nil
}

// SessionEnded closes, in every process, the websockets of one sign-in
// session (store.SessionID), as soon as it is signed out.
func (r *Relay) SessionEnded(session string) {
	r.bus.Publish(sessionTopic(session), wire.Envelope{Type: typeSignInEnded})
}

// SignInsEnded closes, in every process, every websocket of an agent whose
// sign-ins ended: disabled, role changed, password reset.
func (r *Relay) SignInsEnded(agentID int64) {
	r.bus.Publish(AgentTopic(agentID), wire.Envelope{Type: typeSignInEnded})
}

// typeSignInEnded is a bus event that no client ever sees: the connections
// that hear it close with wire.CloseSignedOut.
const typeSignInEnded = "signin.ended"

// Post stores a message and fans it out. A resend with a key already stored
// returns the stored message and publishes nothing.
func (r *Relay) Post(ctx context.Context, m store.Message) (store.Message, error) {
	lock := &r.sendLocks[uint64(m.ConversationID)%uint64(len(r.sendLocks))]
	lock.Lock()
	defer lock.Unlock()
	stored, dup, err := r.store.AppendMessage(ctx, m)
	if err != nil {
		return store.Message{}, err
	}
	if dup {
		// Published again: the process that stored it may have died
		// between its commit and its publication, and subscribers drop
		// what they already have by seq.
		r.bus.Publish(conversationTopic(stored.ConversationID), wire.Encode(wire.TypeMessageCreated, stored.ConversationID, stored.Seq, WireMessage(stored)))
		return stored, nil
	}
	r.bus.Publish(conversationTopic(stored.ConversationID), wire.Encode(wire.TypeMessageCreated, stored.ConversationID, stored.Seq, WireMessage(stored)))
	if stored.Sender == wire.SenderCustomer && r.Scorer != nil {
		r.updateSentiment(ctx, stored)
	}
	c, err := r.store.Conversation(ctx, stored.ConversationID)
	if err != nil {
		r.log.Warn("reload conversation after message", "conversation", stored.ConversationID, "err", err)
	}
	// The store queued an SMS reply with the message; the Outbox is woken
	// to send it now (without the conversation, it is woken anyway).
	if stored.Sender == wire.SenderAgent && r.Outbox != nil && (err != nil || c.Channel == store.ChannelSMS) {
		r.Outbox.Wake()
	}
	if err == nil {
		r.previewChanged(c)
	}
	return stored, nil
}

// Serve runs one websocket connection until it closes. agent is nil for a
// customer, who must name a conversation by its token in the hello frame;
// an agent's session is the sign-in cookie's token, which the connection
// lives no longer than.
func (r *Relay) Serve(ctx context.Context, ws *websocket.Conn, agent *store.Agent, session string) {
	// Frames above the protocol limit are drained and refused, so a sender
	// gets an error and keeps its connection; twice the limit is cut.
	ws.SetReadLimit(2 * wire.MaxFrameBytes)
	c := &conn{
		relay:      r,
		ws:         ws,
		agent:      agent,
		session:    session,
		id:         rand.Text(),
		out:        make(chan wire.Envelope, r.QueueSize),
		done:       make(chan struct{}),
		writerDone: make(chan struct{}),
		subs:       make(map[int64]*subscription),
		consulting: make(map[int64]bool),
		limiter:    newLimiter(r.FramesPerSecond, r.Burst),
		// A client resending its backlog after a reconnect may run past the
		// rate for a moment; one that goes on past four bursts is cut.
		abuse: newLimiter(1, 4*r.Burst),
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	kind := "customer"
	if agent != nil {
		kind = "agent"
	}
	metrics.Sockets.WithLabelValues(kind).Inc()
	defer metrics.Sockets.WithLabelValues(kind).Dec()
	go c.writeLoop(ctx)
	go c.pingLoop(ctx)
	err := c.readLoop(ctx)
	if c.tracked {
		if c.agent != nil {
			r.Routing.AgentDisconnected(c.agent.ID)
		} else {
			r.Routing.CustomerDisconnected(c.customerConv)
		}
	}
	closed := func(reason string) { metrics.SocketCloses.WithLabelValues(kind, reason).Inc() }
	if c.signedOut.Load() {
		closed("signed_out")
		c.shutdown(wire.CloseSignedOut, "signed out")
		return
	}
	if errors.Is(err, errAbuse) {
		closed("abuse")
		r.log.Info("websocket closed: over its frame rate", "err", err)
		c.shutdown(websocket.StatusPolicyViolation, abuseReason)
		return
	}
	if ctx.Err() != nil {
		// The server is stopping: tell clients to come back.
		closed("restart")
		c.shutdown(websocket.StatusGoingAway, "server restarting")
		return
	}
	c.shutdown(websocket.StatusNormalClosure, "")
	if err != nil && !isClosing(err) {
		closed("error")
		r.log.Info("websocket closed", "err", err)
		return
	}
	closed("normal")
}

// MayRead says whether an agent may see a conversation: the queue and
// their own work; supervisors and admins everything [T4].
func MayRead(a store.Agent, c store.Conversation) bool {
	return mayReadAssigned(a, c.AgentID)
}

// mayReadAssigned is MayRead of a conversation assigned to assignee (0:
// queued).
func mayReadAssigned(a store.Agent, assignee int64) bool {
	return assignee == 0 || assignee == a.ID || a.Supervises()
}

// WireConversation converts a stored conversation for clients.
func WireConversation(c store.Conversation) wire.Conversation {
	visitor := 0
	if c.TitledByVisitor() {
		visitor = c.VisitorNumber
	}
	return wire.Conversation{
		Visitor:     visitor,
		ID:          c.ID,
		Title:       c.Title,
		Channel:     c.Channel,
		Status:      c.Status,
		Workstream:  c.WorkstreamName,
		ContactID:   c.ContactID,
		Mode:        c.Mode,
		AgentID:     c.AgentID,
		AgentName:   c.AgentName,
		LastSeq:     c.LastSeq,
		LastMessage: c.LastMessage,
		CreatedAt:   c.CreatedAt,
		UpdatedAt:   c.UpdatedAt,
		ClosedAt:    c.ClosedAt,

		Sentiment:      c.Sentiment,
		SentimentAlert: c.SentimentAlert,
		SentimentSeq:   c.SentimentSeq,
		GivenName:      c.GivenName,
		PreviousID:     c.PreviousID,

		Rating:        c.Rating,
		RatingComment: c.RatingComment,
		SurveyOff:     c.SurveyOff,
	}
}

// WireMessage converts a stored message for clients.
func WireMessage(m store.Message) wire.Message {
	return wire.Message{
		Conversation: m.ConversationID,
		Seq:          m.Seq,
		Sender:       m.Sender,
		SenderName:   m.SenderName,
		Body:         m.Body,
		Code:         m.Code,
		Args:         m.Args,
		Key:          m.Key,
		Internal:     m.Internal,
		Files:        WireFiles(m.Files),
		At:           m.CreatedAt,
	}
}

// WireFiles converts a message's stored files for clients.
func WireFiles(files []store.File) []wire.File {
	if len(files) == 0 {
		return nil
	}
	out := make([]wire.File, len(files))
	for i, f := range files {
		out[i] = wire.File{ID: f.ID, Name: f.Name, Type: f.Type, Size: f.Size, Width: f.Width, Height: f.Height,
			Thumb: f.ThumbType != "", URL: f.URL}
	}
	return out
}

// Refusal is an error that a client should see: Code its kind, TextCode
// and Args its words by their key in the catalog, which each page words in
// its reader's language [L3], Message those words in English.
type Refusal struct {
	Code, Message, TextCode string
	Args                    []string
}

// RefuseWith is a refusal of kind code, worded by the catalog's key.
func RefuseWith(code, key string, args ...string) *Refusal {
	as := make([]any, len(args))
	for i, a := range args {
		as[i] = a
	}
	return &Refusal{Code: code, Message: kit.T(key, as...), TextCode: key, Args: args}
}

func (e *Refusal) Error() string { return e.Code + ": " + e.Message }

// Refuse converts a store error into what a client is told.
func Refuse(err error) *Refusal {
	var v *store.ValidationError
	var t *store.TransitionError
	switch {
	case errors.As(err, &t):
		return RefuseWith(wire.ErrConflict, "error.transition", statusWords[t.From], t.Action)
	case errors.Is(err, store.ErrNotAssigned):
		return RefuseWith(wire.ErrUnauthorized, "error.conversation.notyours")
	case errors.Is(err, store.ErrOfferGone):
		return RefuseWith(wire.ErrConflict, "error.offer.gone")
	case errors.As(err, &v):
		if v.Field == "body" && v.Reason == wire.ReasonTooLong {
			return RefuseWith(wire.ErrTooLarge, "error.message.too_long", strconv.Itoa(wire.MaxMessageRunes))
		}
		return &Refusal{Code: wire.ErrBadRequest, Message: v.Error()}
	case errors.Is(err, store.ErrNotFound):
		return RefuseWith(wire.ErrNotFound, "error.no.conversation")
	case errors.Is(err, store.ErrEnded):
		return RefuseWith(wire.ErrClosed, "error.chat.ended")
	case errors.Is(err, store.ErrClosed):
		return RefuseWith(wire.ErrClosed, "error.conversation.closed")
	case errors.Is(err, store.ErrDuplicate):
		return RefuseWith(wire.ErrConflict, "error.conversation.picked")
	}
	var r *Refusal
	if errors.As(err, &r) {
		return r
	}
	return RefuseWith(wire.ErrInternal, "error.internal")
}

// statusWords names a conversation status in a sentence.
var statusWords = map[string]string{
	store.StatusOpen:    "waiting in the queue",
	store.StatusActive:  "active",
	store.StatusWaiting: "waiting for the customer",
	store.StatusWrapUp:  "in wrap-up",
	store.StatusClosed:  "closed",
}

func isClosing(err error) bool {
	if errors.Is(err, context.Canceled) {
		return true
	}
	switch websocket.CloseStatus(err) {
	case websocket.StatusNormalClosure, websocket.StatusGoingAway, websocket.StatusNoStatusRcvd:
		return true
	}
	return false
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
