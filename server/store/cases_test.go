package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestCases(t *testing.T) {
	ctx := context.Background()

	// setup returns a store with a ticking clock, an agent and a contact.
	setup := func(t *testing.T) (*Store, Agent, Contact) {
		t.Helper()
		s := newTestStore(t)
		tick(s)
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		kenny, err := s.CreateContact(ctx, Contact{Name: "Kenny Smith"})
		require.NoError(t, err)
		return s, alex, kenny
	}

	t.Run("a new case starts at version 1 with Normal priority, Active, and its owner's name", func(t *testing.T) {
		s, alex, kenny := setup(t)
		conv := newTestConversation(t, s)
		c, err := s.CreateCase(ctx, Case{
			Title: "  Refund not received  ", Description: "Order 1042 was returned two weeks ago.",
			ContactID: kenny.ID, OwnerID: alex.ID, ConversationID: conv.ID,
		})
		require.NoError(t, err)
		require.NotZero(t, c.ID)
		require.Equal(t, "Refund not received", c.Title)
		require.Equal(t, PriorityNormal, c.Priority)
		require.Equal(t, CaseActive, c.Status)
		require.Equal(t, int64(1), c.Version)
		require.Equal(t, "Alex Agent", c.OwnerName)
		require.Equal(t, kenny.ID, c.ContactID)
		require.Equal(t, conv.ID, c.ConversationID)
		require.False(t, c.CreatedAt.IsZero())
		require.Equal(t, c.CreatedAt, c.UpdatedAt)

		got, err := s.Case(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, c, got)
	})

	t.Run("a case needs no owner, contact or conversation", func(t *testing.T) {
		s, _, _ := setup(t)
		c, err := s.CreateCase(ctx, Case{Title: "Printer on fire", Priority: PriorityHigh})
		require.NoError(t, err)
		require.Zero(t, c.OwnerID)
		require.Empty(t, c.OwnerName)
		require.Zero(t, c.ContactID)
		require.Zero(t, c.ConversationID)
		require.Equal(t, PriorityHigh, c.Priority)
	})

	t.Run("one wrong field is a ValidationError naming it", func(t *testing.T) {
		s, _, _ := setup(t)
		for _, c := range []struct {
			field string
			in    Case
		}{
			{"title", Case{Title: "   "}},
			{"title", Case{Title: strings.Repeat("t", MaxCaseTitle+1)}},
			{"description", Case{Title: "ok", Description: strings.Repeat("d", MaxCaseDescription+1)}},
			{"priority", Case{Title: "ok", Priority: "Urgent"}},
			{"status", Case{Title: "ok", Status: "Closed"}},
			{"owner", Case{Title: "ok", OwnerID: 999}},
			{"contact", Case{Title: "ok", ContactID: 999}},
			{"conversation", Case{Title: "ok", ConversationID: 999}},
		} {
			_, err := s.CreateCase(ctx, c.in)
			requireValidation(t, err, c.field)
			require.False(t, errors.As(err, &ValidationErrors{}), "a single field is not reported as a list")
		}
		_, err := s.CreateCase(ctx, Case{Title: strings.Repeat("é", MaxCaseTitle)})
		require.NoError(t, err, "the limit counts characters, not bytes")
		n, err := s.CaseCount(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, n)
	})

	t.Run("several wrong fields are reported together", func(t *testing.T) {
		s, _, _ := setup(t)
		_, err := s.CreateCase(ctx, Case{
			Title: "", Description: strings.Repeat("d", MaxCaseDescription+1),
			Priority: "Urgent", Status: "Closed", OwnerID: 998, ContactID: 999,
		})
		var list ValidationErrors
		require.True(t, errors.As(err, &list), "want ValidationErrors, got %v", err)
		var fields []string
		for _, v := range list {
			fields = append(fields, v.Field)
		}
		require.Equal(t, []string{"title", "description", "priority", "status", "owner", "contact"}, fields)
		require.Contains(t, err.Error(), "title: required; description: too_long (0..4000)")
		// Callers that only know the single form still find a field.
		requireValidation(t, err, "title")
		n, err := s.CaseCount(ctx)
		require.NoError(t, err)
		require.Zero(t, n)
	})

	t.Run("a save from the latest version is stored and bumps the version", func(t *testing.T) {
		s, alex, kenny := setup(t)
		c, err := s.CreateCase(ctx, Case{Title: "Refund not received", OwnerID: alex.ID})
		require.NoError(t, err)

		edit := c
		edit.Title = "Refund received late"
		edit.Description = "Customer confirmed the refund arrived."
		edit.Priority = PriorityLow
		edit.Status = CaseResolved
		edit.ContactID = kenny.ID
		saved, err := s.UpdateCase(ctx, edit)
		require.NoError(t, err)
		require.Equal(t, int64(2), saved.Version)
		require.Equal(t, "Refund received late", saved.Title)
		require.Equal(t, CaseResolved, saved.Status)
		require.Equal(t, kenny.ID, saved.ContactID)
		require.Equal(t, c.CreatedAt, saved.CreatedAt)
		require.True(t, saved.UpdatedAt.After(c.UpdatedAt))

		got, err := s.Case(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, saved, got)
	})

	t.Run("a save from an old version is refused as stale and stores nothing", func(t *testing.T) {
		s, alex, _ := setup(t)
		c, err := s.CreateCase(ctx, Case{Title: "Refund not received", OwnerID: alex.ID})
		require.NoError(t, err)
		mine, theirs := c, c
		theirs.Title = "Refund sent again"
		latest, err := s.UpdateCase(ctx, theirs)
		require.NoError(t, err)

		mine.Title = "Refund cancelled"
		mine.Priority = PriorityHigh
		_, err = s.UpdateCase(ctx, mine)
		require.ErrorIs(t, err, ErrStale)
		got, err := s.Case(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, latest, got)

		// Rebased on the latest version, the same edit goes through.
		mine.Version = latest.Version
		saved, err := s.UpdateCase(ctx, mine)
		require.NoError(t, err)
		require.Equal(t, "Refund cancelled", saved.Title)
		require.Equal(t, int64(3), saved.Version)
	})

	t.Run("an invalid save stores nothing", func(t *testing.T) {
		s, _, _ := setup(t)
		c, err := s.CreateCase(ctx, Case{Title: "Refund not received"})
		require.NoError(t, err)
		edit := c
		edit.Title = ""
		edit.Priority = ""
		_, err = s.UpdateCase(ctx, edit)
		require.True(t, errors.As(err, &ValidationErrors{}), "got %v", err)
		got, err := s.Case(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, c, got)
	})

	t.Run("unknown cases are not found", func(t *testing.T) {
		s, _, _ := setup(t)
		_, err := s.Case(ctx, 999)
		require.ErrorIs(t, err, ErrNotFound)
		_, err = s.UpdateCase(ctx, Case{ID: 999, Title: "x", Priority: PriorityLow, Status: CaseActive, Version: 1})
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("an owner's cases are listed by status, latest update first", func(t *testing.T) {
		s, alex, _ := setup(t)
		bo, err := s.CreateAgent(ctx, "bo@example.com", "Bo Agent", "agent", "password1")
		require.NoError(t, err)
		older, err := s.CreateCase(ctx, Case{Title: "Older", OwnerID: alex.ID})
		require.NoError(t, err)
		newer, err := s.CreateCase(ctx, Case{Title: "Newer", OwnerID: alex.ID})
		require.NoError(t, err)
		resolved, err := s.CreateCase(ctx, Case{Title: "Done", OwnerID: alex.ID, Status: CaseResolved})
		require.NoError(t, err)
		_, err = s.CreateCase(ctx, Case{Title: "Bo's", OwnerID: bo.ID})
		require.NoError(t, err)
		// Touching the older one brings it to the top.
		older.Description = "Customer called again."
		older, err = s.UpdateCase(ctx, older)
		require.NoError(t, err)

		active, err := s.CasesByOwner(ctx, alex.ID, CaseActive)
		require.NoError(t, err)
		require.Equal(t, []Case{older, newer}, active)
		all, err := s.CasesByOwner(ctx, alex.ID, "")
		require.NoError(t, err)
		require.Equal(t, []Case{older, resolved, newer}, all)
		none, err := s.CasesByOwner(ctx, 999, CaseActive)
		require.NoError(t, err)
		require.NotNil(t, none)
		require.Empty(t, none)
		_, err = s.CasesByOwner(ctx, alex.ID, "Open")
		requireValidation(t, err, "status")
	})

	t.Run("markup is stored as plain text, unchanged", func(t *testing.T) {
		s, _, _ := setup(t)
		c, err := s.CreateCase(ctx, Case{Title: `<script>alert(1)</script>`, Description: `<b>bold</b> & "quoted"`})
		require.NoError(t, err)
		got, err := s.Case(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, `<script>alert(1)</script>`, got.Title)
		require.Equal(t, `<b>bold</b> & "quoted"`, got.Description)
	})
}

func TestValidationErrors(t *testing.T) {
	t.Run("the message lists every field", func(t *testing.T) {
		err := ValidationErrors{{Field: "title", Reason: wire.ReasonRequired}, {Field: "status", Reason: wire.ReasonChoice}}
		require.EqualError(t, err, "title: required; status: not_a_choice")
	})
}
