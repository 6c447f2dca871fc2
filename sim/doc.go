// Package sim owns Truce's synthetic ground truth: a deterministic, seeded
// simulator of a conflict around ceasefire zones. Its output is shaped like
// UCDP GED (the 41 columns of the Syria release, ged191) so that it flows
// through the same importers as real data, while every event also carries
// what really happened (its zone, whether it is a violation, its exact
// point). Tests, demos and benchmarks of placement, verdicts and
// before/after statistics use it because real data has no ground truth.
//
// # Model
//
// Time runs in days from Config.Start. For each zone and day the number of
// events is negative binomial: a Poisson count whose rate is the zone's rate
// times a gamma variate of mean 1 and shape Config.Dispersion (variance
// μ + μ²/k), because real conflict counts are bursty and a plain Poisson
// model would make confidence intervals look too good. The zone's rate is
// BaseRate before its ceasefire and BaseRate*Effect while the ceasefire is in
// force (from Zone.EffectiveFrom, or Config.Ceasefire when that is zero,
// through Zone.EffectiveTo inclusive, open-ended when zero). Events outside
// all zones (the wider war) follow the same model with OutsideRate and are
// never violations.
//
// Inside a zone a share ExcludedShare of events, before and after the
// ceasefire alike, are the government fighting an excluded group (IS, HTS);
// the rest are between parties ("Government of Syria" vs "Syrian
// insurgents", or either side against civilians). Keeping the actor mix
// constant means the ceasefire changes only the rate, so the true effect is
// exactly Effect for every kind of event. A party event inside a zone while
// its ceasefire is in force is a violation (Truth.Violation); nothing else
// is.
//
// Points inside a zone are uniform in longitude/latitude over its polygons
// (not equal-area: across Syria the difference is under 10 %), drawn by
// rejection over a grid that marks which cells are wholly inside, wholly
// outside or on the boundary, so complex polygons stay cheap. Points outside
// zones are 70 % clustered around governorate capitals (where the war was
// fought) and 30 % uniform in Config.Bounds, rejected when they fall in any
// zone. Coordinates are rounded to 6 decimals like UCDP's.
//
// # Degrading what the source knows
//
// The reported location is degraded like GED's Syria data: where_prec is 1
// for 54.4 % (the exact point), 2 for 34.9 % (moved up to 25 km, as if
// geocoded to a nearby known place), 3 for 2 % (the centre of a synthetic
// 0.5° "district"), 4 for 3.7 % (the governorate's UCDP centroid), 5 for
// 3.4 % (moved up to 50 km) and 6 for 1.5 % (UCDP's Syria point, 38 E 35 N).
// Only precision-1 points are guaranteed to lie where the event happened;
// Truth.Lon and Truth.Lat keep the true point. Place names are synthetic and
// stable (derived from a 0.1° grid cell, the same for every seed); adm_1 is
// the governorate whose capital or centroid is nearest, a crude
// approximation. date_prec is 1 for 93.4 % of events; the others get a
// date window starting on the event's day and lasting 1–365 days as in GED.
//
// Fatalities follow GED's Syria distribution: 90 % of events draw best from
// the observed 0–11 frequencies, 10 % from a Pareto tail (α 1.35, capped at
// 5000); deaths_a, deaths_b, deaths_civilians and deaths_unknown always sum
// to best, with low ≤ best ≤ high. Sources are mostly one SOHR report.
//
// Headlines name the weapon so importers can infer ACLED types from them:
// "Airstrikes on …", "Warplanes target …", "Aerial bombardment targets …",
// "Helicopters drop barrel bombs on …" (Air/drone strike); "Shelling on …",
// "Rocket shelling targets …", "Artillery shells hit …", "Mortar shells
// fall on …" (Shelling/artillery/missile attack); "Clashes in …", "Violent
// clashes near …", "Renewed clashes in …" (Armed clash); "IED explosion
// in …", "Car bomb explodes in …", "Landmine explosion in …" (Remote
// explosive/landmine/IED); "Gunmen kill civilians in …", "Civilians
// executed in …", "Civilian shot dead in …" (Attack). The Incident in each
// Event carries the true ACLED type.
//
// The dyads, conflict and actor ids are GED's, except "Government of Syria -
// HTS": GED 19.1 codes HTS's fight with the government under "Syrian
// insurgents", so that dyad has the synthetic dyad_new_id 900001.
//
// # Determinism and cost
//
// The same Config gives byte-identical output: all randomness comes from one
// PCG stream seeded by Config.Seed through this package's own samplers (not
// math/rand's, whose algorithms may change between Go releases). Across CPU
// architectures the floating-point library and fused multiply-adds may round
// differently in the last bit, which can in rare cases change a draw.
// Generation streams in date order in constant memory; the place-name cache
// is bounded.
package sim
