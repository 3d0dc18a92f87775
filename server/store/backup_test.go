package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/hours"
)

func TestBackup(t *testing.T) {
	sqliteOnly(t, "PostgreSQL is backed up with its own tools (docs/OPERATIONS.md)")
	ctx := context.Background()
	dir := t.TempDir()
	s := openTestStore(t, dir)
	c := newTestConversation(t, s)
	appendN := func(from, n int) {
		for i := from; i < from+n; i++ {
			_, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, SenderName: "Kim", Body: fmt.Sprint("message ", i), Key: fmt.Sprint("k", i)})
			require.NoError(t, err)
		}
	}
	appendN(0, 100)
	// Files live in the database, so the copy holds them [X1].
	withFile, _, err := s.AppendMessage(ctx, Message{ConversationID: newTestConversation(t, s).ID, Sender: SenderCustomer, Body: "notes.txt",
		Files: []File{{Name: "notes.txt", Type: "text/plain; charset=utf-8", Data: []byte("the parcel was crushed")}}})
	var week hours.Text
	week.Zone, week.Days[time.Friday] = "Europe/Riga", "09:00-12:00, 13:00-17:00"
	schedule, problems := hours.Parse(week)
	require.Empty(t, problems)
	_, err = s.SetBusinessHours(ctx, c.WorkstreamID, schedule, "Back on Friday.")
	require.NoError(t, err)
	offline, err := s.CreateOfflineCase(ctx, c.WorkstreamID, OfflineRequest{Name: "Dana", Email: "dana@example.com", Question: "Open on Sunday?"})
	require.NoError(t, err)

	// The server keeps writing while the backup runs.
	var written atomic.Int64
	written.Store(100)
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 100; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if _, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, SenderName: "Kim", Body: fmt.Sprint("message ", i), Key: fmt.Sprint("k", i)}); err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 150 { // the copy is taken mid-stream
		time.Sleep(time.Millisecond)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	before := written.Load()
	size, err := Backup(ctx, dir, out)
	after := written.Load()
	close(stop)
	require.NoError(t, <-done)
	require.NoError(t, err)
	fi, err := os.Stat(out)
	require.NoError(t, err)
	require.Equal(t, fi.Size(), size)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	t.Run("the copy opens as a data directory and holds a consistent log", func(t *testing.T) {
		restored := t.TempDir()
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(restored, DatabaseFile), b, 0o600))
		r := openTestStore(t, restored)
		msgs, err := r.Messages(ctx, c.ID, 0, 0)
		require.NoError(t, err)
		require.GreaterOrEqual(t, int64(len(msgs)), before)
		require.LessOrEqual(t, int64(len(msgs)), after+1) // one append may be committing
		for i, m := range msgs {
			require.Equal(t, int64(i+1), m.Seq)
			require.Equal(t, fmt.Sprint("message ", i), m.Body)
		}
		conv, err := r.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, int64(len(msgs)), conv.LastSeq, "last_seq and the log come from one snapshot")
		f, err := r.FileData(ctx, withFile.Files[0].ID)
		require.NoError(t, err)
		require.Equal(t, "the parcel was crushed", string(f.Data), "the backup holds the files")
		ws, err := r.Workstream(ctx, c.WorkstreamID)
		require.NoError(t, err)
		require.Equal(t, week, hours.Format(ws.Hours), "business hours are in the copy [X3]")
		require.Equal(t, "Back on Friday.", ws.OfflineMessage)
		waiting, err := r.UnassignedCases(ctx)
		require.NoError(t, err)
		require.Equal(t, []Case{offline}, waiting)
	})

	t.Run("it never overwrites a file", func(t *testing.T) {
		_, err := Backup(ctx, dir, out)
		require.ErrorIs(t, err, os.ErrExist)
		again, err := os.Stat(out)
		require.NoError(t, err)
		require.Equal(t, fi.Size(), again.Size())
	})

	t.Run("a directory without a database is an error, and leaves no file", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "none.db")
		_, err := Backup(ctx, t.TempDir(), missing)
		require.ErrorContains(t, err, "no database")
		require.NoFileExists(t, missing)
	})
}
