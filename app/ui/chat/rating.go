package chat

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// rating is the customer's answer to "How did we do?" after End [X2], as
// they fill it in.
type rating struct {
	stars   int
	comment string
	sending bool
	problem string
}

// asksRating says the chat has ended and its workstream asks for a rating.
func (c *Chat) asksRating() bool { return c.ended() && !c.conv.SurveyOff }

// starsLabel is a button's name: "1 star", "2 stars"…
func starsLabel(n int) string {
	if n == 1 {
		return kit.T("rating.star")
	}
	return kit.T("rating.stars", n)
}

// renderRating asks for a rating once, then thanks. It is always
// rendered, hidden when not asked for: see Render.
func (c *Chat) renderRating() app.HTMLSection {
	r := &c.rating
	section := app.Section().Class("chat-rating").Aria("label", kit.T("rating.title")).Hidden(!c.asksRating())
	if c.conv.Rating != 0 {
		return section.Body(app.P().Class("rating-thanks").Role("status").Text(kit.T("rating.thanks", c.conv.Rating)))
	}
	stars := make([]app.UI, 5)
	for i := range stars {
		n := i + 1
		stars[i] = app.Button().Type("button").Class("rating-star").
			Aria("label", starsLabel(n)).Aria("pressed", n <= r.stars).
			Title(starsLabel(n)).Text("★").
			OnClick(func(ctx app.Context, e app.Event) { r.stars, r.problem = n, "" })
	}
	return section.Body(
		app.H2().Class("rating-title").Text(kit.T("rating.title")),
		app.Div().Class("rating-stars").Role("group").Aria("label", kit.T("rating.title")).Body(stars...),
		app.Label().For("rating-comment").Class("field-label").Text(kit.T("rating.comment")),
		app.Textarea().ID("rating-comment").Class("rating-comment").Rows(2).MaxLength(wire.MaxRatingCommentRunes).
			Text(r.comment).OnInput(func(ctx app.Context, e app.Event) { r.comment = ctx.JSSrc().Get("value").String() }),
		app.P().Class("form-error").Role("alert").Hidden(r.problem == "").Text(r.problem),
		app.Button().Type("button").Class("btn btn-primary").Disabled(r.sending).Text(kit.T("rating.send")).
			OnClick(func(ctx app.Context, e app.Event) { c.sendRating(ctx) }),
	)
}

func (c *Chat) sendRating(ctx app.Context) {
	r := &c.rating
	if r.stars == 0 {
		r.problem = kit.T("rating.choose")
		return
	}
	r.sending, r.problem = true, ""
	in, token := wire.Rating{Stars: r.stars, Comment: r.comment}, c.token
	ctx.Async(func() {
		var rated wire.Conversation
		err := kit.CallWithToken(ctx, token, "POST", "/api/chat/rating", in, &rated)
		ctx.Dispatch(func(ctx app.Context) {
			r.sending = false
			if err != nil {
				r.problem = err.Error()
				return
			}
			if rated.ID == c.conv.ID {
				c.conv = rated
			}
			c.rating = rating{}
		})
	})
}
