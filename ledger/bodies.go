package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// The bodies of log entries, one type per kind of write. Fields are in
// alphabetical order of their JSON names, so the bytes match what the
// entries written from maps (before these types) hold.

// TokenBody is a LogToken entry: a token created or revoked. It holds
// never the secret nor its stored hash, but a digest of that hash, so that
// `truce log verify` can tell a token whose secret was swapped in the
// database from the one logged, and the public log still helps no one sign
// in.
type TokenBody struct {
	Action     string     `json:"action"` // create, revoke
	ExpiresAt  string     `json:"expires_at,omitempty"`
	HashDigest string     `json:"hash_digest,omitempty"` // on create: HashDigest(t.Hash)
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Role       truce.Role `json:"role"`
}

// NewTokenBody describes action on t.
func NewTokenBody(action string, t *truce.Token) TokenBody {
	b := TokenBody{Action: action, ID: t.ID, Name: t.Name, Role: t.Role}
	if !t.ExpiresAt.IsZero() {
		b.ExpiresAt = t.ExpiresAt.UTC().Format(time.RFC3339)
	}
	if action == "create" {
		b.HashDigest = HashDigest(t.Hash)
	}
	return b
}

// HashDigest is the digest of a token's stored hash that its log entry
// holds.
func HashDigest(hash string) string {
	sum := sha256.Sum256([]byte("truce-token-hash\x00" + hash))
	return hex.EncodeToString(sum[:16])
}

// WebhookBody is a LogWebhook entry: a webhook added (with its URL without
// query or credentials, which may carry secrets) or deleted (its ID only).
type WebhookBody struct {
	Action       string   `json:"action"` // create, delete
	Events       []string `json:"events,omitempty"`
	ID           int64    `json:"id"`
	SecretDigest string   `json:"secret_digest,omitempty"` // on create: SecretDigest(h.Secret)
	URL          string   `json:"url,omitempty"`
}

// SecretDigest is the digest of a webhook's signing secret that its log
// entry holds: enough to tell a secret swapped in the database (which
// would let another party forge the alerts receivers trust), useless for
// signing.
func SecretDigest(secret string) string {
	sum := sha256.Sum256([]byte("truce-webhook-secret\x00" + secret))
	return hex.EncodeToString(sum[:16])
}

// NewWebhookBody describes action on h.
func NewWebhookBody(action string, h *truce.Webhook) WebhookBody {
	shown := h.URL
	if u, err := url.Parse(h.URL); err == nil {
		shown = u.Scheme + "://" + u.Host + u.Path
	}
	b := WebhookBody{Action: action, Events: h.Events, ID: h.ID, URL: shown}
	if action == "create" {
		b.SecretDigest = SecretDigest(h.Secret)
	}
	return b
}

// EvidenceBody is a LogEvidence entry: an evidence file stored, by hash.
type EvidenceBody struct {
	MediaType string `json:"media_type"`
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
}

// AdjudicationBody is a LogAdjudication entry: a judging run's counts.
type AdjudicationBody struct {
	Agreement string         `json:"agreement"`
	ByVerdict map[string]int `json:"by_verdict"`
	Judged    int            `json:"judged"`
	Version   int            `json:"version"`
}

// NewAdjudicationBody describes a judging run of agreement's version.
func NewAdjudicationBody(agreement string, version int, st truce.JudgeStats) AdjudicationBody {
	by := map[string]int{}
	for v, n := range st.ByVerdict {
		by[string(v)] = n
	}
	return AdjudicationBody{Agreement: agreement, ByVerdict: by, Judged: st.Judged, Version: version}
}

// ClaimBody is a LogClaim entry: a claim checked and stored.
type ClaimBody struct {
	Assertion string             `json:"assertion"`
	ClaimID   int64              `json:"claim_id"`
	Date      string             `json:"date"`
	Speaker   string             `json:"speaker"`
	Text      string             `json:"text"`
	Verdict   truce.ClaimVerdict `json:"verdict"`
}

// ClaimsDigest is how a news import's entry names the claims it stored
// without repeating them: the digest of their ClaimBodies, in order.
func ClaimsDigest(cs []*truce.Claim) (string, error) {
	d := NewDigester()
	for _, c := range cs {
		b, err := json.Marshal(NewClaimBody(c))
		if err != nil {
			return "", err
		}
		d.Add(string(b))
	}
	return d.Sum(), nil
}

// NewClaimBody describes a stored claim.
func NewClaimBody(c *truce.Claim) ClaimBody {
	b := ClaimBody{Assertion: c.Assertion, ClaimID: c.ID, Date: c.Date.Format(truce.DateLayout), Speaker: c.Speaker, Text: c.Text}
	if c.Check != nil {
		b.Verdict = c.Check.Verdict
	}
	return b
}

