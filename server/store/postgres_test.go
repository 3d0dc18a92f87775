package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/switchboard-cx/switchboard/server/hours"
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

	t.Run("an embedded installation moves into PostgreSQL whole, and goes on there [O1]", func(t *testing.T) {
		dir := t.TempDir()
		old, err := Open(ctx, dir)
		require.NoError(t, err)
		old.hashCost = bcrypt.MinCost
		agent, err := old.CreateAgent(ctx, "Ana@Example.com", "Ana", "agent", "a long enough password")
		require.NoError(t, err)
		conv := newTestConversation(t, old)
		for _, body := range []string{"Where is my parcel?", "It left yesterday."} {
			_, _, err := old.AppendMessage(ctx, Message{ConversationID: conv.ID, Sender: SenderCustomer, SenderName: "Visitor 1", Body: body})
			require.NoError(t, err)
		}
		photo, _, err := old.AppendMessage(ctx, Message{ConversationID: conv.ID, Sender: SenderCustomer, SenderName: "Visitor 1", Body: "box.png",
			Files: []File{{Name: "box.png", Type: "image/png", Data: []byte("\x89PNG\r\n\x1a\nbytes"), Thumb: []byte("small"), ThumbType: "image/png"}}})
		require.NoError(t, err)
		_, err = old.CreateArticle(ctx, Article{Title: "Refunds", Body: "We refund within five days."})
		require.NoError(t, err)
		kenny, err := old.CreateContact(ctx, Contact{Name: "Kenny Smith", Email: "kenny@example.com"})
		require.NoError(t, err)
		_, _, err = old.ChangeWorkspace(ctx, agent.ID, []WorkspaceChange{{Part: "draft/s1", Value: "I have found the"}})
		require.NoError(t, err)
		var week hours.Text
		week.Zone, week.Days[time.Monday], week.Closed = "Europe/Riga", "09:00-17:00", "2026-12-24"
		schedule, problems := hours.Parse(week)
		require.Empty(t, problems)
		_, err = old.SetBusinessHours(ctx, conv.WorkstreamID, schedule, "We answer on Monday.")
		require.NoError(t, err)
		offline, err := old.CreateOfflineCase(ctx, conv.WorkstreamID, OfflineRequest{Name: "Dana", Email: "dana@example.com", Question: "Open on Sunday?"})
		require.NoError(t, err)
		wantConvs, err := old.Conversations(ctx)
		require.NoError(t, err)
		require.NoError(t, old.Close())

		url := pgtest.NewURL(t)
		counts, err := ImportSQLite(ctx, dir, url)
		require.NoError(t, err)
		require.Equal(t, 1, counts["agents"])
		require.Equal(t, 3, counts["messages"])
		require.Equal(t, 1, counts["attachments"])

		s, err := OpenPostgres(ctx, url)
		require.NoError(t, err)
		defer s.Close()
		got, err := s.Authenticate(ctx, "ana@example.com", "a long enough password")
		require.NoError(t, err, "the agent signs in with the same password")
		require.Equal(t, agent.ID, got.ID)
		convs, err := s.Conversations(ctx)
		require.NoError(t, err)
		require.Equal(t, wantConvs, convs)
		msgs, err := s.Messages(ctx, conv.ID, 0, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 3)
		require.Equal(t, "It left yesterday.", msgs[1].Body)
		require.Equal(t, photo.Files, msgs[2].Files)
		f, err := s.FileData(ctx, photo.Files[0].ID)
		require.NoError(t, err)
		require.Equal(t, "\x89PNG\r\n\x1a\nbytes", string(f.Data), "the files come along")
		parts, err := s.WorkspaceParts(ctx, agent.ID)
		require.NoError(t, err)
		require.Equal(t, map[string]WorkspacePart{"draft/s1": {Value: "I have found the", Version: 1}}, parts,
			"the agent's saved workspace comes along")
		hits, err := s.SearchArticles(ctx, "refun", 5)
		require.NoError(t, err)
		require.Len(t, hits, 1, "the search index covers imported articles")
		found, err := s.SearchContacts(ctx, "ken", 5)
		require.NoError(t, err)
		require.Equal(t, []Contact{kenny}, found)
		ws, err := s.Workstream(ctx, conv.WorkstreamID)
		require.NoError(t, err)
		require.Equal(t, week, hours.Format(ws.Hours), "business hours come along [X3]")
		require.Equal(t, "We answer on Monday.", ws.OfflineMessage)
		unassigned, err := s.UnassignedCases(ctx)
		require.NoError(t, err)
		require.Equal(t, []Case{offline}, unassigned, "the offline case waits in the same queue")
		next := newTestConversation(t, s)
		require.Greater(t, next.ID, conv.ID, "new ids continue after the imported ones")
		require.Equal(t, 2, next.VisitorNumber)

		_, err = ImportSQLite(ctx, dir, url)
		require.ErrorContains(t, err, "already has data", "a second import would mix two installations")
		_, err = ImportSQLite(ctx, t.TempDir(), pgtest.NewURL(t))
		require.ErrorContains(t, err, "no embedded database")
	})
}
