// Package store keeps Switchboard's durable state in an embedded SQLite
// database: agents and their sign-in sessions, workstreams, contacts,
// conversations and the ordered message log the live relay is built on.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"modernc.org/sqlite"

	"github.com/switchboard-cx/switchboard/server/metrics"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Sentinel errors; callers compare with errors.Is.
var (
	ErrNotFound       = errors.New("not found")
	ErrDuplicate      = errors.New("already exists")
	ErrBadCredentials = errors.New("bad credentials")
	// ErrClosed means the conversation is closed, not that the Store is.
	ErrClosed = errors.New("conversation is closed")
	// ErrEnded refuses a customer's message to a conversation in wrap-up.
	ErrEnded = errors.New("conversation has ended")
	// ErrStale means a record changed since the version an edit started
	// from; nothing was saved.
	ErrStale = errors.New("changed since it was read")
	// ErrNotAssigned means the conversation is not assigned to the agent
	// who tried to act on it.
	ErrNotAssigned = errors.New("conversation is not assigned to this agent")
	// ErrOfferGone means there is no pending offer of the conversation to
	// the agent: it expired, was rejected or was taken.
	ErrOfferGone = errors.New("no pending offer")
)

// ValidationError reports input that was rejected before touching the
// database: the offending field, so handlers can point at it, and why, as a
// reason code (wire.Reason...) with the bounds it broke, so each page words
// it in its reader's language. Never English.
type ValidationError struct {
	Field    string
	Reason   string
	Min, Max int
}

func (e *ValidationError) Error() string {
	msg := e.Field + ": " + e.Reason
	if e.Min != 0 || e.Max != 0 {
		msg += fmt.Sprintf(" (%d..%d)", e.Min, e.Max)
	}
	return msg
}

// Problem is the field's refusal as the wire carries it.
func (e *ValidationError) Problem() wire.FieldProblem {
	return wire.FieldProblem{Reason: e.Reason, Min: e.Min, Max: e.Max}
}

func invalid(field, reason string) error { return &ValidationError{Field: field, Reason: reason} }

func outOfRange(field string, lo, hi int) error {
	return &ValidationError{Field: field, Reason: wire.ReasonRange, Min: lo, Max: hi}
}

// ValidationErrors reports several rejected fields at once, so a form can
// mark them all in one round trip.
type ValidationErrors []ValidationError

func (es ValidationErrors) Error() string {
	msgs := make([]string, len(es))
	for i := range es {
		msgs[i] = es[i].Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap lets errors.As find a *ValidationError in the list too, so callers
// that only know the single form still see the first field.
func (es ValidationErrors) Unwrap() []error {
	errs := make([]error, len(es))
	for i := range es {
		errs[i] = &es[i]
	}
	return errs
}

// fieldErrors collects the fields of one input that fail validation.
type fieldErrors []ValidationError

// add records err when it is a *ValidationError; nil is ignored.
func (f *fieldErrors) add(err error) {
	var v *ValidationError
	if errors.As(err, &v) {
		*f = append(*f, *v)
	}
}

// err is nil, the single *ValidationError, or ValidationErrors for several.
func (f fieldErrors) err() error {
	switch len(f) {
	case 0:
		return nil
	case 1:
		return &f[0]
	}
	return ValidationErrors(f)
}

// Store is safe for concurrent use.
type Store struct {
	// SQLite allows one writer at a time, so every write goes through a
	// single-connection pool and queues in Go instead of failing with
	// SQLITE_BUSY; WAL lets the reader pool run alongside it.
	writer *sql.DB
	reader *sql.DB
	// now and hashCost are fields so tests can move the clock (session
	// expiry) and skip bcrypt's deliberate slowness.
	now      func() time.Time
	hashCost int

	// Prepared statements of each pool (stmts.go).
	writes, reads *stmts

	// pg: the database is PostgreSQL (postgres.go).
	pg bool
}

// Open creates dir if needed, opens dir/switchboard.db and applies any
// pending migrations.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	path, err := filepath.Abs(filepath.Join(dir, DatabaseFile))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}

	// IMMEDIATE takes the write lock at BEGIN, so a transaction never has to
	// upgrade a read lock halfway through (which can fail with SQLITE_BUSY
	// regardless of busy_timeout).
	w, err := sql.Open("sqlite", dsn(path, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("open store writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	if _, err := migrate(ctx, w, migrations); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}

	// The reader is opened after migrating so it never sees a half-built schema;
	// query_only turns an accidental write through it into an error.
	r, err := sql.Open("sqlite", dsn(path, "_pragma=query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store reader: %w", err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open store reader: %w", err)
	}

	writes := newStmts(w)
	if err := writes.prepare(ctx, writerStmts...); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open store: prepare: %w", err)
	}
	return &Store{writer: w, reader: r, now: time.Now, hashCost: bcrypt.DefaultCost, writes: writes, reads: newStmts(r)}, nil
}

func dsn(path, extra string) string {
	u := url.URL{Path: path}
	return "file:" + u.EscapedPath() +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)&_pragma=synchronous(NORMAL)&" + extra
}

// Close closes both connection pools.
func (s *Store) Close() error {
	return errors.Join(s.reads.close(), s.writes.close(), s.reader.Close(), s.writer.Close())
}

// inTx runs fn in a write transaction, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	start := time.Now()
	defer func() {
		result := "commit"
		if err != nil {
			result = "rollback"
		}
		metrics.Since(metrics.StoreTx.WithLabelValues(result), start)
	}()
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op once committed
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// querier is satisfied by *sql.DB and *sql.Tx so lookups can run either on
// the reader pool or inside a write transaction that has just changed a row.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// Times are stored as integer unix milliseconds in UTC: they sort and
// compare as plain integers and survive the round trip exactly.
func (s *Store) nowMilli() int64 { return s.now().UnixMilli() }

func fromMilli(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// milli scans a unix-millisecond column straight into a time.Time field:
// Scan(..., (*milli)(&x.CreatedAt)).
type milli time.Time

func (m *milli) Scan(v any) error {
	ms, ok := v.(int64)
	if !ok {
		return fmt.Errorf("time column holds %T, want int64", v)
	}
	*m = milli(fromMilli(ms))
	return nil
}

// nullMilli is milli for a nullable column: NULL scans as the zero time.
type nullMilli time.Time

func (m *nullMilli) Scan(v any) error {
	if v == nil {
		*m = nullMilli{}
		return nil
	}
	return (*milli)(m).Scan(v)
}

// newToken returns 32 random bytes, URL-safe, for secrets handed to clients.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func isUniqueViolation(err error) bool {
	if isPgUnique(err) {
		return true
	}
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

func isPrimaryKeyViolation(err error) bool {
	if isPgPrimaryKey(err) {
		return true
	}
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// checkLen validates the rune length of an already trimmed value.
func checkLen(field, v string, minLen, maxLen int) error {
	n := utf8.RuneCountInString(v)
	switch {
	case n < minLen && minLen == 1:
		return invalid(field, wire.ReasonRequired)
	case n < minLen:
		return &ValidationError{Field: field, Reason: wire.ReasonTooShort, Min: minLen}
	case n > maxLen:
		return &ValidationError{Field: field, Reason: wire.ReasonTooLong, Max: maxLen}
	}
	return nil
}

func normalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// collect scans every row of a query with scan; what names the query in
// errors. It takes the query's results as they come, so callers write
// rows, err := s.reader.QueryContext(...); return collect(rows, err, ...).
func collect[T any](rows *sql.Rows, err error, what string, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}
