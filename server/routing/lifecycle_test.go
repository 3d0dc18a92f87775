package routing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

func TestLifecycle(t *testing.T) {
	t.Run("closing a live chat that was not ended sends it back to the queue, to someone else", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		_, err := h.router.Accept(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		ben := h.online("Ben Agent", 100)
		require.Empty(t, h.offeredTo(ben))

		got, err := h.router.Close(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, store.StatusOpen, got.Status)
		require.Zero(t, got.AgentID)
		require.Equal(t, []string{
			"Ana Agent joined the chat.",
			"Ana Agent left the chat. The conversation went back to the queue.",
		}, h.notes(c.ID))
		require.Empty(t, h.offeredTo(ana))
		require.Equal(t, []int64{c.ID}, h.offeredTo(ben))
		require.Equal(t, available, h.presence(ana))

		_, err = h.router.Accept(ctx, ben.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, "Ben Agent joined the chat.", h.lastNote(c.ID))
	})

	t.Run("end, then close: wrap-up, then closed, with who and when", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.pick(ana)

		ended, err := h.router.End(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, store.StatusWrapUp, ended.Status)
		require.Equal(t, "Ana Agent ended the chat.", h.lastNote(ended.ID))
		require.Equal(t, available, h.presence(ana), "wrap-up uses no capacity")

		again, err := h.router.End(ctx, ana.Agent, c.ID)
		require.NoError(t, err, "ending twice is harmless")
		require.Equal(t, ended, again)

		start := time.Now().Add(-time.Second)
		closed, err := h.router.Close(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, store.StatusClosed, closed.Status)
		require.Equal(t, ana.ID, closed.ClosedBy)
		require.Equal(t, ana.ID, closed.AgentID)
		require.WithinDuration(t, time.Now(), closed.ClosedAt, 5*time.Second)
		require.Equal(t, []string{
			"Ana Agent joined the chat.",
			"Ana Agent ended the chat.",
			"Ana Agent closed the conversation.",
		}, h.notes(c.ID))

		list, err := h.st.ClosedBy(ctx, ana.ID, start)
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.Equal(t, c.ID, list[0].ID)
		list, err = h.st.ClosedBy(ctx, ana.ID, time.Now().Add(time.Hour))
		require.NoError(t, err)
		require.Empty(t, list)

		_, err = h.router.Close(ctx, ana.Agent, c.ID)
		require.NoError(t, err, "closing twice is harmless")
		require.Len(t, h.notes(c.ID), 3)
	})

	t.Run("closing a persistent chat that was not ended parks it and frees capacity", func(t *testing.T) {
		h := newHarness(t)
		ws, err := h.st.CreateWorkstream(ctx, store.Workstream{
			Name: "Orders", Channel: "chat", Mode: store.ModePersistent, CapacityUnits: 50,
			OfferTimeout: time.Minute, WaitingPeriod: 28 * 24 * time.Hour,
		})
		require.NoError(t, err)
		ana := h.online("Ana Agent", 100)
		c, err := h.st.StartConversation(ctx, ws.ID)
		require.NoError(t, err)
		require.Equal(t, "Orders", c.WorkstreamName)
		require.Equal(t, store.ModePersistent, c.Mode)
		_, err = h.router.Pick(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, busy, h.presence(ana))

		got, err := h.router.Close(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, store.StatusWaiting, got.Status)
		require.Equal(t, ana.ID, got.AgentID)
		require.Equal(t, "Ana Agent closed the session. The conversation is waiting for the customer.", h.lastNote(got.ID))
		require.Equal(t, available, h.presence(ana))
	})

	t.Run("illegal transitions are refused and change nothing", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		ben := h.online("Ben Agent", 100)
		queued := h.chat()
		mine := h.pick(ana)

		_, err := h.router.End(ctx, ana.Agent, queued.ID)
		require.ErrorIs(t, err, store.ErrNotAssigned, "ending a queued chat")
		_, err = h.router.Close(ctx, ana.Agent, queued.ID)
		require.ErrorIs(t, err, store.ErrNotAssigned, "closing a queued chat")
		_, err = h.router.End(ctx, ben.Agent, mine.ID)
		require.ErrorIs(t, err, store.ErrNotAssigned, "ending a colleague's chat")
		_, err = h.router.Close(ctx, ben.Agent, mine.ID)
		require.ErrorIs(t, err, store.ErrNotAssigned, "closing a colleague's chat")
		_, err = h.router.End(ctx, ana.Agent, 9999)
		require.ErrorIs(t, err, store.ErrNotFound)

		h.end(ana, mine)
		_, err = h.router.Close(ctx, ana.Agent, mine.ID)
		require.NoError(t, err)
		var te *store.TransitionError
		_, err = h.router.End(ctx, ana.Agent, mine.ID)
		require.ErrorAs(t, err, &te, "ending a closed chat")
		require.Equal(t, store.StatusClosed, te.From)
		_, err = h.router.Pick(ctx, ana.Agent, mine.ID)
		require.ErrorIs(t, err, store.ErrClosed, "picking a closed chat")

		require.Equal(t, store.StatusClosed, h.conversation(mine.ID).Status)
		require.Equal(t, store.StatusOpen, h.conversation(queued.ID).Status)
		require.Len(t, h.notes(mine.ID), 3)
		require.Empty(t, h.notes(queued.ID))
	})

	t.Run("every change tells every agent and the conversation's subscribers", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.pick(ana)
		var statuses []string
		// "agents" is the relay's topic for what every agent's list shows.
		cancel := h.bus.Subscribe("agents", func(e wire.Envelope) {
			if e.Type == wire.TypeConversationUpdated {
				statuses = append(statuses, decode[wire.Conversation](t, e).Status)
			}
		})
		defer cancel()
		h.end(ana, c)
		_, err := h.router.Close(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, []string{store.StatusWrapUp, store.StatusClosed}, statuses)
	})
}
