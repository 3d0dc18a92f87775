package sms_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/sms"
	"github.com/switchboard-cx/switchboard/server/store"
)

const secret = "a-webhook-secret-of-32-characters"

// router records what the gateway tells routing.
type router struct {
	mu     sync.Mutex
	routed int
	wrote  []int64 // seqs
}

func (r *router) Route(context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.routed++
}

func (r *router) CustomerWrote(m store.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.wrote = append(r.wrote, m.Seq)
}

type fixture struct {
	st    *store.Store
	relay *relay.Relay
	rt    *router
	log   *slog.Logger
	ws    store.Workstream
	agent store.Agent
}

func newFixture(t *testing.T, outbound string) *fixture {
	t.Helper()
	return newFixtureIn(t, t.TempDir(), outbound)
}

// newFixtureIn makes an SMS workstream and an agent in a new store in dir.
func newFixtureIn(t *testing.T, dir, outbound string) *fixture {
	t.Helper()
	ctx := context.Background()
	f := openFixture(t, dir)
	var err error
	f.ws, err = f.st.CreateWorkstream(ctx, store.Workstream{Name: "Texts", Channel: "sms", Mode: "live", CapacityUnits: 20,
		OfferTimeout: time.Minute, WaitingPeriod: time.Hour, Secret: secret, OutboundURL: outbound})
	require.NoError(t, err)
	f.agent, err = f.st.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "correct horse battery")
	require.NoError(t, err)
	return f
}

// reopenFixture opens the store that newFixtureIn made in dir.
func reopenFixture(t *testing.T, dir string) *fixture {
	t.Helper()
	f := openFixture(t, dir)
	var err error
	f.agent, err = f.st.AgentByEmail(context.Background(), "alex@example.com")
	require.NoError(t, err)
	return f
}

func openFixture(t *testing.T, dir string) *fixture {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return &fixture{st: st, relay: relay.New(st, relay.NewLocalBus(), log), rt: &router{}, log: log}
}

// gateway returns a gateway with a millisecond schedule that the relay
// hands agents' messages to; it is not started.
func (f *fixture) gateway() *sms.Gateway {
	g := sms.New(f.st, f.relay, f.rt, f.log)
	g.Retry = sms.Backoff{Attempts: 3, First: time.Millisecond, Max: 2 * time.Millisecond}
	f.relay.Outbox = g
	return g
}

func (f *fixture) reply(t *testing.T, conv int64, body string) {
	t.Helper()
	_, err := f.relay.Post(context.Background(), store.Message{
		ConversationID: conv, Sender: store.SenderAgent, SenderName: f.agent.Name, AgentID: f.agent.ID, Body: body,
	})
	require.NoError(t, err)
}

func (f *fixture) bodies(t *testing.T, conv int64) []string {
	t.Helper()
	msgs, err := f.st.Messages(context.Background(), conv, 0, 0)
	require.NoError(t, err)
	var out []string
	for _, m := range msgs {
		out = append(out, kit.NoteText(relay.WireMessage(m)))
	}
	return out
}

func TestBackoff(t *testing.T) {
	b := sms.DefaultBackoff
	var got []time.Duration
	for failed := 1; failed <= 9; failed++ {
		got = append(got, b.Delay(failed))
	}
	require.Equal(t, []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second,
		160 * time.Second, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute}, got)
}

func TestWorkstreamBySecret(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	// A chat workstream's secret signs chat links: it is no webhook secret.
	chat, err := f.st.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	chat.Secret = strings.Repeat("c", 32)
	_, err = f.st.UpdateWorkstream(ctx, chat)
	require.NoError(t, err)
	other, err := f.st.CreateWorkstream(ctx, store.Workstream{Name: "More texts", Channel: "sms", Mode: "live", CapacityUnits: 20,
		Secret: strings.Repeat("o", 32)})
	require.NoError(t, err)

	g := f.gateway()
	got, err := g.Workstream(ctx, secret)
	require.NoError(t, err)
	require.Equal(t, f.ws.ID, got.ID)
	got, err = g.Workstream(ctx, strings.Repeat("o", 32))
	require.NoError(t, err)
	require.Equal(t, other.ID, got.ID)
	for _, wrong := range []string{"", secret[:31], secret + "x", strings.Repeat("c", 32)} {
		_, err = g.Workstream(ctx, wrong)
		require.ErrorIs(t, err, sms.ErrUnknownSecret, "secret %q", wrong)
	}
}

