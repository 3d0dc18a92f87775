package workspace

import (
	"encoding/json"
	"fmt"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// snapshotVersion changes when the saved shape does; an older snapshot is
// then ignored rather than misread.
const snapshotVersion = 1

type snapshot struct {
	Version  int        `json:"version"`
	Sessions []*Session `json:"sessions"`
	Focused  string     `json:"focused"`
	NextID   int        `json:"nextId"`
	// Synced are the parts as this browser last had them in step with the
	// server (see Store.Merge), so a merge after a reload knows what
	// changed on which side.
	Synced map[string]wire.WorkspacePart `json:"synced,omitempty"`
}

// Snapshot is the workspace as JSON for local storage, so sessions and their
// unsaved work survive a reload or a browser restart [S13]. Transcripts are
// left out: the server has them.
func (s *Store) Snapshot() ([]byte, error) {
	return json.Marshal(snapshot{Version: snapshotVersion, Sessions: s.sessions, Focused: s.focused, NextID: s.nextID, Synced: s.synced})
}

// Restore replaces the sessions with a snapshot. A snapshot it cannot trust
// leaves the store as it was and returns an error.
func (s *Store) Restore(b []byte) error {
	var snap snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		return fmt.Errorf("restore workspace: %w", err)
	}
	if snap.Version != snapshotVersion {
		return fmt.Errorf("restore workspace: snapshot version %d, want %d", snap.Version, snapshotVersion)
	}
	if len(snap.Sessions) == 0 || snap.Sessions[0].ID != HomeID {
		return fmt.Errorf("restore workspace: Home is missing")
	}
	seen := make(map[string]bool)
	slots := make(map[int]bool)
	var kept []*Session
	for _, x := range snap.Sessions {
		// The administrator's limit is not known yet at restore: keep what
		// any allowed limit could hold.
		if seen[x.ID] || len(x.Tabs) == 0 || len(kept) >= MaxSessionLimit {
			continue
		}
		if x.Slot < 0 || x.Slot >= MaxSessionLimit || slots[x.Slot] {
			continue
		}
		x.DraftShown = x.Draft
		tabSlots := make(map[int]bool)
		for i, t := range x.Tabs {
			if t.Slot < 0 || t.Slot >= s.TabLimit || tabSlots[t.Slot] {
				t.Slot = i
			}
			tabSlots[t.Slot] = true
			if t.Kind == TabKnowledge && t.Knowledge == nil {
				t.Knowledge = &Knowledge{}
			}
			if t.Kind == TabArticle && t.Article == nil {
				t.Article = &wire.Article{}
			}
			if t.Kind == TabCase && t.Case == nil {
				t.Case = &CaseForm{}
				t.Case.MarkSaved(t.Case.Saved)
			}
			if t.Case != nil {
				t.Case.Shown = t.Case.Edit
			}
			if t.Knowledge != nil {
				t.Knowledge.QueryShown = t.Knowledge.Query
			}
			if t.Kind == TabContact && t.Contact == nil {
				t.Contact = &ContactForm{}
			}
			if t.Contact != nil {
				t.Contact.Shown = t.Contact.Edit
			}
		}
		seen[x.ID], slots[x.Slot] = true, true
		kept = append(kept, x)
	}
	s.sessions = kept
	s.nextID = snap.NextID
	s.synced = snap.Synced
	s.focused = HomeID
	if _, ok := s.Session(snap.Focused); ok {
		s.focused = snap.Focused
	}
	return nil
}

// Persister keeps the snapshot of one agent's workspace between page loads:
// the browser's local storage, or anything else that holds bytes.
type Persister interface {
	Load() ([]byte, error) // nil, nil when nothing was saved
	Save(snapshot []byte) error
}

// Use restores the workspace from p and saves it there from then on. A
// snapshot it cannot trust is reported and leaves the store as it was.
func (s *Store) Use(p Persister) error {
	s.persister = p
	b, err := p.Load()
	if err != nil || len(b) == 0 {
		return err
	}
	return s.Restore(b)
}

// Save writes the workspace to its Persister, if it has one.
func (s *Store) Save() error {
	if s.persister == nil {
		return nil
	}
	b, err := s.Snapshot()
	if err != nil {
		return err
	}
	return s.persister.Save(b)
}
