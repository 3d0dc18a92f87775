package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/token"
)

// Workspace settings [A1]: the sentiment threshold lives under the key the
// relay reads at every customer message, the default presence under the
// key routing reads at sign-in; the session limit is applied by clients.
const (
	sessionLimitSetting = "session_limit"
	defaultSessionLimit = 10
	minSessionLimit     = 2
	maxSessionLimit     = 20
)

// Workstream limits as the admin page edits them.
const (
	maxWorkstreamUnits   = 100
	minOfferTimeoutSecs  = 10
	maxOfferTimeoutSecs  = 600
	maxWaitingDays       = 365
	maxWorkstreamNameLen = 100
)

const day = 24 * time.Hour

// dashboardStreamsSetting holds the Home streams [D1, A1], comma-separated
// in order.
const dashboardStreamsSetting = "dashboard_streams"

// dashboardStreams are the known Home streams, in their default order.
var dashboardStreams = []string{wire.StreamMine, wire.StreamOpen, wire.StreamClosed, wire.StreamCases}

// validStreams tells whether a list is a non-empty subset of the known
// streams without duplicates.
func validStreams(list []string) bool {
	if len(list) == 0 {
		return false
	}
	seen := map[string]bool{}
	for _, s := range list {
		if !slices.Contains(dashboardStreams, s) || seen[s] {
			return false
		}
		seen[s] = true
	}
	return true
}

var thresholds = map[string]bool{
	relay.ThresholdOff: true, "slightly-negative": true, "negative": true, "very-negative": true,
}

// adminOnly refuses requests of anyone but a signed-in administrator.
func (s *Server) adminOnly(next http.HandlerFunc) http.HandlerFunc {
	return s.agentOnly(func(w http.ResponseWriter, r *http.Request) {
		if agentFrom(r).Role != "admin" {
			problem(w, http.StatusForbidden, "Only administrators can do that.")
			return
		}
		next(w, r)
	})
}

// adminLog records who changed what.
func (s *Server) adminLog(r *http.Request, what string, args ...any) {
	a := agentFrom(r)
	s.log.Info("admin: "+what, append([]any{"admin", a.ID, "admin_email", a.Email}, args...)...)
}

func badFields(w http.ResponseWriter, fields map[string]string) bool {
	if len(fields) == 0 {
		return false
	}
	writeJSON(w, http.StatusBadRequest, wire.Problem{Error: "Check the highlighted fields.", Fields: fields})
	return true
}

// ---- Settings ----

// maxLifecycleSecs bounds every lifecycle duration: a year.
const maxLifecycleSecs = 365 * 24 * 60 * 60

// lifecycleField is one lifecycle duration as settings and the wire name it.
type lifecycleField struct {
	setting, field string
	secs           *int
}

func lifecycleFields(st *wire.Settings) []lifecycleField {
	return []lifecycleField{
		{routing.DisconnectSetting, "customerDisconnect", &st.CustomerDisconnect},
		{routing.ChatOpenSetting, "closeOpenChat", &st.CloseOpenChat},
		{routing.ChatWrapUpSetting, "closeWrapUpChat", &st.CloseWrapUpChat},
		{routing.SMSOpenSetting, "closeOpenSMS", &st.CloseOpenSMS},
		{routing.SMSWrapUpSetting, "closeWrapUpSMS", &st.CloseWrapUpSMS},
	}
}

