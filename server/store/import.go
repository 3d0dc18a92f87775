package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// importTables are copied by ImportSQLite, each after those it refers to.
var importTables = []string{
	"agents", "auth_sessions", "workstreams", "contacts", "counters",
	"conversations", "messages", "cases", "articles", "offers",
	"offer_refusals", "offer_log", "quick_replies", "settings", "sms_deliveries", "workspace_parts",
	"ratings", "consults", "consult_messages", "attachments",
}

// ImportSQLite copies a whole embedded installation, the SQLite database in
// dir, into the empty PostgreSQL database at url, in one transaction: ids
// stay as they were (sessions, links and tokens keep working) and the id
// sequences continue after them. It refuses a database that already holds
// data, and reports how many rows each table got.
func ImportSQLite(ctx context.Context, dir, url string) (map[string]int, error) {
	if _, err := os.Stat(filepath.Join(dir, DatabaseFile)); err != nil {
		return nil, fmt.Errorf("import: no embedded database in %s: %w", dir, err)
	}
	src, err := Open(ctx, dir) // brings it to the latest schema first
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer src.Close()
	dst, err := OpenPostgres(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer dst.Close()
	counts := map[string]int{}
	err = dst.inTx(ctx, func(tx *sql.Tx) error {
		for _, table := range importTables {
			var rows int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&rows); err != nil {
				return err
			}
			if rows > 0 {
				return fmt.Errorf("the PostgreSQL database already has data (%d rows in %s): import only into a new, empty one", rows, table)
			}
		}
		for _, table := range importTables {
			n, err := copyTable(ctx, src.reader, tx, table)
			if err != nil {
				return fmt.Errorf("copy %s: %w", table, err)
			}
			counts[table] = n
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return counts, nil
}

// copyTable copies the columns PostgreSQL stores (not the generated
// search vectors) from SQLite, then moves the id sequence past the rows.
func copyTable(ctx context.Context, src *sql.DB, tx *sql.Tx, table string) (int, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT column_name, is_identity FROM information_schema.columns
		 WHERE table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`, table)
	cols, err := collect(rows, err, "columns", func(r scanner) ([2]string, error) {
		var c [2]string
		err := r.Scan(&c[0], &c[1])
		return c, err
	})
	if err != nil {
		return 0, err
	}
	names, identity := make([]string, len(cols)), ""
	for i, c := range cols {
		names[i] = c[0]
		if c[1] == "YES" {
			identity = c[0]
		}
	}
	list := strings.Join(names, ", ")
	insert, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (`+list+`) VALUES (`+strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")+`)`)
	if err != nil {
		return 0, err
	}
	defer insert.Close()
	in, err := src.QueryContext(ctx, `SELECT `+list+` FROM `+table)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	n := 0
	values := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for in.Next() {
		if err := in.Scan(ptrs...); err != nil {
			return n, err
		}
		if _, err := insert.ExecContext(ctx, values...); err != nil {
			return n, err
		}
		n++
	}
	if err := in.Err(); err != nil {
		return n, err
	}
	if identity != "" {
		_, err = tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence(?, ?), GREATEST((SELECT MAX(`+identity+`) FROM `+table+`), 0) + 1, false)`, table, identity)
	}
	return n, err
}
