package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/report"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

// The figures are checked on both databases: `make unit` runs them again
// with SWITCHBOARD_TEST_DATABASE=postgres.
func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

func openStore(t *testing.T) *store.Store {
	var st *store.Store
	var err error
	if os.Getenv("SWITCHBOARD_TEST_DATABASE") == "postgres" {
		st, err = store.OpenPostgres(context.Background(), pgtest.NewURL(t))
	} else {
		st, err = store.Open(context.Background(), t.TempDir())
	}
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	st.UseCheapHashes()
	return st
}

// history builds one day of conversations with a clock the test moves, so
// every figure can be worked out by hand (see the comments), in Riga,
// where 2 March 2026 runs from 1 March 22:00 to 2 March 22:00 UTC.
type history struct {
	t        *testing.T
	st       *store.Store
	now      time.Time
	ana, ben store.Agent
	ws       store.Workstream
}

func utc(day, hour, min, sec int) time.Time {
	return time.Date(2026, 3, day, hour, min, sec, 0, time.UTC)
}

func (h *history) at(t time.Time) { h.now = t }

func (h *history) start(at time.Time) store.Conversation {
	h.at(at)
	c, err := h.st.StartConversation(context.Background(), h.ws.ID)
	require.NoError(h.t, err)
	return c
}

func (h *history) say(at time.Time, c store.Conversation, sender string, agent store.Agent) {
	h.at(at)
	m := store.Message{ConversationID: c.ID, Sender: sender, SenderName: "Visitor", Body: "words"}
	if sender == store.SenderAgent {
		m.AgentID, m.SenderName = agent.ID, agent.Name
	}
	_, _, err := h.st.AppendMessage(context.Background(), m)
	require.NoError(h.t, err)
}

func (h *history) offer(at time.Time, c store.Conversation, a store.Agent) {
	h.at(at)
	require.NoError(h.t, h.st.CreateOffer(context.Background(), store.Offer{ConversationID: c.ID, AgentID: a.ID, CreatedAt: at, ExpiresAt: at.Add(2 * time.Minute)}))
}

func (h *history) offerEnds(at time.Time, c store.Conversation, a store.Agent, outcome string) {
	h.at(at)
	found, err := h.st.WithdrawOffer(context.Background(), c.ID, a.ID, outcome)
	require.NoError(h.t, err)
	require.True(h.t, found)
}

func (h *history) accept(at time.Time, c store.Conversation, a store.Agent) {
	h.at(at)
	_, err := h.st.AcceptOffer(context.Background(), c.ID, a.ID, at)
	require.NoError(h.t, err)
}

func (h *history) end(at time.Time, c store.Conversation, a store.Agent) {
	h.at(at)
	_, _, err := h.st.EndConversation(context.Background(), c.ID, a.ID)
	require.NoError(h.t, err)
}

func (h *history) rate(c store.Conversation, stars int) {
	_, err := h.st.RateConversation(context.Background(), c.ID, stars, "")
	require.NoError(h.t, err)
}

func stars(v float64) *float64 { return &v }