// settings answers every agent the workspace settings, defaults filled in.
func (s *Server) settings(w http.ResponseWriter, r *http.Request) {
	st, err := s.loadSettings(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) loadSettings(r *http.Request) (wire.Settings, error) {
	ctx := r.Context()
	out := wire.Settings{
		SentimentThreshold: relay.DefaultThreshold,
		SessionLimit:       defaultSessionLimit,
		DefaultPresence:    wire.PresenceAvailable,
	}
	v, err := s.store.Setting(ctx, relay.ThresholdSetting, relay.DefaultThreshold)
	if err != nil {
		return wire.Settings{}, err
	}
	if thresholds[v] {
		out.SentimentThreshold = v
	}
	v, err = s.store.Setting(ctx, sessionLimitSetting, "")
	if err != nil {
		return wire.Settings{}, err
	}
	if n, err := strconv.Atoi(v); err == nil && n >= minSessionLimit && n <= maxSessionLimit {
		out.SessionLimit = n
	}
	v, err = s.store.Setting(ctx, routing.DefaultPresenceSetting, wire.PresenceAvailable)
	if err != nil {
		return wire.Settings{}, err
	}
	if v == wire.PresenceBusy {
		out.DefaultPresence = v
	}
	rules, err := routing.LoadRules(ctx, s.store)
	if err != nil {
		return wire.Settings{}, err
	}
	out.PresenceWhenFull = rules.WhenFull
	out.PresenceWhenPartial = rules.WhenPartial
	out.InactiveOnMiss = rules.InactiveOnMiss
	v, err = s.store.Setting(ctx, dashboardStreamsSetting, "")
	if err != nil {
		return wire.Settings{}, err
	}
	out.DashboardStreams = slices.Clone(dashboardStreams)
	if list := strings.Split(v, ","); validStreams(list) {
		out.DashboardStreams = list
	}
	d, err := routing.LoadDurations(ctx, s.store)
	if err != nil {
		return wire.Settings{}, err
	}
	durations := d.Fields()
	for _, f := range lifecycleFields(&out) {
		*f.secs = int(*durations[f.setting] / time.Second)
	}
	return out, nil
}

func (s *Server) putSettings(w http.ResponseWriter, r *http.Request) {
	var in wire.Settings
	if !readJSON(w, r, &in) {
		return
	}
	fields := map[string]string{}
	if !thresholds[in.SentimentThreshold] {
		fields["sentimentThreshold"] = "Choose Don't show, Slightly negative, Negative or Very negative."
	}
	if in.SessionLimit < minSessionLimit || in.SessionLimit > maxSessionLimit {
		fields["sessionLimit"] = fmt.Sprintf("Enter a session limit from %d to %d.", minSessionLimit, maxSessionLimit)
	}
	if in.DefaultPresence != wire.PresenceAvailable && in.DefaultPresence != wire.PresenceBusy {
		fields["defaultPresence"] = "Choose Available or Busy."
	}
	if in.PresenceWhenFull != wire.PresenceDND && in.PresenceWhenFull != wire.PresenceBusy {
		fields["presenceWhenFull"] = "Choose Do not disturb or Busy."
	}
	if in.PresenceWhenPartial != wire.PresenceBusy && in.PresenceWhenPartial != wire.PresenceAvailable {
		fields["presenceWhenPartial"] = "Choose Busy or Available."
	}
	if !validStreams(in.DashboardStreams) {
		fields["dashboardStreams"] = "Choose at least one stream, each once: My work items, Open work items, Closed work items or Cases."
	}
	for _, f := range lifecycleFields(&in) {
		if *f.secs < 0 || *f.secs > maxLifecycleSecs {
			fields[f.field] = "Enter a duration from 1 second to 365 days."
		}
	}
	if badFields(w, fields) {
		return
	}
	values := map[string]string{
		relay.ThresholdSetting:             in.SentimentThreshold,
		sessionLimitSetting:                strconv.Itoa(in.SessionLimit),
		routing.DefaultPresenceSetting:     in.DefaultPresence,
		routing.PresenceWhenFullSetting:    in.PresenceWhenFull,
		routing.PresenceWhenPartialSetting: in.PresenceWhenPartial,
		routing.InactiveOnMissSetting:      strconv.FormatBool(in.InactiveOnMiss),
		dashboardStreamsSetting:            strings.Join(in.DashboardStreams, ","),
	}
	for _, f := range lifecycleFields(&in) {
		values[f.setting] = strconv.Itoa(*f.secs) // 0 reads back as the default
	}
	if err := s.store.SetSettings(r.Context(), values); err != nil {
		s.fail(w, r, err)
		return
	}
	s.adminLog(r, "settings changed", "sentiment_threshold", in.SentimentThreshold,
		"session_limit", in.SessionLimit, "default_presence", in.DefaultPresence,
		"presence_when_full", in.PresenceWhenFull, "presence_when_partial", in.PresenceWhenPartial,
		"inactive_on_miss", in.InactiveOnMiss, "dashboard_streams", in.DashboardStreams)
	// The new rules apply to everyone now, not at their next load change.
	s.routing.RulesChanged(r.Context())
	// As stored, defaults filled in where a duration was left at 0; open
	// workspaces apply them at once.
	out, err := s.loadSettings(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.relay.ToAgents(wire.Encode(wire.TypeSettingsUpdated, 0, 0, out))
	writeJSON(w, http.StatusOK, out)
}

// ---- Workstreams ----

func (s *Server) adminWorkstreams(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.Workstreams(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]wire.Workstream, len(list))
	for i, ws := range list {
		out[i] = wireWorkstream(ws)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createWorkstream(w http.ResponseWriter, r *http.Request) {
	in, ok := readWorkstream(w, r)
	if !ok {
		return
	}
	ws, err := s.store.CreateWorkstream(r.Context(), in)
	if err != nil {
		s.failWorkstream(w, r, err)
		return
	}
	s.adminLog(r, "workstream created", "workstream", ws.ID, "name", ws.Name, "has_secret", ws.Secret != "")
	writeJSON(w, http.StatusCreated, wireWorkstream(ws))
}

func (s *Server) updateWorkstream(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Workstream")
	if !ok {
		return
	}
	in, ok := readWorkstream(w, r)
	if !ok {
		return
	}
	in.ID = id
	secretChanged := in.Secret != ""
	ws, err := s.store.UpdateWorkstream(r.Context(), in)
	if err != nil {
		s.failWorkstream(w, r, err)
		return
	}
	s.adminLog(r, "workstream changed", "workstream", ws.ID, "name", ws.Name, "mode", ws.Mode,
		"capacity_units", ws.CapacityUnits, "offer_timeout", ws.OfferTimeout, "waiting_period", ws.WaitingPeriod,
		"pre_chat", ws.PreChat, "secret_changed", secretChanged, "has_outbound_url", ws.OutboundURL != "")
	writeJSON(w, http.StatusOK, wireWorkstream(ws))
}

func (s *Server) failWorkstream(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "No such workstream.")
		return
	}
	if fieldProblems(w, err, func(f string) (string, string) {
		if f == "secret" {
			return f, "Another SMS workstream has this secret: each needs its own, as the webhook tells them apart by it."
		}
		return f, "Check this field."
	}) {
		return
	}
	s.fail(w, r, err)
}

// readWorkstream decodes and checks a workstream, answering 400 itself.
func readWorkstream(w http.ResponseWriter, r *http.Request) (store.Workstream, bool) {
	var in wire.Workstream
	if !readJSON(w, r, &in) {
		return store.Workstream{}, false
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Channel == "" {
		in.Channel = store.ChannelChat
	}
	fields := map[string]string{}
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fields["name"] = "Enter a name."
	case n > maxWorkstreamNameLen:
		fields["name"] = fmt.Sprintf("Shorten the name to %d characters or fewer.", maxWorkstreamNameLen)
	}
	if in.Channel != store.ChannelChat && in.Channel != store.ChannelSMS {
		fields["channel"] = "Choose Chat or SMS."
	}
	if in.Mode != store.ModeLive && in.Mode != store.ModePersistent {
		fields["mode"] = "Choose Live or Persistent."
	}
	if in.CapacityUnits < 1 || in.CapacityUnits > maxWorkstreamUnits {
		fields["capacityUnits"] = fmt.Sprintf("Enter capacity units from 1 to %d.", maxWorkstreamUnits)
	}
	if in.OfferTimeout < minOfferTimeoutSecs || in.OfferTimeout > maxOfferTimeoutSecs {
		fields["offerTimeout"] = fmt.Sprintf("Enter a notification timeout from %d to %d seconds.", minOfferTimeoutSecs, maxOfferTimeoutSecs)
	}
	if in.WaitingDays < 1 || in.WaitingDays > maxWaitingDays {
		fields["waitingDays"] = fmt.Sprintf("Enter a waiting period from 1 to %d days.", maxWaitingDays)
	}
	// Empty keeps the stored secret [A1]: the page never has it to send back.
	if in.Secret != "" {
		if err := token.CheckSecret(in.Secret); err != nil {
			fields["secret"] = fmt.Sprintf("Enter a secret of %d to %d characters, or leave it empty to keep the current one.",
				token.MinSecretLen, token.MaxSecretLen)
		}
	}
	in.OutboundURL = strings.TrimSpace(in.OutboundURL)
	if in.OutboundURL != "" && !webURL(in.OutboundURL) {
		fields["outboundUrl"] = fmt.Sprintf("Enter an http:// or https:// URL of up to %d characters, or leave it empty.", wire.MaxOutboundURLRunes)
	}
	if badFields(w, fields) {
		return store.Workstream{}, false
	}
	return store.Workstream{
		Name:          in.Name,
		Channel:       in.Channel,
		Mode:          in.Mode,
		CapacityUnits: in.CapacityUnits,
		OfferTimeout:  time.Duration(in.OfferTimeout) * time.Second,
		WaitingPeriod: time.Duration(in.WaitingDays) * day,
		PreChat:       in.PreChat,
		Secret:        in.Secret,
		OutboundURL:   in.OutboundURL,
	}, true
}

// webURL says whether s is an absolute http or https URL a workstream can
// POST to.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		utf8.RuneCountInString(s) <= wire.MaxOutboundURLRunes
}

