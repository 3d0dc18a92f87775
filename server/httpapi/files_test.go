package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// upload sends a file as the chat page does: the body is the file, its
// name and idempotency key in headers; token "" sends client's cookie.
func (e *env) upload(t *testing.T, c *http.Client, token, path, name, key string, data []byte) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+path, bytes.NewReader(data))
	require.NoError(t, err)
	req.Header.Set(wire.HeaderFileName, url.PathEscape(name))
	req.Header.Set(wire.HeaderIdempotencyKey, key)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// fetch GETs path with a chat token or the client's cookie.
func (e *env) fetch(t *testing.T, c *http.Client, token, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, b
}

func testPNG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.RGBA{B: 200, A: 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// fileCount is how many files a conversation's messages hold.
func (e *env) fileCount(t *testing.T, id int64) int {
	t.Helper()
	msgs, err := e.store.Messages(context.Background(), id, 0, 0)
	require.NoError(t, err)
	n := 0
	for _, m := range msgs {
		n += len(m.Files)
	}
	return n
}

func TestAttachmentsAPI(t *testing.T) {
	e := newEnv(t)
	alexHTTP := e.agentClient("alex@example.com")
	boHTTP := e.agentClient("bo@example.com")
	chat := e.pickedChat(t, alexHTTP, `{"question":"My parcel came broken"}`)
	other := e.startChat()
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	alex.send(wire.Envelope{Type: wire.TypeSubscribe, Conversation: chat.Conversation.ID, Data: []byte(`{"since":0}`)})

	var photo wire.File
	t.Run("a customer's PNG is stored with a thumbnail and reaches the agent live", func(t *testing.T) {
		m := answer[wire.Message](t, e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "parcel.png", "up-1", testPNG(900, 300)), http.StatusCreated)
		require.Len(t, m.Files, 1)
		photo = m.Files[0]
		require.Equal(t, "image/png", photo.Type)
		require.True(t, photo.Thumb)
		require.Equal(t, wire.SenderCustomer, m.Sender)
		for {
			got := decode[wire.Message](t, alex.nextOf(wire.TypeMessageCreated))
			if got.Seq == m.Seq {
				require.Equal(t, m.Files, got.Files)
				break
			}
		}
	})

	t.Run("the customer and the agent read it, an image shown inline and sandboxed", func(t *testing.T) {
		res, b := e.fetch(t, http.DefaultClient, chat.Token, wire.FilePath(true, photo.ID, false))
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, "image/png", res.Header.Get("Content-Type"))
		require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
		require.Equal(t, "sandbox", res.Header.Get("Content-Security-Policy"))
		require.Equal(t, `inline; filename=parcel.png`, res.Header.Get("Content-Disposition"))
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		require.NoError(t, err)
		require.Equal(t, 900, cfg.Width)

		res, b = e.fetch(t, alexHTTP, "", wire.FilePath(false, photo.ID, true))
		require.Equal(t, http.StatusOK, res.StatusCode)
		thumb, _, err := image.DecodeConfig(bytes.NewReader(b))
		require.NoError(t, err)
		require.Equal(t, 480, thumb.Width, "the thumbnail, made once on upload")
	})

	t.Run("another customer's token and an agent outside the conversation are refused", func(t *testing.T) {
		res, _ := e.fetch(t, http.DefaultClient, other.Token, wire.FilePath(true, photo.ID, false))
		require.Equal(t, http.StatusForbidden, res.StatusCode)
		res, _ = e.fetch(t, http.DefaultClient, other.Token, wire.FilePath(true, photo.ID, true))
		require.Equal(t, http.StatusForbidden, res.StatusCode)
		res, _ = e.fetch(t, boHTTP, "", wire.FilePath(false, photo.ID, false))
		require.Equal(t, http.StatusForbidden, res.StatusCode)
		res, _ = e.fetch(t, http.DefaultClient, "", wire.FilePath(true, photo.ID, false))
		require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	})

	t.Run("an agent's PDF is an attachment to save, never a page", func(t *testing.T) {
		pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
		m := answer[wire.Message](t, e.upload(t, alexHTTP, "", conversationPath(chat.Conversation.ID, "files"), "Returns label.pdf", "a-1", pdf), http.StatusCreated)
		require.Equal(t, wire.SenderAgent, m.Sender)
		require.False(t, m.Files[0].Thumb)
		res, b := e.fetch(t, http.DefaultClient, chat.Token, wire.FilePath(true, m.Files[0].ID, false))
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, pdf, b)
		require.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
		require.Equal(t, `attachment; filename="Returns label.pdf"`, res.Header.Get("Content-Disposition"))
		require.Equal(t, "sandbox", res.Header.Get("Content-Security-Policy"))
		res, _ = e.fetch(t, http.DefaultClient, chat.Token, wire.FilePath(true, m.Files[0].ID, true))
		require.Equal(t, http.StatusNotFound, res.StatusCode, "a PDF has no thumbnail")
	})

	t.Run("an agent's internal note's file never reaches the customer", func(t *testing.T) {
		req, err := http.NewRequest("POST", e.srv.URL+conversationPath(chat.Conversation.ID, "files"), strings.NewReader("internal only"))
		require.NoError(t, err)
		req.Header.Set(wire.HeaderFileName, "notes.txt")
		req.Header.Set(wire.HeaderIdempotencyKey, "note-1")
		req.Header.Set(wire.HeaderInternal, "true")
		res, err := alexHTTP.Do(req)
		require.NoError(t, err)
		m := answer[wire.Message](t, res, http.StatusCreated)
		require.True(t, m.Internal)
		got, _ := e.fetch(t, http.DefaultClient, chat.Token, wire.FilePath(true, m.Files[0].ID, false))
		require.Equal(t, http.StatusNotFound, got.StatusCode)
		got, _ = e.fetch(t, alexHTTP, "", wire.FilePath(false, m.Files[0].ID, false))
		require.Equal(t, http.StatusOK, got.StatusCode)
	})

	t.Run("an HTML page renamed .png is refused with its reason, and nothing is stored", func(t *testing.T) {
		before := e.fileCount(t, chat.Conversation.ID)
		p := answer[wire.Problem](t, e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "cat.png", "up-html",
			[]byte("<html><body><script>alert(document.cookie)</script></body></html>")), http.StatusUnsupportedMediaType)
		require.Equal(t, wire.FieldProblem{Reason: wire.ReasonFileMarkup}, p.Fields["file"])
		require.Equal(t, before, e.fileCount(t, chat.Conversation.ID))
	})

	t.Run("a file over the setting's limit is refused with the limit", func(t *testing.T) {
		ada, _ := e.admin()
		s := answer[wire.Settings](t, func() *http.Response {
			res, err := ada.Get(e.srv.URL + "/api/settings")
			require.NoError(t, err)
			return res
		}(), http.StatusOK)
		s.MaxFileMB = 1
		req, err := http.NewRequest("PUT", e.srv.URL+"/api/admin/settings", strings.NewReader(jsonBody(t, s)))
		require.NoError(t, err)
		res, err := ada.Do(req)
		require.NoError(t, err)
		answer[wire.Settings](t, res, http.StatusOK)
		p := answer[wire.Problem](t, e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "big.txt", "up-big",
			bytes.Repeat([]byte("a"), 1<<20+1)), http.StatusRequestEntityTooLarge)
		require.Equal(t, wire.FieldProblem{Reason: wire.ReasonFileTooLarge, Max: 1}, p.Fields["file"])
		answer[wire.Message](t, e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "ok.txt", "up-ok",
			bytes.Repeat([]byte("a"), 1<<20)), http.StatusCreated)
	})

	t.Run("an upload needs its key and name", func(t *testing.T) {
		answer[wire.Problem](t, e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "a.txt", "", []byte("hi")), http.StatusBadRequest)
		answer[wire.Problem](t, e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "", "k", []byte("hi")), http.StatusBadRequest)
	})

	t.Run("only the conversation's agent sends files in it", func(t *testing.T) {
		res := e.upload(t, boHTTP, "", conversationPath(chat.Conversation.ID, "files"), "a.txt", "bo-1", []byte("hi"))
		require.Equal(t, http.StatusForbidden, res.StatusCode)
	})
}

