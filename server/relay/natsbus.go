package relay

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// NATSBus is the Bus of several switchboard processes [O2]: events go out
// through a NATS server and come back to every process that subscribed to
// their topic, this one included, so each process's subscribers see the
// same events in the order NATS carries them. A process subscribes to a
// topic on NATS once, whatever the number of its local subscribers.
//
// NATS forgets what it could not deliver. Messages are stored before they
// are published, so a connection that sees a seq gap fetches the missing
// ones from the store (gap.go); after NATS itself was unreachable, every
// subscriber of a conversation is told to catch up from the store (Resync),
// since the gap might not show until the next message.
type NATSBus struct {
	nc    *nats.Conn
	local *LocalBus
	log   *slog.Logger

	mu   sync.Mutex
	subs map[string]*natsTopic
}

type natsTopic struct {
	sub   *nats.Subscription
	count int
}

// subjectPrefix keeps switchboard's subjects apart from anything else on
// the same NATS server.
const subjectPrefix = "switchboard."

// DialNATS connects to the NATS server at url, retrying for ever when it
// goes away (nats.go resubscribes by itself when it is back).
func DialNATS(url string, log *slog.Logger) (*NATSBus, error) {
	b := &NATSBus{local: NewLocalBus(), log: log, subs: map[string]*natsTopic{}}
	nc, err := nats.Connect(url,
		nats.Name("switchboard"),
		nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(false),
		// No buffering while disconnected: a publication then fails at
		// once, and the subscribers' catch-up from the store (resync) is
		// the one way back, whichever process reconnects first.
		nats.ReconnectBufSize(-1),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { log.Warn("NATS disconnected", "err", err) }),
		nats.ReconnectHandler(func(*nats.Conn) {
			log.Info("NATS reconnected")
			b.resync()
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS: %w", err)
	}
	b.nc = nc
	return b, nil
}

// Healthy is nil while the connection to NATS is up.
func (b *NATSBus) Healthy() error {
	if s := b.nc.Status(); s != nats.CONNECTED {
		return fmt.Errorf("NATS connection %s", s)
	}
	return nil
}

// Close drains the connection: what was published is sent first.
func (b *NATSBus) Close() error { return b.nc.Drain() }

// Publish sends e to every process; an error (NATS unreachable) is logged,
// and subscribers catch up from the store.
func (b *NATSBus) Publish(topic string, e wire.Envelope) {
	data, err := json.Marshal(e)
	if err == nil {
		err = b.nc.Publish(subjectPrefix+topic, data)
	}
	if err != nil {
		b.log.Warn("publish to NATS", "topic", topic, "err", err)
	}
}

// Subscribe adds handle to topic until cancel is called. Handlers of a
// topic run one event at a time, in order, on the topic's NATS goroutine.
func (b *NATSBus) Subscribe(topic string, handle func(wire.Envelope)) func() {
	b.mu.Lock()
	defer b.mu.Unlock()
	cancel := b.local.Subscribe(topic, handle)
	t := b.subs[topic]
	if t == nil {
		t = &natsTopic{}
		sub, err := b.nc.Subscribe(subjectPrefix+topic, func(m *nats.Msg) {
			var e wire.Envelope
			if err := json.Unmarshal(m.Data, &e); err != nil {
				b.log.Warn("bad event from NATS", "topic", topic, "err", err)
				return
			}
			b.local.Publish(topic, e)
		})
		if err != nil {
			b.log.Warn("subscribe to NATS", "topic", topic, "err", err)
		} else {
			// A busy conversation must not be cut off by the client's
			// default limits: handlers only enqueue.
			sub.SetPendingLimits(-1, -1)
			// Return only once the server has the subscription: the caller
			// then reads the store, and whatever is committed after that
			// read must reach it (subscribe in conn.go).
			if err := b.nc.FlushTimeout(10 * time.Second); err != nil {
				b.log.Warn("subscribe to NATS", "topic", topic, "err", err)
			}
		}
		t.sub = sub
		b.subs[topic] = t
	}
	t.count++
	return func() {
		cancel()
		b.mu.Lock()
		defer b.mu.Unlock()
		if t.count--; t.count == 0 {
			if t.sub != nil {
				t.sub.Unsubscribe()
			}
			delete(b.subs, topic)
		}
	}
}

// resync tells every local subscriber of a conversation to fetch from the
// store what it may have missed while NATS was away.
func (b *NATSBus) resync() {
	b.mu.Lock()
	topics := make([]string, 0, len(b.subs))
	for topic := range b.subs {
		topics = append(topics, topic)
	}
	b.mu.Unlock()
	for _, topic := range topics {
		if id, err := strconv.ParseInt(strings.TrimPrefix(topic, "conversation:"), 10, 64); err == nil {
			b.local.Publish(topic, wire.Envelope{Type: typeResync, Conversation: id})
		}
	}
}
