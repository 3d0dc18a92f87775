package httpapi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/server/assets"
)

// chatManifestPath is the customer chat's own web app manifest: installing
// /chat must open the chat, not the agents' sign-in [M1].
const chatManifestPath = "/chat/manifest.webmanifest"

// minCompress is the size below which a response goes as it is: the
// headers would cost more than compression saves.
const minCompress = 1024

// pages wraps go-app's handler of the pages and their scripts: the pages
// get absolute og: addresses and /chat its own manifest, and every text
// response is compressed (go-app never compresses; app.wasm and /web/ are
// precompressed at build time and pass through untouched).
func (s *Server) pages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == chatManifestPath {
			s.chatManifest(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".wasm") || strings.HasPrefix(r.URL.Path, "/web/") {
			next.ServeHTTP(w, r)
			return
		}
		buf := &bufferedResponse{header: http.Header{}, code: http.StatusOK}
		next.ServeHTTP(buf, r)
		body := buf.body.Bytes()
		if strings.HasPrefix(buf.header.Get("Content-Type"), "text/html") && buf.code == http.StatusOK {
			body = s.pageHeads(r, body)
		}
		for k, v := range buf.header {
			w.Header()[k] = v
		}
		writeCompressed(w, r, buf.code, body)
	})
}

var (
	ogURL         = regexp.MustCompile(`<meta[^>]*property="og:url"[^>]*>`)
	ogImage       = regexp.MustCompile(`<meta[^>]*property="og:image"[^>]*>`)
	ogTitle       = regexp.MustCompile(`<meta[^>]*property="og:title"[^>]*>`)
	ogDescription = regexp.MustCompile(`<meta[^>]*property="og:description"[^>]*>`)
	descriptionRe = regexp.MustCompile(`<meta[^>]*name="description"[^>]*>`)
	manifestLink  = regexp.MustCompile(`<link[^>]*rel="manifest"[^>]*>`)
)

// pageHeads puts this server's own address into a page's og: tags, which
// go-app can only make from a fixed domain, and gives /chat its customer
// facing description and manifest.
func (s *Server) pageHeads(r *http.Request, page []byte) []byte {
	base := s.baseURL(r)
	meta := func(property, content string) []byte {
		return []byte(`<meta property="` + property + `" content="` + html.EscapeString(content) + `">`)
	}
	page = ogURL.ReplaceAllLiteral(page, meta("og:url", base+r.URL.Path))
	page = ogImage.ReplaceAllLiteral(page, meta("og:image", base+"/web/icon-512.png"))
	if r.URL.Path == "/chat" {
		page = ogTitle.ReplaceAllLiteral(page, meta("og:title", kit.T("chat.title")))
		page = ogDescription.ReplaceAllLiteral(page, meta("og:description", kit.T("chat.description")))
		page = descriptionRe.ReplaceAllLiteral(page, []byte(`<meta name="description" content="`+html.EscapeString(kit.T("chat.description"))+`">`))
		page = manifestLink.ReplaceAllLiteral(page, []byte(`<link rel="manifest" href="`+chatManifestPath+`">`))
	}
	return page
}

// baseURL is how the browser reached this server, scheme and host.
func (s *Server) baseURL(r *http.Request) string {
	if s.overTLS(r) {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// chatManifest is the manifest of the installed customer chat.
func (s *Server) chatManifest(w http.ResponseWriter, r *http.Request) {
	type icon struct {
		Src     string `json:"src"`
		Type    string `json:"type"`
		Sizes   string `json:"sizes"`
		Purpose string `json:"purpose,omitempty"`
	}
	m := map[string]any{
		"name":             kit.T("chat.title"),
		"short_name":       kit.T("chat.short"),
		"description":      kit.T("chat.description"),
		"start_url":        "/chat",
		"scope":            "/chat",
		"id":               "/chat",
		"display":          "standalone",
		"background_color": "#f6f7fb",
		"theme_color":      "#3346d3",
		"icons": []icon{
			{Src: "/web/icon-192.png", Type: "image/png", Sizes: "192x192"},
			{Src: "/web/icon-512.png", Type: "image/png", Sizes: "512x512"},
			{Src: "/web/icon-512.png", Type: "image/png", Sizes: "512x512", Purpose: "maskable"},
		},
	}
	b, _ := json.Marshal(m) // plain values: cannot fail
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

// writeCompressed sends body with brotli or gzip when the browser takes it
// and it is worth it; a response already encoded goes as it is.
func writeCompressed(w http.ResponseWriter, r *http.Request, code int, body []byte) {
	h := w.Header()
	if h.Get("Content-Encoding") != "" || len(body) < minCompress || code != http.StatusOK || r.Method == http.MethodHead {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(code)
		w.Write(body)
		return
	}
	h.Add("Vary", "Accept-Encoding")
	accept := r.Header.Get("Accept-Encoding")
	var out bytes.Buffer
	var z io.WriteCloser
	switch {
	case assets.AcceptsEncoding(accept, "br"):
		h.Set("Content-Encoding", "br")
		z = brotli.NewWriterLevel(&out, brotli.DefaultCompression)
	case assets.AcceptsEncoding(accept, "gzip"):
		h.Set("Content-Encoding", "gzip")
		z = gzip.NewWriter(&out)
	default:
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(code)
		w.Write(body)
		return
	}
	z.Write(body) // into memory: cannot fail
	z.Close()
	h.Set("Content-Length", strconv.Itoa(out.Len()))
	w.WriteHeader(code)
	w.Write(out.Bytes())
}

// bufferedResponse keeps what go-app writes, to rewrite and compress it.
type bufferedResponse struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(code int)        { b.code = code }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
