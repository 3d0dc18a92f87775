// Package natstest runs a throwaway NATS server for tests: Debian's
// nats-server (installed by `make test`) on a free loopback port.
package natstest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Server is one nats-server process.
type Server struct {
	URL  string
	port int
	cmd  *exec.Cmd
	log  string
}

// Start starts a server that is killed when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &Server{URL: fmt.Sprintf("nats://127.0.0.1:%d", port), port: port, log: filepath.Join(tb.TempDir(), "nats.log")}
	tb.Cleanup(s.Stop)
	s.Restart(tb)
	return s
}

// Restart starts the server again on the same port after Stop.
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	bin, err := exec.LookPath("nats-server")
	if err != nil {
		tb.Fatal("no nats-server: run `make cluster-deps` (Debian's nats-server)")
	}
	s.cmd = exec.Command(bin, "-a", "127.0.0.1", "-p", strconv.Itoa(s.port), "-l", s.log)
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", s.port))
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(s.log)
			tb.Fatalf("nats-server did not start: %v\n%s", err, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}
