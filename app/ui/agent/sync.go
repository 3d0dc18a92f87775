package agent

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// The workspace follows the agent to any computer [S13]: besides this
// browser's local storage, its parts are kept on the server (see
// workspace.Store.Merge for the rule between two windows).

// loadWorkspace merges the workspace as the server has it into this
// window's, at sign-in and after a save that conflicted.
func (w *Workspace) loadWorkspace() {
	ctx := w.self
	store := w.store
	ctx.Async(func() {
		var remote map[string]wire.WorkspacePart
		err := kit.Call(ctx, "GET", "/api/workspace", nil, &remote)
		w.dispatch(ctx, func(ctx app.Context) {
			if w.store != store {
				return // signed out meanwhile
			}
			if err != nil {
				w.fail(err)
				return
			}
			changed, err := w.store.Merge(remote)
			if err != nil {
				app.Log("ignoring the saved workspace:", err)
				return
			}
			if changed {
				// Sessions opened on another computer: follow their
				// conversations too.
				for conv, since := range w.store.Resume() {
					w.client.Subscribe(conv, since)
					w.loadDetails(conv)
				}
			}
			w.synced = true
			w.save()
		})
	})
}

// push sends what changed since the server last had it, one request at a
// time; a change made meanwhile goes in the next.
func (w *Workspace) push() {
	if !w.synced {
		return // nothing is sent before the server's workspace is merged in
	}
	if w.pushing {
		w.pushAgain = true
		return
	}
	changes := w.store.Changes()
	if len(changes) == 0 {
		return
	}
	w.pushing = true
	ctx := w.self
	store := w.store
	ctx.Async(func() {
		var answer wire.WorkspaceSaved
		err := kit.Call(ctx, "PUT", "/api/workspace", wire.WorkspaceChanges{Changes: changes}, &answer)
		ctx.Dispatch(func(ctx app.Context) {
			w.pushing = false
			w.local = true // nothing shown changes, unless a merge follows
			if w.store != store {
				return
			}
			if err != nil {
				// Kept in local storage; sent with the next change.
				app.Log("saving the workspace on the server:", err)
				return
			}
			if w.store.Sent(changes, answer) {
				w.loadWorkspace()
				return
			}
			if w.pushAgain {
				w.pushAgain = false
				w.push()
			}
		})
	})
}
