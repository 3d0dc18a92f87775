package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

var (
	home        = byRole("tab", "Home").in(sessionsNav)
	appTabs     = byRole("tablist", "Applications")
	caseTitle   = byLabel("Case title")
	composerBox = byLabel("Type your message").in(commPanel)
	searchBox   = byLabel("Search knowledge articles")
)

// The seed's example, and more: typed work survives switching sessions, a
// reload, and goes only when its session is closed [S5, S12, S13].
func TestSwitchingSessionsLosesNothing(t *testing.T) {
	srv := startServer(t, withDemo())
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)
	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)

	// The agent starts a case and types its title without saving.
	click(agent, "button", "New case")
	waitAttr(agent, byRole("tab", "New case").in(sessionsNav), "aria-selected", "true")
	fillIn(agent, caseTitle, "Printer on fire")
	waitVisible(agent, byCSS(".session-dirty").in(byRole("tab", "New case")))

	// A customer writes; the agent accepts the incoming chat and answers.
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, firstMessage)
	for i := 1; i <= 30; i++ {
		customerSends(customer, "Detail number "+strconv.Itoa(i))
	}
	accepts(t, agent, "Visitor 1", "Detail number 30") // the offer shows the latest
	waitMessage(agent, agentTranscript, firstMessage)
	agentSends(agent, "Let me look into it.")
	waitMessage(customer, transcript, "Let me look into it.")

	// Half a reply, a knowledge search, and a place in the transcript.
	fillIn(agent, composerBox, "I have found the")
	clickOn(agent, byRole("tab", "Knowledge search").in(appTabs))
	fillIn(agent, searchBox, "refund")
	pressEnter(agent)
	waitVisible(agent, byCSS("mark").withText("efund"))
	firstHit := textOf(agent, byRole("listitem", "").in(byRole("tabpanel", "Knowledge search")))

	// Send puts a line naming the article and its link after the draft,
	// for the agent to send; the customer gets a safe link [D4].
	hit := byRole("listitem", "").in(byRole("tabpanel", "Knowledge search"))
	title := textOf(agent, byRole("heading", "").in(hit))
	clickOn(agent, byRole("button", "Open").in(hit))
	article := byRole("tabpanel", "Article: "+title)
	waitAttr(agent, byRole("tab", "Article: "+title).in(appTabs), "aria-selected", "true")
	link := textOf(agent, byRole("link", "").in(article))
	require.True(t, strings.HasPrefix(link, "https://help.example.com/articles/"), link)
	clickOn(agent, byRole("button", "Send").in(article))
	waitValue(agent, composerBox, "I have found the\nThis article should help: "+title+"\n"+link)
	clickOn(agent, byRole("button", "Send").in(commPanel))
	waitTextIn(customer, transcript, "This article should help: "+title)
	waitAttr(customer, byRole("link", link).in(transcript), "rel", "noopener noreferrer")
	waitAttr(customer, byRole("link", link).in(transcript), "href", link)
	waitAttr(agent, byRole("link", link).in(agentTranscript), "target", "_blank")
	fillIn(agent, composerBox, "I have found the")
	clickOn(agent, byRole("tab", "Knowledge search").in(appTabs))
	setLogScroll(agent, 200)

	// Back to the case: the typed title is still there.
	clickOn(agent, byRole("tab", "New case").in(sessionsNav))
	waitValue(agent, caseTitle, "Printer on fire")

	// And back to the chat: draft, tab, query, results and scroll as left.
	clickOn(agent, byRole("tab", "Visitor 1").in(sessionsNav))
	waitValue(agent, composerBox, "I have found the")
	waitAttr(agent, byRole("tab", "Knowledge search").in(appTabs), "aria-selected", "true")
	waitValue(agent, searchBox, "refund")
	require.Equal(t, firstHit, textOf(agent, byRole("listitem", "").in(byRole("tabpanel", "Knowledge search"))))
	require.InDelta(t, 200, logScroll(agent), 2)

	// A reload brings back the same sessions, focus and unsaved work.
	open(agent, srv.URL+"/")
	waitAttr(agent, byRole("tab", "Visitor 1").in(sessionsNav), "aria-selected", "true")
	require.Equal(t, []string{"Home", "New case", "Visitor 1"}, names(agent, sessionTabs))
	waitValue(agent, composerBox, "I have found the")
	waitValue(agent, searchBox, "refund")
	waitMessage(agent, agentTranscript, "Detail number 30")
	waitScroll(agent, 200)
	clickOn(agent, byRole("tab", "New case").in(sessionsNav))
	waitValue(agent, caseTitle, "Printer on fire")

	// Cancel keeps the session; Close discards it and its unsaved title.
	clickOn(agent, byRole("button", "Close session New case"))
	dialog := byRole("dialog", "Close this session?")
	waitTextIn(agent, dialog, "unsaved changes will be lost")
	clickOn(agent, byRole("button", "Cancel").in(dialog))
	waitGone(agent, dialog)
	waitValue(agent, caseTitle, "Printer on fire")
	clickOn(agent, byRole("button", "Close session New case"))
	clickOn(agent, byRole("button", "Close").in(dialog))
	waitGone(agent, byRole("tab", "New case"))
	require.Equal(t, []string{"Home", "Visitor 1"}, names(agent, sessionTabs))

	open(agent, srv.URL+"/")
	waitVisible(agent, byRole("tab", "Visitor 1").in(sessionsNav))
	require.Equal(t, []string{"Home", "Visitor 1"}, names(agent, sessionTabs))
	clickOn(agent, byRole("button", "New case"))
	waitValue(agent, caseTitle, "")
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "workspace-case")
}

