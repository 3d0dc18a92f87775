// Package wire holds the JSON types exchanged between the browser and the
// server, over the websocket relay and the REST API. Both sides import it, so
// it must stay free of server-only and browser-only code.
package wire

import (
	"encoding/json"
	"strconv"
	"time"
)

// Event types, in the style of Chatwoot's: a noun and what happened to it.
const (
	// Client to server.
	TypeHello       = "hello"        // first frame: who I am and what I already have
	TypeSubscribe   = "subscribe"    // agent: replay a conversation since a seq, then live
	TypeMessageSend = "message.send" // a new message with an idempotency key

	// Server to client.
	TypeReady               = "ready"                // hello accepted
	TypeAck                 = "ack"                  // a send was stored (or was a duplicate)
	TypeMessageCreated      = "message.created"      // a stored message, with its seq
	TypeConversationUpdated = "conversation.updated" // title, status, assignee or preview changed
	TypeError               = "error"                // a request was refused; the connection stays open
	// TypeConversationRevoked: this agent may no longer read the
	// conversation (a colleague took it); its subscription has ended.
	TypeConversationRevoked = "conversation.revoked"
)

// CloseSignedOut is the websocket close code of a connection whose sign-in
// ended (signed out, disabled, role changed, password reset): the client
// goes to sign-in instead of reconnecting. An error frame with code
// ErrSignedOut comes just before it, since a browser's websocket does not
// always hand the close code on.
const CloseSignedOut = 4401

// Limits shared by both sides so the client can refuse early with the same
// words the server would use.
const (
	MaxFrameBytes   = 64 << 10 // one websocket frame
	MaxMessageRunes = 4000     // one chat message body
	MaxKeyLength    = 64       // idempotency key
)

// Envelope is every websocket frame. Seq is set on message.created.
type Envelope struct {
	Type         string          `json:"type"`
	Conversation int64           `json:"conversation,omitempty"`
	Seq          int64           `json:"seq,omitempty"`
	Data         json.RawMessage `json:"data,omitempty"`
}

// Hello opens a connection. Customers name their conversation by its token;
// agents are known by their cookie and leave Token empty.
type Hello struct {
	Token string `json:"token,omitempty"`
	Since int64  `json:"since,omitempty"` // customer: last seq already shown
	// Watch: an agent's connection that only watches, such as the
	// supervisor view's [T4]; it takes no work, so routing does not count
	// it as the agent being there.
	Watch bool `json:"watch,omitempty"`
}

// Ready answers Hello.
type Ready struct {
	Conversation *Conversation `json:"conversation,omitempty"` // customer connections
	Agent        *Agent        `json:"agent,omitempty"`        // agent connections
}

// Subscribe asks for a conversation's messages after Since, then live ones.
type Subscribe struct {
	Since int64 `json:"since"`
}

// MessageSend is a new message. Key makes a resend after a reconnect
// harmless. Internal makes an agent's message an internal note [T3].
type MessageSend struct {
	Key      string `json:"key"`
	Body     string `json:"body"`
	Internal bool   `json:"internal,omitempty"`
}

// Ack tells the sender its message with Key was stored as Seq.
type Ack struct {
	Key string `json:"key"`
	Seq int64  `json:"seq"`
}

// Error codes.
const (
	ErrBadRequest   = "bad_request"  // malformed frame or fields
	ErrTooLarge     = "too_large"    // over a size limit
	ErrUnknownType  = "unknown_type" // a type this server does not know
	ErrUnauthorized = "unauthorized" // not allowed for this connection
	ErrNotFound     = "not_found"    // no such conversation
	ErrClosed       = "closed"       // conversation is closed
	ErrConflict     = "conflict"     // someone else changed it first
	ErrInternal     = "internal"     // the server failed; retry later
	ErrRateLimited  = "rate_limited" // too many frames
	ErrSignedOut    = "signed_out"   // the sign-in ended; the server closes with CloseSignedOut
)

// Error refuses one request. Key echoes the send it refers to, if any.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Key     string `json:"key,omitempty"`
	// TextCode and Args name the words of Message in the catalog, so each
	// page shows them in its reader's language [L3].
	TextCode string   `json:"textCode,omitempty"`
	Args     []string `json:"args,omitempty"`
}

// Sender kinds.
const (
	SenderCustomer = "customer"
	SenderAgent    = "agent"
	SenderSystem   = "system"
)

