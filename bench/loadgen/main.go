// Command loadgen is an open-loop load generator for `truce serve` (issue 4).
//
// Requests arrive at a fixed rate whatever the server's pace, each timed
// from the moment it was due to be sent, not from when it was sent, so a
// slow server cannot hide its latency by slowing the client down
// (coordinated omission). The mix is of status reads, single-incident
// reads, incident-list reads and monitors' submissions; a fraction of the
// submissions is sent a second time with the same Idempotency-Key, racing
// the first. Afterwards it lists every report the monitor token submitted
// and checks that each acknowledged submission is stored exactly once.
//
// Usage:
//
//	go run ./bench/loadgen --url http://127.0.0.1:8080 --token ANALYST --monitor-token MONITOR \
//	    [--rate 1000] [--duration 30s] [--mix status=40,incident=40,incidents=10,submit=10] [--retry-fraction 0.2]
//
// It exits 1 when a submission is lost or duplicated, 2 on a wrong command
// line or when the server cannot be prepared against.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	_ "net/http/pprof" // served only with --pprof: the load generator's own profile
	"net/url"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	os.Exit(run())
}

type config struct {
	url, token, monitorToken string
	rate                     float64
	duration, warmup         time.Duration
	mix                      []weighted
	retryFraction            float64
	maxInFlight              int
	timeout                  time.Duration
	seed                     uint64
	target                   time.Duration
	pprof                    string
	label                    string
	serverLog                string
}

type weighted struct {
	kind   string
	weight int
}

var kinds = []string{"status", "incident", "incidents", "submit"}

func parseMix(s string) ([]weighted, error) {
	var out []weighted
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n < 0 {
			return nil, fmt.Errorf("--mix: %q: want KIND=WEIGHT", part)
		}
		if !slices.Contains(kinds, k) {
			return nil, fmt.Errorf("--mix: unknown kind %q: want %s", k, strings.Join(kinds, ", "))
		}
		if seen[k] {
			return nil, fmt.Errorf("--mix: %q given twice", k)
		}
		seen[k] = true
		if n > 0 {
			out = append(out, weighted{k, n})
		}
	}
	if len(out) == 0 {
		return nil, errors.New("--mix: every weight is 0")
	}
	return out, nil
}