func wireWorkstream(ws store.Workstream) wire.Workstream {
	return wire.Workstream{
		ID:            ws.ID,
		Name:          ws.Name,
		Channel:       ws.Channel,
		Mode:          ws.Mode,
		CapacityUnits: ws.CapacityUnits,
		OfferTimeout:  int(ws.OfferTimeout.Round(time.Second) / time.Second),
		WaitingDays:   int(ws.WaitingPeriod.Round(day) / day),
		PreChat:       ws.PreChat,
		HasSecret:     ws.Secret != "",
		OutboundURL:   ws.OutboundURL,
	}
}

// ---- Quick replies ----

func (s *Server) createQuickReply(w http.ResponseWriter, r *http.Request) {
	var in wire.QuickReply
	if !readJSON(w, r, &in) {
		return
	}
	q, err := s.store.CreateQuickReply(r.Context(), store.QuickReply{Title: in.Title, Body: in.Body})
	if err != nil {
		s.failQuickReply(w, r, err, in)
		return
	}
	s.adminLog(r, "quick reply created", "quick_reply", q.ID, "title", q.Title)
	writeJSON(w, http.StatusCreated, wireQuickReply(q))
}

func (s *Server) updateQuickReply(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Quick reply")
	if !ok {
		return
	}
	var in wire.QuickReply
	if !readJSON(w, r, &in) {
		return
	}
	q, err := s.store.UpdateQuickReply(r.Context(), store.QuickReply{ID: id, Title: in.Title, Body: in.Body})
	if err != nil {
		s.failQuickReply(w, r, err, in)
		return
	}
	s.adminLog(r, "quick reply changed", "quick_reply", q.ID, "title", q.Title)
	writeJSON(w, http.StatusOK, wireQuickReply(q))
}

