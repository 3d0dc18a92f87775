package workspace

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// The workspace follows the agent to any computer [S13]: it is saved on
// the server in parts, each with a version. The layout (sessions, tabs,
// focus) is one part, each composer draft and each form's unsaved edits
// one more, named after their session and tab:
//
//	layout, draft/<session>, edit/<session>/<tab>
//
// The rule between two windows of the same agent: a window sends the parts
// it changed, each with the version it changed it from. The server applies
// a part only if that is still its version; otherwise the window loads the
// parts as stored, merges its edits into them and sends the merge
// (Store.Merge). Merging never drops what either side typed: text that
// both changed keeps both edits. A session closed on either side is gone
// from the merge, with its parts: closing discards it everywhere.
const (
	PartLayout = "layout"
	draftPart  = "draft/"
	editPart   = "edit/"
)

// Parts is the workspace as the parts the server keeps.
func (s *Store) Parts() map[string]string {
	out := map[string]string{}
	var layout snapshot
	b, _ := s.Snapshot()
	_ = json.Unmarshal(b, &layout) // a deep copy to strip
	layout.Synced = nil
	for _, x := range layout.Sessions {
		if x.Draft != "" {
			out[draftPart+x.ID] = x.Draft
			x.Draft = ""
		}
		for _, t := range x.Tabs {
			var edit any
			switch {
			case t.Case != nil && t.Case.Dirty():
				edit, t.Case.Edit = t.Case.Edit, t.Case.Saved.Input()
			case t.Contact != nil && t.Contact.Dirty():
				edit, t.Contact.Edit = t.Contact.Edit, t.Contact.Saved.Input()
			default:
				continue
			}
			v, _ := json.Marshal(edit)
			out[editPart+x.ID+"/"+t.ID] = string(v)
		}
	}
	l, _ := json.Marshal(layout)
	out[PartLayout] = string(l)
	return out
}

// ApplyParts makes the workspace what parts say, as Restore does: the
// drafts and form edits they hold are shown. Parts of sessions or tabs the
// layout does not have are ignored.
func (s *Store) ApplyParts(parts map[string]string) error {
	var snap snapshot
	if err := json.Unmarshal([]byte(parts[PartLayout]), &snap); err != nil {
		return err
	}
	for _, x := range snap.Sessions {
		x.Draft = parts[draftPart+x.ID]
		for _, t := range x.Tabs {
			edit, ok := parts[editPart+x.ID+"/"+t.ID]
			if !ok {
				continue
			}
			switch {
			case t.Case != nil:
				_ = json.Unmarshal([]byte(edit), &t.Case.Edit)
			case t.Contact != nil:
				_ = json.Unmarshal([]byte(edit), &t.Contact.Edit)
			}
		}
	}
	snap.Version = snapshotVersion
	snap.Synced = s.synced
	b, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	return s.Restore(b)
}

// Changes are the parts changed since they were last in step with the
// server, each with the version it was changed from; a part gone (its
// session or form closed, its draft sent) is deleted.
func (s *Store) Changes() []wire.WorkspaceChange {
	var out []wire.WorkspaceChange
	parts := s.Parts()
	for _, name := range sortedKeys(parts) {
		if base, ok := s.synced[name]; !ok || base.Value != parts[name] {
			out = append(out, wire.WorkspaceChange{Part: name, Value: parts[name], Base: base.Version})
		}
	}
	for _, name := range sortedKeys(s.synced) {
		if _, ok := parts[name]; !ok {
			out = append(out, wire.WorkspaceChange{Part: name, Delete: true, Base: s.synced[name].Version})
		}
	}
	return out
}

// Sent records the server's answer to changes: the applied ones are in
// step now. It reports whether any conflicted: then load the workspace
// and Merge it.
func (s *Store) Sent(changes []wire.WorkspaceChange, answer wire.WorkspaceSaved) bool {
	if s.synced == nil {
		s.synced = map[string]wire.WorkspacePart{}
	}
	for _, c := range changes {
		v, ok := answer.Applied[c.Part]
		switch {
		case !ok:
		case c.Delete || v == 0:
			delete(s.synced, c.Part)
		default:
			s.synced[c.Part] = wire.WorkspacePart{Value: c.Value, Version: v}
		}
	}
	return len(answer.Conflicts) > 0
}

// Merge brings the workspace in step with remote, every part as stored on
// the server (after a load, or after a save that conflicted), keeping what
// this window changed since it was last in step. The merge is applied;
// Changes then holds what the server lacks of it. It reports whether what
// the workspace shows changed.
func (s *Store) Merge(remote map[string]wire.WorkspacePart) (bool, error) {
	local := s.Parts()
	theirs := make(map[string]string, len(remote))
	for name, p := range remote {
		theirs[name] = p.Value
	}
	merged := mergeParts(baseValues(s.synced), local, theirs)
	s.synced = remote
	if sameParts(merged, local) {
		return false, nil
	}
	return true, s.ApplyParts(merged)
}

func baseValues(base map[string]wire.WorkspacePart) map[string]string {
	out := make(map[string]string, len(base))
	for name, p := range base {
		out[name] = p.Value
	}
	return out
}

