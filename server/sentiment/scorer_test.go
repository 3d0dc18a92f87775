package sentiment

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// sentences are real customer-service messages and the level one such
// message gives on its own; the trailing comment is its compound score.
var sentences = []struct {
	name, text string
	want       Level
}{
	{"a question about an invoice is neutral", "Where can I find my invoice?", Neutral},                                                   // 0
	{"small talk before the question is neutral", "Hi, I have a question about my bill", Neutral},                                         // 0
	{"asking politely for help is neutral, not praise", "Can you please help me with my order?", Neutral},                                 // 0
	{"plain thanks is positive", "Thanks", Positive},                                                                                      // 0.44
	{"a mild acceptance is slightly positive", "That's fine", SlightlyPositive},                                                           // 0.20
	{"negated happiness is a complaint", "I am not happy with this.", Negative},                                                           // -0.46
	{"negated badness is praise", "Not bad, actually.", Positive},                                                                         // 0.43
	{"a plain disappointment is negative", "I'm disappointed", Negative},                                                                  // -0.48
	{"an intensified disappointment is very negative", "I am extremely disappointed", VeryNegative},                                       // -0.53
	{"a shouted intensifier is very negative", "I am VERY disappointed", VeryNegative},                                                    // -0.63
	{"an intensified compliment is very positive", "I am very happy with the service", VeryPositive},                                      // 0.61
	{"unacceptable is negative", "This is unacceptable", Negative},                                                                        // -0.46
	{"UNACCEPTABLE in capitals is very negative", "This is UNACCEPTABLE", VeryNegative},                                                   // -0.58
	{"unacceptable with exclamation marks is very negative", "This is unacceptable!!!", VeryNegative},                                     // -0.60
	{"a shouted thank-you is very positive", "THANK YOU SO MUCH!!!", VeryPositive},                                                        // 0.52
	{"effusive thanks are very positive", "Thank you so much, you are amazing!", VeryPositive},                                            // 0.76
	{"a bit annoyed is negative", "I'm a bit annoyed", Negative},                                                                          // -0.38
	{"wanting to cancel is slightly negative", "I want to cancel my subscription", SlightlyNegative},                                      // -0.18
	{"asking about a double charge is slightly negative", "Why was I charged twice?", SlightlyNegative},                                   // -0.20
	{"calling it a scam is very negative", "You charged me twice, this is a scam", VeryNegative},                                          // -0.67
	{"an angry emoji alone is very negative", "😡", VeryNegative},                                                                          // -0.51
	{"an angry emoji makes a question very negative", "Where is my parcel? 😡", VeryNegative},                                              // -0.51
	{"thanks with a smile are very positive", "Thanks 🙂", VeryPositive},                                                                   // 0.68
	{"a thumbs up alone is positive", "👍", Positive},                                                                                      // 0.44
	{"a negated thumbs up is negative", "Not 👍", Negative},                                                                                // -0.34
	{"a negation does not flip a later thumbs down", "This is not ok 👎", VeryNegative},                                                    // -0.66
	{"praise before but is outweighed by the complaint after it", "The product is good but the delivery was awful", Negative},             // -0.47
	{"a complaint before but is outweighed by the praise after it", "The delivery was late, but your support is excellent", VeryPositive}, // 0.86
	// VADER reads words, not situations: a repeated request without a
	// sentiment word is neutral however impatient it is.
	{"a repeated request without sentiment words is neutral", "This is the third time I'm asking. Where is my order?!", Neutral}, // 0
}

func TestScore(t *testing.T) {
	s := NewScorer()

	for _, tc := range sentences {
		t.Run(tc.name, func(t *testing.T) {
			score := s.Score(tc.text)
			require.GreaterOrEqual(t, score, -1.0)
			require.LessOrEqual(t, score, 1.0)
			got := LevelOf(score)
			require.Equal(t, tc.want, got, "%q scores %.4f: %s, want %s", tc.text, score, got, tc.want)
		})
	}

	t.Run("an empty message scores zero", func(t *testing.T) {
		require.Zero(t, s.Score(""))
		require.Zero(t, s.Score(" \n\t "))
	})

	t.Run("a message over several lines scores like one line", func(t *testing.T) {
		oneLine := s.Score("Your service is terrible. I want a refund")
		require.Less(t, oneLine, -0.3)
		require.Equal(t, oneLine, s.Score("Your service is terrible.\nI want  a refund\n"))
		require.Equal(t, oneLine, s.Score("Your\tservice is\r\nterrible.   I want a refund"))
	})

	t.Run("two scorers score alike", func(t *testing.T) {
		other := NewScorer()
		for _, tc := range sentences {
			require.Equal(t, s.Score(tc.text), other.Score(tc.text), tc.text)
		}
	})

	t.Run("one scorer serves many goroutines at once", func(t *testing.T) {
		want := make([]float64, len(sentences))
		for i, tc := range sentences {
			want[i] = s.Score(tc.text)
		}
		var wg sync.WaitGroup
		got := make([][]float64, 8)
		for g := range got {
			wg.Go(func() {
				got[g] = make([]float64, len(sentences))
				for i, tc := range sentences {
					got[g][i] = s.Score(tc.text)
				}
			})
		}
		wg.Wait()
		for _, scores := range got {
			require.Equal(t, want, scores)
		}
	})
}

func BenchmarkScore(b *testing.B) {
	s := NewScorer()
	b.ReportAllocs()
	for b.Loop() {
		s.Score("Your service is terrible, I want a refund NOW")
	}
}
