package routing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
)

// newTimedHarness is a harness whose store writes the manual clock's time,
// so moving the clock makes conversations idle.
func newTimedHarness(t *testing.T) *harness {
	return newHarnessWith(t, func(h *harness) { h.storeClock = true })
}

// persistent creates a persistent chat workstream.
func (h *harness) persistent(waiting time.Duration) store.Workstream {
	h.t.Helper()
	ws, err := h.st.CreateWorkstream(ctx, store.Workstream{
		Name: "Orders", Channel: "chat", Mode: store.ModePersistent, CapacityUnits: 50,
		OfferTimeout: time.Minute, WaitingPeriod: waiting,
	})
	require.NoError(h.t, err)
	return ws
}

// customerWrites posts a customer message as the relay does.
func (h *harness) customerWrites(c store.Conversation, body string) store.Message {
	h.t.Helper()
	m, err := h.relay.Post(ctx, store.Message{ConversationID: c.ID, Sender: store.SenderCustomer, SenderName: c.Title, Body: body})
	require.NoError(h.t, err)
	h.router.CustomerWrote(m)
	return m
}

func TestPersistentChatReturns(t *testing.T) {
	// Ana has the waiting chat and more work than Ben; ordinary routing
	// would prefer Ben.
	park := func(h *harness) (store.Conversation, *agent, *agent) {
		ws := h.persistent(28 * 24 * time.Hour)
		ana := h.online("Ana Agent", 100)
		h.pick(ana)
		c, err := h.st.StartConversation(ctx, ws.ID)
		require.NoError(t, err)
		_, err = h.router.Pick(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		h.customerWrites(c, "My parcel has not arrived.")
		c, err = h.router.Close(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, store.StatusWaiting, c.Status)
		ben := h.online("Ben Agent", 100)
		return c, ana, ben
	}

	t.Run("the customer writes again: offered back to the same agent, history kept", func(t *testing.T) {
		h := newHarness(t)
		c, ana, ben := park(h)
		ana.take("offer.created")

		h.customerWrites(c, "It is still not here.")
		require.Equal(t, store.StatusOpen, h.conversation(c.ID).Status)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
		require.Empty(t, h.offeredTo(ben))
		require.NotEmpty(t, ana.offers(t), "Ana is notified")

		got, err := h.router.Accept(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, store.StatusActive, got.Status)
		msgs, err := h.st.Messages(ctx, c.ID, 0, 0)
		require.NoError(t, err)
		var bodies []string
		for _, m := range msgs {
			bodies = append(bodies, kit.NoteText(relay.WireMessage(m)))
		}
		require.Equal(t, []string{
			"Ana Agent joined the chat.",
			"My parcel has not arrived.",
			"Ana Agent closed the session. The conversation is waiting for the customer.",
			"It is still not here.",
			"The customer is back.",
			"Ana Agent joined the chat.",
		}, bodies)
	})

	t.Run("the agent is away: anyone who can take it gets it", func(t *testing.T) {
		h := newHarness(t)
		c, ana, ben := park(h)
		h.router.AgentDisconnected(ana.ID)

		h.customerWrites(c, "Hello again?")
		require.Empty(t, h.offeredTo(ana))
		require.Equal(t, []int64{c.ID}, h.offeredTo(ben))
	})

	t.Run("after the waiting period it closes, and a restart does not forget it", func(t *testing.T) {
		h := newTimedHarness(t)
		ws := h.persistent(28 * 24 * time.Hour)
		ana := h.online("Ana Agent", 100)
		c, err := h.st.StartConversation(ctx, ws.ID)
		require.NoError(t, err)
		_, err = h.router.Pick(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		_, err = h.router.Close(ctx, ana.Agent, c.ID)
		require.NoError(t, err)

		h.clock.Advance(27 * 24 * time.Hour)
		h.router.Sweep(ctx)
		require.Equal(t, store.StatusWaiting, h.conversation(c.ID).Status)

		h.restart()
		h.clock.Advance(24*time.Hour + time.Second)
		h.router.Sweep(ctx)
		got := h.conversation(c.ID)
		require.Equal(t, store.StatusClosed, got.Status)
		require.Equal(t, "Closed automatically after 28 days without activity.", h.lastNote(got.ID))
	})
}

func TestAutoClose(t *testing.T) {
	t.Run("a live chat nobody took closes after 20 minutes, its offer withdrawn", func(t *testing.T) {
		h := newTimedHarness(t)
		h.router.OfferTimeout = time.Hour // still on offer when it closes
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
		h.customerWrites(c, "Anyone there?")

		h.clock.Advance(19 * time.Minute)
		h.router.Sweep(ctx)
		require.Equal(t, store.StatusOpen, h.conversation(c.ID).Status, "20 minutes since the customer wrote")

		h.clock.Advance(time.Minute + time.Second)
		h.router.Sweep(ctx)
		require.Equal(t, store.StatusClosed, h.conversation(c.ID).Status)
		require.Empty(t, h.offeredTo(ana))
		w := ana.withdrawals(t)
		require.Equal(t, routing.ReasonClosed, w[len(w)-1].Reason)
		require.Equal(t, "Closed automatically after 20 minutes without activity.", h.lastNote(c.ID))
	})

	t.Run("wrap-up closes after 15 minutes; an active chat is never closed for quiet", func(t *testing.T) {
		h := newTimedHarness(t)
		ana := h.online("Ana Agent", 100)
		ended := h.pick(ana)
		h.end(ana, ended)
		active := h.pick(ana)

		h.clock.Advance(15*time.Minute + time.Second)
		h.router.Sweep(ctx)
		require.Equal(t, store.StatusClosed, h.conversation(ended.ID).Status)
		require.Equal(t, store.StatusActive, h.conversation(active.ID).Status)
	})

	t.Run("the durations are settings", func(t *testing.T) {
		h := newTimedHarness(t)
		h.changeSettings(func(s *settings.Settings) { s.Durations.ChatOpen = time.Minute })
		c := h.chat()
		h.clock.Advance(61 * time.Second)
		h.router.Sweep(ctx)
		require.Equal(t, store.StatusClosed, h.conversation(c.ID).Status)
		require.Equal(t, "Closed automatically after 1 minute without activity.", h.lastNote(c.ID))
	})

	t.Run("SMS: 30 days open or active, 1 day in wrap-up", func(t *testing.T) {
		h := newTimedHarness(t)
		ws, err := h.st.CreateWorkstream(ctx, store.Workstream{
			Name: "Text", Channel: "sms", Mode: store.ModeLive, CapacityUnits: 10, OfferTimeout: time.Minute,
		})
		require.NoError(t, err)
		ana := h.online("Ana Agent", 100)
		start := func() store.Conversation {
			c, err := h.st.StartConversation(ctx, ws.ID)
			require.NoError(t, err)
			c, err = h.router.Pick(ctx, ana.Agent, c.ID)
			require.NoError(t, err)
			return c
		}
		active, ended := start(), start()
		h.end(ana, ended)

		h.clock.Advance(24*time.Hour + time.Second)
		h.router.Sweep(ctx)
		require.Equal(t, store.StatusClosed, h.conversation(ended.ID).Status)
		require.Equal(t, store.StatusActive, h.conversation(active.ID).Status)

		h.clock.Advance(29 * 24 * time.Hour)
		h.router.Sweep(ctx)
		require.Equal(t, store.StatusClosed, h.conversation(active.ID).Status)
		require.Equal(t, available, h.presence(ana), "its capacity is free again")
	})

	t.Run("the scheduler runs by itself", func(t *testing.T) {
		h := newHarnessWith(t, func(h *harness) { h.storeClock, h.sweepEvery = true, time.Minute })
		c := h.chat()
		h.clock.Advance(21 * time.Minute)
		require.Equal(t, store.StatusClosed, h.conversation(c.ID).Status)
	})
}

func TestCustomerDisconnect(t *testing.T) {
	t.Run("an active live chat goes to wrap-up 3 minutes after the customer left", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 40)
		c := h.pick(ana)
		require.Equal(t, busy, h.presence(ana))
		h.router.CustomerConnected(c.ID)
		h.router.CustomerConnected(c.ID) // a second tab
		h.router.CustomerDisconnected(c.ID)
		h.clock.Advance(time.Hour)
		require.Equal(t, store.StatusActive, h.conversation(c.ID).Status, "one tab is still open")

		h.router.CustomerDisconnected(c.ID)
		h.clock.Advance(3*time.Minute - time.Second)
		require.Equal(t, store.StatusActive, h.conversation(c.ID).Status)
		h.clock.Advance(time.Second)
		got := h.conversation(c.ID)
		require.Equal(t, store.StatusWrapUp, got.Status)
		require.Equal(t, "The customer left the chat.", h.lastNote(got.ID))
		require.Equal(t, available, h.presence(ana), "wrap-up uses no capacity")
	})

	t.Run("coming back within the window changes nothing", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.pick(ana)
		h.router.CustomerConnected(c.ID)
		h.router.CustomerDisconnected(c.ID)
		h.clock.Advance(2 * time.Minute)
		h.router.CustomerConnected(c.ID)
		h.clock.Advance(time.Hour)
		require.Equal(t, store.StatusActive, h.conversation(c.ID).Status)
	})

	t.Run("a queued chat closes; a persistent chat is left alone", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		queued := h.chat()
		ws := h.persistent(time.Hour)
		parked, err := h.st.StartConversation(ctx, ws.ID)
		require.NoError(t, err)
		for _, id := range []int64{queued.ID, parked.ID} {
			h.router.CustomerConnected(id)
			h.router.CustomerDisconnected(id)
		}
		h.clock.Advance(3 * time.Minute)
		require.Equal(t, store.StatusClosed, h.conversation(queued.ID).Status)
		require.Equal(t, "The customer left before an agent joined.", h.lastNote(queued.ID))
		require.NotContains(t, h.offeredTo(ana), queued.ID)
		require.Equal(t, store.StatusOpen, h.conversation(parked.ID).Status)
	})

	t.Run("after a restart every customer gets the window to reconnect", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.pick(ana)
		h.restart()
		h.clock.Advance(3 * time.Minute)
		require.Equal(t, store.StatusWrapUp, h.conversation(c.ID).Status)
	})

	t.Run("the window is a setting", func(t *testing.T) {
		h := newHarness(t)
		h.changeSettings(func(s *settings.Settings) { s.Durations.Disconnect = 10 * time.Second })
		ana := h.online("Ana Agent", 100)
		c := h.pick(ana)
		h.router.CustomerConnected(c.ID)
		h.router.CustomerDisconnected(c.ID)
		h.clock.Advance(10 * time.Second)
		require.Equal(t, store.StatusWrapUp, h.conversation(c.ID).Status)
	})
}
