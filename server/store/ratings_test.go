package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A customer rates a chat once, after End, unless its workstream asks for
// no rating [X2].
func TestRatings(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ana, err := s.CreateAgent(ctx, "ana@example.com", "Ana Agent", "agent", "password1")
	require.NoError(t, err)
	c := newTestConversation(t, s)
	_, err = s.AssignConversation(ctx, c.ID, ana.ID)
	require.NoError(t, err)

	_, err = s.RateConversation(ctx, c.ID, 4, "")
	require.ErrorIs(t, err, ErrNotEnded, "not while the agent is still on it")

	_, _, err = s.EndConversation(ctx, c.ID, ana.ID)
	require.NoError(t, err)
	var v *ValidationError
	for _, stars := range []int{0, 6, -1} {
		_, err = s.RateConversation(ctx, c.ID, stars, "")
		require.ErrorAs(t, err, &v)
		require.Equal(t, "stars", v.Field)
	}
	_, err = s.RateConversation(ctx, c.ID, 3, strings.Repeat("é", MaxRatingComment+1))
	require.ErrorAs(t, err, &v)
	require.Equal(t, "comment", v.Field)

	rated, err := s.RateConversation(ctx, c.ID, 4, "  Quick and kind.  ")
	require.NoError(t, err)
	require.Equal(t, 4, rated.Rating)
	require.Equal(t, "Quick and kind.", rated.RatingComment)
	_, err = s.RateConversation(ctx, c.ID, 1, "Changed my mind")
	require.ErrorIs(t, err, ErrDuplicate, "one rating per conversation")
	again, err := s.Conversation(ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, 4, again.Rating, "the first rating stands")

	// A workstream without the survey takes none.
	ws, err := s.Workstream(ctx, c.WorkstreamID)
	require.NoError(t, err)
	ws.SurveyOff = true
	_, err = s.UpdateWorkstream(ctx, ws)
	require.NoError(t, err)
	other := newTestConversation(t, s)
	require.True(t, other.SurveyOff)
	_, err = s.AssignConversation(ctx, other.ID, ana.ID)
	require.NoError(t, err)
	_, _, err = s.EndConversation(ctx, other.ID, ana.ID)
	require.NoError(t, err)
	_, err = s.RateConversation(ctx, other.ID, 5, "")
	require.ErrorIs(t, err, ErrSurveyOff)
}
