package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/report"
)

// The report of today and its CSV; a bad range or grouping is refused
// with what to do [T5; bad input].
func TestReports(t *testing.T) {
	e := newEnv(t)
	ada, _ := e.admin()
	e.startChat()
	e.startChat()

	rep := answer[wire.Report](t, e.do(ada, "GET", "/api/reports", ""), http.StatusOK)
	require.Equal(t, wire.ByWorkstream, rep.GroupBy)
	require.Equal(t, 2, rep.Total.Conversations)
	require.Len(t, rep.Hours, 24)

	res := e.do(ada, "GET", "/api/reports/conversations.csv", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/csv; charset=utf-8", res.Header.Get("Content-Type"))
	require.Contains(t, res.Header.Get("Content-Disposition"), "attachment")
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	require.Equal(t, report.CSVHeader, rows[0])

	for _, q := range []string{"?from=yesterday", "?from=2026-03-02&to=2026-03-01", "?group=moon", "?from=2020-01-01&to=2026-01-01"} {
		res := e.do(ada, "GET", "/api/reports"+q, "")
		res.Body.Close()
		require.Equal(t, http.StatusBadRequest, res.StatusCode, q)
	}
}
