package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/metrics"
)

func scrape(t *testing.T, h http.Handler, auth string) (int, string) {
	t.Helper()
	req := httptest.NewRequest("GET", "/metrics", nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, err := io.ReadAll(rec.Result().Body)
	require.NoError(t, err)
	return rec.Code, string(body)
}

// Only the bearer of the metrics token reads the metrics.
func TestTheMetricsNeedTheToken(t *testing.T) {
	h := metrics.Handler("s3cret-metrics")
	for _, auth := range []string{"", "Bearer wrong", "s3cret-metrics", "Basic czNjcmV0LW1ldHJpY3M=", "Bearer s3cret-metrics2"} {
		code, body := scrape(t, h, auth)
		require.Equal(t, http.StatusUnauthorized, code, "Authorization %q", auth)
		require.NotContains(t, body, "switchboard_")
	}
	code, body := scrape(t, h, "Bearer s3cret-metrics")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, "# TYPE switchboard_relay_fanout_seconds histogram")
	require.Contains(t, body, "go_goroutines")
}

// The queues are read when scraped, with the longest wait of each.
func TestQueuesAreReadAtScrapeTime(t *testing.T) {
	waiting := 3
	metrics.WatchQueues(func(context.Context) ([]metrics.Queue, error) {
		return []metrics.Queue{{Workstream: "Chat", Waiting: waiting, OldestWait: 90 * time.Second}, {Workstream: "SMS"}}, nil
	})
	h := metrics.Handler("")
	_, body := scrape(t, h, "")
	require.Contains(t, body, `switchboard_queue_length{workstream="Chat"} 3`)
	require.Contains(t, body, `switchboard_queue_oldest_wait_seconds{workstream="Chat"} 90`)
	require.Contains(t, body, `switchboard_queue_length{workstream="SMS"} 0`)

	waiting = 1
	_, body = scrape(t, h, "")
	require.Contains(t, body, `switchboard_queue_length{workstream="Chat"} 1`)

	// A store that cannot answer makes the scrape fail, not lie.
	metrics.WatchQueues(func(context.Context) ([]metrics.Queue, error) { return nil, errors.New("database is down") })
	code, body := scrape(t, h, "")
	require.Equal(t, http.StatusInternalServerError, code)
	require.True(t, strings.Contains(body, "database is down"), body)
}