func (s *Server) deleteQuickReply(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Quick reply")
	if !ok {
		return
	}
	if err := s.store.DeleteQuickReply(r.Context(), id); err != nil {
		s.failQuickReply(w, r, err, wire.QuickReply{})
		return
	}
	s.adminLog(r, "quick reply deleted", "quick_reply", id)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) failQuickReply(w http.ResponseWriter, r *http.Request, err error, in wire.QuickReply) {
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "No such quick reply.")
		return
	}
	if fieldProblems(w, err, func(f string) (string, string) {
		switch f {
		case "title":
			if strings.TrimSpace(in.Title) == "" {
				return f, "Enter a title."
			}
			return f, fmt.Sprintf("Shorten the title to %d characters or fewer.", store.MaxQuickReplyTitle)
		case "body":
			if strings.TrimSpace(in.Body) == "" {
				return f, "Enter the reply text."
			}
			return f, fmt.Sprintf("Shorten the reply to %d characters or fewer.", store.MaxQuickReplyBody)
		}
		return f, "Check this field."
	}) {
		return
	}
	s.fail(w, r, err)
}

// ---- Agents [A1, A2] ----

func (s *Server) adminAgents(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.AgentAccounts(r.Context())
	writeList(s, w, r, list, err, wireAdminAgent)
}

