package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// until reads frames until one of type typ and returns it with the frames
// that came before it.
func (rc *rawConn) until(typ string) (wire.Envelope, []wire.Envelope) {
	rc.t.Helper()
	var before []wire.Envelope
	for {
		e := rc.next()
		if e.Type == typ {
			return e, before
		}
		before = append(before, e)
	}
}

func types(list []wire.Envelope) []string {
	out := []string{}
	for _, e := range list {
		out = append(out, e.Type)
	}
	return out
}

// pickedChat starts a chat with the given body and has the agent pick it.
func (e *env) pickedChat(t *testing.T, agent *http.Client, body string) wire.ChatStarted {
	t.Helper()
	chat := answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", body), http.StatusCreated)
	answer[wire.Conversation](t, e.post(agent, conversationPath(chat.Conversation.ID, "pick"), ""), http.StatusOK)
	return chat
}

func (e *env) createContact(t *testing.T, c *http.Client, in wire.ContactInput) wire.Contact {
	t.Helper()
	return answer[wire.Contact](t, e.post(c, "/api/contacts", jsonBody(t, in)), http.StatusCreated)
}

func TestCustomerRoutesNeedSignIn(t *testing.T) {
	e := newEnv(t)
	chat := e.startChat()
	id := chat.Conversation.ID
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/api/contacts?q=kenny", ""},
		{"POST", "/api/contacts", `{"name":"Kenny Smith"}`},
		{"GET", "/api/contacts/1", ""},
		{"PUT", "/api/contacts/1", `{"name":"Kenny Smith","version":1}`},
		{"POST", conversationPath(id, "contact"), `{"contactId":1}`},
		{"GET", conversationPath(id, "details"), ""},
		{"GET", "/api/quick-replies", ""},
	} {
		t.Run(r.method+" "+r.path+" refuses a request without a sign-in", func(t *testing.T) {
			res := e.do(http.DefaultClient, r.method, r.path, r.body)
			require.Equal(t, http.StatusUnauthorized, res.StatusCode)
		})
	}
	t.Run("and nothing was created or changed", func(t *testing.T) {
		list, err := e.store.Contacts(t.Context())
		require.NoError(t, err)
		require.Empty(t, list)
		c, err := e.store.Conversation(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, "Visitor 1", c.Title)
	})
	t.Run("the chat page's configuration is public", func(t *testing.T) {
		res := e.do(http.DefaultClient, "GET", "/api/chat", "")
		require.Equal(t, wire.ChatConfig{MaxFileMB: wire.DefaultMaxFileMB}, answer[wire.ChatConfig](t, res, http.StatusOK))
	})
}

