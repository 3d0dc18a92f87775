package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/sentiment"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
)

// admin adds Ada, an administrator, and signs her in.
func (e *env) admin() (*http.Client, store.Agent) {
	e.t.Helper()
	a, err := e.store.CreateAgent(context.Background(), "ada@example.com", "Ada Admin", "admin", password)
	require.NoError(e.t, err)
	return e.agentClient("ada@example.com"), a
}

func TestAdminRoutesNeedAnAdministrator(t *testing.T) {
	e := newEnv(t)
	alex := e.agentClient("alex@example.com")
	routes := []struct{ method, path, body string }{
		{"PUT", "/api/admin/settings", `{"sentimentThreshold":"off","sessionLimit":5,"defaultPresence":"busy"}`},
		{"GET", "/api/admin/workstreams", ""},
		{"POST", "/api/admin/workstreams", `{"name":"SMS","channel":"sms","mode":"live","capacityUnits":20,"offerTimeout":60,"waitingDays":1}`},
		{"PUT", "/api/admin/workstreams/1", `{"name":"X","channel":"chat","mode":"live","capacityUnits":20,"offerTimeout":60,"waitingDays":1}`},
		{"GET", "/api/admin/quick-replies", ""},
		{"POST", "/api/admin/quick-replies", `{"title":"Hi","body":"Hello"}`},
		{"PUT", "/api/admin/quick-replies/1", `{"title":"Hi","body":"Hello"}`},
		{"DELETE", "/api/admin/quick-replies/1", ""},
		{"GET", "/api/admin/agents", ""},
		{"POST", "/api/admin/agents", `{"email":"eve@example.com","name":"Eve","role":"admin","capacity":100,"password":"password123"}`},
		{"PUT", "/api/admin/agents/1", `{"name":"Alex","role":"admin","capacity":100,"disabled":false}`},
		{"POST", "/api/admin/agents/2/password", `{"password":"password123"}`},
		{"GET", "/api/admin/articles", ""},
		{"POST", "/api/admin/articles", `{"title":"T","summary":"S","body":"B"}`},
		{"PUT", "/api/admin/articles/1", `{"title":"T","summary":"S","body":"B"}`},
	}
	for _, r := range routes {
		res := e.do(http.DefaultClient, r.method, r.path, r.body)
		require.Equal(t, http.StatusUnauthorized, res.StatusCode, "anonymous %s %s", r.method, r.path)

		res = e.do(alex, r.method, r.path, r.body)
		b, _ := io.ReadAll(res.Body)
		require.Equal(t, http.StatusForbidden, res.StatusCode, "agent %s %s", r.method, r.path)
		require.JSONEq(t, `{"error":"Only administrators can do that.","code":"error.admins.only"}`, string(b))
	}

	t.Run("nothing was changed", func(t *testing.T) {
		a, err := e.store.AgentByEmail(context.Background(), "alex@example.com")
		require.NoError(t, err)
		require.Equal(t, "agent", a.Role)
		_, err = e.store.AgentByEmail(context.Background(), "eve@example.com")
		require.ErrorIs(t, err, store.ErrNotFound)
		v, err := e.store.SettingValues(context.Background())
		require.NoError(t, err)
		require.Empty(t, v)
	})

	t.Run("settings can be read by any agent but not anonymously", func(t *testing.T) {
		require.Equal(t, http.StatusUnauthorized, e.do(http.DefaultClient, "GET", "/api/settings", "").StatusCode)
		require.Equal(t, http.StatusOK, e.do(alex, "GET", "/api/settings", "").StatusCode)
	})
}

