package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestArticles(t *testing.T) {
	ctx := context.Background()

	t.Run("the SQLite build has FTS5", func(t *testing.T) {
		sqliteOnly(t, "FTS5 is SQLite's")
		s := newTestStore(t)
		var fts5 bool
		require.NoError(t, s.reader.QueryRowContext(ctx,
			`SELECT sqlite_compileoption_used('ENABLE_FTS5')`).Scan(&fts5))
		require.True(t, fts5)
	})

	t.Run("a deleted article is gone from the list and the search", func(t *testing.T) {
		s := newTestStore(t)
		a, err := s.CreateArticle(ctx, Article{Title: "Refund timelines", Summary: "How long refunds take.", Body: "Refunds take five days."})
		require.NoError(t, err)
		require.NoError(t, s.DeleteArticle(ctx, a.ID))
		hits, err := s.SearchArticles(ctx, "refund", 10)
		require.NoError(t, err)
		require.Empty(t, hits)
		n, err := s.ArticleCount(ctx)
		require.NoError(t, err)
		require.Zero(t, n)
		require.ErrorIs(t, s.DeleteArticle(ctx, a.ID), ErrNotFound)
	})

	t.Run("an article is stored trimmed and read back", func(t *testing.T) {
		s := newTestStore(t)
		tick(s)
		a, err := s.CreateArticle(ctx, Article{
			Title: " Refund timelines ", Summary: "How long refunds take.",
			Body: "Refunds take five days.\n\nCard refunds can take longer.", URL: "https://help.example.com/articles/refunds",
		})
		require.NoError(t, err)
		require.NotZero(t, a.ID)
		require.Equal(t, "Refund timelines", a.Title)
		require.False(t, a.UpdatedAt.IsZero())
		got, err := s.Article(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, a, got)
		n, err := s.ArticleCount(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		_, err = s.Article(ctx, 999)
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("articles are validated field by field", func(t *testing.T) {
		s := newTestStore(t)
		for _, c := range []struct {
			field string
			in    Article
		}{
			{"title", Article{Body: "b"}},
			{"title", Article{Title: strings.Repeat("t", MaxArticleTitle+1), Body: "b"}},
			{"summary", Article{Title: "t", Summary: strings.Repeat("s", MaxArticleSummary+1), Body: "b"}},
			{"body", Article{Title: "t", Body: " "}},
			{"body", Article{Title: "t", Body: strings.Repeat("b", MaxArticleBody+1)}},
			{"url", Article{Title: "t", Body: "b", URL: "javascript:alert(1)"}},
			{"url", Article{Title: "t", Body: "b", URL: "/articles/relative"}},
		} {
			_, err := s.CreateArticle(ctx, c.in)
			requireValidation(t, err, c.field)
		}
		_, err := s.CreateArticle(ctx, Article{URL: "ftp://x"})
		var list ValidationErrors
		require.True(t, errors.As(err, &list), "got %v", err)
		require.Len(t, list, 3)
		n, err := s.ArticleCount(ctx)
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestSearchArticles(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	create := func(title, summary, body string) Article {
		t.Helper()
		a, err := s.CreateArticle(ctx, Article{Title: title, Summary: summary, Body: body})
		require.NoError(t, err)
		return a
	}
	// The body-only match is created first so id order cannot explain the ranking.
	returns := create("Returning an item",
		"Send an item back within 30 days.",
		"Print the label from your order page and drop the parcel at any post office. "+
			"Once the warehouse receives it, we issue a refund to the original payment method.")
	refunds := create("Refund timelines",
		"How long a refund takes to reach the customer.",
		"Card payments are returned within five working days. Gift cards are credited at once.")
	create("Store hours",
		"When our stores are open.",
		"Most stores open at 9 and close at 18, Sunday 11 to 16.")

	t.Run("a title match ranks above a body-only match", func(t *testing.T) {
		hits, err := s.SearchArticles(ctx, "refund", 20)
		require.NoError(t, err)
		require.Len(t, hits, 2)
		require.Equal(t, refunds.ID, hits[0].ID)
		require.Equal(t, returns.ID, hits[1].ID)
		require.Equal(t, returns, hits[1].Article)
	})

	t.Run("the snippet marks the matched term with control characters", func(t *testing.T) {
		hits, err := s.SearchArticles(ctx, "refund", 20)
		require.NoError(t, err)
		snippet := hits[1].Snippet
		require.Contains(t, snippet, MatchStart+"refund"+MatchEnd)
		require.True(t, strings.HasPrefix(snippet, "…"), "a passage from the middle starts with an ellipsis: %q", snippet)
		require.NotContains(t, snippet, "<")
	})

	t.Run("the last word matches as a prefix", func(t *testing.T) {
		hits, err := s.SearchArticles(ctx, "refun", 20)
		require.NoError(t, err)
		require.Len(t, hits, 2)
		require.Contains(t, hits[1].Snippet, MatchStart+"refund"+MatchEnd)
	})

	t.Run("every word must match", func(t *testing.T) {
		hits, err := s.SearchArticles(ctx, "refund post office", 20)
		require.NoError(t, err)
		require.Len(t, hits, 1)
		require.Equal(t, returns.ID, hits[0].ID)
	})

	t.Run("case and accents do not matter", func(t *testing.T) {
		hits, err := s.SearchArticles(ctx, "STORE HÔURS", 20)
		require.NoError(t, err)
		require.Len(t, hits, 1)
		require.Equal(t, "Store hours", hits[0].Title)
	})

	t.Run("odd input is searched as words, never a syntax error", func(t *testing.T) {
		for _, q := range []string{
			`"`, `*`, `OR`, `AND`, `NOT`, `NEAR(`, `NEAR(refund`, `refund"`, `"refund`, `(`, `)`, `-refund`,
			`^refund`, `title:refund`, `refund*`, `{title}: x`, `+`, `'`, `\`, `😀`, `❤️`, `👍🏽 refund`,
			"refund\x00", "\u0301", "e\u0301", `%`, `_`, `refund OR "gift"`, strings.Repeat(`"(* `, 100),
		} {
			_, err := s.SearchArticles(ctx, q, 20)
			require.NoError(t, err, "query %q", q)
		}
		hits, err := s.SearchArticles(ctx, `(refund* "timelines`, 20)
		require.NoError(t, err)
		require.Len(t, hits, 1, "words inside operators still count")
		require.Equal(t, refunds.ID, hits[0].ID)
		hits, err = s.SearchArticles(ctx, `👍🏽 refund`, 20)
		require.NoError(t, err)
		require.Len(t, hits, 2, "an emoji is no word")
	})

	t.Run("a query without words finds nothing", func(t *testing.T) {
		for _, q := range []string{"", "   ", "*", `""`, "😀", "?!"} {
			hits, err := s.SearchArticles(ctx, q, 20)
			require.NoError(t, err)
			require.NotNil(t, hits)
			require.Empty(t, hits, "query %q", q)
		}
	})

	t.Run("the limit caps the hits", func(t *testing.T) {
		hits, err := s.SearchArticles(ctx, "refund", 1)
		require.NoError(t, err)
		require.Len(t, hits, 1)
		require.Equal(t, refunds.ID, hits[0].ID)
	})

	t.Run("an updated article is found by its new words, not its old ones", func(t *testing.T) {
		hours, err := s.SearchArticles(ctx, "sunday", 20)
		require.NoError(t, err)
		require.Len(t, hours, 1)
		a := hours[0].Article
		a.Body = "Most stores open at 9 and close at 18, and on public holidays from 10 to 14."
		_, err = s.UpdateArticle(ctx, a)
		require.NoError(t, err)

		hits, err := s.SearchArticles(ctx, "holidays", 20)
		require.NoError(t, err)
		require.Len(t, hits, 1)
		require.Equal(t, a.ID, hits[0].ID)
		require.Contains(t, hits[0].Snippet, MatchStart+"holidays"+MatchEnd)
		hits, err = s.SearchArticles(ctx, "sunday", 20)
		require.NoError(t, err)
		require.Empty(t, hits)

		_, err = s.UpdateArticle(ctx, Article{ID: 999, Title: "t", Body: "b"})
		require.ErrorIs(t, err, ErrNotFound)
	})
}

func TestFTSQuery(t *testing.T) {
	t.Run("words are quoted, ANDed, and the last one is a prefix", func(t *testing.T) {
		for in, want := range map[string]string{
			"refund":                 `"refund"*`,
			"  late  delivery ":      `"late" AND "delivery"*`,
			`NEAR("x" OR y*`:         `"NEAR" AND "x" AND "OR" AND "y"*`,
			"order #1042, café":      `"order" AND "1042" AND "café"*`,
			"😀 ❤️":                   ``,
			"":                       ``,
			"e\u0301tude":            "\"e\u0301tude\"*",
			"VAT-receipt/invoice?":   `"VAT" AND "receipt" AND "invoice"*`,
			"Zahlung fehlgeschlagen": `"Zahlung" AND "fehlgeschlagen"*`,
		} {
			require.Equal(t, want, ftsQuery(in), "input %q", in)
		}
	})
}
