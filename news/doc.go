// Package news reads news articles and official statements into statements
// about a ceasefire, and those into claims that package claim checks.
//
// It owns three steps, each deterministic and driven by per-language rule
// files (rules/LANG.txt, embedded), so that a language is added by adding a
// file, not code:
//
//  1. Parse: an article's metadata header (if any), outlet and dateline
//     ("MOSCOW, June 26. /TASS/.", "Moscow, SANA –", "BEIRUT (Reuters) -"),
//     title, publication date (from the header, the dateline, or the caller's
//     Options), language (see below) and body. HTML is reduced to text
//     first.
//  2. Statements: who said what, sentence by sentence — quoted and reported
//     speech ("X said", "according to X", "X noted that", "For his part, X …",
//     a quote continuing the last speaker's), with speakers resolved across
//     the article (full name, then surname, title descriptions such as "the
//     Russian top diplomat", pronouns) and the date each statement was made
//     ("on Thursday", "yesterday", "on May 4") resolved against the
//     publication date.
//  3. Classify: each statement on the ceasefire's topic read by
//     claim.ParseClaimIn, in the article's language, into a claim
//     (assertion, scope, hedges), or skipped with the reason; with the
//     counts of violations it reports (Item.Counts) either way. A
//     statement that gives counts and asserts nothing else is a `count`
//     claim; Accusations reads the accusations no one is said to make, and
//     Bulletins a bulletin's lines that count with no speech verb. Items
//     gives all three, as `truce import news` stores them.
//
// It also owns the article's language: the one declared (Options.Lang, a
// "Language:" header line) wins; else DetectLanguage picks, among the
// languages whose rules write in the text's script, the one whose stop
// words and distinctive letters are most frequent (so Portuguese is not
// taken for English). A language without rules is named ("el", or "und"
// when even the script says nothing) and LanguageSkip says so; nothing is
// read from it. Arabic-Indic and Persian digits are made ASCII on input.
// Rules exist for en, ar, ru, tr, pt, fr, es and no; the claim vocabulary
// of each language is package claim's (claim/lang/LANG.txt).
//
// Counts (Counts, Item.Counts) are numbers of violations a sentence gives
// and who gave them: "Russian observers registered 15 violations", "the
// Turkish side - 19", "لم يسجل الجانب التركي أي انتهاك" (0). A count that
// names no side is the side whose bulletin it is: its speaker's ministry
// or centre, or for a bulletin line the one the article names (claim
// [issuers]); anyone else's stays no side's. A count is thus both a claim
// (the bulletin says there were N violations, which the evidence can
// check) and a datum of its side's series. This package reads them;
// package reported dates them and makes them each reporter's stored
// series.
//
// On the 17 real items of ../shared/data/news/articles.jsonl, with no
// declared language, the parser finds 32 claims and 22 counts (8 claims
// before count bulletins were claims and the claims corpus's tuning part
// was worked through, 2 before the languages and counts were added), and
// names every item's language right (TestRealNewsItems). How well it reads
// unseen text is measured on the claims corpus (docs/claims-corpus.md).
//
// Storing and checking the claims is the CLI's (`truce import news`), which
// uses the same code path as `truce claims check`.
package news
