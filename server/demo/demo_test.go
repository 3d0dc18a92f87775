package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/store"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()

	t.Run("seeding twice works, rotates the password and adds nothing twice", func(t *testing.T) {
		t.Parallel()
		s, err := store.Open(ctx, t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })

		first, err := Seed(ctx, s)
		require.NoError(t, err)
		require.Equal(t, AdminEmail, first.Email)
		require.Len(t, first.Password, 16)
		require.Regexp(t, `^[A-Za-z0-9]{16}$`, first.Password)

		second, err := Seed(ctx, s)
		require.NoError(t, err)
		require.NotEqual(t, first.Password, second.Password)

		admin, err := s.Authenticate(ctx, second.Email, second.Password)
		require.NoError(t, err)
		require.Equal(t, "Dana Admin", admin.Name)
		require.Equal(t, "admin", admin.Role)
		agent, err := s.Authenticate(ctx, AgentEmail, second.Password)
		require.NoError(t, err)
		require.Equal(t, "Alex Agent", agent.Name)
		require.Equal(t, "agent", agent.Role)
		_, err = s.Authenticate(ctx, first.Email, first.Password)
		require.ErrorIs(t, err, store.ErrBadCredentials)

		list, err := s.Contacts(ctx)
		require.NoError(t, err)
		require.Len(t, list, len(contacts))
		workstreams, err := s.Workstreams(ctx)
		require.NoError(t, err)
		require.Len(t, workstreams, 2, "seeding twice adds no second SMS workstream")
		require.Equal(t, "chat", workstreams[0].Channel)
		require.True(t, workstreams[0].PreChat, "the demo asks the pre-chat questions")
		require.Equal(t, ChatSecret, workstreams[0].Secret, "the demo can sign customers in")
		require.Equal(t, store.ChannelSMS, workstreams[1].Channel)
		require.Equal(t, SMSSecret, workstreams[1].Secret, "the demo's SMS webhook can be tried")
		replies, err := s.QuickReplies(ctx)
		require.NoError(t, err)
		require.Len(t, replies, len(quickReplies))

		n, err := s.ArticleCount(ctx)
		require.NoError(t, err)
		require.Equal(t, len(articles), n)
		mine, err := s.CasesByOwner(ctx, agent.ID, store.CaseActive)
		require.NoError(t, err)
		require.Len(t, mine, len(cases))
		n, err = s.CaseCount(ctx)
		require.NoError(t, err)
		require.Equal(t, len(cases), n)
		for _, c := range mine {
			require.NotZero(t, c.ContactID, "%q is linked to a demo contact", c.Title)
		}
	})

	t.Run("the knowledge base is large, searchable and well formed", func(t *testing.T) {
		t.Parallel()
		require.GreaterOrEqual(t, len(articles), 30)
		slugs := map[string]bool{}
		for _, a := range articles {
			require.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)*$`, a.slug)
			require.False(t, slugs[a.slug], "slug %s is used twice", a.slug)
			slugs[a.slug] = true
			require.NotContains(t, a.summary, "\n", a.slug)
			require.Contains(t, a.body, "\n\n", "%s has paragraphs", a.slug)
		}

		s, err := store.Open(ctx, t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		require.NoError(t, seedArticles(ctx, s))
		for _, q := range []string{"refund", "parcel lost", "password", "VAT", "gift card", "chargeback", "two-factor"} {
			hits, err := s.SearchArticles(ctx, q, 50)
			require.NoError(t, err)
			require.NotEmpty(t, hits, q)
		}
		hits, err := s.SearchArticles(ctx, "refund", 50)
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(hits), 5)
		require.Equal(t, "How long does a refund take?", hits[0].Title)
		require.Equal(t, "https://help.example.com/articles/refund-timelines", hits[0].URL)
	})

	t.Run("the quick replies cover the everyday answers, with placeholders", func(t *testing.T) {
		t.Parallel()
		require.GreaterOrEqual(t, len(quickReplies), 8)
		titles := map[string]bool{}
		placeholders := 0
		for _, q := range quickReplies {
			require.False(t, titles[q.Title], "%s is used twice", q.Title)
			titles[q.Title] = true
			require.NotContains(t, q.Body, "{{", q.Title)
			if strings.Contains(q.Body, "{customer}") || strings.Contains(q.Body, "{agent}") {
				placeholders++
			}
		}
		require.Equal(t, "Hi {customer}, I'm {agent}. How can I help you today?", quickReplies[0].Body)
		require.GreaterOrEqual(t, placeholders, len(quickReplies)/2)
	})

	t.Run("existing contacts and articles are left as they are", func(t *testing.T) {
		t.Parallel()
		s, err := store.Open(ctx, t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		_, err = s.CreateContact(ctx, store.Contact{Name: "Only Customer"})
		require.NoError(t, err)
		_, err = s.CreateArticle(ctx, store.Article{Title: "Our own", Body: "Written here."})
		require.NoError(t, err)
		_, err = s.CreateQuickReply(ctx, store.QuickReply{Title: "Ours", Body: "Our own words."})
		require.NoError(t, err)

		_, err = Seed(ctx, s)
		require.NoError(t, err)
		list, err := s.Contacts(ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
		n, err := s.CaseCount(ctx)
		require.NoError(t, err)
		require.Equal(t, len(cases), n, "demo cases are still added, without a contact")
		n, err = s.ArticleCount(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		replies, err := s.QuickReplies(ctx)
		require.NoError(t, err)
		require.Len(t, replies, 1)
	})

	t.Run("a chat secret set by an administrator is kept", func(t *testing.T) {
		t.Parallel()
		s, err := store.Open(ctx, t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		w, err := s.EnsureDefaultWorkstream(ctx)
		require.NoError(t, err)
		w.Secret = strings.Repeat("ours", 10)
		_, err = s.UpdateWorkstream(ctx, w)
		require.NoError(t, err)

		_, err = Seed(ctx, s)
		require.NoError(t, err)
		w, err = s.DefaultChatWorkstream(ctx)
		require.NoError(t, err)
		require.Equal(t, strings.Repeat("ours", 10), w.Secret)
		require.True(t, w.PreChat)
	})
}
