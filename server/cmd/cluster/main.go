// Command cluster runs Switchboard as several processes on this machine, for
// trying cluster mode (`make cluster`) [O1–O3]: a throwaway PostgreSQL
// and NATS server, two `switchboard serve` processes sharing them, and a
// round-robin proxy in front without stickiness, as a load balancer would
// be. Ctrl-C stops everything and throws the data away.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/switchboard-cx/switchboard/server/store/pgtest"
)

func main() {
	bin := flag.String("bin", "bin/switchboard", "the switchboard binary")
	addr := flag.String("addr", "127.0.0.1:8080", "where the proxy listens")
	n := flag.Int("processes", 2, "how many switchboard processes")
	flag.Parse()
	if err := run(*bin, *addr, *n); err != nil {
		log.Fatal("cluster: ", err)
	}
}

func run(bin, addr string, n int) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	database, err := pgtest.Database("switchboard")
	defer pgtest.Stop()
	if err != nil {
		return err
	}
	natsPort, err := freePort()
	if err != nil {
		return err
	}
	natsURL := "nats://127.0.0.1:" + strconv.Itoa(natsPort)
	nats := exec.Command("nats-server", "-a", "127.0.0.1", "-p", strconv.Itoa(natsPort))
	if err := nats.Start(); err != nil {
		return fmt.Errorf("start nats-server (make cluster-deps installs it): %w", err)
	}
	defer func() { nats.Process.Kill(); nats.Wait() }()

	var backends []*url.URL
	for i := range n {
		port, err := freePort()
		if err != nil {
			return err
		}
		a := "127.0.0.1:" + strconv.Itoa(port)
		args := []string{"serve", "-addr", a, "-database", database, "-nats", natsURL, "-behind-proxy"}
		if i == 0 {
			args = append(args, "-demo") // seeds once; the others share it
		}
		p := exec.Command(bin, args...)
		p.Stdout, p.Stderr = os.Stdout, os.Stderr
		if err := p.Start(); err != nil {
			return err
		}
		defer func() { p.Process.Signal(syscall.SIGTERM); p.Wait() }()
		if err := waitHealthy("http://"+a, 30*time.Second); err != nil {
			return err
		}
		backends = append(backends, &url.URL{Scheme: "http", Host: a})
	}

	var next atomic.Uint64
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(backends[next.Add(1)%uint64(len(backends))])
			pr.Out.Host = pr.In.Host
			pr.SetXForwarded()
		},
		FlushInterval: -1,
	}
	srv := &http.Server{Addr: addr, Handler: proxy, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Printf("\nSwitchboard cluster: %d processes behind http://%s/ (round robin, no stickiness)\n", n, addr)
	for _, b := range backends {
		fmt.Printf("  process: %s\n", b)
	}
	fmt.Printf("  database: %s\n  NATS:     %s\nKill a process (kill -9) and keep working; Ctrl-C stops everything.\n\n", database, natsURL)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

func waitHealthy(base string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New(base + " did not become healthy")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
