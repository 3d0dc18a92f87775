package sms

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// ErrUnknownSecret is a webhook secret that no SMS workstream has.
var ErrUnknownSecret = errors.New("no SMS workstream has this secret")

// Router is what the gateway tells routing, as the websockets do: a new
// conversation is waiting, a customer wrote.
type Router interface {
	Route(ctx context.Context)
	CustomerWrote(m store.Message)
}

// Backoff is the schedule of delivery attempts: Attempts in all, the first
// retry First after the first failure, each next one twice as late, never
// later than Max.
type Backoff struct {
	Attempts   int
	First, Max time.Duration
}

// Delay is how long to wait after the given number of failed attempts.
func (b Backoff) Delay(failed int) time.Duration {
	d := b.First
	for i := 1; i < failed && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// DefaultBackoff gives up after about a minute and a quarter.
var DefaultBackoff = Backoff{Attempts: 5, First: 5 * time.Second, Max: 5 * time.Minute}

// Gateway connects SMS workstreams to conversations. Set its fields
// before Start.
type Gateway struct {
	store  *store.Store
	relay  *relay.Relay
	router Router
	log    *slog.Logger

	// Client sends the replies; it does not follow redirects, so a 3xx
	// counts as not delivered.
	Client *http.Client
	// Timeout bounds one delivery attempt.
	Timeout time.Duration
	// Retry schedules the attempts.
	Retry Backoff
	// Now is the clock of the delivery queue.
	Now func() time.Time

	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// New returns a Gateway with production defaults.
func New(st *store.Store, rl *relay.Relay, rt Router, log *slog.Logger) *Gateway {
	return &Gateway{
		store:  st,
		relay:  rl,
		router: rt,
		log:    log,
		Client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}},
		Timeout: 10 * time.Second,
		Retry:   DefaultBackoff,
		Now:     time.Now,
		wake:    make(chan struct{}, 1),
	}
}

// Workstream returns the SMS workstream whose webhook secret is secret,
// or ErrUnknownSecret.
func (g *Gateway) Workstream(ctx context.Context, secret string) (store.Workstream, error) {
	list, err := g.store.Workstreams(ctx)
	if err != nil {
		return store.Workstream{}, err
	}
	var found store.Workstream
	ok := false
	// Every secret is compared in constant time, and all of them, so the
	// time taken says nothing about how close a guess came; as digests of
	// one length, since ConstantTimeCompare returns at once on a length
	// that differs, which would tell the secret's length.
	guess := sha256.Sum256([]byte(secret))
	for _, ws := range list {
		if ws.Channel != store.ChannelSMS || ws.Secret == "" {
			continue
		}
		want := sha256.Sum256([]byte(ws.Secret))
		if subtle.ConstantTimeCompare(want[:], guess[:]) == 1 && !ok {
			found, ok = ws, true
		}
	}
	if !ok {
		return store.Workstream{}, ErrUnknownSecret
	}
	return found, nil
}

// Receive takes an SMS into workstream ws: it continues the sender's
// conversation there that is not closed, or starts one that routing then
// offers like any chat. An SMS the provider sends again with the same
// MessageSid is stored once; the stored message is returned either way.
func (g *Gateway) Receive(ctx context.Context, ws store.Workstream, in Inbound) (store.Message, error) {
	c, created, err := g.store.SMSConversation(ctx, ws.ID, in.From, in.To)
	if err != nil {
		return store.Message{}, err
	}
	m, err := g.relay.Post(ctx, store.Message{
		ConversationID: c.ID,
		Sender:         wire.SenderCustomer,
		SenderName:     c.Title,
		Body:           in.Body,
		Key:            in.MessageSid,
		Files:          mediaFiles(in.Media),
	})
	if err != nil {
		return store.Message{}, err
	}
	if created {
		g.log.Info("sms conversation started", "conversation", c.ID, "workstream", ws.ID)
		// After the message, so the offer shows it from the start.
		g.router.Route(ctx)
	} else {
		g.router.CustomerWrote(m)
	}
	return m, nil
}

// mediaFiles are an MMS's media as files of its message: links to the
// provider, without names (a provider gives none; the page words "Media
// 1" in its reader's language).
func mediaFiles(media []Media) []store.File {
	var out []store.File
	for _, m := range media {
		out = append(out, store.File{Type: m.Type, URL: m.URL})
	}
	return out
}

// Wake makes the delivery loop look at the queue now, where the store
// put an agent's reply with its message; it is the relay's Outbox.
func (g *Gateway) Wake() {
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

// Start runs the delivery loop until Stop, beginning with what an earlier
// run left pending.
func (g *Gateway) Start(ctx context.Context) {
	ctx, g.cancel = context.WithCancel(context.WithoutCancel(ctx))
	g.done = make(chan struct{})
	go g.run(ctx)
}

// Stop ends the delivery loop and waits for attempts under way, which are
// cut short and left pending for the next run.
func (g *Gateway) Stop() {
	g.cancel()
	<-g.done
}

// Loop limits: how many deliveries one pass claims, the shortest pause
// between passes and the pause after the database failed.
const (
	batch      = 16
	minPause   = 10 * time.Millisecond
	errorPause = time.Second
)

func (g *Gateway) run(ctx context.Context) {
	defer close(g.done)
	var attempts sync.WaitGroup
	defer attempts.Wait()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		pause := g.pass(ctx, &attempts)
		timer.Reset(pause)
		select {
		case <-ctx.Done():
			return
		case <-g.wake:
		case <-timer.C:
		}
	}
}

// pass starts an attempt for each due delivery and says how long to wait
// for the next one.
func (g *Gateway) pass(ctx context.Context, attempts *sync.WaitGroup) time.Duration {
	// A lease longer than an attempt can take: a crash mid-attempt makes
	// the delivery due again once it is over.
	due, err := g.store.ClaimSMS(ctx, g.Now(), 3*g.Timeout, batch)
	if err != nil {
		if ctx.Err() == nil {
			g.log.Error("sms queue", "err", err)
		}
		return errorPause
	}
	for _, d := range due {
		attempts.Go(func() {
			g.attempt(ctx, d)
			g.Wake()
		})
	}
	if len(due) == batch {
		return 0
	}
	next, ok, err := g.store.NextSMSAttempt(ctx)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			g.log.Error("sms queue", "err", err)
		}
		return errorPause
	case !ok:
		return time.Hour // nothing pending; Wake says when there is
	}
	return max(next.Sub(g.Now()), minPause)
}