func TestContactsAPI(t *testing.T) {
	e := newEnv(t)
	alex := e.agentClient("alex@example.com")
	search := func(t *testing.T, q string) []wire.Contact {
		t.Helper()
		return answer[[]wire.Contact](t, e.do(alex, "GET", "/api/contacts?q="+url.QueryEscape(q), ""), http.StatusOK)
	}

	t.Run("a created contact is answered with its id and found by name, email, phone or account", func(t *testing.T) {
		kenny := e.createContact(t, alex, wire.ContactInput{
			Name: " Kenny Smith ", Email: "Kenny.Smith@Contoso.com", Phone: "+1 425 555 0101", Account: "Contoso Ltd",
		})
		require.NotZero(t, kenny.ID)
		require.Equal(t, wire.Contact{
			ID: kenny.ID, Name: "Kenny Smith", Email: "kenny.smith@contoso.com", Phone: "+1 425 555 0101", Account: "Contoso Ltd",
			Version: 1,
		}, kenny)
		e.createContact(t, alex, wire.ContactInput{Name: "Maria Garcia", Account: "Fabrikam"})
		for _, q := range []string{"kenny", "SMITH", "ken smi", "kenny.smith@contoso.com", "555 0101", "contoso"} {
			require.Equal(t, []wire.Contact{kenny}, search(t, q), q)
		}
		require.Empty(t, search(t, "nobody"))
	})

	t.Run("no query lists the newest contacts first", func(t *testing.T) {
		list := search(t, "")
		require.Len(t, list, 2)
		require.Equal(t, "Maria Garcia", list[0].Name)
	})

	t.Run("at most 20 contacts are answered", func(t *testing.T) {
		for i := range 25 {
			_, err := e.store.CreateContact(t.Context(), store.Contact{Name: "Tester " + itoa(int64(i))})
			require.NoError(t, err)
		}
		require.Len(t, search(t, "tester"), 20)
		require.Len(t, search(t, ""), 20)
	})

	t.Run("a query over 200 characters is refused", func(t *testing.T) {
		res := e.do(alex, "GET", "/api/contacts?q="+strings.Repeat("k", 201), "")
		p := answer[wire.Problem](t, res, http.StatusBadRequest)
		require.Contains(t, p.Error, "200")
	})

	t.Run("invalid fields are all named, with what to do", func(t *testing.T) {
		res := e.post(alex, "/api/contacts", jsonBody(t, wire.ContactInput{
			Name: " ", Email: "kenny at contoso", Phone: strings.Repeat("5", 41), Account: strings.Repeat("a", 201),
		}))
		p := answer[wire.Problem](t, res, http.StatusBadRequest)
		require.Equal(t, "Check the highlighted fields.", p.Error)
		require.Equal(t, map[string]wire.FieldProblem{
			"name":    {Reason: wire.ReasonRequired},
			"email":   {Reason: wire.ReasonFormat},
			"phone":   {Reason: wire.ReasonTooLong, Max: 40},
			"account": {Reason: wire.ReasonTooLong, Max: 200},
		}, p.Fields)

		res = e.post(alex, "/api/contacts", jsonBody(t, wire.ContactInput{Name: strings.Repeat("n", 201)}))
		p = answer[wire.Problem](t, res, http.StatusBadRequest)
		require.Equal(t, map[string]wire.FieldProblem{"name": {Reason: wire.ReasonTooLong, Max: 200}}, p.Fields)
		require.Equal(t, http.StatusBadRequest, e.post(alex, "/api/contacts", `{"name":`).StatusCode)
		require.Equal(t, http.StatusBadRequest, e.post(alex, "/api/contacts", `{"name":"x","role":"admin"}`).StatusCode)
	})

	t.Run("markup is stored and answered as text, unchanged", func(t *testing.T) {
		name := `<script>alert("hi")</script> O'Brien & Sons`
		c := e.createContact(t, alex, wire.ContactInput{Name: name, Account: "<img src=x onerror=alert(1)>"})
		require.Equal(t, name, c.Name)
		require.Equal(t, "<img src=x onerror=alert(1)>", c.Account)
		found := search(t, "script alert")
		require.Len(t, found, 1)
		require.Equal(t, c, found[0])

		res := e.do(alex, "GET", "/api/contacts?q=script", "")
		require.Equal(t, "application/json", res.Header.Get("Content-Type"))
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.NotContains(t, string(b), "<script>", "JSON escapes < and >, so no browser reads it as markup")
	})
}

