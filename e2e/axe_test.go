package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axePath is axe-core, the accessibility checker that `make axe` installs
// from e2e/axe/package-lock.json.
var axePath = filepath.Join("axe", "node_modules", "axe-core", "axe.min.js")

var axeSource struct {
	once sync.Once
	js   string
	err  error
}

// axeViolation is one rule that axe-core found broken, with where.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// checkAccessible runs axe-core on the page as it is and fails the test on
// every critical or serious violation, naming the rule and the elements.
// Moderate and minor findings are logged, not failed.
func checkAccessible(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	axeSource.once.Do(func() {
		b, err := os.ReadFile(axePath)
		axeSource.js, axeSource.err = string(b), err
	})
	if axeSource.err != nil {
		t.Fatalf("%s is missing (%v); the accessibility checks need axe-core: make axe installs it", axePath, axeSource.err)
	}
	// Injected as a function so the page's own scripts are untouched; axe
	// sets window.axe.
	expr := `(async () => {
		if (!window.axe) { (0, eval)(` + jsString(axeSource.js) + `); }
		const r = await axe.run(document, {resultTypes: ['violations']});
		return r.violations;
	})()`
	sctx, cancel := context.WithTimeout(ctx, stepTimeoutOf(ctx))
	defer cancel()
	violations, err := chromedp.Run(sctx, chromedp.Evaluate[[]axeViolation](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe-core on %s: %v", page, err)
	}
	var bad []string
	for _, v := range violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprintf("    %v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      ")))
		}
		line := fmt.Sprintf("%s (%s): %s\n%s", v.ID, v.Impact, v.Help, strings.Join(where, "\n"))
		if v.Impact == "critical" || v.Impact == "serious" {
			bad = append(bad, line)
		} else {
			t.Logf("axe-core on %s, %s", page, line)
		}
	}
	if len(bad) > 0 {
		t.Errorf("axe-core on %s: %d critical or serious violations:\n%s", page, len(bad), strings.Join(bad, "\n"))
	}
}

// requireNoPageScroll fails the test if the page as a whole scrolls: the
// workspace and the chat scroll inside their panes, and the top bar never
// leaves the screen.
func requireNoPageScroll(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	type size struct{ ScrollW, ScrollH, W, H int }
	s, err := chromedp.Run(ctx, chromedp.Evaluate[size](`(() => { const e = document.scrollingElement;
		return {ScrollW: e.scrollWidth, ScrollH: e.scrollHeight, W: e.clientWidth, H: e.clientHeight}; })()`))
	if err != nil {
		t.Fatalf("measure %s: %v", page, err)
	}
	if s.ScrollW > s.W || s.ScrollH > s.H {
		beyond, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('body *')].filter(e => {
			const r = e.getBoundingClientRect(); return r.right > innerWidth || r.bottom > innerHeight;
		}).slice(0, 8).map(e => e.tagName.toLowerCase() + '.' + e.className)`))
		t.Errorf("%s scrolls as a whole: %d×%d of content in a %d×%d window; beyond it: %v", page, s.ScrollW, s.ScrollH, s.W, s.H, beyond)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\u2028', '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// The pages a new agent, an administrator and a customer see pass axe-core
// with no critical or serious violation: sign-in, Home with rows, a
// conversation session with its app tabs, the case form, /admin, and /chat
// on a phone.
func TestPagesPassAxe(t *testing.T) {
	srv := startServer(t, withDemo())
	srv.addAgent(t, "dana@example.com", "Dana Admin", "admin", agentPassword)
	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	waitVisible(agent, byLabel("Email"))
	checkAccessible(t, agent, "the sign-in page")
	if errs := consoleErrors(agent); len(errs) > 0 {
		t.Errorf("a signed-out load of / logs errors: %q", errs)
	}
	signIn(agent, "dana@example.com", agentPassword)

	customer := newBrowser(t)
	setPhoneViewport(customer)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "My order never arrived")
	accepts(t, agent, "Visitor 1", "My order never arrived")
	agentSends(agent, "Let me check that for you.")
	waitMessage(customer, transcript, "Let me check that for you.")
	checkAccessible(t, customer, "/chat at 390×844")
	requireNoPageScroll(t, customer, "/chat at 390×844")
	checkAccessible(t, agent, "a conversation session")
	requireNoPageScroll(t, agent, "a conversation session")

	clickOn(agent, byRole("button", "Create a case").in(activeConversation))
	waitAttr(agent, byRole("tab", "Case: New case").in(appTabs), "aria-selected", "true")
	checkAccessible(t, agent, "the case form")
	requireNoPageScroll(t, agent, "the case form")
	screenshot(t, agent, "axe-case-form")
	fillIn(agent, caseTitle, "Order never arrived")
	click(agent, "button", "Save")
	waitAttr(agent, byRole("tab", "Case: Order never arrived").in(appTabs), "aria-selected", "true")
	waitText(agent, "alert", "", "Changes saved.")

	// Enough customers queue that Home's rows run below the window.
	for i := 0; i < 8; i++ {
		if _, err := startChat(srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	clickOn(agent, home)
	waitVisible(agent, byRole("row", "").withText("Visitor 1").in(byRole("region", "My work items")))
	waitVisible(agent, byRole("row", "").withText("Visitor 9").in(byRole("region", "Open work items")))
	waitVisible(agent, byRole("row", "").withText("Order never arrived").in(myCases))
	checkAccessible(t, agent, "Home")
	requireNoPageScroll(t, agent, "Home")
	// The offer waiting meanwhile sits in its tray and covers nothing.
	waitVisible(agent, offer)
	waitFits(agent)
	screenshot(t, agent, "axe-home")

	// The presence menu says what each status means for offers, and Busy
	// and Away look different in shape, not only in shade.
	clickOn(agent, byRole("button", "Presence: Busy"))
	menu := byRole("menu", "Set your presence")
	waitAttr(agent, byRole("menuitemradio", "Away").in(menu), "aria-description", "No offers: you are away from your desk.")
	waitAttr(agent, byRole("menuitemradio", "Busy").in(menu), "aria-description", "Offers still come while you have room for more.")
	type look struct{ Image, Border, Background string }
	looks, err := chromedp.Run(agent, chromedp.Evaluate[[]look](`['busy', 'away'].map(s => {
		const c = getComputedStyle(document.querySelector('[role=menu] .presence-' + s));
		return {Image: c.backgroundImage, Border: c.borderTopWidth, Background: c.backgroundColor}; })`))
	if err != nil {
		t.Fatal(err)
	}
	if looks[0].Image == looks[1].Image && looks[0].Border == looks[1].Border {
		t.Errorf("Busy and Away dots differ only in colour: %+v", looks)
	}
	checkAccessible(t, agent, "the presence menu")
	screenshot(t, agent, "presence-menu")
	clickOn(agent, byRole("button", "Presence: Busy"))
	waitGone(agent, menu)
	setPhoneViewport(agent)
	open(agent, srv.URL+"/") // as a phone loads it
	waitVisible(agent, byRole("row", "").withText("Visitor 1").in(byRole("region", "My work items")))
	requireNoPageScroll(t, agent, "Home at 390×844")
	checkAccessible(t, agent, "Home at 390×844")
	screenshot(t, agent, "axe-home-phone")
	setViewport(agent, 1280, 800)

	open(agent, srv.URL+"/admin")
	waitVisible(agent, byRole("region", "Settings"))
	checkAccessible(t, agent, "/admin")
}
