package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Full-text search on PostgreSQL [O1]: the tsvector columns of the schema
// (migrate_postgres.go) with their GIN indexes, ranked by ts_rank with the
// same column weights as SQLite's bm25 and highlighted by ts_headline. The
// words of a query are normalized by sb_words exactly as the indexed text
// was, and only letters and digits survive it, so no input is a syntax
// error; the callers have already returned for a query without words.

// pgTsQuery is a to_tsquery over the words of the query parameter: every
// word must match, the last (or, with allPrefix, each) also as a prefix.
func pgTsQuery(allPrefix bool) string {
	sep := " & "
	if allPrefix {
		sep = ":* & "
	}
	return `to_tsquery('simple', regexp_replace(btrim(sb_words(?)), ' +', '` + sep + `', 'g') || ':*')`
}

// headlineOptions mark matches as FTS5's snippet does in SQLite, about two
// lines around them.
var headlineOptions = fmt.Sprintf(`StartSel="%s", StopSel="%s", MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter="…"`, MatchStart, MatchEnd)

func (s *Store) searchArticlesPG(ctx context.Context, query string, limit int) (*sql.Rows, error) {
	return s.reader.QueryContext(ctx,
		`SELECT `+articleColumns+`, ts_headline('simple', a.body, q, ?)
		 FROM articles a, `+pgTsQuery(false)+` q
		 WHERE a.search @@ q
		 ORDER BY ts_rank(a.search, q) DESC, a.id
		 LIMIT ?`,
		headlineOptions, pgWords(query), limit)
}

func (s *Store) searchContactsPG(ctx context.Context, query string, limit int) ([]Contact, error) {
	return s.contactList(ctx,
		`SELECT `+contactColumns+` FROM contacts k, `+pgTsQuery(true)+` q
		 WHERE k.search @@ q
		 ORDER BY ts_rank(k.search, q) DESC, k.name COLLATE NOCASE, k.id
		 LIMIT ?`, pgWords(query), limit)
}

// pgWords keeps the words ftsTerms finds, so both databases agree on what
// a word is, unquoted.
func pgWords(query string) string {
	terms := ftsTerms(query)
	for i, t := range terms {
		terms[i] = strings.ReplaceAll(strings.Trim(t, `"`), `""`, `"`)
	}
	return strings.Join(terms, " ")
}

// elide marks with an ellipsis the ends of a headline that are not the
// body's own, as FTS5's snippet does.
func elide(body, headline string) string {
	plain := strings.NewReplacer(MatchStart, "", MatchEnd, "").Replace(headline)
	if !strings.HasPrefix(body, plain) {
		headline = "…" + headline
	}
	if !strings.HasSuffix(body, plain) {
		headline += "…"
	}
	return headline
}
