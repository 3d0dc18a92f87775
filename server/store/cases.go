package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Case priorities.
const (
	PriorityLow    = "Low"
	PriorityNormal = "Normal"
	PriorityHigh   = "High"
)

// Case statuses.
const (
	CaseActive   = "Active"
	CaseResolved = "Resolved"
)

// Case field limits, in characters.
const (
	MaxCaseTitle       = 200
	MaxCaseDescription = 4000
)

// Case is a customer issue tracked until it is resolved.
type Case struct {
	ID             int64
	Title          string
	Description    string // may be ""
	Priority       string // PriorityLow, PriorityNormal or PriorityHigh
	Status         string // CaseActive or CaseResolved
	ContactID      int64  // 0 = none
	OwnerID        int64  // 0 = none
	ConversationID int64  // 0 = none
	OwnerName      string // "" when no owner
	// WorkstreamID is the queue an offline form's case waits in [X3];
	// 0 for cases agents open.
	WorkstreamID   int64
	WorkstreamName string // "" when none
	// The contact's name and email as they are now, "" without a contact.
	ContactName, ContactEmail string
	// Version counts saves, starting at 1. UpdateCase takes the version the
	// editor started from, so a save over someone else's is refused.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

const caseSelect = `
SELECT c.id, c.title, c.description, c.priority, c.status, COALESCE(c.contact_id, 0),
	COALESCE(c.owner_id, 0), COALESCE(c.conversation_id, 0), COALESCE(a.name, ''),
	c.version, c.created_at, c.updated_at, COALESCE(c.workstream_id, 0), COALESCE(w.name, ''),
	COALESCE(k.name, ''), COALESCE(k.email, '')
FROM cases c LEFT JOIN agents a ON a.id = c.owner_id LEFT JOIN workstreams w ON w.id = c.workstream_id
	LEFT JOIN contacts k ON k.id = c.contact_id`

// CreateCase adds a case at version 1. Priority defaults to Normal and status
// to Active. Invalid fields, including an owner, contact or conversation that
// does not exist, are reported together: a *ValidationError for one,
// ValidationErrors for several.
func (s *Store) CreateCase(ctx context.Context, c Case) (Case, error) {
	if c.Priority == "" {
		c.Priority = PriorityNormal
	}
	if c.Status == "" {
		c.Status = CaseActive
	}
	var out Case
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkCase(ctx, tx, &c); err != nil {
			return err
		}
		now := s.nowMilli()
		var id int64
		err := tx.QueryRowContext(ctx,
			`INSERT INTO cases (title, description, priority, status, contact_id, owner_id, conversation_id, version, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			c.Title, c.Description, c.Priority, c.Status,
			nullID(c.ContactID), nullID(c.OwnerID), nullID(c.ConversationID), now, now).Scan(&id)
		if err != nil {
			return err
		}
		out, err = caseWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Case{}, fmt.Errorf("create case: %w", err)
	}
	return out, nil
}

// Case returns the case with the given id.
func (s *Store) Case(ctx context.Context, id int64) (Case, error) {
	c, err := caseWhere(ctx, s.reader, `c.id = ?`, id)
	if err != nil {
		return Case{}, fmt.Errorf("case %d: %w", id, err)
	}
	return c, nil
}

// UpdateCase saves every field of c over case c.ID. c.Version must be the
// version the edit started from: when the case has been saved since, nothing
// is stored and the error wraps ErrStale. A save bumps the version and
// UpdatedAt.
func (s *Store) UpdateCase(ctx context.Context, c Case) (Case, error) {
	var out Case
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var current int64
		err := tx.QueryRowContext(ctx, `SELECT version FROM cases WHERE id = ?`, c.ID).Scan(&current)
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
		if err := checkCase(ctx, tx, &c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE cases SET title = ?, description = ?, priority = ?, status = ?, contact_id = ?, owner_id = ?,
				conversation_id = ?, version = version + 1, updated_at = ?
			 WHERE id = ?`,
			c.Title, c.Description, c.Priority, c.Status, nullID(c.ContactID), nullID(c.OwnerID),
			nullID(c.ConversationID), s.nowMilli(), c.ID); err != nil {
			return err
		}
		out, err = caseWhere(ctx, tx, `c.id = ?`, c.ID)
		return err
	})
	if err != nil {
		return Case{}, fmt.Errorf("update case %d: %w", c.ID, err)
	}
	return out, nil
}

// CasesByOwner lists an agent's cases, most recently updated first. status
// is CaseActive, CaseResolved, or "" for both.
func (s *Store) CasesByOwner(ctx context.Context, ownerID int64, status string) ([]Case, error) {
	query := caseSelect + ` WHERE c.owner_id = ?`
	args := []any{ownerID}
	if status != "" {
		if err := checkCaseStatus(status); err != nil {
			return nil, err
		}
		query += ` AND c.status = ?`
		args = append(args, status)
	}
	rows, err := s.reader.QueryContext(ctx, query+` ORDER BY c.updated_at DESC, c.id DESC`, args...)
	return collect(rows, err, "cases by owner", scanCase)
}

// CaseCount returns how many cases there are.
func (s *Store) CaseCount(ctx context.Context) (int, error) {
	var n int
	if err := s.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&n); err != nil {
		return 0, fmt.Errorf("case count: %w", err)
	}
	return n, nil
}

// checkCase trims c's text and validates every field, looking the linked
// records up in q so they cannot vanish before the write that follows.
func checkCase(ctx context.Context, q querier, c *Case) error {
	c.Title = strings.TrimSpace(c.Title)
	c.Description = strings.TrimSpace(c.Description)
	var f fieldErrors
	f.add(checkLen("title", c.Title, 1, MaxCaseTitle))
	f.add(checkLen("description", c.Description, 0, MaxCaseDescription))
	switch c.Priority {
	case PriorityLow, PriorityNormal, PriorityHigh:
	default:
		f.add(invalid("priority", wire.ReasonChoice))
	}
	f.add(checkCaseStatus(c.Status))
	for _, ref := range []struct {
		field, table string
		id           int64
	}{
		{"owner", "agents", c.OwnerID},
		{"contact", "contacts", c.ContactID},
		{"conversation", "conversations", c.ConversationID},
	} {
		if ref.id == 0 {
			continue
		}
		var exists bool
		if err := q.QueryRowContext(ctx,
			`SELECT EXISTS(SELECT 1 FROM `+ref.table+` WHERE id = ?)`, ref.id).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			f.add(invalid(ref.field, wire.ReasonMissing))
		}
	}
	return f.err()
}

func checkCaseStatus(status string) error {
	if status != CaseActive && status != CaseResolved {
		return invalid("status", wire.ReasonChoice)
	}
	return nil
}

func caseWhere(ctx context.Context, q querier, where string, arg any) (Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, caseSelect+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, ErrNotFound
	}
	return c, err
}

func scanCase(row scanner) (Case, error) {
	var c Case
	err := row.Scan(&c.ID, &c.Title, &c.Description, &c.Priority, &c.Status, &c.ContactID,
		&c.OwnerID, &c.ConversationID, &c.OwnerName, &c.Version, (*milli)(&c.CreatedAt), (*milli)(&c.UpdatedAt),
		&c.WorkstreamID, &c.WorkstreamName, &c.ContactName, &c.ContactEmail)
	return c, err
}

// nullID stores an unset (zero) reference as NULL, which foreign keys allow.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
