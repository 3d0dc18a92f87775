// Package e2e drives the real Switchboard binary with real browsers: an agent
// in the workspace at / and a customer in the chat at /chat, each in its own
// Chromium process. The tests act as people do: they find elements by role,
// accessible name, label and text, never by CSS classes (the only classes they
// use are the ones the UI contract names, such as .session-icon).
//
// Everything in this package is a _test.go file, so the normal build and
// `go vet ./...` never need a browser.
//
// Run them with `make test`, or once the binary is built:
//
//	go test ./e2e/ -run . -v -count=1
//
// TestMain builds the product first (`make build`). It needs Chromium at
// /usr/bin/chromium.
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

const (
	// chromiumPath is the only browser the tests use. It is Debian's
	// chromium package; the tests never download a browser.
	chromiumPath = "/usr/bin/chromium"

	// stepTimeout bounds one step, such as a wait for a text or a click.
	stepTimeout = 30 * time.Second

	// testTimeout bounds a whole test: every browser context of a test ends
	// at the test's deadline.
	testTimeout = 6 * time.Minute

	// healthTimeout bounds the start of the server.
	healthTimeout = time.Minute

	// stopTimeout is how long the server has to exit after SIGTERM before it
	// is killed.
	stopTimeout = 5 * time.Second

	// pollInterval is the pause between two checks of a wait.
	pollInterval = 50 * time.Millisecond
)

var (
	// repoRoot is the root of the repository, the parent of e2e/.
	repoRoot string
	// binPath is the switchboard binary that TestMain built.
	binPath string
)

func TestMain(m *testing.M) {
	if err := setup(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	pgtest.Stop() // the cluster tests' PostgreSQL, if one started
	// The benchmarks' tables (bench_test.go), after the result lines.
	if report.Len() > 0 {
		fmt.Print("\n" + report.String())
	}
	os.Exit(code)
}

// setup builds the product. The browser is checked by the first test that
// starts one, so the tests without a browser (chaos, load) run anywhere.
func setup() error {

	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return fmt.Errorf("cannot find the repository root at %s: %v", root, err)
	}
	repoRoot = root
	binPath = filepath.Join(root, "bin", "switchboard")

	var cmd *exec.Cmd
	if _, err := os.Stat(filepath.Join(root, "Makefile")); err == nil {
		// make build writes web/app.wasm and bin/switchboard.
		cmd = exec.Command("make", "build")
	} else {
		cmd = exec.Command("go", "build", "-o", binPath, "./server/cmd/switchboard")
	}
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s failed: %v\n%s", strings.Join(cmd.Args, " "), err, out.String())
	}
	if _, err := os.Stat(binPath); err != nil {
		return fmt.Errorf("%s did not produce %s: %v\n%s", strings.Join(cmd.Args, " "), binPath, err, out.String())
	}
	fmt.Fprintf(os.Stderr, "e2e: %s took %v\n", strings.Join(cmd.Args, " "), time.Since(start).Round(time.Millisecond))
	return nil
}

// deadlines holds the deadline of each running test.
var deadlines struct {
	sync.Mutex
	m map[testing.TB]time.Time
}

// testDeadline returns the deadline of the whole test: testTimeout after the
// first call for t, and never later than the deadline of `go test -timeout`.
func testDeadline(t testing.TB) time.Time {
	deadlines.Lock()
	defer deadlines.Unlock()
	if d, ok := deadlines.m[t]; ok {
		return d
	}
	if deadlines.m == nil {
		deadlines.m = make(map[testing.TB]time.Time)
	}
	d := time.Now().Add(testTimeout)
	// Only *testing.T has Deadline; a benchmark has testTimeout alone.
	if dt, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if gd, ok := dt.Deadline(); ok && gd.Add(-10*time.Second).Before(d) {
			// Leave time for the cleanups, which save the failure screenshots.
			d = gd.Add(-10 * time.Second)
		}
	}
	deadlines.m[t] = d
	t.Cleanup(func() {
		deadlines.Lock()
		delete(deadlines.m, t)
		deadlines.Unlock()
	})
	return d
}

// logBuffer is a bytes.Buffer that several goroutines can write.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tail returns at most the last n bytes of s, cut at a line start.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return "…\n" + s
}

// fileName makes a test name usable as a file name (subtests have slashes).
func fileName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
}
