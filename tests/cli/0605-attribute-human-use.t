# nhi-attribute: NHI10, a person using a non-human identity.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
ORG=$FIX/attribute/org.ndjson
R=aws:arn:aws:iam::123456789012:role/deploy

findings() {
	jq -c 'select(.kind == "finding") | [.rule, .severity, .nhi_top10, .identity, .message, [.evidence[] | .why]]' "$T/out" >got
}

t 'console sign-ins, browsers and sessions named after people are human use; a pipeline is not'
cat "$ORG" - >in <<EOF
{"kind":"event","identity":"$R","time":"2026-11-02T08:00:00Z","action":"signin:ConsoleLogin","event_name":"ConsoleLogin","outcome":"allowed","source_ip":"198.51.100.7","user_agent":"Mozilla/5.0 (Macintosh)","session":"li@acme.example"}
{"kind":"event","identity":"$R","time":"2026-11-02T08:01:00Z","action":"s3:ListBuckets","outcome":"allowed","user_agent":"Mozilla/5.0 (Macintosh)","console":true}
{"kind":"event","identity":"$R","time":"2026-11-02T08:02:00Z","action":"s3:GetObject","outcome":"allowed","user_agent":"[S3Console/0.4, aws-internal/3] console.amazonaws.com"}
{"kind":"event","identity":"$R","time":"2026-11-02T09:00:00Z","action":"s3:PutObject","outcome":"allowed","user_agent":"aws-sdk-go-v2/1.30.0","session":"GitHubActions-17"}
{"kind":"event","identity":"$R","time":"2026-11-03T09:00:00Z","action":"s3:PutObject","outcome":"allowed","user_agent":"aws-cli/2.15.0","session":"liwei"}
{"kind":"event","identity":"$R","time":"2026-11-03T09:01:00Z","action":"s3:PutObject","outcome":"allowed","user_agent":"aws-cli/2.15.0","session":"liwei"}
{"kind":"event","identity":"$R","time":"2026-11-03T10:00:00Z","action":"s3:PutObject","outcome":"allowed","user_agent":"Boto3/1.34","session":"contractor@outside.example"}
{"kind":"lineage","id":"$R","system":"aws","type":"iam_role","name":"deploy","tags":{"owner":"li@acme.example"}}
{"kind":"lineage","id":"aws:arn:aws:iam::123456789012:role/quiet","system":"aws","type":"iam_role","name":"quiet","tags":{"owner":"li@acme.example"}}
EOF
run nhi-attribute --now $NOW in
expect_err </dev/null
expect_status 0
findings
cat >want <<'EOF'
["human-use-of-nhi","high","NHI10","aws:arn:aws:iam::123456789012:role/deploy","5 calls by a person: console sign-in",["console sign-in","console sign-in","console user agent","human session name","human session name"]]
EOF
expect_same want got

t 'the command line from a people network is human use (medium); from elsewhere it is not'
cat "$ORG" - >in <<EOF
{"kind":"event","identity":"$R","time":"2026-11-03T09:00:00Z","action":"s3:PutObject","outcome":"allowed","source_ip":"10.20.30.40","user_agent":"aws-cli/2.15.0 Python/3.11"}
{"kind":"event","identity":"$R","time":"2026-11-03T09:00:00Z","action":"s3:PutObject","outcome":"allowed","source_ip":"192.0.2.1","user_agent":"aws-cli/2.15.0 Python/3.11"}
{"kind":"lineage","id":"$R","system":"aws","type":"iam_role","name":"deploy"}
{"kind":"event","identity":"k8s:prod/sa/ci/builder","time":"2026-11-03T09:00:00Z","action":"get secrets","outcome":"allowed","source_ip":"172.16.0.1","user_agent":"kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819"}
{"kind":"event","identity":"k8s:prod/sa/ci/builder","time":"2026-11-03T09:00:00Z","action":"get secrets","outcome":"allowed","source_ip":"172.16.0.2","user_agent":"kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819"}
{"kind":"lineage","id":"k8s:prod/sa/ci/builder","system":"k8s","type":"k8s_service_account","name":"builder","annotations":{"owner":"li@acme.example"}}
EOF
run nhi-attribute --now $NOW --human-net 10.20.0.0/16 --human-net 172.16.0.1 in
expect_status 0
findings
cat >want <<'EOF'
["unowned-identity","low","NHI1","aws:arn:aws:iam::123456789012:role/deploy","no ownership signal at all: no owner is guessed",[]]
["human-use-of-nhi","medium","NHI10","aws:arn:aws:iam::123456789012:role/deploy","1 call by a person: command-line user agent from a people network",["command-line user agent from a people network"]]
["human-use-of-nhi","medium","NHI10","k8s:prod/sa/ci/builder","1 call by a person: command-line user agent from a people network",["command-line user agent from a people network"]]
EOF
expect_same want got
expect_true 'the finding is on the lineage record too' grep -q '"findings":\[{"rule":"unowned-identity".*{"rule":"human-use-of-nhi","severity":"medium"' "$T/out"

t 'a person'"'"'s own IAM user signing in to the console is not NHI10'
cat "$ORG" - >in <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::123456789012:user/li","system":"aws","type":"iam_user","name":"li","arn":"arn:aws:iam::123456789012:user/li","tags":{"email":"li@acme.example"}}
{"kind":"event","identity":"aws:arn:aws:iam::123456789012:user/li","time":"2026-11-03T09:00:00Z","action":"signin:ConsoleLogin","outcome":"allowed","console":true}
{"kind":"lineage","id":"aws:arn:aws:iam::123456789012:user/li","system":"aws","type":"iam_user","name":"li","arn":"arn:aws:iam::123456789012:user/li","tags":{"owner":"li@acme.example"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
findings
: >want
expect_same want got

t '--fail-on high trips on human use; a bad --human-net is a usage error'
cat "$ORG" - >in <<EOF
{"kind":"event","identity":"$R","time":"2026-11-02T08:00:00Z","action":"signin:ConsoleLogin","outcome":"allowed","console":true}
{"kind":"lineage","id":"$R","system":"aws","type":"iam_role","name":"deploy","tags":{"owner":"li@acme.example"}}
EOF
run nhi-attribute --now $NOW --fail-on high in
expect_status 1
run nhi-attribute --now $NOW --fail-on critical in
expect_status 0
run nhi-attribute --human-net 10.0.0.0/33 in
expect_status 2
expect_out </dev/null
head -n 1 "$T/err" >first
echo "nhi-attribute: --human-net: bad prefix length: '10.0.0.0/33'" >want
expect_same want first

t 'people signing in through IAM Identity Center roles is what those roles are for'
cat "$ORG" - >in <<'EOF'
{"kind":"event","identity":"aws:arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef","time":"2026-11-03T09:00:00Z","action":"signin:ConsoleLogin","outcome":"allowed","console":true,"session":"li@acme.example"}
{"kind":"lineage","id":"aws:arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef","system":"aws","type":"iam_role","name":"AWSReservedSSO_Admin_0123456789abcdef","tags":{"owner":"casey@acme.example"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
findings
: >want
expect_same want got

done_testing
