package hours

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// riga opens 09:00-17:00 on weekdays, with a lunch break on Fridays, and
// is closed on Saturdays, Sundays and Christmas Eve.
func riga(t *testing.T) Schedule {
	t.Helper()
	var in Text
	in.Zone = "Europe/Riga"
	for d := time.Monday; d <= time.Thursday; d++ {
		in.Days[d] = "09:00-17:00"
	}
	in.Days[time.Friday] = "13:00-17:00, 09:00-12:00"
	in.Closed = "2026-12-24"
	s, problems := Parse(in)
	require.Empty(t, problems)
	return s
}

func at(t *testing.T, local string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Riga")
	require.NoError(t, err)
	v, err := time.ParseInLocation("2006-01-02 15:04:05", local, loc)
	require.NoError(t, err)
	return v
}

func TestOpen(t *testing.T) {
	s := riga(t)
	t.Run("just before opening it is closed, at opening it is open", func(t *testing.T) {
		require.False(t, s.Open(at(t, "2026-12-01 08:59:59")))
		require.True(t, s.Open(at(t, "2026-12-01 09:00:00")))
	})
	t.Run("at closing time it is closed, a second before open", func(t *testing.T) {
		require.True(t, s.Open(at(t, "2026-12-01 16:59:59")))
		require.False(t, s.Open(at(t, "2026-12-01 17:00:00")))
	})
	t.Run("the lunch break between two ranges is closed", func(t *testing.T) {
		require.True(t, s.Open(at(t, "2026-12-04 11:59:00")))
		require.False(t, s.Open(at(t, "2026-12-04 12:30:00")))
		require.True(t, s.Open(at(t, "2026-12-04 13:00:00")))
	})
	t.Run("a day without hours is closed all day", func(t *testing.T) {
		require.False(t, s.Open(at(t, "2026-12-05 10:00:00"))) // Saturday
	})
	t.Run("on a closed date it is closed during the usual hours", func(t *testing.T) {
		require.False(t, s.Open(at(t, "2026-12-24 10:00:00"))) // Thursday
		require.True(t, s.Open(at(t, "2026-12-23 10:00:00")))
	})
	t.Run("the instant is judged in the workstream's zone, not the caller's", func(t *testing.T) {
		// 07:30 UTC is 09:30 in Riga in winter (UTC+2).
		require.True(t, s.Open(time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC)))
		require.False(t, s.Open(time.Date(2026, 12, 1, 6, 30, 0, 0, time.UTC)))
	})
	t.Run("without a time zone it is always open", func(t *testing.T) {
		var none Schedule
		require.False(t, none.Configured())
		require.True(t, none.Open(at(t, "2026-12-05 03:00:00")))
	})
}

func TestDaylightSavingChange(t *testing.T) {
	var in Text
	in.Zone = "Europe/Riga"
	for d := time.Sunday; d <= time.Saturday; d++ {
		in.Days[d] = "09:00-17:00"
	}
	s, problems := Parse(in)
	require.Empty(t, problems)
	t.Run("in spring, it opens at 09:00 local: an hour earlier in UTC after the change", func(t *testing.T) {
		// Clocks go from 03:00 to 04:00 on Sunday 29 March 2026.
		require.True(t, s.Open(time.Date(2026, 3, 28, 7, 0, 0, 0, time.UTC)))   // 09:00 EET
		require.False(t, s.Open(time.Date(2026, 3, 28, 6, 59, 0, 0, time.UTC))) // 08:59 EET
		require.True(t, s.Open(time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC)))   // 09:00 EEST
		require.False(t, s.Open(time.Date(2026, 3, 29, 5, 59, 0, 0, time.UTC))) // 08:59 EEST
		require.False(t, s.Open(time.Date(2026, 3, 29, 14, 0, 0, 0, time.UTC))) // 17:00 EEST
	})
	t.Run("in autumn, it opens at 09:00 local: an hour later in UTC after the change", func(t *testing.T) {
		// Clocks go from 04:00 back to 03:00 on Sunday 25 October 2026.
		require.True(t, s.Open(time.Date(2026, 10, 24, 6, 0, 0, 0, time.UTC)))  // 09:00 EEST
		require.False(t, s.Open(time.Date(2026, 10, 25, 6, 0, 0, 0, time.UTC))) // 08:00 EET
		require.True(t, s.Open(time.Date(2026, 10, 25, 7, 0, 0, 0, time.UTC)))  // 09:00 EET
	})
	t.Run("the next opening after the spring change is 09:00 EEST", func(t *testing.T) {
		next, ok := s.NextOpen(time.Date(2026, 3, 28, 20, 0, 0, 0, time.UTC))
		require.True(t, ok)
		require.Equal(t, time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC), next.UTC())
	})
}