// Unread counts on unfocused sessions [S14].
func TestUnreadBadgeAndTooltip(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)
	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)

	var customers []context.Context
	for i := 1; i <= 3; i++ {
		c := newBrowser(t)
		open(c, srv.URL+"/chat")
		customerSends(c, "Hello from customer "+strconv.Itoa(i))
		customers = append(customers, c)
		clickOn(agent, home)
		pick(t, agent, "Visitor "+strconv.Itoa(i), "Hello from customer "+strconv.Itoa(i))
	}
	clickOn(agent, byRole("tab", "Visitor 1").in(sessionsNav))

	for i := 1; i <= 12; i++ {
		customerSends(customers[1], "Update "+strconv.Itoa(i))
	}
	visitor2 := byRole("tab", "Visitor 2").in(sessionsNav)
	waitExactText(agent, byCSS(".session-unread").in(visitor2), "9+")
	waitAttr(agent, visitor2, "title", "Visitor 2. 12 new updates in your conversation.")
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "workspace-sessions")
	click(agent, "button", "Collapse session panel")
	waitVisible(agent, byRole("button", "Expand session panel"))
	screenshot(t, agent, "workspace-collapsed")
	click(agent, "button", "Expand session panel")

	clickOn(agent, visitor2)
	waitGone(agent, byCSS(".session-unread").in(visitor2))
	waitAttr(agent, visitor2, "title", "Visitor 2")
	waitMessage(agent, agentTranscript, "Update 12")
}

// Home stays, the panel collapses to icons and stays so, the limits hold,
// and the keyboard reaches everything [S1, S2, S11, S16].
func TestPanelLimitsAndKeyboard(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)
	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)

	// Home has no close button, and Delete on it does nothing.
	require.False(t, isVisible(agent, byRole("button", "Close session Home")))
	clickOn(agent, home)
	pressKey(agent, "Delete", "Delete", 46, 0)
	require.False(t, isVisible(agent, byRole("dialog", "")))

	// Nine case sessions fill the panel; the tenth is refused, nothing lost.
	for i := 2; i <= 10; i++ {
		clickOn(agent, home)
		click(agent, "button", "New case")
		waitCount(agent, sessionTabs, i) // each click has landed before the next
	}
	clickOn(agent, home)
	click(agent, "button", "New case")
	waitText(agent, "alert", "", "Maximum sessions reached. Close a session before opening another.")
	require.Len(t, names(agent, sessionTabs), 10)
	waitAttr(agent, home, "aria-selected", "true")

	// Keyboard: Ctrl+Alt+3 goes to the third session, Ctrl+Alt+↑ back one,
	// Delete on a session asks before closing, ? lists the shortcuts.
	pressKey(agent, "3", "Digit3", 51, ctrlAlt)
	require.Eventually(t, func() bool { return attrOf(agent, 2) == "true" }, stepTimeout, pollInterval)
	pressKey(agent, "ArrowUp", "ArrowUp", 38, ctrlAlt)
	require.Eventually(t, func() bool { return attrOf(agent, 1) == "true" }, stepTimeout, pollInterval)
	pressKey(agent, "Delete", "Delete", 46, 0)
	dialog := byRole("dialog", "Close this session?")
	waitVisible(agent, dialog)
	clickOn(agent, byRole("button", "Close").in(dialog))
	waitCount(agent, sessionTabs, 9)

	pressKey(agent, "?", "Slash", 191, shift)
	waitVisible(agent, byRole("dialog", "Keyboard shortcuts"))
	clickOn(agent, byRole("button", "Close").in(byRole("dialog", "Keyboard shortcuts")))

	// Ten app tabs per session at most.
	clickOn(agent, byRole("tab", names(agent, sessionTabs)[1]).in(sessionsNav))
	require.Eventually(t, func() bool { return attrOf(agent, 1) == "true" }, stepTimeout, pollInterval)
	visibleAppTabs := byRole("tab", "").in(appTabs)
	for i := 2; i <= 10; i++ {
		click(agent, "button", "Open an application")
		click(agent, "menuitem", "New case")
		waitCount(agent, visibleAppTabs, i) // the + button moves right each time
	}
	click(agent, "button", "Open an application")
	click(agent, "menuitem", "New case")
	waitText(agent, "alert", "", "Maximum tabs reached. Close a tab in this session before opening another.")

	// Collapsed, the panel shows icons only, and stays collapsed.
	click(agent, "button", "Collapse session panel")
	waitAttr(agent, byRole("button", "Expand session panel"), "aria-expanded", "false")
	require.Empty(t, texts(agent, ".session-title"))
	require.NotEmpty(t, texts(agent, ".session-icon"))
	open(agent, srv.URL+"/")
	waitVisible(agent, byRole("button", "Expand session panel"))
	require.Empty(t, texts(agent, ".session-title"))
}