func TestAdminSettings(t *testing.T) {
	e := newEnv(t)
	ada, _ := e.admin()
	alex := e.agentClient("alex@example.com")
	ctx := context.Background()

	t.Run("defaults before anything is saved", func(t *testing.T) {
		got := answer[wire.Settings](t, e.do(alex, "GET", "/api/settings", ""), http.StatusOK)
		require.Equal(t, wire.Settings{SentimentThreshold: "slightly-negative", SessionLimit: 10, DefaultPresence: "available",
			PresenceWhenFull: "dnd", PresenceWhenPartial: "busy", InactiveOnMiss: false,
			DashboardStreams:   []string{"mine", "open", "unassigned", "closed", "cases"},
			CustomerDisconnect: 180, CloseOpenChat: 1200, CloseWrapUpChat: 900,
			CloseOpenSMS: 30 * 86400, CloseWrapUpSMS: 86400, MaxFileMB: 10}, got)
	})

	want := wire.Settings{SentimentThreshold: "very-negative", SessionLimit: 4, DefaultPresence: "busy",
		PresenceWhenFull: "busy", PresenceWhenPartial: "available", InactiveOnMiss: true,
		DashboardStreams:   []string{"cases", "mine"},
		CustomerDisconnect: 60, CloseOpenChat: 600, CloseWrapUpChat: 300, CloseOpenSMS: 7 * 86400, CloseWrapUpSMS: 7200,
		MaxFileMB: 25}

	t.Run("a save round trips and is stored where relay and routing read it", func(t *testing.T) {
		socket := e.dial("/ws/agent", alex, wire.Hello{})
		got := answer[wire.Settings](t, e.do(ada, "PUT", "/api/admin/settings", jsonBody(t, want)), http.StatusOK)
		require.Equal(t, want, got)
		require.Equal(t, want, decode[wire.Settings](t, socket.nextOf(wire.TypeSettingsUpdated)), "open workspaces hear of it")
		require.Equal(t, want, answer[wire.Settings](t, e.do(alex, "GET", "/api/settings", ""), http.StatusOK))
		stored, err := settings.Load(ctx, e.store)
		require.NoError(t, err)
		require.Equal(t, settings.Settings{SentimentThreshold: "very-negative", SessionLimit: 4, DefaultPresence: "busy",
			Rules:            settings.Rules{WhenFull: "busy", WhenPartial: "available", InactiveOnMiss: true},
			DashboardStreams: []string{"cases", "mine"},
			Durations: settings.Durations{Disconnect: time.Minute, ChatOpen: 10 * time.Minute, ChatWrapUp: 5 * time.Minute,
				SMSOpen: 7 * 24 * time.Hour, SMSWrapUp: 2 * time.Hour}, MaxFileMB: 25}, stored)
	})

	t.Run("a duration left at 0 is the default again; out of range is refused", func(t *testing.T) {
		s := want
		s.CloseOpenChat = 0
		got := answer[wire.Settings](t, e.do(ada, "PUT", "/api/admin/settings", jsonBody(t, s)), http.StatusOK)
		require.Equal(t, 1200, got.CloseOpenChat)
		s = want
		s.CustomerDisconnect, s.CloseWrapUpSMS, s.MaxFileMB = -1, 366*86400, wire.MaxFileMBLimit+1
		p := answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/settings", jsonBody(t, s)), http.StatusBadRequest)
		require.Equal(t, []string{"closeWrapUpSMS", "customerDisconnect", "maxFileMB"}, keys(p.Fields))
		require.Equal(t, http.StatusOK, e.do(ada, "PUT", "/api/admin/settings", jsonBody(t, want)).StatusCode)
	})

	t.Run("the default presence is what an agent signs in with", func(t *testing.T) {
		bo := e.post(http.DefaultClient, "/api/signin", `{"email":"bo@example.com","password":"`+password+`"}`)
		got := answer[wire.Agent](t, bo, http.StatusOK)
		require.Equal(t, wire.PresenceBusy, got.Presence.Status)
	})

	t.Run("every bad field is named and nothing is saved", func(t *testing.T) {
		for _, limit := range []int{1, 21} {
			res := e.do(ada, "PUT", "/api/admin/settings",
				jsonBody(t, wire.Settings{SentimentThreshold: "positive", SessionLimit: limit, DefaultPresence: "away"}))
			p := answer[wire.Problem](t, res, http.StatusBadRequest)
			require.Equal(t, []string{"dashboardStreams", "defaultPresence", "presenceWhenFull", "presenceWhenPartial",
				"sentimentThreshold", "sessionLimit"}, keys(p.Fields))
		}
		good := want
		for _, bad := range []wire.Settings{
			{PresenceWhenFull: "available"},
			{PresenceWhenFull: "away"},
			{PresenceWhenPartial: "dnd"},
			{PresenceWhenPartial: "inactive"},
			{DashboardStreams: []string{}},
			{DashboardStreams: []string{"mine", "mine"}},
			{DashboardStreams: []string{"mine", "queue"}},
			{DashboardStreams: []string{"Mine"}},
		} {
			s := good
			field := ""
			switch {
			case bad.PresenceWhenFull != "":
				s.PresenceWhenFull, field = bad.PresenceWhenFull, "presenceWhenFull"
			case bad.PresenceWhenPartial != "":
				s.PresenceWhenPartial, field = bad.PresenceWhenPartial, "presenceWhenPartial"
			default:
				s.DashboardStreams, field = bad.DashboardStreams, "dashboardStreams"
			}
			p := answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/settings", jsonBody(t, s)), http.StatusBadRequest)
			require.Equal(t, []string{field}, keys(p.Fields), "%+v", bad)
		}
		res := e.do(ada, "PUT", "/api/admin/settings",
			`{"sentimentThreshold":"off","sessionLimit":5,"defaultPresence":"busy","presenceWhenFull":"dnd","presenceWhenPartial":"busy"}`)
		p := answer[wire.Problem](t, res, http.StatusBadRequest)
		require.Equal(t, []string{"dashboardStreams"}, keys(p.Fields), "missing streams")
		require.Equal(t, want, answer[wire.Settings](t, e.do(alex, "GET", "/api/settings", ""), http.StatusOK))
		require.Equal(t, http.StatusBadRequest, e.do(ada, "PUT", "/api/admin/settings", `{"sessionLimit":"ten"}`).StatusCode)
	})

	t.Run("the limits themselves are accepted", func(t *testing.T) {
		for _, s := range []wire.Settings{
			{SentimentThreshold: "off", SessionLimit: 2, DefaultPresence: "available",
				PresenceWhenFull: "dnd", PresenceWhenPartial: "busy", DashboardStreams: []string{"open"},
				CustomerDisconnect: 1, CloseOpenChat: 1, CloseWrapUpChat: 1, CloseOpenSMS: 1, CloseWrapUpSMS: 1, MaxFileMB: 1},
			{SentimentThreshold: "negative", SessionLimit: 20, DefaultPresence: "busy",
				PresenceWhenFull: "busy", PresenceWhenPartial: "available", InactiveOnMiss: true,
				DashboardStreams:   []string{"closed", "cases", "open", "mine"},
				CustomerDisconnect: 365 * 86400, CloseOpenChat: 365 * 86400, CloseWrapUpChat: 365 * 86400,
				CloseOpenSMS: 365 * 86400, CloseWrapUpSMS: 365 * 86400, MaxFileMB: wire.MaxFileMBLimit},
		} {
			require.Equal(t, s, answer[wire.Settings](t, e.do(ada, "PUT", "/api/admin/settings", jsonBody(t, s)), http.StatusOK))
		}
	})
}

