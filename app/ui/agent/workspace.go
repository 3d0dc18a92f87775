package agent

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

type phase int

const (
	phaseLoading phase = iota
	phaseSignIn
	phaseWorking
)

// Local storage keys. The workspace is saved per agent, so two agents
// sharing a browser never see each other's drafts.
const (
	collapsedKey   = "switchboard.panel.collapsed"
	notifyAskedKey = "switchboard.notifications.asked"
	sortKey        = "switchboard.dashboard.sort"
	workspaceKey   = "switchboard.workspace."
	saveDebounce   = 400 * time.Millisecond
	scrollSlackPx  = 24
)

// Workspace is the agent's page at /: the sign-in form until the agent is
// known, then the session panel and the sessions.
type Workspace struct {
	app.Compo

	ready bool
	// self is a context bound to this component. Live events and answers to
	// requests are dispatched through it: an event handler's context dies
	// with its element (the sign-in form, a menu item), and go-app silently
	// drops dispatches to it.
	//
	// While an agent is signed in, self carries that sign-in's context:
	// signing out cancels it, which aborts the requests under way and
	// drops the answers and events still queued, so none of them reaches
	// the signed-out workspace or the next agent's. mounted is the
	// component's own, for the next sign-in.
	self, mounted app.Context
	phase         phase
	agent         wire.Agent
	store         *workspace.Store
	client        *live.Client
	stop          context.CancelFunc
	conn          live.State

	notice      string // the last refusal or limit message, shown in an alert
	menu        string // the open "More options" or "+" menu, by id
	confirm     string // the session whose close is being confirmed
	confirmEnd  int64  // the conversation whose End is being confirmed
	help        bool   // the keyboard shortcuts dialog
	transfer    *kit.Transfer
	consults    map[int64]*consultView // consults this agent is in, by conversation [T2]
	consultAsks []wire.ConsultRequest  // Consult requests to answer, oldest first
	consultPick *consultPicker
	collapsed   bool // the session panel shows icons only [S2]
	savePending bool
	// synced: the server's workspace is merged in; pushing: a save to it
	// is under way, pushAgain: another change waits for it.
	synced, pushing, pushAgain bool
	offers                     workspace.Offers // incoming conversations [S9]

	// The events that come while a list loads, to replay on it.
	offerEvents, consultEvents, conversationEvents heldEvents

	expiring     bool   // a late offer's hiding is scheduled
	atLimit      bool   // the server knows the session panel is full
	sortBy       string // order of the dashboard streams
	typing       kit.Typing
	settings     wire.Settings              // the administrator\'s, as last read
	details      map[int64]*wire.Details    // Active conversation tab data
	attachments  map[int64]*kit.Attachments // files being sent, by conversation [X1]
	finders      map[string]*contactFinder  // contact searches, by session
	quickReplies []wire.QuickReply

	// epoch counts the changes any session's view may show. Each render
	// is one, unless all that changed since the last render was local:
	// confined to what session revisions and components of their own
	// (session tabs, the typing indicator) cover, as a switch or a new
	// message. wide marks a change that is not, from an event or an
	// answer in the same frame.
	epoch       int
	local, wide bool

	shownUnread int // the unread total in the document's title

	cases []wire.Case // My active cases
	// unassigned are the cases offline forms filed [X3].
	unassigned []wire.UnassignedCase
	signIn     signInForm
	unlisten   func()
}

// OnMount runs in the browser only: the prerendered page stays inert.
func (w *Workspace) OnMount(ctx app.Context) {
	w.ready = true
	w.self, w.mounted = ctx, ctx
	ctx.LocalStorage().Get(collapsedKey, &w.collapsed)
	ctx.LocalStorage().Get(sortKey, &w.sortBy)
	w.unlisten = listenWindow(ctx, w)
	ctx.Async(func() {
		var s wire.Session
		err := kit.Call(ctx, "GET", "/api/session", nil, &s)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil || s.Agent == nil {
				w.phase = phaseSignIn
				return
			}
			w.start(*s.Agent)
		})
	})
}

// OnDismount ends the connection.
func (w *Workspace) OnDismount() {
	if w.stop != nil {
		w.stop()
	}
	if w.unlisten != nil {
		w.unlisten()
	}
}

