package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAuthSessions(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
	require.NoError(t, err)

	t.Run("a session token finds its agent", func(t *testing.T) {
		token, err := s.CreateAuthSession(ctx, alex.ID, time.Hour)
		require.NoError(t, err)
		require.Len(t, token, 43) // 32 bytes, unpadded base64
		got, err := s.AgentBySession(ctx, token)
		require.NoError(t, err)
		require.Equal(t, alex, got)
	})

	t.Run("only a hash of the token is stored", func(t *testing.T) {
		token, err := s.CreateAuthSession(ctx, alex.ID, time.Hour)
		require.NoError(t, err)
		var n int
		require.NoError(t, s.reader.QueryRowContext(ctx,
			`SELECT COUNT(*) FROM auth_sessions WHERE token_hash = ?`, token).Scan(&n))
		require.Zero(t, n)
		require.NoError(t, s.reader.QueryRowContext(ctx,
			`SELECT COUNT(*) FROM auth_sessions WHERE token_hash = ?`, hashToken(token)).Scan(&n))
		require.Equal(t, 1, n)
	})

	t.Run("an unknown token is not found", func(t *testing.T) {
		_, err := s.AgentBySession(ctx, "made-up")
		require.ErrorIs(t, err, ErrNotFound)
		_, err = s.AgentBySession(ctx, "")
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("a session expires after its ttl", func(t *testing.T) {
		start := time.Now()
		s.now = func() time.Time { return start }
		t.Cleanup(func() { s.now = time.Now })
		token, err := s.CreateAuthSession(ctx, alex.ID, time.Minute)
		require.NoError(t, err)

		s.now = func() time.Time { return start.Add(time.Minute - time.Millisecond) }
		_, err = s.AgentBySession(ctx, token)
		require.NoError(t, err)

		s.now = func() time.Time { return start.Add(time.Minute) }
		_, err = s.AgentBySession(ctx, token)
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("a deleted session is gone and deleting it again is fine", func(t *testing.T) {
		token, err := s.CreateAuthSession(ctx, alex.ID, time.Hour)
		require.NoError(t, err)
		require.NoError(t, s.DeleteAuthSession(ctx, token))
		_, err = s.AgentBySession(ctx, token)
		require.ErrorIs(t, err, ErrNotFound)
		require.NoError(t, s.DeleteAuthSession(ctx, token))
	})

	t.Run("disabling an agent ends its sessions", func(t *testing.T) {
		token, err := s.CreateAuthSession(ctx, alex.ID, time.Hour)
		require.NoError(t, err)
		require.NoError(t, s.SetAgentDisabled(ctx, alex.ID, true))
		t.Cleanup(func() { require.NoError(t, s.SetAgentDisabled(ctx, alex.ID, false)) })
		_, err = s.AgentBySession(ctx, token)
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("a session needs a known agent and a positive ttl", func(t *testing.T) {
		_, err := s.CreateAuthSession(ctx, 9999, time.Hour)
		require.ErrorIs(t, err, ErrNotFound)
		_, err = s.CreateAuthSession(ctx, alex.ID, 0)
		requireValidation(t, err, "ttl")
	})
}
