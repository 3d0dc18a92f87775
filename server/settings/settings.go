// Package settings is the one home of the administrator's workspace
// settings [A1]: their keys in the store, their defaults, their limits and
// how they are checked. The relay, routing and the HTTP API read them
// through Load; only the admin API saves them.
package settings

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/sentiment"
)

// Store keys, one per setting. Durations are kept in whole seconds.
const (
	keyThreshold        = "sentiment_threshold"
	keySessionLimit     = "session_limit"
	keyDefaultPresence  = "default_presence"
	keyWhenFull         = "presence_when_full"
	keyWhenPartial      = "presence_when_partial"
	keyInactiveOnMiss   = "inactive_on_miss"
	keyDashboardStreams = "dashboard_streams" // comma-separated, in order
	keyDisconnect       = "customer_disconnect_secs"
	keyChatOpen         = "close_open_chat_secs"
	keyChatWrapUp       = "close_wrapup_chat_secs"
	keySMSOpen          = "close_open_sms_secs"
	keySMSWrapUp        = "close_wrapup_sms_secs"
	keyMaxFileMB        = "max_file_mb"
)

// Settings are the workspace settings, typed.
type Settings struct {
	// SentimentThreshold is wire.ThresholdOff or a sentiment level id at or
	// below which a conversation raises an alert [S15].
	SentimentThreshold string
	// SessionLimit is how many sessions a workspace keeps open, Home
	// counted [S11]; applied by clients.
	SessionLimit int
	// DefaultPresence is an agent's presence at sign-in [P1]: available or
	// busy.
	DefaultPresence string
	Rules           Rules
	// DashboardStreams are the Home streams in order [D1].
	DashboardStreams []string
	Durations        Durations
	// MaxFileMB is the largest attachment taken, in MB [X1].
	MaxFileMB int
}

// MaxFileBytes is the attachment limit in bytes.
func (s Settings) MaxFileBytes() int64 { return int64(s.MaxFileMB) << 20 }

// Rules are the automatic presence rules [P2].
type Rules struct {
	WhenFull       string // dnd or busy
	WhenPartial    string // busy or available
	InactiveOnMiss bool
}

// Durations say when conversations close by themselves [C7, C8]. Waiting
// persistent chats close after their workstream's waiting period instead.
type Durations struct {
	Disconnect time.Duration // a live chat's customer gone this long
	ChatOpen   time.Duration // a live chat nobody picked
	ChatWrapUp time.Duration // an ended chat left in wrap-up
	SMSOpen    time.Duration // an SMS conversation without activity
	SMSWrapUp  time.Duration // an ended SMS conversation
}

// Defaults are the settings while nothing is configured: the spec's.
func Defaults() Settings {
	return Settings{
		SentimentThreshold: "slightly-negative",
		SessionLimit:       10,
		DefaultPresence:    wire.PresenceAvailable,
		Rules:              Rules{WhenFull: wire.PresenceDND, WhenPartial: wire.PresenceBusy},
		DashboardStreams:   slices.Clone(wire.Streams),
		Durations: Durations{
			Disconnect: 3 * time.Minute,
			ChatOpen:   20 * time.Minute,
			ChatWrapUp: 15 * time.Minute,
			SMSOpen:    30 * 24 * time.Hour,
			SMSWrapUp:  24 * time.Hour,
		},
		MaxFileMB: wire.DefaultMaxFileMB,
	}
}

// Store is where settings are kept.
type Store interface {
	SettingValues(ctx context.Context) (map[string]string, error)
	SetSettings(ctx context.Context, values map[string]string) error
}

// Load reads the settings in one query. A value that is missing or no
// longer valid (an older release's, or edited by hand) reads as its
// default, so a bad row never stops routing.
func Load(ctx context.Context, st Store) (Settings, error) {
	v, err := st.SettingValues(ctx)
	if err != nil {
		return Defaults(), err
	}
	return parse(v), nil
}

