package routing

import (
	"context"
	"time"

	"github.com/switchboard-cx/switchboard/server/store"
)

// Business hours [X3]: route offers nothing in a workstream outside its
// hours. What waits there stays queued, in Open work items, where an agent
// still at work may Pick it; the queue is routed again when the
// workstream opens. Offers already made and conversations already taken
// run their course: closing time never takes a customer from an agent.

// closedNow says whether ws takes no offers at now, and arms the routing
// of the queue at its next opening when so.
func (r *Router) closedNow(ws store.Workstream, now time.Time) bool {
	if ws.Hours.Open(now) {
		return false
	}
	if next, ok := ws.Hours.NextOpen(now); ok {
		r.armOpening(next, now)
	}
	return true
}

// armOpening routes the queue at the instant at, unless an earlier
// opening is armed already. One timer serves every workstream: when it
// fires, route arms the next one.
func (r *Router) armOpening(at, now time.Time) {
	if r.passive || r.stopped {
		return
	}
	if r.opening != nil && r.openingAt.After(now) && !r.openingAt.After(at) {
		return
	}
	if r.opening != nil {
		r.opening.t.Stop()
	}
	t := &timer{}
	r.opening, r.openingAt = t, at
	t.t = r.AfterFunc(at.Sub(now), func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.opening != t {
			return // replaced by an earlier opening, or stopped
		}
		r.opening = nil
		// A timer that fired a hair early finds the workstream still
		// closed, and route arms it again for the right instant.
		r.route(context.Background())
	})
}