func newHistory(t *testing.T) *history {
	ctx := context.Background()
	st := openStore(t)
	h := &history{t: t, st: st}
	st.SetClock(func() time.Time { return h.now })
	var err error
	h.ana, err = st.CreateAgent(ctx, "ana@example.com", "Ana Agent", "agent", "password1")
	require.NoError(t, err)
	h.ben, err = st.CreateAgent(ctx, "ben@example.com", "Ben Agent", "agent", "password1")
	require.NoError(t, err)
	h.ws, err = st.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)

	// The day before in Riga: not in the report.
	h.start(utc(1, 21, 30, 0))
	// C0, 00:30 in Riga: still waiting at the report's now.
	c0 := h.start(utc(1, 22, 30, 0))
	h.say(utc(1, 22, 30, 5), c0, store.SenderCustomer, store.Agent{})
	// C1: Ben rejects, Ana accepts after 60 s, answers 80 s after the
	// customer's first message, ends 600 s after accepting.
	c1 := h.start(utc(2, 9, 0, 0))
	h.say(utc(2, 9, 0, 10), c1, store.SenderCustomer, store.Agent{})
	h.offer(utc(2, 9, 0, 20), c1, h.ben)
	h.offerEnds(utc(2, 9, 0, 40), c1, h.ben, store.OfferRejected)
	h.offer(utc(2, 9, 0, 40), c1, h.ana)
	h.accept(utc(2, 9, 1, 0), c1, h.ana)
	h.say(utc(2, 9, 1, 30), c1, store.SenderAgent, h.ana)
	h.say(utc(2, 9, 2, 0), c1, store.SenderAgent, h.ana)
	h.end(utc(2, 9, 11, 0), c1, h.ana)
	h.rate(c1, 4)
	// C2: Ana misses it, Ben accepts after 155 s, answers after 160 s,
	// ends 1,200 s after accepting.
	c2 := h.start(utc(2, 10, 0, 0))
	h.say(utc(2, 10, 0, 5), c2, store.SenderCustomer, store.Agent{})
	h.offer(utc(2, 10, 0, 5), c2, h.ana)
	h.offerEnds(utc(2, 10, 2, 5), c2, h.ana, store.OfferMissed)
	h.offer(utc(2, 10, 2, 5), c2, h.ben)
	h.accept(utc(2, 10, 2, 35), c2, h.ben)
	h.say(utc(2, 10, 2, 45), c2, store.SenderAgent, h.ben)
	h.end(utc(2, 10, 22, 35), c2, h.ben)
	h.rate(c2, 5)
	// C3: Ana's offer runs out unseen (no miss); the customer leaves after
	// 300 s: abandoned.
	c3 := h.start(utc(2, 11, 0, 0))
	h.say(utc(2, 11, 0, 1), c3, store.SenderCustomer, store.Agent{})
	h.offer(utc(2, 11, 0, 1), c3, h.ana)
	h.offerEnds(utc(2, 11, 2, 1), c3, h.ana, store.OfferUnseen)
	h.at(utc(2, 11, 5, 0))
	_, changed, err := st.Transition(ctx, c3.ID, store.StatusOpen, store.StatusClosed, time.Time{})
	require.NoError(t, err)
	require.True(t, changed)
	// C4: Ana picks it after 30 s without an offer, answers after 50 s;
	// still active …
	c4 := h.start(utc(2, 12, 0, 0))
	h.say(utc(2, 12, 0, 0), c4, store.SenderCustomer, store.Agent{})
	h.at(utc(2, 12, 0, 30))
	_, err = st.AssignConversation(ctx, c4.ID, h.ana.ID)
	require.NoError(t, err)
	h.say(utc(2, 12, 0, 50), c4, store.SenderAgent, h.ana)
	// … and transfers it to Ben, who accepts: Ana still handled it first.
	h.at(utc(2, 12, 1, 0))
	require.NoError(t, st.CreateTransfer(ctx, store.Offer{ConversationID: c4.ID, AgentID: h.ben.ID, TransferFrom: h.ana.ID,
		CreatedAt: h.now, ExpiresAt: h.now.Add(time.Minute)}))
	h.at(utc(2, 12, 1, 20))
	_, _, err = st.AcceptTransfer(ctx, c4.ID, h.ben.ID, h.now)
	require.NoError(t, err)
	// The day after in Riga: not in the report.
	h.start(utc(2, 22, 30, 0))
	h.at(utc(2, 13, 0, 0))
	return h
}

func (h *history) report(groupBy string) wire.Report {
	ctx := context.Background()
	riga, err := time.LoadLocation("Europe/Riga")
	require.NoError(h.t, err)
	r, err := report.ParseRange("2026-03-02", "", riga, h.now)
	require.NoError(h.t, err)
	convs, err := h.st.ReportConversations(ctx, r.Start, r.End)
	require.NoError(h.t, err)
	offers, err := h.st.OffersByAgent(ctx, r.Start, r.End)
	require.NoError(h.t, err)
	return report.Build(r, groupBy, convs, offers, h.now)
}

func secs(s int64) *int64 { ms := s * 1000; return &ms }

