#!/usr/bin/env bash
# The full test suite: formatting, vet, staticcheck, then every test (with the
# race detector) including the real-data tests against ../shared/data, which
# skip with a visible message when that folder is absent.
set -euo pipefail
cd "$(dirname "$0")"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== staticcheck"
go tool staticcheck ./...

echo "== go test"
# go test hides skip messages without -v: say here what will be skipped.
[ -n "${TRUCE_TEST_POSTGRES:-}" ] ||
	echo "NOTE: TRUCE_TEST_POSTGRES is not set: the PostgreSQL tests will SKIP (.ci/run sets it up)"
[ -d ../shared/data ] ||
	echo "NOTE: ../shared/data is absent: the real-data tests will SKIP"
# A package may run for longer than go test's default of 10 minutes on a loaded machine under the race
# detector (cmd/truce runs every command end to end): the limit is the whole run's, not a package's.
go test -race -count=1 -timeout 45m "$@" ./...
