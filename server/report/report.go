// Package report computes the figures of the supervisors' Reports tab
// [T5] from what the store recorded, and writes them as CSV. Every figure
// is defined in docs/REPORTS.md; the rules live here, the store only
// reads the rows.
package report

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// MaxDays bounds a report's range: a year of conversations is still read
// in one pass, and a typo such as 2062 does not read the whole database.
const MaxDays = 366

// ErrRange is a range that cannot be reported on.
var ErrRange = errors.New("the range must be two dates (YYYY-MM-DD), the first not after the last, at most a year apart")

// Range is the days from the first to the last, included, in a time zone.
type Range struct {
	From, To   string // YYYY-MM-DD
	Start, End time.Time
	Loc        *time.Location
}

// ParseRange reads from and to as dates in loc; empty ones mean today at
// now.
func ParseRange(from, to string, loc *time.Location, now time.Time) (Range, error) {
	today := now.In(loc).Format(time.DateOnly)
	from, to = cmp.Or(from, today), cmp.Or(to, cmp.Or(from, today))
	start, err := time.ParseInLocation(time.DateOnly, from, loc)
	if err != nil {
		return Range{}, ErrRange
	}
	last, err := time.ParseInLocation(time.DateOnly, to, loc)
	if err != nil || last.Before(start) || last.Sub(start) > MaxDays*24*time.Hour {
		return Range{}, ErrRange
	}
	// AddDate, not 24 hours: a day with a DST change is 23 or 25 long.
	return Range{From: from, To: to, Start: start, End: last.AddDate(0, 0, 1), Loc: loc}, nil
}

