package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/lockout"
)

// Business hours [X3] through the API: the administrator sets them, the
// chat page is told it is closed, the customer's offline form becomes an
// unassigned case, and an agent picks it.
func TestBusinessHoursAndOfflineForm(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ws, err := e.store.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	ada, _ := e.admin()
	alex, bo := e.agentClient("alex@example.com"), e.agentClient("bo@example.com")
	hoursPath := "/api/admin/workstreams/" + itoa(ws.ID) + "/hours"

	t.Run("a new workstream is always open", func(t *testing.T) {
		got := answer[wire.BusinessHours](t, e.do(ada, "GET", hoursPath, ""), http.StatusOK)
		require.True(t, got.Open)
		cfg := answer[wire.ChatConfig](t, e.do(http.DefaultClient, "GET", "/api/chat", ""), http.StatusOK)
		require.Nil(t, cfg.Offline)
	})

	t.Run("invalid hours are refused with a reason per field, and nothing is saved", func(t *testing.T) {
		in := wire.BusinessHours{TimeZone: "Europe/Atlantis", ClosedDates: "24.12.2026", OfflineMessage: strings.Repeat("x", 1001)}
		in.Days[0] = "09:00-13:00, 12:00-17:00"
		in.Days[1] = "17:00-09:00"
		in.Days[6] = "nine to five"
		p := answer[wire.Problem](t, e.do(ada, "PUT", hoursPath, jsonBody(t, in)), http.StatusBadRequest)
		require.Equal(t, map[string]wire.FieldProblem{
			"timeZone":    {Reason: wire.ReasonUnknownZone},
			"monday":      {Reason: wire.ReasonOverlap},
			"tuesday":     {Reason: wire.ReasonOrder},
			"sunday":      {Reason: wire.ReasonFormat},
			"closedDates": {Reason: wire.ReasonFormat},
		}, p.Fields)
		in = wire.BusinessHours{TimeZone: "UTC", OfflineMessage: strings.Repeat("x", 1001)}
		p = answer[wire.Problem](t, e.do(ada, "PUT", hoursPath, jsonBody(t, in)), http.StatusBadRequest)
		require.Equal(t, map[string]wire.FieldProblem{"offlineMessage": {Reason: wire.ReasonTooLong, Max: 1000}}, p.Fields)
		in = wire.BusinessHours{ClosedDates: "2026-12-24"}
		p = answer[wire.Problem](t, e.do(ada, "PUT", hoursPath, jsonBody(t, in)), http.StatusBadRequest)
		require.Equal(t, map[string]wire.FieldProblem{"timeZone": {Reason: wire.ReasonZoneNeeded}}, p.Fields)
		got := answer[wire.BusinessHours](t, e.do(ada, "GET", hoursPath, ""), http.StatusOK)
		require.Equal(t, "", got.TimeZone)
	})

	// Open around the clock every day but today (UTC), so the test's
	// clock is outside hours until the next midnight.
	now := e.clock.Now().UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	in := wire.BusinessHours{TimeZone: "UTC", OfflineMessage: "We answer on weekdays."}
	for i := range in.Days {
		if time.Weekday((i+1)%7) != now.Weekday() {
			in.Days[i] = "00:00-24:00"
		}
	}
	t.Run("valid hours are saved, and say the workstream is closed now", func(t *testing.T) {
		got := answer[wire.BusinessHours](t, e.do(ada, "PUT", hoursPath, jsonBody(t, in)), http.StatusOK)
		require.False(t, got.Open)
		require.Equal(t, midnight, got.NextOpen)
		require.Equal(t, "We answer on weekdays.", got.OfflineMessage)
	})

	t.Run("the chat page is told to show the offline form, and no chat starts", func(t *testing.T) {
		cfg := answer[wire.ChatConfig](t, e.do(http.DefaultClient, "GET", "/api/chat", ""), http.StatusOK)
		require.Equal(t, &wire.Offline{Message: "We answer on weekdays.", NextOpen: midnight}, cfg.Offline)
		p := answer[wire.Problem](t, e.post(http.DefaultClient, "/api/chat", ""), http.StatusConflict)
		require.Contains(t, p.Error, "closed")
	})

	t.Run("an invalid offline form is refused field by field and files nothing", func(t *testing.T) {
		p := answer[wire.Problem](t, e.post(http.DefaultClient, "/api/chat/offline",
			jsonBody(t, wire.OfflineForm{Name: " ", Email: "dana@", Question: strings.Repeat("q", wire.MaxOfflineQuestionRunes+1)})), http.StatusBadRequest)
		require.Equal(t, map[string]wire.FieldProblem{
			"name": {Reason: wire.ReasonRequired}, "email": {Reason: wire.ReasonFormat},
			"question": {Reason: wire.ReasonTooLong, Max: wire.MaxOfflineQuestionRunes},
		}, p.Fields)
		p = answer[wire.Problem](t, e.post(http.DefaultClient, "/api/chat/offline", jsonBody(t, wire.OfflineForm{Name: "Dana"})), http.StatusBadRequest)
		require.Equal(t, wire.ReasonRequired, p.Fields["email"].Reason)
		require.Empty(t, answer[[]wire.UnassignedCase](t, e.do(alex, "GET", "/api/cases/unassigned", ""), http.StatusOK))
	})

	var filed wire.OfflineFiled
	t.Run("a valid one becomes a case in Unassigned cases, and the customer learns where the answer goes", func(t *testing.T) {
		filed = answer[wire.OfflineFiled](t, e.post(http.DefaultClient, "/api/chat/offline",
			jsonBody(t, wire.OfflineForm{Name: "Dana Customer", Email: "Dana@Example.com", Question: "Can I return a parcel after 30 days?"})), http.StatusCreated)
		require.Equal(t, "dana@example.com", filed.Email)
		require.Equal(t, midnight, filed.NextOpen)
		list := answer[[]wire.UnassignedCase](t, e.do(bo, "GET", "/api/cases/unassigned", ""), http.StatusOK)
		require.Len(t, list, 1)
		require.Equal(t, filed.Case, list[0].ID)
		require.Equal(t, "Can I return a parcel after 30 days?", list[0].Title)
		require.Equal(t, "Dana Customer", list[0].ContactName)
		require.Equal(t, "dana@example.com", list[0].ContactEmail)
		require.Equal(t, "Chat", list[0].Workstream)
	})

	t.Run("the first agent to pick it owns it; the second is told", func(t *testing.T) {
		got := answer[wire.Case](t, e.post(alex, "/api/cases/"+itoa(filed.Case)+"/pick", ""), http.StatusOK)
		require.Equal(t, "Alex Agent", got.OwnerName)
		answer[wire.Problem](t, e.post(bo, "/api/cases/"+itoa(filed.Case)+"/pick", ""), http.StatusConflict)
		require.Empty(t, answer[[]wire.UnassignedCase](t, e.do(bo, "GET", "/api/cases/unassigned", ""), http.StatusOK))
		mine := answer[[]wire.Case](t, e.do(alex, "GET", "/api/cases?owner=me&status=Active", ""), http.StatusOK)
		require.Equal(t, filed.Case, mine[0].ID)
		answer[wire.Problem](t, e.post(bo, "/api/cases/9999/pick", ""), http.StatusNotFound)
	})

	t.Run("too many forms from one address are refused for a while", func(t *testing.T) {
		e.api.OfflineForms = lockout.New(lockout.Limits{AccountFailures: 1000, AccountWindow: time.Minute, AccountLock: time.Minute,
			ClientAttempts: 2, ClientWindow: 15 * time.Minute, MaxEntries: 10})
		form := jsonBody(t, wire.OfflineForm{Name: "Spam", Email: "spam@example.com", Question: "Buy now"})
		for range 2 {
			require.Equal(t, http.StatusCreated, e.post(http.DefaultClient, "/api/chat/offline", form).StatusCode)
		}
		res := e.post(http.DefaultClient, "/api/chat/offline", form)
		require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
		require.NotEmpty(t, res.Header.Get("Retry-After"))
	})

	t.Run("at opening the chat is back, and the offline form refused", func(t *testing.T) {
		e.clock.Advance(midnight.Sub(e.clock.Now()))
		cfg := answer[wire.ChatConfig](t, e.do(http.DefaultClient, "GET", "/api/chat", ""), http.StatusOK)
		require.Nil(t, cfg.Offline)
		e.api.OfflineForms = lockout.New(lockout.Defaults)
		answer[wire.Problem](t, e.post(http.DefaultClient, "/api/chat/offline",
			jsonBody(t, wire.OfflineForm{Name: "Dana", Email: "dana@example.com", Question: "Hi"})), http.StatusConflict)
		e.startChat()
	})
}
