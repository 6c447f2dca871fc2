package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// RunTokens runs the token contract on s.
func RunTokens(t *testing.T, s truce.TokenService) {
	ctx := context.Background()
	if list, err := s.Tokens(ctx); err != nil || len(list) != 0 {
		t.Fatalf("Tokens on an empty store = %v, %v", list, err)
	}
	// Whole seconds: the embedded store keeps no more.
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	_, h1 := truce.NewTokenSecret()
	_, h2 := truce.NewTokenSecret()
	admin := &truce.Token{Name: "admin-1", Role: truce.RoleAdmin, Hash: h1, CreatedAt: created, CreatedBy: "cli"}
	mon := &truce.Token{Name: "7", Role: truce.RoleMonitor, Hash: h2, CreatedAt: created, CreatedBy: "admin-1", ExpiresAt: created.Add(24 * time.Hour)}
	for _, tok := range []*truce.Token{admin, mon} {
		if err := s.CreateToken(ctx, tok); err != nil || tok.ID <= 0 {
			t.Fatalf("CreateToken(%s) = %v, ID %d", tok.Name, err, tok.ID)
		}
	}
	_, h3 := truce.NewTokenSecret()
	for name, tok := range map[string]*truce.Token{
		"TakenName": {Name: "admin-1", Role: truce.RoleViewer, Hash: h3, CreatedAt: created},
		"TakenHash": {Name: "other", Role: truce.RoleViewer, Hash: h1, CreatedAt: created},
	} {
		if err := s.CreateToken(ctx, tok); truce.ErrorCode(err) != truce.ECONFLICT {
			t.Errorf("CreateToken %s = %v, want ECONFLICT", name, err)
		}
	}
	got, err := s.FindTokenByHash(ctx, h2)
	if err != nil || !reflect.DeepEqual(got, mon) {
		t.Fatalf("FindTokenByHash = %+v, %v; want %+v", got, err, mon)
	}
	if _, err := s.FindTokenByHash(ctx, h3); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("FindTokenByHash(unknown) = %v, want ENOTFOUND", err)
	}
	revokedAt := created.Add(time.Hour)
	for _, tt := range []struct {
		name, by, want, code string
	}{
		{"ByName", "admin-1", "admin-1", ""},
		{"AgainByID", fmt.Sprint(admin.ID), "", truce.ECONFLICT},
		{"NameBeforeID", "7", "7", ""}, // the token named "7", whatever token has ID 7
		{"Unknown", "nobody", "", truce.ENOTFOUND},
		{"UnknownID", "999999", "", truce.ENOTFOUND},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.RevokeToken(ctx, tt.by, revokedAt)
			if truce.ErrorCode(err) != tt.code {
				t.Fatalf("RevokeToken(%s) = %v, want code %q", tt.by, err, tt.code)
			}
			if err == nil && (got.Name != tt.want || !got.RevokedAt.Equal(revokedAt) || got.Valid(revokedAt)) {
				t.Fatalf("RevokeToken(%s) = %+v", tt.by, got)
			}
		})
	}
	list, err := s.Tokens(ctx)
	if err != nil || len(list) != 2 || list[0].ID != admin.ID || list[1].ID != mon.ID {
		t.Fatalf("Tokens = %+v, %v", list, err)
	}
	if !list[0].RevokedAt.Equal(revokedAt) || !list[0].Valid(created) || list[0].Valid(revokedAt) {
		t.Fatalf("revoked token = %+v", list[0])
	}
}

// entry returns a log entry at at with a leaf hash standing in for the
// ledger's (the store does not check it).
func entry(kind string, at time.Time, body string) *truce.LogEntry {
	sum := sha256.Sum256([]byte(kind + at.String() + body))
	return &truce.LogEntry{Kind: kind, At: at, Actor: "cli", Body: []byte(body), LeafHash: sum[:]}
}

