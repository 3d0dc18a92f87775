package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// getAuthorized answers the status and body of GET url, with auth as Authorization.
func getAuthorized(t *testing.T, url, auth string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(body)
}

// An operator scrapes /metrics with the metrics token, on the server's
// address or on a listener of its own; without the token it is refused
// [T5]. The queue of the chat a customer started shows in it.
func TestMetricsForTheOperator(t *testing.T) {
	metricsAddr := freeAddr(t)
	srv := startServer(t, withArgs("-metrics-token", "scrape-secret", "-metrics-addr", metricsAddr))

	res, err := http.Post(srv.URL+"/api/chat", "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)

	for _, base := range []string{srv.URL, "http://" + metricsAddr} {
		code, body := getAuthorized(t, base+"/metrics", "")
		require.Equal(t, http.StatusUnauthorized, code, base)
		require.NotContains(t, body, "switchboard_")

		code, body = getAuthorized(t, base+"/metrics", "Bearer scrape-secret")
		require.Equal(t, http.StatusOK, code, base)
		require.Contains(t, body, `switchboard_queue_length{workstream="Chat"} 1`, base)
		require.Contains(t, body, `switchboard_http_requests_total{code="201",route="POST /api/chat"} 1`, base)
	}
	// The metrics listener serves nothing else.
	code, _ := getAuthorized(t, "http://"+metricsAddr+"/healthz", "")
	require.Equal(t, http.StatusNotFound, code)
}
