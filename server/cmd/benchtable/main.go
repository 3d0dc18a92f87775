// Command benchtable passes the output of `go test -bench` through and then
// prints one table of the figures that matter, each beside its target and
// its baseline [issue 8]. make bench pipes the benchmarks into it. It exits
// non-zero when a benchmark failed or a figure is missing, so the pipe does
// not hide a failure.
package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// row is one line of the table. value and baseline name a benchmark's
// metric as "Benchmark/unit"; target is met when the value is on the right
// side of it (atMost: the value must not exceed it).
type row struct {
	metric   string
	value    string
	target   float64 // NaN: none
	atMost   bool
	baseline string  // a metric measured in the same run, or ""
	base     float64 // else a baseline stated in the issue (NaN: none)
}

var none = math.NaN()

var rows = []row{
	{"app.wasm served with brotli (MB)", "BundleSize/MB-br", 2.0, true, "", 1.41},
	{"app.wasm raw (MB)", "BundleSize/MB-raw", 9.0, true, "", none},
	{"app.wasm gzip (MB)", "BundleSize/MB-gz", none, true, "", none},
	{"cold load to data-ready, median (ms)", "ColdLoad/ms-median", 600, true, "ColdLoad/ms-dcl-median", none},
	{"warm load to data-ready, median (ms)", "WarmLoad/ms-median", 300, true, "WarmLoad/ms-dcl-median", none},
	{"session switch, click → frame, p50 (ms)", "SessionSwitching/ms-switch-p50", 16, true, "", none},
	{"session switch, click → frame, p95 (ms)", "SessionSwitching/ms-switch-p95", 16, true, "", none},
	{"new message, arrival → frame, p50 (ms)", "SessionSwitching/ms-message-p50", 16, true, "", none},
	{"new message, arrival → frame, p95 (ms)", "SessionSwitching/ms-message-p95", 16, true, "", none},
	{"relay customer → agent, p50 (ms)", "Relay/ms-p50", none, true, "Relay/bare-ms-p50", none},
	{"relay customer → agent, p99 (ms)", "Relay/ms-p99", 25, true, "Relay/bare-ms-p99", none},
	{"relay p99 ÷ bare p99 (×)", "Relay/p99-ratio", 2, true, "", none},
	{"relay delivered at 200 msg/s offered (msg/s)", "Relay/msgs/s", 200 * 0.99, false, "", none},
	{"relay closed-loop throughput (msg/s)", "Relay/msgs/s-max", none, false, "Relay/bare-msgs/s-max", none},
	{"idle websocket, server heap (KiB/conn)", "Relay/KiB-heap/conn", none, true, "Relay/bare-KiB-heap/conn", none},
	{"idle websocket, server RSS (KiB/conn)", "Relay/KiB-rss/conn", none, true, "Relay/bare-KiB-rss/conn", none},
	{"store appends, one writer (msg/s)", "AppendSingle/msgs/s", none, false, "", none},
	{"store appends, 50 writers (msg/s)", "AppendConcurrent/msgs/s", none, false, "", none},
	{"history load, 10,000 messages, median (ms)", "HistoryLoad/ms-median", none, true, "", none},
	{"report of a day of 100,000 conversations (ms)", "Report/ms", 1000, true, "Report/scan-ms", none},
}

func main() {
	metrics, failed, err := scan(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	missing := print(os.Stdout, metrics)
	switch {
	case failed:
		fmt.Fprintln(os.Stderr, "benchtable: a benchmark failed (see above)")
		os.Exit(1)
	case missing > 0:
		fmt.Fprintf(os.Stderr, "benchtable: %d figures missing\n", missing)
		os.Exit(1)
	}
}

// scan copies r to w and collects the metrics of the benchmark result lines,
// such as "BenchmarkRelay-2  1  3.2 ms-p50  19.1 ms-p99", keyed
// "Relay/ms-p50".
func scan(r io.Reader, w io.Writer) (map[string]float64, bool, error) {
	metrics := map[string]float64{}
	failed := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(w, line)
		if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "--- FAIL") {
			failed = true
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			metrics[name+"/"+f[i+1]] = v
		}
	}
	return metrics, failed, sc.Err()
}

// print writes the table and returns how many figures were missing.
func print(w io.Writer, metrics map[string]float64) int {
	missing := 0
	fmt.Fprintf(w, "\n%-46s %10s %10s %10s  %s\n", "metric", "value", "target", "baseline", "met")
	fmt.Fprintln(w, strings.Repeat("-", 86))
	for _, r := range rows {
		v, ok := metrics[r.value]
		if !ok {
			missing++
			fmt.Fprintf(w, "%-46s %10s\n", r.metric, "missing")
			continue
		}
		target, met := "-", ""
		if !math.IsNaN(r.target) {
			op := "≤"
			if !r.atMost {
				op = "≥"
			}
			target = op + format(r.target)
			met = "no"
			if (r.atMost && v <= r.target) || (!r.atMost && v >= r.target) {
				met = "yes"
			}
		}
		base := "-"
		if b, ok := metrics[r.baseline]; ok {
			base = format(b)
		} else if !math.IsNaN(r.base) {
			base = format(r.base)
		}
		fmt.Fprintf(w, "%-46s %10s %10s %10s  %s\n", r.metric, format(v), target, base, met)
	}
	return missing
}

func format(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
