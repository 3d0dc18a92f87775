package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// writeFile puts a file for the browser to upload in a test folder.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return path
}

// photo is a PNG of some 1 MB (noise does not compress), so a throttled
// upload shows its progress for a while.
func photo(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / w), G: uint8(rng.IntN(90)), B: uint8(y * 255 / h), A: 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// attach picks files in the file input that the `Attach a file` button
// opens; the input is hidden, as a person never sees it.
func attach(ctx context.Context, input string, paths ...string) {
	b := from(ctx)
	b.t.Helper()
	clickOn(ctx, byRole("button", "Attach a file").in(byCSS(".composer")))
	if _, err := chromedp.Run(within(ctx, stepTimeoutOf(ctx)), chromedp.SetUploadFiles(chromedp.CSS(input), paths)); err != nil {
		b.t.Fatalf("browser %d: attach %v: %v", b.n, paths, err)
	}
}

// blockUploads makes the browser's requests to pattern fail, as a
// network cut does; "" lets them through again.
func blockUploads(ctx context.Context, pattern string) {
	b := from(ctx)
	b.t.Helper()
	var blocked []*network.BlockPattern
	if pattern != "" {
		blocked = append(blocked, &network.BlockPattern{URLPattern: pattern, Block: true})
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		b.t.Fatalf("browser %d: enable the network domain: %v", b.n, err)
	}
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: blocked}); err != nil {
		b.t.Fatalf("browser %d: block urls: %v", b.n, err)
	}
}

// networkConditions are the parameters of Network.emulateNetworkConditions,
// which throttles every request of the page; cdproto keeps only its
// per-rule successor, which Chromium did not apply to uploads here.
type networkConditions struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

var emulateNetworkConditions = cdp.Command[networkConditions, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

// throttleUploads limits what the page sends to bytesPerSecond; -1 lifts it.
func throttleUploads(ctx context.Context, bytesPerSecond float64) {
	b := from(ctx)
	b.t.Helper()
	if _, err := chromedp.Call(ctx, emulateNetworkConditions, networkConditions{DownloadThroughput: -1, UploadThroughput: bytesPerSecond}); err != nil {
		b.t.Fatalf("browser %d: throttle uploads: %v", b.n, err)
	}
}

// waitImageLoaded waits until the image l has loaded its picture.
func waitImageLoaded(ctx context.Context, alt string, in string) {
	b := from(ctx)
	b.t.Helper()
	expr := fmt.Sprintf(`[...document.querySelectorAll(%q)].some(i => i.alt === %q && i.complete && i.naturalWidth > 0 && i.offsetParent !== null)`, in+" img.msg-thumb", alt)
	poll(ctx, "the thumbnail "+alt+" to show", expr)
}

// poll waits until a page expression is true.
func poll(ctx context.Context, what, expr string) {
	b := from(ctx)
	b.t.Helper()
	d := stepTimeoutOf(ctx)
	if _, err := chromedp.Run(within(ctx, d), chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(d))); err != nil {
		b.t.Fatalf("browser %d: wait for %s: %v", b.n, what, err)
	}
}

// evalJSON runs an expression in the page, awaiting a promise, and
// decodes its value.
func evalJSON[T any](ctx context.Context, expr string) T {
	b := from(ctx)
	b.t.Helper()
	out, err := chromedp.Run(within(ctx, stepTimeoutOf(ctx)), chromedp.Evaluate[T](expr, func(p *runtime.EvaluateParams) { p.AwaitPromise = ptrTo(true) }))
	if err != nil {
		b.t.Fatalf("browser %d: evaluate %s: %v", b.n, expr, err)
	}
	return out
}

func ptrTo[T any](v T) *T { return &v }

