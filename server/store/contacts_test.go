package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestContacts(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)

	t.Run("contacts are listed by name", func(t *testing.T) {
		kenny, err := s.CreateContact(ctx, Contact{
			Name: " Kenny Smith ", Email: "Kenny@Contoso.com", Phone: "+1 555 0100", Account: "Contoso Ltd",
		})
		require.NoError(t, err)
		require.Equal(t, "Kenny Smith", kenny.Name)
		require.Equal(t, "kenny@contoso.com", kenny.Email)
		abby, err := s.CreateContact(ctx, Contact{Name: "abby Jones"})
		require.NoError(t, err)

		list, err := s.Contacts(ctx)
		require.NoError(t, err)
		require.Equal(t, []Contact{abby, kenny}, list)
	})

	t.Run("a contact needs a name and a valid email if any", func(t *testing.T) {
		_, err := s.CreateContact(ctx, Contact{Name: "  "})
		requireValidation(t, err, "name")
		_, err = s.CreateContact(ctx, Contact{Name: strings.Repeat("n", 201)})
		requireValidation(t, err, "name")
		_, err = s.CreateContact(ctx, Contact{Name: "Kenny", Email: "kenny"})
		requireValidation(t, err, "email")
	})
}
