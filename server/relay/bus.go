package relay

import (
	"sync"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/metrics"
)

// Bus fans events out to everyone subscribed to a topic. The in-process
// LocalBus is the embedded default; a NATS-backed Bus can replace it so that
// several switchboard processes serve one contact centre. Implementations must
// deliver the events of one topic in the order they were published and must
// never block the publisher on a slow subscriber (handlers only enqueue).
type Bus interface {
	Publish(topic string, e wire.Envelope)
	Subscribe(topic string, handle func(wire.Envelope)) (cancel func())
}

// Topics.
const (
	agentsTopic = "agents" // conversation list changes every agent sees
	adminsTopic = "admins" // what only admins list: colleagues' conversations
)

func conversationTopic(id int64) string { return "conversation:" + itoa(id) }

// sessionTopic carries the end of one sign-in session (store.SessionID) to
// the websockets opened with it.
func sessionTopic(id string) string { return "session:" + id }

// AgentTopic carries what is for one agent alone (offers, presence): every
// websocket of that agent subscribes to it, in whichever process it lives.
func AgentTopic(id int64) string { return "agent:" + itoa(id) }

// LocalBus delivers synchronously, in the publisher's goroutine.
type LocalBus struct {
	mu     sync.RWMutex
	next   int
	topics map[string]map[int]func(wire.Envelope)
}

// NewLocalBus returns an empty in-process bus.
func NewLocalBus() *LocalBus {
	return &LocalBus{topics: make(map[string]map[int]func(wire.Envelope))}
}

// Publish calls every handler of topic.
func (b *LocalBus) Publish(topic string, e wire.Envelope) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	handlers := b.topics[topic]
	if len(handlers) == 0 {
		return
	}
	start := time.Now()
	for _, h := range handlers {
		h(e)
	}
	metrics.Since(metrics.FanOut, start)
}

// Subscribe adds handle to topic until cancel is called.
func (b *LocalBus) Subscribe(topic string, handle func(wire.Envelope)) func() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	id := b.next
	if b.topics[topic] == nil {
		b.topics[topic] = make(map[int]func(wire.Envelope))
	}
	b.topics[topic][id] = handle
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.topics[topic], id)
		if len(b.topics[topic]) == 0 {
			delete(b.topics, topic)
		}
	}
}

// Healthy reports whether the relay's bus can carry events: always on the
// in-process one; a network bus says whether it is connected.
func (r *Relay) Healthy() error {
	if h, ok := r.bus.(interface{ Healthy() error }); ok {
		return h.Healthy()
	}
	return nil
}
