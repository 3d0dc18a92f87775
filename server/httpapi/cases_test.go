package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// do sends any request; body "" sends none.
func (e *env) do(c *http.Client, method, path, body string) *http.Response {
	e.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, r)
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	require.NoError(e.t, err)
	e.t.Cleanup(func() { res.Body.Close() })
	return res
}

// answer checks the status and decodes the JSON body into T.
func answer[T any](t *testing.T, res *http.Response, status int) T {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, status, res.StatusCode, string(b))
	var v T
	require.NoError(t, json.Unmarshal(b, &v), string(b))
	return v
}

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func (e *env) createCase(t *testing.T, c *http.Client, in wire.CaseInput) wire.Case {
	t.Helper()
	return answer[wire.Case](t, e.post(c, "/api/cases", jsonBody(t, in)), http.StatusCreated)
}

func TestRecordsNeedSignIn(t *testing.T) {
	e := newEnv(t)

	t.Run("every case and knowledge route answers 401 without a sign-in", func(t *testing.T) {
		for _, r := range []struct{ method, path, body string }{
			{"GET", "/api/cases?owner=me&status=Active", ""},
			{"POST", "/api/cases", `{"title":"x"}`},
			{"GET", "/api/cases/1", ""},
			{"PUT", "/api/cases/1", `{"title":"x","version":1}`},
			{"GET", "/api/knowledge?q=refund", ""},
			{"GET", "/api/knowledge/1", ""},
		} {
			res := e.do(http.DefaultClient, r.method, r.path, r.body)
			require.Equal(t, http.StatusUnauthorized, res.StatusCode, r.method+" "+r.path)
		}
		n, err := e.store.CaseCount(context.Background())
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestCasesAPI(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	alex := e.agentClient("alex@example.com")
	bo := e.agentClient("bo@example.com")
	kenny, err := e.store.CreateContact(ctx, store.Contact{Name: "Kenny Smith"})
	require.NoError(t, err)

	t.Run("a new case belongs to the agent who created it", func(t *testing.T) {
		c := e.createCase(t, alex, wire.CaseInput{Title: "Refund not received", Description: "Order 1042.", ContactID: kenny.ID})
		require.NotZero(t, c.ID)
		require.Equal(t, "Alex Agent", c.OwnerName)
		require.NotZero(t, c.OwnerID)
		require.Equal(t, wire.PriorityNormal, c.Priority)
		require.Equal(t, wire.CaseActive, c.Status)
		require.Equal(t, kenny.ID, c.ContactID)
		require.Equal(t, int64(1), c.Version)

		got := answer[wire.Case](t, e.do(bo, "GET", "/api/cases/"+itoa(c.ID), ""), http.StatusOK)
		require.Equal(t, c, got)
	})

	t.Run("invalid fields are answered 400 with a reason code for each", func(t *testing.T) {
		res := e.post(alex, "/api/cases", `{"title":"  ","priority":"Urgent","status":"Open","contactId":999}`)
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		b, _ := io.ReadAll(res.Body)
		require.JSONEq(t, `{"error":"Check the highlighted fields.","fields":{
			"title":{"reason":"required"},
			"priority":{"reason":"not_a_choice"},
			"status":{"reason":"not_a_choice"},
			"contactId":{"reason":"not_found"}}}`, string(b))

		res = e.post(alex, "/api/cases", jsonBody(t, wire.CaseInput{Title: strings.Repeat("t", 201)}))
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		b, _ = io.ReadAll(res.Body)
		require.JSONEq(t, `{"error":"Check the highlighted fields.","fields":{"title":{"reason":"too_long","max":200}}}`, string(b))
	})

	t.Run("the owner cannot be chosen and unknown fields are refused", func(t *testing.T) {
		res := e.post(alex, "/api/cases", `{"title":"Mine","ownerId":2}`)
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		require.Equal(t, http.StatusBadRequest, e.post(alex, "/api/cases", `{"title":`).StatusCode)
	})

	t.Run("a save from the latest version is stored and bumps the version", func(t *testing.T) {
		c := e.createCase(t, alex, wire.CaseInput{Title: "Parcel lost"})
		saved := answer[wire.Case](t, e.do(alex, "PUT", "/api/cases/"+itoa(c.ID), jsonBody(t, wire.CaseInput{
			Title: "Parcel lost in transit", Description: "Carrier confirmed.", Priority: "High", Status: "Resolved",
			ContactID: kenny.ID, Version: c.Version,
		})), http.StatusOK)
		require.Equal(t, int64(2), saved.Version)
		require.Equal(t, "Parcel lost in transit", saved.Title)
		require.Equal(t, wire.CaseResolved, saved.Status)
		require.Equal(t, kenny.ID, saved.ContactID)
		require.Equal(t, c.OwnerID, saved.OwnerID, "the owner stays")
		require.Equal(t, c.CreatedAt, saved.CreatedAt)
	})

	t.Run("a save over a colleague's newer save is refused with 409 and stores nothing", func(t *testing.T) {
		c := e.createCase(t, alex, wire.CaseInput{Title: "Damaged item"})
		path := "/api/cases/" + itoa(c.ID)
		theirs := answer[wire.Case](t, e.do(bo, "PUT", path, jsonBody(t, wire.CaseInput{
			Title: "Damaged item, replacement sent", Priority: "Normal", Status: "Active", Version: c.Version,
		})), http.StatusOK)

		res := e.do(alex, "PUT", path, jsonBody(t, wire.CaseInput{
			Title: "Damaged item, refund issued", Priority: "Low", Status: "Resolved", Version: c.Version,
		}))
		require.Equal(t, http.StatusConflict, res.StatusCode)
		b, _ := io.ReadAll(res.Body)
		require.JSONEq(t, `{"error":"This case was changed by someone else since you opened it. Your edits are kept: review the latest version, then save again.","code":"error.case.stale"}`, string(b))
		got := answer[wire.Case](t, e.do(alex, "GET", path, ""), http.StatusOK)
		require.Equal(t, theirs, got)

		// Rebased on the latest version, the same edit is saved.
		saved := answer[wire.Case](t, e.do(alex, "PUT", path, jsonBody(t, wire.CaseInput{
			Title: "Damaged item, refund issued", Priority: "Low", Status: "Resolved", Version: got.Version,
		})), http.StatusOK)
		require.Equal(t, int64(3), saved.Version)
	})

	t.Run("an invalid save is answered with fields and stores nothing", func(t *testing.T) {
		c := e.createCase(t, alex, wire.CaseInput{Title: "Wrong size"})
		path := "/api/cases/" + itoa(c.ID)
		res := e.do(alex, "PUT", path, jsonBody(t, wire.CaseInput{Title: "", Priority: "Normal", Status: "Active", Version: c.Version}))
		p := answer[wire.Problem](t, res, http.StatusBadRequest)
		require.Equal(t, map[string]wire.FieldProblem{"title": {Reason: wire.ReasonRequired}}, p.Fields)
		require.Equal(t, c, answer[wire.Case](t, e.do(alex, "GET", path, ""), http.StatusOK))

		res = e.do(alex, "PUT", path, `{"title":"No version","priority":"Normal","status":"Active"}`)
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		require.Equal(t, c, answer[wire.Case](t, e.do(alex, "GET", path, ""), http.StatusOK))
	})

	t.Run("unknown cases are 404 and malformed ids 400", func(t *testing.T) {
		require.Equal(t, http.StatusNotFound, e.do(alex, "GET", "/api/cases/99999", "").StatusCode)
		require.Equal(t, http.StatusNotFound, e.do(alex, "PUT", "/api/cases/99999",
			`{"title":"x","priority":"Normal","status":"Active","version":1}`).StatusCode)
		require.Equal(t, http.StatusBadRequest, e.do(alex, "GET", "/api/cases/abc", "").StatusCode)
		require.Equal(t, http.StatusBadRequest, e.do(alex, "GET", "/api/cases/-1", "").StatusCode)
	})

	t.Run("markup is stored and returned as text, unchanged", func(t *testing.T) {
		const script = `<script>alert(1)</script>`
		c := e.createCase(t, alex, wire.CaseInput{Title: script, Description: `<img src=x onerror=alert(1)> & "quotes"`})
		require.Equal(t, script, c.Title)
		got := answer[wire.Case](t, e.do(alex, "GET", "/api/cases/"+itoa(c.ID), ""), http.StatusOK)
		require.Equal(t, script, got.Title)
		require.Equal(t, `<img src=x onerror=alert(1)> & "quotes"`, got.Description)
	})

	t.Run("my active cases lists the agent's own active cases", func(t *testing.T) {
		// A fresh agent, so the cases of the other subtests do not count.
		_, err := e.store.CreateAgent(ctx, "carol@example.com", "Carol Agent", "agent", password)
		require.NoError(t, err)
		carol := e.agentClient("carol@example.com")
		res := e.do(carol, "GET", "/api/cases?owner=me&status=Active", "")
		require.Equal(t, http.StatusOK, res.StatusCode)
		b, _ := io.ReadAll(res.Body)
		require.JSONEq(t, `[]`, string(b), "no cases is an empty list, not null")

		first := e.createCase(t, carol, wire.CaseInput{Title: "First"})
		second := e.createCase(t, carol, wire.CaseInput{Title: "Second"})
		e.createCase(t, carol, wire.CaseInput{Title: "Done", Status: "Resolved"})
		e.createCase(t, bo, wire.CaseInput{Title: "Bo's"})
		first = answer[wire.Case](t, e.do(carol, "PUT", "/api/cases/"+itoa(first.ID), jsonBody(t, wire.CaseInput{
			Title: "First, updated", Priority: "Normal", Status: "Active", Version: first.Version,
		})), http.StatusOK)

		list := answer[[]wire.Case](t, e.do(carol, "GET", "/api/cases?owner=me&status=Active", ""), http.StatusOK)
		// The order is the store's, tested there with a controlled clock.
		require.ElementsMatch(t, []wire.Case{first, second}, list)
		all := answer[[]wire.Case](t, e.do(carol, "GET", "/api/cases?owner=me", ""), http.StatusOK)
		require.Len(t, all, 3)

		require.Equal(t, http.StatusBadRequest, e.do(carol, "GET", "/api/cases?owner=2", "").StatusCode)
		require.Equal(t, http.StatusBadRequest, e.do(carol, "GET", "/api/cases?owner=me&status=Open", "").StatusCode)
	})
}

func TestClientLimitsMatchTheServer(t *testing.T) {
	t.Run("the wire constants are the store's", func(t *testing.T) {
		require.Equal(t, store.MaxCaseTitle, wire.MaxCaseTitleRunes)
		require.Equal(t, store.MaxCaseDescription, wire.MaxCaseDescriptionRunes)
		require.Equal(t, store.MatchStart, wire.MatchStart)
		require.Equal(t, store.MatchEnd, wire.MatchEnd)
		require.Equal(t, []string{store.PriorityLow, store.PriorityNormal, store.PriorityHigh},
			[]string{wire.PriorityLow, wire.PriorityNormal, wire.PriorityHigh})
		require.Equal(t, []string{store.CaseActive, store.CaseResolved}, []string{wire.CaseActive, wire.CaseResolved})
		require.Equal(t, store.MaxContactName, wire.MaxContactNameRunes)
		require.Equal(t, store.MaxContactPhone, wire.MaxContactPhoneRunes)
		require.Equal(t, store.MaxContactAccount, wire.MaxContactAccountRunes)
		require.Equal(t, store.MaxContactResults, wire.MaxContactResults)
		require.Equal(t, store.MaxPreChatField, wire.MaxPreChatRunes)
		require.Equal(t, store.MaxBodyLen, wire.MaxMessageRunes)
		require.Equal(t, store.MaxOutboundURL, wire.MaxOutboundURLRunes)
		require.Equal(t, store.MaxQuickReplyTitle, wire.MaxQuickReplyTitleRunes)
		require.Equal(t, store.MaxQuickReplyBody, wire.MaxQuickReplyBodyRunes)
	})
}