// Build computes the report of the conversations of r, grouped by
// workstream or agent; offers are the per-agent offer outcomes of the
// same conversations, and now says how long those still waiting have.
func Build(r Range, groupBy string, convs []store.ReportConversation, offers []store.AgentOffers, now time.Time) wire.Report {
	zone := r.Loc.String()
	if zone == "Local" {
		// The machine's own zone has no IANA name in Go; its abbreviation
		// on the first day says which it is.
		zone = r.Start.Format("MST")
	}
	rep := wire.Report{From: r.From, To: r.To, TimeZone: zone, GroupBy: groupBy, Rows: []wire.ReportRow{}}
	groups := map[string][]store.ReportConversation{}
	var names []string
	for _, c := range convs {
		name := c.Workstream
		if groupBy == wire.ByAgent {
			if c.HandledBy == 0 {
				continue // no agent had it: only the workstream figures count it
			}
			name = c.HandledByName
		}
		if _, ok := groups[name]; !ok {
			names = append(names, name)
		}
		groups[name] = append(groups[name], c)
	}
	if groupBy == wire.ByAgent {
		// An agent who was only offered conversations has a row too.
		for _, o := range offers {
			if _, ok := groups[o.Name]; !ok {
				groups[o.Name] = nil
				names = append(names, o.Name)
			}
		}
	}
	slices.Sort(names)
	for _, name := range names {
		row := figures(name, groups[name], now)
		if groupBy == wire.ByAgent {
			// By agent, offers are the agent's own: those made to them and
			// how they ended, not every offer of their conversations.
			row.Offered, row.Rejected, row.Missed, row.Abandoned = 0, 0, 0, 0
			for _, o := range offers {
				if o.Name == name {
					row.Offered += o.Offered
					row.Rejected += o.Rejected
					row.Missed += o.Missed
				}
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	rep.Total = figures("Total", convs, now)
	rep.Hours = hours(convs, r.Loc)
	return rep
}

// figures computes one row from its conversations.
func figures(name string, convs []store.ReportConversation, now time.Time) wire.ReportRow {
	row := wire.ReportRow{Name: name, Conversations: len(convs)}
	var responses, handles []time.Duration
	var longest *time.Duration
	stars := 0
	for _, c := range convs {
		if c.Offers > 0 {
			row.Offered++
		}
		if !c.AcceptedAt.IsZero() {
			row.Accepted++
		}
		if c.Transfers > 0 {
			row.Transferred++
		}
		if abandoned(c) {
			row.Abandoned++
		}
		row.Rejected += c.Rejected
		row.Missed += c.Missed
		if c.Rating > 0 {
			stars += c.Rating
			row.CSATCount++
		}
		if d, ok := firstResponse(c); ok {
			responses = append(responses, d)
		}
		if d, ok := handleTime(c); ok {
			handles = append(handles, d)
		}
		if w, ok := wait(c, now); ok && (longest == nil || w > *longest) {
			longest = &w
		}
	}
	slices.Sort(responses)
	row.FirstResponseMedian = ms(percentile(responses, 50))
	row.FirstResponseP90 = ms(percentile(responses, 90))
	row.HandleTimeAverage = ms(average(handles))
	row.LongestWait = ms(longest)
	if row.CSATCount > 0 {
		avg := float64(stars) / float64(row.CSATCount)
		row.CSATAverage = &avg
	}
	return row
}

// abandoned: the customer left (the conversation closed) before any agent
// took it.
func abandoned(c store.ReportConversation) bool {
	return !c.ClosedAt.IsZero() && c.AcceptedAt.IsZero()
}

// firstResponse is from the customer's first message to the agent's first
// one after it. A conversation the agent wrote first (an SMS sent out) has
// none.
func firstResponse(c store.ReportConversation) (time.Duration, bool) {
	if c.FirstCustomerAt.IsZero() || c.FirstAgentAt.IsZero() || c.FirstAgentAt.Before(c.FirstCustomerAt) {
		return 0, false
	}
	return c.FirstAgentAt.Sub(c.FirstCustomerAt), true
}

// handleTime is from the moment an agent first took the conversation to
// its end.
func handleTime(c store.ReportConversation) (time.Duration, bool) {
	if c.AcceptedAt.IsZero() || c.EndedAt.IsZero() {
		return 0, false
	}
	return c.EndedAt.Sub(c.AcceptedAt), true
}

// wait is how long the customer waited for an agent: until one took it,
// until it closed untaken, or, still waiting, until now.
func wait(c store.ReportConversation, now time.Time) (time.Duration, bool) {
	switch {
	case !c.AcceptedAt.IsZero():
		return c.AcceptedAt.Sub(c.CreatedAt), true
	case !c.ClosedAt.IsZero():
		return c.ClosedAt.Sub(c.CreatedAt), true
	case c.Status == store.StatusOpen:
		return now.Sub(c.CreatedAt), true
	}
	return 0, false
}

// percentile is the nearest-rank percentile of sorted durations: the
// smallest one that at least p % of them do not exceed.
func percentile(sorted []time.Duration, p int) *time.Duration {
	if len(sorted) == 0 {
		return nil
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	d := sorted[max(rank, 1)-1]
	return &d
}

func average(ds []time.Duration) *time.Duration {
	if len(ds) == 0 {
		return nil
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	avg := sum / time.Duration(len(ds))
	return &avg
}

func ms(d *time.Duration) *int64 {
	if d == nil {
		return nil
	}
	v := d.Milliseconds()
	return &v
}

// hours counts the conversations by the hour of day they started in, in
// the report's time zone, with each hour's median first response.
func hours(convs []store.ReportConversation, loc *time.Location) []wire.ReportHour {
	out := make([]wire.ReportHour, 24)
	responses := make([][]time.Duration, 24)
	for h := range out {
		out[h].Hour = h
	}
	for _, c := range convs {
		h := c.CreatedAt.In(loc).Hour()
		out[h].Conversations++
		if d, ok := firstResponse(c); ok {
			responses[h] = append(responses[h], d)
		}
	}
	for h := range out {
		slices.Sort(responses[h])
		out[h].FirstResponseMedian = ms(percentile(responses[h], 50))
	}
	return out
}

// CSVHeader names the columns of WriteCSV.
var CSVHeader = []string{
	"conversation", "title", "channel", "workstream", "status", "started_at", "agent",
	"offers", "rejected", "missed", "accepted_at", "abandoned", "transfers",
	"wait_seconds", "first_response_seconds", "handle_seconds", "ended_at", "closed_at", "rating",
}

// WriteCSV writes one RFC 4180 row per conversation, times in loc as RFC
// 3339, durations in seconds; an empty cell is a figure it does not have.
func WriteCSV(w io.Writer, convs []store.ReportConversation, loc *time.Location, now time.Time) error {
	out := csv.NewWriter(w)
	if err := out.Write(CSVHeader); err != nil {
		return err
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.RFC3339)
	}
	secs := func(d time.Duration, ok bool) string {
		if !ok {
			return ""
		}
		return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
	}
	for _, c := range convs {
		response, hasResponse := firstResponse(c)
		waited, hasWait := wait(c, now)
		handle, hasHandle := handleTime(c)
		if err := out.Write([]string{
			strconv.FormatInt(c.ID, 10), c.Title, c.Channel, c.Workstream, c.Status, at(c.CreatedAt), c.HandledByName,
			strconv.Itoa(c.Offers), strconv.Itoa(c.Rejected), strconv.Itoa(c.Missed),
			at(c.AcceptedAt), fmt.Sprint(abandoned(c)), strconv.Itoa(c.Transfers),
			secs(waited, hasWait), secs(response, hasResponse), secs(handle, hasHandle), at(c.EndedAt), at(c.ClosedAt),
			rating(c.Rating),
		}); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

func rating(stars int) string {
	if stars == 0 {
		return ""
	}
	return strconv.Itoa(stars)
}
