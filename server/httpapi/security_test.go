package httpapi_test

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/httpapi"
	"github.com/switchboard-cx/switchboard/server/lockout"
)

// serve sends one request straight to the handler; overTLS marks it as
// having come over TLS, as net/http does.
func (e *env) serve(method, path, body string, overTLS bool) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if overTLS {
		req.TLS = &tls.ConnectionState{}
	}
	rec := httptest.NewRecorder()
	e.api.ServeHTTP(rec, req)
	return rec
}

// directives splits a Content-Security-Policy into its directives.
func directives(csp string) map[string]string {
	out := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		out[name] = value
	}
	return out
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)

	t.Run("every answer has a CSP that runs only our own scripts and the wasm", func(t *testing.T) {
		for _, path := range []string{"/", "/chat", "/api/me", "/healthz"} {
			h := e.serve("GET", path, "", false).Header()
			require.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), path)
			require.Equal(t, "same-origin", h.Get("Referrer-Policy"), path)
			d := directives(h.Get("Content-Security-Policy"))
			require.Equal(t, "'self'", d["default-src"], path)
			require.Equal(t, "'self' 'wasm-unsafe-eval'", d["script-src"], path)
			require.Equal(t, "'self' ws://example.com wss://example.com", d["connect-src"], path)
			require.Equal(t, "'none'", d["object-src"], path)
			require.Empty(t, h.Get("Strict-Transport-Security"), "no HSTS over plain HTTP")
		}
	})

	t.Run("only the customer chat may be framed by the embed origins", func(t *testing.T) {
		e.api.EmbedOrigins = []string{"https://shop.example.com", "http://localhost:3000"}
		defer func() { e.api.EmbedOrigins = nil }()
		for _, path := range []string{"/", "/admin", "/chat/", "/api/chat"} {
			h := e.serve("GET", path, "", false).Header()
			require.Equal(t, "'self'", directives(h.Get("Content-Security-Policy"))["frame-ancestors"], path)
			require.Equal(t, "SAMEORIGIN", h.Get("X-Frame-Options"), path)
		}
		h := e.serve("GET", "/chat", "", false).Header()
		require.Equal(t, "'self' https://shop.example.com http://localhost:3000",
			directives(h.Get("Content-Security-Policy"))["frame-ancestors"])
		require.Empty(t, h.Get("X-Frame-Options"), "it cannot name other origins")
	})

	t.Run("without embed origins the chat is framed only by this site", func(t *testing.T) {
		h := e.serve("GET", "/chat", "", false).Header()
		require.Equal(t, "'self'", directives(h.Get("Content-Security-Policy"))["frame-ancestors"])
	})

	t.Run("HSTS only over TLS", func(t *testing.T) {
		h := e.serve("GET", "/healthz", "", true).Header()
		require.Equal(t, "max-age=31536000", h.Get("Strict-Transport-Security"))
	})

	t.Run("a Host that could add directives adds no websocket source", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = "evil.example;script-src"
		rec := httptest.NewRecorder()
		e.api.ServeHTTP(rec, req)
		d := directives(rec.Header().Get("Content-Security-Policy"))
		require.Equal(t, "'self'", d["connect-src"])
		require.Equal(t, "'self' 'wasm-unsafe-eval'", d["script-src"])
	})
}

func TestParseOrigins(t *testing.T) {
	got, err := httpapi.ParseOrigins(" https://Shop.Example.com , http://localhost:3000/,")
	require.NoError(t, err)
	require.Equal(t, []string{"https://shop.example.com", "http://localhost:3000"}, got)

	none, err := httpapi.ParseOrigins("")
	require.NoError(t, err)
	require.Empty(t, none)

	for _, bad := range []string{
		"shop.example.com", "ftp://shop.example.com", "https://shop.example.com/chat", "https://",
		"https://*.example.com", "https://user@shop.example.com", "https://shop.example.com?x", "'self'",
		"https://shop.example.com;script-src",
	} {
		_, err := httpapi.ParseOrigins("https://ok.example.com," + bad)
		require.Error(t, err, bad)
		require.Contains(t, err.Error(), "embed origin", bad)
	}
}