func TestAdminThresholdReachesTheRelay(t *testing.T) {
	e := newEnv(t)
	ada, _ := e.admin()
	ctx := context.Background()
	e.relay.Scorer = sentiment.NewScorer()
	ws, err := e.store.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)

	angry := func(t *testing.T) store.Conversation {
		t.Helper()
		c, err := e.store.StartConversation(ctx, ws.ID)
		require.NoError(t, err)
		_, err = e.relay.Post(ctx, store.Message{ConversationID: c.ID, Sender: wire.SenderCustomer, SenderName: "Visitor",
			Body: "Your service is terrible, I want a refund NOW", Key: "k1"})
		require.NoError(t, err)
		c, err = e.store.Conversation(ctx, c.ID)
		require.NoError(t, err)
		return c
	}
	set := func(t *testing.T, threshold string) {
		t.Helper()
		answer[wire.Settings](t, e.do(ada, "PUT", "/api/admin/settings",
			jsonBody(t, wire.Settings{SentimentThreshold: threshold, SessionLimit: 10, DefaultPresence: "available",
				PresenceWhenFull: "dnd", PresenceWhenPartial: "busy", DashboardStreams: []string{"mine"}})), http.StatusOK)
	}

	t.Run("Don't show stops alerts at the next message", func(t *testing.T) {
		set(t, "off")
		c := angry(t)
		require.False(t, c.SentimentAlert, "level %s", c.Sentiment)
		require.NotEqual(t, "neutral", c.Sentiment)
	})

	t.Run("Slightly negative alerts again", func(t *testing.T) {
		set(t, "slightly-negative")
		c := angry(t)
		require.True(t, c.SentimentAlert, "level %s", c.Sentiment)
	})
}

