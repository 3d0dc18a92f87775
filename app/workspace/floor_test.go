package workspace

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestOngoing(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	all := []wire.Conversation{
		{ID: 1, Workstream: "Chat", Status: "active", AgentName: "Alex", Sentiment: "neutral", CreatedAt: t0.Add(2 * time.Minute)},
		{ID: 2, Workstream: "SMS", Status: "open", Sentiment: "very-negative", CreatedAt: t0.Add(3 * time.Minute)},
		{ID: 3, Workstream: "Chat", Status: "open", Sentiment: "", CreatedAt: t0},
		{ID: 4, Workstream: "Chat", Status: "active", AgentName: "Bo", Sentiment: "negative", CreatedAt: t0.Add(time.Minute)},
	}
	ids := func(list []wire.Conversation) (out []int64) {
		for _, c := range list {
			out = append(out, c.ID)
		}
		return out
	}
	require.Equal(t, []int64{3, 4, 1, 2}, ids(Ongoing(all, FloorFilter{}, SortWaiting)), "the longest waiting first")
	require.Equal(t, []int64{2, 4, 3, 1}, ids(Ongoing(all, FloorFilter{}, SortSentiment)), "the most negative first")
	require.Equal(t, []int64{3, 2}, ids(Ongoing(all, FloorFilter{Status: "open"}, SortWaiting)))
	require.Equal(t, []int64{4}, ids(Ongoing(all, FloorFilter{Workstream: "Chat", Agent: "Bo"}, SortWaiting)))
	require.Equal(t, []int64{3, 1}, ids(Ongoing(all, FloorFilter{Sentiment: "neutral"}, SortWaiting)), "no sentiment yet is neutral")
}
