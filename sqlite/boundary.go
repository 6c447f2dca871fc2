package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/truce-monitor/truce"
)

// PutAdminUnits replaces the stored units of each level present in units.
func (db *DB) PutAdminUnits(ctx context.Context, source string, units []truce.AdminUnit) error {
	wt, err := db.beginW(ctx)
	if err != nil {
		return err
	}
	defer wt.Rollback()
	tx := wt.Tx
	cleared := map[int]bool{}
	now := db.Now().UTC().Format(time.RFC3339)
	for _, u := range units {
		if !cleared[u.Level] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM admin_units WHERE level = ?`, u.Level); err != nil {
				return err
			}
			cleared[u.Level] = true
		}
		g, err := json.Marshal(u.Geometry)
		if err != nil {
			return fmt.Errorf("sqlite: encode admin unit %s: %w", u.Code, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO admin_units (code, level, name, name_ar, parent, geometry, source, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Code, u.Level, u.Name, u.NameAr, u.Parent, string(g), source, now); err != nil {
			return truce.Errorf(truce.ECONFLICT, "admin unit %s (%s): %v", u.Code, u.Name, err)
		}
	}
	return wt.Commit()
}

// AdminUnits returns every stored unit, governorates first, then by code.
func (db *DB) AdminUnits(ctx context.Context) ([]truce.AdminUnit, error) {
	rows, err := db.query(ctx, `SELECT code, level, name, name_ar, parent, geometry FROM admin_units ORDER BY level, code`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read admin units: %w", err)
	}
	defer rows.Close()
	var out []truce.AdminUnit
	for rows.Next() {
		var u truce.AdminUnit
		var g string
		if err := rows.Scan(&u.Code, &u.Level, &u.Name, &u.NameAr, &u.Parent, &g); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(g), &u.Geometry); err != nil {
			return nil, fmt.Errorf("sqlite: decode admin unit %s: %w", u.Code, err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

var _ truce.BoundaryService = (*DB)(nil)