func TestUpdateContactAPI(t *testing.T) {
	e := newEnv(t)
	alexHTTP := e.agentClient("alex@example.com")
	boHTTP := e.agentClient("bo@example.com")
	kenny := e.createContact(t, alexHTTP, wire.ContactInput{Name: "Kenny Smith", Email: "kenny@contoso.com"})
	put := func(c *http.Client, id int64, in wire.ContactInput) *http.Response {
		return e.do(c, "PUT", "/api/contacts/"+itoa(id), jsonBody(t, in))
	}
	stored := func(t *testing.T) wire.Contact {
		t.Helper()
		return answer[wire.Contact](t, e.do(boHTTP, "GET", "/api/contacts/"+itoa(kenny.ID), ""), http.StatusOK)
	}

	t.Run("a contact is answered with its version; an unknown one is 404", func(t *testing.T) {
		require.Equal(t, kenny, stored(t))
		require.Equal(t, int64(1), kenny.Version)
		p := answer[wire.Problem](t, e.do(alexHTTP, "GET", "/api/contacts/9999", ""), http.StatusNotFound)
		require.Equal(t, "No such contact.", p.Error)
		p = answer[wire.Problem](t, put(alexHTTP, 9999, wire.ContactInput{Name: "Nobody", Version: 1}), http.StatusNotFound)
		require.Equal(t, "No such contact.", p.Error)
		answer[wire.Problem](t, e.do(alexHTTP, "GET", "/api/contacts/kenny", ""), http.StatusBadRequest)
	})

	t.Run("a save without the version it started from is refused", func(t *testing.T) {
		p := answer[wire.Problem](t, put(alexHTTP, kenny.ID, wire.ContactInput{Name: "Kenneth Smith"}), http.StatusBadRequest)
		require.Contains(t, p.Error, "version")
		require.Equal(t, http.StatusBadRequest, e.do(alexHTTP, "PUT", "/api/contacts/"+itoa(kenny.ID), `{"name":"x","version":1,"role":"admin"}`).StatusCode)
		require.Equal(t, kenny, stored(t))
	})

	t.Run("invalid fields are all named, as when creating", func(t *testing.T) {
		p := answer[wire.Problem](t, put(alexHTTP, kenny.ID, wire.ContactInput{
			Name: " ", Email: "kenny at contoso", Phone: strings.Repeat("5", 41), Account: strings.Repeat("a", 201),
			Version: kenny.Version,
		}), http.StatusBadRequest)
		require.Equal(t, "Check the highlighted fields.", p.Error)
		require.Equal(t, map[string]wire.FieldProblem{
			"name":    {Reason: wire.ReasonRequired},
			"email":   {Reason: wire.ReasonFormat},
			"phone":   {Reason: wire.ReasonTooLong, Max: 40},
			"account": {Reason: wire.ReasonTooLong, Max: 200},
		}, p.Fields)
		require.Equal(t, kenny, stored(t))
	})

	chat := e.pickedChat(t, alexHTTP, "")
	id := chat.Conversation.ID
	answer[wire.Conversation](t, e.post(alexHTTP, conversationPath(id, "contact"),
		jsonBody(t, wire.LinkContact{ContactID: kenny.ID})), http.StatusOK)
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
	bo := e.dial("/ws/agent", boHTTP, wire.Hello{})

	t.Run("a save renames the contact's conversations, and everyone sees it at once", func(t *testing.T) {
		saved := answer[wire.Contact](t, put(boHTTP, kenny.ID, wire.ContactInput{
			Name: " Kenneth Smith ", Email: "Kenneth@Contoso.com", Account: "Contoso", Version: kenny.Version,
		}), http.StatusOK)
		require.Equal(t, wire.Contact{
			ID: kenny.ID, Name: "Kenneth Smith", Email: "kenneth@contoso.com", Account: "Contoso", Version: 2,
		}, saved)
		require.Equal(t, saved, stored(t))

		updated := decode[wire.Conversation](t, customer.nextOf(wire.TypeConversationUpdated))
		for updated.Title != "Kenneth Smith" {
			updated = decode[wire.Conversation](t, customer.nextOf(wire.TypeConversationUpdated))
		}
		require.Equal(t, id, updated.ID)
		for {
			u := decode[wire.Conversation](t, bo.nextOf(wire.TypeConversationUpdated))
			if u.ID == id && u.Title == "Kenneth Smith" {
				break
			}
		}
		list := answer[[]wire.Conversation](t, e.do(alexHTTP, "GET", "/api/conversations", ""), http.StatusOK)
		require.Len(t, list, 1)
		require.Equal(t, "Kenneth Smith", list[0].Title)
		kenny = saved
	})

	t.Run("a save over someone else's newer one is refused and keeps theirs", func(t *testing.T) {
		res := put(alexHTTP, kenny.ID, wire.ContactInput{Name: "Ken", Version: 1})
		require.Equal(t, http.StatusConflict, res.StatusCode)
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.JSONEq(t, `{"error":"This contact was changed by someone else since you opened it. `+
			`Your edits are kept: review the latest version, then save again.","code":"error.contact.stale"}`, string(b))
		require.Equal(t, kenny, stored(t))
		c, err := e.store.Conversation(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, "Kenneth Smith", c.Title)
	})
}

