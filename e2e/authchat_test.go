package e2e

import (
	"context"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// signToken asks the binary for a token signed with the chat workstream's
// secret, as a host site would make one [M2].
func (s *server) signToken(t *testing.T, sub, name, email string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, "token", "-data", s.Dir, "--sub", sub, "--name", name, "--email", email)
	cmd.Dir = repoRoot
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	return strings.TrimSpace(string(out))
}

// A customer signed in on the host site chats under their own name; a bad
// link is refused, never treated as anonymous [M2, S3].
func TestAuthenticatedChat(t *testing.T) {
	srv := startServer(t, withDemo())
	agent := signedInAgent(t, srv, agentEmail, agentName, 100)
	customer := newBrowser(t)
	token := srv.signToken(t, "shop-customer-42", "Kenny Smith", "kenny.smith@contoso.example")
	open(customer, srv.URL+"/chat?token="+url.QueryEscape(token))
	waitTextIn(customer, byCSS(".chat-state"), "Signed in as Kenny Smith")
	customerSends(customer, "Where is my parcel?")
	accepts(t, agent, "Kenny Smith", "Where is my parcel?")
	waitExactText(agent, byCSS(".session-icon").in(byRole("tab", "Kenny Smith").in(sessionsNav)), "Ke")

	stranger := newBrowser(t)
	open(stranger, srv.URL+"/chat?token="+url.QueryEscape(token[:len(token)-4]+"AAAA"))
	waitText(stranger, "alert", "", "This chat link is not valid or has expired.")
	disabled, err := chromedp.Run(stranger, chromedp.Evaluate[bool](`document.querySelector('textarea[aria-label="Type your message"]').disabled`))
	require.NoError(t, err)
	require.True(t, disabled, "nobody may chat with a refused link")
}
