// Package news reads news articles and official statements into statements
// about a ceasefire, and those into claims that package judge can check.
//
// It owns three steps, each deterministic and driven by per-language rule
// files (rules/LANG.txt, embedded), so that a language is added by adding a
// file, not code:
//
//  1. Parse: an article's metadata header (if any), outlet and dateline
//     ("MOSCOW, June 26. /TASS/.", "Moscow, SANA –", "BEIRUT (Reuters) -"),
//     title, publication date (from the header, the dateline, or the caller's
//     Options), language and body. HTML is reduced to text first.
//  2. Statements: who said what, sentence by sentence — quoted and reported
//     speech ("X said", "according to X", "X noted that", "For his part, X …",
//     a quote continuing the last speaker's), with speakers resolved across
//     the article (full name, then surname, title descriptions such as "the
//     Russian top diplomat", pronouns) and the date each statement was made
//     ("on Thursday", "yesterday", "on May 4") resolved against the
//     publication date.
//  3. Classify: each statement on the ceasefire's topic read by
//     claim.ParseClaimDetail into a claim (assertion and scope), or skipped
//     with the reason.
//
// Storing and checking the claims is the CLI's (`truce import news`), which
// uses the same code path as `truce claims check`.
package news