func (s *Server) createAgent(w http.ResponseWriter, r *http.Request) {
	var in wire.AdminAgent
	if !readJSON(w, r, &in) {
		return
	}
	a, err := s.store.CreateAgentAccount(r.Context(), store.AgentAccount{
		Email: in.Email, Name: in.Name, Role: in.Role, Capacity: in.Capacity,
	}, in.Password)
	if err != nil {
		s.failAgent(w, r, err, in)
		return
	}
	s.adminLog(r, "agent created", "agent", a.ID, "email", a.Email, "role", a.Role, "capacity", a.Capacity)
	writeJSON(w, http.StatusCreated, wireAdminAgent(a))
}

func (s *Server) updateAgent(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Agent")
	if !ok {
		return
	}
	var in wire.AdminAgent
	if !readJSON(w, r, &in) {
		return
	}
	if in.Password != "" {
		badFields(w, map[string]string{"password": "Reset the password separately."})
		return
	}
	if id == agentFrom(r).ID {
		if in.Disabled {
			writeJSON(w, http.StatusBadRequest, wire.Problem{Error: "You cannot disable your own account.",
				Fields: map[string]string{"disabled": "You cannot disable your own account."}})
			return
		}
		if in.Role != "admin" {
			writeJSON(w, http.StatusBadRequest, wire.Problem{Error: "You cannot remove your own administrator role.",
				Fields: map[string]string{"role": "You cannot remove your own administrator role."}})
			return
		}
	}
	before, err := s.store.AgentAccount(r.Context(), id)
	if err != nil {
		s.failAgent(w, r, err, in)
		return
	}
	a, err := s.store.UpdateAgentAccount(r.Context(), store.AgentAccount{
		ID: id, Name: in.Name, Role: in.Role, Capacity: in.Capacity, Disabled: in.Disabled,
	})
	if err != nil {
		s.failAgent(w, r, err, in)
		return
	}
	if store.SignInsEnd(before, a) {
		s.relay.SignInsEnded(a.ID)
	}
	s.adminLog(r, "agent changed", "agent", a.ID, "email", a.Email,
		"name", a.Name, "role", before.Role+"→"+a.Role, "capacity", a.Capacity,
		"disabled", a.Disabled, "was_disabled", before.Disabled)
	writeJSON(w, http.StatusOK, wireAdminAgent(a))
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Agent")
	if !ok {
		return
	}
	var in wire.PasswordReset
	if !readJSON(w, r, &in) {
		return
	}
	// Someone else's sign-ins end, so a leaked password stops working;
	// an administrator changing their own stays signed in.
	self := id == agentFrom(r).ID
	if err := s.store.ResetAgentPassword(r.Context(), id, in.Password, !self); err != nil {
		s.failAgent(w, r, err, wire.AdminAgent{})
		return
	}
	if !self {
		s.relay.SignInsEnded(id)
	}
	s.adminLog(r, "agent password reset", "agent", id)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) failAgent(w http.ResponseWriter, r *http.Request, err error, in wire.AdminAgent) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		problem(w, http.StatusNotFound, "No such agent.")
		return
	case errors.Is(err, store.ErrDuplicate):
		writeJSON(w, http.StatusConflict, wire.Problem{Error: "An agent with this email already exists.",
			Fields: map[string]string{"email": "An agent with this email already exists."}})
		return
	}
	if fieldProblems(w, err, func(f string) (string, string) {
		switch f {
		case "email":
			return f, "Enter an email address like name@example.com."
		case "name":
			if strings.TrimSpace(in.Name) == "" {
				return f, "Enter the agent's name."
			}
			return f, "Shorten the name to 100 characters or fewer."
		case "role":
			return f, "Choose Agent or Administrator."
		case "capacity":
			return f, fmt.Sprintf("Enter a capacity from %d to %d units.", store.MinAgentCapacity, store.MaxAgentCapacity)
		case "password":
			if len(in.Password) > 72 {
				return f, "Use a password of at most 72 bytes."
			}
			return f, "Use a password of at least 8 characters."
		}
		return f, "Check this field."
	}) {
		return
	}
	s.fail(w, r, err)
}

