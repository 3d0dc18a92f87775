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
	t.Run("the message names the field", func(t *testing.T) {
		require.EqualError(t, &ValidationError{Field: "body", Message: "is required"}, "body: is required")
	})
}
