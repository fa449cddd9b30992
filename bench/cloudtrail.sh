#!/bin/sh
# bench/cloudtrail.sh [EVENTS]: nhi-collect cloudtrail --aggregate against
# jq doing the same projection over NDJSON (goal: >= 5x jq), and against
# zcat alone over a delivered .json.gz tree (goal: >= 0.5x zcat), with the
# peak RSS at EVENTS/4 and EVENTS events (goal: flat).  Appends a line to
# bench/RESULTS.md.  Not part of make check.  O= names the build folder.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$top}
N=${1:-400000}
bin=$O/bin/nhi-collect
work=$top/bench/work/cloudtrail
[ -x "$bin" ] || { echo "bench: build first ($bin)" >&2; exit 4; }
command -v jq >/dev/null || { echo "bench: jq is needed" >&2; exit 4; }
export NHI_DATA_DIR=$top/data LC_ALL=C
mkdir -p "$work"

gen() { # events mode out
	if [ ! -e "$3.done" ]; then
		rm -rf "$3"
		if [ "$2" = ndjson ]; then
			awk -v n="$1" -v mode=ndjson -f "$top/bench/cloudtrail-gen.awk" >"$3"
		else
			awk -v n="$1" -v mode=records -v dir="$3" -f "$top/bench/cloudtrail-gen.awk"
			find "$3" -name '*.json' -exec gzip -n -f {} +
		fi
		touch "$3.done"
	fi
}
# cpu COMMAND...: "wall cpu" seconds (cpu = user + system, children
# included), so the ratios hold on a loaded machine too.
cpu() {
	/usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null
	awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$work/time"
}
rss() { # command...: peak RSS in KiB
	/usr/bin/time -f %M -o "$work/time" "$@" >/dev/null
	cat "$work/time"
}
proj='{identity: (.userIdentity.sessionContext.sessionIssuer.arn // .userIdentity.arn),
	source: .eventSource, name: .eventName, time: .eventTime, error: .errorCode,
	bucket: .requestParameters.bucketName, key: .requestParameters.key,
	resources: [.resources[]?.ARN]}'

gen "$N" ndjson "$work/events-$N.ndjson"
gen "$N" records "$work/tree-$N"
gen $((N / 4)) ndjson "$work/events-$((N / 4)).ndjson"

t_jq=$(cpu jq -c "$proj" "$work/events-$N.ndjson")
t_nd=$(cpu "$bin" cloudtrail --aggregate "$work/events-$N.ndjson")
t_slow=$(cpu "$bin" cloudtrail --aggregate --no-fast-path "$work/events-$N.ndjson")
t_zcat=$(cpu sh -c "find '$work/tree-$N' -name '*.json.gz' | sort | xargs zcat")
t_gz=$(cpu "$bin" cloudtrail --aggregate "$work/tree-$N")
r_small=$(rss "$bin" cloudtrail --aggregate "$work/events-$((N / 4)).ndjson")
r_big=$(rss "$bin" cloudtrail --aggregate "$work/events-$N.ndjson")
r_gz=$(rss "$bin" cloudtrail --aggregate "$work/tree-$N")
u_small=$("$bin" cloudtrail --aggregate "$work/events-$((N / 4)).ndjson" | wc -l)
u_big=$("$bin" cloudtrail --aggregate "$work/events-$N.ndjson" | wc -l)
mb=$(du -m "$work/events-$N.ndjson" | cut -f1)

line=$(awk -v jq="$t_jq" -v nd="$t_nd" -v slow="$t_slow" -v z="$t_zcat" -v gz="$t_gz" \
	-v rs="$r_small" -v rb="$r_big" -v rg="$r_gz" -v n="$N" -v mb="$mb" \
	-v us="$u_small" -v ub="$u_big" \
	-v d="$(date -u +%Y-%m-%d)" -v cpus="$(nproc)" \
	-v load="$(cut -d' ' -f1 /proc/loadavg)" \
	-v mem="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)" 'BEGIN {
	split(jq, j); split(nd, a); split(slow, sl); split(z, zz); split(gz, g)
	printf "| %s | %d (load %s) | %s | %d events, %d MB | %.1fx jq (cpu %.2fs vs %.2fs; wall %.2fs vs %.2fs; jansson path cpu %.2fs) | %.2fx zcat (cpu %.2fs vs %.2fs; wall %.2fs vs %.2fs) | %d / %d KiB (N/4 / N NDJSON; %d / %d usage records), %d KiB gz tree |\n",
		d, cpus, load, mem, n, mb, j[2] / a[2], a[2], j[2], a[1], j[1], sl[2],
		zz[2] / g[2], g[2], zz[2], g[1], zz[1], rs, rb, us, ub, rg }')
echo "$line"
if [ ! -f "$top/bench/RESULTS.md" ]; then
	printf '# Benchmark results\n\n## cloudtrail --aggregate (bench/cloudtrail.sh)\n\nRatios are of CPU time (user + system, children included), so that they\nhold on a shared machine; wall times are given too.\n\n| date | nproc | memory | input | NDJSON vs jq (goal >= 5x) | .json.gz tree vs zcat (goal >= 0.5x) | peak RSS |\n|---|---|---|---|---|---|---|\n' >"$top/bench/RESULTS.md"
fi
echo "$line" >>"$top/bench/RESULTS.md"
