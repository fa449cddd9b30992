# Calls that need no IAM permission ("actions":[], as nhi-collect cloudtrail
# writes ConsoleLogin or GetCallerIdentity) are not usage and not errors.
. "$TOP/tests/lib.sh"

t 'an event needing no permission is ignored by --merge, without a complaint'
run nhi-rightsize --merge <<'EOF'
{"kind":"event","identity":"aws:arn:aws:iam::111122223333:user/ci","time":"2026-11-01T00:00:00Z","actions":[],"event_name":"GetCallerIdentity","outcome":"allowed"}
{"kind":"event","identity":"aws:arn:aws:iam::111122223333:user/ci","time":"2026-11-01T00:00:01Z","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","outcome":"allowed"}
{"kind":"event","identity":"aws:arn:aws:iam::111122223333:user/ci","time":"2026-11-01T00:00:02Z","outcome":"allowed"}
EOF
jq -c '[.identity, .action, .resource, .count]' "$T/out" >got
echo '["aws:arn:aws:iam::111122223333:user/ci","s3:GetObject","arn:aws:s3:::b/k",1]' >want
expect_same want got
expect_err <<'EOF'
nhi-rightsize: <stdin>:3: event has no "action"
EOF
expect_status 3

done_testing
