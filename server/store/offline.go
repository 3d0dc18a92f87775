package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Offline form limits, in characters [X3].
const (
	MaxOfflineName     = MaxContactName
	MaxOfflineQuestion = MaxCaseDescription
	// offlineTitleRunes is how much of the question titles its case.
	offlineTitleRunes = 80
)

// OfflineRequest is what a customer leaves outside business hours [X3].
type OfflineRequest struct {
	Name, Email, Question string
}

// ErrTaken means another agent picked the case first.
var ErrTaken = errors.New("already picked by another agent")

// CreateOfflineCase files a customer's offline question as an unowned,
// active case in the workstream's queue, linked to the contact with that
// email address, created from the name when there is none (an existing
// contact is kept as agents have edited it). The question is the case's
// description, and its first line, shortened, its title. Every invalid
// field is reported.
func (s *Store) CreateOfflineCase(ctx context.Context, workstreamID int64, in OfflineRequest) (Case, error) {
	in.Name, in.Question = strings.TrimSpace(in.Name), strings.TrimSpace(in.Question)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	var f fieldErrors
	f.add(checkLen("name", in.Name, 1, MaxOfflineName))
	if in.Email == "" {
		f.add(invalid("email", wire.ReasonRequired))
	} else if err := checkEmail("email", in.Email); err != nil {
		f.add(err)
	} else if _, domain, _ := strings.Cut(in.Email, "@"); !strings.Contains(strings.Trim(domain, "."), ".") {
		// The answer goes by email over the internet: name@localhost or
		// name@example, valid addresses as such, would never reach them.
		f.add(invalid("email", wire.ReasonFormat))
	}
	f.add(checkLen("question", in.Question, 1, MaxOfflineQuestion))
	for field, v := range map[string]string{"name": in.Name, "question": in.Question} {
		if !utf8.ValidString(v) {
			f.add(invalid(field, wire.ReasonFormat))
		}
	}
	if err := f.err(); err != nil {
		return Case{}, err
	}
	var out Case
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.nowMilli()
		var contact int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE LOWER(email) = ? ORDER BY id LIMIT 1`, in.Email).Scan(&contact)
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.QueryRowContext(ctx,
				`INSERT INTO contacts (name, email, phone, account, version, created_at, updated_at)
				 VALUES (?, ?, '', '', 1, ?, ?) RETURNING id`, in.Name, in.Email, now, now).Scan(&contact)
		}
		if err != nil {
			return err
		}
		var id int64
		err = tx.QueryRowContext(ctx,
			`INSERT INTO cases (title, description, priority, status, contact_id, workstream_id, version, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			offlineTitle(in.Question), in.Question, PriorityNormal, CaseActive, contact, workstreamID, now, now).Scan(&id)
		if err != nil {
			return err
		}
		out, err = caseWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Case{}, fmt.Errorf("create offline case: %w", err)
	}
	return out, nil
}

// offlineTitle is the question's first line, cut at a word near
// offlineTitleRunes with an ellipsis.
func offlineTitle(question string) string {
	line, _, _ := strings.Cut(question, "\n")
	line = strings.TrimSpace(line)
	r := []rune(line)
	if len(r) <= offlineTitleRunes {
		return line
	}
	cut := string(r[:offlineTitleRunes])
	if i := strings.LastIndexByte(cut, ' '); i > offlineTitleRunes/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}

// UnassignedCases lists the active cases waiting in a workstream's queue
// with no owner yet, the oldest first: the Home stream Unassigned cases.
func (s *Store) UnassignedCases(ctx context.Context) ([]Case, error) {
	rows, err := s.reader.QueryContext(ctx, caseSelect+
		` WHERE c.status = 'Active' AND c.owner_id IS NULL AND c.workstream_id IS NOT NULL ORDER BY c.created_at, c.id`)
	return collect(rows, err, "unassigned cases", scanCase)
}

// PickCase makes the agent the owner of an unassigned case. A case that
// has an owner already is refused with ErrTaken, even when it is the
// agent's own, so two agents picking at once learn which one has it.
func (s *Store) PickCase(ctx context.Context, id, agentID int64) (Case, error) {
	var out Case
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE cases SET owner_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND owner_id IS NULL`,
			agentID, s.nowMilli(), id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		out, err = caseWhere(ctx, tx, `c.id = ?`, id)
		if err == nil && n == 0 {
			return ErrTaken
		}
		return err
	})
	if err != nil {
		return Case{}, fmt.Errorf("pick case %d: %w", id, err)
	}
	return out, nil
}