// RunLog runs the log contract on s. others, if any, are further handles
// on the same database (as other processes would have): appends through
// all of them at once must still get dense indexes.
func RunLog(t *testing.T, s truce.LogService, others ...truce.LogService) {
	ctx := context.Background()
	if n, err := s.LogSize(ctx); err != nil || n != 0 {
		t.Fatalf("LogSize on an empty store = %d, %v", n, err)
	}
	if _, err := s.LatestSignedHead(ctx); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("LatestSignedHead on an empty store = %v, want ENOTFOUND", err)
	}
	// Microseconds, in a zone other than UTC: both must round-trip.
	at := time.Date(2024, 3, 1, 12, 0, 0, 123456000, time.FixedZone("EET", 2*3600))
	first := []*truce.LogEntry{entry(truce.LogToken, at, `{"a":1}`), entry(truce.LogReport, at.Add(time.Microsecond), `{"b":2}`)}
	if err := s.AppendLog(ctx, first); err != nil {
		t.Fatal(err)
	}
	if first[0].Index != 0 || first[1].Index != 1 {
		t.Fatalf("indexes = %d, %d; want 0, 1", first[0].Index, first[1].Index)
	}
	handles := append([]truce.LogService{s}, others...)
	const writers, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		h := handles[w%len(handles)]
		wg.Go(func() {
			for i := range each {
				if err := h.AppendLog(ctx, []*truce.LogEntry{entry(truce.LogImport, at, fmt.Sprintf(`{"w":%d,"i":%d}`, w, i))}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n, err := s.LogSize(ctx)
	if want := int64(2 + writers*each); err != nil || n != want {
		t.Fatalf("LogSize = %d, %v; want %d", n, err, want)
	}
	var got []*truce.LogEntry
	if err := s.LogEntries(ctx, 0, n, func(e *truce.LogEntry) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	for i, e := range got {
		if e.Index != int64(i) {
			t.Fatalf("entry %d has index %d: indexes must be dense", i, e.Index)
		}
	}
	want := *first[1]
	want.At = want.At.UTC()
	if !reflect.DeepEqual(*got[1], want) {
		t.Fatalf("entry round trip:\n got %+v\nwant %+v", *got[1], want)
	}
	var part []int64
	if err := s.LogEntries(ctx, 1, 3, func(e *truce.LogEntry) error { part = append(part, e.Index); return nil }); err != nil || !slices.Equal(part, []int64{1, 2}) {
		t.Fatalf("LogEntries(1, 3) = %v, %v", part, err)
	}
	found, err := s.FindLogEntry(ctx, first[1].LeafHash)
	if err != nil || found.Index != 1 {
		t.Fatalf("FindLogEntry = %+v, %v", found, err)
	}
	if _, err := s.FindLogEntry(ctx, bytes.Repeat([]byte{1}, 32)); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("FindLogEntry(unknown) = %v, want ENOTFOUND", err)
	}

	heads := []truce.SignedHead{
		{TreeSize: 2, RootHash: bytes.Repeat([]byte{2}, 32), Timestamp: at.UTC(), Signature: []byte("sig2"), KeyID: "abcd"},
		{TreeSize: 10, RootHash: bytes.Repeat([]byte{10}, 32), Timestamp: at.Add(time.Second).UTC(), Signature: []byte("sig10"), KeyID: "abcd"},
	}
	for _, h := range []truce.SignedHead{heads[1], heads[0]} {
		if err := s.PutSignedHead(ctx, &h); err != nil {
			t.Fatal(err)
		}
	}
	// A second head for a stored size changes nothing.
	again := heads[0]
	again.Signature = []byte("other")
	if err := s.PutSignedHead(ctx, &again); err != nil {
		t.Fatal(err)
	}
	list, err := s.SignedHeads(ctx)
	if err != nil || !reflect.DeepEqual(list, heads) {
		t.Fatalf("SignedHeads = %+v, %v; want %+v", list, err, heads)
	}
	latest, err := s.LatestSignedHead(ctx)
	if err != nil || !reflect.DeepEqual(*latest, heads[1]) {
		t.Fatalf("LatestSignedHead = %+v, %v", latest, err)
	}
}

// SubmitStore is a store that also takes submissions and keeps the log.
type SubmitStore interface {
	Store
	truce.SubmissionService
	truce.LogService
}

func evidence(data string) (*truce.Evidence, []byte) {
	sum := sha256.Sum256([]byte(data))
	return &truce.Evidence{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), MediaType: "text/plain", Name: "note.txt",
		UploadedBy: "monitor-1", UploadedAt: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}, []byte(data)
}

func submission(owner, key, body string, r *truce.Report) *truce.Submission {
	sum := sha256.Sum256([]byte(body))
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	return &truce.Submission{Owner: owner, Key: key, RequestHash: hex.EncodeToString(sum[:]), Report: r,
		Log: entry(truce.LogReport, at, body)}
}

// RunSubmissions runs the submission contract on s. others, if any, are
// further handles on the same database: concurrent submissions with one
// key through all of them must store one report and one log entry.
func RunSubmissions(t *testing.T, s SubmitStore, others ...SubmitStore) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	// An imported incident that a monitor's report then revises.
	if _, err := s.PutReports(ctx, "test", placed(NewReport("m1", "2017-05-10", 36.5, 33.5, "import m1"))); err != nil {
		t.Fatal(err)
	}
	sub := submission("monitor-1", "k1", "body 1", placed(NewReport("m1", "2017-05-11", 36.6, 33.6, "monitor m1"))[0])
	res, err := s.Submit(ctx, "test", sub)
	if err != nil {
		t.Fatal(err)
	}
	if res.Replayed || res.ReportID <= 0 || res.IncidentID <= 0 || res.LogIndex != 0 || sub.Log.Index != 0 {
		t.Fatalf("Submit = %+v", res)
	}
	inc, err := findIncident(t, s, res.IncidentID)
	if err != nil || inc.SourceKey != "m1" || !inc.DateStart.Equal(day("2017-05-11")) || len(inc.Zones) != 1 || inc.ReportID != res.ReportID {
		t.Fatalf("submitted incident = %+v, %v: want the revision, placed", inc, err)
	}
	for _, tt := range []struct {
		name, owner, key, body string
		code                   string
	}{
		{"Replay", "monitor-1", "k1", "body 1", ""},
		{"OtherBody", "monitor-1", "k1", "body 2", truce.ECONFLICT},
	} {
		t.Run(tt.name, func(t *testing.T) {
			again := submission(tt.owner, tt.key, tt.body, placed(NewReport("m1", "2017-05-12", 36.6, 33.6, "monitor m1 "+tt.body))[0])
			got, err := s.Submit(ctx, "test", again)
			if truce.ErrorCode(err) != tt.code {
				t.Fatalf("Submit = %+v, %v; want code %q", got, err, tt.code)
			}
			if err == nil && !reflect.DeepEqual(got, truce.SubmissionResult{ReportID: res.ReportID, IncidentID: res.IncidentID, LogIndex: res.LogIndex, Replayed: true}) {
				t.Fatalf("replayed Submit = %+v, want the first result %+v replayed", got, res)
			}
		})
	}
	if idx, err := s.SubmissionLogIndex(ctx, res.ReportID); err != nil || idx != res.LogIndex {
		t.Fatalf("SubmissionLogIndex(%d) = %d, %v; want %d", res.ReportID, idx, err, res.LogIndex)
	}
	if _, err := s.SubmissionLogIndex(ctx, 999999); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("SubmissionLogIndex(999999) = %v, want ENOTFOUND", err)
	}
	if n, _ := s.LogSize(ctx); n != 1 {
		t.Fatalf("LogSize = %d after a replay and a conflict, want 1", n)
	}
	if st, _ := s.Stats(ctx); st.Reports != 2 {
		t.Fatalf("%d reports after a replay and a conflict, want 2", st.Reports)
	}

	// Many submissions with one key at once, through every handle.
	handles := append([]SubmitStore{s}, others...)
	const n = 12
	results := make(chan truce.SubmissionResult, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		h := handles[i%len(handles)]
		wg.Go(func() {
			r, err := h.Submit(ctx, "test", submission("monitor-2", "race", "race body", placed(NewReport("race", "2017-05-12", 36.7, 33.7, "race"))[0]))
			if err != nil {
				errs <- err
				return
			}
			results <- r
		})
	}
	wg.Wait()
	close(errs)
	close(results)
	for err := range errs {
		t.Fatal(err)
	}
	fresh := 0
	var first truce.SubmissionResult
	for r := range results {
		if !r.Replayed {
			fresh++
			first = r
		}
	}
	if fresh != 1 {
		t.Fatalf("%d of %d concurrent submissions with one key stored, want 1", fresh, n)
	}
	if size, _ := s.LogSize(ctx); size != 2 {
		t.Fatalf("LogSize = %d after the race, want 2", size)
	}
	if st, _ := s.Stats(ctx); st.Reports != 3 {
		t.Fatalf("%d reports after the race, want 3", st.Reports)
	}

	// Listing: newest first, per owner, paged.
	all, err := s.Submissions(ctx, "", 0, 0)
	if err != nil || len(all) != 2 || all[0].ReportID != first.ReportID || all[1].ReportID != res.ReportID {
		t.Fatalf("Submissions = %+v, %v", all, err)
	}
	if r := all[1]; r.Owner != "monitor-1" || r.Key != "k1" || r.IncidentID != res.IncidentID || r.Report.Raw != "monitor m1" ||
		r.Report.Source != "test" || r.Report.Incident.SourceKey != "m1" || r.LogIndex != 0 {
		t.Fatalf("Submissions[1] = %+v", r)
	}
	if own, _ := s.Submissions(ctx, "monitor-1", 0, 10); len(own) != 1 || own[0].Key != "k1" {
		t.Fatalf("Submissions(monitor-1) = %+v", own)
	}
	if page, _ := s.Submissions(ctx, "", all[0].ReportID, 1); len(page) != 1 || page[0].ReportID != res.ReportID {
		t.Fatalf("Submissions before %d = %+v", all[0].ReportID, page)
	}

	reports, err := s.ReportsOf(ctx, res.IncidentID)
	if err != nil || len(reports) != 2 || reports[0].Raw != "import m1" || reports[1].Raw != "monitor m1" || reports[1].ID != res.ReportID || reports[1].Withdraws {
		t.Fatalf("ReportsOf = %+v, %v", reports, err)
	}
	if _, err := s.PutReports(ctx, "test", []*truce.Report{withdrawal("m1", "2017-06-01")}); err != nil {
		t.Fatal(err)
	}
	if reports, _ := s.ReportsOf(ctx, res.IncidentID); len(reports) != 3 || !reports[2].Withdraws || !reports[2].ReceivedAt.Equal(day("2017-06-01")) {
		t.Fatalf("ReportsOf after a withdrawal = %+v", reports)
	}
	if _, err := s.ReportsOf(ctx, 999999); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("ReportsOf(999999) = %v, want ENOTFOUND", err)
	}

	t.Run("Evidence", func(t *testing.T) { testEvidence(t, s) })
	t.Run("Group", func(t *testing.T) { testSubmitGroup(t, s) })
}

