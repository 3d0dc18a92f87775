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

// saw records the other side typing.
func (t *typing) saw(conv int64, now time.Time) {
	if t.seen == nil {
		t.seen = make(map[int64]time.Time)
	}
	t.seen[conv] = now
}

// stopped forgets the indicator, as when a message from that side arrives.
func (t *typing) stopped(conv int64) { delete(t.seen, conv) }

// typingNote is the indicator under a transcript, a component of its own
// so that hiding it re-renders nothing else. Since is when the other side
// last typed; the note shows for typingShown after it.
type typingNote struct {
	app.Compo

	Since time.Time
	Text  string

	quiet func() // set at creation: see Workspace.quietly
}

// OnUpdate hides the note once typingShown has passed.
func (n *typingNote) OnUpdate(ctx app.Context) {
	if left := typingShown - time.Since(n.Since); left > 0 {
		ctx.After(left+100*time.Millisecond, func(app.Context) {
			if n.quiet != nil {
				n.quiet()
			}
		})
	}
}

func (n *typingNote) Render() app.UI {
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