// Conversation statuses [C4, C5]: open → active → wrap-up → closed, with
// active → open (a live chat back to the queue) and active → waiting (a
// persistent chat parked). The server's store uses the same values.
const (
	StatusOpen    = "open"
	StatusActive  = "active"
	StatusWaiting = "waiting"
	StatusWrapUp  = "wrap-up"
	StatusClosed  = "closed"
)

// Workstream modes and channels, as a conversation carries them.
const (
	ModeLive       = "live"
	ModePersistent = "persistent"
	ChannelChat    = "chat"
	ChannelSMS     = "sms"
)

// Message is one stored message.
type Message struct {
	Conversation int64  `json:"conversation"`
	Seq          int64  `json:"seq"`
	Sender       string `json:"sender"`
	SenderName   string `json:"senderName"`
	Body         string `json:"body"`
	// Code and Args are a system note [L3]: its key in the catalog and
	// what fills it in, worded by each reader's page; Body is then "".
	Code string   `json:"code,omitempty"`
	Args []string `json:"args,omitempty"`
	Key  string   `json:"key,omitempty"`
	// Internal: a note for agents and supervisors, never sent to the
	// customer [T3].
	Internal bool `json:"internal,omitempty"`
	// Files are the message's attachments [X1]; Body is then the text
	// that goes with them, the file's name for an upload.
	Files []File    `json:"files,omitempty"`
	At    time.Time `json:"at"`
}

// File is an attachment as a transcript shows it [X1]: an image as a
// thumbnail that opens full size, anything else as a link with its name
// and size. An upload is read from FilePath; an inbound MMS's media stay
// at the provider, at URL.
type File struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	Thumb  bool   `json:"thumb,omitempty"`
	URL    string `json:"url,omitempty"`
}

// Image says whether the file shows as a thumbnail.
func (f File) Image() bool { return f.Thumb }

// FilePath is where agents read a file (their cookie proves who they
// are); customers read it under /api/chat with their token [X1]. thumb
// asks for the thumbnail.
func FilePath(customer bool, id int64, thumb bool) string {
	p := "/api/files/" + strconv.FormatInt(id, 10)
	if customer {
		p = "/api/chat/files/" + strconv.FormatInt(id, 10)
	}
	if thumb {
		p += "/thumb"
	}
	return p
}

// Upload headers [X1]: the body of an upload is the file itself, so that
// the browser streams it and reports progress; these say the rest.
const (
	HeaderFileName       = "X-File-Name"     // the file's name, percent-encoded
	HeaderIdempotencyKey = "Idempotency-Key" // the same for every retry of one upload
	HeaderInternal       = "X-Internal-Note" // "true": an agent's internal note [T3]
)

