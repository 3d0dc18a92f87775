// Package sentiment scores customer messages with VADER and derives a
// conversation's sentiment on the 7-point scale of [M3].
package sentiment

import (
	"fmt"
	"math"
	"strings"
)

// Level is the conversation sentiment on the 7-point scale [M3].
type Level int

// The seven levels, ordered so that "at or below the threshold" [S15] is a
// plain comparison: level <= threshold.
const (
	VeryNegative     Level = -3
	Negative         Level = -2
	SlightlyNegative Level = -1
	Neutral          Level = 0
	SlightlyPositive Level = 1
	Positive         Level = 2
	VeryPositive     Level = 3
)

var names = [...]struct{ id, text string }{
	{"very-negative", "Very negative"},
	{"negative", "Negative"},
	{"slightly-negative", "Slightly negative"},
	{"neutral", "Neutral"},
	{"slightly-positive", "Slightly positive"},
	{"positive", "Positive"},
	{"very-positive", "Very positive"},
}

func (l Level) valid() bool { return l >= VeryNegative && l <= VeryPositive }

// String returns the English name, for logs and the operator CLI; the UI takes
// its labels from the message catalog, keyed by ID.
func (l Level) String() string {
	if !l.valid() {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return names[l-VeryNegative].text
}

// ID returns the stable identifier used in JSON and settings, such as
// "slightly-negative".
func (l Level) ID() string {
	if !l.valid() {
		return fmt.Sprintf("level(%d)", int(l))
	}
	return names[l-VeryNegative].id
}

// ParseLevel accepts either form, the ID ("slightly-negative") or the
// String ("Slightly negative"), ignoring case and surrounding space.
func ParseLevel(s string) (Level, error) {
	t := strings.TrimSpace(s)
	for i, n := range names {
		if strings.EqualFold(t, n.id) || strings.EqualFold(t, n.text) {
			return VeryNegative + Level(i), nil
		}
	}
	return Neutral, fmt.Errorf("parse sentiment level %q: unknown level", s)
}

// LevelOf maps an averaged VADER compound score to a Level:
//
//	compound >=  0.5          Very positive
//	compound >=  0.3          Positive
//	compound >=  0.05         Slightly positive
//	-0.05 < compound < 0.05   Neutral
//	compound > -0.3           Slightly negative
//	compound > -0.5           Negative
//	otherwise                 Very negative
//
// ±0.05 is VADER's own neutral band. One plain sentiment word lands between
// 0.3 and 0.5 ("Thanks" 0.44, "I'm disappointed" -0.48, "You are useless"
// -0.42), while emphasis (intensifiers, CAPS, "!!!", several sentiment words)
// pushes a message past 0.5 ("I am VERY disappointed" -0.63). So Negative means
// complaints on average and Very negative means emphasised complaints on
// average. The usual ±0.6 would leave Very negative, and an alert threshold
// set to it, out of reach: single complaints rarely score below -0.65, and the
// window's average is pulled towards zero by neutral questions.
// A NaN score carries no information and maps to Neutral.
func LevelOf(compound float64) Level {
	switch {
	case math.IsNaN(compound):
		return Neutral
	case compound >= 0.5:
		return VeryPositive
	case compound >= 0.3:
		return Positive
	case compound >= 0.05:
		return SlightlyPositive
	case compound > -0.05:
		return Neutral
	case compound > -0.3:
		return SlightlyNegative
	case compound > -0.5:
		return Negative
	default:
		return VeryNegative
	}
}
