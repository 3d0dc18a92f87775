package relay_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// setup serves customer connections of one conversation through a Relay.
func setup(t *testing.T, queue int) (*relay.Relay, store.Conversation, string) {
	t.Helper()
	st, conv := newConversation(t)
	rl, url := serveWith(t, st, relay.NewLocalBus(), func(rl *relay.Relay) { rl.QueueSize = queue })
	return rl, conv, url
}

func connect(t *testing.T, url, token string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, url, nil)
	require.NoError(t, err)
	t.Cleanup(func() { ws.CloseNow() })
	b, _ := json.Marshal(wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: token}))
	require.NoError(t, ws.Write(ctx, websocket.MessageText, b))
	_, b, err = ws.Read(ctx)
	require.NoError(t, err)
	require.Contains(t, string(b), `"type":"ready"`)
	return ws
}

// seqs reads message.created frames until n arrived or the socket closed.
func seqs(t *testing.T, ws *websocket.Conn, n int) ([]int64, error) {
	t.Helper()
	var got []int64
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for len(got) < n {
		_, b, err := ws.Read(ctx)
		if err != nil {
			return got, err
		}
		var e wire.Envelope
		require.NoError(t, json.Unmarshal(b, &e))
		if e.Type == wire.TypeMessageCreated {
			got = append(got, e.Seq)
		}
	}
	return got, nil
}

func TestRelayOrdering(t *testing.T) {
	t.Run("concurrent senders: every subscriber sees 1..N in order, each once", func(t *testing.T) {
		rl, conv, url := setup(t, 1024)
		a, b := connect(t, url, conv.Token), connect(t, url, conv.Token)
		const senders, each = 8, 25
		var wg sync.WaitGroup
		for s := range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					_, err := rl.Post(context.Background(), store.Message{
						ConversationID: conv.ID, Sender: wire.SenderCustomer, SenderName: "Visitor 1",
						Body: "message", Key: strconv.Itoa(s) + "-" + strconv.Itoa(i),
					})
					require.NoError(t, err)
				}
			}()
		}
		wg.Wait()
		for _, ws := range []*websocket.Conn{a, b} {
			got, err := seqs(t, ws, senders*each)
			require.NoError(t, err)
			for i, seq := range got {
				require.Equal(t, int64(i+1), seq)
			}
		}
	})

	t.Run("a subscriber that cannot keep up is cut off without holding up the others", func(t *testing.T) {
		rl, conv, url := setup(t, 256)
		stalled := connect(t, url, conv.Token) // never reads until the end
		reader := connect(t, url, conv.Token)
		// 1,200 messages of 12 KB: far more than the socket buffers and the
		// queue hold. The publisher waits for the reader after each batch,
		// so the reader never falls behind, while the stalled one must.
		const n, batch = 1200, 50
		body := strings.Repeat("€", 4000)
		var received atomic.Int64
		done := make(chan []int64)
		go func() {
			var got []int64
			// Generous bounds, not targets: with -race on a loaded
			// machine, 14 MB through two websockets takes minutes.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			for len(got) < n {
				_, b, err := reader.Read(ctx)
				if err != nil {
					break
				}
				var e wire.Envelope
				if json.Unmarshal(b, &e) == nil && e.Type == wire.TypeMessageCreated {
					got = append(got, e.Seq)
					received.Store(int64(len(got)))
				}
			}
			done <- got
		}()
		for i := range n {
			_, err := rl.Post(context.Background(), store.Message{
				ConversationID: conv.ID, Sender: wire.SenderCustomer, SenderName: "Visitor 1",
				Body: body, Key: "k" + strconv.Itoa(i),
			})
			require.NoError(t, err)
			if (i+1)%batch == 0 {
				require.Eventually(t, func() bool { return received.Load() >= int64(i+1) }, 5*time.Minute, time.Millisecond,
					"the reading subscriber was held up at %d", received.Load())
			}
		}
		got := <-done
		require.Len(t, got, n)
		for i, seq := range got {
			require.Equal(t, int64(i+1), seq)
		}
		missed, err := seqs(t, stalled, n)
		// Its socket is full, so the close frame may not get through: it sees
		// the connection end, not necessarily a close status.
		require.Error(t, err, "the stalled subscriber should have been disconnected")
		require.NotErrorIs(t, err, context.DeadlineExceeded)
		require.Less(t, len(missed), n)
	})
}

