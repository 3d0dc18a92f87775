package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// server is a running `switchboard serve` on a loopback port, with its own
// data directory.
type server struct {
	// URL is the base address, such as http://127.0.0.1:41234.
	URL string
	// Dir is the data directory (-data).
	Dir string

	addr string
	args []string
	out  *logBuffer // stdout and stderr of every run
	proc *process   // the current process, nil when stopped
	runs int
}

// serverOption changes how startServer runs the server.
type serverOption func(*server)

// withDemo starts the server with -demo.
func withDemo() serverOption {
	return func(s *server) { s.args = append(s.args, "-demo") }
}

// startServer starts `bin/switchboard serve` on a free loopback port with a
// fresh data directory, and waits until GET /healthz answers 200. The server
// stops when the test ends; its output is logged if the test failed.
func startServer(t testing.TB, opts ...serverOption) *server {
	t.Helper()
	testDeadline(t) // the test's two minutes start now
	s := &server{
		Dir: t.TempDir(),
		out: &logBuffer{},
	}
	s.addr = freeAddr(t)
	s.URL = "http://" + s.addr
	s.args = []string{"serve", "-addr", s.addr, "-data", s.Dir}
	for _, o := range opts {
		o(s)
	}
	// Registered after t.TempDir, so it runs before the directory goes, and
	// before the browsers' cleanups register, so it runs after they close.
	t.Cleanup(func() {
		s.stop(t)
		if t.Failed() {
			t.Logf("switchboard output (%s):\n%s", s.URL, tail(s.out.String(), 64<<10))
		}
	})
	s.start(t)
	return s
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// start runs the server and waits for /healthz.
func (s *server) start(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(healthTimeout)
	for {
		s.runs++
		fmt.Fprintf(s.out, "=== e2e: run %d: %s %s\n", s.runs, binPath, strings.Join(s.args, " "))
		p, err := startProcess(binPath, s.args, s.out, syscall.SIGKILL)
		if err != nil {
			t.Fatalf("start switchboard: %v", err)
		}
		s.proc = p
		err = waitHealthy(s.URL, p, deadline)
		if err == nil {
			return
		}
		s.stop(t)
		// After a restart the port can still be held for a moment.
		if errors.Is(err, errExited) && strings.Contains(s.lastRunOutput(), "address already in use") && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		t.Fatalf("switchboard %s: %v (its output is logged below)", strings.Join(s.args, " "), err)
	}
}

// lastRunOutput returns the output of the latest run.
func (s *server) lastRunOutput() string {
	out := s.out.String()
	if i := strings.LastIndex(out, "=== e2e: run "); i >= 0 {
		return out[i:]
	}
	return out
}

var errExited = errors.New("the server exited")

// waitHealthy polls GET /healthz until it answers 200, the process exits, or
// the deadline passes.
func waitHealthy(base string, p *process, deadline time.Time) error {
	client := &http.Client{Timeout: time.Second}
	last := "no answer yet"
	for {
		select {
		case <-p.done:
			return fmt.Errorf("%w before GET /healthz answered 200: %v", errExited, p.err)
		default:
		}
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("GET /healthz did not answer 200 within %v; last: %s", healthTimeout, last)
		}
		select {
		case <-p.done:
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// stop sends SIGTERM, and kills the server if it has not exited after
// stopTimeout. It does nothing when the server is not running.
func (s *server) stop(t testing.TB) {
	t.Helper()
	p := s.proc
	if p == nil {
		return
	}
	s.proc = nil
	select {
	case <-p.done:
		t.Logf("switchboard had already exited: %v", p.err)
		return
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Logf("SIGTERM switchboard: %v", err)
	}
	select {
	case <-p.done:
		if p.err != nil {
			t.Logf("switchboard exited after SIGTERM: %v", p.err)
		}
	case <-time.After(stopTimeout):
		t.Logf("switchboard did not exit within %v of SIGTERM; killing it", stopTimeout)
		p.cmd.Process.Kill()
		<-p.done
	}
}

// restart stops the server with SIGTERM, waits for it to exit, and starts it
// again on the same port with the same data directory. Pages that are open
// stay open: their clients must reconnect by themselves.
func (s *server) restart(t testing.TB) {
	t.Helper()
	start := time.Now()
	s.stop(t)
	s.start(t)
	t.Logf("restarted switchboard on %s in %v", s.addr, time.Since(start).Round(time.Millisecond))
}

// kill ends the server with SIGKILL, as a crash or a power cut to the
// process would, and waits until it has gone.
func (s *server) kill(t testing.TB) {
	t.Helper()
	p := s.proc
	if p == nil {
		t.Fatal("kill: the server is not running")
	}
	s.proc = nil
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatalf("SIGKILL switchboard: %v", err)
	}
	<-p.done
}

// addAgent runs `switchboard agent add` against the data directory, with
// the password on standard input, and fails the test if it fails.
func (s *server) addAgent(t testing.TB, email, name, role, password string, flags ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := append([]string{"agent", "add", "-data", s.Dir, "--email", email, "--name", name, "--role", role}, flags...)
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Dir = repoRoot
	cmd.Stdin = strings.NewReader(password + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
}

// process is a started child process.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // the result of Wait, valid after done
}

// startProcess starts the binary with its output going to out; death is the
// signal it gets if the test binary dies (see sysProcAttr). It starts and
// waits for the process on one goroutine that stays on its OS thread, because
// on Linux the parent-death signal follows the thread that started the child,
// not the process.
func startProcess(bin string, args []string, out *logBuffer, death syscall.Signal) (*process, error) {
	cmd := exec.Command(bin, args...)
	// go-app serves the files in web/ relative to the working directory.
	cmd.Dir = repoRoot
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = os.Environ()
	cmd.SysProcAttr = sysProcAttr(death)
	p := &process{cmd: cmd, done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// No unlock: the thread ends with the goroutine, after the child.
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.err = cmd.Wait()
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}
