package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/token"
)

const (
	chatSecret   = "host-site-secret-host-site-secret-0123456789"
	refusedToken = "This chat link is not valid or has expired. Please sign in again on our website."
)

// withChatSecret gives the default chat workstream a secret, as an
// administrator would.
func (e *env) withChatSecret(secret string) {
	e.t.Helper()
	ctx := context.Background()
	ws, err := e.store.EnsureDefaultWorkstream(ctx)
	require.NoError(e.t, err)
	ws.Secret = secret
	_, err = e.store.UpdateWorkstream(ctx, ws)
	require.NoError(e.t, err)
}

func signed(t *testing.T, secret, sub, name, email string, ttl time.Duration) string {
	t.Helper()
	s, err := token.Sign(secret, token.Customer{Subject: sub, Name: name, Email: email, Expires: time.Now().Add(ttl)})
	require.NoError(t, err)
	return s
}

func chatWithToken(t *testing.T, tok, question string) string {
	return jsonBody(t, wire.ChatStart{Token: tok, Question: question})
}

// badTokens are the host-site tokens every chat route refuses.
func badTokens(t *testing.T) map[string]string {
	claims := func(drop string) jwt.MapClaims {
		c := jwt.MapClaims{"sub": "shop-42", "name": "Kenny Smith", "exp": time.Now().Add(time.Hour).Unix()}
		delete(c, drop)
		return c
	}
	sign := func(m jwt.SigningMethod, key any, c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(m, c).SignedString(key)
		require.NoError(t, err)
		return s
	}
	good := signed(t, chatSecret, "shop-42", "Kenny Smith", "", time.Hour)
	return map[string]string{
		"expired":          sign(jwt.SigningMethodHS256, []byte(chatSecret), jwt.MapClaims{"sub": "shop-42", "name": "Kenny Smith", "exp": time.Now().Add(-time.Minute).Unix()}),
		"wrong secret":     signed(t, "some-other-secret-some-other-secret-0123", "shop-42", "Kenny Smith", "", time.Hour),
		"alg none":         sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims("")),
		"alg HS512":        sign(jwt.SigningMethodHS512, []byte(chatSecret), claims("")),
		"missing name":     sign(jwt.SigningMethodHS256, []byte(chatSecret), claims("name")),
		"missing sub":      sign(jwt.SigningMethodHS256, []byte(chatSecret), claims("sub")),
		"missing exp":      sign(jwt.SigningMethodHS256, []byte(chatSecret), claims("exp")),
		"tampered":         good[:len(good)-4] + "AAAA",
		"garbage":          "not-a-token",
		"blank (GET only)": "",
	}
}