// rawUpload writes an upload on a connection of its own and hangs up
// without reading the answer, after all of the body or only part of it:
// a network cut as a phone loses signal.
func rawUpload(t *testing.T, e *env, token, key string, data []byte, send int) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	require.NoError(t, err)
	fmt.Fprintf(c, "POST /api/chat/files HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n%s: photo.png\r\n%s: %s\r\nContent-Length: %d\r\n\r\n",
		strings.TrimPrefix(e.srv.URL, "http://"), token, wire.HeaderFileName, wire.HeaderIdempotencyKey, key, len(data))
	_, err = c.Write(data[:send])
	require.NoError(t, err)
	require.NoError(t, c.Close())
}

func TestAnUploadRetriedAfterACutIsStoredOnce(t *testing.T) {
	e := newEnv(t)
	chat := e.startChat()
	img := testPNG(64, 64)

	t.Run("cut while sending: nothing is stored, and the retry stores it once", func(t *testing.T) {
		rawUpload(t, e, chat.Token, "cut-1", img, len(img)/2)
		m := answer[wire.Message](t, e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "photo.png", "cut-1", img), http.StatusCreated)
		require.Len(t, m.Files, 1)
		require.Equal(t, 1, e.fileCount(t, chat.Conversation.ID))
	})

	t.Run("cut before the answer came: the retry gets the stored file, not a second one", func(t *testing.T) {
		rawUpload(t, e, chat.Token, "cut-2", img, len(img))
		// The first attempt is stored by now or will be; either way the
		// key makes it one file.
		require.Eventually(t, func() bool { return e.fileCount(t, chat.Conversation.ID) == 2 }, time.Minute, 10*time.Millisecond)
		res := e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "photo.png", "cut-2", img)
		m := answer[wire.Message](t, res, http.StatusOK)
		require.Len(t, m.Files, 1)
		again := answer[wire.Message](t, e.upload(t, http.DefaultClient, chat.Token, "/api/chat/files", "photo.png", "cut-2", img), http.StatusOK)
		require.Equal(t, m, again)
		require.Equal(t, 2, e.fileCount(t, chat.Conversation.ID), "one file per upload, however often it is sent")
		msgs, err := e.store.Messages(context.Background(), chat.Conversation.ID, 0, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 2)
	})
}