func TestLinkContactAPI(t *testing.T) {
	e := newEnv(t)
	alexHTTP := e.agentClient("alex@example.com")
	boHTTP := e.agentClient("bo@example.com")
	kenny := e.createContact(t, alexHTTP, wire.ContactInput{Name: "Kenny Smith", Email: "kenny@contoso.com"})
	chat := e.pickedChat(t, alexHTTP, "")
	id := chat.Conversation.ID
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
	customer.nextOf(wire.TypeMessageCreated) // Alex Agent joined the chat.
	bo := e.dial("/ws/agent", boHTTP, wire.Hello{})
	link := func(c *http.Client, contact int64) *http.Response {
		return e.post(c, conversationPath(id, "contact"), jsonBody(t, wire.LinkContact{ContactID: contact}))
	}

	t.Run("only the assigned agent may link a contact", func(t *testing.T) {
		p := answer[wire.Problem](t, link(boHTTP, kenny.ID), http.StatusForbidden)
		require.Equal(t, "This conversation is not assigned to you.", p.Error)
	})

	t.Run("a missing or unknown contact is refused", func(t *testing.T) {
		p := answer[wire.Problem](t, link(alexHTTP, 0), http.StatusBadRequest)
		require.Contains(t, p.Fields, "contactId")
		answer[wire.Problem](t, link(alexHTTP, 9999), http.StatusNotFound)
		answer[wire.Problem](t, e.post(alexHTTP, conversationPath(9999, "contact"), jsonBody(t, wire.LinkContact{ContactID: kenny.ID})), http.StatusNotFound)
		answer[wire.Problem](t, e.post(alexHTTP, conversationPath(id, "contact"), `{"contactId":"kenny"}`), http.StatusBadRequest)
	})

	t.Run("the conversation takes the contact's name, and everyone sees it at once", func(t *testing.T) {
		c := answer[wire.Conversation](t, link(alexHTTP, kenny.ID), http.StatusOK)
		require.Equal(t, "Kenny Smith", c.Title)
		require.Equal(t, kenny.ID, c.ContactID)

		note := decode[wire.Message](t, customer.nextOf(wire.TypeMessageCreated))
		require.Equal(t, wire.SenderSystem, note.Sender)
		require.Equal(t, "Alex Agent linked this conversation to Kenny Smith.", kit.NoteText(note))
		require.Equal(t, note.Seq, c.LastSeq)
		updated := decode[wire.Conversation](t, customer.nextOf(wire.TypeConversationUpdated))
		require.Equal(t, "Kenny Smith", updated.Title)

		for {
			u := decode[wire.Conversation](t, bo.nextOf(wire.TypeConversationUpdated))
			if u.ID == id && u.Title == "Kenny Smith" {
				require.Equal(t, kenny.ID, u.ContactID)
				break
			}
		}
		list := answer[[]wire.Conversation](t, e.do(alexHTTP, "GET", "/api/conversations", ""), http.StatusOK)
		require.Len(t, list, 1)
		require.Equal(t, kenny.ID, list[0].ContactID)
	})

	t.Run("the customer's next message goes by the contact's name", func(t *testing.T) {
		customer.send(sendFrame(id, "after-link", "Thanks!"))
		m := decode[wire.Message](t, customer.nextOf(wire.TypeMessageCreated))
		require.Equal(t, "Kenny Smith", m.SenderName)
	})

	t.Run("linking the same contact again adds no note", func(t *testing.T) {
		before, err := e.store.Conversation(t.Context(), id)
		require.NoError(t, err)
		c := answer[wire.Conversation](t, link(alexHTTP, kenny.ID), http.StatusOK)
		require.Equal(t, before.LastSeq, c.LastSeq)
	})
}

