package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Typing indicators [C2]: a signal goes out at most every typingEvery
// while someone types, and the other side shows it for typingShown.
const (
	typingEvery = 2 * time.Second
	typingShown = 5 * time.Second
)

// typing tracks the signals of one page, per conversation.
type typing struct {
	sent map[int64]time.Time // when this side last said it types
	seen map[int64]time.Time // when the other side last did
}

// shouldSend reports whether to send a typing signal now.
func (t *typing) shouldSend(conv int64, now time.Time) bool {
	if t.sent == nil {
		t.sent = make(map[int64]time.Time)
	}
	if now.Sub(t.sent[conv]) < typingEvery {
		return false
	}
	t.sent[conv] = now
	return true
}

// saw records the other side typing and re-renders when the indicator
// should go.
func (t *typing) saw(ctx app.Context, conv int64, now time.Time) {
	if t.seen == nil {
		t.seen = make(map[int64]time.Time)
	}
	t.seen[conv] = now
	ctx.After(typingShown+100*time.Millisecond, func(app.Context) {})
}

// stopped forgets the indicator, as when a message from that side arrives.
func (t *typing) stopped(conv int64) { delete(t.seen, conv) }

// active reports whether the other side typed recently.
func (t *typing) active(conv int64, now time.Time) bool {
	at, ok := t.seen[conv]
	return ok && now.Sub(at) < typingShown
}

// typingNote is the indicator under a transcript.
func typingNote(show bool, text string) app.UI {
	return app.P().Class("typing").Aria("live", "polite").Body(
		app.If(show, func() app.UI {
			return app.Span().Body(
				app.Span().Class("typing-dots").Aria("hidden", "true").Body(app.Span(), app.Span(), app.Span()),
				app.Text(text),
			)
		}),
	)
}