func sameParts(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// mergeParts merges two sides changed from base, part by part.
func mergeParts(base, local, remote map[string]string) map[string]string {
	out := map[string]string{}
	layout := mergeLayout(base[PartLayout], local[PartLayout], remote[PartLayout])
	out[PartLayout] = layout.json
	names := map[string]bool{}
	for _, m := range []map[string]string{base, local, remote} {
		for name := range m {
			names[name] = name != PartLayout
		}
	}
	for name, keep := range names {
		if !keep || !layout.has(name) {
			continue // its session or tab is closed
		}
		b, l, r := base[name], local[name], remote[name]
		var v string
		if strings.HasPrefix(name, editPart) {
			v = mergeEdit(b, l, r)
		} else {
			v = mergeText(b, l, r)
		}
		if v != "" {
			out[name] = v
		}
	}
	return out
}

// mergeText merges two edits of one text from base, dropping neither.
func mergeText(base, local, remote string) string {
	switch {
	case local == remote || remote == base:
		return local
	case local == base:
		return remote
	case strings.HasPrefix(local, remote) || strings.Contains(local, remote):
		return local
	case strings.HasPrefix(remote, local) || strings.Contains(remote, local):
		return remote
	case base != "" && strings.HasPrefix(local, base) && strings.HasPrefix(remote, base):
		return remote + local[len(base):] // both typed on at the end
	}
	return remote + "\n" + local
}

// mergeEdit merges two edits of a form field by field: text as mergeText
// does, anything else as the side that changed it (this window's if both).
func mergeEdit(base, local, remote string) string {
	var b, l, r map[string]any
	_ = json.Unmarshal([]byte(base), &b)
	if json.Unmarshal([]byte(local), &l) != nil || l == nil {
		return remote
	}
	if json.Unmarshal([]byte(remote), &r) != nil || r == nil {
		return local
	}
	out := map[string]any{}
	for k := range mergeKeys(l, r) {
		bs, bok := b[k].(string)
		ls, lok := l[k].(string)
		rs, rok := r[k].(string)
		switch {
		case lok && rok && (bok || b[k] == nil):
			out[k] = mergeText(bs, ls, rs)
		case equalJSON(l[k], b[k]):
			out[k] = r[k]
		default:
			out[k] = l[k]
		}
	}
	v, _ := json.Marshal(out)
	return string(v)
}

func mergeKeys(a, b map[string]any) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// mergedLayout is a merged layout and what it holds.
type mergedLayout struct {
	json string
	tabs map[string]bool // "<session>" and "<session>/<tab>"
}

// has says whether a draft or edit part belongs to a session and tab of
// the layout.
func (m mergedLayout) has(part string) bool {
	switch {
	case strings.HasPrefix(part, draftPart):
		return m.tabs[strings.TrimPrefix(part, draftPart)]
	case strings.HasPrefix(part, editPart):
		return m.tabs[strings.TrimPrefix(part, editPart)]
	}
	return false
}

// mergeLayout merges two layouts changed from base session by session: a
// session opened on either side is kept, one closed on either side is
// gone; one both kept is as the side that changed it has it (this
// window's if both).
func mergeLayout(base, local, remote string) mergedLayout {
	var b, l, r snapshot
	_ = json.Unmarshal([]byte(base), &b)
	if json.Unmarshal([]byte(local), &l) != nil {
		return describe(remote)
	}
	if json.Unmarshal([]byte(remote), &r) != nil || len(r.Sessions) == 0 {
		return describe(local)
	}
	find := func(list []*Session, id string) *Session {
		for _, x := range list {
			if x.ID == id {
				return x
			}
		}
		return nil
	}
	var out []*Session
	slots := map[int]bool{}
	add := func(x *Session) {
		for slots[x.Slot] || x.Slot < 0 {
			x.Slot = (x.Slot + 1) % MaxSessionLimit // a free place among the views
		}
		slots[x.Slot] = true
		out = append(out, x)
	}
	for _, theirs := range r.Sessions {
		mine, was := find(l.Sessions, theirs.ID), find(b.Sessions, theirs.ID)
		switch {
		case mine == nil && was != nil:
			continue // closed here
		case mine == nil:
			add(theirs) // opened there
		case was != nil && equalJSON(mine, was):
			add(theirs) // changed there, if at all
		default:
			add(mine)
		}
	}
	for _, mine := range l.Sessions {
		if find(r.Sessions, mine.ID) == nil && find(b.Sessions, mine.ID) == nil {
			add(mine) // opened here
		}
	}
	if len(out) > MaxSessionLimit {
		out = out[:MaxSessionLimit]
	}
	// Focus is each window's own, but a window new to this workspace starts
	// where the agent was.
	m := snapshot{Version: snapshotVersion, Sessions: out, Focused: l.Focused, NextID: max(l.NextID, r.NextID)}
	if len(b.Sessions) == 0 {
		m.Focused = r.Focused
	}
	if find(out, m.Focused) == nil {
		m.Focused = HomeID
	}
	v, _ := json.Marshal(m)
	return describe(string(v))
}

func describe(layout string) mergedLayout {
	m := mergedLayout{json: layout, tabs: map[string]bool{}}
	var snap snapshot
	_ = json.Unmarshal([]byte(layout), &snap)
	for _, x := range snap.Sessions {
		m.tabs[x.ID] = true
		for _, t := range x.Tabs {
			m.tabs[x.ID+"/"+t.ID] = true
		}
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
