package httpapi_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/httpapi"
)

// testLimits are DefaultLimits shrunk to a second, so a test sees them act.
var testLimits = httpapi.Limits{ReadHeader: time.Second, Read: time.Second, Idle: time.Second, HeaderBytes: 4 << 10}

func limitedEnv(t *testing.T) *env {
	return newEnv(t, testLimits.Apply)
}

func (e *env) rawDial() net.Conn {
	e.t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	require.NoError(e.t, err)
	e.t.Cleanup(func() { c.Close() })
	return c
}

// cut waits for the server to close c, reading whatever it answers first.
// The deadline is thirty times the limit: only a server that never cuts
// reaches it.
func cut(t *testing.T, c net.Conn) {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(30*time.Second)))
	_, err := io.Copy(io.Discard, c)
	require.NoError(t, err, "the server held the connection")
}

func healthy(t *testing.T, e *env) {
	t.Helper()
	res, err := http.Get(e.srv.URL + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
}

// TestSlowBodyIsCut: a client sending its body a byte at a time is cut
// within the read limit instead of holding a connection for as long as it
// likes.
func TestSlowBodyIsCut(t *testing.T) {
	e := limitedEnv(t)
	c := e.rawDial()
	const size = 1000
	_, err := io.WriteString(c, "POST /api/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
	require.NoError(t, err)
	var sent atomic.Int64
	go func() {
		// 100 s for the whole body at this pace.
		for range size {
			if _, err := c.Write([]byte(" ")); err != nil {
				return
			}
			sent.Add(1)
			time.Sleep(100 * time.Millisecond)
		}
	}()
	cut(t, c)
	require.Less(t, sent.Load(), int64(size), "the whole body got through")
	healthy(t, e)
}

// TestIdleClientsAreCut: 300 idle keep-alive connections are closed by the
// server, and /healthz answers while they are open.
func TestIdleClientsAreCut(t *testing.T) {
	e := limitedEnv(t)
	conns := make([]net.Conn, 300)
	for i := range conns {
		conns[i] = e.rawDial()
		_, err := io.WriteString(conns[i], "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		res, err := http.ReadResponse(bufio.NewReader(conns[i]), nil)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
	}
	healthy(t, e)
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() { cut(t, c) })
	}
	wg.Wait()
}

// TestHeadersTooLarge: headers over the limit are refused.
func TestHeadersTooLarge(t *testing.T) {
	e := limitedEnv(t)
	req, err := http.NewRequest("GET", e.srv.URL+"/healthz", nil)
	require.NoError(t, err)
	req.Header.Set("X-Padding", strings.Repeat("a", 2*testLimits.HeaderBytes))
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)
}

// TestWebsocketOutlivesTheRequestLimits: once upgraded, a websocket is not
// cut by the read limit of the request it came from.
func TestWebsocketOutlivesTheRequestLimits(t *testing.T) {
	e := limitedEnv(t)
	ws := e.dial("/ws/agent", e.agentClient("alex@example.com"), wire.Hello{})
	chat := e.startChat()
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
	// An idle connection opened after both sockets is cut after the
	// limit: by then the sockets' request deadlines have passed too.
	idle := e.rawDial()
	cut(t, idle)
	ws.send(wire.Envelope{Type: "ping?"})
	require.Equal(t, wire.ErrUnknownType, decode[wire.Error](t, ws.nextOf(wire.TypeError)).Code)
	customer.send(sendFrame(chat.Conversation.ID, "k", "still here"))
	require.Equal(t, "k", decode[wire.Ack](t, customer.nextOf(wire.TypeAck)).Key)
}