func wireAdminAgent(a store.AgentAccount) wire.AdminAgent {
	return wire.AdminAgent{ID: a.ID, Email: a.Email, Name: a.Name, Role: a.Role, Capacity: a.Capacity, Disabled: a.Disabled}
}

// ---- Knowledge articles ----

func (s *Server) adminArticles(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.Articles(r.Context())
	writeList(s, w, r, list, err, wireArticle)
}

func (s *Server) createArticle(w http.ResponseWriter, r *http.Request) {
	var in wire.Article
	if !readArticleJSON(w, r, &in) {
		return
	}
	a, err := s.store.CreateArticle(r.Context(), articleFromWire(in))
	if err != nil {
		s.failArticle(w, r, err, in)
		return
	}
	s.adminLog(r, "article created", "article", a.ID, "title", a.Title)
	writeJSON(w, http.StatusCreated, wireArticle(a))
}

func (s *Server) updateArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Article")
	if !ok {
		return
	}
	var in wire.Article
	if !readArticleJSON(w, r, &in) {
		return
	}
	a := articleFromWire(in)
	a.ID = id
	a, err := s.store.UpdateArticle(r.Context(), a)
	if err != nil {
		s.failArticle(w, r, err, in)
		return
	}
	s.adminLog(r, "article changed", "article", a.ID, "title", a.Title)
	writeJSON(w, http.StatusOK, wireArticle(a))
}

func (s *Server) deleteArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Article")
	if !ok {
		return
	}
	if err := s.store.DeleteArticle(r.Context(), id); err != nil {
		s.failArticle(w, r, err, wire.Article{})
		return
	}
	s.adminLog(r, "article deleted", "article", id)
	w.WriteHeader(http.StatusNoContent)
}

// readArticleJSON is readJSON with room for an article body of
// store.MaxArticleBody characters, four bytes each, escaped.
func readArticleJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	return readJSONUpTo(w, r, v, 8*store.MaxArticleBody+16<<10)
}

func articleFromWire(in wire.Article) store.Article {
	return store.Article{Title: in.Title, Summary: in.Summary, Body: in.Body, URL: in.URL}
}

func (s *Server) failArticle(w http.ResponseWriter, r *http.Request, err error, in wire.Article) {
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "No such article.")
		return
	}
	if fieldProblems(w, err, func(f string) (string, string) {
		switch f {
		case "title":
			if strings.TrimSpace(in.Title) == "" {
				return f, "Enter a title."
			}
			return f, fmt.Sprintf("Shorten the title to %d characters or fewer.", store.MaxArticleTitle)
		case "summary":
			return f, fmt.Sprintf("Shorten the summary to %d characters or fewer.", store.MaxArticleSummary)
		case "body":
			if strings.TrimSpace(in.Body) == "" {
				return f, "Enter the article text."
			}
			return f, fmt.Sprintf("Shorten the article to %d characters or fewer.", store.MaxArticleBody)
		case "url":
			return f, "Enter an http or https address, or leave it empty."
		}
		return f, "Check this field."
	}) {
		return
	}
	s.fail(w, r, err)
}
