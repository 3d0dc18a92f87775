package sentiment

// WindowSize is how many of the most recent customer messages make up the
// conversation's sentiment [M3].
const WindowSize = 6

// Conversation derives the conversation's level from the compound scores of
// its customer messages, oldest first: only the last WindowSize count;
// no messages → Neutral.
//
// Within the window, newer messages weigh more: the oldest counts 1, the next
// 2, and so on up to 6 for the newest. Two thankful messages after three
// angry ones then bring the level back to Neutral or better, where a plain
// mean would stay negative while the angry ones are in the window; a fresh
// outburst still shows at once.
func Conversation(scores []float64) Level {
	if len(scores) > WindowSize {
		scores = scores[len(scores)-WindowSize:]
	}
	if len(scores) == 0 {
		return Neutral
	}
	var sum, weights float64
	for i, score := range scores {
		w := float64(i + 1)
		sum += w * score
		weights += w
	}
	return LevelOf(sum / weights)
}
