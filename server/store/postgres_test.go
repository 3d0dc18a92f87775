package store

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

func TestPostgres(t *testing.T) {
	ctx := context.Background()
	if !onPostgres {
		t.Skip("PostgreSQL only: SWITCHBOARD_TEST_DATABASE=postgres (make unit runs it)")
	}

	t.Run("processes starting together migrate once [O1]", func(t *testing.T) {
		url := pgtest.NewURL(t)
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := OpenPostgres(ctx, url)
				if err == nil {
					s.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
		n, err := Migrate(ctx, url, "")
		require.NoError(t, err)
		require.Zero(t, n)
		s, err := OpenPostgres(ctx, url)
		require.NoError(t, err)
		defer s.Close()
		var versions int
		require.NoError(t, s.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&versions))
		require.Equal(t, len(pgMigrations), versions)
	})

	t.Run("appends through two processes number one conversation 1..n once each [O1]", func(t *testing.T) {
		url := pgtest.NewURL(t)
		a := openTestStore(t, url)
		b := openTestStore(t, url)
		conv := newTestConversation(t, a)
		const each = 40
		var wg sync.WaitGroup
		for _, s := range []*Store{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					_, _, err := s.AppendMessage(ctx, Message{ConversationID: conv.ID, Sender: SenderCustomer, SenderName: "Visitor", Body: "hi"})
					require.NoError(t, err)
				}
			}()
		}
		wg.Wait()
		msgs, err := b.Messages(ctx, conv.ID, 0, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 4*each)
		for i, m := range msgs {
			require.Equal(t, int64(i+1), m.Seq)
		}
	})

	t.Run("one holder of a lock at a time; it passes on when the holder lets go [O3]", func(t *testing.T) {
		url := pgtest.NewURL(t)
		a, b := openTestStore(t, url), openTestStore(t, url)
		release, _, ok, err := a.TryLock(ctx, LockRouting)
		require.NoError(t, err)
		require.True(t, ok)
		_, _, ok, err = b.TryLock(ctx, LockRouting)
		require.NoError(t, err)
		require.False(t, ok, "a second process must not lead too")
		release()
		releaseB, _, ok, err := b.TryLock(ctx, LockRouting)
		require.NoError(t, err)
		require.True(t, ok)
		releaseB()
	})
}
