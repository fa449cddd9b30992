#!/bin/sh
# bench/secrets.sh [FILES] [COMMITS]: nhi-collect secrets over a generated
# tree against ripgrep searching the same expressions (one run, the ratio
# printed), then --git over a generated repository of COMMITS commits with
# its peak resident memory. Not part of make check. Needs a build (bin/ or
# $O/bin), rg, git and /usr/bin/time.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$top}
files=${1:-20000}
commits=${2:-10000}
work=${TMPDIR:-/tmp}/nhi-bench-secrets.$$
PATH=$O/bin:$PATH
NHI_DATA_DIR=$top/data NHI_FINGERPRINT_KEY=bench
export PATH NHI_DATA_DIR NHI_FINGERPRINT_KEY
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/tree"

# A source-like tree: mostly code and config, one file in 50 with a secret.
awk -v n="$files" -v dir="$work/tree" 'BEGIN {
	srand(7)
	split("const x = require(\"y\"); function f(a, b) { return a + b } // token handling|password_field = form.get(\"password\")|api_key = os.environ[\"API_KEY\"]|<div class=\"row\"><span>{{ user.name }}</span></div>|SELECT id, name FROM users WHERE created_at > now() - interval 1 day;|image: nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31|for (i = 0; i < n; i++) sum += weights[i] * values[i];", L, "|")
	for (f = 0; f < n; f++) {
		d = dir "/d" int(f / 500)
		if (f % 500 == 0) system("mkdir -p " d)
		p = d "/f" f ".txt"
		for (l = 0; l < 120; l++) print L[1 + int(rand() * 7)] " " l >p
		if (f % 50 == 0) print "AWS_SECRET_ACCESS_KEY=8sdf7Gh2KLm9PqR4tUv1Wx3Yz5Ab7Cd9Ef" sprintf("%06d", f) >p
		close(p)
	}
}'
bytes=$(du -sb "$work/tree" | cut -f1)

# The same expressions for ripgrep: (?i) where the rule is case-insensitive.
grep -v '^#' "$top/data/credential-formats.tsv" | awk -F'\t' '{ print ($2 == 1 ? "(?i)" : "") $3 }' >"$work/patterns"

/usr/bin/time -f '%e %U %S' -o "$work/t.nhi" nhi-collect secrets "$work/tree" >"$work/nhi.out"
/usr/bin/time -f '%e %U %S' -o "$work/t.rg" rg --no-config -j1 -c -f "$work/patterns" "$work/tree" >"$work/rg.out" || true
read -r nw nu ns <"$work/t.nhi"
read -r rw ru rs <"$work/t.rg"
awk -v b="$bytes" -v nw="$nw" -v nc="$(echo "$nu $ns" | awk '{ print $1 + $2 }')" \
    -v rw="$rw" -v rc="$(echo "$ru $rs" | awk '{ print $1 + $2 }')" -v s="$(grep -c '' "$work/nhi.out")" \
    -v r="$(awk -F: '{ n += $NF } END { print n + 0 }' "$work/rg.out")" 'BEGIN {
	printf "tree: %d files, %.1f MB\n", '"$files"', b / 1e6
	printf "nhi-collect secrets: %.2fs wall, %.2fs cpu (%.1f MB/s cpu), %d sightings\n", nw, nc, b / 1e6 / nc, s
	printf "rg -j1 -f patterns:  %.2fs wall, %.2fs cpu (%.1f MB/s cpu), %d matching lines\n", rw, rc, b / 1e6 / rc, r
	printf "ratio nhi/rg (cpu): %.2f\n", nc / rc }'

# History: COMMITS commits, each changing one file, one in 100 adding a key.
mkdir "$work/repo"
git -C "$work/repo" init -q
awk -v n="$commits" 'BEGIN {
	for (c = 1; c <= n; c++) {
		body = "config " c "\nvalue = " c * 7 "\n"
		if (c % 100 == 0) body = body "aws_secret_access_key = 8sdf7Gh2KLm9PqR4tUv1Wx3Yz5Ab7Cd9E" sprintf("%06d", c) "\n"
		printf "commit refs/heads/main\ncommitter Bench <b@x> %d +0000\ndata 5\nc%04d\n", 1600000000 + c, c % 10000
		printf "M 644 inline f%d.conf\ndata %d\n%s\n", c % 200, length(body), body
	}
}' | git -C "$work/repo" fast-import --quiet
/usr/bin/time -f '%e %M' -o "$work/rss" nhi-collect secrets --git "$work/repo" >"$work/git.out"
read -r gw rss <"$work/rss"
awk -v w="$gw" -v s="$(grep -c '' "$work/git.out")" -v rss="$rss" 'BEGIN {
	printf "--git: %d commits in %.2fs wall, %d sightings, peak RSS %.1f MB (largest of nhi-collect and its git children)\n", '"$commits"', w, s, rss / 1024 }'
# For comparison: the git log it reads, alone (usually the largest process).
/usr/bin/time -f '%M' -o "$work/rss.git" git -C "$work/repo" log --all --reverse --date-order --root \
	--no-renames --raw -z --no-abbrev '--format=%x01%H %at %ae' >/dev/null
echo "git log alone: peak RSS $(awk '{ printf "%.1f", $1 / 1024 }' "$work/rss.git") MB"
if command -v valgrind >/dev/null; then
	valgrind --tool=massif --massif-out-file="$work/massif" nhi-collect secrets --git "$work/repo" >/dev/null 2>&1
	echo "nhi-collect's own heap peak: $(sed -n 's/^mem_heap_B=//p' "$work/massif" | sort -n | tail -n 1 | awk '{ printf "%.1f", $1 / 1048576 }') MB"
fi
