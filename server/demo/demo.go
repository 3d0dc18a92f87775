// Package demo fills a store with what a first look at Switchboard needs:
// a chat workstream with pre-chat questions, an SMS workstream, two
// sign-in accounts, a handful of contacts and cases, a knowledge base and
// quick replies.
package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/switchboard-cx/switchboard/server/store"
)

// Emails of the seeded accounts.
const (
	AdminEmail = "admin@demo.switchboard"
	AgentEmail = "agent@demo.switchboard"
)

// ChatSecret is the demo's shared secret for authenticated chat [M2], set
// on the chat workstream when it has none. It is public: replace it on
// /admin before a real host site signs tokens with it.
const ChatSecret = "demo-secret-change-me-demo-secret-change-me"

// SMSSecret is the demo SMS workstream's webhook secret [M4], public like
// ChatSecret.
const SMSSecret = "demo-sms-secret-change-me-demo-sms-secret"

// Credentials is a sign-in to show the person starting the demo.
type Credentials struct{ Email, Password string }

var contacts = []store.Contact{
	{Name: "Kenny Smith", Email: "kenny.smith@contoso.com", Phone: "+1 425 555 0101", Account: "Contoso Ltd"},
	{Name: "Maria Garcia", Email: "maria.garcia@fabrikam.com", Phone: "+1 206 555 0142", Account: "Fabrikam Inc"},
	{Name: "Wei Chen", Email: "wei.chen@adventure-works.com", Phone: "+1 312 555 0178", Account: "Adventure Works"},
	{Name: "Priya Patel", Email: "priya.patel@northwindtraders.com", Phone: "+44 20 7946 0958", Account: "Northwind Traders"},
	{Name: "Lars Johansson", Email: "lars.johansson@tailspintoys.com", Phone: "+46 8 555 012 34", Account: "Tailspin Toys"},
	{Name: "Aisha Okafor", Email: "aisha.okafor@woodgrovebank.com", Phone: "+234 1 555 0199", Account: "Woodgrove Bank"},
	{Name: "Tom Becker", Email: "tom.becker@litware.com", Phone: "+49 30 5550 1234", Account: "Litware Inc"},
	{Name: "Sofia Rossi", Email: "sofia.rossi@alpineskihouse.com", Phone: "+39 02 5550 4321", Account: "Alpine Ski House"},
}

// Seed makes the demo data present and returns the admin's sign-in. It is
// safe to call on every start. Only password hashes are stored, so both
// accounts get a fresh password each time: the one returned is the only
// copy.
func Seed(ctx context.Context, s *store.Store) (Credentials, error) {
	if err := seedWorkstream(ctx, s); err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	if err := seedSMSWorkstream(ctx, s); err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	password, err := newPassword()
	if err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	if err := ensureAgent(ctx, s, AdminEmail, "Dana Admin", "admin", password); err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	if err := ensureAgent(ctx, s, AgentEmail, "Alex Agent", "agent", password); err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	existing, err := s.Contacts(ctx)
	if err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	// Any contact at all means someone has been here; don't add to their data.
	if len(existing) == 0 {
		for _, c := range contacts {
			if _, err := s.CreateContact(ctx, c); err != nil {
				return Credentials{}, fmt.Errorf("seed demo: %w", err)
			}
		}
	}
	if err := seedArticles(ctx, s); err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	if err := seedCases(ctx, s); err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	if err := seedQuickReplies(ctx, s); err != nil {
		return Credentials{}, fmt.Errorf("seed demo: %w", err)
	}
	return Credentials{Email: AdminEmail, Password: password}, nil
}

// seedWorkstream makes sure there is a chat workstream, that it asks the
// pre-chat questions, so the demo shows them [M1], and that it has a secret,
// so authenticated chat can be tried [M2]; a secret already set is kept.
func seedWorkstream(ctx context.Context, s *store.Store) error {
	w, err := s.EnsureDefaultWorkstream(ctx)
	if err != nil || (w.PreChat && w.Secret != "") {
		return err
	}
	w.PreChat = true
	if w.Secret == "" {
		w.Secret = ChatSecret
	}
	_, err = s.UpdateWorkstream(ctx, w)
	return err
}

// seedSMSWorkstream adds an SMS workstream when there is none, so the
// webhook can be tried with SMSSecret [M4]. It has no outbound URL: replies
// show the delivery failure in the transcript until one is set on /admin.
// Persistent, as texting customers come and go.
func seedSMSWorkstream(ctx context.Context, s *store.Store) error {
	list, err := s.Workstreams(ctx)
	if err != nil {
		return err
	}
	for _, w := range list {
		if w.Channel == store.ChannelSMS {
			return nil
		}
	}
	_, err = s.CreateWorkstream(ctx, store.Workstream{
		Name: "SMS", Channel: store.ChannelSMS, Mode: store.ModePersistent, CapacityUnits: 20,
		OfferTimeout: 2 * time.Minute, WaitingPeriod: 28 * 24 * time.Hour, Secret: SMSSecret,
	})
	return err
}

