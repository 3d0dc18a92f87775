package wire

// Report groupings.
const (
	ByWorkstream = "workstream"
	ByAgent      = "agent"
)

// Report is what the Reports tab of /supervise shows [T5]: the figures of
// the conversations started between two days, by workstream or by agent.
// docs/REPORTS.md defines each figure.
type Report struct {
	From     string      `json:"from"` // YYYY-MM-DD, the first day
	To       string      `json:"to"`   // the last day, included
	TimeZone string      `json:"timeZone"`
	GroupBy  string      `json:"groupBy"`
	Rows     []ReportRow `json:"rows"`
	Total    ReportRow   `json:"total"`
	// Hours are the conversations by the hour of day they started in.
	Hours []ReportHour `json:"hours"`
}

// ReportRow is one workstream's or agent's figures. Durations are in
// milliseconds, nil when no conversation had one.
type ReportRow struct {
	Name          string `json:"name"`
	Conversations int    `json:"conversations"`
	Offered       int    `json:"offered"`
	Accepted      int    `json:"accepted"`
	Transferred   int    `json:"transferred"`
	// Abandoned is not counted by agent: no agent had the conversation.
	Abandoned           int    `json:"abandoned"`
	FirstResponseMedian *int64 `json:"firstResponseMedianMs"`
	FirstResponseP90    *int64 `json:"firstResponseP90Ms"`
	HandleTimeAverage   *int64 `json:"handleTimeAverageMs"`
	LongestWait         *int64 `json:"longestWaitMs"`
	Rejected            int    `json:"rejected"`
	Missed              int    `json:"missed"`
	// CSATAverage is the mean of the customers' 1 to 5 stars, nil when
	// none rated; CSATCount how many did [X2].
	CSATAverage *float64 `json:"csatAverage"`
	CSATCount   int      `json:"csatCount"`
}

// ReportHour is one hour of the day, 0 to 23.
type ReportHour struct {
	Hour                int    `json:"hour"`
	Conversations       int    `json:"conversations"`
	FirstResponseMedian *int64 `json:"firstResponseMedianMs"`
}
