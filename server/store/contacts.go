package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Contact field limits, in characters.
const (
	MaxContactName    = 200
	MaxContactPhone   = 40
	MaxContactAccount = 200
)

// MaxContactResults bounds one contact search.
const MaxContactResults = 20

// Contact is a known customer.
type Contact struct {
	ID      int64
	Name    string
	Email   string // may be ""
	Phone   string // may be ""
	Account string // the customer's company, may be ""
	// ExternalID is the host site's id of the customer of an authenticated
	// chat [M2]; "" = none.
	ExternalID string
	// Version counts saves, starting at 1. UpdateContact takes the version
	// the editor started from, so a save over someone else's is refused.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

const contactColumns = `k.id, k.name, k.email, k.phone, k.account, k.version, k.created_at, k.updated_at,
	COALESCE(k.external_id, '')`

// CreateContact adds a contact; only the name is required. Every invalid
// field is reported: a *ValidationError for one, ValidationErrors for
// several.
func (s *Store) CreateContact(ctx context.Context, c Contact) (Contact, error) {
	if err := checkContact(&c); err != nil {
		return Contact{}, err
	}
	created := s.nowMilli()
	err := s.writer.QueryRowContext(ctx,
		`INSERT INTO contacts (name, email, phone, account, version, created_at, updated_at)
		 VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		c.Name, c.Email, c.Phone, c.Account, created, created).Scan(&c.ID)
	if err != nil {
		return Contact{}, fmt.Errorf("create contact: %w", err)
	}
	c.Version = 1
	c.CreatedAt = fromMilli(created)
	c.UpdatedAt = c.CreatedAt
	return c, nil
}

// UpdateContact saves every field of c over contact c.ID [D3]. c.Version
// must be the version the edit started from: when the contact has been saved
// since, nothing is stored and the error wraps ErrStale. Invalid fields are
// reported as by CreateContact. A save bumps the version and UpdatedAt, and
// every conversation linked to the contact takes its new name as its title
// [S3]; ContactConversations lists the open ones to announce.
func (s *Store) UpdateContact(ctx context.Context, c Contact) (Contact, error) {
	var out Contact
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var current int64
		err := tx.QueryRowContext(ctx, `SELECT version FROM contacts WHERE id = ?`, c.ID).Scan(&current)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// Checked before the fields: input written against an old version
		// has to be reviewed against the new one anyway.
		if current != c.Version {
			return fmt.Errorf("edited version %d, latest is %d: %w", c.Version, current, ErrStale)
		}
		if err := checkContact(&c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE contacts SET name = ?, email = ?, phone = ?, account = ?, version = version + 1, updated_at = ?
			 WHERE id = ?`,
			c.Name, c.Email, c.Phone, c.Account, s.nowMilli(), c.ID); err != nil {
			return err
		}
		// A new name is no activity in the conversation: updated_at, which
		// orders queues and tabs, stays.
		if _, err := tx.ExecContext(ctx,
			`UPDATE conversations SET title = ? WHERE contact_id = ? AND title <> ?`,
			c.Name, c.ID, c.Name); err != nil {
			return err
		}
		out, err = contactByID(ctx, tx, c.ID)
		return err
	})
	if err != nil {
		return Contact{}, fmt.Errorf("update contact %d: %w", c.ID, err)
	}
	return out, nil
}

// ContactConversations lists the conversations linked to a contact that are
// not closed, newest first: those whose windows show its name live.
func (s *Store) ContactConversations(ctx context.Context, contactID int64) ([]Conversation, error) {
	rows, err := s.reader.QueryContext(ctx,
		conversationSelect+` WHERE c.contact_id = ? AND c.status <> 'closed' ORDER BY c.created_at DESC, c.id DESC`,
		contactID)
	return collect(rows, err, "conversations of contact", scanConversation)
}

// Contact returns the contact with the given id.
func (s *Store) Contact(ctx context.Context, id int64) (Contact, error) {
	c, err := contactByID(ctx, s.reader, id)
	if err != nil {
		return Contact{}, fmt.Errorf("contact %d: %w", id, err)
	}
	return c, nil
}

// Contacts lists all contacts by name.
func (s *Store) Contacts(ctx context.Context) ([]Contact, error) {
	list, err := s.contactList(ctx, `SELECT `+contactColumns+` FROM contacts k ORDER BY k.name COLLATE NOCASE, k.id`)
	if err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	return list, nil
}

// SearchContacts finds up to limit (at most MaxContactResults) contacts
// for an agent's lookup [D2]. Every word of query must begin a word of the
// name, email, phone or account, ignoring case and accents; matches in the
// name rank first. An empty query lists the newest contacts.
func (s *Store) SearchContacts(ctx context.Context, query string, limit int) ([]Contact, error) {
	limit = min(max(limit, 1), MaxContactResults)
	var list []Contact
	var err error
	if strings.TrimSpace(query) == "" {
		list, err = s.contactList(ctx,
			`SELECT `+contactColumns+` FROM contacts k ORDER BY k.created_at DESC, k.id DESC LIMIT ?`, limit)
	} else {
		terms := ftsTerms(query)
		if len(terms) == 0 {
			return []Contact{}, nil
		}
		// Each term as a prefix: an agent types "ken smi" for Kenny Smith.
		match := strings.Join(terms, "* AND ") + "*"
		if s.pg {
			list, err = s.searchContactsPG(ctx, query, limit)
		} else {
			list, err = s.contactList(ctx,
				`SELECT `+contactColumns+` FROM contacts_fts JOIN contacts k ON k.id = contacts_fts.rowid
			 WHERE contacts_fts MATCH ?
			 ORDER BY bm25(contacts_fts, 10.0, 4.0, 4.0, 2.0), k.name COLLATE NOCASE, k.id
			 LIMIT ?`, match, limit)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("search contacts: %w", err)
	}
	return list, nil
}

func (s *Store) contactList(ctx context.Context, query string, args ...any) ([]Contact, error) {
	rows, err := s.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Contact{}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

func contactByID(ctx context.Context, q querier, id int64) (Contact, error) {
	c, err := scanContact(q.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts k WHERE k.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Contact{}, ErrNotFound
	}
	return c, err
}

func scanContact(row scanner) (Contact, error) {
	var c Contact
	err := row.Scan(&c.ID, &c.Name, &c.Email, &c.Phone, &c.Account, &c.Version,
		(*milli)(&c.CreatedAt), (*milli)(&c.UpdatedAt), &c.ExternalID)
	return c, err
}

// checkContact trims c's text, normalizes the email and validates every
// field. Text is kept as typed, markup included: clients show it as text.
func checkContact(c *Contact) error {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = normalizeEmail(c.Email)
	c.Phone = strings.TrimSpace(c.Phone)
	c.Account = strings.TrimSpace(c.Account)
	var f fieldErrors
	f.add(checkLen("name", c.Name, 1, MaxContactName))
	if c.Email != "" {
		f.add(checkEmail("email", c.Email))
	}
	f.add(checkLen("phone", c.Phone, 0, MaxContactPhone))
	f.add(checkLen("account", c.Account, 0, MaxContactAccount))
	return f.err()
}
