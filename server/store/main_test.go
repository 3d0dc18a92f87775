package store

import (
	"os"
	"testing"

	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

// onPostgres runs the package's tests against PostgreSQL instead of
// SQLite: `make unit` runs them both ways [O1].
var onPostgres = os.Getenv("SWITCHBOARD_TEST_DATABASE") == "postgres"

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// sqliteOnly skips a test of what only the embedded database has.
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if onPostgres {
		t.Skip("SQLite only: " + why)
	}
}
