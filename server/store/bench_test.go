package store

// The benchmarks measure what the relay leans on: how many messages per
// second are stored durably (WAL, synchronous=NORMAL: every commit survives
// a crash of the process; an OS crash may lose the last ones), and how long
// the full history of a long conversation takes to load. Each does a fixed
// amount of work and ignores b.N, so `-benchtime 1x` is enough (make bench);
// the figures are the custom metrics.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// benchBody is a typical chat line, not a one-character toy.
const benchBody = "Hello, my order 12345 has not arrived yet, could you check where it is?"

// BenchmarkAppendSingle is one appender, one message after the other: the
// latency of a commit sets the rate.
func BenchmarkAppendSingle(b *testing.B) {
	s := newTestStore(b)
	c := newTestConversation(b, s)
	const n = 3000
	b.ResetTimer()
	start := time.Now()
	appendN(b, s, c.ID, "single", n)
	reportRate(b, n, time.Since(start))
}

// BenchmarkAppendConcurrent is 50 appenders in 50 conversations at once, as
// the relay sees many customers: every commit still goes through the one
// writer connection.
func BenchmarkAppendConcurrent(b *testing.B) {
	s := newTestStore(b)
	const writers, each = 50, 60
	convs := make([]Conversation, writers)
	for i := range convs {
		convs[i] = newTestConversation(b, s)
	}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			appendN(b, s, convs[i].ID, "w"+strconv.Itoa(i), each)
		}()
	}
	wg.Wait()
	reportRate(b, writers*each, time.Since(start))
}

// BenchmarkHistoryLoad loads every message of a 10,000-message conversation
// (Messages(id, 0, 0)), as a full transcript export or a replay from the
// start would; the median of a few loads.
func BenchmarkHistoryLoad(b *testing.B) {
	s := newTestStore(b)
	c := newTestConversation(b, s)
	const n, loads = 10000, 9
	appendN(b, s, c.ID, "seed", n)
	ctx := context.Background()
	b.ResetTimer()
	var ms []float64
	for range loads {
		start := time.Now()
		msgs, err := s.Messages(ctx, c.ID, 0, 0)
		d := time.Since(start)
		if err != nil || len(msgs) != n {
			b.Fatalf("Messages: %d messages, %v; want %d", len(msgs), err, n)
		}
		ms = append(ms, float64(d.Microseconds())/1000)
	}
	slices.Sort(ms)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(ms[len(ms)/2], "ms-median")
	b.ReportMetric(ms[len(ms)-1], "ms-max")
}

func appendN(b *testing.B, s *Store, conversationID int64, key string, n int) {
	ctx := context.Background()
	for i := range n {
		if _, _, err := s.AppendMessage(ctx, Message{
			ConversationID: conversationID, Sender: SenderCustomer, SenderName: "Visitor 1",
			Body: benchBody, Key: fmt.Sprintf("%s-%d", key, i),
		}); err != nil {
			b.Error(err)
			return
		}
	}
}

func reportRate(b *testing.B, n int, d time.Duration) {
	b.ReportMetric(0, "ns/op") // the time of the whole benchmark means nothing
	b.ReportMetric(float64(n)/d.Seconds(), "msgs/s")
	b.ReportMetric(float64(d.Microseconds())/1000/float64(n), "ms/msg")
}
