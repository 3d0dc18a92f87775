package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// chatPage is the one page a host site may frame [M2].
const chatPage = "/chat"

// secureHeaders sets what every answer carries: a Content-Security-Policy
// under which only our own files run, and the framing rule.
func (s *Server) secureHeaders(h http.Header, r *http.Request) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", s.contentSecurityPolicy(r))
	if r.URL.Path != chatPage {
		// For browsers that predate frame-ancestors.
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	if s.overTLS(r) {
		// Only over TLS: a browser ignores it over plain HTTP, and a
		// server that never had a certificate must not promise one.
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
}

// contentSecurityPolicy allows only this origin's scripts. go-app's page has
// no inline script; the WebAssembly module needs 'wasm-unsafe-eval', and
// go-app writes style attributes, hence 'unsafe-inline' for styles only.
// The websockets are named with the request's host, as a browser that
// does not count ws: as 'self' needs.
func (s *Server) contentSecurityPolicy(r *http.Request) string {
	ancestors := "'self'"
	if r.URL.Path == chatPage && len(s.EmbedOrigins) > 0 {
		ancestors += " " + strings.Join(s.EmbedOrigins, " ")
	}
	connect := "'self'"
	// Host may hold the characters that separate directives.
	if r.Host != "" && !strings.ContainsAny(r.Host, ";,'\" \t") {
		connect += " ws://" + r.Host + " wss://" + r.Host
	}
	return "default-src 'self'; " +
		"script-src 'self' 'wasm-unsafe-eval'; " +
		"style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob:; " + // blob: the customer's files, fetched with their token [X1]
		"connect-src " + connect + "; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; " +
		"frame-ancestors " + ancestors
}

// ParseOrigins reads a comma-separated list of the host sites that may
// frame the customer chat, like "https://shop.example.com,
// http://localhost:3000", refusing anything that is not a bare origin:
// a policy with a path or a typo would silently frame nothing.
func ParseOrigins(list string) ([]string, error) {
	var out []string
	for _, raw := range strings.Split(list, ",") {
		o := strings.TrimSpace(raw)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		switch {
		case err != nil:
			return nil, fmt.Errorf("embed origin %q: %w", o, err)
		case u.Scheme != "https" && u.Scheme != "http":
			return nil, fmt.Errorf("embed origin %q: must start with https:// or http://", o)
		case u.Host == "" || u.Hostname() == "" || u.User != nil:
			return nil, fmt.Errorf("embed origin %q: must name a host, like https://shop.example.com", o)
		case strings.TrimSuffix(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(o, "?") || strings.HasSuffix(o, "#"):
			return nil, fmt.Errorf("embed origin %q: must be scheme and host only, without a path", o)
		case strings.ContainsAny(u.Host, "*;' \"\t"):
			return nil, fmt.Errorf("embed origin %q: wildcards and quotes are not allowed", o)
		}
		out = append(out, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return out, nil
}