// quickReplies are the demo's canned responses [C3]; the workspace fills in
// {customer} and {agent}.
var quickReplies = []store.QuickReply{
	{Title: "Greeting", Body: "Hi {customer}, I'm {agent}. How can I help you today?"},
	{Title: "Order number", Body: "Could you give me your order number, please? It starts with 10 and is in your confirmation email."},
	{Title: "Refund started", Body: "I've started your refund, {customer}. It reaches your card within 5 to 10 working days, and you'll get an email as soon as it's on its way."},
	{Title: "Delivery delay", Body: "I'm sorry your order is late, {customer}. The carrier has it and I've asked them to prioritise it; I'll send you the new tracking details as soon as I have them."},
	{Title: "Password reset", Body: "To reset your password: choose \"Sign in\", then \"Forgot password?\", enter your email address and follow the link we send you. The link works for 30 minutes."},
	{Title: "Escalation", Body: "I'd like a specialist to look at this, {customer}. I'm passing your case to our second-line team with everything we've discussed, so you won't have to repeat yourself."},
	{Title: "Follow-up by email", Body: "I'll look into this and follow up by email within one working day, {customer}. You don't need to stay in the chat."},
	{Title: "Closing", Body: "Thanks for contacting us, {customer}. Is there anything else I can help you with today? If not, I'll close this chat now. Have a great day!"},
}

// seedQuickReplies adds the demo's quick replies when there are none; any
// means the deployment has its own.
func seedQuickReplies(ctx context.Context, s *store.Store) error {
	existing, err := s.QuickReplies(ctx)
	if err != nil || len(existing) > 0 {
		return err
	}
	for _, q := range quickReplies {
		if _, err := s.CreateQuickReply(ctx, q); err != nil {
			return fmt.Errorf("quick reply %q: %w", q.Title, err)
		}
	}
	return nil
}

// seedArticles fills an empty knowledge base; any article means the
// deployment has its own.
func seedArticles(ctx context.Context, s *store.Store) error {
	n, err := s.ArticleCount(ctx)
	if err != nil || n > 0 {
		return err
	}
	for _, a := range articles {
		if _, err := s.CreateArticle(ctx, store.Article{
			Title: a.title, Summary: a.summary, Body: a.body, URL: helpBase + a.slug,
		}); err != nil {
			return fmt.Errorf("article %s: %w", a.slug, err)
		}
	}
	return nil
}

// demoCase is a case for the demo agent, linked to a demo contact by email.
type demoCase struct {
	contactEmail string
	store.Case
}

var cases = []demoCase{
	{"kenny.smith@contoso.com", store.Case{
		Title:       "Refund not received for returned headphones",
		Description: "Returned order 100482 on the 3rd; the warehouse confirmed receipt but no refund has reached the card yet. Customer has asked twice.",
		Priority:    store.PriorityHigh,
	}},
	{"maria.garcia@fabrikam.com", store.Case{
		Title:       "Parcel marked delivered but not received",
		Description: "Tracking for order 100517 says delivered to a safe place. Customer checked with neighbours. Carrier investigation opened.",
	}},
	{"wei.chen@adventure-works.com", store.Case{
		Title:       "VAT invoice needed with company details",
		Description: "Business order 100533 was placed without the company VAT number. Customer needs a corrected invoice for their accounts.",
		Priority:    store.PriorityLow,
	}},
}

// seedCases gives the demo agent a few active cases when there are none at
// all, linked to the demo contacts that still exist.
func seedCases(ctx context.Context, s *store.Store) error {
	n, err := s.CaseCount(ctx)
	if err != nil || n > 0 {
		return err
	}
	agent, err := s.AgentByEmail(ctx, AgentEmail)
	if err != nil {
		return err
	}
	existing, err := s.Contacts(ctx)
	if err != nil {
		return err
	}
	byEmail := make(map[string]int64, len(existing))
	for _, c := range existing {
		byEmail[c.Email] = c.ID
	}
	for _, dc := range cases {
		c := dc.Case
		c.OwnerID = agent.ID
		c.ContactID = byEmail[dc.contactEmail]
		if _, err := s.CreateCase(ctx, c); err != nil {
			return fmt.Errorf("case %q: %w", c.Title, err)
		}
	}
	return nil
}

func ensureAgent(ctx context.Context, s *store.Store, email, name, role, password string) error {
	_, err := s.AgentByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		_, err = s.CreateAgent(ctx, email, name, role, password)
		return err
	}
	if err != nil {
		return err
	}
	return s.SetAgentPassword(ctx, email, password)
}

const passwordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// newPassword returns 16 random letters and digits (about 95 bits).
func newPassword() (string, error) {
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(passwordAlphabet))))
		if err != nil {
			return "", fmt.Errorf("random password: %w", err)
		}
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b), nil
}
