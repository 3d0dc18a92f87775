package workspace

import (
	"cmp"
	"slices"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// The supervisor view's rules [T4]: which ongoing conversations to show,
// in which order.

// FloorFilter keeps the conversations that match every field that is set.
type FloorFilter struct {
	Workstream, Status, Agent, Sentiment string
}

// Orders of the ongoing conversations.
const (
	SortWaiting   = "waiting"   // the longest waiting first
	SortSentiment = "sentiment" // the most negative first
)

// sentimentRank orders sentiment ids from the most negative.
var sentimentRank = map[string]int{
	"very-negative": 0, "negative": 1, "slightly-negative": 2, "neutral": 3, "": 3,
	"slightly-positive": 4, "positive": 5, "very-positive": 6,
}

// Ongoing filters and sorts the conversations of a floor. Ties keep the
// oldest first.
func Ongoing(all []wire.Conversation, f FloorFilter, sortBy string) []wire.Conversation {
	var out []wire.Conversation
	for _, c := range all {
		if f.Workstream != "" && c.Workstream != f.Workstream ||
			f.Status != "" && c.Status != f.Status ||
			f.Agent != "" && c.AgentName != f.Agent ||
			f.Sentiment != "" && sentimentOf(c) != f.Sentiment {
			continue
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b wire.Conversation) int {
		if sortBy == SortSentiment {
			if d := cmp.Compare(sentimentRank[a.Sentiment], sentimentRank[b.Sentiment]); d != 0 {
				return d
			}
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
	return out
}

func sentimentOf(c wire.Conversation) string {
	if c.Sentiment == "" {
		return "neutral"
	}
	return c.Sentiment
}
