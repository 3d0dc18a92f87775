package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// payload is markup that runs script if a page ever parses it as HTML; its
// first word says which field it was typed into, so a search finds it.
func payload(field string) string {
	return field + ` <img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`
}

// cspProbe records every Content-Security-Policy violation of the page,
// from before the page's own scripts run.
const cspProbe = `window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`

func addCSPProbe(ctx context.Context) {
	b := from(ctx)
	b.t.Helper()
	params := page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, params); err != nil {
		b.t.Fatalf("browser %d: add the CSP probe: %v", b.n, err)
	}
}

// requireNothingRan checks that no payload became markup or ran, and that
// the page broke no rule of its Content-Security-Policy.
func requireNothingRan(t *testing.T, who string, ctx context.Context) {
	t.Helper()
	type verdict struct {
		XSS        any      `json:"xss"`
		Injected   int      `json:"injected"`
		Violations []string `json:"violations"`
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[verdict](`({
		xss: window.__xss === undefined ? null : window.__xss,
		injected: document.querySelectorAll('img[src="x"], script:not([src])').length,
		violations: window.__csp,
	})`))
	require.NoError(t, err)
	require.Nil(t, v.XSS, "a payload ran in the %s's page", who)
	require.Zero(t, v.Injected, "a payload became markup in the %s's page", who)
	require.Empty(t, v.Violations, "Content-Security-Policy violations in the %s's page", who)
}

// adminAPI signs an administrator in over HTTP, as the admin page does.
type adminAPI struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newAdminAPI(t *testing.T, srv *server, email, password string) *adminAPI {
	jar, _ := cookiejar.New(nil)
	a := &adminAPI{t: t, base: srv.URL, c: &http.Client{Jar: jar}}
	a.send("POST", "/api/signin", map[string]string{"email": email, "password": password}, nil)
	return a
}

func (a *adminAPI) send(method, path string, in, out any) {
	a.t.Helper()
	b, err := json.Marshal(in)
	require.NoError(a.t, err)
	req, err := http.NewRequest(method, a.base+path, bytes.NewReader(b))
	require.NoError(a.t, err)
	req.Header.Set("Content-Type", "application/json")
	res, err := a.c.Do(req)
	require.NoError(a.t, err)
	defer res.Body.Close()
	require.Less(a.t, res.StatusCode, 300, "%s %s answered %s", method, path, res.Status)
	if out != nil {
		require.NoError(a.t, json.NewDecoder(res.Body).Decode(out))
	}
}

// Script and markup typed into every field a person fills, by customers,
// agents and administrators, show as text in both pages and never run
// [security].
func TestXSSPayloadsStayText(t *testing.T) {
	srv := startServer(t)
	srv.addAgent(t, "admin@example.com", "Ada Admin", "admin", agentPassword)
	admin := newAdminAPI(t, srv, "admin@example.com", agentPassword)

	// The administrator asks the pre-chat questions and writes a quick
	// reply and an article, all with markup.
	var streams []map[string]any
	admin.send("GET", "/api/admin/workstreams", nil, &streams)
	require.NotEmpty(t, streams)
	chat := streams[0]
	chat["preChat"] = true
	delete(chat, "hasSecret")
	admin.send("PUT", "/api/admin/workstreams/"+jsonNumber(chat["id"]), chat, nil)
	admin.send("POST", "/api/admin/quick-replies", map[string]string{"title": payload("Greeting"), "body": payload("Reply")}, nil)
	admin.send("POST", "/api/admin/articles", map[string]string{
		"title": payload("Article"), "summary": payload("Summary"), "body": payload("Body"),
	}, nil)
	admin.send("POST", "/api/contacts", map[string]string{"name": payload("Zed")}, nil)

	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword, "--capacity", "100")
	agent := newBrowser(t)
	addCSPProbe(agent)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)
	waitVisible(agent, byRole("button", "Presence: Available"))

	// The customer answers the pre-chat questions and asks, with markup.
	customer := newBrowser(t)
	addCSPProbe(customer)
	open(customer, srv.URL+"/chat")
	fill(customer, "Your name", payload("Name"))
	fill(customer, "Your email", payload("Email"))
	customerSends(customer, payload("Question"))
	accepts(t, agent, "Visitor 1", payload("Question"))

	// The agent sees the answers as text.
	for _, f := range []string{"Name", "Email"} {
		waitTextIn(agent, activeConversation, payload(f))
	}

	// Messages both ways.
	customerSends(customer, payload("Customer"))
	waitMessage(agent, agentTranscript, payload("Customer"))
	agentSends(agent, payload("Agent"))
	waitMessage(customer, transcript, payload("Agent"))

	// The quick reply, listed by its title and sent with its body.
	fillIn(agent, composerBox, "/q")
	waitVisible(agent, byRole("option", "").withText(payload("Greeting")))
	pressEnter(agent)
	waitValue(agent, composerBox, payload("Reply"))
	pressEnter(agent)
	waitMessage(customer, transcript, payload("Reply"))

	// The contact, linked: its name becomes the session's title.
	fillIn(agent, byLabel("Search contacts").in(customerSection), "Zed")
	pressEnter(agent)
	clickOn(agent, byRole("button", "Link "+payload("Zed")))
	waitAttr(agent, byRole("tab", payload("Zed")).in(sessionsNav), "aria-selected", "true")
	waitTextIn(agent, commPanel, payload("Zed"))
	waitVisible(agent, byRole("button", "Open contact "+payload("Zed")).in(customerSection))

	// A case from the conversation.
	clickOn(agent, byRole("button", "Create a case").in(activeConversation))
	fillIn(agent, caseTitle, payload("Case"))
	click(agent, "button", "Save")
	waitAttr(agent, byRole("tab", "Case: "+payload("Case")).in(appTabs), "aria-selected", "true")

	// The article, found and opened.
	clickOn(agent, byRole("tab", "Knowledge search").in(appTabs))
	fillIn(agent, searchBox, "Article")
	pressEnter(agent)
	waitTextIn(agent, byRole("tabpanel", "Knowledge search"), payload("Article"))
	waitTextIn(agent, byRole("tabpanel", "Knowledge search"), payload("Summary"))
	clickOn(agent, byRole("button", "Open").in(byRole("tabpanel", "Knowledge search")))
	waitTextIn(agent, byCSS(".kb-article"), payload("Body"))

	// Home lists the case and the conversation under the contact's name.
	clickOn(agent, home)
	waitVisible(agent, byRole("row", "").withText(payload("Case")).in(myCases))
	waitVisible(agent, byRole("row", "").withText(payload("Zed")))

	// The conversation, with its transcript, for the picture.
	clickOn(agent, byRole("tab", payload("Zed")).in(sessionsNav))
	waitMessage(agent, agentTranscript, payload("Reply"))
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "xss-payloads-as-text")
	requireNothingRan(t, "agent", agent)
	requireNothingRan(t, "customer", customer)
}

// jsonNumber writes a decoded JSON id back as digits.
func jsonNumber(v any) string {
	b, _ := json.Marshal(v)
	return strings.TrimSpace(string(b))
}
