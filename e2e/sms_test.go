package e2e

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

const smsSecret = "sms-webhook-secret-of-32-characters!"

// An SMS reaches an agent like a chat, and the agent's reply is POSTed to
// the workstream's outbound URL [M4].
func TestSMSConversation(t *testing.T) {
	srv := startServer(t)
	// The provider's send API: it accepts and records every reply.
	type sent struct {
		path, secret string
		form         url.Values
	}
	replies := make(chan sent, 4)
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		replies <- sent{r.URL.Path, r.Header.Get("X-Switchboard-Secret"), r.PostForm}
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(provider.Close)

	// An administrator adds the SMS workstream on /admin, with its secret
	// and outbound URL. Dana takes no conversations herself, so Alex is
	// offered the SMS.
	srv.addAgent(t, "dana@example.com", "Dana Admin", "admin", agentPassword, "--capacity", "0")
	admin := newBrowser(t)
	open(admin, srv.URL+"/")
	signIn(admin, "dana@example.com", agentPassword)
	click(admin, "link", "Admin")
	add := byRole("form", "New workstream")
	fillIn(admin, byLabel("Name").in(add), "Texts")
	choose(admin, byLabel("Channel").in(add), "SMS")
	clickOn(admin, byRole("button", "Add").in(add))
	texts := byRole("form", "Texts")
	waitVisible(admin, texts)
	waitValue(admin, byLabel("Channel").in(texts), "sms")
	fillIn(admin, byLabel("Secret: signs chat links, or the SMS provider's password (32+ characters; blank keeps it)").in(texts), smsSecret)
	fillIn(admin, byLabel("Outbound URL (SMS replies are POSTed here)").in(texts), provider.URL+"/send")
	clickOn(admin, byRole("button", "Save").in(texts))
	waitText(admin, "status", "", "Saved.")
	setViewport(admin, 1280, 800)
	_, err := chromedp.Run(admin, chromedp.Evaluate[bool](`document.querySelector('form[aria-label="Texts"]').scrollIntoView(), true`))
	require.NoError(t, err)
	screenshot(t, admin, "admin-sms-workstream")

	// The SMS waits in the queue until Alex signs in: offered then, it is in
	// the offers the workspace loads as it connects, whichever comes first.
	form := url.Values{"From": {"+37120000000"}, "To": {"+15550001111"}, "Body": {"Hi, my parcel has not arrived"}, "MessageSid": {"SM1"}}
	req, err := http.NewRequest("POST", srv.URL+"/webhooks/sms", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("provider", smsSecret)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusNoContent, res.StatusCode)

	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	accepts(t, agent, "+37120000000", "Hi, my parcel has not arrived")
	agentSends(agent, "Sorry to hear that! Let me check your parcel.")

	select {
	case r := <-replies:
		require.Equal(t, "/send", r.path)
		require.Equal(t, smsSecret, r.secret)
		require.Equal(t, url.Values{"To": {"+37120000000"}, "From": {"+15550001111"},
			"Body": {"Sorry to hear that! Let me check your parcel."}}, r.form)
	case <-time.After(stepTimeout):
		t.Fatal("the reply never reached the provider")
	}
	setViewport(agent, 1280, 800)
	screenshot(t, agent, "sms-conversation")
}