// AgreementBody is a LogAgreement entry: an agreement version loaded, or
// made active, with the hash of the agreement as stored so that the
// version can be proven later.
type AgreementBody struct {
	Action    string `json:"action"` // load, activate
	Agreement string `json:"agreement"`
	SHA256    string `json:"sha256"`
	Title     string `json:"title"`
	Version   int    `json:"version,omitempty"`
	Zones     int    `json:"zones"`
}

// NewAgreementBody describes action on version of a.
func NewAgreementBody(action string, a *truce.Agreement, version int) (AgreementBody, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return AgreementBody{}, err
	}
	sum := sha256.Sum256(b)
	return AgreementBody{Action: action, Agreement: a.ID, SHA256: hex.EncodeToString(sum[:]), Title: a.Title, Version: version, Zones: len(a.Zones)}, nil
}

// BoundariesBody is a LogBoundaries entry: admin boundaries loaded, with the
// digest of each level's units (UnitsDigest), which replace that level's.
type BoundariesBody struct {
	Digests      map[string]string `json:"digests,omitempty"` // level ("1", "2") → UnitsDigest
	Districts    int               `json:"districts"`
	Governorates int               `json:"governorates"`
	Source       string            `json:"source"`
}

// UnitsDigest is the digest of the admin units of one level: codes, names,
// parents and borders (to a millionth of a degree), in code order, so that
// `truce log verify` can tell a border moved in the database.
func UnitsDigest(units []truce.AdminUnit, level int) string {
	var of []truce.AdminUnit
	for _, u := range units {
		if u.Level == level {
			of = append(of, u)
		}
	}
	slices.SortFunc(of, func(a, b truce.AdminUnit) int { return strings.Compare(a.Code, b.Code) })
	h := sha256.New()
	var buf []byte
	for _, u := range of {
		buf = append(buf[:0], u.Code...)
		buf = append(buf, 0)
		buf = append(buf, u.Name...)
		buf = append(buf, 0)
		buf = append(buf, u.Parent...)
		for _, poly := range u.Geometry {
			buf = append(buf, "|P"...)
			for _, ring := range poly {
				buf = append(buf, "|R"...)
				for _, pt := range ring {
					buf = strconv.AppendInt(append(buf, ' '), int64(math.Round(pt[0]*1e6)), 10)
					buf = strconv.AppendInt(append(buf, ','), int64(math.Round(pt[1]*1e6)), 10)
				}
			}
		}
		buf = append(buf, '\n')
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ImportBody is a LogImport entry: one batch of an import, with the digest
// of its reports' hashes in file order, so that anyone holding the file
// can prove which reports it brought.
type ImportBody struct {
	Batch         int    `json:"batch"` // 1 for the first batch of the file
	Duplicates    int    `json:"duplicates"`
	File          string `json:"file"`
	Read          int    `json:"read"`
	Rejected      int    `json:"rejected"`
	ReportsAfter  int64  `json:"reports_after,omitempty"`
	ReportsDigest string `json:"reports_digest"`
	ReportsTo     int64  `json:"reports_to,omitempty"`
	Revised       int    `json:"revised"`
	Source        string `json:"source"`
	Stored        int    `json:"stored"`
	StoredDigest  string `json:"stored_digest,omitempty"`
	Withdrawn     int    `json:"withdrawn,omitempty"`
}

// StoredReports names the reports a write stored: those with IDs in
// (After, To], and the digest of their StoredLines in ID order. Reports
// are never edited nor deleted, so `truce log verify` recomputes the
// digest from the stored reports and catches one changed, removed or
// slipped in, together with the incident digest that vouches for its
// incident. Entries written before it was kept have To 0.
type StoredReports struct {
	After, To int64
	Digest    string
}

// StoredLine is how StoredReports' digest reads one stored report. Its
// content is covered by Hash, which every source makes the SHA-256 of Raw
// (VerifyRecords checks that of every report).
func StoredLine(r *truce.Report) string {
	w := "0"
	if r.Withdraws {
		w = "1"
	}
	return strconv.FormatInt(r.ID, 10) + "\x00" + r.Source + "\x00" + r.SourceKey + "\x00" + r.Hash + "\x00" + r.IncidentDigest + "\x00" + w
}

// IncidentDigest is the digest of what a report says happened: every
// field of its incident that its source gave, none that Truce derives
// (ID, report, memberships, withdrawal). Dates are compared as days and
// coordinates to a millionth of a degree, as the stores keep them.
func IncidentDigest(inc *truce.Incident) string {
	// Each field is written with its length, so that no two incidents
	// share a digest by moving text between fields. An import digests
	// every row, so it writes into one hash rather than formatting text.
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	str := func(s string) {
		h.Write(buf[:binary.PutUvarint(buf[:], uint64(len(s)))])
		io.WriteString(h, s)
	}
	num := func(n int64) { h.Write(buf[:binary.PutVarint(buf[:], n)]) }
	day := func(t time.Time) {
		y, m, d := t.UTC().Date()
		num(int64(y)*10000 + int64(m)*100 + int64(d))
	}
	l := &inc.Location
	day(inc.DateStart)
	day(inc.DateEnd)
	num(int64(inc.DatePrecision))
	if l.HasPoint {
		num(1)
		num(int64(math.Round(l.Lon * 1e6)))
		num(int64(math.Round(l.Lat * 1e6)))
	} else {
		num(0)
	}
	num(int64(l.Precision))
	for _, s := range []string{l.Country, l.Admin1, l.Admin2, l.Place, inc.EventType, inc.SubEventType, inc.TypeReason} {
		str(s)
	}
	num(int64(inc.ViolenceType))
	for _, s := range []string{inc.SideA, inc.SideB, inc.AssocA, inc.AssocB} {
		str(s)
	}
	for _, n := range []int{inc.Fatalities.Low, inc.Fatalities.Best, inc.Fatalities.High, inc.Fatalities.Civilians} {
		num(int64(n))
	}
	str(inc.Sources)
	num(int64(inc.NumSources))
	str(inc.SourceText)
	// Deaths of unknown status came later: digested last and only when
	// there are any, so that every digest logged before them still holds.
	if inc.Fatalities.Unknown != 0 {
		str("unknown")
		num(int64(inc.Fatalities.Unknown))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// NewsBody is a LogImport entry of a news import: the files read, the
// claims stored, and the incident mentions stored as reports with the
// digest of their hashes.
type NewsBody struct {
	Articles      int      `json:"articles"`
	ClaimIDs      []int64  `json:"claim_ids,omitempty"`
	ClaimsDigest  string   `json:"claims_digest,omitempty"` // ClaimsDigest of the stored claims
	ClaimsStored  int      `json:"claims_stored"`
	Duplicates    int      `json:"duplicates"`
	Files         []string `json:"files"`
	Mentions      int      `json:"mentions"`
	ReportsAfter  int64    `json:"reports_after,omitempty"`
	ReportsDigest string   `json:"reports_digest"`
	ReportsTo     int64    `json:"reports_to,omitempty"`
	Revised       int      `json:"revised"`
	Source        string   `json:"source"`
	Stored        int      `json:"stored"`
	StoredDigest  string   `json:"stored_digest,omitempty"`
}

// CorroborationBody is a LogCorroboration entry of a run: the windows it
// used and what it found.
type CorroborationBody struct {
	Groups    int `json:"groups"`
	Incidents int `json:"incidents"`
	Windows   any `json:"windows"`
}

// OverrideBody is a LogCorroboration entry of an analyst's split or merge.
type OverrideBody struct {
	Override string      `json:"override"` // split, merge
	Pairs    [][2]string `json:"pairs"`
}

// CountsBody is a LogCounts entry: reported counts imported from news or a
// file, naming the counts it stored by ID and digest, so that `truce log
// verify` can tell a count changed, removed or slipped in the database.
type CountsBody struct {
	Conflicts  int      `json:"conflicts"` // counts refused: another number is stored for their source, reporter and day
	CountIDs   []int64  `json:"count_ids,omitempty"`
	Digest     string   `json:"digest,omitempty"` // CountsDigest of the stored counts, in CountIDs order
	Duplicates int      `json:"duplicates"`
	Files      []string `json:"files"`
	Read       int      `json:"read"`
	Source     string   `json:"source"` // news, csv
	Stored     int      `json:"stored"`
}

// CountsDigest digests stored counts, in order, by everything but their
// ID (which the entry names beside it).
func CountsDigest(cs []*truce.ReportedCount) (string, error) {
	d := NewDigester()
	for _, c := range cs {
		b, err := json.Marshal(struct {
			Count         int            `json:"count"`
			Day           string         `json:"day"`
			DayRule       string         `json:"day_rule"`
			Lang          string         `json:"lang"`
			Line          int            `json:"line"`
			Provinces     map[string]int `json:"provinces,omitempty"`
			Reporter      string         `json:"reporter"`
			ReporterWords string         `json:"reporter_words"`
			Source        string         `json:"source"`
			Text          string         `json:"text"`
			What          string         `json:"what"`
		}{c.Count, c.Day.Format(truce.DateLayout), c.DayRule, c.Lang, c.Line, c.Provinces, c.Reporter, c.ReporterWords, c.Source, c.Text, c.What})
		if err != nil {
			return "", err
		}
		d.Add(string(b))
	}
	return d.Sum(), nil
}
