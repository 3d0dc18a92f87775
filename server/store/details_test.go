package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPreChat(t *testing.T) {
	ctx := context.Background()

	t.Run("the answers are kept with the conversation, trimmed", func(t *testing.T) {
		s := newTestStore(t)
		w, err := s.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		c, err := s.StartChat(ctx, w.ID, PreChat{
			Name: " Kenny ", Email: "Kenny@Contoso.com", Question: "Where is my <b>refund</b>?",
			Browser: "Firefox 140 on Linux", Language: "lv-LV",
		})
		require.NoError(t, err)
		require.Equal(t, "Visitor 1", c.Title, "a pre-chat name is not a verified contact")
		p, err := s.PreChatOf(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, PreChat{
			Name: "Kenny", Email: "Kenny@Contoso.com", Question: "Where is my <b>refund</b>?",
			Browser: "Firefox 140 on Linux", Language: "lv-LV",
		}, p)

		plain := newTestConversation(t, s)
		p, err = s.PreChatOf(ctx, plain.ID)
		require.NoError(t, err)
		require.Equal(t, PreChat{}, p)
		_, err = s.PreChatOf(ctx, 9999)
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("answers over the limits are refused together and nothing starts", func(t *testing.T) {
		s := newTestStore(t)
		w, err := s.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		_, err = s.StartChat(ctx, w.ID, PreChat{
			Name: strings.Repeat("é", MaxPreChatField+1), Question: strings.Repeat("q", MaxBodyLen+1),
			Language: strings.Repeat("l", MaxPreChatField+1),
		})
		var all ValidationErrors
		require.True(t, errors.As(err, &all), "got %v", err)
		require.Len(t, all, 3)
		require.Equal(t, "name", all[0].Field)
		require.Equal(t, "question", all[1].Field)
		require.Equal(t, "language", all[2].Field)

		_, err = s.StartChat(ctx, w.ID, PreChat{Name: strings.Repeat("é", MaxPreChatField), Question: strings.Repeat("q", MaxBodyLen)})
		require.NoError(t, err)
		c := newTestConversation(t, s)
		require.Equal(t, 2, c.VisitorNumber, "the refused chat used no visitor number")
	})
}

func TestLinkContact(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*Store, Agent, Conversation, Contact) {
		t.Helper()
		s := newTestStore(t)
		tick(s)
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		c := newTestConversation(t, s)
		c, err = s.AssignConversation(ctx, c.ID, alex.ID)
		require.NoError(t, err)
		kenny, err := s.CreateContact(ctx, Contact{Name: "Kenny Smith"})
		require.NoError(t, err)
		return s, alex, c, kenny
	}

	t.Run("linking a contact retitles the conversation with the contact's name", func(t *testing.T) {
		s, alex, c, kenny := setup(t)
		linked, changed, err := s.LinkContact(ctx, c.ID, kenny.ID, alex.ID)
		require.NoError(t, err)
		require.True(t, changed)
		require.Equal(t, kenny.ID, linked.ContactID)
		require.Equal(t, "Kenny Smith", linked.Title)
		require.True(t, linked.UpdatedAt.After(c.UpdatedAt))
		got, err := s.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, linked, got)

		again, changed, err := s.LinkContact(ctx, c.ID, kenny.ID, alex.ID)
		require.NoError(t, err)
		require.False(t, changed, "linking the same contact twice changes nothing")
		require.Equal(t, linked, again)

		maria, err := s.CreateContact(ctx, Contact{Name: "Maria Garcia"})
		require.NoError(t, err)
		relinked, changed, err := s.LinkContact(ctx, c.ID, maria.ID, alex.ID)
		require.NoError(t, err)
		require.True(t, changed)
		require.Equal(t, "Maria Garcia", relinked.Title)
	})

	t.Run("only the assigned agent links, an existing contact, to a conversation not closed", func(t *testing.T) {
		s, alex, c, kenny := setup(t)
		bo, err := s.CreateAgent(ctx, "bo@example.com", "Bo Agent", "agent", "password1")
		require.NoError(t, err)
		_, _, err = s.LinkContact(ctx, c.ID, kenny.ID, bo.ID)
		require.ErrorIs(t, err, ErrNotAssigned)
		queued := newTestConversation(t, s)
		_, _, err = s.LinkContact(ctx, queued.ID, kenny.ID, alex.ID)
		require.ErrorIs(t, err, ErrNotAssigned)
		_, _, err = s.LinkContact(ctx, c.ID, 9999, alex.ID)
		requireValidation(t, err, "contact")
		_, _, err = s.LinkContact(ctx, 9999, kenny.ID, alex.ID)
		require.ErrorIs(t, err, ErrNotFound)

		moveTo(t, s, c.ID, alex.ID, StatusClosed)
		_, _, err = s.LinkContact(ctx, c.ID, kenny.ID, alex.ID)
		require.ErrorIs(t, err, ErrClosed)
		got, err := s.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.Zero(t, got.ContactID)
		require.Equal(t, "Visitor 1", got.Title)
	})
}