func (w *Workspace) Render() app.UI {
	if w.wide || !w.local {
		w.epoch++
	}
	w.local, w.wide = false, false
	root := app.Div().Class("app")
	if w.ready {
		root = root.DataSet("ready", "true")
	}
	switch w.phase {
	case phaseSignIn:
		return root.Body(w.renderSignIn())
	case phaseWorking:
		class := "workspace"
		if w.collapsed {
			class += " workspace-collapsed"
		}
		return root.Body(
			w.renderTopbar(),
			app.Div().Class(class).Body(
				w.renderSessionPanel(),
				// The offer has a tray of its own above the stage, so it
				// never covers the app tabs or a form [S9]. The tray is
				// always there: go-app diffs by position, and the stage
				// must not move when an offer comes (it would remount and
				// lose what is typed in it).
				app.Div().Class("offer-tray").Body(app.If(w.offers.Len() > 0, w.renderOffer)),
				w.renderStage(),
			),
			app.If(w.notice != "", func() app.UI {
				return app.Div().Class("toast").Role("alert").Body(
					app.Span().Text(w.notice),
					app.Button().Class("toast-close").Aria("label", kit.T("dismiss")).Text("×").
						OnClick(func(ctx app.Context, e app.Event) { w.notice = "" }),
				)
			}),
			app.If(w.confirm != "", w.renderCloseDialog),
			app.If(w.confirmEnd != 0, w.renderEndDialog),
			app.If(w.help, w.renderHelpDialog),
			app.If(w.transfer != nil, w.renderTransferDialog),
			app.If(w.consultPick != nil, w.renderConsultPicker),
			app.If(len(w.consultAsks) > 0 && w.offers.Len() == 0, w.renderConsultRequest),
		)
	}
	return root.Body(app.Div().Class("splash").Text(kit.T("loading")))
}

// start restores the agent's workspace and opens the connection.
func (w *Workspace) start(a wire.Agent) {
	runCtx, stop := context.WithCancel(w.mounted.Context)
	w.self.Context, w.stop = runCtx, stop
	ctx := w.self
	kit.FollowAgent(a.Language) // before the sessions first render
	w.agent = a
	w.phase = phaseWorking
	w.store = workspace.New(kit.Words{})
	w.details, w.finders, w.consults = make(map[int64]*wire.Details), make(map[string]*contactFinder), map[int64]*consultView{}
	if err := w.store.Use(localStore{ctx.LocalStorage(), w.saveKey()}); err != nil {
		app.Log("ignoring the saved workspace:", err)
	}
	w.client = &live.Client{
		URL: kit.SocketURL("/ws/agent"),
		OnEvent: func(e wire.Envelope) {
			ctx.Dispatch(func(ctx app.Context) {
				if ctx.Err() == nil {
					w.onEvent(e)
				}
			})
		},
		OnState: func(s live.State) {
			ctx.Dispatch(func(ctx app.Context) {
				if ctx.Err() == nil {
					w.onState(s)
				}
			})
		},
	}
	go w.client.Run(runCtx)
	w.loadCases()
	w.loadUnassigned()
	w.loadQuickReplies()
	w.restoreScroll()
	w.synced = false
	w.loadWorkspace()
}

func (w *Workspace) saveKey() string { return workspaceKey + strconv.FormatInt(w.agent.ID, 10) }

// save writes the workspace to local storage soon; flush writes it now.
func (w *Workspace) save() {
	if w.store == nil {
		return
	}
	w.reportSessionLimit()
	if w.savePending {
		return
	}
	w.savePending = true
	w.self.After(saveDebounce, func(app.Context) {
		w.flush()
		w.local = true // nothing shown changes
	})
}

func (w *Workspace) flush() {
	w.savePending = false
	if w.store == nil {
		return
	}
	if err := w.store.Save(); err != nil {
		app.Log("saving the workspace:", err)
	}
	w.push()
}

// localStore keeps the workspace in the browser's local storage, under a
// key of the agent's.
type localStore struct {
	storage app.BrowserStorage
	key     string
}

func (l localStore) Load() ([]byte, error) {
	var saved json.RawMessage
	if err := l.storage.Get(l.key, &saved); err != nil {
		return nil, err
	}
	return saved, nil
}

func (l localStore) Save(snapshot []byte) error {
	return l.storage.Set(l.key, json.RawMessage(snapshot))
}

// fail shows an error, or the sign-in form when the sign-in has expired.
func (w *Workspace) fail(err error) {
	if errors.Is(err, kit.ErrUnauthorized) {
		w.signOutLocally()
		return
	}
	w.say(kit.ErrorText(err))
}

