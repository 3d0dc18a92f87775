package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A consult ends on the word of either of its agents, or of the
// conversation (agent 0) when it is no longer active; no one else ends it.
func TestEndConsult(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
	require.NoError(t, err)
	bo, err := s.CreateAgent(ctx, "bo@example.com", "Bo Agent", "agent", "password1")
	require.NoError(t, err)
	cleo, err := s.CreateAgent(ctx, "cleo@example.com", "Cleo Agent", "agent", "password1")
	require.NoError(t, err)
	c := newTestConversation(t, s)
	moveTo(t, s, c.ID, alex.ID, StatusActive)

	for _, by := range []int64{alex.ID, bo.ID, 0} {
		_, err := s.CreateConsult(ctx, c.ID, alex.ID, bo.ID)
		require.NoError(t, err)
		_, err = s.EndConsult(ctx, c.ID, cleo.ID)
		require.ErrorIs(t, err, ErrNotFound, "Cleo is not in it")
		k, err := s.EndConsult(ctx, c.ID, by)
		require.NoError(t, err)
		require.Equal(t, bo.ID, k.AgentID)
		_, err = s.ConsultOf(ctx, c.ID)
		require.ErrorIs(t, err, ErrNotFound)
	}
}
