package relay

import (
	"cmp"
	"context"
	"slices"

	"github.com/coder/websocket"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// typeResync is a bus event that never reaches a client: the subscriber
// may have missed messages and must catch up from the store.
const typeResync = "internal.resync"

// Over a network bus a message can arrive after the one that followed it,
// or not at all. The store has them all, in order, so a subscription that
// sees a seq more than one past the last it queued holds live messages
// back (as during the replay of subscribe), fetches what is missing, then
// lets them through; whatever comes twice is dropped by seq.

// gapLocked reports whether e, for subscription s of conversation id, must
// wait for a catch-up, and starts one. c.mu is held.
func (c *conn) gapLocked(id int64, s *subscription, e wire.Envelope) bool {
	resync := e.Type == typeResync
	if s.replaying {
		// The replay under way ends with the store's latest; a message
		// waits in pending for it.
		return resync
	}
	if !resync && e.Seq <= s.last+1 {
		return false
	}
	s.replaying = true
	if e.Type != typeResync {
		s.pending = append(s.pending, e)
	}
	go c.catchUp(id, s)
	return true
}

// catchUp queues what the store has after s.last, then what waited.
func (c *conn) catchUp(id int64, s *subscription) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-c.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	c.mu.Lock()
	since := s.last
	c.mu.Unlock()
	for {
		msgs, err := c.relay.store.Messages(ctx, id, since, 500)
		if err != nil {
			if ctx.Err() == nil {
				c.relay.log.Warn("catch up after a gap", "conversation", id, "err", err)
				// The client resumes from its last seq when it reconnects.
				c.shutdown(websocket.StatusTryAgainLater, "reconnect and resume")
			}
			return
		}
		c.mu.Lock()
		if c.subs[id] != s {
			c.mu.Unlock()
			return // unsubscribed meanwhile
		}
		for _, m := range msgs {
			c.queueLocked(s, wire.Encode(wire.TypeMessageCreated, id, m.Seq, WireMessage(m)))
		}
		// What waits may be past a message committed after this read, or
		// behind one the bus lost meanwhile: then read again.
		if len(msgs) < 500 && !c.flushLocked(s) {
			s.replaying = false
			c.mu.Unlock()
			return
		}
		since = s.last
		c.mu.Unlock()
	}
}

// flushLocked queues the messages waiting in s.pending, in seq order, as
// far as they follow on from s.last without a gap, and reports whether a
// gap is left: a message waits behind one the bus lost or has yet to
// deliver, which the store has. c.mu is held.
func (c *conn) flushLocked(s *subscription) (gap bool) {
	slices.SortFunc(s.pending, func(a, b wire.Envelope) int { return cmp.Compare(a.Seq, b.Seq) })
	for i, e := range s.pending {
		if e.Seq > s.last+1 {
			s.pending = slices.Delete(s.pending, 0, i)
			return true
		}
		c.queueLocked(s, e)
	}
	s.pending = nil
	return false
}