func TestDetails(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tick(s)
	alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
	require.NoError(t, err)
	kenny, err := s.CreateContact(ctx, Contact{Name: "Kenny Smith", Email: "kenny@contoso.com"})
	require.NoError(t, err)
	maria, err := s.CreateContact(ctx, Contact{Name: "Maria Garcia"})
	require.NoError(t, err)
	w, err := s.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	// start opens a conversation of alex's linked to contact (0: none).
	start := func(contact int64, about PreChat) Conversation {
		t.Helper()
		c, err := s.StartChat(ctx, w.ID, about)
		require.NoError(t, err)
		c, err = s.AssignConversation(ctx, c.ID, alex.ID)
		require.NoError(t, err)
		if contact != 0 {
			c, _, err = s.LinkContact(ctx, c.ID, contact, alex.ID)
			require.NoError(t, err)
		}
		return c
	}
	newCase := func(title string, contact, conversation int64) Case {
		t.Helper()
		c, err := s.CreateCase(ctx, Case{Title: title, ContactID: contact, ConversationID: conversation, OwnerID: alex.ID})
		require.NoError(t, err)
		return c
	}
	titles := func(list []Case) []string {
		out := []string{}
		for _, c := range list {
			out = append(out, c.Title)
		}
		return out
	}

	t.Run("an anonymous conversation has no contact, no history, and its pre-chat answers", func(t *testing.T) {
		c := start(0, PreChat{Name: "Kenny", Question: "Where is my refund?", Browser: "Chrome 130 on Windows", Language: "en-GB"})
		d, err := s.Details(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, c, d.Conversation)
		require.Nil(t, d.Contact)
		require.Equal(t, PreChat{Name: "Kenny", Question: "Where is my refund?", Browser: "Chrome 130 on Windows", Language: "en-GB"}, d.PreChat)
		require.NotNil(t, d.Cases)
		require.Empty(t, d.Cases)
		require.NotNil(t, d.Earlier)
		require.Empty(t, d.Earlier)

		newCase("Refund for order 1042", 0, c.ID)
		d, err = s.Details(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, []string{"Refund for order 1042"}, titles(d.Cases), "a case linked to the conversation shows without a contact")
	})

	t.Run("a linked contact brings its newest cases and other conversations", func(t *testing.T) {
		var earlier []Conversation
		for range 12 {
			earlier = append(earlier, start(kenny.ID, PreChat{}))
		}
		for _, title := range []string{"Case 1", "Case 2", "Case 3", "Case 4", "Case 5", "Case 6"} {
			newCase(title, kenny.ID, 0)
		}
		newCase("Maria's case", maria.ID, 0)
		start(maria.ID, PreChat{})
		c := start(0, PreChat{})
		onThis := newCase("Raised in this chat", 0, c.ID)
		c, _, err := s.LinkContact(ctx, c.ID, kenny.ID, alex.ID)
		require.NoError(t, err)

		d, err := s.Details(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, c, d.Conversation)
		require.Equal(t, &kenny, d.Contact)
		require.Equal(t, []string{onThis.Title, "Case 6", "Case 5", "Case 4", "Case 3"}, titles(d.Cases))
		require.Len(t, d.Earlier, MaxEarlierThread)
		for i, e := range d.Earlier {
			require.Equal(t, earlier[len(earlier)-1-i].ID, e.ID, "newest first")
			require.Equal(t, kenny.ID, e.ContactID)
		}
	})

	t.Run("an unknown conversation is not found", func(t *testing.T) {
		_, err := s.Details(ctx, 9999)
		require.ErrorIs(t, err, ErrNotFound)
	})
}

func TestQuickReplies(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)

	t.Run("quick replies are created, listed by title, changed and deleted", func(t *testing.T) {
		list, err := s.QuickReplies(ctx)
		require.NoError(t, err)
		require.NotNil(t, list)
		require.Empty(t, list)

		thanks, err := s.CreateQuickReply(ctx, QuickReply{Title: " Thanks ", Body: " Thanks for contacting us, {customer}! "})
		require.NoError(t, err)
		require.NotZero(t, thanks.ID)
		require.Equal(t, "Thanks", thanks.Title)
		require.Equal(t, "Thanks for contacting us, {customer}!", thanks.Body)
		greeting, err := s.CreateQuickReply(ctx, QuickReply{Title: "greeting", Body: "Hi {customer}, I'm {agent}."})
		require.NoError(t, err)
		list, err = s.QuickReplies(ctx)
		require.NoError(t, err)
		require.Equal(t, []QuickReply{greeting, thanks}, list)

		greeting.Title, greeting.Body = "Greeting", "Hello {customer}, this is {agent}. How can I help?"
		updated, err := s.UpdateQuickReply(ctx, greeting)
		require.NoError(t, err)
		require.Equal(t, greeting, updated)

		require.NoError(t, s.DeleteQuickReply(ctx, thanks.ID))
		list, err = s.QuickReplies(ctx)
		require.NoError(t, err)
		require.Equal(t, []QuickReply{greeting}, list)

		require.ErrorIs(t, s.DeleteQuickReply(ctx, thanks.ID), ErrNotFound)
		_, err = s.UpdateQuickReply(ctx, QuickReply{ID: thanks.ID, Title: "x", Body: "y"})
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("a title of 1 to 100 and a body of 1 to 2000 characters are required", func(t *testing.T) {
		_, err := s.CreateQuickReply(ctx, QuickReply{Title: " ", Body: "x"})
		requireValidation(t, err, "title")
		_, err = s.CreateQuickReply(ctx, QuickReply{Title: strings.Repeat("t", MaxQuickReplyTitle+1), Body: "x"})
		requireValidation(t, err, "title")
		_, err = s.CreateQuickReply(ctx, QuickReply{Title: "x", Body: strings.Repeat("é", MaxQuickReplyBody+1)})
		requireValidation(t, err, "body")
		_, err = s.UpdateQuickReply(ctx, QuickReply{ID: 1, Title: "x", Body: ""})
		requireValidation(t, err, "body")
		_, err = s.CreateQuickReply(ctx, QuickReply{Title: strings.Repeat("t", MaxQuickReplyTitle), Body: strings.Repeat("é", MaxQuickReplyBody)})
		require.NoError(t, err)
	})
}