func TestMMSMediaAreLinks(t *testing.T) {
	e := newEnv(t)
	e.smsWorkstream(t, "")
	form := url.Values{"From": {"+37120000000"}, "Body": {""}, "NumMedia": {"1"},
		"MediaUrl0": {"https://api.example.com/Media/ME1"}, "MediaContentType0": {"image/jpeg"}, "MessageSid": {"MM1"}}
	res := e.webhook(t, smsSecret, formType, form.Encode())
	require.Equal(t, http.StatusNoContent, res.StatusCode)
	convs := e.smsConversations(t)
	require.Len(t, convs, 1)
	msgs, err := e.store.Messages(context.Background(), convs[0].ID, 0, 0)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	require.Len(t, msgs[0].Files, 1)
	require.Equal(t, "https://api.example.com/Media/ME1", msgs[0].Files[0].URL)

	t.Run("an agent's file in the SMS conversation is refused: replies go as text", func(t *testing.T) {
		alexHTTP := e.agentClient("alex@example.com")
		answer[wire.Conversation](t, e.post(alexHTTP, conversationPath(convs[0].ID, "pick"), ""), http.StatusOK)
		before := e.bodies(t, convs[0].ID)
		p := answer[wire.Problem](t, e.upload(t, alexHTTP, "", conversationPath(convs[0].ID, "files"), "label.pdf", "sms-1", []byte("%PDF-1.4\n")), http.StatusConflict)
		require.Equal(t, wire.ReasonFileSMS, p.Fields["file"].Reason)
		require.Equal(t, before, e.bodies(t, convs[0].ID), "nothing stored, nothing queued for the SMS outbox")
	})
}
