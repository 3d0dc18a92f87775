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

func TestUpdateContact(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tick(s)
	kenny, err := s.CreateContact(ctx, Contact{Name: "Kenny Smith", Email: "kenny@contoso.com"})
	require.NoError(t, err)
	require.Equal(t, int64(1), kenny.Version)
	require.Equal(t, kenny.CreatedAt, kenny.UpdatedAt)

	t.Run("a save from the latest version is stored and bumps the version", func(t *testing.T) {
		saved, err := s.UpdateContact(ctx, Contact{
			ID: kenny.ID, Name: " Kenneth Smith ", Email: "Kenneth@Contoso.com", Phone: "+1 555 0100",
			Account: "Contoso Ltd", Version: kenny.Version,
		})
		require.NoError(t, err)
		require.Equal(t, "Kenneth Smith", saved.Name)
		require.Equal(t, "kenneth@contoso.com", saved.Email)
		require.Equal(t, int64(2), saved.Version)
		require.Equal(t, kenny.CreatedAt, saved.CreatedAt)
		require.True(t, saved.UpdatedAt.After(kenny.UpdatedAt))
		got, err := s.Contact(ctx, kenny.ID)
		require.NoError(t, err)
		require.Equal(t, saved, got)
		found, err := s.SearchContacts(ctx, "kenneth", 5)
		require.NoError(t, err)
		require.Equal(t, []Contact{saved}, found, "the search index follows the edit")
		kenny = saved
	})

	t.Run("a save from an older version is refused and stores nothing", func(t *testing.T) {
		_, err := s.UpdateContact(ctx, Contact{ID: kenny.ID, Name: "Stale Name", Version: 1})
		require.ErrorIs(t, err, ErrStale)
		got, err := s.Contact(ctx, kenny.ID)
		require.NoError(t, err)
		require.Equal(t, kenny, got)
	})

	t.Run("every invalid field is reported at once and nothing is stored", func(t *testing.T) {
		_, err := s.UpdateContact(ctx, Contact{
			ID: kenny.ID, Name: " ", Email: "nope", Phone: strings.Repeat("5", 41), Account: strings.Repeat("a", 201),
			Version: kenny.Version,
		})
		var all ValidationErrors
		require.True(t, errors.As(err, &all), "got %v", err)
		var fields []string
		for _, v := range all {
			fields = append(fields, v.Field)
		}
		require.Equal(t, []string{"name", "email", "phone", "account"}, fields)
		got, err := s.Contact(ctx, kenny.ID)
		require.NoError(t, err)
		require.Equal(t, kenny, got)
	})

	t.Run("an unknown contact is not found", func(t *testing.T) {
		_, err := s.UpdateContact(ctx, Contact{ID: 9999, Name: "Nobody", Version: 1})
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("linked conversations take the new name; open ones are listed", func(t *testing.T) {
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		link := func() Conversation {
			c := newTestConversation(t, s)
			c, err := s.AssignConversation(ctx, c.ID, alex.ID)
			require.NoError(t, err)
			c, _, err = s.LinkContact(ctx, c.ID, kenny.ID, alex.ID)
			require.NoError(t, err)
			require.Equal(t, "Kenneth Smith", c.Title)
			return c
		}
		closed := link()
		moveTo(t, s, closed.ID, alex.ID, StatusClosed)
		open := link()
		other := newTestConversation(t, s)

		saved, err := s.UpdateContact(ctx, Contact{ID: kenny.ID, Name: "Ken Smith", Version: kenny.Version})
		require.NoError(t, err)
		for _, id := range []int64{open.ID, closed.ID} {
			c, err := s.Conversation(ctx, id)
			require.NoError(t, err)
			require.Equal(t, "Ken Smith", c.Title)
		}
		c, err := s.Conversation(ctx, open.ID)
		require.NoError(t, err)
		require.Equal(t, open.UpdatedAt, c.UpdatedAt, "a rename is no activity")
		c, err = s.Conversation(ctx, other.ID)
		require.NoError(t, err)
		require.Equal(t, other.Title, c.Title)

		list, err := s.ContactConversations(ctx, saved.ID)
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.Equal(t, open.ID, list[0].ID)
		require.Equal(t, "Ken Smith", list[0].Title)
	})
}