// testSubmitGroup sends many submissions at once, so that the store writes
// them together, one of them poisoned (a NaN coordinate and a NUL byte,
// which one store or the other refuses): every other one is stored and
// logged, as if it had come alone.
func testSubmitGroup(t *testing.T, s SubmitStore) {
	ctx := context.Background()
	logBefore, _ := s.LogSize(ctx)
	before, _ := s.Stats(ctx)
	const n, poisoned = 24, 7
	type outcome struct {
		i   int
		res truce.SubmissionResult
		err error
	}
	out := make(chan outcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			key := fmt.Sprintf("group-%d", i)
			r := placed(NewReport(key, "2017-05-14", 36.5, 33.5, "grouped "+key))[0]
			if i == poisoned {
				r.Raw += "\x00"
				r.Incident.Location.Lon = math.NaN()
			}
			res, err := s.Submit(ctx, "test", submission("monitor-3", key, "body "+key, r))
			out <- outcome{i, res, err}
		})
	}
	wg.Wait()
	close(out)
	stored := 0
	ids := map[int64]bool{}
	for o := range out {
		if o.err != nil {
			t.Logf("submission %d refused: %v", o.i, o.err)
			if o.i != poisoned {
				t.Errorf("submission %d: %v", o.i, o.err)
			}
			continue
		}
		if o.res.Replayed || o.res.ReportID == 0 || ids[o.res.ReportID] {
			t.Errorf("submission %d = %+v: want a fresh report of its own", o.i, o.res)
		}
		ids[o.res.ReportID] = true
		if idx, err := s.SubmissionLogIndex(ctx, o.res.ReportID); err != nil || idx != o.res.LogIndex {
			t.Errorf("submission %d: SubmissionLogIndex = %d, %v; want %d", o.i, idx, err, o.res.LogIndex)
		}
		stored++
	}
	if stored < n-1 {
		t.Fatalf("%d of %d submissions stored, want all but the poisoned one at least", stored, n)
	}
	if size, _ := s.LogSize(ctx); size != logBefore+int64(stored) {
		t.Errorf("LogSize = %d, want %d: one entry per stored submission", size, logBefore+int64(stored))
	}
	if after, _ := s.Stats(ctx); after.Reports != before.Reports+stored {
		t.Errorf("%d reports, want %d: one per stored submission", after.Reports, before.Reports+stored)
	}
}

