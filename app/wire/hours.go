package wire

import "time"

// BusinessHours are a workstream's opening hours as the admin page edits
// them [X3]: GET and PUT /api/admin/workstreams/{id}/hours. Without a time
// zone the workstream is always open.
type BusinessHours struct {
	TimeZone string `json:"timeZone"` // IANA, like Europe/Riga
	// Days are Monday first, each like "09:00-12:00, 13:00-17:00"; ""
	// closes the day. A refused day is reported under its English name,
	// lower case ("monday").
	Days [7]string `json:"days"`
	// ClosedDates are holidays, 2006-01-02, separated by commas.
	ClosedDates    string `json:"closedDates"`
	OfflineMessage string `json:"offlineMessage"`
	// Open and NextOpen answer, as the server judges now: whether the
	// workstream is open, and when it opens next (zero if never).
	Open     bool      `json:"open"`
	NextOpen time.Time `json:"nextOpen"`
}

// Weekdays name BusinessHours.Days, Monday first, as refused fields.
var Weekdays = [7]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// Why business hours are refused, beyond the common reasons.
const (
	ReasonUnknownZone = "unknown_zone"      // not an IANA time zone
	ReasonZoneNeeded  = "zone_required"     // hours or dates without a time zone
	ReasonOrder       = "ends_before_start" // a range closes at or before it opens
	ReasonOverlap     = "overlapping"       // two ranges of a day overlap
	ReasonTooMany     = "too_many"          // more ranges or dates than allowed
)

// Offline is what the chat page shows instead of a chat outside business
// hours [X3]: the administrator's message and when it opens next (zero
// when no opening is planned).
type Offline struct {
	Message  string    `json:"message"`
	NextOpen time.Time `json:"nextOpen"`
}

// OfflineForm is the body of POST /api/chat/offline: a customer's
// question left outside business hours.
type OfflineForm struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	Question string `json:"question"`
}

// Offline form limits, in characters.
const (
	MaxOfflineNameRunes     = 200
	MaxOfflineQuestionRunes = 4000
)

// OfflineFiled answers an offline form: the case it became, the address
// the answer goes to and when the workstream opens next.
type OfflineFiled struct {
	Case     int64     `json:"case"`
	Email    string    `json:"email"`
	NextOpen time.Time `json:"nextOpen"`
}

// UnassignedCase is a row of the Home stream Unassigned cases [X3]: a case
// an offline form filed, waiting for an agent to Pick it.
type UnassignedCase struct {
	Case
	ContactName  string `json:"contactName"`
	ContactEmail string `json:"contactEmail"`
	Workstream   string `json:"workstream"`
}

// TypeCasesChanged tells every agent's windows that Unassigned cases
// changed: one was filed or picked. It carries no data; windows reload.
const TypeCasesChanged = "cases.changed"

// StreamUnassigned is the Home stream Unassigned cases [X3].
const StreamUnassigned = "unassigned"
