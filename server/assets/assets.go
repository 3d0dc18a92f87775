// Package assets serves the embedded /web/ files. go-app never compresses,
// and app.wasm is most of a cold load, so the build precompresses it and this
// handler picks brotli or gzip by Accept-Encoding.
package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Handler serves /web/<name> from files.
type Handler struct {
	files   fs.FS
	version string
	wasmLen int
}

// New indexes files. A missing app.wasm is allowed (the server still serves
// the API) and reported by WasmSize returning 0.
func New(files fs.FS) *Handler {
	h := &Handler{files: files, version: "dev"}
	if b, err := fs.ReadFile(files, "app.wasm"); err == nil {
		sum := sha256.Sum256(b)
		h.version = hex.EncodeToString(sum[:6])
		h.wasmLen = len(b)
	}
	return h
}

// Version identifies the build of the browser app, so service workers update
// exactly when it changes.
func (h *Handler) Version() string { return h.version }

// WasmSize is the raw size of app.wasm, which go-app needs for its progress
// bar when the file is sent compressed.
func (h *Handler) WasmSize() int { return h.wasmLen }

var encodings = []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/web/")
	if name == "" || strings.Contains(name, "/") || strings.HasSuffix(name, ".go") ||
		strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") || strings.HasPrefix(name, ".") {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	hdr := w.Header()
	hdr.Set("Content-Type", ctype)
	hdr.Set("Vary", "Accept-Encoding")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("ETag", `"`+h.version+`"`)

	file, enc := name, ""
	accept := r.Header.Get("Accept-Encoding")
	for _, e := range encodings {
		if AcceptsEncoding(accept, e.token) {
			if _, err := fs.Stat(h.files, name+e.ext); err == nil {
				file, enc = name+e.ext, e.token
				break
			}
		}
	}
	b, err := fs.ReadFile(h.files, file)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if enc != "" {
		hdr.Set("Content-Encoding", enc)
	}
	hdr.Set("Content-Length", strconv.Itoa(len(b)))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// AcceptsEncoding reports whether an Accept-Encoding header allows token
// (q=0 refuses it).
func AcceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