func run() int {
	var c config
	var mix string
	flag.StringVar(&c.url, "url", "http://127.0.0.1:8080", "the server's base URL (loopback only)")
	flag.StringVar(&c.token, "token", "", "an admin or analyst token, for reads and the final check of submissions")
	flag.StringVar(&c.monitorToken, "monitor-token", "", "a monitor token, for submissions (needed when the mix submits)")
	flag.Float64Var(&c.rate, "rate", 1000, "requests per second, all kinds together (retries not counted)")
	flag.DurationVar(&c.duration, "duration", 30*time.Second, "how long to send at --rate (measured)")
	flag.DurationVar(&c.warmup, "warmup", 2*time.Second, "send at --rate this long first, unmeasured (submissions are still checked)")
	flag.StringVar(&mix, "mix", "status=40,incident=40,incidents=10,submit=10", "weights of the request kinds: status, incident, incidents, submit")
	flag.Float64Var(&c.retryFraction, "retry-fraction", 0.2, "fraction of submissions sent again with the same Idempotency-Key, 0 to 50 ms after the first")
	flag.IntVar(&c.maxInFlight, "max-in-flight", 2000, "requests outstanding at most; arrivals beyond it are counted as errors (client saturated)")
	flag.DurationVar(&c.timeout, "timeout", 10*time.Second, "per-request timeout")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the request mix and parameters")
	flag.DurationVar(&c.target, "p99-target", 10*time.Millisecond, "p99 target for status and incident reads (reported, not enforced)")
	flag.StringVar(&c.serverLog, "server-log", "", "the server's JSON request log (truce serve's stderr): also print the latencies it measured, which exclude the client's and the network's share")
	flag.StringVar(&c.label, "label", "", "first cell of the summary table's row, e.g. the store's size")
	flag.StringVar(&c.pprof, "pprof", "", "serve the load generator's own net/http/pprof on this loopback address, e.g. 127.0.0.1:6061")
	flag.Parse()
	var err error
	if c.mix, err = parseMix(mix); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	if err := c.check(); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	if c.pprof != "" {
		go func() {
			if err := http.ListenAndServe(c.pprof, nil); err != nil {
				fmt.Fprintln(os.Stderr, "loadgen: --pprof:", err)
			}
		}()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	g, err := prepare(ctx, &c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	fmt.Printf("target %s: %.0f req/s for %s (after %s warm-up), mix %s, retry fraction %.2f\n",
		c.url, c.rate, c.duration, c.warmup, mix, c.retryFraction)
	fmt.Printf("data: %d incidents, %d status dates (%s to %s), %d zones, monitor %q\n",
		len(g.ids), len(g.dates), g.dates[0], g.dates[len(g.dates)-1], len(g.zones), g.monitor)
	g.load(ctx)
	g.print()
	if c.serverLog != "" {
		if err := printServerLatencies(c.serverLog); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen: --server-log:", err)
		}
	}
	return g.verify(ctx)
}

func (c *config) check() error {
	u, err := url.Parse(c.url)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("--url %q: want http://HOST:PORT", c.url)
	}
	c.url = strings.TrimRight(c.url, "/")
	ips, err := net.LookupIP(u.Hostname())
	if err != nil {
		return fmt.Errorf("--url: %v", err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("--url %q: not a loopback address; this load test stays on this machine", c.url)
		}
	}
	if c.pprof != "" {
		host, _, err := net.SplitHostPort(c.pprof)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("--pprof %q: want a loopback HOST:PORT", c.pprof)
		}
	}
	if c.token == "" {
		return errors.New("--token is required (admin or analyst)")
	}
	submits := false
	for _, w := range c.mix {
		submits = submits || w.kind == "submit"
	}
	if submits && c.monitorToken == "" {
		return errors.New("--monitor-token is required when the mix submits")
	}
	switch {
	case c.rate <= 0 || c.rate > 50000:
		return fmt.Errorf("--rate %g: want 0 < rate ≤ 50000", c.rate)
	case c.duration <= 0 || c.duration > 10*time.Minute:
		return fmt.Errorf("--duration %s: want up to 10m", c.duration)
	case c.warmup < 0 || c.warmup > time.Minute:
		return fmt.Errorf("--warmup %s: want 0 to 1m", c.warmup)
	case c.retryFraction < 0 || c.retryFraction > 1:
		return fmt.Errorf("--retry-fraction %g: want 0 to 1", c.retryFraction)
	case c.maxInFlight < 1:
		return errors.New("--max-in-flight: want at least 1")
	}
	return nil
}

// gen is one load run: what it reads and sends, and what it saw.
type gen struct {
	c       *config
	client  *http.Client
	ids     []int64
	dates   []string
	zones   []zone
	monitor string
	runID   string

	mu       sync.Mutex
	stats    map[string]*kindStats
	acks     map[string][]ack // Idempotency-Key → acknowledged answers
	sent     map[string]bool  // keys sent
	inFlight atomic.Int64
	measured atomic.Bool

	measureStart, measureEnd, lastDone time.Time
}

type kindStats struct {
	lat      []time.Duration
	errors   int
	byStatus map[string]int
	samples  []string
}

type ack struct {
	status   int
	reportID int64
	incident int64
	replayed bool
}

// zone is a zone's polygons (rings of [lon, lat]) and bounding box.
type zone struct {
	id                     string
	polys                  [][][][2]float64
	minX, minY, maxX, maxY float64
}

func (z *zone) contains(x, y float64) bool {
	for _, poly := range z.polys {
		if len(poly) == 0 || !inRing(poly[0], x, y) {
			continue
		}
		inHole := false
		for _, hole := range poly[1:] {
			inHole = inHole || inRing(hole, x, y)
		}
		if !inHole {
			return true
		}
	}
	return false
}

