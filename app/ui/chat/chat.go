package chat

import (
	"context"
	"encoding/json"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// chatTokenKey is where the customer's conversation token lives in local
// storage, so a reload (or a return) resumes the same conversation.
const chatTokenKey = "switchboard.chat.token"

const chatInputID = "chat-input"

// Chat is the customer's page at /chat [M1].
type Chat struct {
	app.Compo

	ready    bool
	self     app.Context // see Workspace.self
	token    string
	conv     wire.Conversation
	messages workspace.Transcript
	since    atomic.Int64 // last seq shown, read by the client's hello
	client   *live.Client
	stop     context.CancelFunc
	conn     live.State
	draft    string
	earlier  int // messages shown above the transcript window
	// Authenticated chat [M2]: the host site's token, the customer's name,
	// where their conversation is kept, and whether the server refused it.
	signedToken string
	customer    string
	storageKey  string
	refused     bool
	preChat     bool           // the workstream asks who the customer is
	about       wire.ChatStart // the pre-chat answers
	typing      kit.Typing
	starting    bool
	notice      string
	rating      rating
	files       chatFiles
	unresume    func()
	// Outside business hours [X3]: what the server says, and the form.
	offline     *wire.Offline
	offlineForm offlineForm
}

func (c *Chat) OnMount(ctx app.Context) {
	c.ready = true
	c.self = ctx
	c.unresume = kit.OnResume(ctx, func() {
		if c.client != nil {
			c.client.Wake()
		}
	})
	// A host site signs its customer in with ?token= [M2]; each signed-in
	// customer keeps their own conversation in this browser.
	c.signedToken = app.Window().URL().Query().Get("token")
	c.storageKey = chatTokenKey
	if c.signedToken != "" {
		c.storageKey += "." + tokenSubject(c.signedToken)
	}
	ctx.LocalStorage().Get(c.storageKey, &c.token)
	if c.token != "" && c.signedToken == "" {
		c.connect(ctx)
		c.loadFileLimit(ctx)
		return
	}
	path := "/api/chat"
	if c.signedToken != "" {
		path += "?token=" + url.QueryEscape(c.signedToken)
	}
	ctx.Async(func() {
		var cfg wire.ChatConfig
		err := kit.Call(ctx, "GET", path, nil, &cfg)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if c.signedToken != "" {
					// Never carry on anonymously with a refused sign-in.
					c.refused, c.notice = true, err.Error()
				}
				return
			}
			c.preChat = cfg.PreChat && cfg.Name == ""
			c.customer = cfg.Name
			c.files.up.MaxBytes = int64(cfg.MaxFileMB) << 20
			c.setOffline(ctx, cfg.Offline)
			c.offlineForm.in.Name = cfg.Name
			if c.token != "" {
				c.connect(ctx)
			}
		})
	})
}

func (c *Chat) OnDismount() {
	if c.stop != nil {
		c.stop()
	}
	c.unresume()
}

func (c *Chat) Render() app.UI {
	root := app.Div().Class("app chat-app")
	if c.ready {
		root = root.DataSet("ready", "true")
	}
	var pending []live.Pending
	if c.client != nil {
		pending = c.client.Outbox()
	}
	return root.Body(
		app.Main().Class(c.chatClass()).Body(
			app.Header().Class("chat-head").Body(
				app.Div().Class("brand").Body(
					app.Img().Src("/web/icon.svg").Role("presentation").Class("brand-mark"),
					app.Div().Body(
						app.H1().Text(kit.T("chat.title")),
						app.P().Class("chat-state").Text(c.stateLine()),
					),
				),
				app.If(c.client != nil, func() app.UI { return kit.ConnectionStatus(c.conn) }),
			),
			c.renderOffline(),
			// Elements before the composer are always rendered, hidden when
			// not needed: go-app diffs by position, and a node coming or
			// going above a field would re-create the field, losing what is
			// typed in it.
			c.renderPreChat().Hidden(!c.preChat || c.token != ""),
			kit.Transcript("chat-log", c.messages.Messages(), kit.WindowSize+c.earlier,
				func() { c.earlier += kit.WindowSize }, pending, wire.SenderCustomer, kit.T("chat.you"), 0, c.files.source),
			kit.NewTypingNote(kit.TypingWhile(c.conv.Status, c.typing.Seen(c.conv.ID)), kit.T("typing.agent"), nil),
			c.renderRating(),
			app.P().Class("form-error chat-notice").Role("alert").Hidden(c.notice == "").Text(c.notice),
			c.files.up.Render(c.retryFile),
			kit.Composer(chatInputID, "", c.conn == live.Offline || c.refused,
				func(v string) bool {
					c.draft = v
					if v != "" && c.client != nil && c.typing.ShouldSend(c.conv.ID, time.Now()) {
						c.client.Typing(c.conv.ID)
					}
					return false
				},
				c.send, false, c.attach,
				kit.AttachButton(chatInputID, c.conn == live.Offline || c.refused, c.attach)),
		),
	)
}

