package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is one Chromium process with one tab. Each has its own profile, so
// an agent and a customer have separate cookies and storage.
type browser struct {
	t testing.TB
	n int // 1 for the first browser of the test, 2 for the second, ...

	// ctx lives as long as the browser and has no deadline. The context that
	// newBrowser returns derives from it and ends at the test's deadline.
	ctx context.Context

	chromeOut *logBuffer // stdout and stderr of Chromium

	closeOnce sync.Once
	close     func() // closes the browser; see closeBrowser

	mu     sync.Mutex
	closed bool     // no more logging once the cleanup has run
	errors []string // the console errors of the page, in order
}

type browserKey struct{}

// stepTimeoutKey holds a step timeout other than stepTimeout (see within).
type stepTimeoutKey struct{}

// browserCount numbers the browsers of each test.
var browserCount struct {
	sync.Mutex
	m map[testing.TB]int
}

func nextBrowserNumber(t testing.TB) int {
	browserCount.Lock()
	defer browserCount.Unlock()
	if browserCount.m == nil {
		browserCount.m = make(map[testing.TB]int)
	}
	browserCount.m[t]++
	n := browserCount.m[t]
	if n == 1 {
		t.Cleanup(func() {
			browserCount.Lock()
			delete(browserCount.m, t)
			browserCount.Unlock()
		})
	}
	return n
}

// browserOptions are the Chromium flags of every browser. The list is
// complete on purpose: it does not start from chromedp's defaults. The
// allocator adds --remote-debugging-pipe and about:blank, and, since the
// options set no --user-data-dir, a fresh temporary profile directory that it
// removes when the browser exits.
func browserOptions(out *logBuffer) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // the tests run as root
		// Not chromedp.DisableGPU: it also adds --enable-unsafe-swiftshader.
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		// The machine has no internet: no background requests.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 800),
		chromedp.CombinedOutput(out),
	}
}

// newBrowser starts a separate Chromium and returns the context of its tab.
// Pass that context to the helpers (open, click, fill, waitText, ...); they
// fail the test on error. The context ends at the test's deadline. When the
// test ends (or at closeBrowser), the browser closes; if the test failed, a
// screenshot and the HTML of the page go to
// e2e/testdata/failures/<TestName>-<n>.png and .html first.
// The page's console errors, uncaught exceptions and Go panics are logged.
func newBrowser(t testing.TB) context.Context {
	t.Helper()
	return newBrowserWith(t)
}

// newBrowserIn is newBrowser whose user prefers the language lang ("lv"):
// navigator.languages and Accept-Language say so, as a browser set up in
// that language does.
func newBrowserIn(t testing.TB, lang string) context.Context {
	t.Helper()
	return newBrowserWith(t, chromedp.Flag("lang", lang), chromedp.Flag("accept-lang", lang))
}

func newBrowserWith(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("%s is missing (%v); the end-to-end tests need Debian's Chromium: install chromium: make test does it", chromiumPath, err)
	}
	b := &browser{t: t, n: nextBrowserNumber(t), chromeOut: &logBuffer{}}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(browserOptions(b.chromeOut), extra...)...)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx,
		chromedp.WithLogf(b.logf),
		chromedp.WithErrorf(func(format string, args ...any) { b.logf("chromedp error: "+format, args...) }),
	)
	// The first Do starts the browser and binds its life to bctx, so bctx
	// must have no deadline.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start %s: %v\n%s", chromiumPath, err, b.chromeOut.String())
	}
	b.ctx = bctx
	consoleDone := b.watchConsole()
	// --window-size counts the window, not the page: make the page itself
	// 1280×800 (setViewport and setPhoneViewport change it).
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 800, chromedp.EmulateLandscape)); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("browser %d: set the viewport: %v", b.n, err)
	}

	ctx := context.WithValue(bctx, browserKey{}, b)
	ctx, cancelDeadline := context.WithDeadline(ctx, testDeadline(t))
	b.close = func() {
		if t.Failed() {
			b.saveFailureArtifacts()
		}
		cancelDeadline()
		cancelBrowser()
		cancelAlloc()
		<-consoleDone
		b.mu.Lock()
		b.closed = true
		b.mu.Unlock()
		if t.Failed() {
			if out := chromiumLog(b.chromeOut.String()); out != "" {
				t.Logf("browser %d: chromium output:\n%s", b.n, tail(out, 16<<10))
			}
		}
	}
	t.Cleanup(func() { closeBrowser(ctx) })
	return ctx
}

// closeBrowser closes the browser of ctx now rather than when the test ends,
// so that a benchmark that starts many browsers has one running at a time.
// Closing twice does nothing.
func closeBrowser(ctx context.Context) {
	b := from(ctx)
	b.closeOnce.Do(b.close)
}

// chromiumLog drops the noise of Chromium's output: a container has no D-Bus.
func chromiumLog(out string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "dbus/") || strings.TrimSpace(line) == "" {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}

// from returns the browser of a context that newBrowser returned.
func from(ctx context.Context) *browser {
	b, ok := ctx.Value(browserKey{}).(*browser)
	if !ok {
		panic("e2e: the context does not come from newBrowser")
	}
	return b
}

// within returns ctx with another timeout for each step, for the rare step
// that may take longer than stepTimeout, such as a reconnect.
func within(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, stepTimeoutKey{}, d)
}

