package kit

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// linkPattern finds what looks like a web address in a message.
var linkPattern = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"']+`)

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
	for _, m := range linkPattern.FindAllStringIndex(body, -1) {
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