func TestNextOpen(t *testing.T) {
	s := riga(t)
	t.Run("open now is now", func(t *testing.T) {
		now := at(t, "2026-12-01 10:00:00")
		next, ok := s.NextOpen(now)
		require.True(t, ok)
		require.Equal(t, now, next)
	})
	t.Run("after Friday's closing it is Monday's opening", func(t *testing.T) {
		next, ok := s.NextOpen(at(t, "2026-12-04 17:00:00"))
		require.True(t, ok)
		require.True(t, at(t, "2026-12-07 09:00:00").Equal(next), next)
	})
	t.Run("during the lunch break it is the afternoon's range", func(t *testing.T) {
		next, _ := s.NextOpen(at(t, "2026-12-04 12:00:00"))
		require.True(t, at(t, "2026-12-04 13:00:00").Equal(next), next)
	})
	t.Run("a closed date is skipped", func(t *testing.T) {
		next, _ := s.NextOpen(at(t, "2026-12-23 18:00:00"))
		require.True(t, at(t, "2026-12-25 09:00:00").Equal(next), next)
	})
	t.Run("a schedule with no hours at all never opens", func(t *testing.T) {
		closed, problems := Parse(Text{Zone: "UTC"})
		require.Empty(t, problems)
		_, ok := closed.NextOpen(at(t, "2026-12-23 18:00:00"))
		require.False(t, ok)
	})
}

func TestParseRefusals(t *testing.T) {
	refused := func(in Text) []Problem {
		_, p := Parse(in)
		return p
	}
	day := func(text string) Text {
		in := Text{Zone: "Europe/Riga"}
		in.Days[time.Monday] = text
		return in
	}
	for _, c := range []struct {
		name string
		in   Text
		want Problem
	}{
		{"an unknown zone", Text{Zone: "Europe/Atlantis"}, Problem{Field: "zone", Reason: wire.ReasonUnknownZone}},
		{"the server's Local zone", Text{Zone: "Local"}, Problem{Field: "zone", Reason: wire.ReasonUnknownZone}},
		{"hours without a zone", func() Text { in := day("09:00-17:00"); in.Zone = ""; return in }(), Problem{Field: "zone", Reason: wire.ReasonZoneNeeded}},
		{"closed dates without a zone", Text{Closed: "2026-12-24"}, Problem{Field: "zone", Reason: wire.ReasonZoneNeeded}},
		{"a range that is not two times", day("9 to 5"), Problem{Field: "monday", Reason: wire.ReasonFormat}},
		{"an hour past 24", day("09:00-25:00"), Problem{Field: "monday", Reason: wire.ReasonFormat}},
		{"minutes past 59", day("09:60-17:00"), Problem{Field: "monday", Reason: wire.ReasonFormat}},
		{"a range that ends before it starts", day("17:00-09:00"), Problem{Field: "monday", Reason: wire.ReasonOrder}},
		{"an empty range", day("09:00-09:00"), Problem{Field: "monday", Reason: wire.ReasonOrder}},
		{"overlapping ranges", day("09:00-13:00, 12:00-17:00"), Problem{Field: "monday", Reason: wire.ReasonOverlap}},
		{"too many ranges", day("01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,09:00-10:00,11:00-12:00,13:00-14:00"),
			Problem{Field: "monday", Reason: wire.ReasonTooMany, Max: MaxRangesPerDay}},
		{"a date that does not exist", Text{Zone: "UTC", Closed: "2026-02-30"}, Problem{Field: "closed", Reason: wire.ReasonFormat}},
		{"a date in another format", Text{Zone: "UTC", Closed: "24.12.2026"}, Problem{Field: "closed", Reason: wire.ReasonFormat}},
	} {
		t.Run("refuses "+c.name, func(t *testing.T) {
			require.Contains(t, refused(c.in), c.want)
		})
	}
	t.Run("accepts ranges that touch, 24:00, an en dash and dates in any order", func(t *testing.T) {
		in := day("13:00–24:00, 09:00-13:00")
		in.Closed = "2026-12-26\n2026-12-24, 2026-12-24"
		s, p := Parse(in)
		require.Empty(t, p)
		require.Equal(t, []Range{{540, 780}, {780, 1440}}, s.Week[time.Monday])
		require.Equal(t, []string{"2026-12-24", "2026-12-26"}, s.Closed)
		require.Equal(t, "09:00-13:00, 13:00-24:00", Format(s).Days[time.Monday])
	})
}

func TestEncodeDecode(t *testing.T) {
	s := riga(t)
	back, err := Decode(Encode(s))
	require.NoError(t, err)
	require.Equal(t, Format(s), Format(back))
	require.False(t, back.Open(at(t, "2026-12-24 10:00:00")))
	none, err := Decode(Encode(Schedule{}))
	require.NoError(t, err)
	require.False(t, none.Configured())
}

// BenchmarkDecode is what routing pays per workstream with hours on every
// routing pass.
func BenchmarkDecode(b *testing.B) {
	var in Text
	in.Zone, in.Days[time.Monday], in.Closed = "Europe/Riga", "09:00-17:00", "2026-12-24"
	s, _ := Parse(in)
	stored := Encode(s)
	for b.Loop() {
		if _, err := Decode(stored); err != nil {
			b.Fatal(err)
		}
	}
}