func TestDetailsAPI(t *testing.T) {
	e := newEnv(t)
	_, err := e.store.CreateAgent(t.Context(), "dana@example.com", "Dana Admin", "admin", password)
	require.NoError(t, err)
	alexHTTP := e.agentClient("alex@example.com")
	boHTTP := e.agentClient("bo@example.com")
	danaHTTP := e.agentClient("dana@example.com")
	details := func(c *http.Client, id int64) *http.Response {
		return e.do(c, "GET", conversationPath(id, "details"), "")
	}
	about := wire.ChatStart{
		Name: "Kenny", Email: "kenny@contoso.com", Question: "Where is my <b>refund</b>?",
		Browser: "Firefox 140 on Linux", Language: "en-GB",
	}
	chat := answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", jsonBody(t, about)), http.StatusCreated)
	id := chat.Conversation.ID

	t.Run("a queued conversation's details are open to every agent, with empty lists, not null", func(t *testing.T) {
		res := details(boHTTP, id)
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, string(b))
		var raw map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(b, &raw))
		require.Equal(t, "[]", string(raw["cases"]))
		require.Equal(t, "[]", string(raw["earlier"]))
		var d wire.Details
		require.NoError(t, json.Unmarshal(b, &d))
		require.Nil(t, d.Contact)
		require.Equal(t, about, d.PreChat)
		require.Equal(t, id, d.Conversation.ID)
		require.Equal(t, "Visitor 1", d.Conversation.Title)
	})

	answer[wire.Conversation](t, e.post(alexHTTP, conversationPath(id, "pick"), ""), http.StatusOK)

	t.Run("once picked, a colleague is refused but an admin is not", func(t *testing.T) {
		p := answer[wire.Problem](t, details(boHTTP, id), http.StatusForbidden)
		require.Equal(t, "This conversation is assigned to another agent.", p.Error)
		require.Equal(t, about, answer[wire.Details](t, details(danaHTTP, id), http.StatusOK).PreChat)
		answer[wire.Problem](t, details(alexHTTP, 9999), http.StatusNotFound)
		answer[wire.Problem](t, details(alexHTTP, -1), http.StatusBadRequest)
	})

	t.Run("a linked contact brings its cases and earlier conversations", func(t *testing.T) {
		kenny := e.createContact(t, alexHTTP, wire.ContactInput{Name: "Kenny Smith"})
		earlier := e.pickedChat(t, alexHTTP, "")
		answer[wire.Conversation](t, e.post(alexHTTP, conversationPath(earlier.Conversation.ID, "contact"),
			jsonBody(t, wire.LinkContact{ContactID: kenny.ID})), http.StatusOK)
		old := e.createCase(t, alexHTTP, wire.CaseInput{Title: "Headphones refund", ContactID: kenny.ID})
		raised := e.createCase(t, alexHTTP, wire.CaseInput{Title: "Refund for order 1042", ConversationID: id})

		d := answer[wire.Details](t, details(alexHTTP, id), http.StatusOK)
		require.Nil(t, d.Contact)
		require.Equal(t, []wire.Case{raised}, d.Cases, "the conversation's own case shows before a contact is linked")
		require.Empty(t, d.Earlier)

		answer[wire.Conversation](t, e.post(alexHTTP, conversationPath(id, "contact"),
			jsonBody(t, wire.LinkContact{ContactID: kenny.ID})), http.StatusOK)
		d = answer[wire.Details](t, details(alexHTTP, id), http.StatusOK)
		require.Equal(t, &kenny, d.Contact)
		require.Equal(t, kenny.ID, d.Conversation.ContactID)
		require.Equal(t, "Kenny Smith", d.Conversation.Title)
		require.Equal(t, []wire.Case{raised, old}, d.Cases)
		require.Len(t, d.Earlier, 1)
		require.Equal(t, earlier.Conversation.ID, d.Earlier[0].ID)
		require.Equal(t, "Kenny Smith", d.Earlier[0].Title)
	})
}

