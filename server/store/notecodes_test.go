package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// The system notes as they were stored before codes, one of each sentence.
var englishNotes = []string{
	"Ana Agent joined the chat.",
	"Ana Agent ended the chat.",
	"Ana Agent closed the conversation.",
	"Ana Agent left the chat. The conversation went back to the queue.",
	"Ana Agent closed the session. The conversation is waiting for the customer.",
	"The customer is back.",
	"The customer left the chat.",
	"The customer left before an agent joined.",
	"The conversation was closed.",
	"Sam Supervisor force-closed the conversation.",
	"Alex Agent transferred the conversation to Bo Agent.",
	"Alex Agent transferred the conversation to the Chat queue.",
	"Bo Agent declined the transfer.",
	"Bo Agent did not answer the transfer in time.",
	"Sam Supervisor assigned the conversation to Alex Agent.",
	"Bo Agent joined as a consultant.",
	"The consult with Bo Agent ended.",
	"Alex Agent linked this conversation to Kenny Smith.",
	"SMS to +37120000000 not delivered: the workstream has no outbound URL.",
	"SMS to +37120000000 not delivered after 3 attempts: the receiver answered 502 Bad Gateway.",
	"SMS to +37120000000 not delivered after 1 attempt: dial tcp: connection refused.",
	"Closed automatically after 20 minutes without activity.",
	"Closed automatically after 1 minute without activity.",
	"Closed automatically after 28 days without activity.",
	"Closed automatically after 1 hour without activity.",
	"Closed automatically after 30 seconds without activity.",
}

func TestStoredNotesBecomeCodes(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	c := newTestConversation(t, s)
	for _, body := range append(englishNotes, "A note of a kind no code knows.") {
		_, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderSystem, SenderName: "Switchboard", Body: body})
		require.NoError(t, err)
	}
	conversion := sqliteNoteCodes
	if s.pg {
		conversion = postgresNoteCodes
	}
	_, err := s.writer.ExecContext(ctx, conversion)
	require.NoError(t, err)
	msgs, err := s.Messages(ctx, c.ID, 0, 0)
	require.NoError(t, err)
	require.Len(t, msgs, len(englishNotes)+1)
	defer kit.SetLanguage(kit.Current())

	t.Run("every stored English note becomes a code that reads as it did [L3]", func(t *testing.T) {
		kit.SetLanguage(kit.English)
		for i, want := range englishNotes {
			m := msgs[i]
			require.NotEmpty(t, m.Code, "the code of %q", want)
			require.Empty(t, m.Body, "the body of %q", want)
			require.Equal(t, want, kit.NoteText(wire.Message{Code: m.Code, Args: m.Args}))
		}
	})
	t.Run("and reads in Latvian for a Latvian reader", func(t *testing.T) {
		kit.SetLanguage(kit.Latvian)
		require.Equal(t, "Ana Agent pievienojās tērzēšanai.", kit.NoteText(wire.Message{Code: msgs[0].Code, Args: msgs[0].Args}))
		auto := msgs[len(englishNotes)-3] // 28 days
		require.Equal(t, "Aizvērta automātiski pēc 28 dienām bez darbībām.", kit.NoteText(wire.Message{Code: auto.Code, Args: auto.Args}))
	})
	t.Run("a sentence no code knows stays as written", func(t *testing.T) {
		last := msgs[len(msgs)-1]
		require.Empty(t, last.Code)
		require.Equal(t, "A note of a kind no code knows.", last.Body)
	})
	t.Run("a conversation's preview is never a note", func(t *testing.T) {
		got, err := s.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, "A note of a kind no code knows.", got.LastMessage)
	})
}
