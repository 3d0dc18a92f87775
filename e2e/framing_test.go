package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// Only the host sites named by -embed-origins may frame the customer chat,
// and no site may frame the workspace [security].
func TestOnlyEmbedOriginsFrameTheChat(t *testing.T) {
	// A host page frames what src says when it is asked for, so the shop
	// has its address before the server that names it starts.
	var chatURL string
	hostPage := func(src func() string) *httptest.Server {
		h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<!doctype html><title>Shop</title><iframe src="` + src() + `" title="Chat with us"></iframe>`))
		}))
		t.Cleanup(h.Close)
		return h
	}
	chat := func() string { return chatURL }
	shop := hostPage(chat)
	srv := startServer(t, withArgs("-embed-origins", shop.URL))
	chatURL = srv.URL + "/chat"
	other := hostPage(chat)
	workspace := hostPage(func() string { return srv.URL + "/" })

	b := newBrowser(t)
	for _, c := range []struct {
		host    *httptest.Server
		allowed bool
	}{{shop, true}, {other, false}, {workspace, false}} {
		framed := frameURL(t, b, c.host.URL)
		if c.allowed {
			require.Equal(t, srv.URL+"/chat", framed, "an embed origin frames the chat")
		} else {
			require.Equal(t, "refused", framed, "a page of %s frames %s", c.host.URL, framed)
		}
	}
}

// frameURL opens a host page and answers the URL its iframe ended at: the
// framed page's, or "refused" when the browser showed its error page.
func frameURL(t *testing.T, b context.Context, url string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(b, stepTimeout)
	defer cancel()
	require.NoError(t, chromedp.Do(sctx, chromedp.Navigate(url)))
	for {
		tree, err := chromedp.Call(sctx, page.GetFrameTree, cdp.Empty{})
		require.NoError(t, err)
		if kids := tree.FrameTree.ChildFrames; len(kids) > 0 {
			f := kids[0].Frame
			switch {
			case f.UnreachableURL != "" || strings.HasPrefix(f.URL, "chrome-error:"):
				return "refused"
			case f.URL != "" && f.URL != "about:blank":
				return f.URL
			}
		}
		select {
		case <-sctx.Done():
			t.Fatalf("the frame of %s never loaded", url)
		case <-time.After(pollInterval):
		}
	}
}
