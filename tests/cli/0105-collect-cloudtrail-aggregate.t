# nhi-collect cloudtrail --aggregate: usage records, one per (identity,
# action, resource), sorted; the fast path gives what jansson gives.
. "$TOP/tests/lib.sh"
A=$FIX/aws

t 'NDJSON: allowed and failed calls count, refused ones and no-IAM calls do not'
cd "$A/own" && run nhi-collect cloudtrail --aggregate ct-identities.ndjson
expect_out_file "$A/expected/cloudtrail-identities-usage.ndjson"
expect_err <<'EOF'
nhi-collect: ct-identities.ndjson:6: invalid JSON: unexpected token near end of file at column 68
nhi-collect: ct-identities.ndjson:9: event has no eventTime
nhi-collect: ct-identities.ndjson:10: eventTime is not a time
nhi-collect: cloudtrail: skipped 1 object of type 'userIdentity Unknown' (not collected yet)
EOF
expect_status 3

t 'a .json.gz tree: first, last and distinct days per triple'
cd "$A/own" && run nhi-collect cloudtrail --aggregate ct-tree
expect_out <<'EOF'
{"kind":"usage","identity":"aws:arn:aws:iam::111122223333:role/service/pipeline","action":"s3:GetObject","resource":"arn:aws:s3:::raw-data","count":1,"first":"2026-03-01T12:00:03Z","last":"2026-03-01T12:00:03Z","days":1}
{"kind":"usage","identity":"aws:arn:aws:iam::111122223333:role/service/pipeline","action":"s3:GetObject","resource":"arn:aws:s3:::raw-data/2026/03/01/a.json","count":2,"first":"2026-03-01T12:00:03Z","last":"2026-03-02T08:00:01Z","days":2}
{"kind":"usage","identity":"aws:arn:aws:iam::111122223333:role/service/pipeline","action":"s3:GetObject","resource":"arn:aws:s3:::raw-data/2026/03/01/b.json","count":1,"first":"2026-03-01T12:00:04Z","last":"2026-03-01T12:00:04Z","days":1}
{"kind":"usage","identity":"aws:arn:aws:iam::111122223333:role/service/pipeline","action":"s3:ListBucket","resource":"arn:aws:s3:::raw-data","count":1,"first":"2026-03-02T08:00:00Z","last":"2026-03-02T08:00:00Z","days":1}
{"kind":"usage","identity":"aws:arn:aws:iam::111122223333:user/ci/ci-deploy","action":"lambda:UpdateFunctionCode","resource":"arn:aws:lambda:eu-west-1:111122223333:function:etl-loader","count":1,"first":"2026-03-01T12:01:00Z","last":"2026-03-01T12:01:00Z","days":1}
{"kind":"usage","identity":"aws:arn:aws:iam::444455556666:role/reader","action":"s3:GetObject","resource":"arn:aws:s3:::b-data/k","count":2,"first":"2026-03-02T09:00:00Z","last":"2026-03-03T09:00:00Z","days":2}
{"kind":"usage","identity":"aws:arn:aws:iam::444455556666:role/reader","action":"sqs:SendMessage","resource":"*","count":1,"first":"2026-03-02T09:30:00Z","last":"2026-03-02T09:30:00Z","days":1}
EOF
expect_err </dev/null
expect_status 0

t 'input order does not change the output'
cd "$A/own" && nhi-collect cloudtrail --aggregate ct-tree ct-identities.ndjson >"$T/a" 2>/dev/null
cd "$A/own" && nhi-collect cloudtrail --aggregate ct-identities.ndjson ct-tree >"$T/b" 2>/dev/null
expect_same "$T/a" "$T/b"

t 'creator events still give their signals'
cd "$A/own" && run sh -c 'nhi-collect cloudtrail --aggregate ct-identities.ndjson 2>/dev/null | grep -c "^{\"kind\":\"signal\""'
expect_out <<'EOF'
4
EOF

# The differential test: every sample and fixture, the fast path against
# jansson (--no-fast-path and NHI_CLOUDTRAIL_NO_FAST_PATH), byte for byte,
# stdout and stderr.
for f in "$A"/samples/*.json "$A"/samples/*.jsonl "$A"/samples/*.ndjson \
	"$A"/own/ct-*.json "$A"/own/ct-*.ndjson "$A"/own/ct-tree "$A"/own/ct-bad \
	"$TOP"/tests/fuzz/seeds/cloudtrail-fast; do
	t "fast path = jansson: $(basename "$f")"
	nhi-collect cloudtrail --aggregate "$f" >"$T/fast" 2>"$T/fast.err"
	echo $? >>"$T/fast.err"
	nhi-collect cloudtrail --aggregate --no-fast-path "$f" >"$T/slow" 2>"$T/slow.err"
	echo $? >>"$T/slow.err"
	NHI_CLOUDTRAIL_NO_FAST_PATH=1 nhi-collect cloudtrail --aggregate "$f" >"$T/env" 2>"$T/env.err"
	echo $? >>"$T/env.err"
	expect_same "$T/slow" "$T/fast"
	expect_same "$T/slow.err" "$T/fast.err"
	expect_same "$T/slow" "$T/env"
done

t 'the differential test sees work: the samples give usage'
cd "$A/samples" && run sh -c 'nhi-collect cloudtrail --aggregate . 2>/dev/null | grep -c "^{\"kind\":\"usage\""'
expect_out <<'EOF'
46
EOF

done_testing