func TestSignInCookie(t *testing.T) {
	e := newEnv(t)
	for _, overTLS := range []bool{false, true} {
		rec := e.serve("POST", "/api/signin", `{"email":"alex@example.com","password":"`+password+`"}`, overTLS)
		require.Equal(t, http.StatusOK, rec.Code)
		cookies := rec.Result().Cookies()
		require.Len(t, cookies, 1)
		c := cookies[0]
		require.True(t, c.HttpOnly)
		require.Equal(t, http.SameSiteLaxMode, c.SameSite)
		require.Equal(t, "/", c.Path)
		require.Equal(t, overTLS, c.Secure, "Secure exactly when the request came over TLS")
		require.GreaterOrEqual(t, len(c.Value), 32, "a session token too long to guess")

		out := e.serve("POST", "/api/signout", "", overTLS).Result().Cookies()
		require.Len(t, out, 1)
		require.True(t, out[0].HttpOnly)
		require.Equal(t, overTLS, out[0].Secure)
	}
}

// fakeClock is a lockout clock a test moves.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (e *env) fakeSignInClock() *fakeClock {
	c := &fakeClock{t: time.Now()}
	e.api.SignIns = lockout.New(lockout.Defaults)
	e.api.SignIns.Now = c.now
	return c
}

func signInBody(email, pw string) string {
	return `{"email":"` + email + `","password":"` + pw + `"}`
}

func TestSignInLockout(t *testing.T) {
	e := newEnv(t)
	clock := e.fakeSignInClock()

	refusal := func(t *testing.T, res *http.Response) (string, string) {
		t.Helper()
		require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
		b, _ := io.ReadAll(res.Body)
		require.Empty(t, res.Cookies())
		return string(b), res.Header.Get("Retry-After")
	}

	t.Run("five wrong passwords lock the account, even against the right one", func(t *testing.T) {
		for range 5 {
			require.Equal(t, http.StatusUnauthorized, e.post(http.DefaultClient, "/api/signin", signInBody("alex@example.com", "wrong")).StatusCode)
		}
		msg, retry := refusal(t, e.post(http.DefaultClient, "/api/signin", signInBody("alex@example.com", password)))
		require.JSONEq(t, `{"error":"Too many failed sign-ins for this account. Try again in 15 minutes.","code":"error.signin.account","args":["15"]}`, msg)
		require.Equal(t, "900", retry)
	})

	t.Run("an unknown email is locked the same way, with the same words", func(t *testing.T) {
		for range 5 {
			res := e.post(http.DefaultClient, "/api/signin", signInBody("nobody@example.com", "wrong"))
			require.Equal(t, http.StatusUnauthorized, res.StatusCode)
			b, _ := io.ReadAll(res.Body)
			require.JSONEq(t, `{"error":"Wrong email or password.","code":"error.signin.wrong"}`, string(b))
		}
		msg, retry := refusal(t, e.post(http.DefaultClient, "/api/signin", signInBody("nobody@example.com", "wrong")))
		require.JSONEq(t, `{"error":"Too many failed sign-ins for this account. Try again in 15 minutes.","code":"error.signin.account","args":["15"]}`, msg)
		require.Equal(t, "900", retry)
	})

	t.Run("other accounts still sign in", func(t *testing.T) {
		require.Equal(t, http.StatusOK, e.post(http.DefaultClient, "/api/signin", signInBody("bo@example.com", password)).StatusCode)
	})

	t.Run("the lock ends after 15 minutes", func(t *testing.T) {
		clock.add(15 * time.Minute)
		require.Equal(t, http.StatusOK, e.post(http.DefaultClient, "/api/signin", signInBody("alex@example.com", password)).StatusCode)
	})

	t.Run("a successful sign-in forgets the failures", func(t *testing.T) {
		for range 4 {
			require.Equal(t, http.StatusUnauthorized, e.post(http.DefaultClient, "/api/signin", signInBody("bo@example.com", "wrong")).StatusCode)
		}
		require.Equal(t, http.StatusOK, e.post(http.DefaultClient, "/api/signin", signInBody("bo@example.com", password)).StatusCode)
		clock.add(time.Minute) // a fresh address window
		for range 4 {
			require.Equal(t, http.StatusUnauthorized, e.post(http.DefaultClient, "/api/signin", signInBody("bo@example.com", "wrong")).StatusCode)
		}
		require.Equal(t, http.StatusOK, e.post(http.DefaultClient, "/api/signin", signInBody("bo@example.com", password)).StatusCode)
	})
}

