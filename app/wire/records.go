package wire

import "time"

// Case priorities and statuses.
const (
	PriorityLow    = "Low"
	PriorityNormal = "Normal"
	PriorityHigh   = "High"

	CaseActive   = "Active"
	CaseResolved = "Resolved"
)

// Limits of case fields and knowledge searches, in characters, so the client
// can refuse early with the same numbers the server uses.
const (
	MaxCaseTitleRunes       = 200
	MaxCaseDescriptionRunes = 4000
	MaxSearchQueryRunes     = 200
	MaxSearchLimit          = 50
)

// Snippet match markers: ArticleHit.Snippet wraps every matched term in
// them. They are control characters, not HTML, so the client builds the
// highlight elements itself and never parses markup.
const (
	MatchStart = "\x02"
	MatchEnd   = "\x03"
)

// Case is a case record as GET, POST and PUT /api/cases answer it.
type Case struct {
	ID             int64     `json:"id"`
	Title          string    `json:"title"`
	Description    string    `json:"description"`
	Priority       string    `json:"priority"`
	Status         string    `json:"status"`
	ContactID      int64     `json:"contactId,omitempty"`
	ConversationID int64     `json:"conversationId,omitempty"`
	OwnerID        int64     `json:"ownerId,omitempty"`
	OwnerName      string    `json:"ownerName,omitempty"`
	Version        int64     `json:"version"` // bumped by every save
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
}

// CaseInput is the body of POST /api/cases and PUT /api/cases/{id}. On PUT,
// Version is the version the agent started editing from; if the case was
// saved since, the server answers 409 and stores nothing. Empty Priority and
// Status mean Normal and Active on POST.
type CaseInput struct {
	Title          string `json:"title"`
	Description    string `json:"description"`
	Priority       string `json:"priority"`
	Status         string `json:"status"`
	ContactID      int64  `json:"contactId,omitempty"`
	ConversationID int64  `json:"conversationId,omitempty"`
	Version        int64  `json:"version,omitempty"`
}

// Input is the case as its form starts editing it: a new case is Normal
// and Active.
func (c Case) Input() CaseInput {
	in := CaseInput{
		Title: c.Title, Description: c.Description, Priority: c.Priority, Status: c.Status,
		ContactID: c.ContactID, ConversationID: c.ConversationID, Version: c.Version,
	}
	if in.Priority == "" {
		in.Priority = "Normal"
	}
	if in.Status == "" {
		in.Status = "Active"
	}
	return in
}

// Rebased is these edits made to the version onto was made from [D3].
func (in CaseInput) Rebased(onto CaseInput) CaseInput {
	in.Version = onto.Version
	return in
}

// Article is a knowledge base article. Body is plain text with paragraphs
// separated by a blank line.
type Article struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Body    string `json:"body"`
	URL     string `json:"url,omitempty"`
}

// ArticleHit is one result of GET /api/knowledge, best first. Snippet is a
// passage of the body with matches between MatchStart and MatchEnd.
type ArticleHit struct {
	Article Article `json:"article"`
	Snippet string  `json:"snippet"`
}

// The agent's workspace follows them to any computer [S13]: GET
// /api/workspace answers its parts by name (the layout, each draft, each
// form's edits), PUT /api/workspace changes some. A change names the
// version it was made from; one made from an older version than the stored
// one is not applied but answered among Conflicts, for the window to merge
// its edit into and send again.
type WorkspacePart struct {
	Value   string `json:"value"`
	Version int64  `json:"version"`
}

// WorkspaceChange changes one part; Base is the version it was made from
// (0: a new part).
type WorkspaceChange struct {
	Part   string `json:"part"`
	Value  string `json:"value,omitempty"`
	Delete bool   `json:"delete,omitempty"`
	Base   int64  `json:"base"`
}

// WorkspaceChanges is the body of PUT /api/workspace.
type WorkspaceChanges struct {
	Changes []WorkspaceChange `json:"changes"`
}

// WorkspaceSaved answers PUT /api/workspace: each applied part's new
// version (0 once deleted) and each refused part as stored (version 0: it
// was deleted).
type WorkspaceSaved struct {
	Applied   map[string]int64         `json:"applied"`
	Conflicts map[string]WorkspacePart `json:"conflicts,omitempty"`
}