func TestAuthenticatedChat(t *testing.T) {
	e := newEnv(t)
	e.withChatSecret(chatSecret)
	alex := e.agentClient("alex@example.com")
	kenny := signed(t, chatSecret, "shop-42", "Kenny Smith", "Kenny.Smith@contoso.example", time.Hour)

	t.Run("the chat page learns whom a valid token signs in", func(t *testing.T) {
		cfg := answer[wire.ChatConfig](t, e.do(http.DefaultClient, "GET", "/api/chat?token="+url.QueryEscape(kenny), ""), http.StatusOK)
		require.Equal(t, wire.ChatConfig{Name: "Kenny Smith", MaxFileMB: wire.DefaultMaxFileMB}, cfg)
	})

	var first wire.ChatStarted
	t.Run("a chat with a valid token is titled with the name and linked to a new contact", func(t *testing.T) {
		first = answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", chatWithToken(t, kenny, "Where is my parcel?")), http.StatusCreated)
		require.NotEmpty(t, first.Token)
		require.Equal(t, "Kenny Smith", first.Conversation.Title)
		c, err := e.store.Conversation(t.Context(), first.Conversation.ID)
		require.NoError(t, err)
		require.NotZero(t, c.ContactID)
		k, err := e.store.Contact(t.Context(), c.ContactID)
		require.NoError(t, err)
		require.Equal(t, "Kenny Smith", k.Name)
		require.Equal(t, "kenny.smith@contoso.example", k.Email)
		require.Equal(t, "shop-42", k.ExternalID)
	})
	t.Run("the agent sees the contact in the details", func(t *testing.T) {
		answer[wire.Conversation](t, e.post(alex, conversationPath(first.Conversation.ID, "pick"), ""), http.StatusOK)
		d := answer[wire.Details](t, e.do(alex, "GET", conversationPath(first.Conversation.ID, "details"), ""), http.StatusOK)
		require.NotNil(t, d.Contact)
		require.Equal(t, "Kenny Smith", d.Contact.Name)
		require.Equal(t, "Where is my parcel?", d.PreChat.Question)
	})
	t.Run("the same customer again is the same contact", func(t *testing.T) {
		again := signed(t, chatSecret, "shop-42", "Kenny Smith", "", time.Hour)
		second := answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", chatWithToken(t, again, "")), http.StatusCreated)
		c1, err := e.store.Conversation(t.Context(), first.Conversation.ID)
		require.NoError(t, err)
		c2, err := e.store.Conversation(t.Context(), second.Conversation.ID)
		require.NoError(t, err)
		require.Equal(t, c1.ContactID, c2.ContactID)
		list, err := e.store.Contacts(t.Context())
		require.NoError(t, err)
		require.Len(t, list, 1)
	})
	t.Run("another customer is another contact", func(t *testing.T) {
		maria := signed(t, chatSecret, "shop-7", "Maria Garcia", "", time.Hour)
		started := answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", chatWithToken(t, maria, "")), http.StatusCreated)
		require.Equal(t, "Maria Garcia", started.Conversation.Title)
		list, err := e.store.Contacts(t.Context())
		require.NoError(t, err)
		require.Len(t, list, 2)
	})
	t.Run("authenticated chats take no visitor number", func(t *testing.T) {
		require.Equal(t, "Visitor 1", e.startChat().Conversation.Title)
	})

	before, err := e.store.Conversations(t.Context())
	require.NoError(t, err)
	for name, tok := range badTokens(t) {
		t.Run("the chat page refuses a token "+name, func(t *testing.T) {
			p := answer[wire.Problem](t, e.do(http.DefaultClient, "GET", "/api/chat?token="+url.QueryEscape(tok), ""), http.StatusUnauthorized)
			require.Equal(t, refusedToken, p.Error)
		})
		if tok == "" {
			continue // an empty token in the body is no token: an anonymous chat
		}
		t.Run("starting a chat refuses a token "+name, func(t *testing.T) {
			p := answer[wire.Problem](t, e.post(http.DefaultClient, "/api/chat", chatWithToken(t, tok, "hello")), http.StatusUnauthorized)
			require.Equal(t, refusedToken, p.Error)
		})
	}
	t.Run("and no refused token started a conversation or made a contact", func(t *testing.T) {
		after, err := e.store.Conversations(t.Context())
		require.NoError(t, err)
		require.Equal(t, len(before), len(after))
		list, err := e.store.Contacts(t.Context())
		require.NoError(t, err)
		require.Len(t, list, 2)
	})
}

func TestAuthenticatedChatWithoutSecret(t *testing.T) {
	e := newEnv(t)
	tok := signed(t, chatSecret, "shop-42", "Kenny Smith", "", time.Hour)
	refuses := func(t *testing.T) {
		p := answer[wire.Problem](t, e.do(http.DefaultClient, "GET", "/api/chat?token="+url.QueryEscape(tok), ""), http.StatusUnauthorized)
		require.Equal(t, refusedToken, p.Error)
		p = answer[wire.Problem](t, e.post(http.DefaultClient, "/api/chat", chatWithToken(t, tok, "")), http.StatusUnauthorized)
		require.Equal(t, refusedToken, p.Error)
	}
	t.Run("with no workstream at all every token is refused", refuses)
	t.Run("with a workstream without a secret every token is refused", func(t *testing.T) {
		_, err := e.store.EnsureDefaultWorkstream(t.Context())
		require.NoError(t, err)
		refuses(t)
	})
	t.Run("an anonymous chat still starts", func(t *testing.T) {
		require.Equal(t, "Visitor 1", e.startChat().Conversation.Title)
	})
}

