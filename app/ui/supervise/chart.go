package supervise

import (
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// The charts are SVG drawn by the app itself [T5]: 24 bars, one per hour
// of the day, with a value axis, hour labels and a text alternative that
// says what the chart shows. No chart library: two bar charts do not
// justify one in app.wasm.

const svgNS = "http://www.w3.org/2000/svg"

// Chart geometry, in viewBox units; the chart scales to its box.
const (
	chartW, chartH = 720.0, 240.0
	plotL, plotR   = 52.0, 12.0
	plotT, plotB   = 14.0, 42.0
	plotW, plotH   = chartW - plotL - plotR, chartH - plotT - plotB
	slot           = plotW / 24
	barW           = slot * 0.68
)

func svg(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// volumeChart is the conversations started in each hour.
func volumeChart(hours []wire.ReportHour) app.UI {
	values := make([]float64, 24)
	total, peak, peakHour := 0, 0, 0
	for _, h := range hours {
		values[h.Hour] = float64(h.Conversations)
		total += h.Conversations
		if h.Conversations > peak {
			peak, peakHour = h.Conversations, h.Hour
		}
	}
	summary := kit.T("chart.volume.none")
	if total > 0 {
		summary = kit.T("chart.volume.summary", total, peakHour, peak)
	}
	return chart(kit.T("chart.volume"), kit.T("chart.volume.unit"), values, summary)
}

// responseChart is each hour's median first response, in seconds or, when
// longer, minutes.
func responseChart(hours []wire.ReportHour) app.UI {
	values := make([]float64, 24)
	worst, worstHour := -1.0, 0
	for i := range values {
		values[i] = math.NaN()
	}
	for _, h := range hours {
		if h.FirstResponseMedian != nil {
			v := float64(*h.FirstResponseMedian) / 1000
			values[h.Hour] = v
			if v > worst {
				worst, worstHour = v, h.Hour
			}
		}
	}
	unit, scale := kit.T("chart.seconds"), 1.0
	if worst >= 120 {
		unit, scale = kit.T("chart.minutes"), 60
	}
	for i, v := range values {
		values[i] = v / scale
	}
	summary := kit.T("chart.response.none")
	if worst >= 0 {
		ms := int64(worst * 1000)
		summary = kit.T("chart.response.summary", worstHour, duration(&ms))
	}
	return chart(kit.T("chart.response"), unit, values, summary)
}

// chart draws 24 bars (NaN: no bar) under a title, with the unit on the
// value axis and summary as the text alternative.
func chart(title, unit string, values []float64, summary string) app.UI {
	top := 0.0
	for _, v := range values {
		if !math.IsNaN(v) {
			top = math.Max(top, v)
		}
	}
	top = niceCeiling(top)
	y := func(v float64) float64 { return plotT + plotH - v/top*plotH }

	var parts []app.UI
	parts = append(parts, svg("title").Text(summary))
	// Grid lines and value labels at 0, half and the top.
	for _, f := range []float64{0, 0.5, 1} {
		v := top * f
		parts = append(parts,
			svg("line").Attr("x1", num(plotL)).Attr("x2", num(plotL+plotW)).Attr("y1", num(y(v))).Attr("y2", num(y(v))).Class("chart-grid"),
			svg("text").Attr("x", num(plotL-8)).Attr("y", num(y(v)+4)).Attr("text-anchor", "end").Class("chart-label").Text(tick(v)),
		)
	}
	for h, v := range values {
		if math.IsNaN(v) || v == 0 {
			continue
		}
		x := plotL + float64(h)*slot + (slot-barW)/2
		parts = append(parts, svg("rect").Class("chart-bar").
			Attr("x", num(x)).Attr("y", num(y(v))).Attr("width", num(barW)).Attr("height", num(plotT+plotH-y(v))))
	}
	for h := 0; h < 24; h += 3 {
		parts = append(parts, svg("text").Class("chart-label").
			Attr("x", num(plotL+float64(h)*slot+slot/2)).Attr("y", num(plotT+plotH+20)).Attr("text-anchor", "middle").
			Text(twoDigits(h)))
	}
	parts = append(parts,
		svg("line").Class("chart-axis").Attr("x1", num(plotL)).Attr("x2", num(plotL+plotW)).
			Attr("y1", num(plotT+plotH)).Attr("y2", num(plotT+plotH)),
		svg("text").Class("chart-axis-title").Attr("x", num(plotL+plotW/2)).Attr("y", num(chartH-6)).
			Attr("text-anchor", "middle").Text(kit.T("chart.hour")),
		svg("text").Class("chart-axis-title").Attr("x", "16").Attr("y", num(plotT+plotH/2)).
			Attr("text-anchor", "middle").Attr("transform", "rotate(-90 16 "+num(plotT+plotH/2)+")").Text(unit),
	)
	return app.Figure().Class("chart").Body(
		app.H3().Class("chart-title").Text(title),
		svg("svg").Attr("viewBox", "0 0 "+num(chartW)+" "+num(chartH)).Role("img").Aria("label", summary).
			Attr("preserveAspectRatio", "xMidYMid meet").Body(parts...),
	)
}

// niceCeiling rounds a chart's top up to 1, 2 or 5 times a power of ten,
// so the axis labels are round numbers.
func niceCeiling(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func tick(v float64) string {
	if v == math.Trunc(v) {
		return strconv.Itoa(int(v))
	}
	return kit.Decimal(v, 1)
}

func twoDigits(h int) string {
	if h < 10 {
		return "0" + strconv.Itoa(h)
	}
	return strconv.Itoa(h)
}
