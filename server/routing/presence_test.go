package routing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
)

var (
	available = wire.Presence{Status: wire.PresenceAvailable}
	busy      = wire.Presence{Status: wire.PresenceBusy}
	dnd       = wire.Presence{Status: wire.PresenceDND}
	offline   = wire.Presence{Status: wire.PresenceOffline}
)

// pick gives the agent a new active chat.
func (h *harness) pick(a *agent) store.Conversation {
	h.t.Helper()
	c, err := h.st.StartConversation(ctx, h.ws.ID)
	require.NoError(h.t, err)
	c, err = h.router.Pick(ctx, a.Agent, c.ID)
	require.NoError(h.t, err)
	return c
}

func (h *harness) end(a *agent, c store.Conversation) {
	h.t.Helper()
	_, err := h.router.End(ctx, a.Agent, c.ID)
	require.NoError(h.t, err)
}

func TestAutomaticPresence(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 40)

	t.Run("signing in makes a free agent available", func(t *testing.T) {
		require.Equal(t, available, h.presence(ana))
	})

	first := h.pick(ana)

	t.Run("partly used capacity makes the agent busy", func(t *testing.T) {
		require.Equal(t, busy, h.presence(ana))
		require.Equal(t, []string{wire.PresenceBusy}, ana.presences(t))
	})

	second := h.pick(ana)

	t.Run("fully used capacity makes the agent do not disturb", func(t *testing.T) {
		require.Equal(t, dnd, h.presence(ana))
		require.Equal(t, []string{wire.PresenceDND}, ana.presences(t))
	})

	t.Run("freeing capacity brings busy, then available, back", func(t *testing.T) {
		h.end(ana, second)
		require.Equal(t, busy, h.presence(ana))
		h.end(ana, first)
		require.Equal(t, available, h.presence(ana))
		require.Equal(t, []string{wire.PresenceBusy, wire.PresenceAvailable}, ana.presences(t))
	})
}

func TestManualPresence(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 40)

	t.Run("a manual do not disturb sticks across capacity changes", func(t *testing.T) {
		require.Equal(t, wire.Presence{Status: wire.PresenceDND, Manual: true}, setPresence(h, ana, wire.PresenceDND))
		c := h.pick(ana)
		require.Equal(t, wire.Presence{Status: wire.PresenceDND, Manual: true}, h.presence(ana))
		h.end(ana, c)
		require.Equal(t, wire.Presence{Status: wire.PresenceDND, Manual: true}, h.presence(ana))
	})

	c := h.pick(ana)

	t.Run("auto hands presence back to the rules", func(t *testing.T) {
		require.Equal(t, busy, setPresence(h, ana, routing.PresenceAuto))
		require.Equal(t, busy, h.presence(ana))
	})

	t.Run("a manual available is applied but does not stick", func(t *testing.T) {
		require.Equal(t, available, setPresence(h, ana, wire.PresenceAvailable))
		h.end(ana, c)
		require.Equal(t, available, h.presence(ana))
		h.pick(ana)
		require.Equal(t, busy, h.presence(ana), "the next capacity change applies the rules again")
	})

	t.Run("away and appear offline stick too", func(t *testing.T) {
		require.Equal(t, wire.Presence{Status: wire.PresenceAway, Manual: true}, setPresence(h, ana, wire.PresenceAway))
		h.pick(ana)
		require.Equal(t, wire.Presence{Status: wire.PresenceAway, Manual: true}, h.presence(ana))
		require.Equal(t, wire.Presence{Status: wire.PresenceOffline, Manual: true}, setPresence(h, ana, wire.PresenceOffline))
	})

	t.Run("an unknown or system-only status is refused", func(t *testing.T) {
		for _, status := range []string{"", "lunch", wire.PresenceInactive} {
			_, err := h.router.SetPresence(ctx, ana.ID, status)
			var v *store.ValidationError
			require.ErrorAs(t, err, &v, status)
			require.Equal(t, "status", v.Field)
		}
		require.Equal(t, wire.PresenceOffline, h.presence(ana).Status)
	})

	t.Run("signing in keeps a sticky presence and resets any other", func(t *testing.T) {
		p, err := h.router.SignedIn(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, wire.Presence{Status: wire.PresenceOffline, Manual: true}, p)
		setPresence(h, ana, wire.PresenceBusy)
		require.Equal(t, dnd, setPresence(h, ana, routing.PresenceAuto), "two chats fill 40 units")
		setPresence(h, ana, wire.PresenceAvailable)
		p, err = h.router.SignedIn(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, dnd, p)
	})
}

func TestSessionLimitPresence(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 100)
	h.pick(ana)

	t.Run("reaching the session limit forces do not disturb", func(t *testing.T) {
		p, err := h.router.SetSessionLimit(ctx, ana.ID, true)
		require.NoError(t, err)
		require.Equal(t, dnd, p)
		h.pick(ana)
		require.Equal(t, dnd, h.presence(ana), "while it lasts")
	})

	t.Run("a pending offer stays at the session limit", func(t *testing.T) {
		// Offered just before the panel filled up: it can be accepted once a
		// session is closed [S11].
		h2 := newHarness(t)
		ben := h2.online("Ben Agent", 100)
		c := h2.chat()
		_, err := h2.router.SetSessionLimit(ctx, ben.ID, true)
		require.NoError(t, err)
		require.Equal(t, []int64{c.ID}, h2.offeredTo(ben))
	})

	t.Run("lifting it applies the rules again", func(t *testing.T) {
		p, err := h.router.SetSessionLimit(ctx, ana.ID, false)
		require.NoError(t, err)
		require.Equal(t, busy, p)
	})

	t.Run("it does not override a sticky presence", func(t *testing.T) {
		setPresence(h, ana, wire.PresenceAway)
		p, err := h.router.SetSessionLimit(ctx, ana.ID, true)
		require.NoError(t, err)
		require.Equal(t, wire.Presence{Status: wire.PresenceAway, Manual: true}, p)
		_, err = h.router.SetSessionLimit(ctx, ana.ID, false)
		require.NoError(t, err)
		require.Equal(t, wire.Presence{Status: wire.PresenceAway, Manual: true}, h.presence(ana))
	})
}