func TestReceive(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	g := f.gateway()
	_, err := f.st.CreateContact(ctx, store.Contact{Name: "Kenny Smith", Phone: "+1 (425) 555-0101"})
	require.NoError(t, err)

	first, err := g.Receive(ctx, f.ws, sms.Inbound{From: "+37120000000", To: "+15550001111", Body: "Hello", MessageSid: "SM1"})
	require.NoError(t, err)
	c, err := f.st.Conversation(ctx, first.ConversationID)
	require.NoError(t, err)
	require.Equal(t, "+37120000000", c.Title)
	require.Equal(t, "sms", c.Channel)
	require.Equal(t, store.StatusOpen, c.Status)
	require.Equal(t, "+37120000000", first.SenderName)
	require.Equal(t, 1, f.rt.routed, "a new conversation is routed")

	again, err := g.Receive(ctx, f.ws, sms.Inbound{From: "+37120000000", To: "+15550001111", Body: "Anyone?", MessageSid: "SM2"})
	require.NoError(t, err)
	require.Equal(t, first.ConversationID, again.ConversationID, "the same number continues its conversation")
	resent, err := g.Receive(ctx, f.ws, sms.Inbound{From: "+37120000000", To: "+15550001111", Body: "Anyone?", MessageSid: "SM2"})
	require.NoError(t, err)
	require.Equal(t, again, resent)
	require.Equal(t, []string{"Hello", "Anyone?"}, f.bodies(t, first.ConversationID), "a resent MessageSid is stored once")
	require.Equal(t, 1, f.rt.routed)
	require.Equal(t, []int64{2, 2}, f.rt.wrote)

	kenny, err := g.Receive(ctx, f.ws, sms.Inbound{From: "+14255550101", Body: "Hi, it's Kenny"})
	require.NoError(t, err)
	require.NotEqual(t, first.ConversationID, kenny.ConversationID)
	c, err = f.st.Conversation(ctx, kenny.ConversationID)
	require.NoError(t, err)
	require.Equal(t, "Kenny Smith", c.Title, "a contact with the number names the conversation")
	require.NotZero(t, c.ContactID)

	// Nobody picked it: the scheduler closes it as it closes an idle one.
	_, _, err = f.st.Transition(ctx, first.ConversationID, store.StatusOpen, store.StatusClosed, time.Time{})
	require.NoError(t, err)
	later, err := g.Receive(ctx, f.ws, sms.Inbound{From: "+37120000000", Body: "Me again"})
	require.NoError(t, err)
	require.NotEqual(t, first.ConversationID, later.ConversationID, "a closed conversation is not continued")

	// An agent picks it and ends it.
	_, err = f.st.AssignConversation(ctx, later.ConversationID, f.agent.ID)
	require.NoError(t, err)
	_, _, err = f.st.EndConversation(ctx, later.ConversationID, f.agent.ID)
	require.NoError(t, err)
	after, err := g.Receive(ctx, f.ws, sms.Inbound{From: "+37120000000", Body: "And one more"})
	require.NoError(t, err)
	require.NotEqual(t, later.ConversationID, after.ConversationID, "an ended conversation is not continued either")
}

