package httpapi_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/metrics"
)

func (e *env) scrape(auth string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+"/metrics", nil)
	require.NoError(e.t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return res.StatusCode, string(body)
}

// /metrics answers only with the metrics token [T5], and then tells what
// the server did: requests by route, sockets, messages, offers.
func TestMetrics(t *testing.T) {
	e := newEnv(t)

	t.Run("without a metrics token, the API serves no metrics", func(t *testing.T) {
		code, _ := e.scrape("Bearer anything")
		require.Equal(t, http.StatusNotFound, code)
	})

	e.api.MetricsToken = "operator-secret"
	chat := e.startChat()
	t.Run("a request without the token, or with a sign-in or chat token, is refused", func(t *testing.T) {
		for _, auth := range []string{"", "Bearer " + chat.Token, "Bearer operator-secre"} {
			code, body := e.scrape(auth)
			require.Equal(t, http.StatusUnauthorized, code, "Authorization %q", auth)
			require.NotContains(t, body, "switchboard_")
		}
		agent := e.agentClient("alex@example.com")
		res, err := agent.Get(e.srv.URL + "/metrics")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusUnauthorized, res.StatusCode, "a sign-in cookie is not the metrics token")
	})

	t.Run("with the token, the metrics say what happened", func(t *testing.T) {
		openAgents := testutil.ToFloat64(metrics.Sockets.WithLabelValues("agent"))
		agentHTTP := e.agentClient("alex@example.com")
		agent := e.dial("/ws/agent", agentHTTP, wire.Hello{})
		// The chat already waiting is offered as Alex connects.
		require.Equal(t, chat.Conversation.ID, decode[wire.Offer](t, agent.nextOf(wire.TypeOfferCreated)).Conversation.ID)
		require.Equal(t, openAgents+1, testutil.ToFloat64(metrics.Sockets.WithLabelValues("agent")))

		stored := testutil.ToFloat64(metrics.Messages.WithLabelValues("customer"))
		offered := testutil.ToFloat64(metrics.Offers.WithLabelValues("offered"))
		chat := e.startChat()
		customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
		customer.send(sendFrame(chat.Conversation.ID, "m1", "Where is my parcel?"))
		customer.nextOf(wire.TypeAck)
		agent.nextOf(wire.TypeOfferCreated)

		require.Equal(t, stored+1, testutil.ToFloat64(metrics.Messages.WithLabelValues("customer")))
		require.Equal(t, offered+1, testutil.ToFloat64(metrics.Offers.WithLabelValues("offered")))

		res, err := http.Get(e.srv.URL + "/healthz")
		require.NoError(t, err)
		res.Body.Close()
		code, body := e.scrape("Bearer operator-secret")
		require.Equal(t, http.StatusOK, code)
		for _, line := range []string{
			`switchboard_http_requests_total{code="200",route="GET /healthz"}`,
			`switchboard_http_requests_total{code="401",route="GET /metrics"}`,
			`switchboard_http_request_duration_seconds_bucket{route="POST /api/chat",le="+Inf"}`,
			`switchboard_websockets_open{kind="customer"}`,
			`switchboard_messages_stored_total{sender="customer"}`,
			`switchboard_offers_total{outcome="offered"}`,
			`switchboard_store_transaction_seconds_count{result="commit"}`,
			`switchboard_relay_fanout_seconds_count`,
		} {
			require.Contains(t, body, line)
		}
	})
}