// A customer sends a photo of a broken parcel, the agent sees its
// thumbnail and sends a returns label as a PDF, which the customer
// downloads; a page renamed .png is refused; an upload cut by the
// network is retried, its progress shown, and stored once [X1].
func TestAttachmentsBothWays(t *testing.T) {
	srv := startServer(t)
	ana, customer := agentInChat(t, srv, "ana@example.com", "Ana Agent", "My parcel came broken.")

	// The first try is cut by the network: the customer is told and can
	// retry; the retry, slowed down, shows its progress bar. (Headless
	// Chromium reports no upload progress events under DevTools
	// throttling, so the bar's advance is not checked here.)
	blockUploads(customer, "*://*:*/api/chat/files")
	attach(customer, "#chat-input-file", writeFile(t, "parcel.png", photo(700, 500)))
	waitText(customer, "alert", "", "The upload failed. Check your connection and retry.")
	blockUploads(customer, "")
	throttleUploads(customer, 200<<10)
	clickOn(customer, byRole("button", "Retry"))
	waitVisible(customer, byRole("progressbar", "Uploading parcel.png"))
	screenshot(t, customer, "attachments-uploading")
	throttleUploads(customer, -1)

	// Ana sees the thumbnail, live; it opens the full image.
	waitImageLoaded(ana, "parcel.png", `[aria-label="Communication panel"]`)
	waitImageLoaded(customer, "parcel.png", "#chat-log")
	require.Equal(t, 1, evalJSON[int](ana, `document.querySelectorAll('[aria-label="Communication panel"] img.msg-thumb').length`),
		"the retried upload is stored once")
	full := evalJSON[string](ana, `document.querySelector('[aria-label="Communication panel"] a.msg-image').getAttribute("href")`)
	require.Regexp(t, `^/api/files/\d+$`, full)
	got := evalJSON[map[string]string](ana, fmt.Sprintf(`fetch(%q).then(r => ({status: String(r.status), type: r.headers.get("content-type"), disposition: r.headers.get("content-disposition")}))`, full))
	require.Equal(t, map[string]string{"status": "200", "type": "image/png", "disposition": "inline; filename=parcel.png"}, got)
	screenshot(t, ana, "attachments-agent-thumbnail")

	// Ana sends the returns label; the customer downloads it.
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	attach(ana, `[aria-label="Communication panel"] input[type=file]`, writeFile(t, "Returns label.pdf", pdf))
	link := byRole("link", fmt.Sprintf("Download Returns label.pdf, %d B", len(pdf)))
	waitVisible(ana, link.in(agentTranscript))
	waitVisible(customer, link.in(transcript))
	screenshot(t, ana, "attachments-agent")
	poll(customer, "the link to the PDF", `!!(document.querySelector('#chat-log a.msg-file[download="Returns label.pdf"]') || {}).href?.startsWith("blob:")`)
	downloads := t.TempDir()
	if _, err := chromedp.Call(customer, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	clickOn(customer, link.in(transcript))
	saved := filepath.Join(downloads, "Returns label.pdf")
	require.Eventually(t, func() bool {
		b, err := os.ReadFile(saved)
		return err == nil && bytes.Equal(b, pdf)
	}, stepTimeoutOf(customer), 20*time.Millisecond, "the customer saves the agent's PDF")

	// The server sends it to save, never to show, and only with the chat's
	// own token.
	id := strings.TrimPrefix(evalJSON[string](ana, `document.querySelector('[aria-label="Communication panel"] a.msg-file').getAttribute("href")`), "/api/files/")
	token := strings.Trim(evalJSON[string](customer, `localStorage.getItem("switchboard.chat.token")`), `"`)
	get := func(token string) *http.Response {
		req, err := http.NewRequest("GET", srv.URL+"/api/chat/files/"+id, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res
	}
	res := get(token)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, `attachment; filename="Returns label.pdf"`, res.Header.Get("Content-Disposition"))
	require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "sandbox", res.Header.Get("Content-Security-Policy"))
	other := startChatAPI(t, srv)
	require.Equal(t, http.StatusForbidden, get(other).StatusCode, "another customer's token")

	// A page renamed .png is refused, with the reason, and nothing sent.
	attach(customer, "#chat-input-file", writeFile(t, "cute-cat.png", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")))
	waitText(customer, "alert", "", "HTML, SVG and XML files cannot be sent.")
	screenshot(t, customer, "attachments-customer")
	setPhoneViewport(customer)
	waitImageLoaded(customer, "parcel.png", "#chat-log")
	screenshot(t, customer, "attachments-customer-phone")
	// Both sides see the files again after a reload.
	open(customer, srv.URL+"/chat")
	waitImageLoaded(customer, "parcel.png", "#chat-log")
	waitVisible(customer, link.in(transcript))
	open(ana, srv.URL+"/")
	waitImageLoaded(ana, "parcel.png", `[aria-label="Communication panel"]`)
	waitVisible(ana, link.in(agentTranscript))
	attach(customer, "#chat-input-file", writeFile(t, "cute-cat.png", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")))
	waitText(customer, "alert", "", "HTML, SVG and XML files cannot be sent.")
	clickOn(customer, byRole("button", "Dismiss cute-cat.png"))
	waitGone(customer, byRole("alert", "").withText("HTML, SVG and XML files cannot be sent."))
	require.Equal(t, 0, evalJSON[int](ana, `[...document.querySelectorAll('[aria-label="Communication panel"] .msg')].filter(m => m.textContent.includes("cute-cat")).length`))
}

// startChatAPI starts a conversation as another customer would and
// answers its token.
func startChatAPI(t *testing.T, srv *server) string {
	t.Helper()
	res, err := http.Post(srv.URL+"/api/chat", "application/json", strings.NewReader(`{"question":"Hello"}`))
	require.NoError(t, err)
	defer res.Body.Close()
	var started struct{ Token string }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&started))
	require.NotEmpty(t, started.Token)
	return started.Token
}

// dropOrPaste hands the composer's textbox in scope a file as the
// browser does for a drop or a paste (a DataTransfer holding a File):
// kind is "drop" or "paste". The file is an image drawn on a canvas or a
// text file.
func dropOrPaste(ctx context.Context, kind, scope, name, typ string) {
	from(ctx).t.Helper()
	evalJSON[bool](ctx, fmt.Sprintf(`(async () => {
		let blob;
		if (%[4]q === "image/png") {
			const c = document.createElement("canvas"); c.width = 320; c.height = 200;
			const g = c.getContext("2d"); g.fillStyle = "#3346d3"; g.fillRect(0, 0, 320, 200); g.fillStyle = "#fff"; g.fillText("Error 500", 20, 100);
			blob = await new Promise(r => c.toBlob(r, "image/png"));
		} else {
			blob = new Blob(["order,total\n1042,19.99\n"], {type: %[4]q});
		}
		const dt = new DataTransfer();
		dt.items.add(new File([blob], %[3]q, {type: %[4]q}));
		const box = [...document.querySelectorAll(%[2]q + " textarea[aria-label='Type your message']")].find(e => e.offsetParent !== null);
		const target = %[1]q === "drop" ? box.closest(".composer") : box;
		const ev = %[1]q === "drop"
			? new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true})
			: new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true});
		target.dispatchEvent(ev);
		return ev.defaultPrevented;
	})()`, kind, scope, name, typ))
}

// An agent pastes a screenshot into the composer and a customer drops a
// CSV file onto theirs: both arrive on the other side [X1].
func TestAttachmentsByPasteAndDrop(t *testing.T) {
	srv := startServer(t)
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)
	customer := newBrowser(t)
	setPhoneViewport(customer)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "The checkout shows an error.")
	accepts(t, ana, "Visitor 1", "The checkout shows an error.")

	dropOrPaste(ana, "paste", `[aria-label="Communication panel"]`, "screenshot.png", "image/png")
	waitImageLoaded(ana, "screenshot.png", `[aria-label="Communication panel"]`)
	waitImageLoaded(customer, "screenshot.png", "#chat-log")

	dropOrPaste(customer, "drop", ".chat", "orders.csv", "text/csv")
	link := byRole("link", "Download orders.csv, 23 B")
	waitVisible(customer, link.in(transcript))
	waitVisible(ana, link.in(agentTranscript))
	screenshot(t, customer, "attachments-drop-phone")
}