func TestAdminAgents(t *testing.T) {
	e := newEnv(t)
	ada, me := e.admin()
	ctx := context.Background()
	alex, err := e.store.AgentByEmail(ctx, "alex@example.com")
	require.NoError(t, err)

	t.Run("the list has every agent and no passwords", func(t *testing.T) {
		res := e.do(ada, "GET", "/api/admin/agents", "")
		b, _ := io.ReadAll(res.Body)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.NotContains(t, string(b), "password")
		list := answer[[]wire.AdminAgent](t, e.do(ada, "GET", "/api/admin/agents", ""), http.StatusOK)
		require.Len(t, list, 3)
		require.Contains(t, list, wire.AdminAgent{ID: me.ID, Email: "ada@example.com", Name: "Ada Admin", Role: "admin", Capacity: 100})
	})

	var cy wire.AdminAgent
	t.Run("an agent is created and can sign in", func(t *testing.T) {
		cy = answer[wire.AdminAgent](t, e.post(ada, "/api/admin/agents",
			`{"email":"Cy@Example.com","name":" Cy Agent ","role":"agent","capacity":60,"password":"cy password"}`), http.StatusCreated)
		require.NotZero(t, cy.ID)
		require.Equal(t, wire.AdminAgent{ID: cy.ID, Email: "cy@example.com", Name: "Cy Agent", Role: "agent", Capacity: 60}, cy)
		res := e.post(http.DefaultClient, "/api/signin", `{"email":"cy@example.com","password":"cy password"}`)
		require.Equal(t, http.StatusOK, res.StatusCode)
	})

	t.Run("a taken email is 409 on the email field", func(t *testing.T) {
		p := answer[wire.Problem](t, e.post(ada, "/api/admin/agents",
			`{"email":"CY@example.com","name":"Other","role":"agent","capacity":60,"password":"long enough"}`), http.StatusConflict)
		require.Contains(t, p.Fields, "email")
	})

	t.Run("invalid fields are all named", func(t *testing.T) {
		p := answer[wire.Problem](t, e.post(ada, "/api/admin/agents",
			`{"email":"not an email","name":"","role":"boss","capacity":0,"password":"short"}`), http.StatusBadRequest)
		require.Equal(t, []string{"capacity", "email", "name", "password", "role"}, keys(p.Fields))
	})

	t.Run("an agent is promoted, renamed, given capacity and disabled", func(t *testing.T) {
		got := answer[wire.AdminAgent](t, e.do(ada, "PUT", "/api/admin/agents/"+itoa(cy.ID),
			`{"name":"Cy Admin","role":"admin","capacity":80,"disabled":true}`), http.StatusOK)
		require.Equal(t, wire.AdminAgent{ID: cy.ID, Email: "cy@example.com", Name: "Cy Admin", Role: "admin", Capacity: 80, Disabled: true}, got)
		res := e.post(http.DefaultClient, "/api/signin", `{"email":"cy@example.com","password":"cy password"}`)
		require.Equal(t, http.StatusUnauthorized, res.StatusCode, "a disabled agent cannot sign in")
	})

	t.Run("an administrator cannot demote or disable themselves", func(t *testing.T) {
		p := answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/agents/"+itoa(me.ID),
			`{"name":"Ada","role":"agent","capacity":100,"disabled":false}`), http.StatusBadRequest)
		require.Equal(t, "You cannot remove your own administrator role.", p.Error)
		require.Contains(t, p.Fields, "role")
		p = answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/agents/"+itoa(me.ID),
			`{"name":"Ada","role":"admin","capacity":100,"disabled":true}`), http.StatusBadRequest)
		require.Equal(t, "You cannot disable your own account.", p.Error)
		got, err := e.store.AgentAccount(ctx, me.ID)
		require.NoError(t, err)
		require.Equal(t, "admin", got.Role)
		require.False(t, got.Disabled)
		require.Equal(t, "Ada Admin", got.Name)

		renamed := answer[wire.AdminAgent](t, e.do(ada, "PUT", "/api/admin/agents/"+itoa(me.ID),
			`{"name":"Ada Lovelace","role":"admin","capacity":100,"disabled":false}`), http.StatusOK)
		require.Equal(t, "Ada Lovelace", renamed.Name)
	})

	t.Run("an unknown agent is 404 and a password is not changed by PUT", func(t *testing.T) {
		require.Equal(t, http.StatusNotFound, e.do(ada, "PUT", "/api/admin/agents/999",
			`{"name":"X","role":"agent","capacity":100,"disabled":false}`).StatusCode)
		p := answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/agents/"+itoa(alex.ID),
			`{"name":"Alex","role":"agent","capacity":100,"disabled":false,"password":"new password"}`), http.StatusBadRequest)
		require.Contains(t, p.Fields, "password")
	})

	t.Run("a password reset ends the agent's sign-ins and the new one works", func(t *testing.T) {
		alexHTTP := e.agentClient("alex@example.com")
		require.Equal(t, http.StatusNoContent, e.post(ada, "/api/admin/agents/"+itoa(alex.ID)+"/password", `{"password":"a new password"}`).StatusCode)
		require.Equal(t, http.StatusUnauthorized, e.do(alexHTTP, "GET", "/api/me", "").StatusCode)
		require.Equal(t, http.StatusUnauthorized, e.post(http.DefaultClient, "/api/signin", `{"email":"alex@example.com","password":"`+password+`"}`).StatusCode)
		require.Equal(t, http.StatusOK, e.post(http.DefaultClient, "/api/signin", `{"email":"alex@example.com","password":"a new password"}`).StatusCode)

		p := answer[wire.Problem](t, e.post(ada, "/api/admin/agents/"+itoa(alex.ID)+"/password", `{"password":"short"}`), http.StatusBadRequest)
		require.Contains(t, p.Fields, "password")
		require.Equal(t, http.StatusNotFound, e.post(ada, "/api/admin/agents/999/password", `{"password":"long enough"}`).StatusCode)
	})
}

