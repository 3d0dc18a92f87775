package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

func TestKnowledgeAPI(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	alex := e.agentClient("alex@example.com")
	article := func(title, summary, body string) store.Article {
		t.Helper()
		a, err := e.store.CreateArticle(ctx, store.Article{
			Title: title, Summary: summary, Body: body,
			URL: "https://help.example.com/articles/" + strings.ToLower(strings.ReplaceAll(title, " ", "-")),
		})
		require.NoError(t, err)
		return a
	}
	returns := article("Returning an item", "Send an item back within 30 days.",
		"Print the label from your order page and drop the parcel at any post office. "+
			"Once the warehouse receives it, we issue a refund to the original payment method.")
	refunds := article("Refund timelines", "How long a refund takes.",
		"Card refunds arrive within five working days.")
	markup := article("Markup <script>alert(1)</script>", "<b>Not bold</b>", "Text with <i>tags</i> & ampersands.")

	search := func(t *testing.T, query string) []wire.ArticleHit {
		t.Helper()
		return answer[[]wire.ArticleHit](t, e.do(alex, "GET", "/api/knowledge?q="+url.QueryEscape(query), ""), http.StatusOK)
	}

	t.Run("a search returns hits best first with marked snippets", func(t *testing.T) {
		res := e.do(alex, "GET", "/api/knowledge?q=refund", "")
		require.Equal(t, http.StatusOK, res.StatusCode)
		b, _ := io.ReadAll(res.Body)
		require.Contains(t, string(b), `\u0002refund`, "markers travel as control characters")

		hits := search(t, "refund")
		require.Len(t, hits, 2)
		require.Equal(t, refunds.ID, hits[0].Article.ID, "a title match comes first")
		require.Equal(t, wire.Article{
			ID: returns.ID, Title: returns.Title, Summary: returns.Summary, Body: returns.Body, URL: returns.URL,
		}, hits[1].Article)
		require.Contains(t, hits[1].Snippet, wire.MatchStart+"refund"+wire.MatchEnd)
		require.Contains(t, hits[0].Snippet, wire.MatchStart+"refunds"+wire.MatchEnd, "the last word is a prefix")
	})

	t.Run("no words find nothing and odd input is no error", func(t *testing.T) {
		res := e.do(alex, "GET", "/api/knowledge?q=", "")
		require.Equal(t, http.StatusOK, res.StatusCode)
		b, _ := io.ReadAll(res.Body)
		require.JSONEq(t, `[]`, string(b))
		require.Empty(t, search(t, `"*`))
		for _, q := range []string{`NEAR(`, `refund"`, `OR`, `😀`, `title:refund`, `<script>`} {
			search(t, q)
		}
	})

	t.Run("the limit is honoured and capped at 50", func(t *testing.T) {
		require.Len(t, answer[[]wire.ArticleHit](t, e.do(alex, "GET", "/api/knowledge?q=refund&limit=1", ""), http.StatusOK), 1)
		for i := range 55 {
			_, err := e.store.CreateArticle(ctx, store.Article{Title: "Gift card " + strconv.Itoa(i), Body: "Gift cards never expire."})
			require.NoError(t, err)
		}
		require.Len(t, search(t, "gift"), 20, "20 by default")
		require.Len(t, answer[[]wire.ArticleHit](t, e.do(alex, "GET", "/api/knowledge?q=gift&limit=500", ""), http.StatusOK), 50)
		for _, bad := range []string{"0", "-3", "ten"} {
			require.Equal(t, http.StatusBadRequest, e.do(alex, "GET", "/api/knowledge?q=gift&limit="+bad, "").StatusCode, bad)
		}
	})

	t.Run("a query over 200 characters is refused", func(t *testing.T) {
		res := e.do(alex, "GET", "/api/knowledge?q="+url.QueryEscape(strings.Repeat("é", 201)), "")
		p := answer[wire.Problem](t, res, http.StatusBadRequest)
		require.Equal(t, "Search for at most 200 characters.", p.Error)
		search(t, strings.Repeat("é", 200))
	})

	t.Run("an article opens by id, markup and all, as text", func(t *testing.T) {
		got := answer[wire.Article](t, e.do(alex, "GET", "/api/knowledge/"+itoa(markup.ID), ""), http.StatusOK)
		require.Equal(t, wire.Article{
			ID: markup.ID, Title: "Markup <script>alert(1)</script>", Summary: "<b>Not bold</b>",
			Body: "Text with <i>tags</i> & ampersands.", URL: markup.URL,
		}, got)
		require.Equal(t, http.StatusNotFound, e.do(alex, "GET", "/api/knowledge/99999", "").StatusCode)
		require.Equal(t, http.StatusBadRequest, e.do(alex, "GET", "/api/knowledge/x", "").StatusCode)
	})
}