// Every figure of a fixed day, worked out by hand [T5, docs/REPORTS.md].
func TestFigures(t *testing.T) {
	h := newHistory(t)

	t.Run("by workstream", func(t *testing.T) {
		rep := h.report(wire.ByWorkstream)
		want := wire.ReportRow{
			Name: "Chat", Conversations: 5,
			Offered:     4, // C1, C2, C3, and C4's transfer
			Accepted:    3, // C1, C2, C4 (picked)
			Transferred: 1, // C4
			Abandoned:   1, // C3
			// First responses 50, 80, 160 s: the median is the 2nd, p90 the 3rd.
			FirstResponseMedian: secs(80), FirstResponseP90: secs(160),
			HandleTimeAverage: secs(900),   // (600 + 1,200) / 2; C4 has not ended
			LongestWait:       secs(52200), // C0, waiting since 22:30 UTC the day before
			Rejected:          1,           // Ben, C1
			Missed:            1,           // Ana, C2; C3's unseen expiry is nobody's miss
			CSATAverage:       stars(4.5),  // C1 4, C2 5
			CSATCount:         2,
		}
		require.Equal(t, []wire.ReportRow{want}, rep.Rows)
		want.Name = "Total"
		require.Equal(t, want, rep.Total)
		require.Equal(t, "Europe/Riga", rep.TimeZone)
		require.Equal(t, "2026-03-02", rep.To)

		// Riga is UTC+2 in March: C0 at 0, C1 at 11, … C4 at 14.
		per := map[int]int{}
		for _, hr := range rep.Hours {
			if hr.Conversations > 0 {
				per[hr.Hour] = hr.Conversations
			}
		}
		require.Equal(t, map[int]int{0: 1, 11: 1, 12: 1, 13: 1, 14: 1}, per)
		require.Equal(t, secs(80), rep.Hours[11].FirstResponseMedian)
		require.Nil(t, rep.Hours[13].FirstResponseMedian, "C3 was never answered")
	})

	t.Run("by agent", func(t *testing.T) {
		rep := h.report(wire.ByAgent)
		require.Equal(t, []wire.ReportRow{{
			Name: "Ana Agent", Conversations: 2, // C1, C4
			Offered: 3, Accepted: 2, Rejected: 0, Missed: 1, // offers of C1 (accepted), C2 (missed), C3 (unseen)
			Transferred:         1, // C4, handed to Ben
			FirstResponseMedian: secs(50), FirstResponseP90: secs(80),
			HandleTimeAverage: secs(600), LongestWait: secs(60),
			CSATAverage: stars(4), CSATCount: 1,
		}, {
			Name: "Ben Agent", Conversations: 1, // C2
			Offered: 3, Accepted: 1, Rejected: 1, Missed: 0, // C1 (rejected), C2 (accepted), C4's transfer (accepted)
			FirstResponseMedian: secs(160), FirstResponseP90: secs(160),
			HandleTimeAverage: secs(1200), LongestWait: secs(155),
			CSATAverage: stars(5), CSATCount: 1,
		}}, rep.Rows)
	})

	t.Run("the CSV has one row per conversation, and parses", func(t *testing.T) {
		riga, _ := time.LoadLocation("Europe/Riga")
		r, err := report.ParseRange("2026-03-02", "2026-03-02", riga, h.now)
		require.NoError(t, err)
		convs, err := h.st.ReportConversations(context.Background(), r.Start, r.End)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, report.WriteCSV(&buf, convs, riga, h.now))
		rows, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 6, "a header and five conversations")
		require.Equal(t, report.CSVHeader, rows[0])
		c1 := map[string]string{}
		for i, col := range rows[0] {
			c1[col] = rows[2][i]
		}
		require.Equal(t, "Ana Agent", c1["agent"])
		require.Equal(t, "2026-03-02T11:00:00+02:00", c1["started_at"])
		require.Equal(t, "2", c1["offers"])
		require.Equal(t, "60.000", c1["wait_seconds"])
		require.Equal(t, "80.000", c1["first_response_seconds"])
		require.Equal(t, "600.000", c1["handle_seconds"])
		require.Equal(t, "false", c1["abandoned"])
		require.Equal(t, "4", c1["rating"])
	})
}

func TestParseRange(t *testing.T) {
	riga, err := time.LoadLocation("Europe/Riga")
	require.NoError(t, err)
	now := utc(2, 23, 0, 0) // already 3 March in Riga

	r, err := report.ParseRange("", "", riga, now)
	require.NoError(t, err)
	require.Equal(t, "2026-03-03", r.From, "today is the installation's today")
	require.Equal(t, utc(2, 22, 0, 0), r.Start.UTC())
	require.Equal(t, utc(3, 22, 0, 0), r.End.UTC())

	// 29 March 2026 is 23 hours long in Riga (summer time starts).
	r, err = report.ParseRange("2026-03-29", "2026-03-29", riga, now)
	require.NoError(t, err)
	require.Equal(t, 23*time.Hour, r.End.Sub(r.Start))

	for _, bad := range [][2]string{{"2026-03-05", "2026-03-04"}, {"yesterday", ""}, {"2026-03-01", "2028-03-01"}, {"2026-02-30", ""}} {
		_, err := report.ParseRange(bad[0], bad[1], riga, now)
		require.ErrorIs(t, err, report.ErrRange, "%v", bad)
	}
}