// ended says the agent has ended this chat [C4]: what the customer writes
// next starts a new conversation.
// previousSuffix names, after the token's key, the token of the chat left.
const previousSuffix = ".previous"

func (c *Chat) ended() bool {
	return c.conv.Status == wire.StatusWrapUp || c.conv.Status == wire.StatusClosed
}

func (c *Chat) stateLine() string {
	switch {
	case c.isOffline():
		return kit.T("offline.state")
	case c.ended():
		return kit.T("chat.ended")
	case c.conv.Status == wire.StatusWaiting:
		return kit.T("chat.parked")
	case c.conv.AgentName != "":
		return kit.T("chat.with", c.conv.AgentName)
	case c.token != "":
		return kit.T("chat.waiting")
	case c.customer != "":
		return kit.T("chat.signedin", c.customer)
	}
	return kit.T("chat.start")
}

func (c *Chat) send(ctx app.Context) {
	body, problem := kit.ValidBody(c.draft)
	c.notice = problem
	if problem != "" || body == "" {
		return
	}
	c.draft = ""
	kit.ClearInput(chatInputID)
	if c.ended() {
		c.forget(ctx)
	}
	if c.client != nil {
		c.client.Send(c.conv.ID, body)
		kit.ScrollToEnd(ctx, "chat-log")
		return
	}
	c.start(ctx, body, func(app.Context) { c.client.Send(c.conv.ID, body) })
}

// start opens the conversation with the customer's first message, body,
// or their first file (body ""), then runs then: nothing is created for
// visitors who only look at the page.
func (c *Chat) start(ctx app.Context, body string, then func(app.Context)) {
	if c.starting {
		return
	}
	c.starting = true
	start := c.about
	start.Question = body
	start.Token = c.signedToken
	start.Browser, start.Language = visitorBrowser()
	if c.signedToken == "" {
		ctx.LocalStorage().Get(c.storageKey+previousSuffix, &start.Previous)
	}
	ctx = c.self
	ctx.Async(func() {
		var started wire.ChatStarted
		err := kit.Call(ctx, "POST", "/api/chat", start, &started)
		ctx.Dispatch(func(ctx app.Context) {
			c.starting = false
			if err != nil && c.closedOnStart(ctx, err, body) {
				return
			}
			if err != nil {
				c.notice = startRefusal(err)
				if body != "" {
					c.draft = body
					kit.SetInputValue(chatInputID, body)
				}
				return
			}
			c.token, c.conv = started.Token, started.Conversation
			ctx.LocalStorage().Set(c.storageKey, c.token)
			c.connect(ctx)
			then(ctx)
		})
	})
}

// forget leaves the current conversation behind: the next message starts a
// new one, which shows none of the old history [C6].
// An anonymous customer's browser keeps the token of the conversation it
// left, so the next one is linked to it and the agent sees who is back [D2].
func (c *Chat) forget(ctx app.Context) {
	if c.token != "" && c.signedToken == "" {
		ctx.LocalStorage().Set(c.storageKey+previousSuffix, c.token)
	}
	ctx.LocalStorage().Del(c.storageKey)
	if c.stop != nil {
		c.stop()
	}
	c.client, c.stop, c.token, c.conv, c.rating = nil, nil, "", wire.Conversation{}, rating{}
	c.files.forget()
	c.messages, c.earlier = workspace.Transcript{}, 0
	c.since.Store(0)
}

