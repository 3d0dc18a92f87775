package relay_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/relay/natstest"
	"github.com/switchboard-cx/switchboard/server/store"
)

// unreliableBus is a network bus at its worst: of every pair of messages
// it delivers the second first, and it loses every fifth.
type unreliableBus struct {
	*relay.LocalBus
	mu   sync.Mutex
	held map[string]*wire.Envelope
}

func (b *unreliableBus) Publish(topic string, e wire.Envelope) {
	if e.Type != wire.TypeMessageCreated {
		b.LocalBus.Publish(topic, e)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case e.Seq%5 == 0:
		return // lost
	case b.held[topic] == nil:
		b.held[topic] = &e
	default:
		first := *b.held[topic]
		delete(b.held, topic)
		b.LocalBus.Publish(topic, e)
		b.LocalBus.Publish(topic, first)
	}
}

// serveRelay serves customer connections through rl.
func serveRelay(t *testing.T, rl *relay.Relay) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		rl.Serve(r.Context(), c, nil, "")
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

func post(t *testing.T, rl *relay.Relay, conv store.Conversation, i int) {
	t.Helper()
	_, err := rl.Post(context.Background(), store.Message{
		ConversationID: conv.ID, Sender: wire.SenderCustomer, SenderName: "Visitor 1",
		Body: "message " + strconv.Itoa(i), Key: "k" + strconv.Itoa(i),
	})
	require.NoError(t, err)
}

func requireInOrder(t *testing.T, ws *websocket.Conn, n int) {
	t.Helper()
	got, err := seqs(t, ws, n)
	require.NoError(t, err)
	want := make([]int64, n)
	for i := range want {
		want[i] = int64(i + 1)
	}
	require.Equal(t, want, got)
}

func TestGapFill(t *testing.T) {
	t.Run("messages reordered or lost on the bus reach a subscriber once each, in order [O2]", func(t *testing.T) {
		st, conv := newConversation(t)
		rl := relay.New(st, &unreliableBus{LocalBus: relay.NewLocalBus(), held: map[string]*wire.Envelope{}}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		client := connect(t, serveRelay(t, rl), conv.Token)
		const n = 41 // the last, odd, one is held back: its successor shows the gap
		for i := range n + 1 {
			post(t, rl, conv, i)
		}
		requireInOrder(t, client, n+1)
	})
}

func TestNATSBus(t *testing.T) {
	t.Run("a message posted through one process reaches a subscriber of another, in order [O2]", func(t *testing.T) {
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
		relays := make([]*relay.Relay, 2)
		for i := range relays {
			bus, err := relay.DialNATS(nats.URL, log)
			require.NoError(t, err)
			t.Cleanup(func() { bus.Close() })
			relays[i] = relay.New(st, bus, log)
		}
		a := connect(t, serveRelay(t, relays[0]), conv.Token)
		b := connect(t, serveRelay(t, relays[1]), conv.Token)
		const n = 60
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); post(t, relays[i%2], conv, i) }()
		}
		wg.Wait()
		requireInOrder(t, a, n)
		requireInOrder(t, b, n)
	})
}

func TestNATSBusHealth(t *testing.T) {
	t.Run("the relay is unhealthy while NATS is unreachable, and healthy again after [O2]", func(t *testing.T) {
		nats := natstest.Start(t)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		bus, err := relay.DialNATS(nats.URL, log)
		require.NoError(t, err)
		t.Cleanup(func() { bus.Close() })
		rl := relay.New(nil, bus, log)
		require.NoError(t, rl.Healthy())
		nats.Stop()
		require.Eventually(t, func() bool { return rl.Healthy() != nil }, 30*time.Second, 10*time.Millisecond)
		nats.Restart(t)
		require.Eventually(t, func() bool { return rl.Healthy() == nil }, 30*time.Second, 10*time.Millisecond)
	})
}
