package httpapi

import (
	"errors"
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

func (s *Server) adminArticles(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.Articles(r.Context())
	writeList(s, w, r, list, err, wireArticle)
}

func (s *Server) createArticle(w http.ResponseWriter, r *http.Request) {
	var in wire.Article
	if !readArticleJSON(w, r, &in) {
		return
	}
	a, err := s.store.CreateArticle(r.Context(), articleFromWire(in))
	if err != nil {
		s.failArticle(w, r, err)
		return
	}
	s.adminLog(r, "article created", "article", a.ID, "title", a.Title)
	writeJSON(w, http.StatusCreated, wireArticle(a))
}

func (s *Server) updateArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Article")
	if !ok {
		return
	}
	var in wire.Article
	if !readArticleJSON(w, r, &in) {
		return
	}
	a := articleFromWire(in)
	a.ID = id
	a, err := s.store.UpdateArticle(r.Context(), a)
	if err != nil {
		s.failArticle(w, r, err)
		return
	}
	s.adminLog(r, "article changed", "article", a.ID, "title", a.Title)
	writeJSON(w, http.StatusOK, wireArticle(a))
}

// readArticleJSON is readJSON with room for an article body of
// store.MaxArticleBody characters, four bytes each, escaped.
func readArticleJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	return readJSONUpTo(w, r, v, 8*store.MaxArticleBody+16<<10)
}

func articleFromWire(in wire.Article) store.Article {
	return store.Article{Title: in.Title, Summary: in.Summary, Body: in.Body, URL: in.URL}
}

func (s *Server) failArticle(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "error.no.article")
		return
	}
	if badFields(w, refusedFields(err, nil)) {
		return
	}
	s.fail(w, r, err)
}

func (s *Server) deleteArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Article")
	if !ok {
		return
	}
	if err := s.store.DeleteArticle(r.Context(), id); err != nil {
		s.failArticle(w, r, err)
		return
	}
	s.adminLog(r, "article deleted", "article", id)
	w.WriteHeader(http.StatusNoContent)
}
