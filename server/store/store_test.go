package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/store/pgtest"
	"golang.org/x/crypto/bcrypt"
)

func openTestStore(t testing.TB, dir string) *Store {
	t.Helper()
	var s *Store
	var err error
	if onPostgres {
		// The directory names the database, so reopening one finds its data.
		s, err = OpenPostgres(context.Background(), pgtest.URL(t, dir))
	} else {
		s, err = Open(context.Background(), dir)
	}
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.hashCost = bcrypt.MinCost
	return s
}

func newTestStore(t testing.TB) *Store {
	t.Helper()
	return openTestStore(t, t.TempDir())
}

// newTestConversation starts a conversation on the default workstream.
func newTestConversation(t testing.TB, s *Store) Conversation {
	t.Helper()
	ctx := context.Background()
	w, err := s.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	c, err := s.StartConversation(ctx, w.ID)
	require.NoError(t, err)
	return c
}

// newPersistentConversation starts a conversation on a persistent
// workstream, whose chats wait for the customer when an agent closes them.
func newPersistentConversation(t testing.TB, s *Store) Conversation {
	t.Helper()
	ctx := context.Background()
	w, err := s.CreateWorkstream(ctx, Workstream{Name: "Persistent", Channel: ChannelChat, Mode: ModePersistent,
		CapacityUnits: 10, OfferTimeout: time.Minute, WaitingPeriod: 24 * time.Hour})
	require.NoError(t, err)
	c, err := s.StartConversation(ctx, w.ID)
	require.NoError(t, err)
	return c
}

// moveTo brings a conversation to status along the lifecycle's own paths
// [C4–C8], never around them: its agent ends (wrap-up) and closes it (closed,
// or waiting for a persistent chat); one nobody has is closed as the
// scheduler closes an idle one. agentID picks an unassigned one first where
// an agent is needed.
func moveTo(t testing.TB, s *Store, id, agentID int64, status string) Conversation {
	t.Helper()
	ctx := context.Background()
	c, err := s.Conversation(ctx, id)
	require.NoError(t, err)
	if c.Status == StatusOpen && (status != StatusClosed || agentID != 0) {
		c, err = s.AssignConversation(ctx, id, agentID)
		require.NoError(t, err)
	}
	switch {
	case c.Status == StatusOpen && status == StatusClosed:
		c, _, err = s.Transition(ctx, id, StatusOpen, StatusClosed, time.Time{})
	case status == StatusWaiting:
		require.Equal(t, ModePersistent, c.Mode, "only a persistent chat waits")
		c, _, err = s.CloseConversation(ctx, id, c.AgentID)
	case status == StatusWrapUp || status == StatusClosed:
		c, _, err = s.EndConversation(ctx, id, c.AgentID)
		if err == nil && status == StatusClosed {
			c, _, err = s.CloseConversation(ctx, id, c.AgentID)
		}
	}
	require.NoError(t, err)
	require.Equal(t, status, c.Status)
	return c
}

