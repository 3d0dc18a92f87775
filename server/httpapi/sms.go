package httpapi

import (
	"errors"
	"math"
	"net/http"
	"strconv"

	"github.com/switchboard-cx/switchboard/server/lockout"
	"github.com/switchboard-cx/switchboard/server/sms"
)

// smsWebhook takes an SMS from the provider [M4]. It is not cookie-
// authenticated, so the CSRF check lets it through: providers send neither
// Origin nor Sec-Fetch-Site. The workstream's secret authenticates it
// instead, and nothing is read or stored without it. Success is 204 with no
// body, which providers take as "received, no reply": agents answer later.
func (s *Server) smsWebhook(w http.ResponseWriter, r *http.Request) {
	if s.SMS == nil {
		problem(w, http.StatusNotFound, "error.sms.off")
		return
	}
	secret := sms.SecretOf(r)
	if secret == "" {
		w.Header().Set("WWW-Authenticate", `Basic realm="Switchboard SMS"`)
		problem(w, http.StatusUnauthorized,
			"Missing secret: give the SMS workstream's secret as the Basic-auth password or in the "+sms.SecretHeader+" header.")
		return
	}
	client := s.clientAddress(r)
	if why, retry := s.WebhookGuesses.Attempt(client, client); why != lockout.Allowed {
		s.log.Warn("sms webhook refused: too many wrong secrets", "client", client)
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(retry.Seconds())))))
		problem(w, http.StatusTooManyRequests, "error.sms.secrets")
		return
	}
	ws, err := s.SMS.Workstream(r.Context(), secret)
	if errors.Is(err, sms.ErrUnknownSecret) {
		s.WebhookGuesses.Failed(client)
		s.log.Info("sms webhook refused: unknown secret", "remote", r.RemoteAddr)
		w.Header().Set("WWW-Authenticate", `Basic realm="Switchboard SMS"`)
		problem(w, http.StatusUnauthorized, "error.sms.secret")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body, ok := readBody(w, r, sms.MaxRequestBytes)
	if !ok {
		return
	}
	in, err := sms.Parse(r.Header.Get("Content-Type"), body)
	if err != nil {
		problem(w, http.StatusBadRequest, err.Error())
		return
	}
	if _, err := s.SMS.Receive(r.Context(), ws, in); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
