package e2e

import (
	"context"
	"fmt"
	"testing"
)

// halfScreens are the window sizes an agent works in beside another
// application: half of a 1920-pixel screen, and a small laptop's window.
var halfScreens = []struct{ w, h int64 }{{960, 800}, {800, 600}}

// The workspace fits half a screen: at each size the conversation, its app
// tabs, the knowledge search, the dashboard and a case form show nothing cut
// off, out of its card or on top of another control, with the session panel
// expanded or collapsed.
func TestWorkspaceFitsHalfAScreen(t *testing.T) {
	srv := startServer(t, withDemo())
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)
	agent := newBrowser(t)
	open(agent, srv.URL+"/")
	signIn(agent, agentEmail, agentPassword)
	customer := newBrowser(t)
	open(customer, srv.URL+"/chat")
	customerSends(customer, firstMessage)
	accepts(t, agent, "Visitor 1", firstMessage)
	agentSends(agent, "Sorry about that, let me check.")
	clickOn(agent, byRole("tab", "Knowledge search").in(appTabs))
	fillIn(agent, searchBox, "refund")
	pressEnter(agent)
	waitVisible(agent, byCSS("mark").withText("efund"))

	for _, s := range halfScreens {
		size := fmt.Sprintf("%dx%d", s.w, s.h)
		setViewport(agent, s.w, s.h)
		clickOn(agent, byRole("tab", "Active conversation").in(appTabs))
		waitAttr(agent, byRole("tab", "Active conversation").in(appTabs), "aria-selected", "true")
		waitFits(agent)
		screenshot(t, agent, "workspace-"+size)
		clickOn(agent, byRole("tab", "Knowledge search").in(appTabs))
		waitVisible(agent, byCSS("mark").withText("efund"))
		waitFits(agent)

		clickOn(agent, home)
		waitVisible(agent, byRole("row", "").withText("Visitor 1").in(byRole("region", "My work items")))
		waitFits(agent)
		screenshot(t, agent, "workspace-home-"+size)
		clickOn(agent, byRole("button", "New case"))
		waitVisible(agent, caseTitle)
		waitFits(agent)
		clickOn(agent, byRole("button", "Close session New case"))
		clickOn(agent, byRole("button", "Close").in(byRole("dialog", "Close this session?")))
		waitGone(agent, byRole("tab", "New case"))

		// Each click waits for the panel's new width, so that the next click
		// aims where its target is.
		click(agent, "button", "Collapse session panel")
		waitVisible(agent, byRole("button", "Expand session panel"))
		clickOn(agent, byRole("tab", "Visitor 1").in(sessionsNav))
		waitAttr(agent, byRole("tab", "Visitor 1").in(sessionsNav), "aria-selected", "true")
		waitFits(agent)
		screenshot(t, agent, "workspace-collapsed-"+size)
		click(agent, "button", "Expand session panel")
		waitVisible(agent, byRole("button", "Collapse session panel"))
	}
}

// waitFits waits until nothing on the page is cut off, out of its box or on
// top of another control (dom.js, fits), and fails with what is if it stays so.
func waitFits(ctx context.Context) {
	from(ctx).t.Helper()
	waitJS(ctx, "the page to fit its window", "fits")
}
