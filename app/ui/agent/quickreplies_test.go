package agent

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestQuickReplies(t *testing.T) {
	all := []wire.QuickReply{
		{ID: 1, Title: "Greeting", Body: "Hi {customer}, I'm {agent}. How can I help?"},
		{ID: 2, Title: "Refund started", Body: "I've started your refund, {customer}."},
	}

	t.Run("only a draft starting with /q asks for quick replies", func(t *testing.T) {
		q, ok := quickQuery("/q  Refund ")
		require.True(t, ok)
		require.Equal(t, "refund", q)
		_, ok = quickQuery("see /q")
		require.False(t, ok)
	})

	t.Run("every word must match the title or the body", func(t *testing.T) {
		require.Len(t, quickMatches(all, ""), 2)
		require.Equal(t, []wire.QuickReply{all[1]}, quickMatches(all, "started refund"))
		require.Empty(t, quickMatches(all, "refund greeting"))
	})

	t.Run("placeholders take the customer's and the agent's names", func(t *testing.T) {
		require.Equal(t, "Hi Kenny Smith, I'm Alex Agent. How can I help?",
			fillPlaceholders(all[0].Body, "Kenny Smith", "Alex Agent"))
	})
}
