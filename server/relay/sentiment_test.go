package relay_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/sentiment"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
)

func TestSentiment(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ws, err := st.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	rl := relay.New(st, relay.NewLocalBus(), quietLog())
	rl.Scorer = sentiment.NewScorer()

	n := 0
	say := func(t *testing.T, conv int64, body string) int64 {
		n++
		m, err := rl.Post(ctx, store.Message{ConversationID: conv, Sender: wire.SenderCustomer, SenderName: "Visitor", Body: body, Key: strconv.Itoa(n)})
		require.NoError(t, err)
		return m.Seq
	}

	t.Run("three angry messages raise the alert at the one that crossed the threshold", func(t *testing.T) {
		c, err := st.StartConversation(ctx, ws.ID)
		require.NoError(t, err)
		say(t, c.ID, "This is the third time I'm asking. Where is my order?!")
		crossing := say(t, c.ID, "Your service is terrible, I want a refund NOW")
		say(t, c.ID, "I am extremely angry, nobody answers me")
		got, err := st.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.True(t, got.SentimentAlert, "level %s", got.Sentiment)
		require.Equal(t, crossing, got.SentimentSeq)
		level, err := sentiment.ParseLevel(got.Sentiment)
		require.NoError(t, err)
		require.LessOrEqual(t, level, sentiment.SlightlyNegative)

		say(t, c.ID, "Thank you, that helps a lot")
		say(t, c.ID, "Great, that solved it, thanks!")
		got, err = st.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.False(t, got.SentimentAlert, "level %s", got.Sentiment)
		require.Zero(t, got.SentimentSeq)
	})

	t.Run("with alerts off the level is kept but nothing alerts", func(t *testing.T) {
		off := settings.Defaults()
		off.SentimentThreshold = wire.ThresholdOff
		require.NoError(t, settings.Save(ctx, st, off))
		c, err := st.StartConversation(ctx, ws.ID)
		require.NoError(t, err)
		say(t, c.ID, "Your service is terrible, I want a refund NOW")
		got, err := st.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.False(t, got.SentimentAlert)
		require.NotEqual(t, "neutral", got.Sentiment)
	})
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