func stepTimeoutOf(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(stepTimeoutKey{}).(time.Duration); ok {
		return d
	}
	return stepTimeout
}

// logf logs for the browser, until the test's cleanup has closed it.
func (b *browser) logf(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.t.Logf("browser %d: %s", b.n, fmt.Sprintf(format, args...))
}

// consoleErrors returns what the page has written to the console as errors.
func consoleErrors(ctx context.Context) []string {
	b := from(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.errors)
}

// watchConsole logs what the page writes to the console that matters for
// debugging: errors, uncaught exceptions, and a Go panic of the WebAssembly
// app (wasm_exec.js prints it with console.log, line by line). The returned
// channel closes when the browser has closed.
func (b *browser) watchConsole() <-chan struct{} {
	done := make(chan struct{})
	// Console subscribes now, so no message after this point is lost.
	messages := chromedp.Console(b.ctx)
	go func() {
		defer close(done)
		panicking := false
		for m, err := range messages {
			if err != nil {
				return
			}
			text := strings.TrimRight(m.Text, "\n")
			if strings.HasPrefix(text, "panic: ") || strings.HasPrefix(text, "fatal error: ") {
				panicking = true
			}
			switch {
			case m.IsException():
				b.logf("uncaught exception: %s%s", text, stackOf(m))
			case m.Type == chromedp.ConsoleError || m.Type == "assert":
				b.mu.Lock()
				b.errors = append(b.errors, text)
				b.mu.Unlock()
				where := ""
				if m.URL != "" {
					where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
				}
				b.logf("console %s: %s%s", m.Type, text, where)
			case panicking:
				b.logf("console: %s", text)
			}
		}
	}()
	return done
}

// stackOf formats the top of the stack of a console message.
func stackOf(m chromedp.ConsoleMessage) string {
	if m.Stack == nil {
		if m.URL != "" {
			return fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
		}
		return ""
	}
	var s strings.Builder
	for i, f := range m.Stack.CallFrames {
		if i == 8 {
			s.WriteString("\n    …")
			break
		}
		name := f.FunctionName
		if name == "" {
			name = "(anonymous)"
		}
		fmt.Fprintf(&s, "\n    at %s (%s:%d:%d)", name, f.URL, f.LineNumber+1, f.ColumnNumber+1)
	}
	return s.String()
}

// saveFailureArtifacts saves a full-page screenshot and the HTML of the page.
func (b *browser) saveFailureArtifacts() {
	dir := filepath.Join("testdata", "failures")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.logf("save failure screenshot: %v", err)
		return
	}
	base := filepath.Join(dir, fmt.Sprintf("%s-%d", fileName(b.t.Name()), b.n))
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()

	if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
		b.logf("page at failure: %s", loc)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(base+".png", png, 0o644)
	}
	if err != nil {
		b.logf("save failure screenshot: %v", err)
	} else {
		b.logf("failure screenshot: e2e/%s.png", base)
	}
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err == nil {
		err = os.WriteFile(base+".html", []byte(html), 0o644)
	}
	if err != nil {
		b.logf("save failure HTML: %v", err)
	}
}

// open navigates to url and waits until the go-app app is live.
func open(ctx context.Context, url string) {
	b := from(ctx)
	b.t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeoutOf(ctx))
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(url)); err != nil {
		b.t.Fatalf("browser %d: open %s: %v", b.n, url, err)
	}
	waitReady(ctx)
}

// readyTimeout bounds the load of the WebAssembly app, which is the slowest
// step of a test.
const readyTimeout = 90 * time.Second

// waitReady waits until the app marks an element with data-ready="true",
// which go-app does when the WebAssembly app is live.
func waitReady(ctx context.Context) {
	from(ctx).t.Helper()
	if d := stepTimeoutOf(ctx); d < readyTimeout {
		ctx = within(ctx, readyTimeout)
	}
	waitJS(ctx, `the app to be ready ([data-ready="true"])`, "ready")
}

// setViewport makes the page a desktop viewport of w×h CSS pixels.
func setViewport(ctx context.Context, w, h int64) {
	b := from(ctx)
	b.t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h, chromedp.EmulateLandscape)); err != nil {
		b.t.Fatalf("browser %d: set the viewport to %dx%d: %v", b.n, w, h, err)
	}
}

// setPhoneViewport makes the page a 390×844 portrait phone viewport.
func setPhoneViewport(ctx context.Context) {
	b := from(ctx)
	b.t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait)); err != nil {
		b.t.Fatalf("browser %d: set a phone viewport: %v", b.n, err)
	}
}

// updateScreenshots makes screenshot write the pictures the README shows
// (make screenshots) instead of the ignored folder every run writes.
var updateScreenshots = flag.Bool("screenshots", false, "write screenshots to testdata/screenshots, the README's")

// screenshot saves the viewport of the page as e2e/testdata/shots/<name>.png,
// which git ignores, so a test run never rewrites the committed pictures;
// with -screenshots it refreshes e2e/testdata/screenshots/<name>.png, the
// ones the README shows. Set the viewport first.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("testdata", "shots")
	if *updateScreenshots {
		dir = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	t.Logf("screenshot: e2e/%s", path)
}
