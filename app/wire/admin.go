package wire

// Settings are the administrator's workspace settings [A1], answered by
// GET /api/settings to every agent (the workspace applies them live) and
// changed with PUT /api/admin/settings.
type Settings struct {
	// SentimentThreshold is "off" (Don't show), "slightly-negative",
	// "negative" or "very-negative" [S15].
	SentimentThreshold string `json:"sentimentThreshold"`
	// SessionLimit counts Home [S11]; 2..20.
	SessionLimit int `json:"sessionLimit"`
	// DefaultPresence is set when an agent signs in [P1]: available or busy.
	DefaultPresence string `json:"defaultPresence"`
	// The automatic presence rules [P2]: the presence when an agent's
	// capacity is fully used (dnd or busy) and when partly used (busy or
	// available); and whether a missed offer sets Inactive.
	PresenceWhenFull    string `json:"presenceWhenFull"`
	PresenceWhenPartial string `json:"presenceWhenPartial"`
	InactiveOnMiss      bool   `json:"inactiveOnMiss"`
	// DashboardStreams are the streams Home shows [D1, A1], in order: any
	// of mine, open, unassigned, closed, cases. Default all.
	DashboardStreams []string `json:"dashboardStreams"`
	// Lifecycle durations in seconds [C7, C8]: how long a live chat's
	// customer may be gone before it ends, and how long conversations stay
	// unchanged before they close. 0 in a change restores the default.
	CustomerDisconnect int `json:"customerDisconnect"`
	CloseOpenChat      int `json:"closeOpenChat"`
	CloseWrapUpChat    int `json:"closeWrapUpChat"`
	CloseOpenSMS       int `json:"closeOpenSMS"`
	CloseWrapUpSMS     int `json:"closeWrapUpSMS"`
	// MaxFileMB is the largest attachment, in MB [X1]; 1..MaxFileMBLimit,
	// 0 in a change restores the default.
	MaxFileMB int `json:"maxFileMB"`
}

// The attachment limit's default and bounds, in MB [X1].
const (
	DefaultMaxFileMB = 10
	MaxFileMBLimit   = 50
)

// TypeSettingsUpdated tells every agent's windows that the administrator
// saved the settings; its data is the Settings, defaults filled in.
const TypeSettingsUpdated = "settings.updated"

// Dashboard stream ids [D1].
const (
	StreamMine   = "mine"
	StreamOpen   = "open"
	StreamClosed = "closed"
	StreamCases  = "cases"
)

// Streams are the known Home streams, in their default order.
var Streams = []string{StreamMine, StreamOpen, StreamUnassigned, StreamClosed, StreamCases}

// ThresholdOff turns sentiment alerts off [S15].
const ThresholdOff = "off"

// Thresholds are the sentiment alert thresholds an administrator chooses
// from, in the order the admin page offers them.
var Thresholds = []string{ThresholdOff, "slightly-negative", "negative", "very-negative"}

// The session limit's bounds [S11].
const (
	MinSessionLimit = 2
	MaxSessionLimit = 20
)

// MaxLifecycleSecs bounds every lifecycle duration: a year.
const MaxLifecycleSecs = 365 * 24 * 60 * 60

// Workstream is a routing queue as the admin page edits it [A1].
type Workstream struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Channel       string `json:"channel"`       // chat or sms
	Mode          string `json:"mode"`          // live or persistent
	CapacityUnits int    `json:"capacityUnits"` // per conversation
	OfferTimeout  int    `json:"offerTimeout"`  // seconds
	WaitingDays   int    `json:"waitingDays"`   // persistent: days before a waiting chat closes
	PreChat       bool   `json:"preChat"`
	// Secret signs the tokens of authenticated chats [M2]; write-only: the
	// server answers with Secret empty and HasSecret set.
	Secret    string `json:"secret,omitempty"`
	HasSecret bool   `json:"hasSecret"`
	// OutboundURL is where an SMS workstream POSTs agents' replies [M4].
	OutboundURL string `json:"outboundUrl"`
	// SurveyOff stops asking customers for a rating after End [X2].
	SurveyOff bool `json:"surveyOff"`
}

// MaxOutboundURLRunes bounds a workstream's outbound URL.
const MaxOutboundURLRunes = 2000

// PasswordReset is the body of POST /api/admin/agents/{id}/password.
type PasswordReset struct {
	Password string `json:"password"`
}

// AdminAgent is an agent as the admin page lists and edits it [A1].
type AdminAgent struct {
	ID       int64  `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Capacity int    `json:"capacity"`
	Disabled bool   `json:"disabled"`
	Password string `json:"password,omitempty"` // only in requests: create, reset
}
