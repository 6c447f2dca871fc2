// Package storesql holds the SQL both stores write the same way, so that
// the embedded store and PostgreSQL cannot drift apart where their
// dialects agree. It owns today the incident list's ORDER BY and paging
// cursor.
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
