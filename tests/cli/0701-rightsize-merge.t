# nhi-rightsize --merge: usage aggregation is associative and commutative,
# so shards merged in any grouping give the bytes of one run.
. "$TOP/tests/lib.sh"

E=$FIX/rightsize/events.ndjson

# shards: one.ndjson from all events, shard.a? of 17 lines, each as .usage
shards() {
	nhi-rightsize --merge $E >one.ndjson
	split -l 17 $E shard.
	for s in shard.a?; do nhi-rightsize --merge "$s" >"$s.usage"; done
}

t 'events become usage records: counts, first, last, days and the day set'
run nhi-rightsize --merge <<'EOF'
{"kind":"event","identity":"aws:arn:aws:iam::1:role/r","time":"2026-11-01T10:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","outcome":"allowed"}
{"kind":"event","identity":"aws:arn:aws:iam::1:role/r","time":"2026-11-01T11:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","outcome":"allowed"}
{"kind":"event","identity":"aws:arn:aws:iam::1:role/r","time":"2026-11-06T11:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","outcome":"failed"}
{"kind":"event","identity":"aws:arn:aws:iam::1:role/r","time":"2026-11-07T11:00:00Z","action":"s3:DeleteObject","resource":"arn:aws:s3:::b/k","outcome":"denied"}
{"kind":"event","identity":"aws:arn:aws:iam::1:role/r","time":"2026-11-02T00:00:00Z","actions":["s3:ListBucket","s3:ListBucketVersions"],"resources":["arn:aws:s3:::a","arn:aws:s3:::b"],"outcome":"allowed"}
{"kind":"event","identity":"aws:arn:aws:iam::1:role/r","time":"2026-11-03T00:00:00Z","action":"ec2:RunInstances","outcome":"allowed","maybe":["iam:PassRole"]}
{"kind":"person","id":"person:x@y.example","status":"active"}
EOF
expect_out <<'EOF'
{"kind":"person","id":"person:x@y.example","status":"active"}
{"kind":"usage","identity":"aws:arn:aws:iam::1:role/r","action":"ec2:RunInstances","resource":"*","count":1,"first":"2026-11-03T00:00:00Z","last":"2026-11-03T00:00:00Z","days":1,"daymap":"8"}
{"kind":"usage","identity":"aws:arn:aws:iam::1:role/r","action":"iam:PassRole","resource":"*","via":"ec2:RunInstances","count":1,"first":"2026-11-03T00:00:00Z","last":"2026-11-03T00:00:00Z","days":1,"daymap":"8"}
{"kind":"usage","identity":"aws:arn:aws:iam::1:role/r","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","count":3,"first":"2026-11-01T10:00:00Z","last":"2026-11-06T11:00:00Z","days":2,"daymap":"84"}
{"kind":"usage","identity":"aws:arn:aws:iam::1:role/r","action":"s3:ListBucket","resource":"arn:aws:s3:::a","count":1,"first":"2026-11-02T00:00:00Z","last":"2026-11-02T00:00:00Z","days":1,"daymap":"8"}
{"kind":"usage","identity":"aws:arn:aws:iam::1:role/r","action":"s3:ListBucket","resource":"arn:aws:s3:::b","count":1,"first":"2026-11-02T00:00:00Z","last":"2026-11-02T00:00:00Z","days":1,"daymap":"8"}
{"kind":"usage","identity":"aws:arn:aws:iam::1:role/r","action":"s3:ListBucketVersions","resource":"arn:aws:s3:::a","count":1,"first":"2026-11-02T00:00:00Z","last":"2026-11-02T00:00:00Z","days":1,"daymap":"8"}
{"kind":"usage","identity":"aws:arn:aws:iam::1:role/r","action":"s3:ListBucketVersions","resource":"arn:aws:s3:::b","count":1,"first":"2026-11-02T00:00:00Z","last":"2026-11-02T00:00:00Z","days":1,"daymap":"8"}
EOF
expect_err </dev/null
expect_status 0

t 'K shards merged give the same bytes as one run, in any order and grouping'
shards
ls shard.*.usage | sort -r | xargs nhi-rightsize --merge >all.ndjson
expect_same one.ndjson all.ndjson
nhi-rightsize --merge shard.aa.usage shard.ab.usage >left.ndjson
ls shard.*.usage | sed 1,2d | xargs nhi-rightsize --merge left.ndjson >grouped.ndjson
expect_same one.ndjson grouped.ndjson

