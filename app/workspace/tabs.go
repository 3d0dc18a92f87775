package workspace

import (
	"slices"
	"strconv"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// TabKind is what an app tab shows.
type TabKind string

const (
	TabDashboard    TabKind = "dashboard"    // Home's agent dashboard
	TabConversation TabKind = "conversation" // Active conversation
	TabKnowledge    TabKind = "knowledge"    // Knowledge search
	TabCase         TabKind = "case"         // a case form
	TabArticle      TabKind = "article"      // a knowledge article
	TabContact      TabKind = "contact"      // a contact form
)

// Tab is one app tab of a session and the unsaved state inside it.
type Tab struct {
	ID   string  `json:"id"`
	Kind TabKind `json:"kind"`
	// Slot is the tab's fixed place among the session's mounted tab views,
	// as Session.Slot is for sessions.
	Slot      int           `json:"slot"`
	Knowledge *Knowledge    `json:"knowledge,omitempty"`
	Case      *CaseForm     `json:"case,omitempty"`
	Article   *wire.Article `json:"article,omitempty"`
	Contact   *ContactForm  `json:"contact,omitempty"`
}

// TabName is the tab's accessible name, per the interface contract.
func (s *Store) TabName(t *Tab) string {
	switch t.Kind {
	case TabDashboard:
		return s.words.T("tab.dashboard")
	case TabConversation:
		return s.words.T("tab.conversation")
	case TabKnowledge:
		return s.words.T("apps.knowledge")
	case TabCase:
		title := t.Case.Saved.Title
		if title == "" {
			title = s.words.T("case.new")
		}
		return s.words.T("tab.case", title)
	case TabArticle:
		return s.words.T("tab.article", t.Article.Title)
	case TabContact:
		return s.words.T("tab.contact", t.Contact.Saved.Name)
	}
	return string(t.Kind)
}

// Knowledge is a knowledge search as the agent left it.
type Knowledge struct {
	Query      string            `json:"query,omitempty"`
	QueryShown string            `json:"-"`                  // see Session.DraftShown
	Searched   string            `json:"searched,omitempty"` // the query Hits answer
	Hits       []wire.ArticleHit `json:"hits,omitempty"`
}

// Form is a record (a case, a contact) as saved and as being edited [D3].
type Form[R Record[I], I Input[I]] struct {
	Saved  R                 `json:"saved"` // ID 0 until first saved
	Edit   I                 `json:"edit"`
	Shown  I                 `json:"-"` // see Session.DraftShown
	Errors map[string]string `json:"errors,omitempty"`
	// Notice explains the last refusal, e.g. that someone else saved first.
	Notice string `json:"notice,omitempty"`
}

// Record is what a Form edits: it gives the fields a save sends.
type Record[I any] interface{ Input() I }

// Input is the fields a save sends, with the version it edits.
type Input[I any] interface {
	comparable
	Rebased(onto I) I
}

// CaseForm and ContactForm are the record forms of the workspace.
type (
	CaseForm    = Form[wire.Case, wire.CaseInput]
	ContactForm = Form[wire.Contact, wire.ContactInput]
)

func newForm[R Record[I], I Input[I]](r R) *Form[R, I] {
	f := &Form[R, I]{}
	f.MarkSaved(r)
	return f
}

func newCaseTab(c wire.Case) *Tab {
	return &Tab{ID: "case", Kind: TabCase, Case: newForm(c)}
}

// MarkSaved takes r as the saved record and resets the fields to it.
func (f *Form[R, I]) MarkSaved(r R) {
	f.Saved = r
	f.Edit = r.Input()
	f.Shown = f.Edit
	f.Errors, f.Notice = nil, ""
}

// Rebase moves the edits onto a newer saved version, keeping every edit, so
// the next save applies them deliberately over it [D3].
func (f *Form[R, I]) Rebase(latest R) {
	f.Saved = latest
	f.Edit = f.Edit.Rebased(latest.Input())
}

// Dirty reports edits that are not saved.
func (f *Form[R, I]) Dirty() bool {
	saved := f.Saved.Input()
	return f.Edit.Rebased(saved) != saved
}

// Tab finds a tab of a session.
func (x *Session) Tab(id string) (*Tab, bool) {
	for _, t := range x.Tabs {
		if t.ID == id {
			return t, true
		}
	}
	return nil, false
}

// ActiveTab is the tab shown in the session.
func (x *Session) ActiveTab() *Tab {
	if t, ok := x.Tab(x.Active); ok {
		return t
	}
	return x.Tabs[0]
}

// TabSlots returns the session's tabs by their fixed view slot.
func (x *Session) TabSlots(limit int) []*Tab {
	slots := make([]*Tab, limit)
	for _, t := range x.Tabs {
		if t.Slot >= 0 && t.Slot < limit {
			slots[t.Slot] = t
		}
	}
	return slots
}

// Closable reports whether a tab may be closed: a session's first tab (the
// dashboard, the conversation, the case) belongs to it.
func (x *Session) Closable(t *Tab) bool { return len(x.Tabs) > 0 && x.Tabs[0] != t }

// SelectTab shows one of the session's tabs.
func (x *Session) SelectTab(id string) bool {
	if _, ok := x.Tab(id); !ok {
		return false
	}
	x.Active = id
	return true
}

// OpenKnowledge selects the session's Knowledge search tab, opening it when
// it was closed.
func (s *Store) OpenKnowledge(x *Session) (*Tab, error) {
	if t, ok := x.Tab("knowledge"); ok {
		x.Active = t.ID
		return t, nil
	}
	return s.addTab(x, &Tab{ID: "knowledge", Kind: TabKnowledge, Knowledge: &Knowledge{}})
}

// OpenCaseTab opens a case form in a session (a saved case, or a new one
// when c.ID is 0), or selects it when already open.
func (s *Store) OpenCaseTab(x *Session, c wire.Case) (*Tab, error) {
	if c.ID != 0 {
		for _, t := range x.Tabs {
			if t.Case != nil && t.Case.Saved.ID == c.ID {
				x.Active = t.ID
				return t, nil
			}
		}
	}
	s.nextID++
	t := newCaseTab(c)
	t.ID = "case-" + strconv.Itoa(s.nextID)
	return s.addTab(x, t)
}

// OpenContact shows a contact's form in its own tab, or selects it.
func (s *Store) OpenContact(x *Session, c wire.Contact) (*Tab, error) {
	id := "contact-" + strconv.FormatInt(c.ID, 10)
	if t, ok := x.Tab(id); ok {
		x.Active = id
		return t, nil
	}
	return s.addTab(x, &Tab{ID: id, Kind: TabContact, Contact: newForm(c)})
}

// OpenArticle shows a knowledge article in its own tab, or selects it when
// already open [D4].
func (s *Store) OpenArticle(x *Session, a wire.Article) (*Tab, error) {
	id := "article-" + strconv.FormatInt(a.ID, 10)
	if t, ok := x.Tab(id); ok {
		x.Active = id
		return t, nil
	}
	return s.addTab(x, &Tab{ID: id, Kind: TabArticle, Article: &a})
}

func (s *Store) addTab(x *Session, t *Tab) (*Tab, error) {
	if len(x.Tabs) >= s.TabLimit {
		return nil, ErrTabLimit
	}
	used := make(map[int]bool)
	for _, u := range x.Tabs {
		used[u.Slot] = true
	}
	for t.Slot = 0; used[t.Slot]; t.Slot++ {
	}
	x.Tabs = append(x.Tabs, t)
	x.Active = t.ID
	return t, nil
}

// CloseTab closes a tab and its unsaved state; the session's own first tab
// stays. The tab to its left is shown next.
func (x *Session) CloseTab(id string) bool {
	i := slices.IndexFunc(x.Tabs, func(t *Tab) bool { return t.ID == id })
	if i <= 0 {
		return false
	}
	x.Tabs = slices.Delete(x.Tabs, i, i+1)
	if x.Active == id {
		x.Active = x.Tabs[i-1].ID
	}
	return true
}
