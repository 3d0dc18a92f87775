package kit

import (
	"fmt"
	"testing"
)

func TestColourIsStableAndSpread(t *testing.T) {
	if Colour("conversation-1") != Colour("conversation-1") {
		t.Fatal("the same id got two colours")
	}
	seen := map[int]bool{}
	for i := 1; i <= 8; i++ {
		c := Colour(fmt.Sprintf("conversation-%d", i))
		if c < 0 || c >= Colours {
			t.Fatalf("colour %d out of range", c)
		}
		seen[c] = true
	}
	if len(seen) < 5 {
		t.Fatalf("eight sessions share %d colours; want them spread", len(seen))
	}
}
