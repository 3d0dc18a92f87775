package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestScan(t *testing.T) {
	in := `goos: linux
BenchmarkRelay-2   	       1	         3.26 ms-p50	       192.2 ms-p99	      7194 bare-msgs/s-max
BenchmarkHistoryLoad-2        	       1	        77.83 ms-max	        32.80 ms-median
PASS
`
	var out bytes.Buffer
	m, failed, err := scan(strings.NewReader(in), &out)
	require.NoError(t, err)
	require.False(t, failed)
	require.Equal(t, in, out.String(), "the output passes through")
	require.Equal(t, map[string]float64{
		"Relay/ms-p50": 3.26, "Relay/ms-p99": 192.2, "Relay/bare-msgs/s-max": 7194,
		"HistoryLoad/ms-max": 77.83, "HistoryLoad/ms-median": 32.80,
	}, m)

	_, failed, err = scan(strings.NewReader("--- FAIL: BenchmarkRelay\nFAIL\n"), &out)
	require.NoError(t, err)
	require.True(t, failed)
}

func TestPrintMarksTargets(t *testing.T) {
	var out bytes.Buffer
	missing := print(&out, map[string]float64{"Relay/ms-p99": 30, "Relay/bare-ms-p99": 10, "BundleSize/MB-br": 1.7})
	require.Equal(t, len(rows)-2, missing)
	require.Regexp(t, `relay customer → agent, p99 \(ms\)\s+30\.0\s+≤25\.0\s+10\.0\s+no`, out.String())
	require.Regexp(t, `app.wasm served with brotli \(MB\)\s+1\.70\s+≤2\.00\s+1\.41\s+yes`, out.String())
}
