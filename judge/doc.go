// Package judge owns per-incident verdicts: it decides, from an agreement
// and one placed incident, how likely the incident was a violation (a best
// estimate and a range), the verdict that probability's tier gives
// (violation, probable, possible, probably not, not a violation;
// undetermined only when the range spans almost 0–1), the agreement clauses
// and assumptions it rests on (the trace), the severity tier, and the party
// the evidence points to. It reads nothing and stores nothing: placement
// (package geo) has already filled the incident's zone memberships for this
// agreement, a LocationModel (geo.ActivityModel) may weigh imprecise
// locations, and storing judgements is the caller's business. Zone status,
// trends and statistics over verdicts belong to package assess, claim checks
// to package claim.
//
// # The rules
//
// For each zone the incident may lie in, Judge multiplies factors, each a
// truce.Step of the trace with its probability P and an outcome that says
// whether it holds ("pass", P = 1), does not ("fail", P = 0: judging stops,
// the incident is no violation in that zone) or may ("unknown"):
//
//  1. zone: the membership's share (1 for a point well inside; near an
//     approximate border, the chance the real border runs beyond it; for an
//     imprecise location, its area's share, weighed by where precisely
//     located events (first those of the same pair of sides) were when a
//     LocationModel is set; in the security
//     buffer only as far as the border may be wrong, or 1 when the agreement
//     sets buffer_counts).
//  2. in-force: the share of the date window inside the zone's period (the
//     agreement's effective date or the zone's own, through the agreement's
//     end after renewals, the zone's effective_to, or the day before the
//     zone ended).
//  3. prohibited-act: a permitted act (in that zone) is 0; a prohibited
//     type (in that zone) is 1; a type prohibited only sub-type by sub-type,
//     given without one, counts its sub-types as equally likely.
//  4. regardless-of-target: an act the agreement forbids whoever the target
//     skips the excluded-group rule; then only the side that acted must be
//     bound (the side that is not the civilians; side A for remote
//     violence, as sources list the attacker first; for undirected
//     fighting, either side equally likely). Fighting a named excluded group
//     stays permitted even when civilians died, since the data do not say
//     whose fire killed them.
//  5. excluded-group: a side naming an excluded group makes the incident no
//     violation (Judgement.Excluded marks it outside the agreement's dyads,
//     wherever it happened).
//  6. party: both sides bound (parties, guarantors, or civilians against a
//     bound side). An aggregate actor is bound with the complement of the
//     excluded share of the zone's presence on the day; when the source's
//     own words name groups, the share is taken among the groups named. An
//     unknown name or a missing side is "nothing known" (0–1). Fighting
//     within one party is no violation of an agreement between parties.
//  7. alleged-party (explanatory): for one-sided violence the party that is
//     not the civilians; for remote violence side A; for battles none.
//  8. other-zones: when an imprecise location may lie in several zones,
//     their chances add up (zones do not overlap), and the zone with the
//     largest decides and lists the incident; Judgement.Parts keeps each
//     zone's own part, which the rollup counts in that zone.
//  9. probability: the product, its range and its tier.
//  10. severity (for any incident with a chance of violation): the
//     agreement's severity rules, first match wins, else its default tier.
//
// The zone with the highest probability decides (ties: the stronger
// placement, then agreement order). A Judge is immutable after NewJudge and
// safe for concurrent use; Judge is a pure function of the incident (and of
// the LocationModel, when one is set), so verdicts do not depend on import
// order. JudgedAt is left zero for the caller to stamp.
package judge
