package routing

import (
	"slices"
	"sync"
	"time"
)

// OffsetClock is the real clock plus an offset that only Advance moves. It
// lets an end-to-end test make an offer run out, or a grace period end, at
// the moment it chooses rather than racing a short timeout against a slow
// machine (serve -test-clock). Timers fire in real time as usual, and early
// when an Advance brings their time.
type OffsetClock struct {
	mu     sync.Mutex
	offset time.Duration
	timers map[*offsetTimer]struct{}
}

type offsetTimer struct {
	c     *OffsetClock
	at    time.Time
	f     func()
	real  *time.Timer
	ended bool // fired or stopped
}

// NewOffsetClock returns a clock that reads the real time until advanced.
func NewOffsetClock() *OffsetClock {
	return &OffsetClock{timers: map[*offsetTimer]struct{}{}}
}

// Install makes r use the clock; call it before Start.
func (c *OffsetClock) Install(r *Router) {
	r.Now = c.Now
	r.AfterFunc = c.AfterFunc
}

// Now reads the clock.
func (c *OffsetClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// AfterFunc runs f once the clock has moved d on.
func (c *OffsetClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &offsetTimer{c: c, at: time.Now().Add(c.offset + d), f: f}
	c.timers[t] = struct{}{}
	t.real = time.AfterFunc(d, t.fire)
	return t
}

// Advance moves the clock d on and runs, in order and before it returns,
// every timer that falls due.
func (c *OffsetClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	now := time.Now().Add(c.offset)
	var due []*offsetTimer
	for t := range c.timers {
		if !t.at.After(now) {
			due = append(due, t)
		}
	}
	c.mu.Unlock()
	slices.SortFunc(due, func(a, b *offsetTimer) int { return a.at.Compare(b.at) })
	for _, t := range due {
		t.fire()
	}
}

func (t *offsetTimer) fire() {
	if t.end() {
		t.f()
	}
}

func (t *offsetTimer) Stop() bool { return t.end() }

// end marks the timer done and reports whether it was still pending.
func (t *offsetTimer) end() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if t.ended {
		return false
	}
	t.ended = true
	delete(t.c.timers, t)
	t.real.Stop()
	return true
}
