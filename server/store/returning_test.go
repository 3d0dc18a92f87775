package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A customer who writes again from the same browser after their chat ended
// starts a new conversation linked to the old one, which the agent sees in
// the timeline; a token of a conversation still going, or none, links
// nothing [D2].
func TestReturningCustomer(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	w, err := s.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)

	first, err := s.StartChat(ctx, w.ID, PreChat{})
	require.NoError(t, err)
	still, err := s.StartChat(ctx, w.ID, PreChat{Previous: first.Token})
	require.NoError(t, err)
	require.Zero(t, still.PreviousID, "the first conversation has not ended")

	_, changed, err := s.Transition(ctx, first.ID, StatusOpen, StatusClosed, time.Time{})
	require.NoError(t, err)
	require.True(t, changed)
	again, err := s.StartChat(ctx, w.ID, PreChat{Previous: first.Token})
	require.NoError(t, err)
	require.Equal(t, first.ID, again.PreviousID)
	d, err := s.Details(ctx, again.ID)
	require.NoError(t, err)
	require.Len(t, d.Earlier, 1)
	require.Equal(t, first.ID, d.Earlier[0].ID)

	stranger, err := s.StartChat(ctx, w.ID, PreChat{Previous: "not a token"})
	require.NoError(t, err)
	require.Zero(t, stranger.PreviousID)
}