// Conversation is a work item as agents and customers see it.
type Conversation struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Channel     string    `json:"channel"`
	Status      string    `json:"status"`
	Workstream  string    `json:"workstream,omitempty"`
	ContactID   int64     `json:"contactId,omitempty"`
	Mode        string    `json:"mode,omitempty"` // live or persistent
	AgentID     int64     `json:"agentId,omitempty"`
	AgentName   string    `json:"agentName,omitempty"`
	LastSeq     int64     `json:"lastSeq"`
	LastMessage string    `json:"lastMessage,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	ClosedAt    time.Time `json:"closedAt,omitzero"`
	// Sentiment is the conversation's level [M3] as an id such as
	// "slightly-negative"; SentimentAlert says it is at or below the
	// administrator's threshold [S15], and SentimentSeq is the customer
	// message that took it there.
	Sentiment      string `json:"sentiment,omitempty"`
	SentimentAlert bool   `json:"sentimentAlert,omitempty"`
	SentimentSeq   int64  `json:"sentimentSeq,omitempty"`
	// Rating is the customer's 1 to 5 stars after End, 0 until they rate
	// it, and RatingComment what they added [X2]. SurveyOff: the
	// workstream asks for none.
	Rating        int    `json:"rating,omitempty"`
	RatingComment string `json:"ratingComment,omitempty"`
	SurveyOff     bool   `json:"surveyOff,omitempty"`
	// GivenName is the name an unauthenticated customer typed before the
	// chat, unverified; the title stays "Visitor N" [S3].
	GivenName string `json:"givenName,omitempty"`
	// Visitor is the number of the anonymous visitor while the title is
	// theirs, so each reader's page words it ("Visitor 7", "7.
	// apmeklētājs") [S3, L2]; 0 once a contact is linked.
	Visitor int `json:"visitor,omitempty"`
	// PreviousID is the ended conversation this anonymous customer had
	// before from the same browser, 0 if none [D2].
	PreviousID int64 `json:"previousId,omitempty"`
}

// Customer is what an agent calls the customer: the name they gave, when
// the conversation has no contact, otherwise its title. It fills
// {customer} in quick replies [C3].
func (c Conversation) Customer() string {
	if c.ContactID == 0 && c.GivenName != "" {
		return c.GivenName
	}
	return c.Title
}

// Unverified is the given name to show beside the title, or "" when there
// is none or a contact is linked.
func (c Conversation) Unverified() string {
	if c.ContactID != 0 || c.GivenName == c.Title {
		return ""
	}
	return c.GivenName
}

// Rating is the body of POST /api/chat/rating [X2].
type Rating struct {
	Stars   int    `json:"stars"`
	Comment string `json:"comment"`
}

// MaxRatingCommentRunes bounds a rating's comment.
const MaxRatingCommentRunes = 1000

// Agent is the signed-in agent.
type Agent struct {
	ID       int64    `json:"id"`
	Email    string   `json:"email"`
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	Presence Presence `json:"presence"`
	// Language is the language the agent chose for their pages, "" until
	// they choose [L1].
	Language string `json:"language,omitempty"`
}

// LanguageChoice is the body of PUT /api/me/language: "en", "lv", or ""
// to follow the browser again [L1].
type LanguageChoice struct {
	Language string `json:"language"`
}

// Session answers GET /api/session: the signed-in agent, or none.
type Session struct {
	Agent *Agent `json:"agent,omitempty"`
}

// ChatStarted answers POST /api/chat: the customer's conversation and the
// unguessable token that alone gives access to it.
type ChatStarted struct {
	Token        string       `json:"token"`
	Conversation Conversation `json:"conversation"`
}

// SignIn is the body of POST /api/signin.
type SignIn struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Problem is the JSON body of every REST error. Fields maps the JSON names
// of rejected input fields to why each was refused, as a reason code: the
// page words it in the reader's language through its catalog.
type Problem struct {
	Error string `json:"error"`
	// Code and Args name the words of Error in the catalog, so each page
	// shows them in its reader's language [L3].
	Code   string                  `json:"code,omitempty"`
	Args   []string                `json:"args,omitempty"`
	Fields map[string]FieldProblem `json:"fields,omitempty"`
}

// FieldProblem is why one input field was refused: a reason code, and the
// bounds a length or range broke.
type FieldProblem struct {
	Reason string `json:"reason"`
	Min    int    `json:"min,omitempty"`
	Max    int    `json:"max,omitempty"`
}

// Reason codes of a refused field. A form words each per field: "required"
// on a title reads "Enter a title.".
const (
	ReasonRequired = "required"     // empty
	ReasonTooLong  = "too_long"     // longer than Max characters (or bytes, for passwords)
	ReasonTooShort = "too_short"    // shorter than Min characters
	ReasonRange    = "out_of_range" // a number outside Min..Max
	ReasonChoice   = "not_a_choice" // not one of the values the form offers
	ReasonFormat   = "bad_format"   // not an email address, URL, ...
	ReasonTaken    = "taken"        // another record already has it
	ReasonMissing  = "not_found"    // refers to a record that does not exist
	ReasonSelf     = "own_account"  // an administrator may not do this to themselves
	ReasonSeparate = "separately"   // set through its own request

	// A refused file [X1], field "file".
	ReasonFileTooLarge = "file_too_large" // over the limit; Max is it in MB
	ReasonFileEmpty    = "file_empty"     // no bytes
	ReasonFileMarkup   = "file_markup"    // HTML, SVG, XML: pages that could run scripts
	ReasonFileProgram  = "file_program"   // a script or an executable
	ReasonFileType     = "file_type"      // not an allowed type, or unknown
	ReasonFileBroken   = "file_broken"    // an image that cannot be read, or too many pixels
	ReasonFileSMS      = "file_sms"       // an agent's file in an SMS conversation
)

// Encode builds an envelope around data.
func Encode(typ string, conversation, seq int64, data any) Envelope {
	e := Envelope{Type: typ, Conversation: conversation, Seq: seq}
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			panic("wire: encoding " + typ + ": " + err.Error()) // our own types always encode
		}
		e.Data = b
	}
	return e
}
