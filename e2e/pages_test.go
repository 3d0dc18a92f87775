package e2e

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/require"
)

// get fetches path accepting encoding, and returns the response with its
// body decoded.
func get(t *testing.T, url, encoding string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Encoding", encoding) // set by hand: Go does not decode it then
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	switch resp.Header.Get("Content-Encoding") {
	case "br":
		r = brotli.NewReader(resp.Body)
	case "gzip":
		z, err := gzip.NewReader(resp.Body)
		require.NoError(t, err)
		r = z
	}
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return resp, string(b)
}

// Every text the browser loads comes compressed; the customer chat has its
// own manifest, so installing it opens the chat; og: tags carry this
// server's address [M1].
func TestPagesAreCompressedAndTheChatInstallsAsTheChat(t *testing.T) {
	srv := startServer(t)
	for _, path := range []string{"/", "/chat", "/app.js", "/wasm_exec.js", "/app.css", "/web/app.css"} {
		for _, enc := range []string{"br", "gzip"} {
			resp, body := get(t, srv.URL+path, enc)
			require.Equal(t, http.StatusOK, resp.StatusCode, path)
			require.Equal(t, enc, resp.Header.Get("Content-Encoding"), "%s with Accept-Encoding %s", path, enc)
			require.NotEmpty(t, body, path)
		}
	}
	resp, _ := get(t, srv.URL+"/web/app.wasm", "br")
	require.Equal(t, "br", resp.Header.Get("Content-Encoding"))

	_, chat := get(t, srv.URL+"/chat", "gzip")
	require.Contains(t, chat, `<link rel="manifest" href="/chat/manifest.webmanifest">`)
	require.Contains(t, chat, `<meta property="og:url" content="`+srv.URL+`/chat">`)
	require.Contains(t, chat, `<meta property="og:image" content="`+srv.URL+`/web/icon-512.png">`)
	require.Contains(t, chat, `<meta property="og:title" content="Chat with us">`)
	require.NotContains(t, chat, "https:///")
	_, workspace := get(t, srv.URL+"/", "gzip")
	require.Contains(t, workspace, `href="/manifest.webmanifest"`)
	require.Contains(t, workspace, `<meta property="og:url" content="`+srv.URL+`/">`)

	_, raw := get(t, srv.URL+"/chat/manifest.webmanifest", "identity")
	var m struct {
		Name, Description string
		StartURL          string `json:"start_url"`
		Scope             string
		Icons             []struct{ Src string }
	}
	require.NoError(t, json.Unmarshal([]byte(raw), &m))
	require.Equal(t, "Chat with us", m.Name)
	require.Equal(t, "/chat", m.StartURL)
	require.Equal(t, "/chat", m.Scope)
	require.True(t, strings.Contains(m.Description, "customer service"), m.Description)
	require.NotEmpty(t, m.Icons)
}