func TestAdminQuickReplies(t *testing.T) {
	e := newEnv(t)
	ada, _ := e.admin()
	alex := e.agentClient("alex@example.com")

	created := answer[wire.QuickReply](t, e.post(ada, "/api/admin/quick-replies",
		`{"title":"Greeting","body":"Hello {customer}, I'm {agent}."}`), http.StatusCreated)
	require.NotZero(t, created.ID)
	require.Equal(t, []wire.QuickReply{created}, answer[[]wire.QuickReply](t, e.do(ada, "GET", "/api/admin/quick-replies", ""), http.StatusOK))
	require.Equal(t, []wire.QuickReply{created}, answer[[]wire.QuickReply](t, e.do(alex, "GET", "/api/quick-replies", ""), http.StatusOK),
		"agents see it in the composer")

	updated := answer[wire.QuickReply](t, e.do(ada, "PUT", "/api/admin/quick-replies/"+itoa(created.ID),
		`{"title":"Hello","body":"Hi {customer}!"}`), http.StatusOK)
	require.Equal(t, wire.QuickReply{ID: created.ID, Title: "Hello", Body: "Hi {customer}!"}, updated)

	p := answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/quick-replies/"+itoa(created.ID),
		jsonBody(t, wire.QuickReply{Title: " ", Body: strings.Repeat("x", wire.MaxQuickReplyBodyRunes+1)})), http.StatusBadRequest)
	require.Equal(t, map[string]wire.FieldProblem{"title": {Reason: wire.ReasonRequired}, "body": {Reason: wire.ReasonTooLong, Max: 2000}}, p.Fields)
	require.Equal(t, http.StatusNotFound, e.do(ada, "PUT", "/api/admin/quick-replies/999", `{"title":"a","body":"b"}`).StatusCode)

	require.Equal(t, http.StatusNoContent, e.do(ada, "DELETE", "/api/admin/quick-replies/"+itoa(created.ID), "").StatusCode)
	require.Equal(t, http.StatusNotFound, e.do(ada, "DELETE", "/api/admin/quick-replies/"+itoa(created.ID), "").StatusCode)
	require.Empty(t, answer[[]wire.QuickReply](t, e.do(ada, "GET", "/api/admin/quick-replies", ""), http.StatusOK))
}

