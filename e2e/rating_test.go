package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// After End the customer is asked how it went, rates 4 stars with a
// comment, and the agent sees it on the conversation and in Closed work
// items; a second rating is refused [X2].
func TestSatisfactionSurvey(t *testing.T) {
	srv := startServer(t)
	ana := signedInAgent(t, srv, "ana@example.com", "Ana Agent", 100)
	customer := newBrowser(t)
	setPhoneViewport(customer)
	open(customer, srv.URL+"/chat")
	customerSends(customer, "My parcel is late.")
	accepts(t, ana, "Visitor 1", "My parcel is late.")

	survey := byRole("region", "How did we do?")
	require.False(t, isVisible(customer, survey), "no survey while the chat goes on")
	ends(ana)
	waitVisible(customer, survey)
	clickOn(customer, byRole("button", "Send rating").in(survey))
	waitText(customer, "alert", "", "Choose from 1 to 5 stars.")
	clickOn(customer, byRole("button", "4 stars").in(survey))
	waitAttr(customer, byRole("button", "4 stars"), "aria-pressed", "true")
	waitAttr(customer, byRole("button", "5 stars"), "aria-pressed", "false")
	fillIn(customer, byLabel("Add a comment (optional)").in(survey), "Quick and kind.")
	screenshot(t, customer, "rating-phone")
	clickOn(customer, byRole("button", "Send rating").in(survey))
	waitTextIn(customer, survey, "Thank you! You rated this chat 4 of 5.")

	// Ana sees it at once, and in Closed work items once she closes it.
	rating := byCSS(".rating-given")
	waitTextIn(ana, rating.in(commPanel), "Customer rating: ★ 4 of 5")
	waitAttr(ana, rating.in(commPanel), "title", "Quick and kind.")
	waitTextIn(ana, byRole("region", "Conversation summary"), "4 of 5 — Quick and kind.")
	screenshot(t, ana, "rating-agent")
	closeSession(ana, "Visitor 1", "will close")
	waitTextIn(ana, rating.in(byRole("row", "").withText("Visitor 1").in(closedWork)), "4 of 5")

	// The chat's own token cannot rate it again, not even to change it.
	token, err := chromedp.Run(customer, chromedp.Evaluate[string](`localStorage.getItem("switchboard.chat.token")`))
	require.NoError(t, err)
	token = strings.Trim(token, `"`)
	require.NotEmpty(t, token)
	req, err := http.NewRequest("POST", srv.URL+"/api/chat/rating", strings.NewReader(`{"stars":1}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusConflict, res.StatusCode)
	waitTextIn(ana, rating.in(byRole("row", "").withText("Visitor 1").in(closedWork)), "4 of 5")
	screenshot(t, ana, "rating-closed-work")
}