func TestChatStartAPI(t *testing.T) {
	e := newEnv(t)

	t.Run("pre-chat questions are off until the workstream asks them", func(t *testing.T) {
		require.False(t, answer[wire.ChatConfig](t, e.do(http.DefaultClient, "GET", "/api/chat", ""), http.StatusOK).PreChat)
		w, err := e.store.EnsureDefaultWorkstream(t.Context())
		require.NoError(t, err)
		w.PreChat = true
		_, err = e.store.UpdateWorkstream(t.Context(), w)
		require.NoError(t, err)
		require.True(t, answer[wire.ChatConfig](t, e.do(http.DefaultClient, "GET", "/api/chat", ""), http.StatusOK).PreChat)
	})

	t.Run("the answers and visitor details are kept with the conversation", func(t *testing.T) {
		about := wire.ChatStart{Name: " Kenny ", Email: "kenny@contoso.com", Question: "Hello?", Browser: "Safari 18 on iOS", Language: "lv"}
		chat := answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", jsonBody(t, about)), http.StatusCreated)
		require.NotEmpty(t, chat.Token)
		p, err := e.store.PreChatOf(t.Context(), chat.Conversation.ID)
		require.NoError(t, err)
		require.Equal(t, store.PreChat{Name: "Kenny", Email: "kenny@contoso.com", Question: "Hello?", Browser: "Safari 18 on iOS", Language: "lv"}, p)
		msgs, err := e.store.Messages(t.Context(), chat.Conversation.ID, 0, 0)
		require.NoError(t, err)
		require.Empty(t, msgs, "the question is kept, not posted: the chat page sends it as the first message")
	})

	t.Run("no body, an empty one or an empty object start a chat without answers", func(t *testing.T) {
		for _, body := range []string{"", "  ", "{}"} {
			chat := answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", body), http.StatusCreated)
			p, err := e.store.PreChatOf(t.Context(), chat.Conversation.ID)
			require.NoError(t, err)
			require.Equal(t, store.PreChat{}, p)
		}
	})

	t.Run("a whole message of characters JSON escapes fits as the question", func(t *testing.T) {
		q := strings.Repeat("<", wire.MaxMessageRunes)
		chat := answer[wire.ChatStarted](t, e.post(http.DefaultClient, "/api/chat", jsonBody(t, wire.ChatStart{Question: q})), http.StatusCreated)
		p, err := e.store.PreChatOf(t.Context(), chat.Conversation.ID)
		require.NoError(t, err)
		require.Equal(t, q, p.Question)
	})

	t.Run("answers over the limits are refused with a clear message, and no chat starts", func(t *testing.T) {
		before, err := e.store.Conversations(t.Context())
		require.NoError(t, err)
		res := e.post(http.DefaultClient, "/api/chat", jsonBody(t, wire.ChatStart{
			Name: strings.Repeat("n", 201), Language: strings.Repeat("l", 201),
		}))
		p := answer[wire.Problem](t, res, http.StatusBadRequest)
		require.Equal(t, "Check your answers.", p.Error)
		require.Equal(t, map[string]wire.FieldProblem{
			"name":     {Reason: wire.ReasonTooLong, Max: 200},
			"language": {Reason: wire.ReasonTooLong, Max: 200},
		}, p.Fields)

		res = e.post(http.DefaultClient, "/api/chat", jsonBody(t, wire.ChatStart{Question: strings.Repeat("q", wire.MaxMessageRunes+1)}))
		p = answer[wire.Problem](t, res, http.StatusBadRequest)
		require.Equal(t, map[string]wire.FieldProblem{"question": {Reason: wire.ReasonTooLong, Max: 4000}}, p.Fields)
		for _, field := range []string{"email", "browser"} {
			res = e.post(http.DefaultClient, "/api/chat", `{"`+field+`":"`+strings.Repeat("x", 201)+`"}`)
			require.Contains(t, answer[wire.Problem](t, res, http.StatusBadRequest).Fields, field)
		}

		require.Equal(t, http.StatusBadRequest, e.post(http.DefaultClient, "/api/chat", `{"name":`).StatusCode)
		require.Equal(t, http.StatusBadRequest, e.post(http.DefaultClient, "/api/chat", `{"secret":"x"}`).StatusCode)
		require.Equal(t, http.StatusUnauthorized, e.post(http.DefaultClient, "/api/chat", `{"token":"x"}`).StatusCode,
			"a refused token is no anonymous chat [M2]")
		require.Equal(t, http.StatusRequestEntityTooLarge,
			e.post(http.DefaultClient, "/api/chat", `{"question":"`+strings.Repeat("x", 70<<10)+`"}`).StatusCode)
		after, err := e.store.Conversations(t.Context())
		require.NoError(t, err)
		require.Len(t, after, len(before))
	})
}

