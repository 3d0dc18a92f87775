package kit

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/upload"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// FileSource says where a transcript reads a file from: thumb asks for
// the thumbnail. "" means not yet (a customer's page is still fetching
// it with its token).
type FileSource func(f wire.File, thumb bool) string

// AgentFiles reads files with the agent's cookie, straight from the API.
func AgentFiles(f wire.File, thumb bool) string { return wire.FilePath(false, f.ID, thumb) }

// messageFiles renders a message's files [X1]: an image as its thumbnail,
// a link that opens it full size; anything else as a link to save it,
// with its name and size; an MMS's media as links to the provider.
func messageFiles(files []wire.File, src FileSource) app.UI {
	return app.Div().Class("msg-files").Body(
		app.Range(files).Slice(func(i int) app.UI {
			f := files[i]
			switch {
			case f.URL != "":
				return app.A().Class("msg-file").Href(f.URL).Target("_blank").Rel("noopener noreferrer").Body(
					fileIcon(), app.Span().Class("msg-file-name").Text(T("file.media", i+1)),
				)
			case f.Image():
				thumb, full := src(f, true), src(f, false)
				w, h := thumbBox(f)
				img := app.Img().Class("msg-thumb").Alt(f.Name).Width(w).Height(h)
				if thumb != "" {
					img = img.Src(thumb)
				}
				a := app.A().Class("msg-image").Title(T("file.open", f.Name)).Aria("label", T("file.open", f.Name)).Target("_blank").Rel("noopener")
				if full != "" {
					a = a.Href(full)
				}
				return a.Body(img)
			}
			a := app.A().Class("msg-file").Attr("download", f.Name).Aria("label", T("file.download", f.Name, upload.FileSize(f.Size)))
			if full := src(f, false); full != "" {
				a = a.Href(full)
			}
			return a.Body(
				fileIcon(),
				app.Span().Class("msg-file-name").Text(f.Name),
				app.Span().Class("msg-file-size").Text(upload.FileSize(f.Size)),
			)
		}),
	)
}

// thumbBox is the size a thumbnail takes before it loads, so the
// transcript does not jump: at most 240 by 180 CSS pixels.
func thumbBox(f wire.File) (int, int) {
	w, h := max(f.Width, 1), max(f.Height, 1)
	scale := min(240/float64(w), 180/float64(h), 1)
	return max(1, int(float64(w)*scale)), max(1, int(float64(h)*scale))
}

// onlyName says the body is just the file's name, which the file shows.
func onlyName(m wire.Message) bool {
	return len(m.Files) == 1 && strings.TrimSpace(m.Body) == m.Files[0].Name || len(m.Files) > 0 && m.Body == ""
}

func fileIcon() app.UI {
	return app.Raw(`<svg class="file-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path fill="none" stroke="currentColor" stroke-width="1.8" d="M14 3v5h5"/></svg>`)
}

// AttachButton is the composer's `Attach a file` button, with the hidden
// file input it opens; id names the input (id+"-file").
func AttachButton(id string, disabled bool, onFiles func(app.Context, []app.Value)) app.UI {
	input := id + "-file"
	return app.Span().Class("attach").Body(
		app.Input().Type("file").ID(input).Class("visually-hidden").Multiple(true).TabIndex(-1).Aria("hidden", "true").
			Disabled(disabled).
			OnChange(func(ctx app.Context, e app.Event) {
				files := fileList(ctx.JSSrc().Get("files"))
				ctx.JSSrc().Set("value", "") // the same file may be picked again
				if len(files) > 0 {
					onFiles(ctx, files)
				}
			}),
		app.Button().Type("button").Class("btn btn-icon btn-attach").Aria("label", T("file.attach")).Title(T("file.attach")).
			Disabled(disabled).
			OnClick(func(ctx app.Context, e app.Event) {
				if el := app.Window().GetElementByID(input); el.Truthy() {
					el.Call("click")
				}
			}).Body(
			app.Raw(`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" d="M20.5 11.5l-8.1 8.1a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8"/></svg>`),
		),
	)
}

// fileList turns a FileList into its files.
func fileList(list app.Value) []app.Value {
	if !list.Truthy() {
		return nil
	}
	n := list.Get("length").Int()
	out := make([]app.Value, 0, n)
	for i := range n {
		out = append(out, list.Call("item", i))
	}
	return out
}

// Render shows the uploads under way: each with its progress, and once
// failed, why, with Retry when trying again may help.
func (a *Attachments) Render(onRetry func(app.Context, string)) app.UI {
	list := a.uploads.List()
	return app.Div().Class("uploads").Hidden(len(list) == 0).Body(
		app.Range(list).Slice(func(i int) app.UI {
			u := list[i]
			class := "upload"
			if u.Failed {
				class += " upload-failed"
			}
			return app.Div().Class(class).Body(
				fileIcon(),
				app.Span().Class("upload-name").Text(u.Name),
				app.If(!u.Failed, func() app.UI {
					return app.Progress().Class("upload-progress").Max(100).Value(u.Percent()).
						Aria("label", T("file.uploading", u.Name))
				}),
				app.If(!u.Failed, func() app.UI {
					return app.Span().Class("upload-percent").Text(T("file.percent", u.Percent()))
				}),
				app.If(u.Failed, func() app.UI {
					return app.Span().Class("upload-error").Role("alert").Text(uploadProblem(u))
				}),
				app.If(u.Failed && u.Retry, func() app.UI {
					return app.Button().Type("button").Class("btn btn-quiet").Text(T("file.retry")).
						OnClick(func(ctx app.Context, e app.Event) { onRetry(ctx, u.Key) })
				}),
				app.If(u.Failed, func() app.UI {
					return app.Button().Type("button").Class("btn btn-quiet").Text(T("file.dismiss")).
						Aria("label", T("file.dismiss.named", u.Name)).
						OnClick(func(ctx app.Context, e app.Event) { a.Dismiss(u.Key) })
				}),
			)
		}),
	)
}

// uploadProblem words why an upload failed, in the reader's language.
func uploadProblem(u upload.Upload) string {
	switch {
	case u.Problem.Reason != "":
		return FieldText("files", "file", u.Problem)
	case u.Message != "":
		return u.Message
	}
	return T("file.failed")
}
