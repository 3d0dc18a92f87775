package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// An agent's workspace follows them to any computer [S13]. Only their own:
// the routes name no agent, the sign-in does.

func (s *Server) workspace(w http.ResponseWriter, r *http.Request) {
	parts, err := s.store.WorkspaceParts(r.Context(), agentFrom(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make(map[string]wire.WorkspacePart, len(parts))
	for name, p := range parts {
		out[name] = wire.WorkspacePart{Value: p.Value, Version: p.Version}
	}
	writeJSON(w, http.StatusOK, out)
}

// maxWorkspaceBody bounds a save: every part at its largest would be far
// more than any workspace holds; this is what one window sends at most.
const maxWorkspaceBody = 4 << 20

func (s *Server) changeWorkspace(w http.ResponseWriter, r *http.Request) {
	var in wire.WorkspaceChanges
	if !readJSONUpTo(w, r, &in, maxWorkspaceBody) {
		return
	}
	changes := make([]store.WorkspaceChange, len(in.Changes))
	for i, c := range in.Changes {
		changes[i] = store.WorkspaceChange{Part: c.Part, Value: c.Value, Delete: c.Delete, Base: c.Base}
	}
	applied, conflicts, err := s.store.ChangeWorkspace(r.Context(), agentFrom(r).ID, changes)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := wire.WorkspaceSaved{Applied: applied}
	if len(conflicts) > 0 {
		out.Conflicts = make(map[string]wire.WorkspacePart, len(conflicts))
		for name, p := range conflicts {
			out.Conflicts[name] = wire.WorkspacePart{Value: p.Value, Version: p.Version}
		}
	}
	writeJSON(w, http.StatusOK, out)
}
