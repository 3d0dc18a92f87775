package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

const smsSecret = "sms-webhook-secret-of-32-characters!"

// receiver is a provider's outbound API: it records what it is sent and
// answers with the status it is told.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	got    []received
}

type received struct {
	form   url.Values
	secret string
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{status: http.StatusOK}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.got = append(rc.got, received{form: r.PostForm, secret: r.Header.Get("X-Switchboard-Secret")})
		w.WriteHeader(rc.status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) answer(status int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.status = status
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// smsWorkstream creates an SMS workstream through the admin API.
func (e *env) smsWorkstream(t *testing.T, outbound string) wire.Workstream {
	t.Helper()
	ada, _ := e.admin()
	in := wire.Workstream{Name: "Texts", Channel: "sms", Mode: "live", CapacityUnits: 20, OfferTimeout: 120, WaitingDays: 28,
		Secret: smsSecret, OutboundURL: outbound}
	ws := answer[wire.Workstream](t, e.post(ada, "/api/admin/workstreams", jsonBody(t, in)), http.StatusCreated)
	require.Equal(t, outbound, ws.OutboundURL)
	require.True(t, ws.HasSecret)
	return ws
}

// webhook posts a form to /webhooks/sms as a provider does; secret goes in
// Basic auth, unless it is "" (none) or headers set it otherwise.
func (e *env) webhook(t *testing.T, secret, contentType, body string, headers ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+"/webhooks/sms", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", contentType)
	if secret != "" {
		req.SetBasicAuth("provider", secret)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { res.Body.Close() })
	return res
}

const formType = "application/x-www-form-urlencoded"

func smsForm(from, to, body, sid string) string {
	v := url.Values{"From": {from}, "To": {to}, "Body": {body}}
	if sid != "" {
		v.Set("MessageSid", sid)
	}
	return v.Encode()
}

func (e *env) smsConversations(t *testing.T) []store.Conversation {
	t.Helper()
	all, err := e.store.Conversations(context.Background())
	require.NoError(t, err)
	var out []store.Conversation
	for _, c := range all {
		if c.Channel == "sms" {
			out = append(out, c)
		}
	}
	return out
}

func (e *env) bodies(t *testing.T, id int64) []string {
	t.Helper()
	msgs, err := e.store.Messages(context.Background(), id, 0, 0)
	require.NoError(t, err)
	var out []string
	for _, m := range msgs {
		out = append(out, kit.NoteText(relay.WireMessage(m)))
	}
	return out
}

// lastOf is the last of list, "" when empty.
func lastOf(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[len(list)-1]
}

func TestSMSRoundTrip(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	e.smsWorkstream(t, rc.URL)
	alexHTTP := e.agentClient("alex@example.com")
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})

	var id int64
	t.Run("an SMS starts a conversation that is offered like a chat", func(t *testing.T) {
		res := e.webhook(t, smsSecret, formType, smsForm("+37120000000", "+15550001111", "My parcel is lost", "SM1"))
		require.Equal(t, http.StatusNoContent, res.StatusCode)
		o := decode[wire.Offer](t, alex.nextOf(wire.TypeOfferCreated))
		require.Equal(t, "+37120000000", o.Conversation.Title)
		require.Equal(t, "sms", o.Conversation.Channel)
		require.Equal(t, "Texts", o.Workstream)
		require.Equal(t, "My parcel is lost", o.Message)
		id = o.Conversation.ID
		answer[wire.Conversation](t, e.post(alexHTTP, offerPath(id, "accept"), ""), http.StatusOK)
		alex.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{Since: 0}))
	})

	t.Run("the next SMS from that number continues it, a provider's resend is stored once", func(t *testing.T) {
		body := smsForm("+37120000000", "+15550001111", "It was due on Monday", "SM2")
		// The secret may come in a header instead of Basic auth.
		require.Equal(t, http.StatusNoContent, e.webhook(t, "", formType, body, "X-Switchboard-Secret", smsSecret).StatusCode)
		require.Equal(t, http.StatusNoContent, e.webhook(t, smsSecret, formType, body).StatusCode)
		require.Len(t, e.smsConversations(t), 1)
		require.Equal(t, []string{"My parcel is lost", "Alex Agent joined the chat.", "It was due on Monday"}, e.bodies(t, id))
	})

	t.Run("an agent's reply is POSTed to the outbound URL", func(t *testing.T) {
		alex.send(sendFrame(id, "a1", "Let me check that for you."))
		alex.nextOf(wire.TypeAck)
		require.Eventually(t, func() bool { return len(rc.requests()) == 1 }, time.Minute, 5*time.Millisecond)
		got := rc.requests()[0]
		require.Equal(t, smsSecret, got.secret)
		require.Equal(t, url.Values{"To": {"+37120000000"}, "From": {"+15550001111"}, "Body": {"Let me check that for you."}}, got.form)
	})

	t.Run("a reply the receiver keeps refusing is retried, then the transcript says so", func(t *testing.T) {
		rc.answer(http.StatusInternalServerError)
		alex.send(sendFrame(id, "a2", "Are you still there?"))
		alex.nextOf(wire.TypeAck)
		note := "SMS to +37120000000 not delivered after 3 attempts: the receiver answered 500 Internal Server Error."
		for {
			m := decode[wire.Message](t, alex.nextOf(wire.TypeMessageCreated))
			if m.Sender == wire.SenderSystem {
				require.Equal(t, note, kit.NoteText(m))
				break
			}
		}
		require.Len(t, rc.requests(), 1+3)
		require.Equal(t, note, e.bodies(t, id)[5])
	})
}

