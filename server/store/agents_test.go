package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

func requireValidation(t *testing.T, err error, field string) {
	t.Helper()
	var v *ValidationError
	require.True(t, errors.As(err, &v), "want a ValidationError, got %v", err)
	require.Equal(t, field, v.Field)
}

func TestAgents(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)

	dana, err := s.CreateAgent(ctx, "  Dana@Example.com ", " Dana Admin ", "admin", "correct horse")
	require.NoError(t, err)

	t.Run("a created agent is stored with a normalized email and name", func(t *testing.T) {
		require.NotZero(t, dana.ID)
		require.Equal(t, "dana@example.com", dana.Email)
		require.Equal(t, "Dana Admin", dana.Name)
		require.Equal(t, "admin", dana.Role)
		require.False(t, dana.CreatedAt.IsZero())

		got, err := s.Agent(ctx, dana.ID)
		require.NoError(t, err)
		require.Equal(t, dana, got)
		got, err = s.AgentByEmail(ctx, "DANA@example.com")
		require.NoError(t, err)
		require.Equal(t, dana, got)
	})

	t.Run("supervisors and administrators supervise, agents do not [T4]", func(t *testing.T) {
		sam, err := s.CreateAgent(ctx, "sam@example.com", "Sam Supervisor", RoleSupervisor, "password1")
		require.NoError(t, err)
		got, err := s.Agent(ctx, sam.ID)
		require.NoError(t, err)
		require.Equal(t, RoleSupervisor, got.Role)
		require.True(t, got.Supervises())
		require.True(t, dana.Supervises())
		require.False(t, Agent{Role: RoleAgent}.Supervises())
		// The database refuses any other role even past the store's check.
		_, err = s.writer.ExecContext(ctx, `UPDATE agents SET role = 'owner' WHERE id = ?`, sam.ID)
		require.Error(t, err)
	})

	t.Run("an email in use, in any case, is a duplicate", func(t *testing.T) {
		_, err := s.CreateAgent(ctx, "DANA@EXAMPLE.COM", "Other Dana", "agent", "password1")
		require.ErrorIs(t, err, ErrDuplicate)
	})

	t.Run("bad input is rejected with the field named", func(t *testing.T) {
		cases := []struct{ email, name, role, password, field string }{
			{"not-an-email", "A", "agent", "password1", "email"},
			{"Alex <alex@example.com>", "A", "agent", "password1", "email"},
			{"alex@example.com", "  ", "agent", "password1", "name"},
			{"alex@example.com", strings.Repeat("n", 101), "agent", "password1", "name"},
			{"alex@example.com", "Alex", "owner", "password1", "role"},
			{"alex@example.com", "Alex", "agent", "short", "password"},
			{"alex@example.com", "Alex", "agent", strings.Repeat("p", 73), "password"},
		}
		for _, c := range cases {
			_, err := s.CreateAgent(ctx, c.email, c.name, c.role, c.password)
			requireValidation(t, err, c.field)
		}
	})

	t.Run("passwords are stored as bcrypt hashes at the default cost", func(t *testing.T) {
		s, err := Open(ctx, t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		a, err := s.CreateAgent(ctx, "cost@example.com", "Cost", "agent", "password1")
		require.NoError(t, err)
		var hash []byte
		require.NoError(t, s.reader.QueryRowContext(ctx, `SELECT password_hash FROM agents WHERE id = ?`, a.ID).Scan(&hash))
		cost, err := bcrypt.Cost(hash)
		require.NoError(t, err)
		require.Equal(t, bcrypt.DefaultCost, cost)
		require.NoError(t, bcrypt.CompareHashAndPassword(hash, []byte("password1")))
	})

	t.Run("unknown agents are not found", func(t *testing.T) {
		_, err := s.Agent(ctx, 9999)
		require.ErrorIs(t, err, ErrNotFound)
		_, err = s.AgentByEmail(ctx, "nobody@example.com")
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("the right password authenticates, in any email case", func(t *testing.T) {
		got, err := s.Authenticate(ctx, "Dana@Example.COM", "correct horse")
		require.NoError(t, err)
		require.Equal(t, dana, got)
	})

	t.Run("a wrong password or unknown email are bad credentials", func(t *testing.T) {
		_, err := s.Authenticate(ctx, "dana@example.com", "wrong horse")
		require.ErrorIs(t, err, ErrBadCredentials)
		_, err = s.Authenticate(ctx, "nobody@example.com", "correct horse")
		require.ErrorIs(t, err, ErrBadCredentials)
	})

	t.Run("a new password replaces the old one", func(t *testing.T) {
		require.NoError(t, s.SetAgentPassword(ctx, "DANA@example.com", "battery staple"))
		_, err := s.Authenticate(ctx, "dana@example.com", "correct horse")
		require.ErrorIs(t, err, ErrBadCredentials)
		_, err = s.Authenticate(ctx, "dana@example.com", "battery staple")
		require.NoError(t, err)

		requireValidation(t, s.SetAgentPassword(ctx, "dana@example.com", "short"), "password")
		require.ErrorIs(t, s.SetAgentPassword(ctx, "nobody@example.com", "long enough"), ErrNotFound)
	})

	t.Run("a disabled agent cannot sign in until enabled again", func(t *testing.T) {
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		require.NoError(t, s.SetAgentDisabled(ctx, alex.ID, true))
		_, err = s.Authenticate(ctx, "alex@example.com", "password1")
		require.ErrorIs(t, err, ErrBadCredentials)

		require.NoError(t, s.SetAgentDisabled(ctx, alex.ID, false))
		_, err = s.Authenticate(ctx, "alex@example.com", "password1")
		require.NoError(t, err)

		require.ErrorIs(t, s.SetAgentDisabled(ctx, 9999, true), ErrNotFound)
	})
}

func TestAgentLanguage(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	a, err := s.CreateAgent(ctx, "liga@example.com", "Līga Agent", "agent", "correct horse")
	require.NoError(t, err)

	t.Run("an agent has no language until they choose one [L1]", func(t *testing.T) {
		require.Equal(t, "", a.Language)
	})
	t.Run("the chosen language is read back by every way an agent is looked up", func(t *testing.T) {
		require.NoError(t, s.SetAgentLanguage(ctx, a.ID, "lv"))
		got, err := s.Agent(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, "lv", got.Language)
		got, err = s.Authenticate(ctx, "liga@example.com", "correct horse")
		require.NoError(t, err)
		require.Equal(t, "lv", got.Language)
		token, err := s.CreateAuthSession(ctx, a.ID, time.Hour)
		require.NoError(t, err)
		got, err = s.AgentBySession(ctx, token)
		require.NoError(t, err)
		require.Equal(t, "lv", got.Language, "another browser's sign-in sees it too")
	})
	t.Run("a language with no catalog is refused and changes nothing", func(t *testing.T) {
		requireValidation(t, s.SetAgentLanguage(ctx, a.ID, "de"), "language")
		got, err := s.Agent(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, "lv", got.Language)
	})
	t.Run("choosing none goes back to the browser's", func(t *testing.T) {
		require.NoError(t, s.SetAgentLanguage(ctx, a.ID, ""))
		got, err := s.Agent(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, "", got.Language)
	})
}