func findIncident(t *testing.T, s Store, id int64) (*truce.Incident, error) {
	t.Helper()
	for _, inc := range collect(t, s, truce.IncidentFilter{AgreementID: "test", WithWithdrawn: true}) {
		if inc.ID == id {
			return inc, nil
		}
	}
	return nil, fmt.Errorf("no incident %d", id)
}

func testEvidence(t *testing.T, s truce.SubmissionService) {
	ctx := context.Background()
	e, data := evidence("a photo, in words")
	for i, want := range []bool{true, false} {
		created, err := s.PutEvidence(ctx, e, data)
		if err != nil || created != want {
			t.Fatalf("PutEvidence #%d = %v, %v; want %v", i+1, created, err, want)
		}
	}
	// Another monitor uploading the same bytes becomes an uploader too;
	// the content and the first uploader's metadata stay.
	second := *e
	second.UploadedBy, second.Name, second.UploadedAt = "monitor-2", "same.txt", e.UploadedAt.Add(time.Minute)
	for i, want := range []bool{true, false} {
		created, err := s.PutEvidence(ctx, &second, data)
		if err != nil || created != want {
			t.Fatalf("PutEvidence by a second uploader #%d = %v, %v; want %v", i+1, created, err, want)
		}
	}
	want := *e
	want.Uploaders = []string{e.UploadedBy, "monitor-2"}
	got, content, err := s.FindEvidence(ctx, e.SHA256)
	if err != nil || !reflect.DeepEqual(got, &want) || string(content) != string(data) {
		t.Fatalf("FindEvidence = %+v, %q, %v; want %+v", got, content, err, &want)
	}
	other, _ := evidence("other content")
	badSize := *e
	badSize.Size++
	for name, tt := range map[string]struct {
		e    *truce.Evidence
		data []byte
	}{
		"WrongHash": {other, data},
		"WrongSize": {&badSize, data},
	} {
		if _, err := s.PutEvidence(ctx, tt.e, tt.data); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("PutEvidence %s = %v, want EINVALID", name, err)
		}
	}
	if _, _, err := s.FindEvidence(ctx, other.SHA256); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("FindEvidence(unknown) = %v, want ENOTFOUND", err)
	}
	var files []string
	if err := s.EvidenceFiles(ctx, func(sum string, b []byte) error {
		files = append(files, sum+":"+string(b))
		return nil
	}); err != nil || len(files) != 1 || files[0] != e.SHA256+":"+string(data) {
		t.Fatalf("EvidenceFiles = %q, %v; want the one file", files, err)
	}
}
