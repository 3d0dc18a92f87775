package report_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/report"
	"github.com/switchboard-cx/switchboard/server/store"
)

// BenchmarkReport reads and computes the report of a day of 100,000
// conversations on SQLite [T5: within 1 s], beside a bare scan of the same
// rows' ids as the baseline measured in the same run.
func BenchmarkReport(b *testing.B) {
	const conversations = 100_000
	ctx := context.Background()
	dir := b.TempDir()
	st, err := store.Open(ctx, dir)
	require.NoError(b, err)
	defer st.Close()
	st.UseCheapHashes()
	ws, err := st.EnsureDefaultWorkstream(ctx)
	require.NoError(b, err)
	var agents []store.Agent
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com"} {
		a, err := st.CreateAgent(ctx, email, "Agent "+email[:1], "agent", "password1")
		require.NoError(b, err)
		agents = append(agents, a)
	}

	// Seeded with SQL in one transaction: through the API it would take
	// minutes. Each conversation has two offers (one rejected), a first
	// message each way, an accept and an end; every tenth was abandoned.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "switchboard.db")+"?_pragma=busy_timeout(5000)")
	require.NoError(b, err)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	tx, err := db.Begin()
	require.NoError(b, err)
	conv, err := tx.Prepare(`INSERT INTO conversations (id, token, channel, workstream_id, visitor_number, title, status, agent_id,
		created_at, updated_at, closed_at, first_customer_at, first_agent_at, accepted_at, handled_by, ended_at, offers, rejections)
		VALUES (?, ?, 'chat', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, 1)`)
	require.NoError(b, err)
	offer, err := tx.Prepare(`INSERT INTO offer_log (conversation_id, agent_id, offered_at, outcome, ended_at) VALUES (?, ?, ?, ?, ?)`)
	require.NoError(b, err)
	for i := range conversations {
		id := int64(i + 1_000_000)
		at := day.Add(time.Duration(i) * 864 * time.Millisecond).UnixMilli() // spread over the day
		a, other := agents[i%4].ID, agents[(i+1)%4].ID
		if i%10 == 0 {
			_, err = conv.Exec(id, "t"+itoa(id), ws.ID, i+1, "Visitor", store.StatusClosed, nil, at, at+60_000, at+60_000, at+1000, nil, nil, nil, at+60_000)
		} else {
			_, err = conv.Exec(id, "t"+itoa(id), ws.ID, i+1, "Visitor", store.StatusClosed, a, at, at+900_000, at+900_000, at+1000, at+45_000, at+30_000, a, at+600_000)
		}
		require.NoError(b, err)
		_, err = offer.Exec(id, other, at+1000, store.OfferRejected, at+10_000)
		require.NoError(b, err)
		_, err = offer.Exec(id, a, at+10_000, store.OfferAccepted, at+30_000)
		require.NoError(b, err)
	}
	require.NoError(b, tx.Commit())
	defer db.Close()

	rg, err := report.ParseRange("2026-03-02", "", time.UTC, day)
	require.NoError(b, err)
	var reportTime, scanTime time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		convs, err := st.ReportConversations(ctx, rg.Start, rg.End)
		require.NoError(b, err)
		offers, err := st.OffersByAgent(ctx, rg.Start, rg.End)
		require.NoError(b, err)
		rep := report.Build(rg, wire.ByWorkstream, convs, offers, day.Add(24*time.Hour))
		reportTime += time.Since(start)
		require.Equal(b, conversations, rep.Total.Conversations)

		// The baseline: the ids of the same rows, by the same index.
		start = time.Now()
		rows, err := db.QueryContext(ctx, `SELECT id FROM conversations WHERE created_at >= ? AND created_at < ?`, rg.Start.UnixMilli(), rg.End.UnixMilli())
		require.NoError(b, err)
		n := 0
		for rows.Next() {
			var id int64
			require.NoError(b, rows.Scan(&id))
			n++
		}
		require.NoError(b, rows.Err())
		rows.Close()
		scanTime += time.Since(start)
		require.Equal(b, conversations, n)
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(reportTime.Milliseconds())/float64(b.N), "ms")
	b.ReportMetric(float64(scanTime.Milliseconds())/float64(b.N), "scan-ms")
	b.ReportMetric(float64(reportTime)/float64(scanTime), "ratio")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
