package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/demo"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

// An agent who searches the demo's knowledge base for a topic finds the
// article named after it first: a title counts for more than a body that
// mentions the word often [D4]. On both databases.
func TestSearchRanksTheTitleFirst(t *testing.T) {
	ctx := context.Background()
	var s *store.Store
	var err error
	if os.Getenv("SWITCHBOARD_TEST_DATABASE") == "postgres" {
		s, err = store.OpenPostgres(ctx, pgtest.URL(t, t.TempDir()))
	} else {
		s, err = store.Open(ctx, t.TempDir())
	}
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	_, err = demo.Seed(ctx, s)
	require.NoError(t, err)
	for query, want := range map[string]string{
		"refund":   "How long does a refund take?",
		"refunds":  "How long does a refund take?",
		"return":   "How to return an item",
		"late":     "My order is late",
		"password": "Resetting a forgotten password",
		"invoice":  "Getting an invoice for an order",
		"customs":  "Customs duties and import fees",
		"lost":     "Parcel lost or marked delivered but not received",
	} {
		hits, err := s.SearchArticles(ctx, query, 10)
		require.NoError(t, err)
		require.NotEmpty(t, hits, query)
		var titles []string
		for _, h := range hits {
			titles = append(titles, h.Title)
		}
		require.Equal(t, want, hits[0].Title, "%q ranks %q", query, titles)
	}
}