t 'raw events and partial aggregates mix'
shards
cat shard.aa shard.ab.usage shard.ac shard.ad.usage shard.ae shard.af.usage shard.ag >mix.ndjson
run nhi-rightsize --merge mix.ndjson
expect_out_file one.ndjson
expect_status 0

t 'a gzip shard is read like a plain one'
shards
gzip -c $E >e.gz
run nhi-rightsize --merge e.gz
expect_out_file one.ndjson
expect_status 0

t 'merging a usage stream with itself doubles counts and keeps the days'
shards
run sh -c "nhi-rightsize --merge one.ndjson one.ndjson | jq -c 'select(.action == \"s3:GetObject\" and (.resource | startswith(\"arn:aws:s3:::orders\"))) | [.count, .days, .daymap]'"
expect_out <<'EOF'
[12,6,"90820404"]
EOF
expect_status 0

t 'bad usage and event records are rejected with their line, the rest merged'
run nhi-rightsize --merge <<'EOF'
{"kind":"usage","identity":"i","action":"s3:GetObject","resource":"r","count":0}
{"kind":"usage","identity":"i","action":"s3:GetObject","resource":"r","count":1,"first":"2026-11-01T00:00:00Z"}
{"kind":"usage","identity":"i","action":"s3:GetObject","resource":"r","count":1,"first":"2026-11-01T00:00:00Z","last":"2026-11-02T00:00:00Z","daymap":"zz"}
{"kind":"usage","identity":"i","action":"s3:GetObject","resource":"r","count":1,"first":"2026-11-01T00:00:00Z","last":"2026-11-02T00:00:00Z","daymap":"c0"}
{"kind":"usage","action":"s3:GetObject","resource":"r","count":1}
{"kind":"usage","identity":"i","action":"GetObject","resource":"r","count":1}
{"kind":"event","identity":"i","action":"s3:GetObject"}
{"kind":"event","identity":"i","time":"3000-01-01T00:00:00Z","action":"s3:GetObject"}
{"kind":"event","identity":"i","time":"2026-11-01T00:00:00Z"}
{"kind":"event","identity":"i","time":"2026-11-01T00:00:00Z","action":"GetObject"}
{"kind":"event","identity":"i","time":"2026-11-01T00:00:00Z","action":"s3:GetObject","resource":7}
{"kind":"event","identity":"i","time":"2026-11-01T00:00:00Z","action":"s3:GetObject","maybe":[1]}
not json
{"kind":"usage","identity":"i","action":"s3:GetObject","resource":"r","count":2,"first":"2026-11-01T00:00:00Z","last":"2026-11-02T00:00:00Z","daymap":"c"}
EOF
expect_out <<'EOF'
{"kind":"usage","identity":"i","action":"s3:GetObject","resource":"r","count":2,"first":"2026-11-01T00:00:00Z","last":"2026-11-02T00:00:00Z","days":2,"daymap":"c"}
EOF
expect_err <<'EOF'
nhi-rightsize: <stdin>:1: usage "count" is not a positive integer
nhi-rightsize: <stdin>:2: usage "first" and "last" disagree
nhi-rightsize: <stdin>:3: usage "daymap" is not lower-case hex
nhi-rightsize: <stdin>:4: usage "daymap" does not span first..last
nhi-rightsize: <stdin>:5: usage has no "identity"
nhi-rightsize: <stdin>:6: usage action is not "service:Name"
nhi-rightsize: <stdin>:7: event has no valid "time"
nhi-rightsize: <stdin>:8: event "time" is out of range
nhi-rightsize: <stdin>:9: event has no "action"
nhi-rightsize: <stdin>:10: event action is not "service:Name"
nhi-rightsize: <stdin>:11: event resource is not a non-empty string
nhi-rightsize: <stdin>:12: event "maybe" holds a non-action
nhi-rightsize: <stdin>:13: invalid JSON: '[' or '{' expected at column 3
EOF
expect_status 3

t '--merge takes no --events'
run nhi-rightsize --merge --events x
expect_out </dev/null
head -n 1 "$T/err" >first
echo 'nhi-rightsize: --merge takes no --events, --format or --identity' >want
expect_same want first
expect_status 2

done_testing
