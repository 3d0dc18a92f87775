package agent

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// attachmentsOf is the files being sent in a conversation [X1]; they
// live as long as the page, like the websocket's outbox.
func (w *Workspace) attachmentsOf(conv int64) *kit.Attachments {
	if w.attachments == nil {
		w.attachments = map[int64]*kit.Attachments{}
	}
	a := w.attachments[conv]
	if a == nil {
		a = &kit.Attachments{}
		w.attachments[conv] = a
	}
	a.MaxBytes = int64(w.settings.MaxFileMB) << 20 // 0 until the settings load: the server decides
	return a
}

// filesFor takes files picked, dropped or pasted in a session's composer
// and sends them into its conversation, as internal notes while the
// Internal note toggle is on [T3]. An SMS conversation takes none: its
// replies go out as text, so the agent is told instead of the file
// silently not reaching the customer.
func (w *Workspace) filesFor(x *workspace.Session, canWrite bool) func(app.Context, []app.Value) {
	if !canWrite {
		return nil
	}
	return func(ctx app.Context, files []app.Value) {
		if c, _ := w.store.Conversation(x.Conversation); c.Channel == wire.ChannelSMS {
			w.say(kit.FieldText("files", "file", wire.FieldProblem{Reason: wire.ReasonFileSMS}))
			return
		}
		headers := map[string]string{}
		if x.Note {
			headers[wire.HeaderInternal] = "true"
		}
		w.attachmentsOf(x.Conversation).Add(w.self, files, filesPath(x.Conversation), headers, w.fileStored(x))
		x.AtBottom = true
		w.keepScroll(x)
	}
}

func (w *Workspace) retryFile(ctx app.Context, x *workspace.Session, key string) {
	w.attachmentsOf(x.Conversation).Retry(w.self, key, w.fileStored(x))
}

// fileStored follows a stored file to the end of the transcript; the
// message itself comes over the websocket like any other, in seq order.
func (w *Workspace) fileStored(x *workspace.Session) func(app.Context, wire.Message) {
	return func(ctx app.Context, m wire.Message) {
		x.AtBottom = true
		w.keepScroll(x)
	}
}

func filesPath(conv int64) string {
	return "/api/conversations/" + strconv.FormatInt(conv, 10) + "/files"
}