// An MMS's photo shows as a link that opens it at the provider; the agent
// cannot attach a file in return, since the reply goes out as text [X1].
func TestMMSMediaShowAsLinks(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "dana@example.com", "Dana Admin", "admin", agentPassword, "--capacity", "0")
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	dana := &http.Client{Jar: jar}
	post := func(c *http.Client, path, contentType, body string) *http.Response {
		req, err := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", contentType)
		if c == http.DefaultClient {
			req.SetBasicAuth("provider", smsSecret)
		}
		res, err := c.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res
	}
	require.Equal(t, http.StatusOK, post(dana, "/api/signin", "application/json", `{"email":"dana@example.com","password":"`+agentPassword+`"}`).StatusCode)
	require.Equal(t, http.StatusCreated, post(dana, "/api/admin/workstreams", "application/json",
		`{"name":"Texts","channel":"sms","mode":"live","capacityUnits":20,"offerTimeout":120,"waitingDays":1,"secret":"`+smsSecret+`"}`).StatusCode)

	form := url.Values{"From": {"+37120000000"}, "Body": {"This is how it arrived"}, "MessageSid": {"MM1"},
		"NumMedia": {"1"}, "MediaUrl0": {"https://media.example.com/Media/ME1"}, "MediaContentType0": {"image/jpeg"}}
	require.Equal(t, http.StatusNoContent, post(http.DefaultClient, "/webhooks/sms", "application/x-www-form-urlencoded", form.Encode()).StatusCode)

	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)
	accepts(t, ana, "+37120000000", "This is how it arrived")
	media := byRole("link", "Media 1").in(agentTranscript)
	waitVisible(ana, media)
	waitAttr(ana, media, "href", "https://media.example.com/Media/ME1")
	waitAttr(ana, media, "target", "_blank")
	waitAttr(ana, byRole("button", "Attach a file").in(commPanel), "disabled", "")
	screenshot(t, ana, "attachments-mms")
}
