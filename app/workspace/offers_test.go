package workspace

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func offer(id int64, left time.Duration) wire.Offer {
	return wire.Offer{Conversation: conv(id, "Visitor"), Timeout: 30, LeftMs: left.Milliseconds()}
}

func TestOffers(t *testing.T) {
	t.Run("the same conversation offered again replaces it and stays reported", func(t *testing.T) {
		var o Offers
		require.True(t, o.Add(offer(1, 30*time.Second), now))
		require.True(t, o.Add(offer(2, 30*time.Second), now))
		id, ok := o.ToShow()
		require.True(t, ok)
		require.Equal(t, int64(1), id, "only the oldest is on screen")
		_, ok = o.ToShow()
		require.False(t, ok, "reported once")

		again := offer(1, 20*time.Second)
		again.Message = "Hello?"
		require.False(t, o.Add(again, now.Add(10*time.Second)))
		require.Equal(t, 2, o.Len())
		first, _ := o.Oldest()
		require.Equal(t, "Hello?", first.Message)
		require.True(t, first.Reported)
		require.Equal(t, now.Add(30*time.Second), first.Deadline, "the deadline runs from what was left")
	})

	t.Run("a withdrawal puts the next one on screen, to be reported", func(t *testing.T) {
		var o Offers
		o.Add(offer(1, 30*time.Second), now)
		o.Add(offer(2, 30*time.Second), now)
		o.ToShow()
		require.True(t, o.Withdraw(1))
		require.False(t, o.Withdraw(1))
		id, ok := o.ToShow()
		require.True(t, ok)
		require.Equal(t, int64(2), id)
	})

	t.Run("an offer is hidden only a grace after its deadline", func(t *testing.T) {
		var o Offers
		o.Add(offer(1, 10*time.Second), now)
		o.Add(offer(2, 30*time.Second), now)
		at, ok := o.NextExpiry()
		require.True(t, ok)
		require.Equal(t, now.Add(10*time.Second+OfferGrace), at)
		require.False(t, o.Expire(now.Add(10*time.Second+OfferGrace-time.Millisecond)))
		require.True(t, o.Expire(now.Add(10*time.Second+OfferGrace)))
		first, _ := o.Oldest()
		require.Equal(t, int64(2), first.Conversation.ID)
		o.Reset()
		_, ok = o.NextExpiry()
		require.False(t, ok)
		_, ok = o.Oldest()
		require.False(t, ok)
	})
}

func TestCountdown(t *testing.T) {
	deadline := now.Add(15 * time.Second)
	secs, pct := Countdown(deadline, 30, now)
	require.Equal(t, []int{15, 50}, []int{secs, pct})
	secs, pct = Countdown(deadline, 30, now.Add(14600*time.Millisecond))
	require.Equal(t, []int{0, 1}, []int{secs, pct}, "rounded to the nearest second")
	secs, pct = Countdown(deadline, 30, now.Add(time.Minute))
	require.Equal(t, []int{0, 0}, []int{secs, pct}, "never below 0")
	secs, pct = Countdown(now.Add(time.Hour), 30, now)
	require.Equal(t, []int{3600, 100}, []int{secs, pct}, "never above the whole bar")
	_, pct = Countdown(deadline, 0, now)
	require.Zero(t, pct)
}