func TestAdminWorkstreams(t *testing.T) {
	e := newEnv(t)
	ada, _ := e.admin()
	in := wire.Workstream{Name: "Returns", Channel: "chat", Mode: "persistent", CapacityUnits: 25, OfferTimeout: 90, WaitingDays: 14, PreChat: true}

	created := answer[wire.Workstream](t, e.post(ada, "/api/admin/workstreams", jsonBody(t, in)), http.StatusCreated)
	require.NotZero(t, created.ID)
	in.ID = created.ID
	require.Equal(t, in, created)
	require.Contains(t, answer[[]wire.Workstream](t, e.do(ada, "GET", "/api/admin/workstreams", ""), http.StatusOK), created)

	in.Name, in.Mode, in.OfferTimeout, in.WaitingDays, in.PreChat = "Live returns", "live", 600, 365, false
	require.Equal(t, in, answer[wire.Workstream](t, e.do(ada, "PUT", "/api/admin/workstreams/"+itoa(in.ID), jsonBody(t, in)), http.StatusOK))
	ws, err := e.store.Workstream(context.Background(), in.ID)
	require.NoError(t, err)
	require.Equal(t, "live", ws.Mode)
	require.Equal(t, int64(600_000), ws.OfferTimeout.Milliseconds())

	bad := wire.Workstream{Name: "", Channel: "fax", Mode: "later", CapacityUnits: 101, OfferTimeout: 9, WaitingDays: 366}
	p := answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/workstreams/"+itoa(in.ID), jsonBody(t, bad)), http.StatusBadRequest)
	require.Equal(t, []string{"capacityUnits", "channel", "mode", "name", "offerTimeout", "waitingDays"}, keys(p.Fields))
	bad = wire.Workstream{Name: strings.Repeat("n", 101), Channel: "sms", Mode: "live", CapacityUnits: 0, OfferTimeout: 601, WaitingDays: 0}
	p = answer[wire.Problem](t, e.post(ada, "/api/admin/workstreams", jsonBody(t, bad)), http.StatusBadRequest)
	require.Equal(t, []string{"capacityUnits", "name", "offerTimeout", "waitingDays"}, keys(p.Fields))
	require.Equal(t, http.StatusNotFound, e.do(ada, "PUT", "/api/admin/workstreams/999", jsonBody(t, in)).StatusCode)

	t.Run("two SMS workstreams cannot share a secret", func(t *testing.T) {
		secret := strings.Repeat("s", 32)
		texts := wire.Workstream{Name: "Texts", Channel: "sms", Mode: "live", CapacityUnits: 20, OfferTimeout: 120, WaitingDays: 28, Secret: secret}
		first := answer[wire.Workstream](t, e.post(ada, "/api/admin/workstreams", jsonBody(t, texts)), http.StatusCreated)
		texts.Name = "More texts"
		p := answer[wire.Problem](t, e.post(ada, "/api/admin/workstreams", jsonBody(t, texts)), http.StatusBadRequest)
		require.Equal(t, []string{"secret"}, keys(p.Fields))
		require.Equal(t, wire.ReasonTaken, p.Fields["secret"].Reason)
		// A chat workstream may: it signs tokens, it is not told apart by it.
		in.Secret = secret
		require.Equal(t, http.StatusOK, e.do(ada, "PUT", "/api/admin/workstreams/"+itoa(in.ID), jsonBody(t, in)).StatusCode)
		// Nor can an existing one become an SMS workstream with it.
		in.Channel = "sms"
		p = answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/workstreams/"+itoa(in.ID), jsonBody(t, in)), http.StatusBadRequest)
		require.Equal(t, []string{"secret"}, keys(p.Fields))
		require.Equal(t, http.StatusOK, e.do(ada, "PUT", "/api/admin/workstreams/"+itoa(first.ID), jsonBody(t, wire.Workstream{
			Name: "Texts", Channel: "sms", Mode: "live", CapacityUnits: 20, OfferTimeout: 120, WaitingDays: 28})).StatusCode,
			"saving one with its own secret kept is fine")
	})
}

func TestAdminArticles(t *testing.T) {
	e := newEnv(t)
	ada, _ := e.admin()
	alex := e.agentClient("alex@example.com")
	in := wire.Article{Title: "Returns", Summary: "Send it back within 30 days.", Body: strings.Repeat("Print the label. ", 1000), URL: "https://help.example.com/returns"}

	created := answer[wire.Article](t, e.post(ada, "/api/admin/articles", jsonBody(t, in)), http.StatusCreated)
	require.NotZero(t, created.ID)
	in.ID = created.ID
	in.Body = strings.TrimSpace(in.Body)
	require.Equal(t, in, created)
	require.Equal(t, []wire.Article{created}, answer[[]wire.Article](t, e.do(ada, "GET", "/api/admin/articles", ""), http.StatusOK))

	in.Title, in.Body = "Refunds", "Refunds arrive within five working days."
	require.Equal(t, in, answer[wire.Article](t, e.do(ada, "PUT", "/api/admin/articles/"+itoa(in.ID), jsonBody(t, in)), http.StatusOK))
	hits := answer[[]wire.ArticleHit](t, e.do(alex, "GET", "/api/knowledge?q=refunds", ""), http.StatusOK)
	require.Len(t, hits, 1, "the search follows the edit")

	p := answer[wire.Problem](t, e.do(ada, "PUT", "/api/admin/articles/"+itoa(in.ID),
		`{"title":"","summary":"","body":" ","url":"javascript:alert(1)"}`), http.StatusBadRequest)
	require.Equal(t, []string{"body", "title", "url"}, keys(p.Fields))
	require.Equal(t, http.StatusNotFound, e.do(ada, "PUT", "/api/admin/articles/999", jsonBody(t, in)).StatusCode)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
