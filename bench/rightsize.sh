#!/bin/sh
# bench/rightsize.sh [ROLES [EVENTS]]: nhi-rightsize over a generated estate
# (20 000 roles, 10 000 000 events by default; deterministic), one pass over
# the events.  Prints the time and peak RSS of the aggregation (--merge) and
# of the full right-sizing with proofs, and the ratio against jq computing
# the same per-identity action sets.  Not part of make check.
#
# Each role uses 6 actions on 5 resources, so memory is bounded by the
# 600 000 distinct (identity, action, resource) triples, not the events.
set -eu
roles=${1:-20000}
events=${2:-10000000}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${O:-$top}/bin
work=${TMPDIR:-/tmp}/nhi-bench-rightsize
mkdir -p "$work"
cd "$work"
export NHI_DATA_DIR="$top/data"

if [ ! -s "events-$roles-$events.ndjson" ]; then
	echo "generating $roles roles and $events events in $work"
	awk -v roles="$roles" 'BEGIN {
		for (r = 0; r < roles; r++)
			printf "{\"kind\":\"identity\",\"id\":\"aws:arn:aws:iam::123456789012:role/svc-%05d\",\"system\":\"aws\",\"type\":\"iam_role\",\"name\":\"svc-%05d\",\"created\":\"2024-01-01T00:00:00Z\"}\n{\"kind\":\"policy\",\"identity\":\"aws:arn:aws:iam::123456789012:role/svc-%05d\",\"via\":\"inline:app\",\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"dynamodb:*\",\"sqs:*\"],\"Resource\":\"*\"}]}}\n", r, r, r
	}' >"graph-$roles.ndjson"
	awk -v roles="$roles" -v n="$events" 'BEGIN {
		split("s3:GetObject s3:PutObject dynamodb:Query dynamodb:GetItem sqs:SendMessage sqs:ReceiveMessage", act, " ")
		x = 12345
		for (i = 0; i < n; i++) {
			# Park-Miller steps: exact in awk doubles, the same bytes everywhere
			r = i % roles
			x = (x * 16807) % 2147483647; a = 1 + x % 6
			x = (x * 16807) % 2147483647; k = x % 5
			x = (x * 16807) % 2147483647; d = 1 + x % 28
			x = (x * 16807) % 2147483647; hh = x % 24; mm = int(x / 24) % 60
			if (a <= 2)
				res = sprintf("arn:aws:s3:::bucket-%05d/data/part-%d.parquet", r, k)
			else if (a <= 4)
				res = sprintf("arn:aws:dynamodb:eu-west-1:123456789012:table/orders-%05d-%d", r, k)
			else
				res = sprintf("arn:aws:sqs:eu-west-1:123456789012:queue-%05d-%d", r, k)
			printf "{\"kind\":\"event\",\"identity\":\"aws:arn:aws:iam::123456789012:role/svc-%05d\",\"time\":\"2026-10-%02dT%02d:%02d:00Z\",\"action\":\"%s\",\"resource\":\"%s\",\"outcome\":\"allowed\"}\n", r, d, hh, mm, act[a], res
		}
	}' >"events-$roles-$events.ndjson"
fi
ls -l "graph-$roles.ndjson" "events-$roles-$events.ndjson"

measure() { # label command...
	label=$1
	shift
	/usr/bin/time -f "%e %U %M" -o time.out "$@" >out.tmp
	read -r secs user kb <time.out
	echo "$label: ${secs}s wall, ${user}s user CPU, peak RSS $((kb / 1024)) MiB, $(wc -l <out.tmp) lines out"
	eval "t_$label=$user"
}

measure merge "$bin/nhi-rightsize" --merge "events-$roles-$events.ndjson"
measure rightsize "$bin/nhi-rightsize" --now 2026-11-20T00:00:00Z \
	--events "events-$roles-$events.ndjson" "graph-$roles.ndjson"
jq -c 'select(.kind == "recommendation") | .proof.denied' out.tmp | sort | uniq -c | sed 's/^ */denied per recommendation: /'
measure jq jq -n -c 'reduce inputs as $e ({}; .[$e.identity][$e.action] = true) | to_entries[] | [.key, (.value | keys)]' "events-$roles-$events.ndjson"
awk -v m="$t_merge" -v r="$t_rightsize" -v j="$t_jq" 'BEGIN {
	printf "user CPU, jq / nhi-rightsize --merge: %.1fx; jq / full right-sizing with proofs: %.1fx\n", j / m, j / r }'
