package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

// PutAdminUnits replaces the stored units of each level present in units,
// in one transaction: a duplicate code fails the whole load (ECONFLICT) and
// keeps what was stored.
func (db *DB) PutAdminUnits(ctx context.Context, source string, units []truce.AdminUnit) error {
	if len(units) == 0 {
		return nil
	}
	var (
		levels                         []int
		seen                           = map[int]bool{}
		codes, names, namesAr, parents []string
		unitLevels                     []int
		geoms                          [][]byte
	)
	for _, u := range units {
		if !seen[u.Level] {
			seen[u.Level] = true
			levels = append(levels, u.Level)
		}
		g, err := encodeGeometry(u.Geometry)
		if err != nil {
			return fmt.Errorf("postgres: encode admin unit %s: %w", u.Code, err)
		}
		if g == nil {
			return truce.Errorf(truce.EINVALID, "admin unit %s (%s) has no geometry", u.Code, u.Name)
		}
		codes, names, namesAr, parents = append(codes, u.Code), append(names, u.Name), append(namesAr, u.NameAr), append(parents, u.Parent)
		unitLevels, geoms = append(unitLevels, u.Level), append(geoms, g)
	}
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM admin_units WHERE level = ANY($1::integer[])`, levels); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO admin_units (code, level, name, name_ar, parent, geom, source, loaded_at)
			SELECT u.code, u.level, u.name, u.name_ar, u.parent, ST_Multi(ST_GeomFromWKB(u.geom, 4326)), $7, $8
			FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::bytea[]) AS u (code, level, name, name_ar, parent, geom)`,
			codes, unitLevels, names, namesAr, parents, geoms, source, db.Now().UTC())
		if isUniqueViolation(err) {
			return truce.Errorf(truce.ECONFLICT, "admin units from %s: %s", source, duplicateCode(units))
		}
		return err
	})
	return wrap("store admin units", err)
}

// duplicateCode names a code units hold twice, or says the clash is with
// a unit of another level already stored.
func duplicateCode(units []truce.AdminUnit) string {
	seen := map[string]string{}
	for _, u := range units {
		if name, ok := seen[u.Code]; ok {
			return fmt.Sprintf("code %s is used twice (%s and %s)", u.Code, name, u.Name)
		}
		seen[u.Code] = u.Name
	}
	return "a code is already used by a stored unit of another level"
}

// AdminUnits returns every stored unit, governorates first, then by code.
func (db *DB) AdminUnits(ctx context.Context) ([]truce.AdminUnit, error) {
	rows, err := db.pool.Query(ctx, `SELECT code, level, name, name_ar, parent, ST_AsBinary(geom) FROM admin_units ORDER BY level, code`)
	if err != nil {
		return nil, fmt.Errorf("postgres: read admin units: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (truce.AdminUnit, error) {
		var u truce.AdminUnit
		var g []byte
		if err := row.Scan(&u.Code, &u.Level, &u.Name, &u.NameAr, &u.Parent, &g); err != nil {
			return u, err
		}
		var err error
		if u.Geometry, err = decodeGeometry(g); err != nil {
			return u, fmt.Errorf("decode admin unit %s: %w", u.Code, err)
		}
		return u, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: read admin units: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

var _ truce.BoundaryService = (*DB)(nil)
