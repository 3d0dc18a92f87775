package relay_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/relay/natstest"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

// BenchmarkRelayCluster measures the relay in cluster mode [O1–O3] beside
// the embedded SQLite one, in the same run: on PostgreSQL and NATS with one
// process, and with two, customers on one and agents on the other, so
// every message crosses NATS.
func BenchmarkRelayCluster(b *testing.B) {
	b.ReportMetric(0, "ns/op")
	nats := natstest.Start(b)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cluster := func(name string, n int) func(testing.TB) *target {
		return func(tb testing.TB) *target {
			url := pgtest.NewURL(tb)
			var procs []process
			for range n {
				st, err := store.OpenPostgres(context.Background(), url)
				if err != nil {
					tb.Fatal(err)
				}
				st.UseCheapHashes()
				bus, err := relay.DialNATS(nats.URL, log)
				if err != nil {
					tb.Fatal(err)
				}
				tb.Cleanup(func() { bus.Close() })
				procs = append(procs, process{st, bus})
			}
			return newSwitchboardTarget(tb, name, procs)
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "\nRelay in cluster mode: %d conversations, %d agents, customer → server → agent\n", conversations, agents)
	fmt.Fprintf(&report, "  %-44s %9s %9s %11s %13s\n", "", "p50 ms", "p99 ms", "delivered/s", "closed-loop/s")
	var got [3]struct{ open, closed trafficResult }
	for i, t := range []func(testing.TB) *target{
		newRelayTarget,
		cluster("PostgreSQL + NATS, 1 process", 1),
		cluster("PostgreSQL + NATS, 2 processes (via NATS)", 2),
	} {
		tg := t(b)
		got[i].open = tg.run(b, rate, openLoopFor)
		got[i].closed = tg.run(b, 0, closedLoopFor)
		tg.close()
		fmt.Fprintf(&report, "  %-44s %9.2f %9.2f %11.0f %13.0f\n", tg.name,
			got[i].open.p(50), got[i].open.p(99), got[i].open.rate(), got[i].closed.rate())
	}
	sqlite, pg1, pg2 := got[0], got[1], got[2]
	b.ReportMetric(pg1.open.p(50), "pg-ms-p50")
	b.ReportMetric(pg1.open.p(99), "pg-ms-p99")
	b.ReportMetric(pg1.closed.rate(), "pg-msgs/s-max")
	b.ReportMetric(pg2.open.p(99), "pg2-ms-p99")
	b.ReportMetric(pg2.closed.rate(), "pg2-msgs/s-max")
	b.ReportMetric(sqlite.closed.rate(), "sqlite-msgs/s-max")
	b.ReportMetric(pg2.closed.rate()/pg1.closed.rate(), "2-vs-1-ratio")
	fmt.Fprintf(&report, "  closed loop, 2 processes ÷ 1: %.2f×; PostgreSQL 1 process ÷ SQLite: %.2f×\n",
		pg2.closed.rate()/pg1.closed.rate(), pg1.closed.rate()/sqlite.closed.rate())
	b.Cleanup(func() { fmt.Print(report.String()) })
}
