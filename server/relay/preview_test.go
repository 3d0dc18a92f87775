package relay_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// A message changes its conversation's preview for whoever lists it: every
// agent for a queued conversation, only the assignee and the admins for an
// assigned one.
func TestPreviewReachesWhoListsTheConversation(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ws, err := st.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	var agents []store.Agent
	var sessions []string
	for _, a := range []struct{ email, role string }{{"ana@example.com", "agent"}, {"ben@example.com", "agent"}, {"cy@example.com", "admin"}} {
		ag, err := st.CreateAgent(ctx, a.email, a.email, a.role, "correct horse battery")
		require.NoError(t, err)
		agents = append(agents, ag)
		session, err := st.CreateAuthSession(ctx, ag.ID, time.Hour)
		require.NoError(t, err)
		sessions = append(sessions, session)
	}
	queued, err := st.StartConversation(ctx, ws.ID)
	require.NoError(t, err)
	assigned, err := st.StartConversation(ctx, ws.ID)
	require.NoError(t, err)
	_, err = st.AssignConversation(ctx, assigned.ID, agents[0].ID)
	require.NoError(t, err)

	rl := relay.New(st, relay.NewLocalBus(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.URL.Query().Get("agent"))
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		rl.Serve(r.Context(), c, &agents[i], sessions[i])
	}))
	t.Cleanup(srv.Close)
	var conns []*websocket.Conn
	for i := range agents {
		ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"?agent="+strconv.Itoa(i), nil)
		require.NoError(t, err)
		t.Cleanup(func() { ws.CloseNow() })
		write(t, ws, wire.Encode(wire.TypeHello, 0, 0, wire.Hello{}))
		frames(t, ws, wire.TypeReady)
		conns = append(conns, ws)
	}

	for _, id := range []int64{assigned.ID, queued.ID} {
		_, err := rl.Post(ctx, store.Message{ConversationID: id, Sender: wire.SenderCustomer, SenderName: "Visitor", Body: "hello"})
		require.NoError(t, err)
	}
	// Each connection gets the updates in order: the assigned
	// conversation's first, if at all, then the queued one's.
	for i, want := range [][]int64{{assigned.ID, queued.ID}, {queued.ID}, {assigned.ID, queued.ID}} {
		var got []int64
		for len(got) == 0 || got[len(got)-1] != queued.ID {
			e, _ := frames(t, conns[i], wire.TypeConversationUpdated)
			var c wire.Conversation
			require.NoError(t, json.Unmarshal(e.Data, &c))
			got = append(got, c.ID)
		}
		require.Equal(t, want, got, "the updates %s received", agents[i].Email)
	}
}
