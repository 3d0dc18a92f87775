package demo

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/store"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()

	t.Run("seeding twice works, rotates the password and adds nothing twice", func(t *testing.T) {
		t.Parallel()
		s, err := store.Open(ctx, t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })

		first, err := Seed(ctx, s)
		require.NoError(t, err)
		require.Equal(t, AdminEmail, first.Email)
		require.Len(t, first.Password, 16)
		require.Regexp(t, `^[A-Za-z0-9]{16}$`, first.Password)

		second, err := Seed(ctx, s)
		require.NoError(t, err)
		require.NotEqual(t, first.Password, second.Password)

		admin, err := s.Authenticate(ctx, second.Email, second.Password)
		require.NoError(t, err)
		require.Equal(t, "Dana Admin", admin.Name)
		require.Equal(t, "admin", admin.Role)
		agent, err := s.Authenticate(ctx, AgentEmail, second.Password)
		require.NoError(t, err)
		require.Equal(t, "Alex Agent", agent.Name)
		require.Equal(t, "agent", agent.Role)
		_, err = s.Authenticate(ctx, first.Email, first.Password)
		require.ErrorIs(t, err, store.ErrBadCredentials)

		list, err := s.Contacts(ctx)
		require.NoError(t, err)
		require.Len(t, list, len(contacts))
		workstreams, err := s.Workstreams(ctx)
		require.NoError(t, err)
		require.Len(t, workstreams, 1)
		require.Equal(t, "chat", workstreams[0].Channel)
	})

	t.Run("existing contacts are left as they are", func(t *testing.T) {
		t.Parallel()
		s, err := store.Open(ctx, t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		_, err = s.CreateContact(ctx, store.Contact{Name: "Only Customer"})
		require.NoError(t, err)

		_, err = Seed(ctx, s)
		require.NoError(t, err)
		list, err := s.Contacts(ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
	})
}
