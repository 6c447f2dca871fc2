// Package storesql holds what both stores do the same way, written once
// over a narrow Dialect, so that the embedded store and PostgreSQL cannot
// drift apart where only their SQL spelling differs. It owns today the
// orchestration of submissions (idempotency keys, the report, its log entry
// and its first judgement in one transaction), evidence, tokens, the log and
// its signed heads, claims, reported counts, webhooks and alerts (but for
// leasing deliveries), corroboration groups and overrides, agreement
// versions (but for storing zone geometries), judgement history and the
// zone-day reads, the migration files' order, and the incident list's
// ORDER BY and paging cursor. Each store embeds a Store, so these are its
// methods. What stays in package sqlite and package postgres is what truly
// differs: bulk imports (multi-row INSERTs against COPY and set-based
// staging), judging in bulk, PostGIS, locks, and the types of columns.
package storesql

import (
	"strings"

	"github.com/truce-monitor/truce"
)

// OrderBy returns the ORDER BY clause of order over incidents aliased i,
// and the start of its cursor condition, to be followed by the cursor's
// incident ID and ")": the rows after that incident in the order, ties
// broken by ID so that paging neither skips nor repeats one.
func OrderBy(order truce.IncidentOrder) (by, after string, err error) {
	cols, desc, ok := order.Keys()
	if !ok {
		return "", "", truce.Errorf(truce.EINVALID, "incident order %q: want %q, %q, %q or %q", order,
			truce.OrderOldest, truce.OrderNewest, truce.OrderMostDeaths, truce.OrderFewestDeaths)
	}
	dir, cmp := "", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	keys := append(append([]string{}, cols...), "id")
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = "i." + k + dir
	}
	after = "(i." + strings.Join(keys, ", i.") + ") " + cmp + " (SELECT " + strings.Join(keys, ", ") + " FROM incidents WHERE id = "
	return " ORDER BY " + strings.Join(parts, ", "), after, nil
}
