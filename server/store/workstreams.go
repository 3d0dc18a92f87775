package store

import (
	"cmp"
	"math"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/hours"
	"github.com/switchboard-cx/switchboard/server/token"
)

// Workstream modes.
const (
	ModeLive       = "live"       // a chat that ends when the customer leaves
	ModePersistent = "persistent" // a chat the agent parks in waiting between replies [C6]
)

// Workstream is a queue of work of one channel, with its routing settings.
type Workstream struct {
	ID            int64
	Name          string
	Channel       string // e.g. "chat"
	Mode          string // ModeLive or ModePersistent
	CapacityUnits int
	OfferTimeout  time.Duration // how long an offered conversation waits for an agent to accept
	WaitingPeriod time.Duration // how long a waiting conversation stays before it is closed
	PreChat       bool          // ask the customer's name, email and question first [M1]
	// Secret signs the host site's tokens of authenticated chats [M2];
	// "" = none. UpdateWorkstream keeps the stored one when it is "".
	Secret string
	// OutboundURL is where an SMS workstream POSTs agents' replies [M4];
	// "" = none yet.
	OutboundURL string
	// SurveyOff stops asking customers for a rating after End [X2].
	SurveyOff bool
	// Hours are the business hours [X3]; unconfigured = always open.
	// Set only by SetBusinessHours, so UpdateWorkstream leaves them be.
	Hours hours.Schedule
	// OfflineMessage is what /chat shows outside the hours [X3].
	OfflineMessage string
}

// Channels of workstreams and their conversations: web chat [M1] and
// SMS [M4].
const (
	ChannelChat = "chat"
	ChannelSMS  = "sms"
)

// MaxOutboundURL bounds a workstream's outbound URL, in characters.
const MaxOutboundURL = 2000

// defaultWorkstream is what EnsureDefaultWorkstream creates.
var defaultWorkstream = Workstream{
	Name:          "Chat",
	Channel:       ChannelChat,
	Mode:          "live",
	CapacityUnits: 20,
	OfferTimeout:  120 * time.Second,
	WaitingPeriod: 28 * 24 * time.Hour,
}

const workstreamColumns = `id, name, channel, mode, capacity_units, offer_timeout_ms, waiting_period_ms, pre_chat, secret, outbound_url, survey_off,
	business_hours, offline_message`

// EnsureDefaultWorkstream returns the first chat workstream, creating the
// default one when there is none, so a fresh deployment can take chats.
func (s *Store) EnsureDefaultWorkstream(ctx context.Context) (Workstream, error) {
	var w Workstream
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		w, err = firstChatWorkstream(ctx, tx)
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		w, err = insertWorkstream(ctx, tx, defaultWorkstream)
		return err
	})
	if err != nil {
		return Workstream{}, fmt.Errorf("ensure default workstream: %w", err)
	}
	return w, nil
}

// DefaultChatWorkstream returns the chat workstream new chats start in,
// or ErrNotFound before there is one. Unlike EnsureDefaultWorkstream it
// never writes, so public pages can ask it on every load.
func (s *Store) DefaultChatWorkstream(ctx context.Context) (Workstream, error) {
	w, err := firstChatWorkstream(ctx, s.reader)
	if err != nil {
		return Workstream{}, fmt.Errorf("default chat workstream: %w", err)
	}
	return w, nil
}

// CreateWorkstream adds a workstream and returns it with its id.
func (s *Store) CreateWorkstream(ctx context.Context, w Workstream) (Workstream, error) {
	w, err := checkWorkstream(w)
	if err != nil {
		return Workstream{}, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if w, err = insertWorkstream(ctx, tx, w); err != nil {
			return err
		}
		return smsSecretFree(ctx, tx, w)
	})
	if err != nil {
		return Workstream{}, fmt.Errorf("create workstream: %w", err)
	}
	return w, nil
}

// smsSecretFree refuses a secret another SMS workstream has: the webhook
// tells SMS workstreams apart by their secret alone [M4].
func smsSecretFree(ctx context.Context, q querier, w Workstream) error {
	if w.Channel != "sms" || w.Secret == "" {
		return nil
	}
	var taken bool
	if err := q.QueryRowContext(ctx,
		`SELECT EXISTS(SELECT 1 FROM workstreams WHERE channel = 'sms' AND secret = ? AND id <> ?)`,
		w.Secret, w.ID).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return invalid("secret", wire.ReasonTaken)
	}
	return nil
}

// UpdateWorkstream saves every setting of an existing workstream.
func (s *Store) UpdateWorkstream(ctx context.Context, w Workstream) (Workstream, error) {
	w, err := checkWorkstream(w)
	if err != nil {
		return Workstream{}, err
	}
	// The secret is write-only for the admin page, which sends "" to keep it.
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx,
			`UPDATE workstreams SET name = ?, channel = ?, mode = ?, capacity_units = ?, offer_timeout_ms = ?, waiting_period_ms = ?,
				pre_chat = ?, secret = COALESCE(NULLIF(?, ''), secret), outbound_url = ?, survey_off = ?
			 WHERE id = ? RETURNING secret`,
			w.Name, w.Channel, w.Mode, w.CapacityUnits, w.OfferTimeout.Milliseconds(), w.WaitingPeriod.Milliseconds(),
			w.PreChat, w.Secret, w.OutboundURL, w.SurveyOff, w.ID).Scan(&w.Secret)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return smsSecretFree(ctx, tx, w)
	})
	if err != nil {
		return Workstream{}, fmt.Errorf("update workstream %d: %w", w.ID, err)
	}
	return w, nil
}

