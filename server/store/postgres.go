package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"golang.org/x/crypto/bcrypt"
)

// PostgreSQL lets several switchboard processes share one contact centre
// [O1]. The store's queries are written once, in the SQL both databases
// speak, with SQLite's ? placeholders; the connection below translates them
// (pgSQL), so the embedded SQLite path runs exactly the statements it always
// has. Where the two differ in kind (full-text search, the schema) the store
// branches on s.pg.

// Advisory lock keys, one per purpose, in the database's lock space.
const (
	// lockWrite makes write transactions take turns, as SQLite's one writer
	// does, so every read-check-write in a transaction sees what the one
	// before it committed. The cost is that writes do not run in parallel;
	// docs/BENCHMARKS.md has the figures.
	lockWrite int64 = 0x5357_0001
	// lockMigrate lets one process at a time check and apply migrations.
	lockMigrate int64 = 0x5357_0002
	// LockRouting is held by the one process that runs routing [O3].
	LockRouting int64 = 0x5357_0003
)

// IsPostgres says whether database names a PostgreSQL server rather than
// an embedded SQLite directory.
func IsPostgres(database string) bool {
	return strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://")
}

// OpenDatabase opens PostgreSQL when database is a postgres:// URL and the
// embedded SQLite database in dir otherwise.
func OpenDatabase(ctx context.Context, database, dir string) (*Store, error) {
	if database == "" {
		return Open(ctx, dir)
	}
	if !IsPostgres(database) {
		return nil, fmt.Errorf("open store: -database must be a postgres:// URL, not %q", database)
	}
	return OpenPostgres(ctx, database)
}

// OpenPostgres connects to the PostgreSQL database at url and applies any
// pending migrations, once even when several processes start together.
func OpenPostgres(ctx context.Context, url string) (*Store, error) {
	// Two pools, as on SQLite: a write transaction waiting for its turn
	// holds a writer connection, and the one whose turn it is may read
	// through the reader meanwhile, so the readers must not be among the
	// connections that wait.
	w, err := openPostgresDB(url, 8, false)
	if err != nil {
		return nil, err
	}
	r, err := openPostgresDB(url, 16, true)
	if err != nil {
		w.Close()
		return nil, err
	}
	fail := func(what string, err error) (*Store, error) {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open store: %s%w", what, err)
	}
	if err := w.PingContext(ctx); err != nil {
		return fail("connect to PostgreSQL: ", err)
	}
	if err := migratePostgres(ctx, w); err != nil {
		return fail("", err)
	}
	writes := newStmts(w)
	if err := writes.prepare(ctx, writerStmts...); err != nil {
		return fail("prepare: ", err)
	}
	return &Store{pg: true, writer: w, reader: r, now: time.Now, hashCost: bcrypt.DefaultCost, writes: writes, reads: newStmts(r)}, nil
}

// openPostgresDB returns a pool of up to conns connections that translate
// the store's SQL; readOnly ones refuse writes, as SQLite's query_only.
func openPostgresDB(url string, conns int, readOnly bool) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	db := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return db, nil
}

// migratePostgres applies pgMigrations while holding lockMigrate, so two
// processes starting at once never both run one.
func migratePostgres(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, lockMigrate); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, lockMigrate)
	// Times are milliseconds, too large for PostgreSQL's INTEGER; created
	// here first, migrate's own CREATE TABLE IF NOT EXISTS is a no-op.
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    BIGINT PRIMARY KEY,
	applied_at BIGINT NOT NULL
)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	_, err = migrate(ctx, db, pgMigrations)
	return err
}

