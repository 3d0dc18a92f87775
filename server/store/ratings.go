package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// MaxRatingComment bounds a rating's comment, in characters.
const MaxRatingComment = 1000

// ErrNotEnded refuses a rating of a conversation the agent has not ended.
var ErrNotEnded = errors.New("conversation has not ended")

// ErrSurveyOff refuses a rating in a workstream that asks for none.
var ErrSurveyOff = errors.New("the workstream asks for no rating")

// RateConversation stores the customer's rating of a conversation after
// End [X2]: 1 to 5 stars and an optional comment, once. A second rating is
// ErrDuplicate, whatever it says, so a customer cannot change the figure
// reports count. It answers the conversation with its rating.
func (s *Store) RateConversation(ctx context.Context, id int64, stars int, comment string) (Conversation, error) {
	comment = strings.TrimSpace(comment)
	if stars < 1 || stars > 5 {
		return Conversation{}, outOfRange("stars", 1, 5)
	}
	if err := checkLen("comment", comment, 0, MaxRatingComment); err != nil {
		return Conversation{}, err
	}
	var c Conversation
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := conversationWhere(ctx, tx, `c.id = ?`, id)
		if err != nil {
			return err
		}
		switch {
		case cur.SurveyOff:
			return ErrSurveyOff
		case cur.Rating != 0:
			return ErrDuplicate
		case cur.Status != StatusWrapUp && cur.Status != StatusClosed:
			return ErrNotEnded
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO ratings (conversation_id, stars, comment, created_at) VALUES (?, ?, ?, ?)`,
			id, stars, comment, s.nowMilli())
		if isPrimaryKeyViolation(err) || isUniqueViolation(err) {
			return ErrDuplicate // a second window rated it a moment ago
		}
		if err != nil {
			return err
		}
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("rate conversation %d: %w", id, err)
	}
	return c, nil
}
