package e2e

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// A supervisor opens Reports on /supervise and sees today's figures and
// charts of the conversations the test made, by workstream and by agent,
// and downloads a CSV with one row per conversation [T5].
func TestReports(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "sam@example.com", "Sam Supervisor", "supervisor", agentPassword)
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)

	// Two chats: one answered, ended and rated 5 stars; one still going.
	first := newBrowser(t)
	open(first, srv.URL+"/chat")
	customerSends(first, "Where is my parcel?")
	accepts(t, ana, "Visitor 1", "Where is my parcel?")
	agentSends(ana, "It left the depot this morning.")
	ends(ana)
	survey := byRole("region", "How did we do?")
	clickOn(first, byRole("button", "5 stars").in(survey))
	clickOn(first, byRole("button", "Send rating").in(survey))
	waitTextIn(first, survey, "Thank you!")
	second := newBrowser(t)
	open(second, srv.URL+"/chat")
	customerSends(second, "Can I change my address?")
	accepts(t, ana, "Visitor 2", "Can I change my address?")

	sam := newBrowser(t)
	open(sam, srv.URL+"/")
	signIn(sam, "sam@example.com", agentPassword)
	click(sam, "link", "Supervise")
	click(sam, "tab", "Reports")
	waitAttr(sam, byRole("tab", "Reports"), "aria-selected", "true")
	figures := byRole("table", "Figures")
	chat := byRole("row", "").withText("Chat").in(figures)
	// Conversations, offered, accepted, transferred, abandoned … CSAT.
	waitTextIn(sam, chat, "Chat 2 2 2 0 0 ")
	waitTextIn(sam, chat, "5.0 of 5 (1)")
	labels, err := chromedp.Run(sam, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.chart svg[role=img]')].map(s => s.getAttribute('aria-label'))`))
	require.NoError(t, err)
	require.Len(t, labels, 2)
	require.Contains(t, labels[0], "2 conversations in all")
	require.Contains(t, labels[1], "The slowest hour was")
	screenshot(t, sam, "reports")
	// The page never scrolls sideways: a wide table scrolls in its box.
	wide, err := chromedp.Run(sam, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	require.NoError(t, err)
	require.False(t, wide, "the Reports tab is wider than the window")

	choose(sam, byLabel("Group by"), "Agent")
	clickOn(sam, byRole("button", "Show"))
	waitTextIn(sam, byRole("row", "").withText("Ana Agent").in(figures), "Ana Agent 2 2 2 0 0 ")

	// The CSV the link downloads, fetched with the supervisor's sign-in.
	body, err := chromedp.Run(sam, chromedp.Evaluate[string](
		`fetch([...document.querySelectorAll('a')].find(a => a.textContent === 'Download CSV').href).then(r => r.text())`,
		chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3, "a header and one row per conversation")
	require.Equal(t, "conversation", rows[0][0])
	require.Equal(t, "Visitor 1", rows[1][1])
	require.Equal(t, "Ana Agent", rows[1][6])
}