func TestSignInRateLimitPerAddress(t *testing.T) {
	e := newEnv(t)
	clock := e.fakeSignInClock()
	for i := range 20 {
		email := "guess" + itoa(int64(i)) + "@example.com"
		require.Equal(t, http.StatusUnauthorized, e.post(http.DefaultClient, "/api/signin", signInBody(email, "wrong")).StatusCode)
	}
	clock.add(20 * time.Second)
	res := e.post(http.DefaultClient, "/api/signin", signInBody("alex@example.com", password))
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode, "the right password too, from this address")
	require.Equal(t, "40", res.Header.Get("Retry-After"))
	b, _ := io.ReadAll(res.Body)
	require.JSONEq(t, `{"error":"Too many sign-in attempts from your network. Try again in 1 minute.","code":"error.signin.network","args":["1"]}`, string(b))

	clock.add(40 * time.Second)
	require.Equal(t, http.StatusOK, e.post(http.DefaultClient, "/api/signin", signInBody("alex@example.com", password)).StatusCode)
}

// Behind a TLS-terminating proxy every request comes from the proxy: the
// client's address and scheme are the ones the proxy forwards, and only
// then; a client's own X-Forwarded-For entries are never believed.
func TestBehindProxy(t *testing.T) {
	e := newEnv(t)
	e.fakeSignInClock()
	signIn := func(forwardedFor, proto, email, pw string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/signin", strings.NewReader(signInBody(email, pw)))
		req.Header.Set("Content-Type", "application/json")
		if forwardedFor != "" {
			req.Header.Set("X-Forwarded-For", forwardedFor)
		}
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		rec := httptest.NewRecorder()
		e.api.ServeHTTP(rec, req)
		return rec
	}
	guess := func(forwardedFor string, n int) {
		for i := range n {
			signIn(forwardedFor, "", "guess"+itoa(int64(i))+"@example.com", "wrong")
		}
	}

	t.Run("without -behind-proxy the headers count for nothing", func(t *testing.T) {
		guess("203.0.113.1", 20)
		rec := signIn("203.0.113.2", "https", "alex@example.com", password)
		require.Equal(t, http.StatusTooManyRequests, rec.Code, "one address for all: the proxy's")
	})

	e = newEnv(t)
	e.fakeSignInClock()
	e.api.BehindProxy = true
	t.Run("behind a proxy each client has its own limit", func(t *testing.T) {
		guess("198.51.100.7, 203.0.113.1", 20)
		require.Equal(t, http.StatusTooManyRequests, signIn("203.0.113.1", "", "alex@example.com", password).Code)
		rec := signIn("203.0.113.1, 203.0.113.2", "https", "alex@example.com", password)
		require.Equal(t, http.StatusOK, rec.Code, "the proxy's own entry is the last one")
		require.True(t, rec.Result().Cookies()[0].Secure, "Secure: the browser used HTTPS")
		require.NotEmpty(t, rec.Header().Get("Strict-Transport-Security"))
		plain := signIn("203.0.113.3", "http", "bo@example.com", password)
		require.False(t, plain.Result().Cookies()[0].Secure)
	})
}

// TestSameOriginCountsTheScheme: a write from the plain-HTTP origin of an
// HTTPS site is cross-site, and refused.
func TestSameOriginCountsTheScheme(t *testing.T) {
	e := newEnv(t)
	post := func(origin string, overTLS bool) int {
		req := httptest.NewRequest("POST", "/api/signout", nil)
		req.Header.Set("Origin", origin)
		if overTLS {
			req.TLS = &tls.ConnectionState{}
		}
		rec := httptest.NewRecorder()
		e.api.ServeHTTP(rec, req)
		return rec.Code
	}
	require.Equal(t, http.StatusNoContent, post("https://example.com", true))
	require.Equal(t, http.StatusForbidden, post("http://example.com", true))
	require.Equal(t, http.StatusNoContent, post("http://example.com", false))
	require.Equal(t, http.StatusForbidden, post("https://example.com", false))
	require.Equal(t, http.StatusForbidden, post("https://example.com.evil.example", true))
}

// TestPagesAnswerOnlyReads: the pages and assets answer GET and HEAD; PUT,
// DEBUG, TRACE and the like get 405, never the page.
func TestPagesAnswerOnlyReads(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/", "/chat", "/web/app.css"} {
		for _, method := range []string{"PUT", "DELETE", "PATCH", "DEBUG", "TRACE", "PROPFIND"} {
			rec := e.serve(method, path, "", false)
			require.Equal(t, http.StatusMethodNotAllowed, rec.Code, "%s %s", method, path)
		}
		require.Equal(t, http.StatusNotFound, e.serve("GET", path, "", false).Code, "the test server's pages are NotFoundHandlers")
	}
}
