package sentiment

import (
	"strings"

	"github.com/jonreiter/govader"
)

// Scorer scores customer messages. Its analyzer loads VADER's lexicon when
// created, so create one per process and share it: Score is safe for
// concurrent use, since scoring only reads the lexicon.
type Scorer struct {
	analyzer *govader.SentimentIntensityAnalyzer
}

// requestWords are lexicon words that, in customer service, phrase a request
// rather than express satisfaction: VADER scores "Please help" at +0.61, which
// would offset a complaint made in the same breath. The price is that a
// negated "doesn't help" scores neutral too; "helps" and "helpful" still count.
var requestWords = []string{"please", "help"}

// emojiWords replace the descriptions of emoji that VADER's lexicon does not
// score although customers use them for their mood. 😡 gets the description
// VADER already gives 😠. The thumbs keep their words and add one that VADER
// scores, placed last so that a negation earlier in the message ("not ok 👎")
// is out of VADER's three-word negation reach.
var emojiWords = map[string]string{
	"😡": "angry face",
	"🤬": "furious face",
	"👍": "thumbs up good",
	"👎": "thumbs down bad",
}

// NewScorer builds a Scorer with VADER's lexicon and the customer-service
// adjustments above.
func NewScorer() *Scorer {
	a := govader.NewSentimentIntensityAnalyzer()
	for _, w := range requestWords {
		delete(a.Lexicon, w)
	}
	for e, words := range emojiWords {
		a.EmojiDict[e] = words
	}
	return &Scorer{analyzer: a}
}

// Score returns VADER's compound score in [-1, 1] for one customer message.
func (s *Scorer) Score(text string) float64 {
	// govader splits words on single spaces only, so a message written over
	// several lines would glue "terrible\nservice" into one unknown word.
	return s.analyzer.PolarityScores(strings.Join(strings.Fields(text), " ")).Compound
}
