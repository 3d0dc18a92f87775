package sms

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/metrics"
	"github.com/switchboard-cx/switchboard/server/store"
)

// systemName signs the transcript notes of failed deliveries, as routing
// signs its own.
const systemName = "Switchboard"

// attempt tries one delivery and records the outcome: delivered, due again
// later, or failed with a note in the transcript for the agent.
func (g *Gateway) attempt(ctx context.Context, d store.SMSDelivery) {
	if d.URL == "" {
		metrics.SMS.WithLabelValues("failed").Inc()
		g.fail(ctx, d, wire.NoteSMSNoURL, d.To)
		return
	}
	err := g.send(ctx, d)
	stopping := ctx.Err() != nil
	// The outcome is saved even while stopping: an SMS the provider took
	// must be marked delivered, or the next run would send it again.
	ctx = context.WithoutCancel(ctx)
	if err != nil && stopping {
		// Cut short by the stop: this attempt does not count, and the
		// next run makes it again at once.
		d.NextAttemptAt = g.Now()
		g.save(ctx, d)
		return
	}
	d.Attempts++
	if err == nil {
		metrics.SMS.WithLabelValues("delivered").Inc()
		d.State, d.LastError = store.SMSDelivered, ""
		g.save(ctx, d)
		return
	}
	d.LastError = err.Error()
	if d.Attempts >= g.Retry.Attempts {
		metrics.SMS.WithLabelValues("failed").Inc()
		g.fail(ctx, d, wire.NoteSMSFailed, strconv.Itoa(d.Attempts), d.To, d.LastError)
		return
	}
	metrics.SMS.WithLabelValues("retry").Inc()
	d.NextAttemptAt = g.Now().Add(g.Retry.Delay(d.Attempts))
	g.save(ctx, d)
}

// send POSTs the reply as a form, as providers' APIs take it, with the
// workstream's secret so the receiver knows it is us.
func (g *Gateway) send(ctx context.Context, d store.SMSDelivery) error {
	ctx, cancel := context.WithTimeout(ctx, g.Timeout)
	defer cancel()
	form := url.Values{"To": {d.To}, "From": {d.From}, "Body": {d.Body}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("the outbound URL is not valid")
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(SecretHeader, d.Secret)
	res, err := g.Client.Do(req)
	if err != nil {
		var uerr *url.Error
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			return fmt.Errorf("the receiver did not answer within %s", g.Timeout)
		case errors.As(err, &uerr):
			// Its own words only: the URL may hold credentials.
			return fmt.Errorf("the receiver could not be reached (%v)", uerr.Err)
		}
		return fmt.Errorf("the receiver could not be reached (%v)", err)
	}
	defer res.Body.Close()
	// Read a little so the connection can be reused; the answer says nothing.
	io.Copy(io.Discard, io.LimitReader(res.Body, 4<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("the receiver answered %s", res.Status)
	}
	return nil
}

// fail gives up on a delivery: the agent reads why in the transcript.
func (g *Gateway) fail(ctx context.Context, d store.SMSDelivery, code string, args ...string) {
	g.log.Warn("sms not delivered", "conversation", d.ConversationID, "seq", d.Seq, "attempts", d.Attempts, "err", d.LastError)
	// The key makes the note once only, should the delivery be tried
	// again after a crash before it is saved as failed.
	if _, err := g.relay.Post(ctx, store.Message{
		ConversationID: d.ConversationID,
		Sender:         wire.SenderSystem,
		SenderName:     systemName,
		Code:           code,
		Args:           args,
		Key:            fmt.Sprintf("sms-failed-%d", d.Seq),
	}); err != nil {
		g.log.Error("sms failure note", "conversation", d.ConversationID, "err", err)
	}
	d.State = store.SMSFailed
	g.save(ctx, d)
}

func (g *Gateway) save(ctx context.Context, d store.SMSDelivery) {
	if err := g.store.SaveSMSDelivery(ctx, d); err != nil {
		g.log.Error("sms delivery not saved", "conversation", d.ConversationID, "seq", d.Seq, "err", err)
	}
}
