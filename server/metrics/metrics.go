// Package metrics is what the server tells an operator's monitoring, in
// the Prometheus text format at /metrics [T5]. The metrics are package
// variables, as is usual with the Prometheus client: the packages that do
// the work count it where it happens, and one registry serves them all.
package metrics

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds every metric the server exports, with the Go runtime's
// and the process's own.
var Registry = prometheus.NewRegistry()

var factory = promauto.With(Registry)

// Latency buckets from a millisecond to ten seconds: the API answers in
// milliseconds, and anything past a few seconds is an outage.
var latency = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

var (
	// HTTPRequests counts answered requests by route (the route table's
	// pattern, so the label set stays small) and status code.
	HTTPRequests = factory.NewCounterVec(prometheus.CounterOpts{
		Name: "switchboard_http_requests_total",
		Help: "HTTP requests answered, by route pattern and status code.",
	}, []string{"route", "code"})
	// HTTPDuration is how long requests took to answer, by route. A
	// websocket's is its whole life.
	HTTPDuration = factory.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "switchboard_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern (for websockets: the connection's life).",
		Buckets: latency,
	}, []string{"route"})

	// Sockets is the number of open websockets, agent or customer.
	Sockets = factory.NewGaugeVec(prometheus.GaugeOpts{
		Name: "switchboard_websockets_open",
		Help: "Open websockets, by kind (agent, customer).",
	}, []string{"kind"})
	// SocketCloses counts closed websockets by kind and why: normal,
	// error (the network or the peer failed), abuse (over the frame
	// rate), signed_out and restart.
	SocketCloses = factory.NewCounterVec(prometheus.CounterOpts{
		Name: "switchboard_websocket_closes_total",
		Help: "Websockets closed, by kind and reason (normal, error, abuse, signed_out, restart).",
	}, []string{"kind", "reason"})

	// Messages counts messages stored, by sender (customer, agent,
	// system). A resend of a stored message is not counted again.
	Messages = factory.NewCounterVec(prometheus.CounterOpts{
		Name: "switchboard_messages_stored_total",
		Help: "Messages stored, by sender (customer, agent, system).",
	}, []string{"sender"})
	// FanOut is the time to hand one event to every connection of this
	// process subscribed to its topic.
	FanOut = factory.NewHistogram(prometheus.HistogramOpts{
		Name:    "switchboard_relay_fanout_seconds",
		Help:    "Time to hand one event to every subscribed connection in this process.",
		Buckets: []float64{.00001, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .1},
	})

	// Offers counts offers made and how each ended: offered, accepted,
	// rejected, missed (shown and let run out) and unseen (ran out with
	// no window showing it, so nobody's miss).
	Offers = factory.NewCounterVec(prometheus.CounterOpts{
		Name: "switchboard_offers_total",
		Help: "Offers, by outcome (offered, accepted, rejected, missed, unseen).",
	}, []string{"outcome"})

	// StoreTx is how long write transactions took, begin to commit or
	// rollback, by result (commit, rollback).
	StoreTx = factory.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "switchboard_store_transaction_seconds",
		Help:    "Time a write transaction took from begin to commit or rollback, by result.",
		Buckets: latency,
	}, []string{"result"})

	// SMS counts delivery attempts of SMS replies by result: delivered,
	// retry (failed, tried again later) and failed (given up).
	SMS = factory.NewCounterVec(prometheus.CounterOpts{
		Name: "switchboard_sms_deliveries_total",
		Help: "SMS reply delivery attempts, by result (delivered, retry, failed).",
	}, []string{"result"})
)

func init() {
	Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	Registry.MustRegister(queues{})
}

// Queue is one workstream's queue at the moment of a scrape.
type Queue struct {
	Workstream string
	Waiting    int
	OldestWait time.Duration // how long its longest-waiting customer has waited
}

// QueueSource answers the queues when /metrics is scraped.
type QueueSource func(ctx context.Context) ([]Queue, error)

var queueSource atomic.Pointer[QueueSource]

// WatchQueues tells the metrics where the queues are read from; without it
// none are exported.
func WatchQueues(src QueueSource) { queueSource.Store(&src) }

var (
	queueLength = prometheus.NewDesc("switchboard_queue_length",
		"Conversations waiting for an agent, by workstream.", []string{"workstream"}, nil)
	queueWait = prometheus.NewDesc("switchboard_queue_oldest_wait_seconds",
		"How long the longest-waiting conversation of a workstream's queue has waited.", []string{"workstream"}, nil)
)

// queues reads the queues at scrape time, so the figure is never stale and
// nothing has to keep it up to date.
type queues struct{}

func (queues) Describe(ch chan<- *prometheus.Desc) { ch <- queueLength; ch <- queueWait }

func (queues) Collect(ch chan<- prometheus.Metric) {
	src := queueSource.Load()
	if src == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := (*src)(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(queueLength, err)
		return
	}
	for _, q := range list {
		ch <- prometheus.MustNewConstMetric(queueLength, prometheus.GaugeValue, float64(q.Waiting), q.Workstream)
		ch <- prometheus.MustNewConstMetric(queueWait, prometheus.GaugeValue, q.OldestWait.Seconds(), q.Workstream)
	}
}

// Instrument counts and times the requests of one route.
func Instrument(route string, h http.Handler) http.Handler {
	labels := prometheus.Labels{"route": route}
	return promhttp.InstrumentHandlerCounter(HTTPRequests.MustCurryWith(labels),
		promhttp.InstrumentHandlerDuration(HTTPDuration.MustCurryWith(labels), h))
}

// serve writes the registry in the text format, made once.
var serve = promhttp.HandlerFor(Registry, promhttp.HandlerOpts{})

// Handler serves the metrics. With a token, only a request bearing it is
// answered; the others get 401.
func Handler(token string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" && !bearer(r, token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "The metrics need the metrics token.", http.StatusUnauthorized)
			return
		}
		serve.ServeHTTP(w, r)
	})
}

func bearer(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

// Since observes the seconds from start on h.
func Since(h prometheus.Observer, start time.Time) { h.Observe(time.Since(start).Seconds()) }
