// Package geo owns Truce's geometry: polygons prepared for fast
// point-in-polygon and distance queries (Prepare), administrative boundaries
// for locations known only to a district or governorate (AdminAreas), and the
// precision-aware placement of incident locations in agreement zones (Index,
// which implements truce.Placer).
//
// Coordinates are WGS 84 longitude/latitude, treated as planar degrees: edges
// are straight lines in lon/lat, as in GeoJSON and PostGIS geometry, not
// geodesics. Distances in kilometres use a local equirectangular projection
// centred on the query point (longitude scaled by cos(latitude)), accurate to
// well under 1 % at the scale of zones and buffers (tens of kilometres). The
// antimeridian is not handled.
//
// Placement is honest about precision: a location known only to 25 km, to a
// district or to a governorate is Inside a zone only when its whole area of
// uncertainty is, and Uncertain when that area merely overlaps the zone.
// Zones are placed purely geometrically; whether a zone is in force on a date
// is decided elsewhere.
package geo