// receiver answers outbound requests with the handler's status, counting them.
type receiver struct {
	mu     sync.Mutex
	bodies []string
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

func serve(t *testing.T, rc *receiver, status func(r *http.Request) int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		rc.mu.Lock()
		rc.bodies = append(rc.bodies, r.PostForm.Get("Body"))
		rc.mu.Unlock()
		w.WriteHeader(status(r))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDeliveryOrderAndFailure(t *testing.T) {
	rc := &receiver{}
	var failing sync.Map // bodies the receiver refuses
	srv := serve(t, rc, func(r *http.Request) int {
		if _, bad := failing.Load(r.PostForm.Get("Body")); bad {
			return http.StatusBadGateway
		}
		return http.StatusOK
	})
	f := newFixture(t, srv.URL)
	ctx := context.Background()
	g := f.gateway()
	m, err := g.Receive(ctx, f.ws, sms.Inbound{From: "+37120000000", To: "+15550001111", Body: "Hello"})
	require.NoError(t, err)
	g.Start(ctx)
	t.Cleanup(g.Stop)

	failing.Store("first", true)
	f.reply(t, m.ConversationID, "first")
	f.reply(t, m.ConversationID, "second")
	want := "SMS to +37120000000 not delivered after 3 attempts: the receiver answered 502 Bad Gateway."
	require.Eventually(t, func() bool { return rc.count() == 4 }, time.Minute, time.Millisecond)
	rc.mu.Lock()
	require.Equal(t, []string{"first", "first", "first", "second"}, rc.bodies, "a reply waits for the earlier one's retries")
	rc.mu.Unlock()
	require.Eventually(t, func() bool { return len(f.bodies(t, m.ConversationID)) == 4 }, time.Minute, time.Millisecond)
	require.Equal(t, []string{"Hello", "first", "second", want}, f.bodies(t, m.ConversationID))

	t.Run("a chat's messages are not sent as SMS", func(t *testing.T) {
		chat, err := f.st.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		c, err := f.st.StartConversation(ctx, chat.ID)
		require.NoError(t, err)
		f.reply(t, c.ID, "web only")
		f.reply(t, m.ConversationID, "third")
		require.Eventually(t, func() bool { return rc.count() == 5 }, time.Minute, time.Millisecond)
		time.Sleep(20 * time.Millisecond)
		rc.mu.Lock()
		require.Equal(t, "third", rc.bodies[4])
		rc.mu.Unlock()
		require.Equal(t, 5, rc.count())
		// Were it queued, its workstream's missing outbound URL would be noted.
		require.Equal(t, []string{"web only"}, f.bodies(t, c.ID))
	})
}

func TestDeliveriesSurviveARestart(t *testing.T) {
	rc := &receiver{}
	var hang sync.Map
	srv := serve(t, rc, func(r *http.Request) int {
		if _, ok := hang.Load(r.PostForm.Get("Body")); ok {
			<-r.Context().Done() // until the server stops
		}
		return http.StatusOK
	})
	f := newFixture(t, srv.URL)
	ctx := context.Background()

	t.Run("a reply queued while the server was down goes at the next start", func(t *testing.T) {
		down := f.gateway() // never started
		m, err := down.Receive(ctx, f.ws, sms.Inbound{From: "+37120000000", Body: "Hello"})
		require.NoError(t, err)
		f.reply(t, m.ConversationID, "queued")
		time.Sleep(20 * time.Millisecond)
		require.Zero(t, rc.count())

		up := f.gateway()
		up.Start(ctx)
		defer up.Stop()
		require.Eventually(t, func() bool { return rc.count() == 1 }, time.Minute, time.Millisecond)
		// Stopped only once it is saved as delivered, so the next
		// subtest starts with nothing pending.
		require.Eventually(t, func() bool {
			_, pending, err := f.st.NextSMSAttempt(ctx)
			return err == nil && !pending
		}, time.Minute, time.Millisecond)
	})

	t.Run("an attempt cut short by a shutdown is made again at once", func(t *testing.T) {
		first := f.gateway()
		// The attempt hangs until the stop, however slow the machine:
		// it never times out by itself, and its lease is hours long.
		// (Stopped once whatever happens, or a failure would leave the
		// attempt hanging and the test server waiting for it.)
		first.Timeout = time.Hour
		first.Start(ctx)
		stopFirst := sync.OnceFunc(first.Stop)
		defer stopFirst()
		m, err := first.Receive(ctx, f.ws, sms.Inbound{From: "+37120000001", Body: "Hello"})
		require.NoError(t, err)
		hang.Store("cut short", true)
		f.reply(t, m.ConversationID, "cut short")
		require.Eventually(t, func() bool { return rc.count() == 2 }, time.Minute, time.Millisecond)
		stopFirst()

		hang.Delete("cut short")
		second := f.gateway()
		second.Start(ctx)
		defer second.Stop()
		// Well before the attempt's lease would have run out.
		require.Eventually(t, func() bool { return rc.count() == 3 }, time.Minute, time.Millisecond)
		time.Sleep(20 * time.Millisecond)
		require.Equal(t, 3, rc.count(), "delivered, so not sent again")
		require.Equal(t, []string{"Hello", "cut short"}, f.bodies(t, m.ConversationID), "no failure note")
	})
}

// stopWhileAnswering is a transport whose answer comes back just as the
// gateway stops: it records the SMS, stops the gateway (in the
// background, since Stop waits for this attempt), waits until the
// attempt's context is cancelled, and only then answers 200.
type stopWhileAnswering struct {
	rc   *receiver
	stop func()
}

func (s *stopWhileAnswering) RoundTrip(r *http.Request) (*http.Response, error) {
	r.ParseForm()
	s.rc.mu.Lock()
	s.rc.bodies = append(s.rc.bodies, r.PostForm.Get("Body"))
	s.rc.mu.Unlock()
	go s.stop()
	<-r.Context().Done()
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
}

// An SMS the provider took is delivered, even when the answer comes as the
// server stops: it is not sent again at the next start [no duplicates].
func TestADeliveryAnsweredAsTheServerStopsIsNotSentAgain(t *testing.T) {
	rc := &receiver{}
	srv := serve(t, rc, func(*http.Request) int { return http.StatusOK })
	f := newFixture(t, srv.URL)
	ctx := context.Background()

	first := f.gateway()
	stopped := make(chan struct{})
	first.Client = &http.Client{Transport: &stopWhileAnswering{rc: rc, stop: func() { first.Stop(); close(stopped) }}}
	first.Start(ctx)
	m, err := first.Receive(ctx, f.ws, sms.Inbound{From: "+37120000002", Body: "Hello"})
	require.NoError(t, err)
	f.reply(t, m.ConversationID, "Your parcel ships today.")
	select {
	case <-stopped:
	case <-time.After(time.Minute):
		t.Fatal("the gateway did not stop")
	}
	require.Equal(t, 1, rc.count())

	second := f.gateway()
	second.Start(ctx)
	defer second.Stop()
	// Another reply goes out; the first is not sent again before it.
	f.reply(t, m.ConversationID, "Anything else?")
	require.Eventually(t, func() bool { return rc.count() >= 2 }, time.Minute, time.Millisecond)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	require.Equal(t, []string{"Your parcel ships today.", "Anything else?"}, rc.bodies)
}
