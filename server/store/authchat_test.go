package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const testSecret = "store-test-secret-store-test-secret-0123"

func TestWorkstreamSecret(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	w, err := s.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)

	t.Run("a fresh workstream has no secret", func(t *testing.T) {
		require.Empty(t, w.Secret)
	})
	t.Run("a secret is kept", func(t *testing.T) {
		w.Secret = testSecret
		saved, err := s.UpdateWorkstream(ctx, w)
		require.NoError(t, err)
		require.Equal(t, testSecret, saved.Secret)
		got, err := s.DefaultChatWorkstream(ctx)
		require.NoError(t, err)
		require.Equal(t, testSecret, got.Secret)
	})
	t.Run("saving with no secret keeps the stored one", func(t *testing.T) {
		w.Secret = ""
		w.PreChat = true
		saved, err := s.UpdateWorkstream(ctx, w)
		require.NoError(t, err)
		require.Equal(t, testSecret, saved.Secret)
		require.True(t, saved.PreChat)
	})
	t.Run("a short secret is refused and the stored one stays", func(t *testing.T) {
		w.Secret = strings.Repeat("x", 31)
		_, err := s.UpdateWorkstream(ctx, w)
		var v *ValidationError
		require.ErrorAs(t, err, &v)
		require.Equal(t, "secret", v.Field)
		got, err := s.Workstream(ctx, w.ID)
		require.NoError(t, err)
		require.Equal(t, testSecret, got.Secret)
	})
	t.Run("updating a missing workstream is not found", func(t *testing.T) {
		_, err := s.UpdateWorkstream(ctx, Workstream{ID: 999, Name: "X", Channel: "chat", Mode: ModeLive, CapacityUnits: 1})
		require.ErrorIs(t, err, ErrNotFound)
	})
}

func TestStartAuthenticatedChat(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	w, err := s.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	kenny := Customer{ExternalID: "shop-42", Name: " Kenny Smith ", Email: "Kenny@Contoso.example"}

	var first Conversation
	t.Run("the first chat creates the contact and is titled with its name", func(t *testing.T) {
		c, k, err := s.StartAuthenticatedChat(ctx, w.ID, kenny, PreChat{Question: "Where is my parcel?"})
		require.NoError(t, err)
		require.Equal(t, "Kenny Smith", k.Name)
		require.Equal(t, "kenny@contoso.example", k.Email)
		require.Equal(t, "shop-42", k.ExternalID)
		require.Equal(t, k.ID, c.ContactID)
		require.Equal(t, "Kenny Smith", c.Title)
		require.Zero(t, c.VisitorNumber)
		require.Equal(t, StatusOpen, c.Status)
		first = c
	})
	t.Run("the same customer again gets the same contact, as agents have edited it", func(t *testing.T) {
		k, err := s.Contact(ctx, first.ContactID)
		require.NoError(t, err)
		k.Name = "Kenneth Smith"
		_, err = s.UpdateContact(ctx, k)
		require.NoError(t, err)

		c, again, err := s.StartAuthenticatedChat(ctx, w.ID, kenny, PreChat{})
		require.NoError(t, err)
		require.Equal(t, first.ContactID, again.ID)
		require.Equal(t, "Kenneth Smith", c.Title)
		list, err := s.Contacts(ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
	})
	t.Run("authenticated chats take no visitor number", func(t *testing.T) {
		c, err := s.StartChat(ctx, w.ID, PreChat{})
		require.NoError(t, err)
		require.Equal(t, "Visitor 1", c.Title)
		require.Zero(t, c.ContactID)
	})
	t.Run("contacts made by agents have no external id and are not matched", func(t *testing.T) {
		made, err := s.CreateContact(ctx, Contact{Name: "Maria Garcia"})
		require.NoError(t, err)
		require.Empty(t, made.ExternalID)
		_, k, err := s.StartAuthenticatedChat(ctx, w.ID, Customer{ExternalID: "shop-7", Name: "Maria Garcia"}, PreChat{})
		require.NoError(t, err)
		require.NotEqual(t, made.ID, k.ID)
	})
	t.Run("a customer without an id or a name is refused", func(t *testing.T) {
		_, _, err := s.StartAuthenticatedChat(ctx, w.ID, Customer{Name: "Nobody"}, PreChat{})
		var v *ValidationError
		require.ErrorAs(t, err, &v)
		_, _, err = s.StartAuthenticatedChat(ctx, w.ID, Customer{ExternalID: "shop-8"}, PreChat{})
		require.ErrorAs(t, err, &v)
		require.Equal(t, "name", v.Field)
	})
}
