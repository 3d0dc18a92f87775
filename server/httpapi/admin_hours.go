package httpapi

import (
	"net/http"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/hours"
	"github.com/switchboard-cx/switchboard/server/store"
)

// workstreamHours answers a workstream's business hours [X3], with
// whether it is open now by the server's clock.
func (s *Server) workstreamHours(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Workstream")
	if !ok {
		return
	}
	ws, err := s.store.Workstream(r.Context(), id)
	if err != nil {
		s.failWorkstream(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.wireHours(ws))
}

// setWorkstreamHours saves a workstream's business hours and offline
// message, refusing every invalid part with its reason [X3]; the queue is
// routed again, as it may have just opened.
func (s *Server) setWorkstreamHours(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Workstream")
	if !ok {
		return
	}
	var in wire.BusinessHours
	if !readJSON(w, r, &in) {
		return
	}
	text := hours.Text{Zone: in.TimeZone, Closed: in.ClosedDates}
	for i, day := range in.Days {
		text.Days[weekday(i)] = day
	}
	schedule, problems := hours.Parse(text)
	fields := map[string]wire.FieldProblem{}
	for _, p := range problems {
		field := map[string]string{"zone": "timeZone", "closed": "closedDates"}[p.Field]
		if field == "" {
			field = p.Field // a day's name, as wire.Weekdays
		}
		fields[field] = wire.FieldProblem{Reason: p.Reason, Max: p.Max}
	}
	if badFields(w, fields) {
		return
	}
	ws, err := s.store.SetBusinessHours(r.Context(), id, schedule, in.OfflineMessage)
	if badFields(w, refusedFields(err, map[string]string{"offline_message": "offlineMessage"})) {
		return
	}
	if err != nil {
		s.failWorkstream(w, r, err)
		return
	}
	s.adminLog(r, "business hours changed", "workstream", ws.ID, "zone", ws.Hours.Zone, "closed_dates", len(ws.Hours.Closed))
	s.routing.Route(r.Context())
	writeJSON(w, http.StatusOK, s.wireHours(ws))
}

// weekday is the time.Weekday of wire.BusinessHours.Days[i], Monday first.
func weekday(i int) time.Weekday { return time.Weekday((i + 1) % 7) }

func (s *Server) wireHours(ws store.Workstream) wire.BusinessHours {
	text := hours.Format(ws.Hours)
	out := wire.BusinessHours{TimeZone: text.Zone, ClosedDates: text.Closed, OfflineMessage: ws.OfflineMessage}
	for i := range out.Days {
		out.Days[i] = text.Days[weekday(i)]
	}
	now := s.routing.Now()
	out.Open = ws.Hours.Open(now)
	if next, ok := ws.Hours.NextOpen(now); ok {
		out.NextOpen = next.UTC()
	}
	return out
}
