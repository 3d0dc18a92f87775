package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

// An unknown email must cost what a wrong password costs: one bcrypt
// comparison at the store's cost, or the answer's timing would tell which
// emails exist. The comparisons are watched rather than timed, so a busy
// machine cannot change the verdict.
func TestUnknownEmailCostsAPasswordCheck(t *testing.T) {
	ctx := context.Background()
	for _, cheap := range []bool{false, true} {
		s := newTestStore(t) // hashing cheaply, as tests do
		if !cheap {
			s.hashCost = bcrypt.DefaultCost // as a real installation does
		}
		_, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		var costs []int
		compareHash = func(hash, password []byte) error {
			cost, err := bcrypt.Cost(hash)
			require.NoError(t, err)
			costs = append(costs, cost)
			return bcrypt.CompareHashAndPassword(hash, password)
		}
		t.Cleanup(func() { compareHash = bcrypt.CompareHashAndPassword })
		for _, email := range []string{"alex@example.com", "nobody@example.com"} {
			_, err := s.Authenticate(ctx, email, "wrong")
			require.ErrorIs(t, err, ErrBadCredentials)
		}
		require.Len(t, costs, 2, "each sign-in compares one hash")
		require.Equal(t, costs[0], costs[1], "the unknown email's comparison costs what the wrong password's does")
	}
}
