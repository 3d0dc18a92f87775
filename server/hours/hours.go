// Package hours is the rule of business hours [X3]: whether a workstream
// is open at an instant, and when it opens next.
//
// Hours are wall-clock times in the workstream's IANA time zone, so a
// workstream that opens at 09:00 opens at 09:00 local time on both sides
// of a daylight-saving change. A day may have several ranges (a contact
// centre that closes for lunch, or opens again for an evening shift); a
// range ends at the latest at 24:00, so hours past midnight are two
// ranges, one on each day. Closed dates (holidays) are local dates.
//
// A schedule without a time zone is not configured: the workstream is
// always open, as every workstream was before business hours existed.
package hours

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Range is one opening on a day, in minutes after local midnight:
// Opens < Closes <= 1440.
type Range struct {
	Opens  int `json:"opens"`
	Closes int `json:"closes"`
}

// Schedule is a workstream's business hours.
type Schedule struct {
	// Zone is an IANA time zone name; "" means always open.
	Zone string `json:"zone,omitempty"`
	// Week holds each day's ranges, indexed by time.Weekday (Sunday 0),
	// sorted and not overlapping. A day without ranges is closed.
	Week [7][]Range `json:"week"`
	// Closed are local dates (2006-01-02) on which the workstream stays
	// closed all day, sorted.
	Closed []string `json:"closed,omitempty"`

	loc *time.Location // Zone loaded, by Parse or Decode
}

// DateLayout is how closed dates are written.
const DateLayout = "2006-01-02"

// Limits of a schedule, so a stored one stays small.
const (
	MaxRangesPerDay = 6
	MaxClosedDates  = 400
)

// Configured says whether the schedule limits when the workstream is open.
func (s Schedule) Configured() bool { return s.Zone != "" && s.loc != nil }

// Open says whether the workstream is open at t.
func (s Schedule) Open(t time.Time) bool {
	if !s.Configured() {
		return true
	}
	local := t.In(s.loc)
	if s.closedOn(local) {
		return false
	}
	minute := local.Hour()*60 + local.Minute()
	for _, r := range s.Week[local.Weekday()] {
		if minute >= r.Opens && minute < r.Closes {
			return true
		}
	}
	return false
}

func (s Schedule) closedOn(local time.Time) bool {
	_, found := slices.BinarySearch(s.Closed, local.Format(DateLayout))
	return found
}

// NextOpen returns the first instant after t at which the workstream
// opens, t itself when it is open, and false when it never opens within
// the year and more that closed dates can cover.
func (s Schedule) NextOpen(t time.Time) (time.Time, bool) {
	if s.Open(t) {
		return t, true
	}
	local := t.In(s.loc)
	y, m, d := local.Date()
	for i := 0; i <= MaxClosedDates+7; i++ {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, s.loc) // noon is never skipped by DST
		if s.closedOn(day) {
			continue
		}
		for _, r := range s.Week[day.Weekday()] {
			start := time.Date(day.Year(), day.Month(), day.Day(), r.Opens/60, r.Opens%60, 0, 0, s.loc)
			// A start in a DST gap (say 03:30 on the night clocks jump
			// from 03:00 to 04:00) is moved by time.Date past the gap;
			// Open then decides by the wall clock there.
			if start.After(t) && s.Open(start) {
				return start, true
			}
		}
	}
	return time.Time{}, false
}

// Problem is one refused part of a schedule, with a wire reason code.
// Field is "zone", "closed" or a day's lower-case English name ("monday").
type Problem struct {
	Field  string
	Reason string
	Max    int
}

func (p Problem) Error() string { return p.Field + ": " + p.Reason }

// Text is a schedule as an administrator writes it: per day a list like
// "09:00-12:00, 13:00-17:00" ("" for closed), closed dates separated by
// commas or new lines.
type Text struct {
	Zone   string
	Days   [7]string // by time.Weekday
	Closed string
}