func parse(v map[string]string) Settings {
	s := Defaults()
	if slices.Contains(wire.Thresholds, v[keyThreshold]) {
		s.SentimentThreshold = v[keyThreshold]
	}
	if n, err := strconv.Atoi(v[keySessionLimit]); err == nil && n >= wire.MinSessionLimit && n <= wire.MaxSessionLimit {
		s.SessionLimit = n
	}
	if v[keyDefaultPresence] == wire.PresenceBusy {
		s.DefaultPresence = wire.PresenceBusy
	}
	if x := v[keyWhenFull]; x == wire.PresenceDND || x == wire.PresenceBusy {
		s.Rules.WhenFull = x
	}
	if x := v[keyWhenPartial]; x == wire.PresenceBusy || x == wire.PresenceAvailable {
		s.Rules.WhenPartial = x
	}
	s.Rules.InactiveOnMiss = v[keyInactiveOnMiss] == "true"
	if list := strings.Split(v[keyDashboardStreams], ","); validStreams(list) {
		s.DashboardStreams = list
	}
	if n, err := strconv.Atoi(v[keyMaxFileMB]); err == nil && n >= 1 && n <= wire.MaxFileMBLimit {
		s.MaxFileMB = n
	}
	for key, d := range s.Durations.fields() {
		if n, err := strconv.ParseInt(v[key], 10, 64); err == nil && n > 0 && n <= wire.MaxLifecycleSecs {
			*d = time.Duration(n) * time.Second
		}
	}
	return s
}

