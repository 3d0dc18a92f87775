package routing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/settings"
)

// setRules stores the administrator's presence rules, as PUT
// /api/admin/settings does, and applies them.
func (h *harness) setRules(full, partial string, inactiveOnMiss bool) {
	h.t.Helper()
	h.changeSettings(func(s *settings.Settings) {
		s.Rules = settings.Rules{WhenFull: full, WhenPartial: partial, InactiveOnMiss: inactiveOnMiss}
	})
	h.router.RulesChanged(ctx)
}

// changeSettings saves the settings as change leaves them.
func (h *harness) changeSettings(change func(*settings.Settings)) {
	h.t.Helper()
	s, err := settings.Load(ctx, h.st)
	require.NoError(h.t, err)
	change(&s)
	require.NoError(h.t, settings.Save(ctx, h.st, s))
}

func TestConfiguredPresenceRules(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 40)

	s, err := settings.Load(ctx, h.st)
	require.NoError(t, err)
	require.Equal(t, settings.Rules{WhenFull: wire.PresenceDND, WhenPartial: wire.PresenceBusy}, s.Rules)

	first := h.pick(ana)
	require.Equal(t, busy, h.presence(ana), "the default rules")
	ana.presences(t)

	t.Run("a rules change applies at once, without a load change", func(t *testing.T) {
		h.setRules(wire.PresenceBusy, wire.PresenceAvailable, false)
		require.Equal(t, available, h.presence(ana))
		require.Equal(t, []string{wire.PresenceAvailable}, ana.presences(t))
	})

	second := h.pick(ana)

	t.Run("full capacity shows busy", func(t *testing.T) {
		require.Equal(t, busy, h.presence(ana))
	})

	t.Run("partial capacity shows available, and free capacity too", func(t *testing.T) {
		h.end(ana, second)
		require.Equal(t, available, h.presence(ana))
		h.end(ana, first)
		require.Equal(t, available, h.presence(ana))
	})

	t.Run("a partly used agent shown available is offered work", func(t *testing.T) {
		h.pick(ana)
		c := h.chat()
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})

	t.Run("the session limit still forces do not disturb", func(t *testing.T) {
		p, err := h.router.SetSessionLimit(ctx, ana.ID, true)
		require.NoError(t, err)
		require.Equal(t, dnd, p)
		p, err = h.router.SetSessionLimit(ctx, ana.ID, false)
		require.NoError(t, err)
		require.Equal(t, available, p)
	})

	t.Run("a manual do not disturb still sticks through a rules change", func(t *testing.T) {
		setPresence(h, ana, wire.PresenceDND)
		h.setRules(wire.PresenceDND, wire.PresenceBusy, false)
		require.Equal(t, wire.Presence{Status: wire.PresenceDND, Manual: true}, h.presence(ana))
		require.Equal(t, busy, setPresence(h, ana, routing.PresenceAuto))
	})
}

func TestInactiveOnMiss(t *testing.T) {
	inactive := wire.Presence{Status: wire.PresenceInactive}

	t.Run("a missed offer sets inactive until the agent chooses a presence", func(t *testing.T) {
		h := newHarness(t)
		h.setRules(wire.PresenceDND, wire.PresenceBusy, true)
		ana := h.online("Ana Agent", 100)
		first := h.chat()
		second := h.chat()
		require.Equal(t, []int64{first.ID, second.ID}, h.offeredTo(ana))
		ana.presences(t)
		h.sees(ana)

		h.clock.Advance(120 * time.Second)
		require.Equal(t, inactive, h.presence(ana))
		require.Contains(t, ana.presences(t), wire.PresenceInactive)
		require.Empty(t, h.offeredTo(ana), "what else was on offer is withdrawn")

		third := h.chat()
		require.Empty(t, h.offeredTo(ana), "nothing is offered while inactive")

		t.Run("load changes, reconnecting and signing in keep it", func(t *testing.T) {
			c := h.pick(ana)
			require.Equal(t, inactive, h.presence(ana))
			h.end(ana, c)
			h.router.AgentDisconnected(ana.ID)
			h.router.AgentConnected(ana.ID)
			_, err := h.router.SignedIn(ctx, ana.ID)
			require.NoError(t, err)
			h.router.RulesChanged(ctx)
			require.Equal(t, inactive, h.presence(ana))
			require.Empty(t, h.offeredTo(ana))
		})

		t.Run("choosing auto makes the agent routable again", func(t *testing.T) {
			require.Equal(t, available, setPresence(h, ana, routing.PresenceAuto))
			require.Equal(t, []int64{second.ID, third.ID}, h.offeredTo(ana),
				"what waits is offered to her, except the chat she let expire")
		})

		t.Run("inactive cannot be chosen", func(t *testing.T) {
			_, err := h.router.SetPresence(ctx, ana.ID, wire.PresenceInactive)
			require.Error(t, err)
		})
	})

	t.Run("choosing a presence from the menu lifts it too", func(t *testing.T) {
		h := newHarness(t)
		h.setRules(wire.PresenceDND, wire.PresenceBusy, true)
		ana := h.online("Ana Agent", 100)
		h.chat()
		h.sees(ana)
		h.clock.Advance(120 * time.Second)
		require.Equal(t, inactive, h.presence(ana))
		require.Equal(t, busy, setPresence(h, ana, wire.PresenceBusy))
		require.Empty(t, h.offeredTo(ana), "she let this one expire during its queue stay")
		c2 := h.chat()
		require.Equal(t, []int64{c2.ID}, h.offeredTo(ana))
	})

	t.Run("when off, a missed offer changes nothing", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		h.chat()
		h.sees(ana)
		ana.presences(t)
		h.clock.Advance(120 * time.Second)
		require.Equal(t, available, h.presence(ana))
		require.Empty(t, ana.presences(t))
		c := h.chat()
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})
}