func inRing(r [][2]float64, x, y float64) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		xi, yi, xj, yj := r[i][0], r[i][1], r[j][0], r[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// point returns a random point inside z, away from its edges when it can.
func (z *zone) point(rnd *mrand.Rand) (lat, lon float64) {
	for range 10000 {
		x := z.minX + rnd.Float64()*(z.maxX-z.minX)
		y := z.minY + rnd.Float64()*(z.maxY-z.minY)
		if z.contains(x, y) && z.contains(x+0.02, y) && z.contains(x-0.02, y) && z.contains(x, y+0.02) && z.contains(x, y-0.02) {
			return y, x
		}
	}
	return (z.minY + z.maxY) / 2, (z.minX + z.maxX) / 2
}

func prepare(ctx context.Context, c *config) (*gen, error) {
	tr := &http.Transport{
		Proxy:               nil, // loopback: never through a proxy
		MaxIdleConns:        c.maxInFlight,
		MaxIdleConnsPerHost: c.maxInFlight,
		IdleConnTimeout:     90 * time.Second,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	}
	g := &gen{c: c, client: &http.Client{Transport: tr, Timeout: c.timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}, stats: map[string]*kindStats{}, acks: map[string][]ack{}, sent: map[string]bool{}}
	for _, k := range append(slices.Clone(kinds), "retry") {
		g.stats[k] = &kindStats{byStatus: map[string]int{}}
	}
	var rb [6]byte
	rand.Read(rb[:])
	g.runID = "lg-" + hex.EncodeToString(rb[:])

	// The incidents, by cursor paging over the whole store.
	cursor := ""
	for {
		var page struct {
			Items []struct {
				ID        int64  `json:"id"`
				DateStart string `json:"date_start"`
			} `json:"items"`
			Next *string `json:"next"`
		}
		path := "/api/v1/incidents?limit=1000"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		if err := g.getJSON(ctx, c.token, path, &page); err != nil {
			return nil, err
		}
		dates := map[string]bool{}
		for _, it := range page.Items {
			g.ids = append(g.ids, it.ID)
			dates[it.DateStart] = true
		}
		for d := range dates {
			g.dates = append(g.dates, d)
		}
		if page.Next == nil || *page.Next == "" || len(g.ids) >= 1_000_000 {
			break
		}
		cursor = *page.Next
	}
	if len(g.ids) == 0 {
		return nil, errors.New("the store has no incidents: seed it first (truce demo --serve \"\")")
	}
	slices.Sort(g.dates)
	g.dates = slices.Compact(g.dates)

	// The zones, to submit reports inside them.
	var fc struct {
		Features []struct {
			ID       string `json:"id"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := g.getJSON(ctx, c.token, "/api/v1/zones", &fc); err != nil {
		return nil, err
	}
	for _, f := range fc.Features {
		z := zone{id: f.ID, minX: 180, minY: 90, maxX: -180, maxY: -90}
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("zone %s: %v", f.ID, err)
			}
			z.polys = [][][][2]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &z.polys); err != nil {
				return nil, fmt.Errorf("zone %s: %v", f.ID, err)
			}
		default:
			continue
		}
		for _, p := range z.polys {
			for _, r := range p {
				for _, pt := range r {
					z.minX, z.maxX = min(z.minX, pt[0]), max(z.maxX, pt[0])
					z.minY, z.maxY = min(z.minY, pt[1]), max(z.maxY, pt[1])
				}
			}
		}
		g.zones = append(g.zones, z)
	}
	if len(g.zones) == 0 {
		return nil, errors.New("the active agreement has no polygon zones to submit reports in")
	}
	if c.monitorToken != "" {
		var who struct {
			Name        string   `json:"name"`
			Permissions []string `json:"permissions"`
		}
		if err := g.getJSON(ctx, c.monitorToken, "/api/v1/whoami", &who); err != nil {
			return nil, err
		}
		if !slices.Contains(who.Permissions, "submit") {
			return nil, fmt.Errorf("--monitor-token (%q) may not submit", who.Name)
		}
		g.monitor = who.Name
	}
	return g, nil
}

func (g *gen) getJSON(ctx context.Context, token, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", g.c.url+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := g.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s: %s", path, resp.Status, bytes.TrimSpace(b))
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("GET %s: %v", path, err)
	}
	return nil
}

// request is one planned request.
type request struct {
	kind   string
	method string
	path   string
	token  string
	body   []byte
	key    string
	due    time.Time
}

var subEvents = []string{"Air/drone strike", "Shelling/artillery/missile attack", "Armed clash", "Remote explosive/landmine/IED", "Attack"}
var actors = []string{"Government of Syria", "Military Forces of Russia", "Syrian insurgents", "Hayat Tahrir al-Sham", "unknown"}

func (g *gen) plan(rnd *mrand.Rand, kind string, seq int) request {
	r := request{kind: kind, method: "GET", token: g.c.token}
	switch kind {
	case "status":
		r.path = "/api/v1/status?date=" + g.dates[rnd.IntN(len(g.dates))]
	case "incident":
		r.path = "/api/v1/incidents/" + strconv.FormatInt(g.ids[rnd.IntN(len(g.ids))], 10)
	case "incidents":
		z := g.zones[rnd.IntN(len(g.zones))]
		d := g.dates[rnd.IntN(len(g.dates))]
		r.path = "/api/v1/incidents?limit=100&zone=" + url.QueryEscape(z.id) + "&datetime=" + d + "/" + g.dates[len(g.dates)-1]
	case "submit":
		z := &g.zones[rnd.IntN(len(g.zones))]
		lat, lon := z.point(rnd)
		sub := subEvents[rnd.IntN(len(subEvents))]
		deaths := rnd.IntN(6)
		body := map[string]any{"date": g.dates[rnd.IntN(len(g.dates))], "lat": lat, "lon": lon, "sub_event_type": sub,
			"actor1": actors[rnd.IntN(len(actors))], "actor2": "Civilians (Syria)", "fatalities": deaths,
			"civilian_deaths": rnd.IntN(deaths + 1), "description": fmt.Sprintf("load test report %d of run %s", seq, g.runID),
			"place": "near " + z.id}
		r.body, _ = json.Marshal(body)
		r.method, r.path, r.token = "POST", "/api/v1/reports", g.c.monitorToken
		r.key = fmt.Sprintf("%s-%07d", g.runID, seq)
	}
	return r
}

// load sends requests at the configured rate: first the warm-up, then the
// measured run; it returns when every request has been answered.
func (g *gen) load(ctx context.Context) {
	rnd := mrand.New(mrand.NewPCG(g.c.seed, 0x7275636574727563))
	total := 0
	for _, w := range g.c.mix {
		total += w.weight
	}
	interval := time.Duration(float64(time.Second) / g.c.rate)
	var wg sync.WaitGroup
	start := time.Now()
	warm := int(g.c.warmup / interval)
	n := warm + int(g.c.duration/interval)
	for i := 0; i < n && ctx.Err() == nil; i++ {
		due := start.Add(time.Duration(i) * interval)
		if i == warm {
			g.measured.Store(true)
			g.mu.Lock()
			g.measureStart = due
			g.mu.Unlock()
		}
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		pick := rnd.IntN(total)
		kind := ""
		for _, w := range g.c.mix {
			if pick < w.weight {
				kind = w.kind
				break
			}
			pick -= w.weight
		}
		r := g.plan(rnd, kind, i)
		r.due = due
		g.fire(ctx, &wg, r)
		if r.kind == "submit" && rnd.Float64() < g.c.retryFraction {
			retry := r
			retry.kind = "retry"
			retry.due = due.Add(time.Duration(rnd.IntN(50)) * time.Millisecond)
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(time.Until(retry.due))
				g.fire(ctx, &wg, retry)
			}()
		}
	}
	g.mu.Lock()
	g.measureEnd = start.Add(time.Duration(n) * interval)
	g.mu.Unlock()
	wg.Wait()
	g.mu.Lock()
	g.lastDone = time.Now()
	g.mu.Unlock()
}

func (g *gen) fire(ctx context.Context, wg *sync.WaitGroup, r request) {
	measured := g.measured.Load()
	if g.inFlight.Add(1) > int64(g.c.maxInFlight) {
		g.inFlight.Add(-1)
		g.record(r, measured, 0, "client saturated (max in flight)", 0, nil)
		return
	}
	if r.key != "" {
		g.mu.Lock()
		g.sent[r.key] = true
		g.mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer g.inFlight.Add(-1)
		status, errText, body := g.do(ctx, r)
		g.record(r, measured, status, errText, time.Since(r.due), body)
	}()
}

func (g *gen) do(ctx context.Context, r request) (int, string, []byte) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, g.c.url+r.path, body)
	if err != nil {
		return 0, err.Error(), nil
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", r.key)
	}
	resp, err := g.client.Do(req)
	if err != nil {
		return 0, err.Error(), nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err.Error(), nil
	}
	return resp.StatusCode, "", b
}

// expected says whether status is a right answer to a request of kind.
func expected(kind string, status int) bool {
	switch kind {
	case "submit", "retry":
		return status == 201 || status == 200
	}
	return status == 200
}

func (g *gen) record(r request, measured bool, status int, errText string, lat time.Duration, body []byte) {
	var a *ack
	if (r.kind == "submit" || r.kind == "retry") && expected(r.kind, status) && errText == "" {
		var out struct {
			ReportID   int64 `json:"report_id"`
			IncidentID int64 `json:"incident_id"`
			Replayed   bool  `json:"replayed"`
		}
		if err := json.Unmarshal(body, &out); err != nil || out.ReportID == 0 {
			errText = fmt.Sprintf("acknowledged without a report id: %.200s", body)
		} else {
			a = &ack{status: status, reportID: out.ReportID, incident: out.IncidentID, replayed: out.Replayed}
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if a != nil {
		g.acks[r.key] = append(g.acks[r.key], *a)
	}
	if !measured {
		return
	}
	st := g.stats[r.kind]
	label := strconv.Itoa(status)
	if status == 0 {
		label = "no answer"
	}
	st.byStatus[label]++
	if errText != "" || !expected(r.kind, status) {
		st.errors++
		if len(st.samples) < 3 {
			msg := errText
			if msg == "" {
				msg = fmt.Sprintf("%d %.200s", status, bytes.TrimSpace(body))
			}
			st.samples = append(st.samples, r.method+" "+r.path+": "+msg)
		}
	}
	if status != 0 {
		st.lat = append(st.lat, lat)
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func (g *gen) print() {
	g.mu.Lock()
	defer g.mu.Unlock()
	window := g.measureEnd.Sub(g.measureStart).Seconds()
	fmt.Printf("\nmeasured %.1fs of arrivals (the last answer came %s after the last arrival); latency from the moment each request was due, in ms\n",
		window, g.lastDone.Sub(g.measureEnd).Round(time.Millisecond))
	fmt.Printf("%-10s %9s %7s %9s %8s %8s %8s %8s %8s  %s\n", "KIND", "REQUESTS", "ERRORS", "REQ/S", "P50", "P90", "P99", "P99.9", "MAX", "STATUSES")
	var all []time.Duration
	reqs, errs := 0, 0
	for _, k := range append(slices.Clone(kinds), "retry") {
		st := g.stats[k]
		n := 0
		for _, c := range st.byStatus {
			n += c
		}
		if n == 0 {
			continue
		}
		slices.Sort(st.lat)
		all = append(all, st.lat...)
		reqs, errs = reqs+n, errs+st.errors
		var codes []string
		for c, k := range st.byStatus {
			codes = append(codes, fmt.Sprintf("%s×%d", c, k))
		}
		sort.Strings(codes)
		fmt.Printf("%-10s %9d %7d %9.1f %8s %8s %8s %8s %8s  %s\n", k, n, st.errors, float64(n)/window,
			ms(percentile(st.lat, .50)), ms(percentile(st.lat, .90)), ms(percentile(st.lat, .99)), ms(percentile(st.lat, .999)),
			ms(percentile(st.lat, 1)), strings.Join(codes, " "))
	}
	slices.Sort(all)
	fmt.Printf("%-10s %9d %7d %9.1f %8s %8s %8s %8s %8s\n", "all", reqs, errs, float64(reqs)/window,
		ms(percentile(all, .50)), ms(percentile(all, .90)), ms(percentile(all, .99)), ms(percentile(all, .999)), ms(percentile(all, 1)))
	for _, k := range append(slices.Clone(kinds), "retry") {
		for _, s := range g.stats[k].samples {
			fmt.Printf("error sample (%s): %s\n", k, s)
		}
	}
	for _, k := range []string{"status", "incident"} {
		st := g.stats[k]
		if len(st.lat) == 0 {
			continue
		}
		p99 := percentile(st.lat, .99)
		verdict := "met"
		if p99 >= g.c.target {
			verdict = "NOT met"
		}
		fmt.Printf("target p99 < %s for %s at %.0f req/s: %s (p99 %s ms)\n", g.c.target, k, g.c.rate, verdict, ms(p99))
	}
	g.printTable()
}

// printTable prints the run as one row of issue 16's table, in Markdown,
// so that runs at several store sizes can be pasted one under the other.
// Submissions unanswered are those with no answer within --timeout: the
// server never replied, or the client gave up waiting.
func (g *gen) printTable() {
	p := func(kind string, q float64) string {
		if st := g.stats[kind]; len(st.lat) > 0 {
			return ms(percentile(st.lat, q)) + " ms"
		}
		return "-"
	}
	sub := g.stats["submit"]
	submits := 0
	for _, n := range sub.byStatus {
		submits += n
	}
	unanswered, submit := "-", "-"
	if submits > 0 {
		unanswered = fmt.Sprintf("%d of %d", sub.byStatus["no answer"], submits)
		submit = p("submit", .50) + " / " + p("submit", .99)
	}
	var mix []string
	for _, w := range g.c.mix {
		mix = append(mix, fmt.Sprintf("%s %d", w.kind, w.weight))
	}
	fmt.Printf("\n| store | mix at %.0f req/s | status p99 | incident p99 | incidents list p99 | submit p50 / p99 | submits unanswered in %s |\n", g.c.rate, g.c.timeout)
	fmt.Println("|---|---|---|---|---|---|---|")
	fmt.Printf("| %s | %s | %s | %s | %s | %s | %s |\n", cmp.Or(g.c.label, fmt.Sprintf("%d incidents", len(g.ids))), strings.Join(mix, ", "),
		p("status", .99), p("incident", .99), p("incidents", .99), submit, unanswered)
}

// verify lists the monitor's reports and checks every acknowledged
// submission of this run is stored exactly once.
func (g *gen) verify(ctx context.Context) int {
	if g.monitor == "" || len(g.sent) == 0 {
		return 0
	}
	type listed struct {
		ReportID   int64  `json:"report_id"`
		IncidentID int64  `json:"incident_id"`
		Key        string `json:"idempotency_key"`
		Owner      string `json:"submitted_by"`
	}
	stored := map[string][]listed{}
	byIncident := map[int64]int{}
	path := "/api/v1/reports?limit=1000&submitted_by=" + url.QueryEscape(g.monitor)
	pages := 0
	for path != "" {
		var page struct {
			Reports []listed `json:"reports"`
			Next    string   `json:"next"`
		}
		if err := g.getJSON(ctx, g.c.token, path, &page); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen: listing the reports:", err)
			return 2
		}
		pages++
		for _, r := range page.Reports {
			if r.Owner != g.monitor || !strings.HasPrefix(r.Key, g.runID+"-") {
				continue // another run's, or another monitor's
			}
			stored[r.Key] = append(stored[r.Key], r)
			byIncident[r.IncidentID]++
		}
		path = page.Next
	}
	lost, duplicated, mismatched, created := 0, 0, 0, 0
	var problems []string
	note := func(format string, args ...any) {
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	unacked := 0
	for key := range g.sent {
		acks, rows := g.acks[key], stored[key]
		if len(rows) > 1 {
			duplicated += len(rows) - 1
			note("key %s is stored %d times", key, len(rows))
		}
		n201 := 0
		for _, a := range acks {
			if a.status == 201 {
				n201++
			}
		}
		created += n201
		if n201 > 1 {
			duplicated += n201 - 1
			note("key %s was answered 201 Created %d times", key, n201)
		}
		if len(acks) == 0 {
			if len(rows) > 0 {
				unacked++ // stored though no answer came: not lost, and allowed
			}
			continue
		}
		if len(rows) == 0 {
			lost++
			note("key %s was acknowledged (report %d) but is not stored", key, acks[0].reportID)
			continue
		}
		for _, a := range acks {
			if a.reportID != rows[0].ReportID || a.incident != rows[0].IncidentID {
				mismatched++
				note("key %s: acknowledged as report %d / incident %d, stored as %d / %d", key, a.reportID, a.incident, rows[0].ReportID, rows[0].IncidentID)
			}
		}
	}
	for key := range stored {
		if !g.sent[key] {
			note("key %s is stored but was never sent", key)
			duplicated++
		}
	}
	for id, n := range byIncident {
		if n > 1 {
			duplicated += n - 1
			note("incident %d holds %d of this run's reports", id, n)
		}
	}
	acked, retried, replays := 0, 0, 0
	for _, acks := range g.acks {
		if len(acks) > 0 {
			acked++
		}
		if len(acks) > 1 {
			retried++
		}
		for _, a := range acks {
			if a.replayed {
				replays++
			}
		}
	}
	fmt.Printf("\nsubmissions (warm-up included): %d keys sent, %d acknowledged (%d of them twice), %d answers 201 Created, %d replays; "+
		"%d reports of this run listed in %d page(s) of GET /api/v1/reports; %d stored without an answer\n",
		len(g.sent), acked, retried, created, replays, len(stored), pages, unacked)
	for _, p := range problems {
		fmt.Println("  " + p)
	}
	fmt.Printf("lost: %d, duplicated: %d\n", lost, duplicated+mismatched)
	if lost > 0 || duplicated+mismatched > 0 {
		return 1
	}
	return 0
}

// printServerLatencies prints, per kind of request, the latencies the
// server logged (from reading the request to writing the answer): when the
// client's figures are far above them, the time went in queues before the
// handler ran (a saturated machine), not in the handler.
func printServerLatencies(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	byKind := map[string][]time.Duration{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e struct {
			Msg, Method, Path string
			Duration          time.Duration
		}
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Msg != "request" {
			continue
		}
		kind := ""
		switch {
		case strings.HasPrefix(e.Path, "/api/v1/status"):
			kind = "status"
		case strings.HasPrefix(e.Path, "/api/v1/incidents/"):
			kind = "incident"
		case e.Path == "/api/v1/incidents":
			kind = "incidents"
		case e.Path == "/api/v1/reports" && e.Method == "POST":
			kind = "submit"
		default:
			continue
		}
		byKind[kind] = append(byKind[kind], e.Duration)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Printf("\nserver-side latency (%s, warm-up included), in ms\n", path)
	fmt.Printf("%-10s %9s %8s %8s %8s %8s\n", "KIND", "REQUESTS", "P50", "P90", "P99", "MAX")
	for _, k := range kinds {
		lat := byKind[k]
		if len(lat) == 0 {
			continue
		}
		slices.Sort(lat)
		fmt.Printf("%-10s %9d %8s %8s %8s %8s\n", k, len(lat), ms(percentile(lat, .50)), ms(percentile(lat, .90)), ms(percentile(lat, .99)), ms(percentile(lat, 1)))
	}
	return nil
}
