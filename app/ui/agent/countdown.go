package agent

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// countdownTick is how often an offer's countdown updates.
const countdownTick = time.Second

// countdown is an offer's time left [S9], as seconds or as a bar: a
// component of its own, so that its ticking re-renders only itself, not the
// page around it.
type countdown struct {
	app.Compo

	Deadline time.Time
	Timeout  int  // seconds the offer lasts in all
	Bar      bool // the bar under the dialog's text, not the seconds

	hold func() // keeps the enclosing page from re-rendering; see Workspace.hold
}

func newCountdown(deadline time.Time, timeout int, bar bool, hold func()) *countdown {
	return &countdown{Deadline: deadline, Timeout: timeout, Bar: bar, hold: hold}
}

func (c *countdown) OnMount(ctx app.Context) { c.next(ctx) }

// next re-renders the countdown a tick from now, and so on while it is
// mounted (go-app drops the dispatch to a dismounted one).
func (c *countdown) next(ctx app.Context) {
	ctx.After(countdownTick, func(ctx app.Context) {
		if c.hold != nil {
			c.hold()
		}
		c.next(ctx)
	})
}

func (c *countdown) Render() app.UI {
	secs, percent := workspace.Countdown(c.Deadline, c.Timeout, time.Now())
	if c.Bar {
		return app.Div().Class("offer-bar").Aria("hidden", "true").Body(
			app.Span().Style("width", strconv.Itoa(percent)+"%"),
		)
	}
	return app.Span().Class("offer-countdown").Aria("label", kit.T("offer.countdown", secs)).Text(kit.T("offer.countdown.short", secs))
}
