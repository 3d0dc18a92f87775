package workspace

import (
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// OfferGrace is how long after its deadline an offer stays on screen. The
// server withdraws expired offers; this only hides one whose withdrawal is
// late.
const OfferGrace = 5 * time.Second

// Offer is an incoming conversation as this window shows it [S9].
type Offer struct {
	wire.Offer
	// Deadline is when it runs out by this browser's clock, from the time
	// the offer had left when it arrived: the two clocks need not agree.
	Deadline time.Time
	// Reported says the server was told this window shows it.
	Reported bool
}

// Offers are the pending offers of one window, oldest first. Only the
// oldest is on screen.
type Offers struct {
	list []Offer
}

// Add records an offer that arrived at now; it reports whether it is new.
// The same conversation offered again (with the customer's latest words)
// replaces it in place, and what was told to the server still holds.
func (o *Offers) Add(x wire.Offer, now time.Time) bool {
	in := Offer{Offer: x, Deadline: now.Add(time.Duration(x.LeftMs) * time.Millisecond)}
	for i := range o.list {
		if o.list[i].Conversation.ID == x.Conversation.ID {
			in.Reported = o.list[i].Reported
			o.list[i] = in
			return false
		}
	}
	o.list = append(o.list, in)
	return true
}

// Withdraw drops the offer of a conversation; it reports whether there was
// one.
func (o *Offers) Withdraw(conversation int64) bool {
	for i := range o.list {
		if o.list[i].Conversation.ID == conversation {
			o.list = append(o.list[:i], o.list[i+1:]...)
			return true
		}
	}
	return false
}

// Reset forgets every offer, as when the list is read again.
func (o *Offers) Reset() { o.list = nil }

// Expire drops the offers past their deadline and grace at now; it
// reports whether any was.
func (o *Offers) Expire(now time.Time) bool {
	kept := o.list[:0]
	for _, x := range o.list {
		if now.Before(x.Deadline.Add(OfferGrace)) {
			kept = append(kept, x)
		}
	}
	dropped := len(kept) < len(o.list)
	o.list = kept
	return dropped
}

// NextExpiry is when the next offer expires (deadline and grace); ok is
// false when none is pending.
func (o *Offers) NextExpiry() (at time.Time, ok bool) {
	for _, x := range o.list {
		if t := x.Deadline.Add(OfferGrace); !ok || t.Before(at) {
			at, ok = t, true
		}
	}
	return at, ok
}

// ToShow is the conversation whose offer is on screen and not yet reported
// shown, marking it reported; ok is false when there is none. Only an offer
// that reached a screen counts as missed when it runs out [S9, P2].
func (o *Offers) ToShow() (conversation int64, ok bool) {
	if len(o.list) == 0 || o.list[0].Reported {
		return 0, false
	}
	o.list[0].Reported = true
	return o.list[0].Conversation.ID, true
}

// Oldest is the offer on screen.
func (o *Offers) Oldest() (Offer, bool) {
	if len(o.list) == 0 {
		return Offer{}, false
	}
	return o.list[0], true
}

// Len counts the pending offers.
func (o *Offers) Len() int { return len(o.list) }

// Countdown is what an offer's countdown shows at now: whole seconds left
// (never below 0) and the share of its timeout left, in percent.
func Countdown(deadline time.Time, timeoutSecs int, now time.Time) (secs, percent int) {
	left := deadline.Sub(now)
	secs = max(int(left.Round(time.Second)/time.Second), 0)
	if timeoutSecs <= 0 {
		return secs, 0
	}
	p := int(left * 100 / (time.Duration(timeoutSecs) * time.Second))
	return secs, min(max(p, 0), 100)
}