// frames reads until a frame of type typ and returns the types before it.
func frames(t *testing.T, ws *websocket.Conn, typ string) (wire.Envelope, []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var before []string
	for {
		_, b, err := ws.Read(ctx)
		require.NoError(t, err)
		var e wire.Envelope
		require.NoError(t, json.Unmarshal(b, &e))
		if e.Type == typ {
			return e, before
		}
		before = append(before, e.Type)
	}
}

func write(t *testing.T, ws *websocket.Conn, e wire.Envelope) {
	t.Helper()
	b, err := json.Marshal(e)
	require.NoError(t, err)
	require.NoError(t, ws.Write(context.Background(), websocket.MessageText, b))
}

func TestTyping(t *testing.T) {
	t.Run("typing reaches the conversation's other connections, never the one that sent it", func(t *testing.T) {
		_, conv, url := setup(t, 64)
		sender, other := connect(t, url, conv.Token), connect(t, url, conv.Token)
		write(t, sender, wire.Envelope{Type: wire.TypeTyping, Conversation: conv.ID})
		write(t, sender, wire.Encode(wire.TypeMessageSend, conv.ID, 0, wire.MessageSend{Key: "k1", Body: "hi"}))

		_, before := frames(t, sender, wire.TypeAck)
		require.NotContains(t, before, wire.TypeTyping)
		got, before := frames(t, other, wire.TypeTyping)
		require.Empty(t, before, "typing comes before the message it precedes")
		require.Equal(t, conv.ID, got.Conversation)
		require.Zero(t, got.Seq)
		require.JSONEq(t, `{"sender":"customer","name":"Visitor 1"}`, string(got.Data))
	})

	t.Run("a customer cannot type into another conversation", func(t *testing.T) {
		_, conv, url := setup(t, 64)
		ws := connect(t, url, conv.Token)
		write(t, ws, wire.Envelope{Type: wire.TypeTyping, Conversation: conv.ID + 1})
		e, _ := frames(t, ws, wire.TypeError)
		require.Contains(t, string(e.Data), `"code":"unauthorized"`)
	})
}

// watch is a Routing that records who left.
type watch struct {
	agents    chan int64
	customers chan int64
}

func newWatch() *watch { return &watch{agents: make(chan int64, 8), customers: make(chan int64, 8)} }

func (w *watch) Presence(int64) wire.Presence            { return wire.Presence{} }
func (w *watch) AgentConnected(int64)                    {}
func (w *watch) AgentDisconnected(id int64)              { w.agents <- id }
func (w *watch) CustomerWrote(store.Message)             {}
func (w *watch) CustomerConnected(int64)                 {}
func (w *watch) CustomerDisconnected(conversation int64) { w.customers <- conversation }

// A peer whose network vanished sends no close: the pings notice that no
// pong comes back, and the connection is dropped, so routing sees the
// customer leave [C7] (and an agent go offline after the grace [P4]).
func TestASilentPeerIsDropped(t *testing.T) {
	rl, conv, url := setup(t, 64)
	rl.PingEvery, rl.PingTimeout = 20*time.Millisecond, 200*time.Millisecond
	w := newWatch()
	rl.Routing = w
	// Says hello, then never reads again: a client that reads nothing
	// answers no ping, as a peer behind a dead network does not.
	connect(t, url, conv.Token)
	select {
	case id := <-w.customers:
		require.Equal(t, conv.ID, id)
	case <-time.After(time.Minute):
		t.Fatal("the silent customer was never dropped")
	}
}
