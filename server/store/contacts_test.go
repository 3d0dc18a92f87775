package store

import (
	"context"
	"errors"
	"fmt"
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

		got, err := s.Contact(ctx, kenny.ID)
		require.NoError(t, err)
		require.Equal(t, kenny, got)
		_, err = s.Contact(ctx, 9999)
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("a contact needs a name and a valid email if any", func(t *testing.T) {
		_, err := s.CreateContact(ctx, Contact{Name: "  "})
		requireValidation(t, err, "name")
		_, err = s.CreateContact(ctx, Contact{Name: strings.Repeat("n", 201)})
		requireValidation(t, err, "name")
		_, err = s.CreateContact(ctx, Contact{Name: "Kenny", Email: "kenny"})
		requireValidation(t, err, "email")
		_, err = s.CreateContact(ctx, Contact{Name: "Kenny", Phone: strings.Repeat("5", MaxContactPhone+1)})
		requireValidation(t, err, "phone")
	})

	t.Run("every invalid field is reported at once", func(t *testing.T) {
		_, err := s.CreateContact(ctx, Contact{
			Email: "not an email", Phone: strings.Repeat("5", 41), Account: strings.Repeat("a", 201),
		})
		var all ValidationErrors
		require.True(t, errors.As(err, &all), "got %v", err)
		var fields []string
		for _, v := range all {
			fields = append(fields, v.Field)
		}
		require.Equal(t, []string{"name", "email", "phone", "account"}, fields)
	})

	t.Run("markup is kept as text", func(t *testing.T) {
		c, err := s.CreateContact(ctx, Contact{Name: `<script>alert("x")</script>`, Account: "<b>Bold</b> & Co"})
		require.NoError(t, err)
		got, err := s.Contact(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, `<script>alert("x")</script>`, got.Name)
		require.Equal(t, "<b>Bold</b> & Co", got.Account)
	})
}

func TestSearchContacts(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tick(s)
	create := func(c Contact) Contact {
		t.Helper()
		c, err := s.CreateContact(ctx, c)
		require.NoError(t, err)
		return c
	}
	kenny := create(Contact{Name: "Kenny Smith", Email: "kenny.smith@contoso.com", Phone: "+1 425 555 0101", Account: "Contoso Ltd"})
	maria := create(Contact{Name: "Maria Garcia", Email: "maria@fabrikam.com", Phone: "+1 206 555 0142", Account: "Fabrikam Inc"})
	janis := create(Contact{Name: "Jānis Bērziņš", Email: "janis@example.lv", Account: "Smith & Partners"})
	names := func(list []Contact) []string {
		out := []string{}
		for _, c := range list {
			out = append(out, c.Name)
		}
		return out
	}
	search := func(q string) []string {
		t.Helper()
		list, err := s.SearchContacts(ctx, q, MaxContactResults)
		require.NoError(t, err)
		return names(list)
	}

	t.Run("any word of the name, email, phone or account finds a contact, as a prefix, in any case", func(t *testing.T) {
		require.Equal(t, []string{"Kenny Smith"}, search("KEN"))
		require.Equal(t, []string{"Kenny Smith"}, search("ken smi"))
		require.Equal(t, []string{"Maria Garcia"}, search("fabrikam"))
		require.Equal(t, []string{"Maria Garcia"}, search("maria@fabrikam.com"))
		require.Equal(t, []string{"Kenny Smith"}, search("555 0101"))
		require.Equal(t, []string{"Kenny Smith"}, search("Contoso Ltd"))
	})

	t.Run("accents are ignored", func(t *testing.T) {
		require.Equal(t, []string{janis.Name}, search("janis berz"))
		require.Equal(t, []string{janis.Name}, search("Bērziņš"))
	})

	t.Run("a match in the name ranks above one in the account", func(t *testing.T) {
		require.Equal(t, []string{"Kenny Smith", "Jānis Bērziņš"}, search("smith"))
	})

	t.Run("nothing matching, or no words at all, finds nothing", func(t *testing.T) {
		require.Empty(t, search("zebra"))
		require.Empty(t, search(`"*)(`))
		require.Empty(t, search("@@ --"))
	})

	t.Run("FTS syntax in a query is taken as words", func(t *testing.T) {
		require.Empty(t, search(`kenny NOT smith`))
		require.Equal(t, []string{"Kenny Smith"}, search(`"kenny" smith* (`))
	})

	t.Run("an empty query lists the newest contacts first", func(t *testing.T) {
		require.Equal(t, []string{janis.Name, maria.Name, kenny.Name}, search("  "))
	})

	t.Run("at most 20 are returned", func(t *testing.T) {
		for i := range 25 {
			create(Contact{Name: fmt.Sprintf("Tester %02d", i)})
		}
		list, err := s.SearchContacts(ctx, "tester", 100)
		require.NoError(t, err)
		require.Len(t, list, MaxContactResults)
		list, err = s.SearchContacts(ctx, "", 100)
		require.NoError(t, err)
		require.Len(t, list, MaxContactResults)
		require.Equal(t, "Tester 24", list[0].Name)
		list, err = s.SearchContacts(ctx, "tester", 3)
		require.NoError(t, err)
		require.Len(t, list, 3)
	})
}
