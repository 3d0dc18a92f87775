package kit

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Typing indicators [C2]: a signal goes out at most every typingEvery
// while someone types, and the other side shows it for typingShown.
const (
	typingEvery = 2 * time.Second
	typingShown = 5 * time.Second
)

// Typing tracks the signals of one page, per conversation.
type Typing struct {
	sent map[int64]time.Time // when this side last said it types
	seen map[int64]time.Time // when the other side last did
}

// ShouldSend reports whether to send a typing signal now.
func (t *Typing) ShouldSend(conv int64, now time.Time) bool {
	if t.sent == nil {
		t.sent = make(map[int64]time.Time)
	}
	if now.Sub(t.sent[conv]) < typingEvery {
		return false
	}
	t.sent[conv] = now
	return true
}

// Saw records the other side typing.
func (t *Typing) Saw(conv int64, now time.Time) {
	if t.seen == nil {
		t.seen = make(map[int64]time.Time)
	}
	t.seen[conv] = now
}

// Seen is when the other side last typed, zero when it has not lately.
func (t *Typing) Seen(conv int64) time.Time { return t.seen[conv] }

// Stopped forgets the indicator, as when a message from that side arrives.
func (t *Typing) Stopped(conv int64) { delete(t.seen, conv) }

// TypingNote is the indicator under a transcript, a component of its own
// so that hiding it re-renders nothing else. Since is when the other side
// last typed; the note shows for typingShown after it.
type TypingNote struct {
	app.Compo

	Since time.Time
	Text  string

	quiet func() // set at creation: see Workspace.quietly
}

// OnUpdate hides the note once typingShown has passed.
// NewTypingNote is the note for since; quiet, when given, is called on its
// timer before it re-renders (see agent.Workspace.quietly).
func NewTypingNote(since time.Time, text string, quiet func()) *TypingNote {
	return &TypingNote{Since: since, Text: text, quiet: quiet}
}

func (n *TypingNote) OnUpdate(ctx app.Context) {
	if left := typingShown - time.Since(n.Since); left > 0 {
		ctx.After(left+100*time.Millisecond, func(app.Context) {
			if n.quiet != nil {
				n.quiet()
			}
		})
	}
}

func (n *TypingNote) Render() app.UI {
	show := !n.Since.IsZero() && time.Since(n.Since) < typingShown
	return app.P().Class("typing").Aria("live", "polite").Body(
		app.If(show, func() app.UI {
			return app.Span().Body(
				app.Span().Class("typing-dots").Aria("hidden", "true").Body(app.Span(), app.Span(), app.Span()),
				app.Text(n.Text),
			)
		}),
	)
}

// TypingWhile is since while the conversation is active, and nothing once
// it has ended: nobody types into a finished chat.
func TypingWhile(status string, since time.Time) time.Time {
	if status != wire.StatusActive {
		return time.Time{}
	}
	return since
}
