package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Bounds of an agent's saved workspace [S13]: generous for twenty sessions
// of ten tabs with long drafts, small enough that no agent fills the disk.
const (
	MaxWorkspaceParts     = 500
	MaxWorkspacePartName  = 200
	MaxWorkspacePartValue = 256 << 10 // bytes
)

// WorkspacePart is one independently saved piece of an agent's workspace:
// the layout, one session's draft, one form's edits. Version counts its
// saves; a change names the version it was made from.
type WorkspacePart struct {
	Value   string
	Version int64
}

// WorkspaceChange changes one part. Base is the version the change was made
// from (0: the part did not exist); Delete removes it.
type WorkspaceChange struct {
	Part   string
	Value  string
	Delete bool
	Base   int64
}

// WorkspaceParts returns an agent's saved workspace, by part.
func (s *Store) WorkspaceParts(ctx context.Context, agentID int64) (map[string]WorkspacePart, error) {
	rows, err := s.reader.QueryContext(ctx,
		`SELECT part, value, version FROM workspace_parts WHERE agent_id = ?`, agentID)
	if err != nil {
		return nil, fmt.Errorf("workspace of agent %d: %w", agentID, err)
	}
	defer rows.Close()
	out := map[string]WorkspacePart{}
	for rows.Next() {
		var name string
		var p WorkspacePart
		if err := rows.Scan(&name, &p.Value, &p.Version); err != nil {
			return nil, fmt.Errorf("workspace of agent %d: %w", agentID, err)
		}
		out[name] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("workspace of agent %d: %w", agentID, err)
	}
	return out, nil
}

// ChangeWorkspace applies each change whose base is still the part's
// version, in one transaction. The rule between two windows: a change made
// from an older version than the stored one is not applied, and the answer
// gives the part as stored instead (conflicts), for the window to merge its
// edit into and send again. So no window overwrites an edit it has not
// seen. applied gives each applied part's new version (0 for a deletion).
func (s *Store) ChangeWorkspace(ctx context.Context, agentID int64, changes []WorkspaceChange) (
	applied map[string]int64, conflicts map[string]WorkspacePart, err error) {
	if err := checkWorkspaceChanges(changes); err != nil {
		return nil, nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		applied, conflicts = map[string]int64{}, map[string]WorkspacePart{}
		now := s.nowMilli()
		for _, c := range changes {
			var res sql.Result
			var err error
			switch {
			case c.Delete:
				res, err = tx.ExecContext(ctx,
					`DELETE FROM workspace_parts WHERE agent_id = ? AND part = ? AND version = ?`, agentID, c.Part, c.Base)
			case c.Base == 0:
				res, err = tx.ExecContext(ctx, `INSERT INTO workspace_parts (agent_id, part, value, version, updated_at)
					VALUES (?, ?, ?, 1, ?) ON CONFLICT (agent_id, part) DO NOTHING`, agentID, c.Part, c.Value, now)
			default:
				res, err = tx.ExecContext(ctx, `UPDATE workspace_parts SET value = ?, version = version + 1, updated_at = ?
					WHERE agent_id = ? AND part = ? AND version = ?`, c.Value, now, agentID, c.Part, c.Base)
			}
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			var cur WorkspacePart
			err = tx.QueryRowContext(ctx, `SELECT value, version FROM workspace_parts WHERE agent_id = ? AND part = ?`,
				agentID, c.Part).Scan(&cur.Value, &cur.Version)
			gone := errors.Is(err, sql.ErrNoRows)
			if err != nil && !gone {
				return err
			}
			switch {
			case n > 0 || (c.Delete && gone):
				applied[c.Part] = cur.Version // 0 once deleted
			case gone && c.Base != 0:
				// Deleted meanwhile (its session was closed in another
				// window): gone stays gone.
				conflicts[c.Part] = WorkspacePart{}
			default:
				conflicts[c.Part] = cur
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("change workspace of agent %d: %w", agentID, err)
	}
	return applied, conflicts, nil
}

func checkWorkspaceChanges(changes []WorkspaceChange) error {
	if len(changes) > MaxWorkspaceParts {
		return &ValidationError{Field: "parts", Reason: wire.ReasonTooLong, Max: MaxWorkspaceParts}
	}
	seen := make(map[string]bool, len(changes))
	for _, c := range changes {
		switch n := utf8.RuneCountInString(c.Part); {
		case n == 0:
			return invalid("part", wire.ReasonRequired)
		case n > MaxWorkspacePartName:
			return &ValidationError{Field: "part", Reason: wire.ReasonTooLong, Max: MaxWorkspacePartName}
		case seen[c.Part]:
			return invalid("part", wire.ReasonTaken)
		}
		seen[c.Part] = true
		if len(c.Value) > MaxWorkspacePartValue {
			return &ValidationError{Field: "value", Reason: wire.ReasonTooLong, Max: MaxWorkspacePartValue}
		}
		if !utf8.ValidString(c.Part) || !utf8.ValidString(c.Value) {
			return invalid("value", wire.ReasonFormat)
		}
		if c.Base < 0 {
			return outOfRange("base", 0, 1<<53)
		}
	}
	return nil
}