// Parse checks an administrator's schedule, returning every problem.
func Parse(in Text) (Schedule, []Problem) {
	var s Schedule
	var problems []Problem
	s.Zone = strings.TrimSpace(in.Zone)
	if s.Zone != "" {
		// LoadLocation also takes "Local" and "UTC"; "Local" is the
		// server's zone, which no administrator means.
		loc, err := location(s.Zone)
		if err != nil || s.Zone == "Local" {
			problems = append(problems, Problem{Field: "zone", Reason: wire.ReasonUnknownZone})
		} else {
			s.loc = loc
		}
	}
	hasHours := false
	for day := time.Sunday; day <= time.Saturday; day++ {
		field := strings.ToLower(day.String())
		ranges, p := parseDay(in.Days[day])
		if p != "" {
			pr := Problem{Field: field, Reason: p}
			if p == wire.ReasonTooMany {
				pr.Max = MaxRangesPerDay
			}
			problems = append(problems, pr)
			continue
		}
		s.Week[day] = ranges
		hasHours = hasHours || len(ranges) > 0
	}
	for _, f := range strings.FieldsFunc(in.Closed, func(r rune) bool { return r == ',' || r == '\n' || r == ';' || r == ' ' || r == '\r' || r == '\t' }) {
		d, err := time.Parse(DateLayout, f)
		if err != nil {
			problems = append(problems, Problem{Field: "closed", Reason: wire.ReasonFormat})
			break
		}
		s.Closed = append(s.Closed, d.Format(DateLayout))
	}
	slices.Sort(s.Closed)
	s.Closed = slices.Compact(s.Closed)
	if len(s.Closed) > MaxClosedDates {
		problems = append(problems, Problem{Field: "closed", Reason: wire.ReasonTooMany, Max: MaxClosedDates})
	}
	if s.Zone == "" && (hasHours || len(s.Closed) > 0) {
		problems = append(problems, Problem{Field: "zone", Reason: wire.ReasonZoneNeeded})
	}
	if len(problems) > 0 {
		return Schedule{}, problems
	}
	return s, nil
}

// parseDay reads "09:00-12:00, 13:00-17:00" into sorted ranges, or says
// why it cannot.
func parseDay(text string) ([]Range, string) {
	var ranges []Range
	for _, part := range strings.Split(text, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, ok := strings.Cut(strings.NewReplacer("–", "-", "—", "-").Replace(part), "-")
		if !ok {
			return nil, wire.ReasonFormat
		}
		opens, ok1 := parseClock(from)
		closes, ok2 := parseClock(to)
		if !ok1 || !ok2 || opens == 24*60 {
			return nil, wire.ReasonFormat
		}
		if closes <= opens {
			return nil, wire.ReasonOrder
		}
		ranges = append(ranges, Range{Opens: opens, Closes: closes})
	}
	if len(ranges) > MaxRangesPerDay {
		return nil, wire.ReasonTooMany
	}
	slices.SortFunc(ranges, func(a, b Range) int { return a.Opens - b.Opens })
	for i := 1; i < len(ranges); i++ {
		if ranges[i].Opens < ranges[i-1].Closes {
			return nil, wire.ReasonOverlap
		}
	}
	return ranges, ""
}

// parseClock reads "9:00", "09:00" or "24:00" as minutes after midnight.
func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return hh*60 + mm, true
}

// Format writes s back as an administrator reads it.
func Format(s Schedule) Text {
	t := Text{Zone: s.Zone, Closed: strings.Join(s.Closed, ", ")}
	for day, ranges := range s.Week {
		parts := make([]string, len(ranges))
		for i, r := range ranges {
			parts[i] = clock(r.Opens) + "-" + clock(r.Closes)
		}
		t.Days[day] = strings.Join(parts, ", ")
	}
	return t
}

func clock(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// Encode is how the store keeps a schedule: "" for none.
func Encode(s Schedule) string {
	if s.Zone == "" {
		return ""
	}
	b, _ := json.Marshal(s) // plain data: cannot fail
	return string(b)
}

// Decode reads what Encode wrote. A zone this binary no longer knows
// leaves the workstream always open rather than never, and is reported.
func Decode(stored string) (Schedule, error) {
	var s Schedule
	if stored == "" {
		return s, nil
	}
	if err := json.Unmarshal([]byte(stored), &s); err != nil {
		return Schedule{}, fmt.Errorf("business hours: %w", err)
	}
	loc, err := location(s.Zone)
	if err != nil {
		return s, fmt.Errorf("business hours: %w", err)
	}
	s.loc = loc
	return s, nil
}

// zones caches loaded time zones: the router decodes every workstream's
// hours whenever it routes, and time.LoadLocation parses the zone's data
// anew on each call.
var zones sync.Map // name → *time.Location

func location(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}
