// Command readrate measures how many reads per second a set of `truce
// serve` instances answers together: closed loop, --conns connections per
// URL, each sending the next request as soon as the last one is answered,
// for --duration. The mix is status reads (for a date in the agreement's
// period) and single-incident reads (random IDs in 1..--max-id). It is
// bench/replicas.sh's client, for comparing a primary alone with the
// primary plus read replicas (issue 16).
//
// Usage:
//
//	go run ./bench/readrate --urls http://127.0.0.1:8080,http://127.0.0.1:8081 --token T \
//	    [--conns 8] [--duration 10s] [--status-share 0.5] [--max-id 1000] [--date 2017-06-15]
package main

import (
	"flag"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	urls := flag.String("urls", "", "comma-separated base URLs of the servers (required)")
	token := flag.String("token", "", "a token that may read")
	conns := flag.Int("conns", 8, "connections per URL")
	duration := flag.Duration("duration", 10*time.Second, "how long to measure")
	warmup := flag.Duration("warmup", 2*time.Second, "how long to send first, unmeasured")
	share := flag.Float64("status-share", 0.5, "fraction of reads that are status reads; the rest are single incidents")
	maxID := flag.Int("max-id", 1000, "incident IDs are drawn from 1..max-id")
	date := flag.String("date", "2017-06-15", "the status reads' date")
	flag.Parse()
	if *urls == "" || *conns < 1 || *maxID < 1 {
		fmt.Fprintln(os.Stderr, "readrate: --urls, --conns >= 1 and --max-id >= 1 are needed")
		os.Exit(2)
	}
	list := strings.Split(*urls, ",")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conns * 2}, Timeout: 10 * time.Second}
	var measuring atomic.Bool
	var ok, failed atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, u := range list {
		for c := 0; c < *conns; c++ {
			wg.Add(1)
			go func(base string, seed uint64) {
				defer wg.Done()
				rnd := mrand.New(mrand.NewPCG(seed, 16))
				var mine []time.Duration
				defer func() { mu.Lock(); lat = append(lat, mine...); mu.Unlock() }()
				for {
					select {
					case <-stop:
						return
					default:
					}
					path := fmt.Sprintf("/api/v1/incidents/%d", 1+rnd.IntN(*maxID))
					if rnd.Float64() < *share {
						path = "/api/v1/status?date=" + *date
					}
					req, _ := http.NewRequest("GET", base+path, nil)
					if *token != "" {
						req.Header.Set("Authorization", "Bearer "+*token)
					}
					t0 := time.Now()
					resp, err := client.Do(req)
					good := err == nil && (resp.StatusCode == 200 || resp.StatusCode == 404)
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
					if !measuring.Load() {
						continue
					}
					if good {
						ok.Add(1)
						mine = append(mine, time.Since(t0))
					} else {
						failed.Add(1)
					}
				}
			}(strings.TrimRight(u, "/"), uint64(i*1000+c))
		}
	}
	time.Sleep(*warmup)
	measuring.Store(true)
	start := time.Now()
	time.Sleep(*duration)
	measuring.Store(false)
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(p*float64(len(lat)-1))]
	}
	fmt.Printf("servers %d, connections %d, reads/s %.0f, failed %d, p50 %s, p99 %s\n", len(list), len(list)**conns,
		float64(ok.Load())/elapsed.Seconds(), failed.Load(), pct(0.5).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond))
	if failed.Load() > 0 {
		os.Exit(1)
	}
}