func TestSMSWebhookRefusals(t *testing.T) {
	e := newEnv(t)
	e.smsWorkstream(t, "")
	// A chat workstream's secret signs chat links; it opens no SMS webhook.
	e.withChatSecret(strings.Repeat("c", 32))
	good := smsForm("+37120000000", "+15550001111", "Hello", "")

	cases := []struct {
		name, secret, contentType, body string
		status                          int
		problem                         string
	}{
		{"no secret", "", formType, good, http.StatusUnauthorized, "Missing secret"},
		{"a wrong secret", smsSecret + "x", formType, good, http.StatusUnauthorized, "Wrong secret: it matches no SMS workstream."},
		{"a chat workstream's secret", strings.Repeat("c", 32), formType, good, http.StatusUnauthorized, "Wrong secret"},
		{"JSON", smsSecret, "application/json", `{"From":"+1"}`, http.StatusBadRequest, "The body must be a form"},
		{"a broken escape", smsSecret, formType, "From=%zz&Body=hi", http.StatusBadRequest, "The form is malformed"},
		{"no From", smsSecret, formType, "Body=hi", http.StatusBadRequest, "The form has no From, or it is empty."},
		{"a blank Body", smsSecret, formType, "From=%2B1555&Body=+++", http.StatusBadRequest, "The form has no Body, or it is empty."},
		{"a huge body", smsSecret, formType, good + "&Pad=" + strings.Repeat("x", 70<<10), http.StatusRequestEntityTooLarge, "too large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := e.webhook(t, c.secret, c.contentType, c.body)
			require.Equal(t, c.status, res.StatusCode)
			p := answer[wire.Problem](t, res, c.status)
			require.Contains(t, p.Error, c.problem)
			if c.status == http.StatusUnauthorized {
				require.Equal(t, `Basic realm="Switchboard SMS"`, res.Header.Get("WWW-Authenticate"))
			}
		})
	}
	require.Empty(t, e.smsConversations(t), "nothing refused is stored")

	t.Run("a browser's cross-site post is still refused", func(t *testing.T) {
		res := e.webhook(t, smsSecret, formType, good, "Origin", "https://evil.example")
		require.Equal(t, http.StatusForbidden, res.StatusCode)
	})
}

func TestSMSFromAContactWithoutOutboundURL(t *testing.T) {
	e := newEnv(t)
	e.smsWorkstream(t, "")
	alexHTTP := e.agentClient("alex@example.com")
	kenny := e.createContact(t, alexHTTP, wire.ContactInput{Name: "Kenny Smith", Phone: "+1 (425) 555-0101"})

	require.Equal(t, http.StatusNoContent, e.webhook(t, smsSecret, formType, smsForm("+14255550101", "+15550001111", "Hi", "")).StatusCode)
	list := e.smsConversations(t)
	require.Len(t, list, 1)
	c := list[0]
	require.Equal(t, "Kenny Smith", c.Title)
	require.Equal(t, kenny.ID, c.ContactID)

	answer[wire.Conversation](t, e.post(alexHTTP, conversationPath(c.ID, "pick"), ""), http.StatusOK)
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	alex.send(sendFrame(c.ID, "a1", "Hello Kenny"))
	require.Eventually(t, func() bool {
		b := e.bodies(t, c.ID)
		return b[len(b)-1] == "SMS to +14255550101 not delivered: the workstream has no outbound URL."
	}, time.Minute, 5*time.Millisecond)
}

// TestWebhookSecretGuessesAreLimited: after ten wrong secrets an address
// is refused for a while, even with the right one, so a secret cannot be
// guessed at the speed of the network.
func TestWebhookSecretGuessesAreLimited(t *testing.T) {
	e := newEnv(t)
	e.smsWorkstream(t, newReceiver(t).URL)
	form := smsForm("+37120000000", "+37100000000", "hi", "")
	for i := range 10 {
		require.Equal(t, http.StatusUnauthorized, e.webhook(t, smsSecret[:len(smsSecret)-1]+string(rune('a'+i)), formType, form).StatusCode)
	}
	res := e.webhook(t, smsSecret, formType, form)
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.NotEmpty(t, res.Header.Get("Retry-After"))
	require.Empty(t, e.smsConversations(t), "nothing was stored while locked out")
}
