// Package judge owns verdicts: it decides, from an agreement and one placed
// incident alone, whether the incident is a violation, not a violation, or
// undetermined, with the agreement clauses and rules that decided it (the
// trace), the severity tier, and the party the evidence points to. It reads
// nothing and stores nothing: placement (package geo) has already filled the
// incident's zone memberships for this agreement, and storing judgements is
// the caller's business. Zone status, trends and claim checks will build on
// these verdicts in this package too.
//
// # The rules
//
// Judge applies the rules below in order, each appending a truce.Step whose
// Outcome is "pass" (the condition for a violation holds), "fail" (it does
// not: the incident is no violation, and judging stops there) or "unknown"
// (the evidence cannot tell). The verdict is three-valued logic over the
// steps: NotViolation at the first fail, else Undetermined if any step is
// unknown, else Violation. Judging goes on after an unknown because a later
// rule may still settle the verdict: an imprecisely located fight against an
// excluded group is no violation wherever it happened.
//
//  1. zone: of the incident's memberships, the one that decides is the one
//     whose zone gives the strongest result together with rule 2 (ties: inside
//     before buffer before uncertain, then agreement order). Inside passes;
//     uncertain is unknown ("imprecise location: …" quoting placement's
//     reason); in the security buffer is unknown unless the agreement sets
//     buffer_counts, because the memorandum's security zones run along the
//     zones' borders and are where the guarantors stand, not where the
//     cessation of hostilities is defined; no membership fails ("outside every
//     zone").
//  2. in-force: the incident's date window against the zone's period (the
//     agreement's effective date, or the zone's effective_from if later,
//     through the agreement's end after renewals, or the zone's effective_to
//     if earlier; end days included). Wholly inside passes, wholly outside
//     fails, a window straddling either end is unknown.
//  3. prohibited-act: a permitted act matching the incident fails (the
//     exception cites its clause); a prohibited clause naming the incident's
//     event type alone, or its type and sub-type, passes. An incident with no
//     sub-type whose type is prohibited only sub-type by sub-type is unknown
//     ("type not specific enough"); a type no clause names fails (strategic
//     developments, protests).
//  4. excluded-group: the names on each side (Side and Assoc, split at ", "
//     and "; ", as UCDP and ACLED join coalitions) are resolved with
//     truce.ActorKey against parties, guarantors and excluded groups. Any
//     excluded group on either side fails: acting against, or as, an excluded
//     group is never a violation, even when the same side also names parties.
//     An aggregate actor (the agreement's aggregate_actors) or a name the
//     agreement does not know is unknown, since either may hide an excluded
//     group; so is a missing side other than the civilians of one-sided
//     violence.
//  5. party: both sides bound by the agreement (parties, or guarantors acting
//     as belligerents), and not the same actor, passes; so does a party
//     against civilians (UCDP type_of_violence 3, a "Civilians" side, or an
//     empty side B of violence against civilians). Anything else is unknown.
//  6. alleged-party (violations only): for one-sided violence and violence
//     against civilians, the party that is not the civilians; for explosions
//     and remote violence, the party on side A, on the assumption (stated in
//     the trace) that UCDP and ACLED list the attacker first in most such
//     rows, though neither promises a direction; for battles none, since the
//     data say nothing of who started them. A side naming several parties
//     singles none out.
//  7. severity (violations and undetermined incidents): the agreement's
//     severity rules, first match wins, else its default tier. An undetermined
//     incident carries the tier it would have as a violation, so that a zone's
//     status can show how bad the undecided part may be; NotViolation carries
//     none.
//
// A Judge is immutable after NewJudge and safe for concurrent use; Judge is a
// pure function of the incident, so verdicts do not depend on import order.
// JudgedAt is left zero for the caller to stamp when it stores judgements.
package judge
