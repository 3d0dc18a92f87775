package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

const defaultSearchLimit = 20

// searchKnowledge answers ?q=...&limit=N with the best matching articles
// and highlighted snippets [D4].
func (s *Server) searchKnowledge(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	query := q.Get("q")
	if utf8.RuneCountInString(query) > wire.MaxSearchQueryRunes {
		problem(w, http.StatusBadRequest, "error.search.too_long", strconv.Itoa(wire.MaxSearchQueryRunes))
		return
	}
	limit := defaultSearchLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			problem(w, http.StatusBadRequest, "error.limit")
			return
		}
		limit = min(n, wire.MaxSearchLimit)
	}
	hits, err := s.store.SearchArticles(r.Context(), query, limit)
	writeList(s, w, r, hits, err, func(h store.ArticleHit) wire.ArticleHit {
		return wire.ArticleHit{Article: wireArticle(h.Article), Snippet: h.Snippet}
	})
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Article")
	if !ok {
		return
	}
	a, err := s.store.Article(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "error.no.article")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wireArticle(a))
}

func wireArticle(a store.Article) wire.Article {
	return wire.Article{ID: a.ID, Title: a.Title, Summary: a.Summary, Body: a.Body, URL: a.URL}
}
