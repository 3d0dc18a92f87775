package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/hours"
)

// An administrator's business hours and offline message are kept with the
// workstream, and left alone by saving its other settings [X3].
func TestBusinessHours(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ws, err := s.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	require.False(t, ws.Hours.Configured(), "a workstream starts always open")

	in := hours.Text{Zone: "Europe/Riga", Closed: "2026-12-24"}
	in.Days[time.Monday] = "09:00-12:00, 13:00-17:00"
	schedule, problems := hours.Parse(in)
	require.Empty(t, problems)
	saved, err := s.SetBusinessHours(ctx, ws.ID, schedule, "  We are closed now.  ")
	require.NoError(t, err)
	require.Equal(t, "We are closed now.", saved.OfflineMessage)
	require.True(t, saved.Hours.Configured())

	ws.Name = "Web chat"
	_, err = s.UpdateWorkstream(ctx, ws)
	require.NoError(t, err)
	list, err := s.Workstreams(ctx)
	require.NoError(t, err)
	require.Equal(t, in, hours.Format(list[0].Hours), "the other settings' save keeps the hours")
	require.Equal(t, "We are closed now.", list[0].OfflineMessage)

	_, err = s.SetBusinessHours(ctx, ws.ID, schedule, strings.Repeat("x", MaxOfflineMessage+1))
	var v *ValidationError
	require.ErrorAs(t, err, &v)
	require.Equal(t, "offline_message", v.Field)
	_, err = s.SetBusinessHours(ctx, 9999, schedule, "")
	require.ErrorIs(t, err, ErrNotFound)

	cleared, err := s.SetBusinessHours(ctx, ws.ID, hours.Schedule{}, "")
	require.NoError(t, err)
	require.False(t, cleared.Hours.Configured())
}

// An offline form files an unowned case in the workstream's queue, linked
// to the contact with that email; an agent picks it, once [X3].
func TestOfflineCases(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ws, err := s.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	ana, err := s.CreateAgent(ctx, "ana@example.com", "Ana Agent", "agent", "password1")
	require.NoError(t, err)
	bo, err := s.CreateAgent(ctx, "bo@example.com", "Bo Agent", "agent", "password1")
	require.NoError(t, err)

	t.Run("invalid answers are all refused and nothing is stored", func(t *testing.T) {
		_, err := s.CreateOfflineCase(ctx, ws.ID, OfflineRequest{Name: " ", Email: "not-an-email", Question: strings.Repeat("q", MaxOfflineQuestion+1)})
		var many ValidationErrors
		require.ErrorAs(t, err, &many)
		fields := map[string]string{}
		for _, e := range many {
			fields[e.Field] = e.Reason
		}
		require.Equal(t, map[string]string{"name": "required", "email": "bad_format", "question": "too_long"}, fields)
		_, err = s.CreateOfflineCase(ctx, ws.ID, OfflineRequest{Name: "Kenny", Question: "Hi"})
		var one *ValidationError
		require.ErrorAs(t, err, &one)
		require.Equal(t, "email", one.Field)
		require.Equal(t, "required", one.Reason)
		for _, bad := range []string{"kenny@example", "kenny@localhost.", "Kenny <kenny@example.com>"} {
			_, err = s.CreateOfflineCase(ctx, ws.ID, OfflineRequest{Name: "Kenny", Email: bad, Question: "Hi"})
			require.ErrorAs(t, err, &one, bad)
			require.Equal(t, "bad_format", one.Reason, bad)
		}
		n, err := s.CaseCount(ctx)
		require.NoError(t, err)
		require.Zero(t, n)
	})

	kenny, err := s.CreateContact(ctx, Contact{Name: "Kenny Smith", Email: "kenny@example.com"})
	require.NoError(t, err)
	long := "My parcel arrived broken and I would like to know how to return it for a replacement please\nOrder 1234."
	first, err := s.CreateOfflineCase(ctx, ws.ID, OfflineRequest{Name: "Ken", Email: " Kenny@Example.com ", Question: long})
	require.NoError(t, err)
	t.Run("the case is linked to the contact with the same email", func(t *testing.T) {
		require.Equal(t, kenny.ID, first.ContactID)
		require.Zero(t, first.OwnerID)
		require.Equal(t, ws.ID, first.WorkstreamID)
		require.Equal(t, ws.Name, first.WorkstreamName)
		require.Equal(t, CaseActive, first.Status)
		require.Equal(t, long, first.Description)
		require.Equal(t, "My parcel arrived broken and I would like to know how to return it for a…", first.Title)
	})
	second, err := s.CreateOfflineCase(ctx, ws.ID, OfflineRequest{Name: "Dana New", Email: "dana@example.com", Question: "Are you open on Sunday?"})
	require.NoError(t, err)
	t.Run("a new email makes a new contact", func(t *testing.T) {
		k, err := s.Contact(ctx, second.ContactID)
		require.NoError(t, err)
		require.Equal(t, "Dana New", k.Name)
		require.Equal(t, "dana@example.com", k.Email)
		require.Equal(t, "Are you open on Sunday?", second.Title)
	})
	t.Run("unassigned cases lists them oldest first, not agents' own cases", func(t *testing.T) {
		_, err := s.CreateCase(ctx, Case{Title: "Own", OwnerID: ana.ID})
		require.NoError(t, err)
		list, err := s.UnassignedCases(ctx)
		require.NoError(t, err)
		require.Len(t, list, 2)
		require.Equal(t, []int64{first.ID, second.ID}, []int64{list[0].ID, list[1].ID})
	})
	t.Run("the first agent to pick a case owns it; the second is told it is taken", func(t *testing.T) {
		got, err := s.PickCase(ctx, first.ID, ana.ID)
		require.NoError(t, err)
		require.Equal(t, ana.ID, got.OwnerID)
		require.Equal(t, int64(2), got.Version)
		_, err = s.PickCase(ctx, first.ID, bo.ID)
		require.ErrorIs(t, err, ErrTaken)
		_, err = s.PickCase(ctx, 9999, bo.ID)
		require.ErrorIs(t, err, ErrNotFound)
		list, err := s.UnassignedCases(ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
		mine, err := s.CasesByOwner(ctx, ana.ID, CaseActive)
		require.NoError(t, err)
		require.Contains(t, []int64{mine[0].ID, mine[1].ID}, first.ID)
	})
}

// An install whose administrator chose Home's streams before Unassigned
// cases existed gets it added once by the upgrade.
func TestUpgradeAddsUnassignedCasesToChosenStreams(t *testing.T) {
	sqliteOnly(t, "runs the migrations one by one")
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), DatabaseFile), ""))
	require.NoError(t, err)
	defer db.Close()
	// Up to the one before business hours, wherever the list has it.
	before := slices.IndexFunc(migrations, func(m string) bool { return strings.Contains(m, "business_hours") })
	require.Positive(t, before)
	_, err = migrate(ctx, db, migrations[:before])
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('dashboard_streams', 'cases,mine')`)
	require.NoError(t, err)
	_, err = migrate(ctx, db, migrations)
	require.NoError(t, err)
	var v string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'dashboard_streams'`).Scan(&v))
	require.Equal(t, "cases,mine,unassigned", v)
}
