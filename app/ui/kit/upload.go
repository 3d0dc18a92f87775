package kit

import (
	"encoding/json"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/upload"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// Attachments sends a composer's files [X1]: each upload shows its
// progress, and one that failed can be retried with its idempotency key,
// so the server stores it once however often it is sent.
type Attachments struct {
	uploads upload.Uploads
	sends   map[string]pendingFile
	// MaxBytes, when known, refuses a file over the server's limit
	// before a byte is sent.
	MaxBytes int64
}

type pendingFile struct {
	file    app.Value
	path    string
	headers map[string]string
}

// Add starts sending files to path (an upload endpoint); headers carry
// the caller's proof and flags. onStored runs for each stored message.
func (a *Attachments) Add(ctx app.Context, files []app.Value, path string, headers map[string]string, onStored func(app.Context, wire.Message)) {
	if a.sends == nil {
		a.sends = map[string]pendingFile{}
	}
	for _, f := range files {
		up := a.uploads.Add(live.NewKey(), f.Get("name").String(), int64(f.Get("size").Float()), a.MaxBytes)
		if up.Failed {
			continue
		}
		a.sends[up.Key] = pendingFile{file: f, path: path, headers: headers}
		a.send(ctx, up.Key, onStored)
	}
}

// Retry sends a failed upload again, with the same key.
func (a *Attachments) Retry(ctx app.Context, key string, onStored func(app.Context, wire.Message)) {
	if a.uploads.Retry(key) {
		a.send(ctx, key, onStored)
	}
}

// Dismiss forgets a failed upload.
func (a *Attachments) Dismiss(key string) {
	a.uploads.Remove(key)
	delete(a.sends, key)
}

func (a *Attachments) send(ctx app.Context, key string, onStored func(app.Context, wire.Message)) {
	p := a.sends[key]
	headers := map[string]string{wire.HeaderIdempotencyKey: key,
		wire.HeaderFileName: url.PathEscape(p.file.Get("name").String())}
	for k, v := range p.headers {
		headers[k] = v
	}
	sendFile(p.path, headers, p.file,
		func(sent float64) { ctx.Dispatch(func(app.Context) { a.uploads.Progress(key, int64(sent)) }) },
		func(status int, body string) {
			ctx.Dispatch(func(ctx app.Context) {
				if status == 200 || status == 201 {
					var m wire.Message
					a.Dismiss(key)
					if json.Unmarshal([]byte(body), &m) == nil && onStored != nil {
						onStored(ctx, m)
					}
					return
				}
				var p wire.Problem
				json.Unmarshal([]byte(body), &p)
				// A refused file stays refused; a cut or a server error may pass
				// on the next try.
				retry := status == 0 || status >= 500 || status == 408 || status == 429
				msg := p.Error
				if retry {
					msg = ""
				}
				a.uploads.Fail(key, p.Fields["file"], msg, retry)
			})
		})
}

// sendFile POSTs a file with XMLHttpRequest, the one browser API that
// reports upload progress (fetch does not). status is 0 when the request
// failed without an answer: a network cut, or the page going offline.
func sendFile(path string, headers map[string]string, file app.Value, progress func(sent float64), done func(status int, body string)) {
	xhr := app.Window().Get("XMLHttpRequest").New()
	xhr.Call("open", "POST", path)
	for k, v := range headers {
		xhr.Call("setRequestHeader", k, v)
	}
	var onProgress, onEnd app.Func
	onProgress = app.FuncOf(func(this app.Value, args []app.Value) any {
		progress(args[0].Get("loaded").Float())
		return nil
	})
	onEnd = app.FuncOf(func(this app.Value, args []app.Value) any {
		onProgress.Release()
		onEnd.Release()
		done(xhr.Get("status").Int(), xhr.Get("responseText").String())
		return nil
	})
	xhr.Get("upload").Set("onprogress", onProgress)
	// loadend follows load, error, abort and timeout alike, exactly once.
	xhr.Set("onloadend", onEnd)
	xhr.Call("send", file)
}
