package chat

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// chatFiles are the customer's attachments [X1]: the uploads under way,
// and the files of the transcript, which an img or a link cannot read
// with the chat token themselves, so each is fetched once with it and
// shown from an object URL.
type chatFiles struct {
	up    kit.Attachments
	blobs map[string]string // object URLs by file path
}

// source is the transcript's FileSource: "" until the file is fetched.
func (f *chatFiles) source(file wire.File, thumb bool) string {
	return f.blobs[wire.FilePath(true, file.ID, thumb)]
}

// fetch reads the files of a message that just arrived: an image's
// thumbnail and the image, another file itself, so its link saves it.
func (f *chatFiles) fetch(ctx app.Context, token string, m wire.Message) {
	if f.blobs == nil {
		f.blobs = map[string]string{}
	}
	for _, file := range m.Files {
		if file.URL != "" {
			continue
		}
		paths := []string{wire.FilePath(true, file.ID, false)}
		if file.Image() {
			paths = append(paths, wire.FilePath(true, file.ID, true))
		}
		for _, p := range paths {
			if _, ok := f.blobs[p]; ok {
				continue
			}
			f.blobs[p] = "" // being fetched
			ctx.Async(func() {
				u, err := kit.FetchBlob(ctx, token, p)
				ctx.Dispatch(func(app.Context) {
					if err != nil {
						delete(f.blobs, p) // the next arrival of the message tries again
						return
					}
					f.blobs[p] = u
				})
			})
		}
	}
}

// forget releases the files of a conversation left behind.
func (f *chatFiles) forget() {
	for _, u := range f.blobs {
		if u != "" {
			app.Window().Get("URL").Call("revokeObjectURL", u)
		}
	}
	f.blobs = nil
}

// attach sends files the customer picked, dropped or pasted; the first
// one starts the conversation if there is none yet.
func (c *Chat) attach(ctx app.Context, files []app.Value) {
	send := func(ctx app.Context) {
		c.files.up.Add(c.self, files, "/api/chat/files", map[string]string{"Authorization": "Bearer " + c.token}, c.fileStored)
	}
	if c.ended() {
		c.forget(ctx)
	}
	if c.token == "" {
		c.start(ctx, "", send)
		return
	}
	send(ctx)
}

func (c *Chat) retryFile(ctx app.Context, key string) {
	c.files.up.Retry(c.self, key, c.fileStored)
}

// fileStored scrolls to the stored file; the message itself comes over
// the websocket in seq order.
func (c *Chat) fileStored(ctx app.Context, _ wire.Message) {
	kit.ScrollToEnd(ctx, "chat-log")
}

// loadFileLimit learns the attachment limit for a returning customer,
// who goes straight to their conversation.
func (c *Chat) loadFileLimit(ctx app.Context) {
	ctx.Async(func() {
		var cfg wire.ChatConfig
		if kit.Call(ctx, "GET", "/api/chat", nil, &cfg) != nil {
			return
		}
		ctx.Dispatch(func(app.Context) { c.files.up.MaxBytes = int64(cfg.MaxFileMB) << 20 })
	})
}
