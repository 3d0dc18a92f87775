package relay_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// hookBus is the in-process bus with a hook that runs after each
// Subscribe, before the subscriber's replay reads the store.
type hookBus struct {
	*relay.LocalBus
	mu          sync.Mutex
	onSubscribe func(topic string)
}

func (b *hookBus) Subscribe(topic string, handle func(wire.Envelope)) func() {
	cancel := b.LocalBus.Subscribe(topic, handle)
	b.mu.Lock()
	hook := b.onSubscribe
	b.onSubscribe = nil // once
	b.mu.Unlock()
	if hook != nil {
		hook(topic)
	}
	return cancel
}

// serveWith runs a relay over st and bus for customer websockets.
func serveWith(t *testing.T, st *store.Store, bus relay.Bus, set func(*relay.Relay)) (*relay.Relay, string) {
	t.Helper()
	rl := relay.New(st, bus, slog.New(slog.NewTextHandler(io.Discard, nil)))
	set(rl)
	return rl, serveRelay(t, rl)
}

func newConversation(t *testing.T) (*store.Store, store.Conversation) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ws, err := st.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	conv, err := st.StartConversation(ctx, ws.ID)
	require.NoError(t, err)
	return st, conv
}

func customerMessage(conv store.Conversation, key string) store.Message {
	return store.Message{ConversationID: conv.ID, Sender: wire.SenderCustomer, SenderName: "Visitor 1", Body: "message " + key, Key: key}
}

// A message published while a subscriber's replay runs is stored before it
// is published, so the replay reads it too: the subscriber gets it once.
func TestAMessageDuringTheReplayArrivesOnce(t *testing.T) {
	st, conv := newConversation(t)
	bus := &hookBus{LocalBus: relay.NewLocalBus()}
	rl, url := serveWith(t, st, bus, func(*relay.Relay) {})
	for i := 1; i <= 3; i++ {
		_, err := rl.Post(context.Background(), customerMessage(conv, strconv.Itoa(i)))
		require.NoError(t, err)
	}
	// The customer's hello subscribes, then replays from seq 0; between
	// the two, message 4 is stored and published, so it reaches the
	// subscription live while the replay is still to read it.
	bus.onSubscribe = func(string) {
		_, err := rl.Post(context.Background(), customerMessage(conv, "4"))
		require.NoError(t, err)
	}
	ws := connect(t, url, conv.Token)
	_, err := rl.Post(context.Background(), customerMessage(conv, "5"))
	require.NoError(t, err)
	got, err := seqs(t, ws, 5)
	require.NoError(t, err)
	require.Equal(t, []int64{1, 2, 3, 4, 5}, got, "each seq once, in order")
}

// Every connection may send Burst frames at once and then FramesPerSecond:
// a frame beyond that is refused, naming its key, and stored nowhere.
func TestFramesBeyondTheRateAreRefused(t *testing.T) {
	st, conv := newConversation(t)
	_, url := serveWith(t, st, relay.NewLocalBus(), func(rl *relay.Relay) {
		// Three at once and, for this test's life, no more.
		rl.FramesPerSecond, rl.Burst = 1e-6, 3
	})
	ws := connect(t, url, conv.Token)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := 1; i <= 4; i++ {
		send := wire.Encode(wire.TypeMessageSend, conv.ID, 0, wire.MessageSend{Body: "hi", Key: "k" + strconv.Itoa(i)})
		b, _ := json.Marshal(send)
		require.NoError(t, ws.Write(ctx, websocket.MessageText, b))
	}
	var acks []string
	var refusal wire.Error
	for refusal.Code == "" {
		_, b, err := ws.Read(ctx)
		require.NoError(t, err)
		var e wire.Envelope
		require.NoError(t, json.Unmarshal(b, &e))
		switch e.Type {
		case wire.TypeAck:
			var a wire.Ack
			require.NoError(t, json.Unmarshal(e.Data, &a))
			acks = append(acks, a.Key)
		case wire.TypeError:
			require.NoError(t, json.Unmarshal(e.Data, &refusal))
		}
	}
	require.Equal(t, wire.ErrRateLimited, refusal.Code)
	require.Equal(t, "k4", refusal.Key)
	require.Equal(t, []string{"k1", "k2", "k3"}, acks)
	msgs, err := st.Messages(context.Background(), conv.ID, 0, 0)
	require.NoError(t, err)
	require.Len(t, msgs, 3)
}
