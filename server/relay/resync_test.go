package relay_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/relay/natstest"
	"github.com/switchboard-cx/switchboard/server/store"
)

// Chatwoot's realtime went silently dead after a Redis restart; here a
// NATS restart loses what was published meanwhile, and every subscriber
// catches up from the store as soon as NATS is back, with no need for a
// later message to reveal the gap [O2].
func TestNATSRestartLosesNothing(t *testing.T) {
	ctx := context.Background()
	nats := natstest.Start(t)
	st, err := store.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ws, err := st.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	conv, err := st.StartConversation(ctx, ws.ID)
	require.NoError(t, err)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var relays []*relay.Relay
	for range 2 {
		bus, err := relay.DialNATS(nats.URL, log)
		require.NoError(t, err)
		t.Cleanup(func() { bus.Close() })
		relays = append(relays, relay.New(st, bus, log))
	}
	client := connect(t, serveRelay(t, relays[1]), conv.Token)
	post(t, relays[0], conv, 0)
	requireInOrder(t, client, 1)

	nats.Stop()
	post(t, relays[0], conv, 1) // stored, its publication lost
	post(t, relays[0], conv, 2)
	nats.Restart(t)

	got, err := seqs(t, client, 2)
	require.NoError(t, err)
	require.Equal(t, []int64{2, 3}, got)
}
