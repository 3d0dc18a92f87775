package kit

import (
	"reflect"
	"testing"
)

func TestSegments(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []Segment
	}{
		{"no links here", []Segment{{Text: "no links here"}}},
		{"See https://help.example.com/articles/refunds.", []Segment{
			{Text: "See "}, {Text: "https://help.example.com/articles/refunds", URL: "https://help.example.com/articles/refunds"}, {Text: "."}}},
		{"http://a.example/x?y=1 and (https://b.example)", []Segment{
			{Text: "http://a.example/x?y=1", URL: "http://a.example/x?y=1"}, {Text: " and ("},
			{Text: "https://b.example", URL: "https://b.example"}, {Text: ")"}}},
		{"javascript:alert(1) data:text/html,x ftp://f.example", []Segment{{Text: "javascript:alert(1) data:text/html,x ftp://f.example"}}},
		{`https://x.example/"><script>`, []Segment{{Text: "https://x.example/", URL: "https://x.example/"}, {Text: `"><script>`}}},
		{"https:///chat", []Segment{{Text: "https:///chat"}}},
		{"xhttps://a.example http https://", []Segment{{Text: "xhttps://a.example http https://"}}},
		{"Go to HTTPS://Shop.example/x\nthen", []Segment{
			{Text: "Go to "}, {Text: "HTTPS://Shop.example/x", URL: "https://Shop.example/x"}, {Text: "\nthen"}}},
	} {
		if got := Segments(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Segments(%q) = %#v, want %#v", c.in, got, c.want)
		}
	}
}
