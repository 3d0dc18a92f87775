package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/token"
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
		problem(w, http.StatusNotFound, "error.no.workstream")
		return
	}
	// The store refuses a secret another SMS workstream has (taken).
	if badFields(w, refusedFields(err, nil)) {
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
	fields := map[string]wire.FieldProblem{}
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fields["name"] = wire.FieldProblem{Reason: wire.ReasonRequired}
	case n > maxWorkstreamNameLen:
		fields["name"] = wire.FieldProblem{Reason: wire.ReasonTooLong, Max: maxWorkstreamNameLen}
	}
	if in.Channel != store.ChannelChat && in.Channel != store.ChannelSMS {
		fields["channel"] = wire.FieldProblem{Reason: wire.ReasonChoice}
	}
	if in.Mode != store.ModeLive && in.Mode != store.ModePersistent {
		fields["mode"] = wire.FieldProblem{Reason: wire.ReasonChoice}
	}
	if in.CapacityUnits < 1 || in.CapacityUnits > maxWorkstreamUnits {
		fields["capacityUnits"] = wire.FieldProblem{Reason: wire.ReasonRange, Min: 1, Max: maxWorkstreamUnits}
	}
	if in.OfferTimeout < minOfferTimeoutSecs || in.OfferTimeout > maxOfferTimeoutSecs {
		fields["offerTimeout"] = wire.FieldProblem{Reason: wire.ReasonRange, Min: minOfferTimeoutSecs, Max: maxOfferTimeoutSecs}
	}
	if in.WaitingDays < 1 || in.WaitingDays > maxWaitingDays {
		fields["waitingDays"] = wire.FieldProblem{Reason: wire.ReasonRange, Min: 1, Max: maxWaitingDays}
	}
	// Empty keeps the stored secret [A1]: the page never has it to send back.
	if in.Secret != "" {
		if err := token.CheckSecret(in.Secret); err != nil {
			fields["secret"] = wire.FieldProblem{Reason: wire.ReasonFormat, Min: token.MinSecretLen, Max: token.MaxSecretLen}
		}
	}
	in.OutboundURL = strings.TrimSpace(in.OutboundURL)
	if in.OutboundURL != "" && !webURL(in.OutboundURL) {
		fields["outboundUrl"] = wire.FieldProblem{Reason: wire.ReasonFormat, Max: wire.MaxOutboundURLRunes}
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
		SurveyOff:     in.SurveyOff,
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
		SurveyOff:     ws.SurveyOff,
	}
}
