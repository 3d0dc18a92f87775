package wire

// Typing is sent both ways while someone types [C2]: by a client with only
// the conversation, and by the server to the other side with who types.
const TypeTyping = "typing"

// Typing says who is typing in a conversation.
type Typing struct {
	Sender string `json:"sender,omitempty"` // customer or agent
	Name   string `json:"name,omitempty"`
}

// Contact is a customer person [§1].
type Contact struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Email   string `json:"email,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Account string `json:"account,omitempty"`
	// Version counts saves, starting at 1; an edit sends it back [D3].
	Version int64 `json:"version"`
}

// ContactInput is the body of POST /api/contacts and of PUT
// /api/contacts/{id}, where Version is the version the edit started from
// [D3].
type ContactInput struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Account string `json:"account"`
	Version int64  `json:"version,omitempty"`
}

// Input is the contact as its form starts editing it.
func (c Contact) Input() ContactInput {
	return ContactInput{Name: c.Name, Email: c.Email, Phone: c.Phone, Account: c.Account, Version: c.Version}
}

// Rebased is these edits made to the version onto was made from [D3].
func (in ContactInput) Rebased(onto ContactInput) ContactInput {
	in.Version = onto.Version
	return in
}

// LinkContact is the body of POST /api/conversations/{id}/contact: link an
// existing contact to the conversation, which then takes its name [S3, D2].
type LinkContact struct {
	ContactID int64 `json:"contactId"`
}

// ChatStart is the optional body of POST /api/chat: the pre-chat answers
// and what the browser says about the visitor [M1, S10].
type ChatStart struct {
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
	Question string `json:"question,omitempty"`
	Browser  string `json:"browser,omitempty"`
	Language string `json:"language,omitempty"`
	// Token is the host site's signed token for an authenticated chat [M2].
	Token string `json:"token,omitempty"`
	// Previous is the access token of this browser's ended conversation,
	// so the agent sees a returning customer [D2].
	Previous string `json:"previous,omitempty"`
}

// Details is what the Active conversation tab shows beyond the work item
// [S10, D2]: GET /api/conversations/{id}/details.
type Details struct {
	Conversation Conversation   `json:"conversation"`
	Contact      *Contact       `json:"contact,omitempty"`
	PreChat      ChatStart      `json:"preChat"`
	Cases        []Case         `json:"cases"`   // recent cases of the contact
	Earlier      []Conversation `json:"earlier"` // the contact's earlier conversations
}

// QuickReply is a canned response [C3]; placeholders {customer} and {agent}
// are filled in by the workspace.
type QuickReply struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// ChatConfig answers GET /api/chat: how the chat page starts.
type ChatConfig struct {
	PreChat bool `json:"preChat"` // ask for name and email before the first message
	// Name is the signed-in customer of an authenticated chat [M2].
	Name string `json:"name,omitempty"`
	// MaxFileMB is the largest attachment [X1], so the page refuses a
	// larger one before sending it.
	MaxFileMB int `json:"maxFileMB,omitempty"`
	// Offline, outside business hours, replaces the chat with an offline
	// form [X3]; nil while open.
	Offline *Offline `json:"offline,omitempty"`
}

// Limits of contacts, pre-chat answers and quick replies, in characters,
// so the client can refuse early with the numbers the server uses.
const (
	MaxContactNameRunes     = 200
	MaxContactPhoneRunes    = 40
	MaxContactAccountRunes  = 200
	MaxContactResults       = 20  // one GET /api/contacts answer
	MaxPreChatRunes         = 200 // each pre-chat answer but the question, which is a message (MaxMessageRunes)
	MaxQuickReplyTitleRunes = 100
	MaxQuickReplyBodyRunes  = 2000
)
