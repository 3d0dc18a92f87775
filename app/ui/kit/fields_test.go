package kit

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// The words users saw when the server still wrote them: a refusal reads
// the same now that the page words the server's reason codes.
func TestFieldTexts(t *testing.T) {
	for _, c := range []struct {
		path, field string
		p           wire.FieldProblem
		want        string
	}{
		{"/api/admin/settings", "sessionLimit", wire.FieldProblem{Reason: wire.ReasonRange, Min: 2, Max: 20}, "Enter a session limit from 2 to 20."},
		{"/api/admin/settings", "closeOpenChat", wire.FieldProblem{Reason: wire.ReasonRange, Min: 1, Max: wire.MaxLifecycleSecs}, "Enter a duration from 1 second to 365 days."},
		{"/api/admin/workstreams/7", "name", wire.FieldProblem{Reason: wire.ReasonTooLong, Max: 100}, "Shorten the name to 100 characters or fewer."},
		{"/api/admin/workstreams", "offerTimeout", wire.FieldProblem{Reason: wire.ReasonRange, Min: 10, Max: 600}, "Enter a notification timeout from 10 to 600 seconds."},
		{"/api/admin/quick-replies", "title", wire.FieldProblem{Reason: wire.ReasonRequired}, "Enter a title."},
		{"/api/admin/agents/3/password", "password", wire.FieldProblem{Reason: wire.ReasonTooShort, Min: 8}, "Use a password of at least 8 characters."},
		{"/api/admin/agents", "password", wire.FieldProblem{Reason: wire.ReasonTooLong, Max: 72}, "Use a password of at most 72 bytes."},
		{"/api/admin/agents", "capacity", wire.FieldProblem{Reason: wire.ReasonRange, Min: 1, Max: 100}, "Enter a capacity from 1 to 100 units."},
		{"/api/admin/articles/2", "url", wire.FieldProblem{Reason: wire.ReasonTooLong, Max: 2000}, "Enter an http or https address, or leave it empty."},
		{"/api/contacts/4", "email", wire.FieldProblem{Reason: wire.ReasonFormat}, "Enter an email address like name@example.com, or leave it empty."},
		{"/api/cases", "title", wire.FieldProblem{Reason: wire.ReasonRequired}, "Enter a case title."},
		{"/api/cases/9", "contactId", wire.FieldProblem{Reason: wire.ReasonMissing}, "This contact no longer exists. Choose another one."},
		{"/api/chat", "question", wire.FieldProblem{Reason: wire.ReasonTooLong, Max: 4000}, "Your question is too long: at most 4000 characters."},
		{"/api/chat", "name", wire.FieldProblem{Reason: wire.ReasonFormat}, "Check this answer."},
		{"/api/admin/workstreams", "capacity_units", wire.FieldProblem{Reason: wire.ReasonRange}, "Check this field."},
	} {
		require.Equal(t, c.want, FieldTexts(c.path, map[string]wire.FieldProblem{c.field: c.p})[c.field], "%s %s", c.path, c.field)
	}
	require.Nil(t, FieldTexts("/api/cases", nil))
}
