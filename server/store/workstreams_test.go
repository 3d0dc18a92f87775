package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestWorkstreams(t *testing.T) {
	ctx := context.Background()

	t.Run("the default chat workstream is created once", func(t *testing.T) {
		s := newTestStore(t)
		w, err := s.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		require.NotZero(t, w.ID)
		want := defaultWorkstream
		want.ID = w.ID
		require.Equal(t, want, w)
		require.Equal(t, 120*time.Second, w.OfferTimeout)
		require.Equal(t, 28*24*time.Hour, w.WaitingPeriod)

		again, err := s.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		require.Equal(t, w, again)
		all, err := s.Workstreams(ctx)
		require.NoError(t, err)
		require.Equal(t, []Workstream{w}, all)
	})

	t.Run("an existing chat workstream is used instead of a new default", func(t *testing.T) {
		s := newTestStore(t)
		_, err := s.CreateWorkstream(ctx, Workstream{Name: "Voice", Channel: "voice", Mode: "live", CapacityUnits: 1})
		require.NoError(t, err)
		support, err := s.CreateWorkstream(ctx, Workstream{
			Name: " Support ", Channel: "chat", Mode: "live", CapacityUnits: 5,
			OfferTimeout: 30 * time.Second, WaitingPeriod: time.Hour,
		})
		require.NoError(t, err)
		require.Equal(t, "Support", support.Name)

		w, err := s.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		require.Equal(t, support, w)
		all, err := s.Workstreams(ctx)
		require.NoError(t, err)
		require.Len(t, all, 2)
	})

	t.Run("pre-chat questions are off on a fresh install and can be turned on", func(t *testing.T) {
		s := newTestStore(t)
		_, err := s.DefaultChatWorkstream(ctx)
		require.ErrorIs(t, err, ErrNotFound)
		w, err := s.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		require.False(t, w.PreChat)
		w.PreChat = true
		_, err = s.UpdateWorkstream(ctx, w)
		require.NoError(t, err)
		got, err := s.DefaultChatWorkstream(ctx)
		require.NoError(t, err)
		require.True(t, got.PreChat)
		require.Equal(t, w, got)
	})

	t.Run("a workstream's settings can be changed, such as its offer timeout", func(t *testing.T) {
		s := newTestStore(t)
		w, err := s.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		w.OfferTimeout = 3 * time.Second
		w.Mode = ModePersistent
		updated, err := s.UpdateWorkstream(ctx, w)
		require.NoError(t, err)
		require.Equal(t, w, updated)
		got, err := s.Workstream(ctx, w.ID)
		require.NoError(t, err)
		require.Equal(t, w, got)

		w.CapacityUnits = 0
		_, err = s.UpdateWorkstream(ctx, w)
		requireValidation(t, err, "capacity_units")
		_, err = s.UpdateWorkstream(ctx, Workstream{ID: 9999, Name: "X", Channel: "chat", Mode: ModeLive, CapacityUnits: 1})
		require.ErrorIs(t, err, ErrNotFound)
		_, err = s.Workstream(ctx, 9999)
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("bad workstreams are rejected with the field named", func(t *testing.T) {
		s := newTestStore(t)
		ok := Workstream{Name: "Chat", Channel: "chat", Mode: "live", CapacityUnits: 1}
		cases := map[string]func(w *Workstream){
			"name":           func(w *Workstream) { w.Name = " " },
			"channel":        func(w *Workstream) { w.Channel = "" },
			"mode":           func(w *Workstream) { w.Mode = "" },
			"capacity_units": func(w *Workstream) { w.CapacityUnits = 0 },
			"offer_timeout":  func(w *Workstream) { w.OfferTimeout = -time.Second },
			"waiting_period": func(w *Workstream) { w.WaitingPeriod = -time.Second },
		}
		for field, breakIt := range cases {
			w := ok
			breakIt(&w)
			_, err := s.CreateWorkstream(ctx, w)
			requireValidation(t, err, field)
		}
	})
}