// waitCount waits until n visible elements match.
func waitCount(ctx context.Context, l loc, n int) {
	b := from(ctx)
	b.t.Helper()
	require.Eventually(b.t, func() bool { return len(names(ctx, l)) == n }, stepTimeout, pollInterval,
		"want %d of %s", n, l)
}

// waitValue waits until a field holds exactly want.
func waitValue(ctx context.Context, l loc, want string) {
	from(ctx).t.Helper()
	waitJS(ctx, l.String()+" to hold "+strconv.Quote(want), "value", l, want)
}

// attrOf reads aria-selected of the i-th session tab, without waiting.
func attrOf(ctx context.Context, i int) string {
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`document.querySelectorAll('nav[aria-label="Sessions"] [role=tab]')[`+strconv.Itoa(i)+`].getAttribute('aria-selected')`))
	if err != nil {
		return ""
	}
	return v
}

const visibleLog = `[...document.querySelectorAll('[role=log][aria-label=Conversation]')].find((e) => e.offsetParent !== null)`

func setLogScroll(ctx context.Context, px int) {
	b := from(ctx)
	b.t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const l = `+visibleLog+`; l.scrollTop = `+strconv.Itoa(px)+`; l.dispatchEvent(new Event('scroll')); return true })()`))
	require.NoError(b.t, err)
	require.InDelta(b.t, px, logScroll(ctx), 2, "the transcript is long enough to scroll")
}

func logScroll(ctx context.Context) float64 {
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const l = `+visibleLog+`; return l ? l.scrollTop : -1 })()`))
	if err != nil {
		return -1
	}
	return v
}

func waitScroll(ctx context.Context, px float64) {
	b := from(ctx)
	b.t.Helper()
	require.Eventually(b.t, func() bool { v := logScroll(ctx); return v >= px-2 && v <= px+2 }, stepTimeout, pollInterval,
		"the transcript scrolled back to %v px", px)
}

// Modifier bits of input.DispatchKeyEvent.
const (
	alt     = 1
	ctrl    = 2
	shift   = 8
	ctrlAlt = ctrl | alt
)

// pressKey sends one key press with modifiers, as a keyboard does.
func pressKey(ctx context.Context, key, code string, vk int64, mods int64) {
	b := from(ctx)
	b.t.Helper()
	text := ""
	if len(key) == 1 && mods&ctrlAlt == 0 {
		text = key
	}
	down := input.DispatchKeyEventParams{
		Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code, Text: text, UnmodifiedText: strings.ToLower(text),
		WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk, Modifiers: mods,
	}
	up := down
	up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	for _, p := range []input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			b.t.Fatalf("browser %d: press %s: %v", b.n, key, err)
		}
	}
}

// A long transcript shows its newest messages, and earlier ones on request
// [C1].
func TestEarlierMessages(t *testing.T) {
	srv := startServer(t, withSeed(func(dir string) { seedSessions(t, dir, 1, 320) }))
	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)
	row := byRole("row", "").withText("Visitor 1").in(byRole("region", "My work items"))
	clickOn(agent, byRole("button", "More options").in(row))
	clickOn(agent, byRole("menuitem", "Open").in(byRole("menu", "")))
	waitMessage(agent, agentTranscript, agentLine(320))

	// 320 messages: the window starts at a multiple of 50, so messages 151
	// to 320 are shown at first, and the rest on request.
	more := byRole("button", "Show earlier messages (150)").in(agentTranscript)
	waitVisible(agent, more)
	require.NotContains(t, textOf(agent, agentTranscript), "Message 150: ")
	require.Contains(t, textOf(agent, agentTranscript), "Message 151: ")
	clickOn(agent, more)
	waitMessage(agent, agentTranscript, "Message 1: my order 12345 has not arrived yet, could you check where it is?")
	waitGone(agent, byRole("button", "").withText("Show earlier messages").in(agentTranscript))
	waitMessage(agent, agentTranscript, agentLine(320))
}
