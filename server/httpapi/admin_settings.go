package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/settings"
)

// settings answers every agent the workspace settings, defaults filled in.
func (s *Server) settings(w http.ResponseWriter, r *http.Request) {
	st, err := settings.Load(r.Context(), s.store)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st.Wire())
}

func (s *Server) putSettings(w http.ResponseWriter, r *http.Request) {
	var in wire.Settings
	if !readJSON(w, r, &in) {
		return
	}
	change := settings.FromWire(in)
	if badFields(w, change.Validate()) {
		return
	}
	if err := settings.Save(r.Context(), s.store, change); err != nil {
		s.fail(w, r, err)
		return
	}
	s.adminLog(r, "settings changed", "sentiment_threshold", in.SentimentThreshold,
		"session_limit", in.SessionLimit, "default_presence", in.DefaultPresence,
		"presence_when_full", in.PresenceWhenFull, "presence_when_partial", in.PresenceWhenPartial,
		"inactive_on_miss", in.InactiveOnMiss, "dashboard_streams", in.DashboardStreams, "max_file_mb", change.MaxFileMB)
	// The new rules apply to everyone now, not at their next load change.
	s.routing.RulesChanged(r.Context())
	// As stored, defaults filled in where a duration was left at 0; open
	// workspaces apply them at once.
	out := change.Wire()
	s.relay.ToAgents(wire.Encode(wire.TypeSettingsUpdated, 0, 0, out))
	writeJSON(w, http.StatusOK, out)
}