func TestQuickRepliesAPI(t *testing.T) {
	e := newEnv(t)
	alex := e.agentClient("alex@example.com")

	t.Run("no quick replies is an empty list", func(t *testing.T) {
		res := e.do(alex, "GET", "/api/quick-replies", "")
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.JSONEq(t, "[]", string(b))
	})

	t.Run("quick replies are listed by title, placeholders and markup as written", func(t *testing.T) {
		for _, q := range []store.QuickReply{
			{Title: "Refund started", Body: "I've started your refund, {customer}."},
			{Title: "greeting", Body: "Hi {customer}, I'm {agent}. <b>How</b> can I help?"},
		} {
			_, err := e.store.CreateQuickReply(t.Context(), q)
			require.NoError(t, err)
		}
		list := answer[[]wire.QuickReply](t, e.do(alex, "GET", "/api/quick-replies", ""), http.StatusOK)
		require.Len(t, list, 2)
		require.Equal(t, "greeting", list[0].Title)
		require.Equal(t, "Hi {customer}, I'm {agent}. <b>How</b> can I help?", list[0].Body)
		require.Equal(t, "Refund started", list[1].Title)
		require.NotZero(t, list[1].ID)
	})
}

func TestTypingAPI(t *testing.T) {
	e := newEnv(t)
	alexHTTP := e.agentClient("alex@example.com")
	chat := e.pickedChat(t, alexHTTP, "")
	id := chat.Conversation.ID
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	alexOther := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	for _, ws := range []*rawConn{alex, alexOther} {
		ws.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))
		ws.nextOf(wire.TypeMessageCreated) // Alex Agent joined the chat.
	}
	typing := wire.Envelope{Type: wire.TypeTyping, Conversation: id}

	t.Run("the customer typing reaches every window of the agent, not the customer", func(t *testing.T) {
		customer.send(typing)
		// Frames are handled in order and the bus delivers at once, so a
		// typing echo would come before the ack of what follows.
		customer.send(sendFrame(id, "c1", "Hello"))
		_, before := customer.until(wire.TypeAck)
		require.NotContains(t, types(before), wire.TypeTyping)
		for _, ws := range []*rawConn{alex, alexOther} {
			got := ws.nextOf(wire.TypeTyping)
			require.Equal(t, id, got.Conversation)
			require.Zero(t, got.Seq)
			require.Equal(t, wire.Typing{Sender: wire.SenderCustomer, Name: "Visitor 1"}, decode[wire.Typing](t, got))
			require.NotContains(t, string(got.Data), "origin")
		}
	})

	t.Run("the agent typing reaches the customer, not the agent's own connection", func(t *testing.T) {
		alex.send(typing)
		alex.send(sendFrame(id, "a1", "Hi, how can I help?"))
		_, before := alex.until(wire.TypeAck)
		require.NotContains(t, types(before), wire.TypeTyping)
		got := customer.nextOf(wire.TypeTyping)
		require.Equal(t, wire.Typing{Sender: wire.SenderAgent, Name: "Alex Agent"}, decode[wire.Typing](t, got))
		require.Zero(t, got.Seq)
	})

	t.Run("typing is not stored", func(t *testing.T) {
		msgs, err := e.store.Messages(t.Context(), id, 0, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 3) // joined, Hello, Hi
	})

	t.Run("a customer cannot type into another conversation", func(t *testing.T) {
		other := e.startChat()
		customer.send(wire.Envelope{Type: wire.TypeTyping, Conversation: other.Conversation.ID})
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, customer.nextOf(wire.TypeError)).Code)
	})

	t.Run("an agent the conversation is not assigned to cannot type in it", func(t *testing.T) {
		bo := e.dial("/ws/agent", e.agentClient("bo@example.com"), wire.Hello{})
		bo.send(typing)
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, bo.nextOf(wire.TypeError)).Code)
		bo.send(wire.Envelope{Type: wire.TypeTyping, Conversation: 9999})
		require.Equal(t, wire.ErrNotFound, decode[wire.Error](t, bo.nextOf(wire.TypeError)).Code)
	})
}