// tick replaces the store's clock with one that moves a second per reading,
// so orderings by time do not depend on how fast the test runs.
func tick(s *Store) {
	now := time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC)
	s.now = func() time.Time {
		now = now.Add(time.Second)
		return now
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()

	migrations := migrations
	if onPostgres {
		migrations = pgMigrations
	}

	t.Run("opening twice applies nothing the second time and keeps data", func(t *testing.T) {
		dir := t.TempDir()
		s := openTestStore(t, dir)
		var first []int64
		rows, err := s.reader.QueryContext(ctx, `SELECT applied_at FROM schema_migrations ORDER BY version`)
		require.NoError(t, err)
		for rows.Next() {
			var at int64
			require.NoError(t, rows.Scan(&at))
			first = append(first, at)
		}
		require.NoError(t, rows.Err())
		require.Len(t, first, len(migrations))
		c, err := s.CreateContact(ctx, Contact{Name: "Kenny Smith"})
		require.NoError(t, err)
		require.NoError(t, s.Close())

		s = openTestStore(t, dir)
		n, err := migrate(ctx, s.writer, migrations)
		require.NoError(t, err)
		require.Zero(t, n)
		var again []int64
		rows, err = s.reader.QueryContext(ctx, `SELECT applied_at FROM schema_migrations ORDER BY version`)
		require.NoError(t, err)
		for rows.Next() {
			var at int64
			require.NoError(t, rows.Scan(&at))
			again = append(again, at)
		}
		require.NoError(t, rows.Err())
		require.Equal(t, first, again)
		contacts, err := s.Contacts(ctx)
		require.NoError(t, err)
		require.Equal(t, []Contact{c}, contacts)
	})

	t.Run("a new migration is applied once, after the existing ones", func(t *testing.T) {
		s := newTestStore(t)
		more := append(append([]string{}, migrations...), `CREATE TABLE extra (id INTEGER PRIMARY KEY)`)
		n, err := migrate(ctx, s.writer, more)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		n, err = migrate(ctx, s.writer, more)
		require.NoError(t, err)
		require.Zero(t, n)
		var version int
		require.NoError(t, s.reader.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&version))
		require.Equal(t, len(more), version)
	})

	t.Run("a failing migration leaves no trace", func(t *testing.T) {
		s := newTestStore(t)
		bad := append(append([]string{}, migrations...), `CREATE TABLE half (id INTEGER); SELECT nonsense FROM nowhere`)
		_, err := migrate(ctx, s.writer, bad)
		require.Error(t, err)
		var tables int
		tablesNamed := `SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'`
		if onPostgres {
			tablesNamed = `SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'half'`
		}
		require.NoError(t, s.reader.QueryRowContext(ctx, tablesNamed).Scan(&tables))
		require.Zero(t, tables)
	})

	t.Run("data survives close and reopen", func(t *testing.T) {
		dir := t.TempDir()
		s := openTestStore(t, dir)
		conv := newTestConversation(t, s)
		_, _, err := s.AppendMessage(ctx, Message{ConversationID: conv.ID, Sender: SenderCustomer, Body: "hello"})
		require.NoError(t, err)
		require.NoError(t, s.Close())

		s = openTestStore(t, dir)
		got, err := s.ConversationByToken(ctx, conv.Token)
		require.NoError(t, err)
		require.Equal(t, conv.ID, got.ID)
		require.Equal(t, int64(1), got.LastSeq)
		require.Equal(t, "hello", got.LastMessage)
		next := newTestConversation(t, s)
		require.Equal(t, 2, next.VisitorNumber)
	})

	t.Run("the database runs in WAL mode with foreign keys enforced", func(t *testing.T) {
		sqliteOnly(t, "WAL and pragmas")
		s := newTestStore(t)
		for _, db := range []*sql.DB{s.writer, s.reader} {
			var mode string
			require.NoError(t, db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode))
			require.Equal(t, "wal", mode)
		}
		var fk bool
		require.NoError(t, s.writer.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
		require.True(t, fk)
	})

	t.Run("the reader pool refuses writes", func(t *testing.T) {
		s := newTestStore(t)
		_, err := s.reader.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ('x', 1)`)
		require.Error(t, err)
	})
}

func TestValidationError(t *testing.T) {
	t.Run("the message names the field and the reason code", func(t *testing.T) {
		require.EqualError(t, &ValidationError{Field: "body", Reason: "required"}, "body: required")
		require.EqualError(t, &ValidationError{Field: "title", Reason: "too_long", Max: 200}, "title: too_long (0..200)")
	})
	t.Run("checkLen says why in codes with the bound", func(t *testing.T) {
		var v *ValidationError
		require.ErrorAs(t, checkLen("title", "", 1, 5), &v)
		require.Equal(t, ValidationError{Field: "title", Reason: "required"}, *v)
		require.ErrorAs(t, checkLen("title", "abcdef", 1, 5), &v)
		require.Equal(t, ValidationError{Field: "title", Reason: "too_long", Max: 5}, *v)
		require.ErrorAs(t, checkLen("pw", "ab", 3, 5), &v)
		require.Equal(t, ValidationError{Field: "pw", Reason: "too_short", Min: 3}, *v)
		require.NoError(t, checkLen("title", "abcde", 1, 5))
	})
}
