package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Knowledge article limits, in characters.
const (
	MaxArticleTitle   = 200
	MaxArticleSummary = 500
	MaxArticleBody    = 20000
	MaxArticleURL     = 2000
)

// Snippet match markers. They are control characters rather than HTML so a
// client can turn the highlights into elements without ever parsing markup.
const (
	MatchStart = "\x02"
	MatchEnd   = "\x03"
)

// Article is a knowledge base article.
type Article struct {
	ID        int64
	Title     string
	Summary   string // one sentence, sent to customers with the link
	Body      string // plain text, paragraphs separated by a blank line
	URL       string // public address of the article, may be ""
	UpdatedAt time.Time
}

// ArticleHit is an article found by a search, with a passage of its body
// around the matches, each wrapped in MatchStart and MatchEnd.
type ArticleHit struct {
	Article
	Snippet string
}

const articleColumns = `a.id, a.title, a.summary, a.body, a.url, a.updated_at`

// CreateArticle adds an article to the knowledge base and its search index.
func (s *Store) CreateArticle(ctx context.Context, a Article) (Article, error) {
	if err := checkArticle(&a); err != nil {
		return Article{}, fmt.Errorf("create article: %w", err)
	}
	updated := s.nowMilli()
	err := s.writer.QueryRowContext(ctx,
		`INSERT INTO articles (title, summary, body, url, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		a.Title, a.Summary, a.Body, a.URL, updated).Scan(&a.ID)
	if err != nil {
		return Article{}, fmt.Errorf("create article: %w", err)
	}
	a.UpdatedAt = fromMilli(updated)
	return a, nil
}

// UpdateArticle replaces article a.ID; the search index follows at once.
// DeleteArticle removes an article; the search index follows by trigger
// (SQLite) or with the row (PostgreSQL).
func (s *Store) DeleteArticle(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	return requireRow(res, fmt.Sprintf("delete article %d", id))
}

func (s *Store) UpdateArticle(ctx context.Context, a Article) (Article, error) {
	if err := checkArticle(&a); err != nil {
		return Article{}, fmt.Errorf("update article %d: %w", a.ID, err)
	}
	updated := s.nowMilli()
	res, err := s.writer.ExecContext(ctx,
		`UPDATE articles SET title = ?, summary = ?, body = ?, url = ?, updated_at = ? WHERE id = ?`,
		a.Title, a.Summary, a.Body, a.URL, updated, a.ID)
	if err != nil {
		return Article{}, fmt.Errorf("update article %d: %w", a.ID, err)
	}
	if err := requireRow(res, fmt.Sprintf("update article %d", a.ID)); err != nil {
		return Article{}, err
	}
	a.UpdatedAt = fromMilli(updated)
	return a, nil
}

// Article returns the article with the given id.
func (s *Store) Article(ctx context.Context, id int64) (Article, error) {
	a, err := scanArticle(s.reader.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return Article{}, fmt.Errorf("article %d: %w", id, err)
	}
	return a, nil
}

// ArticleCount returns how many articles there are.
func (s *Store) ArticleCount(ctx context.Context) (int, error) {
	var n int
	if err := s.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("article count: %w", err)
	}
	return n, nil
}

// SearchArticles finds the articles containing every word of query, the
// last one also as a prefix so results follow the agent's typing, best
// first: a match in the title counts for more than one in the summary, and
// that more than one in the body. Any input is safe, operators and quotes
// are taken as plain words; a query without words finds nothing. limit is
// kept within 1..50.
func (s *Store) SearchArticles(ctx context.Context, query string, limit int) ([]ArticleHit, error) {
	hits := []ArticleHit{}
	match := ftsQuery(query)
	if match == "" {
		return hits, nil
	}
	limit = min(max(limit, 1), 50)
	var rows *sql.Rows
	var err error
	if s.pg {
		rows, err = s.searchArticlesPG(ctx, query, limit)
	} else {
		// snippet() column 2 is the body; 24 tokens is about two lines.
		rows, err = s.reader.QueryContext(ctx,
			`SELECT `+articleColumns+`, snippet(articles_fts, 2, ?, ?, '…', 24)
		 FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
		 WHERE articles_fts MATCH ?
		 ORDER BY bm25(articles_fts, 10.0, 3.0, 1.0), a.id
		 LIMIT ?`,
			MatchStart, MatchEnd, match, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("search articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h ArticleHit
		if err := rows.Scan(&h.ID, &h.Title, &h.Summary, &h.Body, &h.URL, (*milli)(&h.UpdatedAt), &h.Snippet); err != nil {
			return nil, fmt.Errorf("search articles: %w", err)
		}
		if s.pg {
			h.Snippet = elide(h.Body, h.Snippet)
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search articles: %w", err)
	}
	return hits, nil
}

// ftsQuery turns what an agent typed into an FTS5 query that cannot be a
// syntax error: every run of letters, digits and marks becomes a quoted
// term, so AND, NEAR(, * and quotes lose their meaning, and the last term
// also matches as a prefix. Terms are ANDed. "" means no words.
func ftsQuery(raw string) string {
	terms := ftsTerms(raw)
	if len(terms) == 0 {
		return ""
	}
	terms[len(terms)-1] += "*"
	return strings.Join(terms, " AND ")
}

// ftsTerms splits raw into quoted FTS5 terms, one per run of letters,
// digits and marks.
func ftsTerms(raw string) []string {
	words := strings.FieldsFunc(raw, func(r rune) bool {
		// Marks keep decomposed accented letters inside their word.
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	})
	var terms []string
	for _, w := range words {
		// A run of marks alone (the variation selector of an emoji) is no word.
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) < 0 {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return terms
}

func checkArticle(a *Article) error {
	a.Title = strings.TrimSpace(a.Title)
	a.Summary = strings.TrimSpace(a.Summary)
	a.Body = strings.TrimSpace(a.Body)
	a.URL = strings.TrimSpace(a.URL)
	var f fieldErrors
	f.add(checkLen("title", a.Title, 1, MaxArticleTitle))
	f.add(checkLen("summary", a.Summary, 0, MaxArticleSummary))
	f.add(checkLen("body", a.Body, 1, MaxArticleBody))
	if a.URL != "" {
		f.add(checkWebURL("url", a.URL))
	}
	return f.err()
}

// checkWebURL accepts absolute http and https addresses only: clients turn
// the URL into a link, and a javascript: one would run in the agent's page.
func checkWebURL(field, v string) error {
	if err := checkLen(field, v, 1, MaxArticleURL); err != nil {
		return err
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid(field, wire.ReasonFormat)
	}
	return nil
}

func scanArticle(row scanner) (Article, error) {
	var a Article
	err := row.Scan(&a.ID, &a.Title, &a.Summary, &a.Body, &a.URL, (*milli)(&a.UpdatedAt))
	return a, err
}