// Validate says which fields (named as on the wire) are refused and why;
// nil when none is.
func (s Settings) Validate() map[string]wire.FieldProblem {
	out := map[string]wire.FieldProblem{}
	choice := func(field, v string, choices ...string) {
		if !slices.Contains(choices, v) {
			out[field] = wire.FieldProblem{Reason: wire.ReasonChoice}
		}
	}
	choice("sentimentThreshold", s.SentimentThreshold, wire.Thresholds...)
	if s.SessionLimit < wire.MinSessionLimit || s.SessionLimit > wire.MaxSessionLimit {
		out["sessionLimit"] = wire.FieldProblem{Reason: wire.ReasonRange, Min: wire.MinSessionLimit, Max: wire.MaxSessionLimit}
	}
	choice("defaultPresence", s.DefaultPresence, wire.PresenceAvailable, wire.PresenceBusy)
	choice("presenceWhenFull", s.Rules.WhenFull, wire.PresenceDND, wire.PresenceBusy)
	choice("presenceWhenPartial", s.Rules.WhenPartial, wire.PresenceBusy, wire.PresenceAvailable)
	if !validStreams(s.DashboardStreams) {
		out["dashboardStreams"] = wire.FieldProblem{Reason: wire.ReasonChoice}
	}
	if s.MaxFileMB < 1 || s.MaxFileMB > wire.MaxFileMBLimit {
		out["maxFileMB"] = wire.FieldProblem{Reason: wire.ReasonRange, Min: 1, Max: wire.MaxFileMBLimit}
	}
	for field, d := range s.Durations.wireFields() {
		if *d < time.Second || *d > wire.MaxLifecycleSecs*time.Second {
			out[field] = wire.FieldProblem{Reason: wire.ReasonRange, Min: 1, Max: wire.MaxLifecycleSecs}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Save validates and stores the settings in one transaction. It stores
// nothing when any field is refused: the caller validates first to tell
// which.
func Save(ctx context.Context, st Store, s Settings) error {
	if p := s.Validate(); p != nil {
		return Invalid(p)
	}
	values := map[string]string{
		keyThreshold:        s.SentimentThreshold,
		keySessionLimit:     strconv.Itoa(s.SessionLimit),
		keyDefaultPresence:  s.DefaultPresence,
		keyWhenFull:         s.Rules.WhenFull,
		keyWhenPartial:      s.Rules.WhenPartial,
		keyInactiveOnMiss:   strconv.FormatBool(s.Rules.InactiveOnMiss),
		keyDashboardStreams: strings.Join(s.DashboardStreams, ","),
		keyMaxFileMB:        strconv.Itoa(s.MaxFileMB),
	}
	for key, d := range s.Durations.fields() {
		values[key] = strconv.FormatInt(int64(*d/time.Second), 10)
	}
	return st.SetSettings(ctx, values)
}

// Invalid is the error Save returns for refused fields.
type Invalid map[string]wire.FieldProblem

func (Invalid) Error() string { return "settings: invalid fields" }

// Threshold is the sentiment alert threshold; ok is false when alerts are
// off.
func (s Settings) Threshold() (level sentiment.Level, ok bool) {
	if s.SentimentThreshold == wire.ThresholdOff {
		return 0, false
	}
	l, err := sentiment.ParseLevel(s.SentimentThreshold)
	return l, err == nil
}

// Wire is the settings as GET /api/settings answers them.
func (s Settings) Wire() wire.Settings {
	out := wire.Settings{
		SentimentThreshold:  s.SentimentThreshold,
		SessionLimit:        s.SessionLimit,
		DefaultPresence:     s.DefaultPresence,
		PresenceWhenFull:    s.Rules.WhenFull,
		PresenceWhenPartial: s.Rules.WhenPartial,
		InactiveOnMiss:      s.Rules.InactiveOnMiss,
		DashboardStreams:    slices.Clone(s.DashboardStreams),
		MaxFileMB:           s.MaxFileMB,
	}
	d := s.Durations.wireFields()
	for field, secs := range wireDurations(&out) {
		*secs = int(*d[field] / time.Second)
	}
	return out
}

// FromWire is a change as PUT /api/admin/settings sends it. A duration of
// 0 restores its default.
func FromWire(in wire.Settings) Settings {
	s := Settings{
		SentimentThreshold: in.SentimentThreshold,
		SessionLimit:       in.SessionLimit,
		DefaultPresence:    in.DefaultPresence,
		Rules:              Rules{WhenFull: in.PresenceWhenFull, WhenPartial: in.PresenceWhenPartial, InactiveOnMiss: in.InactiveOnMiss},
		DashboardStreams:   slices.Clone(in.DashboardStreams),
		MaxFileMB:          in.MaxFileMB,
	}
	if s.MaxFileMB == 0 {
		s.MaxFileMB = wire.DefaultMaxFileMB
	}
	def := Defaults().Durations
	defaults := def.wireFields()
	fields := s.Durations.wireFields()
	for field, secs := range wireDurations(&in) {
		if *secs == 0 {
			*fields[field] = *defaults[field]
			continue
		}
		*fields[field] = time.Duration(*secs) * time.Second
		if *secs < 0 || *secs > wire.MaxLifecycleSecs {
			*fields[field] = -1 // refused by Validate, not wrapped into range
		}
	}
	return s
}

func (d *Durations) fields() map[string]*time.Duration {
	return map[string]*time.Duration{
		keyDisconnect: &d.Disconnect,
		keyChatOpen:   &d.ChatOpen,
		keyChatWrapUp: &d.ChatWrapUp,
		keySMSOpen:    &d.SMSOpen,
		keySMSWrapUp:  &d.SMSWrapUp,
	}
}

func (d *Durations) wireFields() map[string]*time.Duration {
	return map[string]*time.Duration{
		"customerDisconnect": &d.Disconnect,
		"closeOpenChat":      &d.ChatOpen,
		"closeWrapUpChat":    &d.ChatWrapUp,
		"closeOpenSMS":       &d.SMSOpen,
		"closeWrapUpSMS":     &d.SMSWrapUp,
	}
}

func wireDurations(s *wire.Settings) map[string]*int {
	return map[string]*int{
		"customerDisconnect": &s.CustomerDisconnect,
		"closeOpenChat":      &s.CloseOpenChat,
		"closeWrapUpChat":    &s.CloseWrapUpChat,
		"closeOpenSMS":       &s.CloseOpenSMS,
		"closeWrapUpSMS":     &s.CloseWrapUpSMS,
	}
}

// validStreams tells whether a list is a non-empty subset of the known
// streams without duplicates.
func validStreams(list []string) bool {
	if len(list) == 0 {
		return false
	}
	seen := map[string]bool{}
	for _, s := range list {
		if !slices.Contains(wire.Streams, s) || seen[s] {
			return false
		}
		seen[s] = true
	}
	return true
}
