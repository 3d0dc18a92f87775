// Package pgtest runs a throwaway PostgreSQL server for tests and for
// `make cluster`: Debian's
// postgresql binaries (installed by `make test`), a cluster made by initdb
// in a temporary directory, listening on a free loopback port, with
// durability turned off because nothing in it outlives the test binary.
package pgtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver
)

var (
	once     sync.Once
	server   *exec.Cmd
	rootDir  string
	baseURL  string
	startErr error
	mu       sync.Mutex
)

// Run runs a package's tests and then stops the server if one started:
// call it from TestMain as os.Exit(pgtest.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	Stop()
	return code
}

// Stop stops the server, if it was started, and removes its files.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if server != nil {
		server.Process.Signal(syscall.SIGINT) // fast shutdown
		server.Wait()
		server = nil
	}
	if rootDir != "" {
		os.RemoveAll(rootDir)
		rootDir = ""
	}
}

// URL returns the address of a new, empty database named after name (the
// same name gives the same database within one run), starting the server
// the first time.
func URL(tb testing.TB, name string) string {
	tb.Helper()
	sum := sha256.Sum256([]byte(name))
	url, err := Database("t_" + hex.EncodeToString(sum[:8]))
	if err != nil {
		tb.Fatalf("PostgreSQL: %v", err)
	}
	return url
}

// Database returns the address of the database named db (letters, digits
// and _), creating it if needed and starting the server the first time.
func Database(db string) (string, error) {
	once.Do(func() { startErr = start() })
	if startErr != nil {
		return "", fmt.Errorf("start PostgreSQL: %w", startErr)
	}
	admin, err := sql.Open("pgx", baseURL+"/postgres")
	if err != nil {
		return "", err
	}
	defer admin.Close()
	var exists bool
	if err := admin.QueryRow(`SELECT EXISTS(SELECT 1 FROM pg_database WHERE datname = $1)`, db).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		if _, err := admin.Exec(`CREATE DATABASE ` + db + ` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
			return "", err
		}
	}
	return baseURL + "/" + db, nil
}

// NewURL is URL for a database of the calling test's own.
func NewURL(tb testing.TB) string {
	tb.Helper()
	return URL(tb, tb.Name()+"/"+strconv.FormatInt(time.Now().UnixNano(), 36))
}

func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	if len(dirs) == 0 {
		return "", errors.New("no PostgreSQL binaries: run `make cluster-deps` (Debian's postgresql)")
	}
	return dirs[len(dirs)-1], nil
}

func start() error {
	bin, err := binDir()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "switchboard-pg-")
	if err != nil {
		return err
	}
	rootDir = dir
	// PostgreSQL refuses to run as root: then it runs as Debian's postgres
	// user, who must own the directory.
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port),
		"-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group, so a ^C to the tests does not stop it before
	// Stop does.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	server = cmd
	baseURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d", port)
	db, err := sql.Open("pgx", baseURL+"/postgres")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		if err := db.PingContext(ctx); err == nil {
			return nil
		} else if ctx.Err() != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
			return fmt.Errorf("postgres did not start: %v\n%s", err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
