package sentiment

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

var levels = []struct {
	level    Level
	id, text string
}{
	{VeryNegative, "very-negative", "Very negative"},
	{Negative, "negative", "Negative"},
	{SlightlyNegative, "slightly-negative", "Slightly negative"},
	{Neutral, "neutral", "Neutral"},
	{SlightlyPositive, "slightly-positive", "Slightly positive"},
	{Positive, "positive", "Positive"},
	{VeryPositive, "very-positive", "Very positive"},
}

func TestLevelNames(t *testing.T) {
	t.Run("each level has its English name and kebab id", func(t *testing.T) {
		for _, tc := range levels {
			require.Equal(t, tc.text, tc.level.String())
			require.Equal(t, tc.id, tc.level.ID())
		}
	})

	t.Run("ParseLevel reads back both the id and the name", func(t *testing.T) {
		for _, tc := range levels {
			got, err := ParseLevel(tc.level.ID())
			require.NoError(t, err)
			require.Equal(t, tc.level, got, tc.id)

			got, err = ParseLevel(tc.level.String())
			require.NoError(t, err)
			require.Equal(t, tc.level, got, tc.text)
		}
	})

	t.Run("ParseLevel ignores case and surrounding space", func(t *testing.T) {
		for in, want := range map[string]Level{
			"SLIGHTLY-NEGATIVE":   SlightlyNegative,
			" Very positive\n":    VeryPositive,
			"slightly negative":   SlightlyNegative,
			"Neutral":             Neutral,
			"\tvery-negative    ": VeryNegative,
		} {
			got, err := ParseLevel(in)
			require.NoError(t, err, in)
			require.Equal(t, want, got, in)
		}
	})

	t.Run("ParseLevel refuses anything else", func(t *testing.T) {
		for _, in := range []string{"", "angry", "slightly_negative", "very  negative", "-1", "Don't show"} {
			_, err := ParseLevel(in)
			require.Error(t, err, in)
			require.ErrorContains(t, err, "unknown level")
		}
	})

	t.Run("a level off the scale says so instead of borrowing a name", func(t *testing.T) {
		require.Equal(t, "Level(4)", Level(4).String())
		require.Equal(t, "Level(-4)", Level(-4).String())
		require.Equal(t, "level(4)", Level(4).ID())
	})
}

func TestLevelOf(t *testing.T) {
	tests := []struct {
		name     string
		compound float64
		want     Level
	}{
		{"the top of the scale is very positive", 1, VeryPositive},
		{"0.5 is where very positive starts", 0.5, VeryPositive},
		{"just under 0.5 is positive", 0.4999, Positive},
		{"0.3 is where positive starts", 0.3, Positive},
		{"just under 0.3 is slightly positive", 0.2999, SlightlyPositive},
		{"0.05 is where slightly positive starts", 0.05, SlightlyPositive},
		{"just under 0.05 is neutral", 0.0499, Neutral},
		{"zero is neutral", 0, Neutral},
		{"just above -0.05 is neutral", -0.0499, Neutral},
		{"-0.05 is already slightly negative", -0.05, SlightlyNegative},
		{"just above -0.3 is slightly negative", -0.2999, SlightlyNegative},
		{"-0.3 is already negative", -0.3, Negative},
		{"just above -0.5 is negative", -0.4999, Negative},
		{"-0.5 is already very negative", -0.5, VeryNegative},
		{"the bottom of the scale is very negative", -1, VeryNegative},
		{"NaN carries no information and is neutral", math.NaN(), Neutral},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := LevelOf(tc.compound)
			require.Equal(t, tc.want, got, "LevelOf(%v) = %s, want %s", tc.compound, got, tc.want)
		})
	}
}