func TestAdminWorkstreamSecret(t *testing.T) {
	e := newEnv(t)
	ada, _ := e.admin()
	in := wire.Workstream{Name: "Shop chat", Channel: "chat", Mode: "live", CapacityUnits: 20, OfferTimeout: 60, WaitingDays: 1, Secret: chatSecret}
	stored := func(t *testing.T, id int64) string {
		ws, err := e.store.Workstream(context.Background(), id)
		require.NoError(t, err)
		return ws.Secret
	}

	created := answer[wire.Workstream](t, e.post(ada, "/api/admin/workstreams", jsonBody(t, in)), http.StatusCreated)
	t.Run("a secret is written but never answered", func(t *testing.T) {
		require.Empty(t, created.Secret)
		require.True(t, created.HasSecret)
		require.Equal(t, chatSecret, stored(t, created.ID))
		list := answer[[]wire.Workstream](t, e.do(ada, "GET", "/api/admin/workstreams", ""), http.StatusOK)
		require.Len(t, list, 1)
		require.Empty(t, list[0].Secret)
		require.True(t, list[0].HasSecret)
	})
	t.Run("tokens signed with it start chats", func(t *testing.T) {
		tok := signed(t, chatSecret, "shop-1", "Wei Chen", "", time.Hour)
		started := answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", chatWithToken(t, tok, "")), http.StatusCreated)
		require.Equal(t, "Wei Chen", started.Conversation.Title)
	})
	path := "/api/admin/workstreams/" + itoa(created.ID)
	t.Run("a save without a secret keeps the stored one", func(t *testing.T) {
		edit := created
		edit.Name = "Shop"
		saved := answer[wire.Workstream](t, e.do(ada, "PUT", path, jsonBody(t, edit)), http.StatusOK)
		require.Equal(t, "Shop", saved.Name)
		require.True(t, saved.HasSecret)
		require.Empty(t, saved.Secret)
		require.Equal(t, chatSecret, stored(t, created.ID))
	})
	t.Run("a new secret replaces it, and old tokens are refused", func(t *testing.T) {
		edit := created
		edit.Secret = strings.Repeat("n", token.MinSecretLen)
		saved := answer[wire.Workstream](t, e.do(ada, "PUT", path, jsonBody(t, edit)), http.StatusOK)
		require.True(t, saved.HasSecret)
		require.Empty(t, saved.Secret)
		require.Equal(t, edit.Secret, stored(t, created.ID))
		old := signed(t, chatSecret, "shop-1", "Wei Chen", "", time.Hour)
		answer[wire.Problem](t, e.post(http.DefaultClient, "/api/chat", chatWithToken(t, old, "")), http.StatusUnauthorized)
	})
	t.Run("a short secret is refused and the stored one stays", func(t *testing.T) {
		edit := created
		edit.Secret = strings.Repeat("s", token.MinSecretLen-1)
		p := answer[wire.Problem](t, e.do(ada, "PUT", path, jsonBody(t, edit)), http.StatusBadRequest)
		require.Equal(t, []string{"secret"}, keys(p.Fields))
		require.Equal(t, strings.Repeat("n", token.MinSecretLen), stored(t, created.ID))
		p = answer[wire.Problem](t, e.post(ada, "/api/admin/workstreams", jsonBody(t, edit)), http.StatusBadRequest)
		require.Equal(t, []string{"secret"}, keys(p.Fields))
	})
	t.Run("a workstream created without a secret has none", func(t *testing.T) {
		plain := in
		plain.Name, plain.Secret = "Plain", ""
		created := answer[wire.Workstream](t, e.post(ada, "/api/admin/workstreams", jsonBody(t, plain)), http.StatusCreated)
		require.False(t, created.HasSecret)
		require.Empty(t, stored(t, created.ID))
	})
}
