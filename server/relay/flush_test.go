package relay

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Messages that waited during a replay or catch-up go out only as far as
// they follow on without a gap: one the bus lost in between is left for
// the store to fill, never skipped [O2].
func TestWaitingMessagesNeverSkipALostOne(t *testing.T) {
	c := &conn{out: make(chan wire.Envelope, 8), done: make(chan struct{})}
	msg := func(seq int64) wire.Envelope {
		return wire.Encode(wire.TypeMessageCreated, 1, seq, wire.Message{Seq: seq})
	}
	// 3 was lost on the bus; 2 and 4 arrived, out of order, while 1 was
	// being read from the store.
	s := &subscription{last: 1, pending: []wire.Envelope{msg(4), msg(2), msg(2)}}
	require.True(t, c.flushLocked(s), "4 waits behind the lost 3")
	require.Equal(t, int64(2), s.last)
	require.Len(t, s.pending, 1)
	require.Equal(t, int64(4), s.pending[0].Seq)
	require.Len(t, c.out, 1, "2 went out, once")

	// The store gives 3; then 4 follows.
	c.queueLocked(s, msg(3))
	require.False(t, c.flushLocked(s))
	require.Empty(t, s.pending)
	var got []int64
	for len(c.out) > 0 {
		got = append(got, (<-c.out).Seq)
	}
	require.Equal(t, []int64{2, 3, 4}, got)
}