// TestEarlierConversationsKeepColleaguesPrivate: a contact's earlier
// conversations list every one, but show the last message only of those
// the reader may read: a colleague's active chat shows no preview.
func TestEarlierConversationsKeepColleaguesPrivate(t *testing.T) {
	e := newEnv(t)
	alexHTTP, boHTTP := e.agentClient("alex@example.com"), e.agentClient("bo@example.com")
	danaHTTP, _ := e.admin()
	kenny := e.createContact(t, alexHTTP, wire.ContactInput{Name: "Kenny Smith"})
	link := func(c *http.Client, id int64) {
		answer[wire.Conversation](t, e.post(c, conversationPath(id, "contact"), jsonBody(t, wire.LinkContact{ContactID: kenny.ID})), http.StatusOK)
	}
	bos := e.pickedChat(t, boHTTP, "")
	link(boHTTP, bos.Conversation.ID)
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: bos.Token})
	customer.send(sendFrame(bos.Conversation.ID, "iban", "PRIVATE to Bo: my IBAN is LV80BANK0000435195001"))
	customer.nextOf(wire.TypeAck)
	// Kenny's new chat: Alex links it, then leaves it to the queue.
	queued := e.pickedChat(t, alexHTTP, "").Conversation.ID
	link(alexHTTP, queued)
	answer[wire.Conversation](t, e.post(alexHTTP, conversationPath(queued, "close"), ""), http.StatusOK)

	earlier := func(c *http.Client) wire.Conversation {
		d := answer[wire.Details](t, e.do(c, "GET", conversationPath(queued, "details"), ""), http.StatusOK)
		require.Len(t, d.Earlier, 1)
		require.Equal(t, bos.Conversation.ID, d.Earlier[0].ID)
		return d.Earlier[0]
	}
	require.Empty(t, earlier(alexHTTP).LastMessage, "Alex may not read Bo's chat, so sees no preview of it")
	require.Equal(t, http.StatusForbidden, e.do(alexHTTP, "GET", conversationPath(bos.Conversation.ID, "details"), "").StatusCode)
	require.Contains(t, earlier(boHTTP).LastMessage, "IBAN")
	require.Contains(t, earlier(danaHTTP).LastMessage, "IBAN")
}
