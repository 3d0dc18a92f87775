package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// systemName signs transcript notes, as the routing package's do.
const systemName = "Switchboard"

// searchContacts answers ?q=... with at most 20 contacts whose name, email,
// phone or account has words starting with the words of q; no q lists the
// newest contacts [D2].
func (s *Server) searchContacts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if utf8.RuneCountInString(q) > wire.MaxSearchQueryRunes {
		problem(w, http.StatusBadRequest, "error.search.too_long", strconv.Itoa(wire.MaxSearchQueryRunes))
		return
	}
	list, err := s.store.SearchContacts(r.Context(), q, store.MaxContactResults)
	writeList(s, w, r, list, err, wireContact)
}

// createContact adds a contact from the customer section's form [D2].
func (s *Server) createContact(w http.ResponseWriter, r *http.Request) {
	var in wire.ContactInput
	if !readJSON(w, r, &in) {
		return
	}
	c, err := s.store.CreateContact(r.Context(), store.Contact{
		Name: in.Name, Email: in.Email, Phone: in.Phone, Account: in.Account,
	})
	if err != nil {
		if !badFields(w, refusedFields(err, nil)) {
			s.fail(w, r, err)
		}
		return
	}
	writeJSON(w, http.StatusCreated, wireContact(c))
}

const staleContact = "error.contact.stale"

// getContact answers one contact, with the version an edit starts from [D3].
func (s *Server) getContact(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Contact")
	if !ok {
		return
	}
	c, err := s.store.Contact(r.Context(), id)
	if err != nil {
		s.failContact(w, r, err, wire.ContactInput{})
		return
	}
	writeJSON(w, http.StatusOK, wireContact(c))
}

// updateContact saves an edit made from in.Version [D3]: any agent may edit
// a contact, and a save over someone else's newer one is refused, not
// merged. The conversations linked to the contact take its new name, and
// the open ones are announced so every window retitles at once [S3].
func (s *Server) updateContact(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Contact")
	if !ok {
		return
	}
	var in wire.ContactInput
	if !readJSON(w, r, &in) {
		return
	}
	if in.Version < 1 {
		problem(w, http.StatusBadRequest, "error.contact.version")
		return
	}
	c, err := s.store.UpdateContact(r.Context(), store.Contact{
		ID: id, Name: in.Name, Email: in.Email, Phone: in.Phone, Account: in.Account, Version: in.Version,
	})
	if err != nil {
		s.failContact(w, r, err, in)
		return
	}
	linked, err := s.store.ContactConversations(r.Context(), id)
	if err != nil {
		// Saved already: the titles reach windows on their next load.
		s.log.Warn("announce contact rename", "contact", id, "err", err)
	}
	for _, conv := range linked {
		s.relay.ConversationChanged(conv)
	}
	s.log.Info("contact updated", "contact", id, "version", c.Version, "agent", agentFrom(r).ID)
	writeJSON(w, http.StatusOK, wireContact(c))
}

// failContact answers a contact error: field messages for invalid input,
// 409 for a stale save, 404 for an unknown contact.
func (s *Server) failContact(w http.ResponseWriter, r *http.Request, err error, in wire.ContactInput) {
	switch {
	case badFields(w, refusedFields(err, nil)):
	case errors.Is(err, store.ErrStale):
		problem(w, http.StatusConflict, staleContact)
	case errors.Is(err, store.ErrNotFound):
		problem(w, http.StatusNotFound, "error.no.contact")
	default:
		s.fail(w, r, err)
	}
}

// linkContact makes a contact the customer of the caller's conversation,
// which takes the contact's name [S3, D2]. The transcript says so, and the
// new title reaches every window and dashboard at once.
func (s *Server) linkContact(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	var in wire.LinkContact
	if !readJSON(w, r, &in) {
		return
	}
	if in.ContactID < 1 {
		writeJSON(w, http.StatusBadRequest, wire.Problem{
			Error: "Choose a contact to link.", Fields: map[string]wire.FieldProblem{"contactId": {Reason: wire.ReasonRequired}},
		})
		return
	}
	me := agentFrom(r)
	c, changed, err := s.store.LinkContact(r.Context(), id, in.ContactID, me.ID)
	var v *store.ValidationError
	switch {
	case errors.As(err, &v) && v.Field == "contact":
		problem(w, http.StatusNotFound, "error.no.contact")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if changed {
		_, err := s.relay.Post(r.Context(), store.Message{
			ConversationID: c.ID,
			Sender:         wire.SenderSystem,
			SenderName:     systemName,
			Code:           wire.NoteContactLinked,
			Args:           []string{me.Name, c.Title},
		})
		if err != nil {
			s.log.Warn("note contact link", "conversation", c.ID, "err", err)
		} else if fresh, err := s.store.Conversation(r.Context(), c.ID); err == nil {
			c = fresh
		}
		// The note's update reaches only who lists the conversation; the new
		// title is news for every agent, as any change but a message is.
		s.relay.ConversationChanged(c)
		s.log.Info("contact linked", "conversation", c.ID, "contact", in.ContactID, "agent", me.ID)
	}
	writeJSON(w, http.StatusOK, relay.WireConversation(c))
}

// badFields answers 400 naming each refused field and why, and reports
// whether there were any.
func badFields(w http.ResponseWriter, fields map[string]wire.FieldProblem) bool {
	if len(fields) == 0 {
		return false
	}
	writeJSON(w, http.StatusBadRequest, wire.Problem{Error: "Check the highlighted fields.", Fields: fields})
	return true
}

// refusedFields lists the fields err refuses, by their JSON names: rename
// maps the store's name of a field to it where the two differ. nil when err
// is no validation error.
func refusedFields(err error, rename map[string]string) map[string]wire.FieldProblem {
	list := validationErrors(err)
	if list == nil {
		return nil
	}
	out := make(map[string]wire.FieldProblem, len(list))
	for _, v := range list {
		field := v.Field
		if to, ok := rename[field]; ok {
			field = to
		}
		out[field] = v.Problem()
	}
	return out
}

// validationErrors lists the fields err rejects; nil when it is no
// validation error.
func validationErrors(err error) []store.ValidationError {
	var many store.ValidationErrors
	var one *store.ValidationError
	switch {
	case errors.As(err, &many):
		return many
	case errors.As(err, &one):
		return []store.ValidationError{*one}
	}
	return nil
}

func wireContact(c store.Contact) wire.Contact {
	return wire.Contact{ID: c.ID, Name: c.Name, Email: c.Email, Phone: c.Phone, Account: c.Account, Version: c.Version}
}
