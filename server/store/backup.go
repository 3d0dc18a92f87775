package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// DatabaseFile is the name of the database in the data directory.
const DatabaseFile = "switchboard.db"

// Backup writes a consistent copy of the database in dir to the new file
// out, while a server may be using it, and returns the copy's size.
// SQLite's VACUUM INTO reads one snapshot (WAL lets the server keep
// writing meanwhile) and writes a compact database that opens on its own,
// with no -wal file beside it. The database is opened without migrating,
// so a newer binary never upgrades a live database by backing it up.
func Backup(ctx context.Context, dir, out string) (int64, error) {
	path, err := filepath.Abs(filepath.Join(dir, DatabaseFile))
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("backup: no database to back up: %w", err)
	}
	// Creating the file first refuses to overwrite one, with no window for
	// a race, and keeps the copy as private as the database (it holds
	// password hashes and secrets). VACUUM INTO accepts an empty file.
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	size, err := vacuumInto(ctx, path, out)
	if err != nil {
		os.Remove(out)
		return 0, fmt.Errorf("backup: %w", err)
	}
	return size, nil
}

func vacuumInto(ctx context.Context, path, out string) (int64, error) {
	// Not query_only: SQLite counts writing the copy as a write, though
	// VACUUM INTO only reads the source.
	db, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		return 0, err
	}
	fi, err := os.Stat(out)
	if err != nil {
		return 0, err
	}
	if fi.Size() == 0 {
		return 0, errors.New("VACUUM INTO wrote nothing")
	}
	return fi.Size(), nil
}
