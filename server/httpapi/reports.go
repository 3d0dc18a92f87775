package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/report"
	"github.com/switchboard-cx/switchboard/server/store"
)

// reportRange reads ?from=&to= as days in the installation's time zone.
func (s *Server) reportRange(w http.ResponseWriter, r *http.Request) (report.Range, bool) {
	q := r.URL.Query()
	rg, err := report.ParseRange(q.Get("from"), q.Get("to"), s.TimeZone, s.routing.Now())
	if err != nil {
		problem(w, http.StatusBadRequest, "error.reports.range")
		return report.Range{}, false
	}
	return rg, true
}

// reports answers the figures of a date range [T5].
func (s *Server) reports(w http.ResponseWriter, r *http.Request) {
	rg, ok := s.reportRange(w, r)
	if !ok {
		return
	}
	group := r.URL.Query().Get("group")
	switch group {
	case "":
		group = wire.ByWorkstream
	case wire.ByWorkstream, wire.ByAgent:
	default:
		problem(w, http.StatusBadRequest, "error.reports.group")
		return
	}
	convs, offers, err := s.reportData(r.Context(), rg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, report.Build(rg, group, convs, offers, s.routing.Now()))
}

func (s *Server) reportData(ctx context.Context, rg report.Range) ([]store.ReportConversation, []store.AgentOffers, error) {
	convs, err := s.store.ReportConversations(ctx, rg.Start, rg.End)
	if err != nil {
		return nil, nil, err
	}
	offers, err := s.store.OffersByAgent(ctx, rg.Start, rg.End)
	return convs, offers, err
}

// reportCSV downloads one row per conversation of a date range [T5].
func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request) {
	rg, ok := s.reportRange(w, r)
	if !ok {
		return
	}
	convs, err := s.store.ReportConversations(r.Context(), rg.Start, rg.End)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="switchboard-`+rg.From+`-`+rg.To+`.csv"`)
	if err := report.WriteCSV(w, convs, rg.Loc, s.routing.Now()); err != nil && !errors.Is(err, context.Canceled) {
		s.log.Warn("report CSV cut short", "err", err)
	}
}
