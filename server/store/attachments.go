package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// File is one file of a message [X1]. An upload has its bytes in Data (an
// image as re-encoded, without its metadata) and, for an image, a
// thumbnail; an inbound MMS's media stay at the provider, at URL.
type File struct {
	ID             int64
	ConversationID int64
	Seq            int64
	Name           string
	Type           string // the content type, decided by sniffing
	Size           int64  // of Data
	Width, Height  int    // images only
	Data           []byte // loaded by FileData only
	Thumb          []byte // loaded by FileThumb only
	ThumbType      string
	URL            string
	CreatedAt      time.Time
}

// ErrFilesBySMS refuses an agent's file in an SMS conversation: replies
// go out as text, so the customer would never get it.
var ErrFilesBySMS = errors.New("files cannot be sent by SMS")

// MaxFileName bounds a file's name, in characters.
const MaxFileName = 200

// MaxFilesPerMessage bounds the files of one message: an MMS carries at
// most ten media.
const MaxFilesPerMessage = 10

// fileColumns are a file's metadata: what a transcript shows.
const fileColumns = `id, conversation_id, seq, name, content_type, size, width, height, thumb_type, url, created_at`

func scanFile(row scanner) (File, error) {
	var f File
	err := row.Scan(&f.ID, &f.ConversationID, &f.Seq, &f.Name, &f.Type, &f.Size, &f.Width, &f.Height,
		&f.ThumbType, &f.URL, (*milli)(&f.CreatedAt))
	return f, err
}

func validateFiles(files []File) error {
	if len(files) > MaxFilesPerMessage {
		return &ValidationError{Field: "files", Reason: "too_many", Max: MaxFilesPerMessage}
	}
	for _, f := range files {
		minName := 1 // an MMS's media come without names
		if f.URL != "" {
			minName = 0
		}
		if err := checkLen("file_name", strings.TrimSpace(f.Name), minName, MaxFileName); err != nil {
			return err
		}
		if f.Type == "" {
			return invalid("file_type", "required")
		}
		if (len(f.Data) == 0) == (f.URL == "") {
			return invalid("file_data", "required") // bytes or a link, one of them
		}
	}
	return nil
}

// insertFiles stores the files of message (conversation, seq) in its
// append's transaction: a file is stored exactly when its message is.
func insertFiles(ctx context.Context, tx *sql.Tx, conversation, seq, now int64, files []File) ([]File, error) {
	out := make([]File, len(files))
	for i, f := range files {
		data := f.Data
		if data == nil {
			data = []byte{} // NOT NULL: a link has no bytes
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO attachments
	(conversation_id, seq, idx, name, content_type, size, width, height, data, thumb, thumb_type, url, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			conversation, seq, i, strings.TrimSpace(f.Name), f.Type, len(data), f.Width, f.Height, data, f.Thumb, f.ThumbType, f.URL, now).Scan(&f.ID)
		if err != nil {
			return nil, fmt.Errorf("insert file: %w", err)
		}
		f.ConversationID, f.Seq, f.Size, f.CreatedAt = conversation, seq, int64(len(data)), fromMilli(now)
		f.Name = strings.TrimSpace(f.Name)
		f.Data, f.Thumb = nil, nil
		out[i] = f
	}
	return out, nil
}

// filesAfter returns the files of a conversation's messages after seq
// (through last, if last > 0), by seq.
func filesAfter(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, conversation, since, last int64) (map[int64][]File, error) {
	if last <= 0 {
		last = 1 << 62
	}
	rows, err := q.QueryContext(ctx, `SELECT `+fileColumns+` FROM attachments
	WHERE conversation_id = ? AND seq > ? AND seq <= ? ORDER BY seq, idx`, conversation, since, last)
	list, err := collect(rows, err, "files", scanFile)
	if err != nil {
		return nil, err
	}
	out := map[int64][]File{}
	for _, f := range list {
		out[f.Seq] = append(out[f.Seq], f)
	}
	return out, nil
}

// File returns a file's metadata, so the caller can check who may read it
// before its bytes are loaded.
func (s *Store) File(ctx context.Context, id int64) (File, error) {
	f, err := scanFile(s.reader.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM attachments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, fmt.Errorf("file %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return File{}, fmt.Errorf("file %d: %w", id, err)
	}
	return f, nil
}

// FileData returns a file with its bytes.
func (s *Store) FileData(ctx context.Context, id int64) (File, error) {
	return s.fileWith(ctx, id, "data", func(f *File) *[]byte { return &f.Data })
}

// FileThumb returns a file with its thumbnail, nil if it has none.
func (s *Store) FileThumb(ctx context.Context, id int64) (File, error) {
	return s.fileWith(ctx, id, "thumb", func(f *File) *[]byte { return &f.Thumb })
}

func (s *Store) fileWith(ctx context.Context, id int64, column string, into func(*File) *[]byte) (File, error) {
	var f File
	var b []byte
	err := s.reader.QueryRowContext(ctx, `SELECT `+fileColumns+`, `+column+` FROM attachments WHERE id = ?`, id).Scan(
		&f.ID, &f.ConversationID, &f.Seq, &f.Name, &f.Type, &f.Size, &f.Width, &f.Height,
		&f.ThumbType, &f.URL, (*milli)(&f.CreatedAt), &b)
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, fmt.Errorf("file %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return File{}, fmt.Errorf("file %d: %w", id, err)
	}
	*into(&f) = b
	return f, nil
}

// MessageByKey returns the message a sender already stored with an
// idempotency key, ErrNotFound if none: an upload retried after a cut is
// answered without reading its body again.
func (s *Store) MessageByKey(ctx context.Context, conversation int64, sender, key string) (Message, error) {
	m, err := scanMessage(s.reader.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE conversation_id = ? AND sender = ? AND key = ?`,
		conversation, sender, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, fmt.Errorf("message %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return Message{}, fmt.Errorf("message by key: %w", err)
	}
	files, err := filesAfter(ctx, s.reader, conversation, m.Seq-1, m.Seq)
	if err != nil {
		return Message{}, err
	}
	m.Files = files[m.Seq]
	return m, nil
}
