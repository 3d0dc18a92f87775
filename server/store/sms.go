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

// SMS delivery states [M4].
const (
	SMSPending   = "pending"   // waiting for its next attempt, or in one
	SMSDelivered = "delivered" // the receiver answered 2xx
	SMSFailed    = "failed"    // given up; the transcript says why
)

// SMSConversation returns the conversation an SMS from one number to a
// workstream belongs in [M4]: the sender's latest one still going (not
// ended, which takes no more customer messages, nor closed), or a new one. A new one is linked to the first contact with that phone
// number, written with any spaces, dashes, dots or brackets, and titled with
// its name; without one it is titled with the number as given. to, the
// number the customer wrote to, is kept as the sender of the replies.
func (s *Store) SMSConversation(ctx context.Context, workstreamID int64, from, to string) (c Conversation, created bool, err error) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if err := checkLen("address", from, 1, MaxContactPhone); err != nil {
		return Conversation{}, false, err
	}
	if err := checkLen("service_address", to, 0, MaxContactPhone); err != nil {
		return Conversation{}, false, err
	}
	token, err := newToken()
	if err != nil {
		return Conversation{}, false, fmt.Errorf("sms conversation: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx,
			`SELECT id FROM conversations WHERE workstream_id = ? AND address = ? AND status NOT IN ('wrap-up', 'closed')
			 ORDER BY created_at DESC, id DESC LIMIT 1`, workstreamID, from).Scan(&id)
		switch {
		case err == nil:
			// Replies go from the number the customer last wrote to.
			if _, err := tx.ExecContext(ctx,
				`UPDATE conversations SET service_address = ? WHERE id = ? AND service_address <> ?`, to, id, to); err != nil {
				return err
			}
			c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
			return err
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		n := newConversation{token: token, workstreamID: workstreamID, title: from}
		err = tx.QueryRowContext(ctx,
			`SELECT id, name FROM contacts
			 WHERE phone <> '' AND `+phoneDigits("phone")+` = ? ORDER BY id LIMIT 1`,
			normalizePhone(from)).Scan(&n.contactID, &n.title)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if c, err = s.insertConversation(ctx, tx, n); err != nil {
			return err
		}
		created = true
		_, err = tx.ExecContext(ctx, `UPDATE conversations SET address = ?, service_address = ? WHERE id = ?`, from, to, c.ID)
		return err
	})
	if err != nil {
		return Conversation{}, false, fmt.Errorf("sms conversation: %w", err)
	}
	return c, created, nil
}

// phoneSeparators are what people write inside phone numbers; comparing
// numbers without them matches "+1 425-555 0101" to "+14255550101".
var phoneSeparators = []string{" ", "-", ".", "(", ")"}

// phoneDigits is the SQL for column without phoneSeparators.
func phoneDigits(column string) string {
	expr := column
	for _, sep := range phoneSeparators {
		expr = "replace(" + expr + ", '" + sep + "', '')"
	}
	return expr
}

func normalizePhone(p string) string {
	for _, sep := range phoneSeparators {
		p = strings.ReplaceAll(p, sep, "")
	}
	return p
}

// SMSDelivery is an agent's reply in an SMS conversation on its way to the
// customer [M4].
type SMSDelivery struct {
	ConversationID int64
	Seq            int64 // the message's
	State          string
	Attempts       int       // made so far
	NextAttemptAt  time.Time // when a pending one is due
	LastError      string

	// What to send, and where: read with the delivery, never saved by it.
	To, From, Body string // the customer's number, ours, the text
	URL, Secret    string // the workstream's outbound URL and secret
}

// headOfLine keeps each conversation's replies in order: a delivery waits
// for the earlier pending ones of its conversation.
const headOfLine = `d.state = 'pending' AND NOT EXISTS (
	SELECT 1 FROM sms_deliveries e WHERE e.conversation_id = d.conversation_id AND e.state = 'pending' AND e.seq < d.seq)`

// ClaimSMS returns up to limit deliveries due at now and leases them until
// now+lease, so they are not claimed again while an attempt runs, and a
// crash in one leaves them due again when the lease is over.
func (s *Store) ClaimSMS(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]SMSDelivery, error) {
	var list []SMSDelivery
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT d.conversation_id, d.seq, d.state, d.attempts, d.next_attempt_at, d.last_error,
				c.address, c.service_address, m.body, w.outbound_url, w.secret
			 FROM sms_deliveries d
			 JOIN conversations c ON c.id = d.conversation_id
			 JOIN workstreams w ON w.id = c.workstream_id
			 JOIN messages m ON m.conversation_id = d.conversation_id AND m.seq = d.seq
			 WHERE `+headOfLine+` AND d.next_attempt_at <= ?
			 ORDER BY d.next_attempt_at, d.conversation_id, d.seq LIMIT ?`, now.UnixMilli(), limit)
		if list, err = collect(rows, err, "due sms", scanSMSDelivery); err != nil {
			return err
		}
		until := now.Add(lease).UnixMilli()
		for _, d := range list {
			if _, err := tx.ExecContext(ctx,
				`UPDATE sms_deliveries SET next_attempt_at = ? WHERE conversation_id = ? AND seq = ?`,
				until, d.ConversationID, d.Seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim sms: %w", err)
	}
	return list, nil
}

func scanSMSDelivery(row scanner) (SMSDelivery, error) {
	var d SMSDelivery
	err := row.Scan(&d.ConversationID, &d.Seq, &d.State, &d.Attempts, (*milli)(&d.NextAttemptAt), &d.LastError,
		&d.To, &d.From, &d.Body, &d.URL, &d.Secret)
	return d, err
}

// NextSMSAttempt says when the next delivery that ClaimSMS would return is
// due; ok is false when none is pending.
func (s *Store) NextSMSAttempt(ctx context.Context) (at time.Time, ok bool, err error) {
	var next sql.NullInt64
	err = s.reader.QueryRowContext(ctx,
		`SELECT MIN(d.next_attempt_at) FROM sms_deliveries d WHERE `+headOfLine).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next sms attempt: %w", err)
	}
	return fromMilli(next.Int64), next.Valid, nil
}

// SaveSMSDelivery records the outcome of an attempt: d's state, attempts,
// next attempt and last error.
func (s *Store) SaveSMSDelivery(ctx context.Context, d SMSDelivery) error {
	switch d.State {
	case SMSPending, SMSDelivered, SMSFailed:
	default:
		return invalid("state", wire.ReasonChoice)
	}
	res, err := s.writer.ExecContext(ctx,
		`UPDATE sms_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?
		 WHERE conversation_id = ? AND seq = ?`,
		d.State, d.Attempts, d.NextAttemptAt.UnixMilli(), d.LastError, s.nowMilli(), d.ConversationID, d.Seq)
	if err != nil {
		return fmt.Errorf("save sms %d/%d: %w", d.ConversationID, d.Seq, err)
	}
	return requireRow(res, fmt.Sprintf("save sms %d/%d", d.ConversationID, d.Seq))
}
