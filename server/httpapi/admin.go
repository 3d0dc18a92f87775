package httpapi

import (
	"net/http"
)

// Administrators manage the workspace through /api/admin [A1]: one file
// per resource (admin_settings.go, admin_workstreams.go, admin_agents.go,
// admin_quickreplies.go, admin_articles.go); this one holds what they share.

// adminOnly refuses requests of anyone but a signed-in administrator.
func (s *Server) adminOnly(next http.HandlerFunc) http.HandlerFunc {
	return s.agentOnly(func(w http.ResponseWriter, r *http.Request) {
		if agentFrom(r).Role != "admin" {
			problem(w, http.StatusForbidden, "error.admins.only")
			return
		}
		next(w, r)
	})
}

// adminLog records who changed what.
func (s *Server) adminLog(r *http.Request, what string, args ...any) {
	a := agentFrom(r)
	s.log.Info("admin: "+what, append([]any{"admin", a.ID, "admin_email", a.Email}, args...)...)
}
