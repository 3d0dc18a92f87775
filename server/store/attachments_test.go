package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAttachments(t *testing.T) {
	ctx := context.Background()
	png := []byte("\x89PNG\r\n\x1a\n pretend image bytes")
	upload := func(key string) Message {
		return Message{Sender: SenderCustomer, SenderName: "Visitor 1", Body: "parcel.png", Key: key,
			Files: []File{{Name: "parcel.png", Type: "image/png", Width: 2, Height: 1, Data: png, Thumb: []byte("thumb"), ThumbType: "image/png"}}}
	}

	t.Run("a file is stored with its message and listed with it", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		m := upload("u1")
		m.ConversationID = c.ID
		stored, dup, err := s.AppendMessage(ctx, m)
		require.NoError(t, err)
		require.False(t, dup)
		require.Len(t, stored.Files, 1)
		f := stored.Files[0]
		require.NotZero(t, f.ID)
		require.Equal(t, int64(len(png)), f.Size)
		require.Nil(t, f.Data, "metadata only")

		msgs, err := s.Messages(ctx, c.ID, 0, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 1)
		require.Equal(t, stored.Files, msgs[0].Files)

		full, err := s.FileData(ctx, f.ID)
		require.NoError(t, err)
		require.Equal(t, png, full.Data)
		require.Equal(t, c.ID, full.ConversationID)
		thumb, err := s.FileThumb(ctx, f.ID)
		require.NoError(t, err)
		require.Equal(t, []byte("thumb"), thumb.Thumb)
		require.Equal(t, "image/png", thumb.ThumbType)
	})

	t.Run("an upload retried with its key is stored once", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		m := upload("retry-1")
		m.ConversationID = c.ID
		first, _, err := s.AppendMessage(ctx, m)
		require.NoError(t, err)
		again, dup, err := s.AppendMessage(ctx, m)
		require.NoError(t, err)
		require.True(t, dup)
		require.Equal(t, first.Files, again.Files)
		byKey, err := s.MessageByKey(ctx, c.ID, SenderCustomer, "retry-1")
		require.NoError(t, err)
		require.Equal(t, first.Files, byKey.Files)
		var n int
		require.NoError(t, s.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments`).Scan(&n))
		require.Equal(t, 1, n)
		_, err = s.MessageByKey(ctx, c.ID, SenderCustomer, "other")
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("an MMS's media are links without bytes, and its text may be empty", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		stored, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Files: []File{
			{Type: "image/jpeg", URL: "https://media.example.com/1"},
			{Type: "video/mp4", URL: "https://media.example.com/2"},
		}})
		require.NoError(t, err)
		require.Len(t, stored.Files, 2)
		require.Equal(t, "https://media.example.com/2", stored.Files[1].URL)
		_, _, err = s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer})
		require.Error(t, err, "without files a message needs a body")
		_, _, err = s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Files: []File{{Name: "x", Type: "text/plain"}}})
		require.Error(t, err, "a file needs bytes or a link")
	})

	t.Run("an agent's file in an SMS conversation is refused, since replies go as text", func(t *testing.T) {
		s := newTestStore(t)
		ws, err := s.CreateWorkstream(ctx, Workstream{Name: "SMS", Channel: ChannelSMS, Mode: ModeLive, CapacityUnits: 1, OfferTimeout: 60e9, Secret: "a long enough secret for the sms webhook"})
		require.NoError(t, err)
		c, _, err := s.SMSConversation(ctx, ws.ID, "+37120000000", "")
		require.NoError(t, err)
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		m := upload("sms-1")
		m.ConversationID, m.Sender, m.AgentID = c.ID, SenderAgent, alex.ID
		_, _, err = s.AppendMessage(ctx, m)
		require.ErrorIs(t, err, ErrFilesBySMS)
	})
}