// Migrate applies pending migrations and reports how many ran: what
// `switchboard migrate` does before a rolling upgrade.
func Migrate(ctx context.Context, database, dir string) (int, error) {
	start := time.Now()
	if database == "" {
		s, err := Open(ctx, dir) // Open migrates
		if err != nil {
			return 0, err
		}
		defer s.Close()
		var ran int
		err = s.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE applied_at >= ?`, start.UnixMilli()).Scan(&ran)
		return ran, err
	}
	if !IsPostgres(database) {
		return 0, fmt.Errorf("migrate: -database must be a postgres:// URL, not %q", database)
	}
	db, err := openPostgresDB(database, 2, false)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var before int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'`).Scan(&before); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	if before > 0 {
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&before); err != nil {
			return 0, fmt.Errorf("migrate: %w", err)
		}
	}
	if err := migratePostgres(ctx, db); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	var after int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&after); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return after - before, nil
}

// TryLock takes the session-level advisory lock key on a connection of its
// own and holds it until release is called or the connection drops (the
// holder died): the way one process among several becomes the one that
// runs routing. ok is false when another session holds it. On SQLite there
// is one process, and the lock is always granted.
func (s *Store) TryLock(ctx context.Context, key int64) (release func(), lost <-chan struct{}, ok bool, err error) {
	if !s.pg {
		return func() {}, nil, true, nil
	}
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?)`, key).Scan(&ok); err != nil || !ok {
		conn.Close()
		return nil, nil, false, err
	}
	// Check the connection now and then: if PostgreSQL lost it, so is the
	// lock, and the holder must stop acting as if it had it.
	done, gone := make(chan struct{}), make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				pctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				err := conn.PingContext(pctx)
				cancel()
				if err != nil {
					close(gone)
					return
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(?)`, key)
			conn.Close()
		})
	}, gone, true, nil
}

// pgConnector makes connections that translate the store's SQL.
type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{Conn: conn.(*stdlib.Conn)}, nil
}

// pgConn is pgx's database/sql connection with the store's dialect on top.
type pgConn struct{ *stdlib.Conn }

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(pgSQL(query))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, pgSQL(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, pgSQL(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, pgSQL(query), args)
}

// BeginTx starts a write transaction that waits its turn (lockWrite).
func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	if _, err := c.Conn.Conn().Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockWrite); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// CheckNamedValue stores Go booleans as the 0 and 1 the schema keeps, as
// SQLite does.
func (c *pgConn) CheckNamedValue(v *driver.NamedValue) error {
	if b, ok := v.Value.(bool); ok {
		v.Value = int64(0)
		if b {
			v.Value = int64(1)
		}
	}
	return nil
}

var pgQueries sync.Map // SQLite text → PostgreSQL text

// pgSQL translates a store query: ? placeholders (outside quotes) become
// $1, $2…, and INSERT OR IGNORE becomes INSERT … ON CONFLICT DO NOTHING.
func pgSQL(q string) string {
	if t, ok := pgQueries.Load(q); ok {
		return t.(string)
	}
	var b strings.Builder
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		switch ch := q[i]; {
		case ch == '\'':
			quoted = !quoted
			b.WriteByte(ch)
		case ch == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
		default:
			b.WriteByte(ch)
		}
	}
	t := b.String()
	if strings.Contains(t, "INSERT OR IGNORE INTO") {
		t = strings.Replace(t, "INSERT OR IGNORE INTO", "INSERT INTO", 1)
		t = strings.TrimRight(t, " \t\n;") + " ON CONFLICT DO NOTHING"
	}
	pgQueries.Store(q, t)
	return t
}

func isPgCode(err error, code string) (*pgconn.PgError, bool) {
	var e *pgconn.PgError
	if errors.As(err, &e) && e.Code == code {
		return e, true
	}
	return nil, false
}

// PostgreSQL names a primary key's constraint table_pkey.
func isPgUnique(err error) bool {
	e, ok := isPgCode(err, "23505")
	return ok && !strings.HasSuffix(e.ConstraintName, "_pkey")
}

func isPgPrimaryKey(err error) bool {
	e, ok := isPgCode(err, "23505")
	return ok && strings.HasSuffix(e.ConstraintName, "_pkey")
}
