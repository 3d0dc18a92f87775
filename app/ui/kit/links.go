package kit

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// links finds what looks like a web address in body: "http://" or
// "https://" at a word's start, up to a space or a character that cannot be
// in one. A scan rather than regexp, which would add to app.wasm.
func links(body string) [][2]int {
	var out [][2]int
	lower := strings.ToLower(body)
	for i := 0; i < len(body); {
		j := strings.Index(lower[i:], "http")
		if j < 0 {
			break
		}
		start := i + j
		rest := lower[start:]
		n := 0
		switch {
		case strings.HasPrefix(rest, "https://"):
			n = len("https://")
		case strings.HasPrefix(rest, "http://"):
			n = len("http://")
		}
		if n == 0 || (start > 0 && isWordByte(body[start-1])) {
			i = start + 4
			continue
		}
		end := start + n
		for end < len(body) && !strings.ContainsRune(" \t\r\n<>\"'", rune(body[end])) {
			end++
		}
		if end > start+n {
			out = append(out, [2]int{start, end})
		}
		i = end
	}
	return out
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// Segment is a run of a message's text, with URL set when it is a link.
type Segment struct {
	Text string
	URL  string
}

// Segments splits a message into text and links. Only http and https
// addresses with a host become links; trailing punctuation ("see
// https://x.example/a.") stays text. Nothing is ever parsed as HTML.
func Segments(body string) []Segment {
	var out []Segment
	last := 0
	for _, m := range links(body) {
		start, end := m[0], m[1]
		end = start + len(strings.TrimRight(body[start:end], ".,;:!?)]}…"))
		raw := body[start:end]
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		if start > last {
			out = append(out, Segment{Text: body[last:start]})
		}
		out = append(out, Segment{Text: raw, URL: u.String()})
		last = end
	}
	if last < len(body) {
		out = append(out, Segment{Text: body[last:]})
	}
	return out
}

// MessageText renders a message's body with its web addresses as links
// that open in a new tab and tell the target nothing about this page.
func MessageText(body string) []app.UI {
	var out []app.UI
	for _, s := range Segments(body) {
		if s.URL == "" {
			out = append(out, app.Text(s.Text))
			continue
		}
		out = append(out, app.A().Href(s.URL).Target("_blank").Rel("noopener noreferrer").Text(s.Text))
	}
	return out
}
