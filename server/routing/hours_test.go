package routing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/hours"
	"github.com/switchboard-cx/switchboard/server/routing/routingtest"
	"github.com/switchboard-cx/switchboard/server/store"
)

// startingAt is a harness whose clock starts at the given instant.
func startingAt(t *testing.T, start time.Time) *harness {
	return newHarnessWith(t, func(h *harness) { h.clock = routingtest.NewClock(start) })
}

// setHours gives the default workstream business hours in Riga: the
// same ranges every day but those of days, and closed dates.
func (h *harness) setHours(every string, days map[time.Weekday]string, closed string) {
	h.t.Helper()
	in := hours.Text{Zone: "Europe/Riga", Closed: closed}
	for d := range in.Days {
		in.Days[d] = every
	}
	for d, v := range days {
		in.Days[d] = v
	}
	s, problems := hours.Parse(in)
	require.Empty(h.t, problems)
	_, err := h.st.SetBusinessHours(ctx, h.ws.ID, s, "")
	require.NoError(h.t, err)
}

// Routing offers nothing outside business hours, and offers what waited
// as the workstream opens [X3]. Riga is UTC+2 in winter, UTC+3 in summer.
func TestBusinessHoursRouting(t *testing.T) {
	t.Run("a chat just before opening waits, and is offered at opening", func(t *testing.T) {
		h := startingAt(t, time.Date(2026, 3, 2, 6, 59, 0, 0, time.UTC)) // Monday 08:59 in Riga
		h.setHours("09:00-17:00", nil, "")
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		require.Empty(t, h.offeredTo(ana), "closed: nothing is offered")
		require.Equal(t, store.StatusOpen, h.conversation(c.ID).Status, "it waits in the queue")
		h.clock.Advance(59 * time.Second)
		require.Empty(t, h.offeredTo(ana), "still a second before opening")
		h.clock.Advance(time.Second)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana), "offered at 09:00 with no other event")
	})

	t.Run("a chat just after closing waits until the next day's opening", func(t *testing.T) {
		h := startingAt(t, time.Date(2026, 3, 2, 14, 59, 59, 0, time.UTC)) // Monday 16:59:59
		h.setHours("09:00-17:00", nil, "")
		ana := h.online("Ana Agent", 100)
		before := h.chat()
		require.Equal(t, []int64{before.ID}, h.offeredTo(ana), "a second before closing it is offered")
		h.clock.Advance(time.Second)
		after := h.chat()
		require.Equal(t, []int64{before.ID}, h.offeredTo(ana), "at 17:00 nothing new is offered")
		h.clock.Advance(30 * time.Second)
		require.Equal(t, []int64{before.ID}, h.offeredTo(ana), "the offer made before closing runs its course")
		_, err := h.router.Accept(ctx, ana.Agent, before.ID)
		require.NoError(t, err, "and can be accepted after closing")
		h.clock.Advance(16*time.Hour - 31*time.Second) // Tuesday 08:59:59
		require.Empty(t, h.offeredTo(ana))
		h.clock.Advance(time.Second)
		require.Equal(t, []int64{after.ID}, h.offeredTo(ana))
	})

	t.Run("an offer refused after closing is not offered to anyone else until opening", func(t *testing.T) {
		h := startingAt(t, time.Date(2026, 3, 2, 14, 59, 0, 0, time.UTC))
		h.setHours("09:00-17:00", nil, "")
		ana, ben := h.online("Ana Agent", 100), h.online("Ben Agent", 100)
		c := h.chat()
		first := ana
		if len(h.offeredTo(ana)) == 0 {
			first = ben
		}
		h.clock.Advance(time.Minute) // 17:00
		h.sees(first)
		require.NoError(t, h.router.Reject(ctx, first.Agent, c.ID))
		require.Empty(t, h.offeredTo(ana))
		require.Empty(t, h.offeredTo(ben))
		require.Equal(t, store.StatusOpen, h.conversation(c.ID).Status)
	})

	t.Run("across the spring DST change it opens at 09:00 summer time", func(t *testing.T) {
		// Clocks in Riga go from 03:00 to 04:00 on Sunday 29 March 2026.
		h := startingAt(t, time.Date(2026, 3, 28, 20, 0, 0, 0, time.UTC)) // Saturday 22:00
		h.setHours("09:00-17:00", nil, "")
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		h.clock.Advance(9*time.Hour + 59*time.Minute) // 05:59 UTC = 08:59 EEST
		require.Empty(t, h.offeredTo(ana), "08:59 summer time is closed")
		h.clock.Advance(time.Minute) // 06:00 UTC = 09:00 EEST
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})

	t.Run("across the autumn DST change it opens at 09:00 winter time", func(t *testing.T) {
		// Clocks go from 04:00 back to 03:00 on Sunday 25 October 2026.
		h := startingAt(t, time.Date(2026, 10, 24, 20, 0, 0, 0, time.UTC))
		h.setHours("09:00-17:00", nil, "")
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		h.clock.Advance(10*time.Hour + 59*time.Minute) // 06:59 UTC = 08:59 EET
		require.Empty(t, h.offeredTo(ana), "09:59 had it stayed summer time, but 08:59 in winter")
		h.clock.Advance(time.Minute)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})

	t.Run("on a closed date nothing is offered all day", func(t *testing.T) {
		h := startingAt(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) // Monday 11:00
		h.setHours("09:00-17:00", map[time.Weekday]string{time.Sunday: ""}, "2026-03-02")
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		require.Empty(t, h.offeredTo(ana))
		h.clock.Advance(22*time.Hour - time.Second) // Tuesday 08:59:59
		require.Empty(t, h.offeredTo(ana))
		h.clock.Advance(time.Second)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})

	t.Run("a restart while closed still offers the queue at opening", func(t *testing.T) {
		h := startingAt(t, time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC)) // Monday 07:00
		h.setHours("09:00-17:00", nil, "")
		c := h.chat()
		h.restart()
		// The customer's page reconnects, as after any restart; a chat
		// whose customer stays away would close [C7].
		h.router.CustomerConnected(c.ID)
		ana := h.online("Ana Agent", 100)
		require.Empty(t, h.offeredTo(ana))
		h.clock.Advance(2 * time.Hour)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})

	t.Run("a workstream without hours is always open", func(t *testing.T) {
		h := startingAt(t, time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)) // Sunday 04:00
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})
}