func (w *Workspace) signOut(app.Context, app.Event) {
	ctx := w.self
	w.savePending = false
	if err := w.store.Save(); err != nil {
		app.Log("saving the workspace:", err)
	}
	var last []wire.WorkspaceChange
	if w.synced && !w.pushing {
		last = w.store.Changes()
	}
	ctx.Async(func() {
		// The last edits reach the server before the sign-in ends; what
		// does not (a conflict, a request under way) is in local storage,
		// merged at the next sign-in in this browser.
		if len(last) > 0 {
			_ = kit.Call(ctx, "PUT", "/api/workspace", wire.WorkspaceChanges{Changes: last}, nil)
		}
		err := kit.Call(ctx, "POST", "/api/signout", nil, nil)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil && !errors.Is(err, kit.ErrUnauthorized) {
				w.say(kit.ErrorText(err))
				return
			}
			w.signOutLocally()
		})
	})
}

func (w *Workspace) signOutLocally() {
	if w.stop != nil {
		w.stop()
	}
	w.self = w.mounted
	w.client, w.store, w.stop, w.cases, w.unassigned = nil, nil, nil, nil, nil
	w.offers.Reset()
	w.atLimit = false
	w.synced, w.pushAgain = false, false
	w.phase = phaseSignIn
	w.signIn = signInForm{}
	w.notice, w.menu, w.confirm, w.help, w.transfer = "", "", "", false, nil
}

// open focuses a session after a change and keeps the agent's place in it.
func (w *Workspace) focus(id string) {
	if !w.store.Focus(id) {
		return
	}
	w.local = w.menu == "" // only the two tabs and panels change
	w.menu = ""
	w.restoreScroll()
	w.save()
}

// openConversation starts or focuses the conversation's session and fetches
// its history.
func (w *Workspace) openConversation(c wire.Conversation) {
	x, err := w.store.OpenConversation(c)
	if err != nil {
		w.say(kit.ErrorText(err))
		return
	}
	w.client.Subscribe(c.ID, w.store.Transcript(x.Conversation).LastSeq())
	w.loadDetails(c.ID)
	w.restoreScroll()
	w.save()
}

func (w *Workspace) renderTopbar() app.UI {
	return app.Header().Class("topbar").Body(
		app.Div().Class("brand").Body(
			app.Img().Src("/web/icon.svg").Role("presentation").Class("brand-mark"),
			app.Span().Text(kit.T("brand")),
		),
		app.Div().Class("topbar-end").Body(
			kit.ConnectionStatus(w.conn),
			w.renderPresence(),
			w.renderLanguage(),
			app.Button().Class("btn btn-quiet btn-small").Aria("label", kit.T("help.open")).Title(kit.T("help.open")).Text("?").
				OnClick(func(ctx app.Context, e app.Event) { w.help = true }),
			app.If(w.agent.Role == "supervisor" || w.agent.Role == "admin", func() app.UI {
				return app.A().Class("btn btn-quiet").Href("/supervise").Text(kit.T("supervise.link"))
			}),
			app.If(w.agent.Role == "admin", func() app.UI {
				return app.A().Class("btn btn-quiet").Href("/admin").Text(kit.T("admin.link"))
			}),
			app.Span().Class("agent-name").Text(w.agent.Name),
			app.Button().Class("btn btn-quiet").Text(kit.T("signout")).OnClick(w.signOut),
		),
	)
}

// noticeFor is how long a notice stays unless dismissed: long enough to
// read, short enough not to sit on the buttons under it all shift.
const noticeFor = 8 * time.Second

// say shows a notice in the alert toast.
func (w *Workspace) say(msg string) {
	w.notice = msg
	w.self.After(noticeFor, func(app.Context) {
		if w.notice == msg {
			w.notice = ""
		}
	})
}

// dispatch runs f on the UI goroutine, after an answer from the server, as
// a change any session's view may show; not if the sign-in that ctx
// carries has ended meanwhile.
func (w *Workspace) dispatch(ctx app.Context, f func(app.Context)) {
	ctx.Dispatch(func(ctx app.Context) {
		if ctx.Err() != nil {
			return
		}
		w.wide = true
		f(ctx)
	})
}

// quietly re-renders after a change that components of their own cover
// (the typing indicator), as they ask on their timers.
func (w *Workspace) quietly() { w.local = true }

// hold keeps the workspace from re-rendering for an update of one of its
// leaf components (the offer countdown): go-app flags every enclosing
// component of one that updates, and only the leaf changed.
func (w *Workspace) hold() { w.self.PreventUpdate() }
