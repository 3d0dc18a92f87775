package ui

import "fmt"

// Every user-facing string, keyed by id, so the Latvian catalog can follow
// without touching components.
var english = map[string]string{
	"brand":              "Switchboard",
	"signin.heading":     "Sign in to your workspace",
	"signin.lead":        "Answer customers across chat and SMS from one place.",
	"signin.email":       "Email",
	"signin.password":    "Password",
	"signin.submit":      "Sign in",
	"signin.busy":        "Signing in…",
	"signout":            "Sign out",
	"sessions":           "Sessions",
	"home":               "Home",
	"dashboard.greeting": "Good to see you, %s",
	"loading":            "Loading…",
	"work.mine":          "My work items",
	"work.open":          "Open work items",
	"work.none.mine":     "Nothing assigned to you right now.",
	"work.none.open":     "No customers are waiting.",
	"work.more":          "More options",
	"work.pick":          "Pick",
	"work.open.action":   "Open",
	"col.title":          "Customer",
	"col.channel":        "Channel",
	"col.status":         "Status",
	"col.waiting":        "Waiting",
	"col.last":           "Last message",
	"comm.panel":         "Communication panel",
	"comm.log":           "Conversation",
	"comm.input":         "Type your message",
	"comm.send":          "Send",
	"comm.sending":       "Sending…",
	"comm.hint":          "Enter to send, Shift+Enter for a new line",
	"comm.empty":         "No messages yet.",
	"comm.readonly":      "Pick this conversation to reply.",
	"connection":         "Connection",
	"chat.title":         "Chat with us",
	"chat.lead":          "We usually answer within a few minutes.",
	"chat.start":         "Write your question below and an agent will join you.",
	"chat.waiting":       "Waiting for an agent…",
	"chat.with":          "You are chatting with %s",
	"chat.you":           "You",
	"error.generic":      "Something went wrong. Please try again.",
	"error.too.long":     "Message is too long: at most %d characters.",
	"error.sessionlimit": "Maximum sessions reached. Close a session before opening another.",
}

// T returns the text for id, formatted with args.
func T(id string, args ...any) string {
	s, ok := english[id]
	if !ok {
		return id
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
