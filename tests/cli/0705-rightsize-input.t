# nhi-rightsize with bad input: every bad line is named, the rest goes on;
# usage errors exit 2; secrets in the input never reach the output.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
R=aws:arn:aws:iam::1:role

t 'no --events is a usage error'
run nhi-rightsize </dev/null
expect_out </dev/null
head -n 1 "$T/err" >first
echo 'nhi-rightsize: no --events given (usage or event records)' >want
expect_same want first
expect_status 2

t 'an unknown format and a bad window are usage errors'
run nhi-rightsize --events x --format yml
head -n 1 "$T/err" >first
echo "nhi-rightsize: --format: unknown format 'yml' (records, policy, diff, terraform, yaml)" >want
expect_same want first
expect_status 2
run nhi-rightsize --events x --window 0d
head -n 1 "$T/err" >first
echo "nhi-rightsize: --window: not positive: '0d'" >want
expect_same want first
expect_status 2

t 'bad lines in the graph and the events are named; the rest is right-sized'
cat >g.ndjson <<EOF
{"kind":"identity","id":"$R/a","system":"aws","type":"iam_role","name":"a"}
{"kind":"policy","identity":"$R/a","via":"inline:x","document":"not an object"}
{"kind":"policy","identity":"$R/a","document":{}}
{"kind":"policy","identity":"$R/a","via":"inline:y","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}}
{"kind":"lineage"
{"kind":"identity","id":"$R/b","system":"aws","type":"iam_role","name":"b"}
EOF
cat >e.ndjson <<EOF
{"kind":"event","identity":"$R/a","time":"2026-11-01T00:00:00Z","action":"sqs:SendMessage","resource":"arn:aws:sqs:eu-west-1:1:q","outcome":"allowed"}
{"kind":"event","identity":"$R/a","time":"yesterday","action":"sqs:SendMessage"}
[]
{"kind":"usage","identity":"$R/b","action":"sqs:SendMessage","resource":"arn:aws:sqs:eu-west-1:1:q","count":"2"}
{"kind":"finding","rule":"x"}
EOF
run nhi-rightsize --now $NOW --events e.ndjson --format policy g.ndjson
expect_out <<'EOF'
# aws:arn:aws:iam::1:role/a
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SqsUse1",
      "Effect": "Allow",
      "Action": [
        "sqs:SendMessage"
      ],
      "Resource": [
        "arn:aws:sqs:eu-west-1:1:q"
      ]
    }
  ]
}

# aws:arn:aws:iam::1:role/b: deprovision, no proposal
EOF
expect_err <<'EOF'
nhi-rightsize: g.ndjson:2: policy "document" is not an object
nhi-rightsize: g.ndjson:3: policy has no "via"
nhi-rightsize: g.ndjson:5: invalid JSON: '}' expected near end of file at column 17
nhi-rightsize: e.ndjson:2: event has no valid "time"
nhi-rightsize: e.ndjson:3: not a JSON object
nhi-rightsize: e.ndjson:4: usage "count" is not a positive integer
EOF
expect_status 3

t 'a missing events file is a system error, the rest is still written'
echo '{"kind":"identity","id":"aws:arn:aws:iam::1:role/a","system":"aws","type":"iam_role","name":"a"}' >g.ndjson
run nhi-rightsize --now $NOW --events missing.ndjson g.ndjson
expect_out <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::1:role/a","system":"aws","type":"iam_role","name":"a"}
{"kind":"recommendation","identity":"aws:arn:aws:iam::1:role/a","system":"aws","status":"deprovision","current":{"documents":[]},"proof":{"calls":0,"distinct":0,"window":"90d","from":"2026-08-22T00:00:00Z","to":"2026-11-20T00:00:00Z"},"action":"deprovision","auto_apply":false}
EOF
expect_err <<'EOF'
nhi-rightsize: missing.ndjson: No such file or directory
EOF
expect_status 4

t 'records the program does not consume pass through byte for byte, in order'
cat >g.ndjson <<'EOF'
{"kind":"sighting",  "rule":"x", "fingerprint":"hmac-sha256:0000000000000000"}
{"kind":"identity","id":"gcp:sa/ci@p.iam.gserviceaccount.com","system":"gcp"}
{"kind":"policy","identity":"aws:account:1","via":"scp:p-1","document":{}}
{"kind":"lineage","id":"github:acme/pat/1","system":"github"}
EOF
run nhi-rightsize --now $NOW --events /dev/null g.ndjson
expect_out_file g.ndjson
expect_err </dev/null
expect_status 0

t 'a secret in the events reaches no output'
cat >g.ndjson <<EOF
{"kind":"lineage","id":"$R/a","system":"aws","type":"iam_role","name":"a","credentials":[{"id":"aws:key:AKIAIOSFODNN7EXAMPLE"}],"policies":[{"via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}]}
EOF
cat >e.ndjson <<EOF
{"kind":"event","identity":"$R/a","time":"2026-11-01T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","outcome":"allowed","user_agent":"aws-cli secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","error":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
{"kind":"event","identity":"$R/a","time":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","action":"s3:GetObject"}
EOF
run nhi-rightsize --now $NOW --events e.ndjson g.ndjson
expect_no_secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
expect_status 3
run nhi-rightsize --merge e.ndjson
expect_no_secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
expect_status 3

t '--strict stops at the first bad line, --rejects keeps it'
printf '{"kind":"event","identity":"i","time":"x","action":"s3:A"}\n{"kind":"event","identity":"i","time":"2026-11-01T00:00:00Z","action":"s3:A"}\n' >e.ndjson
run nhi-rightsize --merge --rejects rej.ndjson e.ndjson
expect_out <<'EOF'
{"kind":"usage","identity":"i","action":"s3:A","resource":"*","count":1,"first":"2026-11-01T00:00:00Z","last":"2026-11-01T00:00:00Z","days":1,"daymap":"8"}
EOF
expect_status 3
head -n 1 e.ndjson >want
expect_same want rej.ndjson
run nhi-rightsize --merge --strict e.ndjson
expect_out </dev/null
expect_status 3

t '--rejects keeps the rejected lines of the graph and of the events'
printf '{"kind":"policy","identity":"aws:arn:aws:iam::1:role/a","via":"inline:x","document":1}\n' >g.ndjson
printf '{"kind":"event","identity":"i","time":"x","action":"s3:A"}\n' >e.ndjson
run nhi-rightsize --now $NOW --rejects rej.ndjson --events e.ndjson g.ndjson
cat g.ndjson e.ndjson >want
expect_same want rej.ndjson
expect_status 3

t 'a usage record spanning two centuries is bounded, not a crash'
awk 'BEGIN { s = "8"; for (i = 0; i < 20818; i++) s = s "0"; printf "{\"kind\":\"usage\",\"identity\":\"i\",\"action\":\"s3:A\",\"resource\":\"r\",\"count\":1,\"first\":\"1970-01-02T00:00:00Z\",\"last\":\"2197-12-31T00:00:00Z\",\"daymap\":\"%s\"}\n", s }' >u.ndjson
run sh -c 'nhi-rightsize --merge u.ndjson | jq -c "[.count, .days, (.daymap | length)]"'
expect_out <<'EOF'
[1,2,20819]
EOF
expect_status 0

done_testing
