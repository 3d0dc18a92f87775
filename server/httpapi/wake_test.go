package httpapi_test

import (
	"context"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// A page resumed after being frozen may hold a socket that died unseen: the
// browser closed it, or the network went, and no close ever reached the
// page. Wake, which the page calls on resume, gives that socket up and
// connects again at once, and what was typed meanwhile is delivered.
func TestLiveClientWakesFromADeadSocket(t *testing.T) {
	e := newEnv(t)
	chat := e.startChat()
	id := chat.Conversation.ID
	proxy := newMuteProxy(t, strings.TrimPrefix(e.srv.URL, "http://"))

	events := make(chan wire.Envelope, 100)
	states := make(chan live.State, 100)
	c := &live.Client{
		URL:     "ws://" + proxy.addr() + "/ws/chat",
		Hello:   func() wire.Hello { return wire.Hello{Token: chat.Token} },
		OnEvent: func(ev wire.Envelope) { events <- ev },
		OnState: func(s live.State) { states <- s },
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Run(ctx)
	waitState(t, states, live.Connected)

	proxy.mute()
	c.Send(id, "typed while frozen")
	c.Wake()
	waitState(t, states, live.Connected)
	waitMessage(t, events, "typed while frozen")
	require.Eventually(t, func() bool { return len(c.Outbox()) == 0 }, time.Minute, 20*time.Millisecond)
}

// muteProxy forwards TCP connections to target. mute makes every connection
// open at that moment go silent both ways without closing, as the socket of
// a frozen page does; later connections pass as before.
type muteProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	live  []*atomic.Bool
	conns []net.Conn
}

func newMuteProxy(t *testing.T, target string) *muteProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &muteProxy{ln: ln}
	t.Cleanup(p.close)
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			muted := new(atomic.Bool)
			p.mu.Lock()
			p.live = append(p.live, muted)
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			go forward(out, in, muted)
			go forward(in, out, muted)
		}
	}()
	return p
}

func (p *muteProxy) addr() string { return p.ln.Addr().String() }

func (p *muteProxy) mute() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.live {
		m.Store(true)
	}
	p.live = nil
}

func (p *muteProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

// forward copies src to dst until src ends; once muted it drops what it
// reads, and an end of src no longer closes dst.
func forward(dst, src net.Conn, muted *atomic.Bool) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !muted.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if !muted.Load() {
				dst.Close()
			}
			return
		}
	}
}