func TestPresenceWithoutConnection(t *testing.T) {
	t.Run("an agent without a websocket for 2.5 minutes shows offline", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		h.router.AgentConnected(ana.ID) // a second window
		h.router.AgentDisconnected(ana.ID)
		h.clock.Advance(time.Hour)
		require.Equal(t, available, h.presence(ana), "one window is still open")

		h.router.AgentDisconnected(ana.ID)
		h.clock.Advance(150*time.Second - time.Millisecond)
		require.Equal(t, available, h.presence(ana))
		h.clock.Advance(time.Millisecond)
		require.Equal(t, offline, h.presence(ana))
		require.Equal(t, []string{wire.PresenceOffline}, ana.presences(t))
	})

	t.Run("coming back sooner keeps the presence", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		setPresence(h, ana, wire.PresenceAway)
		ana.presences(t)
		h.router.AgentDisconnected(ana.ID)
		h.clock.Advance(2 * time.Minute)
		h.router.AgentConnected(ana.ID)
		h.clock.Advance(time.Hour)
		require.Equal(t, wire.Presence{Status: wire.PresenceAway, Manual: true}, h.presence(ana))
		require.Empty(t, ana.presences(t), "nothing changed on the way")
	})

	t.Run("coming back later restores the presence from before", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		setPresence(h, ana, wire.PresenceAway)
		h.router.AgentDisconnected(ana.ID)
		h.clock.Advance(3 * time.Minute)
		require.Equal(t, offline, h.presence(ana))
		h.router.AgentConnected(ana.ID)
		require.Equal(t, wire.Presence{Status: wire.PresenceAway, Manual: true}, h.presence(ana))
	})

	t.Run("an automatic presence comes back as the rules say", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.pick(ana)
		h.router.AgentDisconnected(ana.ID)
		h.clock.Advance(3 * time.Minute)
		h.end(ana, c) // say, ended for her while she was away
		require.Equal(t, offline, h.presence(ana))
		h.router.AgentConnected(ana.ID)
		require.Equal(t, available, h.presence(ana))
	})

	t.Run("after a restart agents get the same grace period to reconnect", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		ben := h.online("Ben Agent", 100)
		h.restart()
		h.router.AgentConnected(ana.ID)
		h.clock.Advance(150 * time.Second)
		require.Equal(t, available, h.presence(ana))
		require.Equal(t, offline, h.presence(ben))
	})
}

func TestChoosingUnavailableWithdrawsOffers(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 100)
	ben := h.online("Ben Agent", 100)
	c := h.chat()
	require.Equal(t, []int64{c.ID}, h.offeredTo(ana))

	t.Run("an agent choosing do not disturb loses the offer to another agent", func(t *testing.T) {
		setPresence(h, ana, wire.PresenceDND)
		require.Equal(t, []wire.OfferWithdrawn{{Conversation: c.ID, Reason: routing.ReasonUnavailable}}, ana.withdrawals(t))
		require.Equal(t, []int64{c.ID}, h.offeredTo(ben))
	})

	t.Run("it was not a refusal: back to available, she can be offered it again", func(t *testing.T) {
		setPresence(h, ana, wire.PresenceAvailable)
		require.NoError(t, h.router.Reject(ctx, ben.Agent, c.ID))
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})
}

func TestDefaultPresenceAtSignIn(t *testing.T) {
	h := newHarness(t)
	h.changeSettings(func(s *settings.Settings) { s.DefaultPresence = wire.PresenceBusy })
	ana := h.online("Ana Agent", 100)

	t.Run("the administrator's busy is what a free agent signs in with", func(t *testing.T) {
		require.Equal(t, busy, h.presence(ana))
	})

	t.Run("a busy agent is still offered work, and the rules take over after", func(t *testing.T) {
		c := h.chat()
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
		_, err := h.router.Accept(ctx, ana.Agent, c.ID)
		require.NoError(t, err)
		h.end(ana, c)
		require.Equal(t, available, h.presence(ana))
	})

	t.Run("a manual presence still sticks across a sign-in", func(t *testing.T) {
		setPresence(h, ana, wire.PresenceAway)
		_, err := h.router.SignedIn(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, wire.Presence{Status: wire.PresenceAway, Manual: true}, h.presence(ana))
	})

	t.Run("available, the default, leaves it to the rules", func(t *testing.T) {
		h.changeSettings(func(s *settings.Settings) { s.DefaultPresence = wire.PresenceAvailable })
		require.Equal(t, busy, setPresence(h, ana, wire.PresenceBusy))
		_, err := h.router.SignedIn(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, available, h.presence(ana))
	})
}
