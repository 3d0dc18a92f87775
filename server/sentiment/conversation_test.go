package sentiment

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// replay scores messages one by one, as the relay does, and returns the
// conversation's level after each of them.
func replay(s *Scorer, messages ...string) []Level {
	var scores []float64
	var levels []Level
	for _, m := range messages {
		scores = append(scores, s.Score(m))
		levels = append(levels, Conversation(scores))
	}
	return levels
}

func TestConversation(t *testing.T) {
	t.Run("a conversation without customer messages is neutral", func(t *testing.T) {
		require.Equal(t, Neutral, Conversation(nil))
		require.Equal(t, Neutral, Conversation([]float64{}))
	})

	t.Run("one message gives its own level", func(t *testing.T) {
		for _, score := range []float64{-0.8, -0.4, -0.1, 0, 0.1, 0.4, 0.8} {
			require.Equal(t, LevelOf(score), Conversation([]float64{score}), score)
		}
	})

	t.Run("only the six most recent messages count", func(t *testing.T) {
		angerThenCalm := []float64{-0.9, -0.9, -0.9, -0.9, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4}
		require.Equal(t, Positive, Conversation(angerThenCalm))
		require.Equal(t, Positive, Conversation(angerThenCalm[len(angerThenCalm)-WindowSize:]))

		calmThenAnger := []float64{0.9, 0.9, 0.9, -0.6, -0.6, -0.6, -0.6, -0.6, -0.6}
		require.Equal(t, VeryNegative, Conversation(calmThenAnger))
	})

	t.Run("the seventh most recent message no longer matters", func(t *testing.T) {
		lastSix := []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1}
		for _, seventh := range []float64{-1, 0, 1} {
			require.Equal(t, SlightlyPositive, Conversation(slices.Concat([]float64{seventh}, lastSix)), seventh)
		}
	})

	t.Run("the input is not changed", func(t *testing.T) {
		scores := []float64{-0.9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}
		before := slices.Clone(scores)
		Conversation(scores)
		require.Equal(t, before, scores)
	})

	t.Run("newer messages weigh more than older ones", func(t *testing.T) {
		require.Equal(t, Neutral, Conversation([]float64{-0.6, -0.6, -0.6, 0.45, 0.45}))
		require.Equal(t, Negative, Conversation([]float64{0.45, 0.45, -0.6, -0.6, -0.6}))
	})

	t.Run("one complaint after five neutral messages shows at once", func(t *testing.T) {
		require.Equal(t, SlightlyNegative, Conversation([]float64{0, 0, 0, 0, 0, -0.63}))
	})
}

func TestConversationRecovers(t *testing.T) {
	s := NewScorer()
	angry := []string{
		"This is the third time I'm asking. Where is my order?!",
		"Your service is terrible, I want a refund NOW",
		"I am extremely angry, nobody answers me",
	}
	calm := []string{
		"Thank you, that helps a lot",
		"Great, that solved it, thanks!",
	}

	t.Run("three angry messages reach Negative and two calm ones bring it back to Neutral or better", func(t *testing.T) {
		levels := replay(s, slices.Concat(angry, calm)...)
		require.Equal(t, Neutral, levels[0], "the first message has no sentiment words")
		afterAnger := levels[len(angry)-1]
		require.LessOrEqual(t, afterAnger, SlightlyNegative, "after three angry messages: %s", afterAnger)
		require.LessOrEqual(t, afterAnger, Negative, "after three angry messages: %s", afterAnger)
		afterCalm := levels[len(levels)-1]
		require.GreaterOrEqual(t, afterCalm, Neutral, "after two calm messages: %s", afterCalm)
	})

	t.Run("three angry messages after small talk still reach Slightly negative", func(t *testing.T) {
		levels := replay(s, slices.Concat([]string{
			"Hi, I have a question about my bill",
			"My order number is 48213.",
			"Where can I find my invoice?",
		}, angry)...)
		require.LessOrEqual(t, levels[len(levels)-1], SlightlyNegative, "got %s", levels[len(levels)-1])
	})

	t.Run("a furious customer calms down after two plain thank-yous", func(t *testing.T) {
		furious := []string{
			"This is UNACCEPTABLE",
			"You charged me twice, this is a scam",
			"I am VERY disappointed",
		}
		thanks := []string{"It works now, thanks", "Thanks"}
		levels := replay(s, slices.Concat(furious, thanks)...)
		require.Equal(t, VeryNegative, levels[len(furious)-1])
		require.GreaterOrEqual(t, levels[len(levels)-1], Neutral, "got %s", levels[len(levels)-1])

		// A plain mean would not recover here; the recency weights are what
		// make the difference.
		var sum float64
		for _, m := range slices.Concat(furious, thanks) {
			sum += s.Score(m)
		}
		require.Less(t, LevelOf(sum/5), Neutral)
	})
}
