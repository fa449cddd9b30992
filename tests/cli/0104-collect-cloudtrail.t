# nhi-collect cloudtrail: events as delivered, exported and looked up, every
# userIdentity type, the IAM action of each call, creator signals.
. "$TOP/tests/lib.sh"
A=$FIX/aws

t 'the documentation examples: log files, single events, LookupEvents'
cd "$A/samples" && run sh -c 'nhi-collect cloudtrail cloudtrail-*.json cli-cloudtrail-lookup-events.json'
expect_out_file "$A/expected/cloudtrail-doc-events.ndjson"
expect_err </dev/null
expect_status 0

t 'NDJSON: every userIdentity type, outcomes, suffixed and renamed events, bad lines named'
cd "$A/own" && run nhi-collect cloudtrail ct-identities.ndjson
expect_out_file "$A/expected/cloudtrail-identities.ndjson"
expect_err <<'EOF'
nhi-collect: ct-identities.ndjson:6: invalid JSON: unexpected token near end of file at column 68
nhi-collect: ct-identities.ndjson:9: event has no eventTime
nhi-collect: ct-identities.ndjson:10: eventTime is not a time
nhi-collect: cloudtrail: skipped 1 object of type 'userIdentity Unknown' (not collected yet)
EOF
expect_status 3

t 'the same events as a bare JSON array give the same records'
cd "$A/own" && nhi-collect cloudtrail ct-identities.ndjson 2>/dev/null |
	sed 's/"source":.*//' >"$T/a"
cd "$A/own" && nhi-collect cloudtrail ct-bare-array.json 2>/dev/null |
	sed 's/"source":.*//' >"$T/b"
expect_same "$T/a" "$T/b"

t 'panther and elastic exports (one event per line)'
cd "$A/samples" && run nhi-collect cloudtrail panther-cloudtrail-events.jsonl elastic-cloudtrail-assume-role-aws-service.ndjson
expect_out_file "$A/expected/cloudtrail-panther-elastic.ndjson"
expect_err <<'EOF'
nhi-collect: panther-cloudtrail-events.jsonl:29: eventTime is not a time
nhi-collect: panther-cloudtrail-events.jsonl:36: eventTime is not a time
EOF
expect_status 3

t 'a delivered tree of .json.gz files, walked in order, two accounts'
cd "$A/own" && run nhi-collect cloudtrail ct-tree
expect_out_file "$A/expected/cloudtrail-tree.ndjson"
expect_err </dev/null
expect_status 0

t '--since and --until keep the window (and skip the days outside it by path)'
cd "$A/own" && run sh -c 'nhi-collect cloudtrail --since 2026-03-02 --until 2026-03-03 ct-tree | cut -d, -f2,3'
expect_out <<'EOF'
"identity":"aws:arn:aws:iam::111122223333:role/service/pipeline","time":"2026-03-02T08:00:00Z"
"identity":"aws:arn:aws:iam::111122223333:role/service/pipeline","time":"2026-03-02T08:00:01Z"
"identity":"aws:arn:aws:iam::444455556666:role/reader","time":"2026-03-02T09:00:00Z"
"identity":"aws:arn:aws:iam::444455556666:role/reader","time":"2026-03-02T09:30:00Z"
EOF
expect_status 0

t 'a day outside --since/--until is skipped by its path, unread'
cp -R "$A/own/ct-tree" tree
echo 'not json' >tree/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/01/broken.json
echo 'not json' >tree/AWSLogs/444455556666/CloudTrail/us-east-1/2026/03/03/broken.json
run nhi-collect cloudtrail --aggregate --since 2026-03-02T02:00:00Z --until 2026-03-02T23:00:00Z tree
expect_err </dev/null
expect_status 0
run nhi-collect cloudtrail --aggregate tree
expect_err <<'EOF'
nhi-collect: tree/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/01/broken.json:1: invalid JSON: '[' or '{' expected at column 3
nhi-collect: tree/AWSLogs/444455556666/CloudTrail/us-east-1/2026/03/03/broken.json:1: invalid JSON: '[' or '{' expected at column 3
EOF
expect_status 3

t '--since as a duration before --now'
cd "$A/own" && run sh -c 'nhi-collect cloudtrail --now 2026-03-03T10:00:00Z --since 2h ct-tree | cut -d, -f3'
expect_out <<'EOF'
"time":"2026-03-03T09:00:00Z"
EOF
expect_status 0

t 'bad files: truncated gzip, a record that is not an event, not CloudTrail, invalid JSON'
cd "$A/own" && run nhi-collect cloudtrail ct-bad
expect_out_file "$A/expected/cloudtrail-bad.ndjson"
expect_err <<'EOF'
nhi-collect: ct-bad/broken.json:2: invalid JSON: unexpected token at column 17
nhi-collect: ct-bad/not-cloudtrail.json:1: not a CloudTrail event
nhi-collect: ct-bad/records-with-bad-event.json: /Records/1: event is not a JSON object
nhi-collect: ct-bad/truncated.json.gz: truncated gzip input
EOF
expect_status 3

t '--strict stops at the first rejected event'
cd "$A/own" && run nhi-collect --strict cloudtrail ct-identities.ndjson
expect_err <<'EOF'
nhi-collect: ct-identities.ndjson:6: invalid JSON: unexpected token near end of file at column 68
nhi-collect: stopping at the first rejected input (--strict)
EOF
expect_status 3
[ "$(wc -l <"$T/out")" = 5 ] || _complain "expected the 5 events before line 6"

t 'standard input'
run nhi-collect cloudtrail <"$A/samples/cloudtrail-logfile-doc-5-CreateUser.json"
expect_out <<'EOF'
{"kind":"signal","role":"provisioner","subject":"aws:arn:aws:iam::123456789012:user/Bob","person":"Alice","evidence":"CreateUser by IAM user Alice (CloudTrail 2014-03-24T21:11:59Z)","time":"2014-03-24T21:11:59Z","weight":0.625,"source":{"collector":"cloudtrail","file":"<stdin>","pointer":"/Records/0"}}
{"kind":"event","identity":"aws:arn:aws:iam::123456789012:user/Alice","time":"2014-03-24T21:11:59Z","action":"iam:CreateUser","resource":"arn:aws:iam::123456789012:user/Bob","outcome":"allowed","source_ip":"127.0.0.1","user_agent":"aws-cli/1.3.2 Python/2.7.5 Windows/7","region":"us-east-2","event_source":"iam.amazonaws.com","event_name":"CreateUser","access_key_id":"EXAMPLE_KEY_ID","source":{"collector":"cloudtrail","file":"<stdin>","pointer":"/Records/0"}}
EOF
expect_err </dev/null
expect_status 0

t 'a line longer than --max-record is rejected, the next one is read'
{ printf '{"eventTime":"2026-03-01T00:00:00Z","pad":"%03000d"}\n' 0
  head -1 "$A/own/ct-identities.ndjson"; } >long.ndjson
run nhi-collect cloudtrail --max-record 2000 long.ndjson
expect_err <<'EOF'
nhi-collect: long.ndjson:1: line longer than 2000 bytes
EOF
expect_status 3
cut -d, -f2 "$T/out" >"$T/ids"
cd "$T" && run cat ids
expect_out <<'EOF'
"identity":"aws:arn:aws:iam::111122223333:role/service/pipeline"
EOF

done_testing
