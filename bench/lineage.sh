#!/bin/sh
# bench/lineage.sh [IDENTITIES] [SIGHTINGS]: time nhi-lineage on a generated
# estate against cat(1) of the same input, with peak memory; then --can
# over what it wrote (the result) against cat(1) of that.  Not part of
# make check.  The estate is deterministic (no randomness): IDENTITIES users
# and roles (default 200000) in 20 accounts, a key each for the users, an
# inline policy each, a trust policy per role, and SIGHTINGS sightings
# (default 800000; with the policies, 1M sightings and policies) spread over
# the keys, files and Kubernetes Secrets.
#
#   O=/tmp/build sh bench/lineage.sh            # the build folder's nhi-lineage
#
# Measured 2026-11-22 on a 2-CPU machine (bench/RESULTS.md has each run):
#   cat            0.06-0.24 s     1 MiB peak RSS
#   nhi-lineage    39-55 s      1784 MiB peak RSS  (900040 lines out; it was
#                  110 s and 1811 MiB before the sightings were kept as
#                  text, the fast paths and the second writer process; the
#                  spread is this shared machine's)
#   --can over the 926 MB result: 1.55-1.76 s, 154 MiB (cat of it: 0.12 s)
set -eu
N=${1:-200000}
S=${2:-800000}
top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$top}
bin=$O/bin/nhi-lineage
[ -x "$bin" ] || { echo "bench/lineage.sh: $bin not built" >&2; exit 2; }
tmp=${TMPDIR:-/tmp}/nhi-bench-lineage.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
in=$tmp/estate.ndjson

awk -v n="$N" -v s="$S" 'BEGIN {
	for (i = 0; i < n; i++) {
		acct = sprintf("1000000000%02d", i % 20)
		if (i % 2 == 0) {
			arn = sprintf("arn:aws:iam::%s:user/u%07d", acct, i)
			printf "{\"kind\":\"identity\",\"id\":\"aws:%s\",\"system\":\"aws\",\"type\":\"iam_user\",\"name\":\"u%07d\",\"account\":\"%s\",\"arn\":\"%s\",\"created\":\"2024-01-01T00:00:00Z\",\"source\":{\"collector\":\"aws-iam\",\"file\":\"auth.json\",\"pointer\":\"/UserDetailList/%d\"}}\n", arn, i, acct, arn, i
			printf "{\"kind\":\"credential\",\"id\":\"aws:key:AKIA%016d\",\"identity\":\"aws:%s\",\"type\":\"aws_access_key\",\"key_id\":\"AKIA%016d\",\"static\":true,\"status\":\"active\",\"created\":\"2024-01-01T00:00:00Z\",\"source\":{\"collector\":\"aws-iam\",\"file\":\"auth.json\",\"pointer\":\"/UserDetailList/%d/AccessKeys/0\"}}\n", i, arn, i, i
		} else {
			arn = sprintf("arn:aws:iam::%s:role/r%07d", acct, i)
			printf "{\"kind\":\"identity\",\"id\":\"aws:%s\",\"system\":\"aws\",\"type\":\"iam_role\",\"name\":\"r%07d\",\"account\":\"%s\",\"arn\":\"%s\",\"source\":{\"collector\":\"aws-iam\",\"file\":\"auth.json\",\"pointer\":\"/RoleDetailList/%d\"}}\n", arn, i, acct, arn, i
			printf "{\"kind\":\"trust\",\"identity\":\"aws:%s\",\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::%s:root\"},\"Action\":\"sts:AssumeRole\"}]}}\n", arn, acct
		}
		# one in 1000 may assume roles of its account; one in 5000 is admin
		if (i % 5000 == 7)
			act = "\"*\""
		else if (i % 1000 == 3)
			act = sprintf("\"sts:AssumeRole\"")
		else
			act = sprintf("[\"s3:GetObject\",\"s3:PutObject\",\"dynamodb:Query\"]")
		res = (i % 1000 == 3) ? sprintf("arn:aws:iam::%s:role/*", acct) : (i % 5000 == 7 ? "*" : sprintf("arn:aws:s3:::b%05d/*", i % 30000))
		if (i % 5 != 0 && i % 1000 != 3 && i % 5000 != 7) {
			m = (i / 20) % 50
			printf "{\"kind\":\"policy\",\"identity\":\"aws:%s\",\"via\":\"managed:arn:aws:iam::%s:policy/app-%02d\",\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"sqs:SendMessage\"],\"Resource\":[\"arn:aws:s3:::app-%02d/*\",\"arn:aws:sqs:us-east-1:%s:app-%02d\"]}]},\"source\":{\"collector\":\"aws-iam\",\"file\":\"auth.json\",\"pointer\":\"/p/%d\"}}\n", arn, acct, m, m, acct, m, i
			continue
		}
		printf "{\"kind\":\"policy\",\"identity\":\"aws:%s\",\"via\":\"inline:p\",\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":%s,\"Resource\":\"%s\"}]},\"source\":{\"collector\":\"aws-iam\",\"file\":\"auth.json\",\"pointer\":\"/p/%d\"}}\n", arn, act, res, i
	}
	nk = int(n / 2)
	for (j = 0; j < s; j++) {
		k = (j * 7919) % nk * 2
		if (j % 4 == 0)
			loc = sprintf("{\"type\":\"k8s_secret\",\"path\":\"ns%03d/s%06d\"}", j % 200, j)
		else
			loc = sprintf("{\"type\":\"git\",\"repo\":\"acme/r%04d\",\"path\":\"conf/%d.env\",\"line\":%d,\"commit\":\"%07x\"}", j % 3000, j, j % 90 + 1, j)
		printf "{\"kind\":\"sighting\",\"rule\":\"aws_access_key_id\",\"key_id\":\"AKIA%016d\",\"fingerprint\":\"hmac-sha256:%016x\",\"location\":%s,\"source\":{\"collector\":\"secrets\",\"file\":\"scan\",\"line\":%d}}\n", k, k, loc, j + 1
	}
}' >"$in"

lines=$(wc -l <"$in")
bytes=$(wc -c <"$in")
echo "input: $lines records, $bytes bytes ($N identities, $S sightings)"
run() { # label input output command...: the output goes to a file, or /dev/null
	label=$1
	input=$2
	output=$3
	shift 3
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$@" <"$input" >"$output" 2>"$tmp/err" || true
	read -r secs kb <"$tmp/time"
	if [ "$output" = /dev/null ]; then lines=$(wc -l <"$input"); else lines=$(wc -l <"$output"); fi
	printf '%-12s %8.2f s  %8d MiB peak RSS  %s lines out\n' "$label" "$secs" $((kb / 1024)) "$lines"
}
# cat(1) reading the input and writing nowhere: the floor of reading it
run cat "$in" /dev/null cat
run nhi-lineage "$in" "$tmp/result.ndjson" "$bin" --now 2026-11-22T00:00:00Z
# --can over that result (the lineage records) against cat(1) of it
echo "result: $(wc -l <"$tmp/result.ndjson") records, $(wc -c <"$tmp/result.ndjson") bytes"
run cat "$tmp/result.ndjson" /dev/null cat
run "--can" "$tmp/result.ndjson" "$tmp/out" "$bin" --can s3:GetObject --on arn:aws:s3:::b00042/x
