package routing

import (
	"context"
	"strconv"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
)

// DefaultSweepEvery is how often the scheduler looks for idle
// conversations: often enough that nothing outstays its time by much.
const DefaultSweepEvery = 30 * time.Second

func (r *Router) durations(ctx context.Context) settings.Durations {
	return r.settings(ctx).Durations
}

// closeAfter is how long c may stay unchanged in its status before the
// scheduler closes it; 0 means never. An active chat is never closed for
// quiet: its customer leaving is what ends it [C7].
func closeAfter(d settings.Durations, c store.Conversation, ws store.Workstream) time.Duration {
	switch {
	case c.Status == store.StatusWaiting:
		return ws.WaitingPeriod
	case c.Channel == store.ChannelSMS && c.Status == store.StatusWrapUp:
		return d.SMSWrapUp
	case c.Channel == store.ChannelSMS && (c.Status == store.StatusOpen || c.Status == store.StatusActive):
		return d.SMSOpen
	case c.Status == store.StatusWrapUp:
		return d.ChatWrapUp
	case c.Status == store.StatusOpen && c.Mode == store.ModeLive:
		return d.ChatOpen
	}
	return 0
}

// armSweep schedules the next Sweep.
func (r *Router) armSweep() {
	if r.SweepEvery <= 0 || r.stopped || r.passive {
		return
	}
	t := &timer{}
	r.sweeper = t
	t.t = r.AfterFunc(r.SweepEvery, func() {
		r.Sweep(context.Background())
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.sweeper == t {
			r.armSweep()
		}
	})
}

// Sweep closes every conversation that has outstayed its status [C6, C8].
// It goes by what the store says, so a restart loses no deadline: what came
// due while the server was down closes at the first sweep.
func (r *Router) Sweep(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	d := r.durations(ctx)
	list, err := r.store.Workstreams(ctx)
	if err != nil {
		r.logErr("sweep: workstreams", err)
		return
	}
	workstreams := make(map[int64]store.Workstream, len(list))
	for _, w := range list {
		workstreams[w.ID] = w
	}
	now := r.Now()
	// One query per status finds every candidate: nothing closes sooner
	// than the shortest duration.
	shortest := min(d.ChatOpen, d.ChatWrapUp, d.SMSOpen, d.SMSWrapUp)
	for _, w := range list {
		if w.WaitingPeriod > 0 {
			shortest = min(shortest, w.WaitingPeriod)
		}
	}
	changed := false
	for _, status := range []string{store.StatusOpen, store.StatusActive, store.StatusWaiting, store.StatusWrapUp} {
		idle, err := r.store.Idle(ctx, status, now.Add(-shortest))
		if err != nil {
			r.logErr("sweep", err)
			return
		}
		for _, c := range idle {
			limit := closeAfter(d, c, workstreams[c.WorkstreamID])
			if limit <= 0 || c.UpdatedAt.After(now.Add(-limit)) {
				continue
			}
			unit, n := durationNote(limit)
			if r.autoClose(ctx, c, store.StatusClosed, now.Add(-limit), wire.NoteAutoClosed+unit, strconv.FormatInt(n, 10)) {
				changed = true
			}
		}
	}
	if changed {
		r.route(ctx)
	}
}

// autoClose moves c on to status to when it is still as it was and idle
// since idleSince (zero: regardless), withdrawing its offer, recording why
// in the transcript and freeing its agent's capacity. It says whether c
// changed.
func (r *Router) autoClose(ctx context.Context, c store.Conversation, to string, idleSince time.Time, code string, args ...string) bool {
	offer, offerErr := r.store.OfferOf(ctx, c.ID)
	moved, changed, err := r.store.Transition(ctx, c.ID, c.Status, to, idleSince)
	if err != nil || !changed {
		r.logErr("auto close", err)
		return false
	}
	if offerErr == nil {
		r.cancelExpiry(c.ID)
		r.withdrawn(offer.AgentID, c.ID, ReasonClosed)
	}
	r.note(ctx, moved, code, args...)
	if c.Status == store.StatusActive {
		r.refresh(ctx, c.AgentID)
	}
	return true
}

// CustomerConnected and CustomerDisconnected are called by the relay for
// each customer websocket, so a live chat whose customer has gone for the
// disconnect window ends by itself [C7].
func (r *Router) CustomerConnected(conversationID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.customers[conversationID]++
	if t := r.gone[conversationID]; t != nil {
		t.t.Stop()
		delete(r.gone, conversationID)
	}
}

func (r *Router) CustomerDisconnected(conversationID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.customers[conversationID]--; r.customers[conversationID] > 0 {
		return
	}
	delete(r.customers, conversationID)
	r.armGone(conversationID, r.durations(context.Background()).Disconnect)
}

func (r *Router) armGone(conversationID int64, after time.Duration) {
	if r.stopped || r.passive {
		return
	}
	if t := r.gone[conversationID]; t != nil {
		t.t.Stop()
	}
	t := &timer{}
	r.gone[conversationID] = t
	t.t = r.AfterFunc(after, func() { r.customerGone(t, conversationID) })
}

// customerGone ends a live chat whose customer did not come back: an active
// one goes to wrap-up for its agent to finish, a queued one closes.
func (r *Router) customerGone(t *timer, conversationID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped || r.gone[conversationID] != t {
		return // the customer came back meanwhile
	}
	delete(r.gone, conversationID)
	ctx := context.Background()
	c, err := r.store.Conversation(ctx, conversationID)
	if err != nil {
		r.logErr("customer gone", err)
		return
	}
	if !liveChat(c) {
		return // a persistent chat's customer is expected to come and go
	}
	switch c.Status {
	case store.StatusActive:
		r.autoClose(ctx, c, store.StatusWrapUp, time.Time{}, wire.NoteCustomerLeft)
		r.route(ctx)
	case store.StatusOpen:
		r.autoClose(ctx, c, store.StatusClosed, time.Time{}, wire.NoteCustomerGone)
	}
}

// watchCustomers gives every live chat still going at start the usual
// window for its customer to reconnect, since none is connected yet.
func (r *Router) watchCustomers(ctx context.Context) error {
	list, err := r.store.Conversations(ctx)
	if err != nil {
		return err
	}
	d := r.durations(ctx)
	for _, c := range list {
		if liveChat(c) && (c.Status == store.StatusOpen || c.Status == store.StatusActive) && r.customers[c.ID] == 0 {
			r.armGone(c.ID, d.Disconnect)
		}
	}
	return nil
}

// liveChat says whether c ends when its customer leaves [C7]: a web chat
// in a live workstream.
func liveChat(c store.Conversation) bool {
	return c.Channel == store.ChannelChat && c.Mode == store.ModeLive
}

// durationNote gives a duration as people say it, in its largest whole
// unit ("minutes", 20; "days", 1), for the note's plural words [L3].
func durationNote(d time.Duration) (unit string, n int64) {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return "days", int64(d / (24 * time.Hour))
	case d >= time.Hour && d%time.Hour == 0:
		return "hours", int64(d / time.Hour)
	case d >= time.Minute && d%time.Minute == 0:
		return "minutes", int64(d / time.Minute)
	}
	return "seconds", int64(d.Round(time.Second) / time.Second)
}