func (c *Chat) connect(app.Context) {
	ctx := c.self
	runCtx, stop := context.WithCancel(context.Background())
	c.stop = stop
	token := c.token
	client := &live.Client{
		URL:   kit.SocketURL("/ws/chat"),
		Hello: func() wire.Hello { return wire.Hello{Token: token, Since: c.since.Load()} },
	}
	// Events of a conversation left behind may still be queued; they are
	// dropped.
	client.OnEvent = func(e wire.Envelope) {
		ctx.Dispatch(func(ctx app.Context) {
			if c.client == client {
				c.onEvent(ctx, e)
			}
		})
	}
	client.OnState = func(s live.State) {
		ctx.Dispatch(func(ctx app.Context) {
			if c.client == client {
				c.conn = s
			}
		})
	}
	c.client = client
	go client.Run(runCtx)
}

func (c *Chat) onEvent(ctx app.Context, e wire.Envelope) {
	switch e.Type {
	case wire.TypeReady, wire.TypeConversationUpdated:
		var conv wire.Conversation
		if e.Type == wire.TypeReady {
			var r wire.Ready
			if json.Unmarshal(e.Data, &r) != nil || r.Conversation == nil {
				return
			}
			conv = *r.Conversation
		} else if json.Unmarshal(e.Data, &conv) != nil {
			return
		}
		if e.Type == wire.TypeReady && c.messages.LastSeq() == 0 && (conv.Status == wire.StatusWrapUp || conv.Status == wire.StatusClosed) {
			// Back after the chat was ended: start afresh, not with the
			// old history.
			c.forget(ctx)
			return
		}
		c.conv = conv
	case wire.TypeTyping:
		var t wire.Typing
		if json.Unmarshal(e.Data, &t) == nil && t.Sender == wire.SenderAgent {
			c.typing.Saw(c.conv.ID, time.Now())
		}
	case wire.TypeMessageCreated:
		var m wire.Message
		// The server never sends a customer an internal note [T3]; were
		// one to come, it would not be shown either.
		if json.Unmarshal(e.Data, &m) != nil || m.Internal {
			return
		}
		if m.Sender == wire.SenderAgent {
			c.typing.Stopped(c.conv.ID)
		}
		if c.messages.Add(m) {
			c.files.fetch(ctx, c.token, m)
			c.since.Store(c.messages.LastSeq())
			kit.ScrollToEnd(ctx, "chat-log")
		}
	case wire.TypeError:
		var r wire.Error
		if json.Unmarshal(e.Data, &r) != nil {
			return
		}
		c.notice = kit.RefusalText(r)
		if r.Code == wire.ErrUnauthorized && r.Key == "" {
			// The stored link no longer works: forget it, so the next
			// message starts a new conversation.
			c.forget(ctx)
		}
	}
}

// renderPreChat asks, optionally, who the customer is [M1].
func (c *Chat) renderPreChat() app.HTMLDiv {
	field := func(id, label, typ, auto string, v *string) app.UI {
		return kit.FormField(id, label, "",
			app.Input().ID(id).Type(typ).Attr("autocomplete", auto).Attr("maxlength", 200).
				OnInput(func(ctx app.Context, e app.Event) {
					*v = ctx.JSSrc().Get("value").String()
					ctx.PreventUpdate()
				}))
	}
	return app.Div().Class("prechat").Body(
		app.P().Class("muted").Text(kit.T("chat.prechat")),
		app.Div().Class("form-row").Body(
			field("prechat-name", kit.T("chat.name"), "text", "name", &c.about.Name),
			field("prechat-email", kit.T("chat.email"), "email", "email", &c.about.Email),
		),
	)
}

// startRefusal words why a chat could not start: the first refused
// pre-chat answer, in the order the page asks them, or the server's reason.
func startRefusal(err error) string {
	var refused *kit.APIError
	if kit.AsAPIError(err, &refused) {
		for _, field := range []string{"name", "email", "question", "browser", "language"} {
			if p, ok := refused.Fields[field]; ok {
				return kit.FieldText("chat", field, p)
			}
		}
	}
	return err.Error()
}