// Workstream returns the workstream with the given id.
func (s *Store) Workstream(ctx context.Context, id int64) (Workstream, error) {
	w, err := scanWorkstream(s.reader.QueryRowContext(ctx, `SELECT `+workstreamColumns+` FROM workstreams WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return Workstream{}, fmt.Errorf("workstream %d: %w", id, err)
	}
	return w, nil
}

func checkWorkstream(w Workstream) (Workstream, error) {
	w.Name = strings.TrimSpace(w.Name)
	w.Channel = strings.TrimSpace(w.Channel)
	w.Mode = strings.TrimSpace(w.Mode)
	if err := checkLen("name", w.Name, 1, 100); err != nil {
		return Workstream{}, err
	}
	if err := checkLen("channel", w.Channel, 1, 50); err != nil {
		return Workstream{}, err
	}
	if err := checkLen("mode", w.Mode, 1, 50); err != nil {
		return Workstream{}, err
	}
	if w.CapacityUnits < 1 {
		return Workstream{}, outOfRange("capacity_units", 1, math.MaxInt32)
	}
	if w.OfferTimeout < 0 {
		return Workstream{}, outOfRange("offer_timeout", 0, math.MaxInt32)
	}
	if w.WaitingPeriod < 0 {
		return Workstream{}, outOfRange("waiting_period", 0, math.MaxInt32)
	}
	if w.Secret != "" {
		if err := token.CheckSecret(w.Secret); err != nil {
			return Workstream{}, &ValidationError{Field: "secret", Reason: wire.ReasonFormat, Min: token.MinSecretLen, Max: token.MaxSecretLen}
		}
	}
	w.OutboundURL = strings.TrimSpace(w.OutboundURL)
	if err := checkLen("outbound_url", w.OutboundURL, 0, MaxOutboundURL); err != nil {
		return Workstream{}, err
	}
	if w.OutboundURL != "" {
		if u, err := url.Parse(w.OutboundURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Workstream{}, invalid("outbound_url", wire.ReasonFormat)
		}
	}
	return w, nil
}

// Workstreams lists all workstreams by id.
func (s *Store) Workstreams(ctx context.Context) ([]Workstream, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+workstreamColumns+` FROM workstreams ORDER BY id`)
	return collect(rows, err, "workstreams", scanWorkstream)
}

func firstChatWorkstream(ctx context.Context, q querier) (Workstream, error) {
	w, err := scanWorkstream(q.QueryRowContext(ctx,
		`SELECT `+workstreamColumns+` FROM workstreams WHERE channel = 'chat' ORDER BY id LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return Workstream{}, ErrNotFound
	}
	return w, err
}

func insertWorkstream(ctx context.Context, q querier, w Workstream) (Workstream, error) {
	err := q.QueryRowContext(ctx,
		`INSERT INTO workstreams (name, channel, mode, capacity_units, offer_timeout_ms, waiting_period_ms, pre_chat, secret, outbound_url, survey_off)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		w.Name, w.Channel, w.Mode, w.CapacityUnits, w.OfferTimeout.Milliseconds(), w.WaitingPeriod.Milliseconds(), w.PreChat,
		w.Secret, w.OutboundURL, w.SurveyOff).
		Scan(&w.ID)
	return w, err
}

func scanWorkstream(row scanner) (Workstream, error) {
	var w Workstream
	var offerMS, waitMS int64
	var schedule string
	err := row.Scan(&w.ID, &w.Name, &w.Channel, &w.Mode, &w.CapacityUnits, &offerMS, &waitMS, &w.PreChat, &w.Secret, &w.OutboundURL, &w.SurveyOff,
		&schedule, &w.OfflineMessage)
	// A stored zone this binary does not know (older tzdata) leaves the
	// workstream always open rather than failing every read of it; the
	// admin page shows the zone, and saving asks for a valid one.
	w.Hours, _ = hours.Decode(schedule)
	w.OfferTimeout = time.Duration(offerMS) * time.Millisecond
	w.WaitingPeriod = time.Duration(waitMS) * time.Millisecond
	return w, err
}

// MaxOfflineMessage bounds a workstream's offline message, in characters.
const MaxOfflineMessage = 1000

// SetBusinessHours saves a workstream's business hours, checked by
// hours.Parse, and its offline message [X3].
func (s *Store) SetBusinessHours(ctx context.Context, id int64, schedule hours.Schedule, message string) (Workstream, error) {
	message = strings.TrimSpace(message)
	if err := checkLen("offline_message", message, 0, MaxOfflineMessage); err != nil {
		return Workstream{}, err
	}
	var w Workstream
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE workstreams SET business_hours = ?, offline_message = ? WHERE id = ?`,
			hours.Encode(schedule), message, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, ErrNotFound)
		}
		w, err = scanWorkstream(tx.QueryRowContext(ctx, `SELECT `+workstreamColumns+` FROM workstreams WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return Workstream{}, fmt.Errorf("set business hours of workstream %d: %w", id, err)
	}
	return w, nil
}
