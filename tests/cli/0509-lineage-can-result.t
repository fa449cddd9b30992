# nhi-lineage --can and --explain over a result: an earlier run's lineage
# records answer exactly as the estate they came from.
. "$TOP/tests/lib.sh"

E=$FIX/lineage/estate.ndjson
NOW='--now 2026-11-22T00:00:00Z'

# both ESTATE RESULT ACTION RESOURCE [MORE...]: the answers from the estate
# to estate.ans, from the result (and MORE) to result.ans, appended.
both() {
	_e=$1 _r=$2 _a=$3 _o=$4
	shift 4
	nhi-lineage --can "$_a" --on "$_o" "$_e" >>estate.ans
	nhi-lineage --can "$_a" --on "$_o" "$_r" "$@" >>result.ans
}

t 'over the fixture estate: the same direct, escalation and chain answers'
nhi-lineage $NOW "$E" >result.ndjson
both "$E" result.ndjson s3:GetObject arn:aws:s3:::payroll/2026.csv
both "$E" result.ndjson dynamodb:GetItem '*'
both "$E" result.ndjson dynamodb:GetItem arn:aws:dynamodb:us-east-1:111111111111:table/orders
both "$E" result.ndjson sts:AssumeRole arn:aws:iam::111111111111:role/admin
both "$E" result.ndjson 's3:*' '*'
both "$E" result.ndjson '*' '*'
expect_same estate.ans result.ans
run_sh 'jq -r .via result.ans | sort | uniq -c | awk "{print \$2, \$1}"'
expect_out <<'EOF'
chain 1
direct 10
privilege-escalation 11
EOF

t 'over the example estate (its AWS account): a permission boundary keeps a user to its buckets'
(cd "$TOP/examples/acme" && nhi-collect aws-iam aws/auth.json) >estate.ndjson
nhi-lineage $NOW estate.ndjson >result.ndjson
both estate.ndjson result.ndjson s3:GetObject arn:aws:s3:::acme-backups/2026.tar
both estate.ndjson result.ndjson s3:GetObject arn:aws:s3:::acme-customer-data/x.csv
both estate.ndjson result.ndjson iam:CreateUser '*'
both estate.ndjson result.ndjson lambda:UpdateFunctionCode '*'
both estate.ndjson result.ndjson sts:AssumeRole arn:aws:iam::111122223333:role/batch-reports
expect_same estate.ans result.ans
run_sh 'jq -r "select(.identity | endswith(\"user/backup-agent\")) | .resource" result.ans'
expect_out <<'EOF'
arn:aws:s3:::acme-backups/2026.tar
EOF

t 'a Deny, a condition, an escalation that is only conditional, and an SCP given with the result, which no escalation gets round'
cat >in <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/etl","type":"iam_role","name":"etl","account":"111111111111"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/etl","via":"inline:lake","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::raw/secret/*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/vpn","type":"iam_role","name":"vpn","account":"111111111111"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/vpn","via":"inline:ip","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/self","type":"iam_user","name":"self","account":"111111111111"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:user/self","via":"inline:self","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::111111111111:user/self","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}}
{"kind":"identity","id":"aws:arn:aws:iam::222222222222:role/ops","type":"iam_role","name":"ops","account":"222222222222"}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/ops","via":"managed:arn:aws:iam::aws:policy/AdministratorAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:account:222222222222","via":"scp:p-payroll","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::payroll/*"}]}}
EOF
nhi-lineage $NOW in >result.ndjson
grep '"identity":"aws:account:' in >scps.ndjson
both in result.ndjson s3:GetObject arn:aws:s3:::raw/secret/x scps.ndjson
both in result.ndjson s3:GetObject arn:aws:s3:::raw/a scps.ndjson
both in result.ndjson s3:GetObject arn:aws:s3:::payroll/x scps.ndjson
both in result.ndjson 's3:*' 'arn:aws:s3:::payroll/*' scps.ndjson
both in result.ndjson 'iam:*' '*' scps.ndjson
expect_same estate.ans result.ans
run_sh 'jq -c "[.resource, .identity[30:], .via, .conditional]" result.ans'
expect_out <<'EOF'
["arn:aws:s3:::raw/secret/x","role/vpn","direct",true]
["arn:aws:s3:::raw/secret/x","role/ops","direct",null]
["arn:aws:s3:::raw/a","role/etl","direct",null]
["arn:aws:s3:::raw/a","role/vpn","direct",true]
["arn:aws:s3:::raw/a","role/ops","direct",null]
["arn:aws:s3:::payroll/x","role/etl","direct",null]
["arn:aws:s3:::payroll/x","role/vpn","direct",true]
["arn:aws:s3:::payroll/*","role/etl","direct",null]
["arn:aws:s3:::payroll/*","role/ops","direct",null]
["*","role/ops","direct",null]
EOF

t 'without the SCP records, the result knows nothing of them'
cp ../3/result.ndjson .
run_sh 'nhi-lineage --can s3:GetObject --on arn:aws:s3:::payroll/x result.ndjson | jq -r .identity'
expect_out <<'EOF'
aws:arn:aws:iam::111111111111:role/etl
aws:arn:aws:iam::111111111111:role/vpn
aws:arn:aws:iam::222222222222:role/ops
EOF
expect_status 0

t '--explain over a result: the same grants, paths and findings, by id, key or service account'
nhi-lineage $NOW "$E" >result.ndjson
for id in arn:aws:iam::111111111111:user/dev-ci AKIAIOSFODNN7EXAMPLE \
	system:serviceaccount:payments:api arn:aws:sts::111111111111:assumed-role/admin/s1; do
	nhi-lineage $NOW --explain "$id" "$E" >>estate.ex
	nhi-lineage --explain "$id" result.ndjson >>result.ex
done
expect_same estate.ex result.ex
run_sh 'jq -r ".id + \" \" + (.grants | length | tostring)" result.ex'
expect_out <<'EOF'
aws:arn:aws:iam::111111111111:user/dev-ci 1
aws:arn:aws:iam::111111111111:user/ci-deploy 1
k8s:prod/sa/payments/api 1
aws:arn:aws:iam::111111111111:role/admin 1
EOF
run nhi-lineage --explain aws:arn:aws:iam::111111111111:role/nobody result.ndjson
expect_out </dev/null
expect_err <<'EOF'
nhi-lineage: aws:arn:aws:iam::111111111111:role/nobody: no such identity
EOF
expect_status 3

t 'a lineage line that cannot be read is reported with its place; the others answer'
cp ../3/result.ndjson ../3/scps.ndjson .
{
	head -n 1 result.ndjson
	echo '{"kind":"lineage","id":"aws:arn:aws:iam::111111111111:role/cut","policies":['
	echo '{"kind":"lineage","id":"aws:arn:aws:iam::111111111111:role/odd","policies":{"via":"inline:x"}}'
	echo '{"kind":"lineage","system":"aws"}'
	tail -n +2 result.ndjson
	head -n 1 result.ndjson
} >bad.ndjson
run nhi-lineage --can s3:GetObject --on arn:aws:s3:::raw/a bad.ndjson scps.ndjson
nhi-lineage --can s3:GetObject --on arn:aws:s3:::raw/a result.ndjson scps.ndjson >want
expect_same want "$T/out"
expect_err <<'EOF'
nhi-lineage: bad.ndjson:2: invalid JSON: ']' expected near end of file at column 76
nhi-lineage: bad.ndjson:3: lineage record for aws:arn:aws:iam::111111111111:role/odd: "policies" is not a list
nhi-lineage: bad.ndjson:4: lineage record without an "id" string
nhi-lineage: bad.ndjson:41: lineage record for aws:arn:aws:iam::111111111111:role/etl seen before
EOF
expect_status 3

t 'estate records and lineage records together are a usage error, either way round'
cp ../3/in ../3/result.ndjson .
{ head -n 1 result.ndjson; cat in; } >mixed.ndjson
run nhi-lineage --can s3:GetObject --on arn:aws:s3:::raw/a mixed.ndjson
expect_out </dev/null
expect_err <<'EOF'
nhi-lineage: mixed.ndjson:2: identity record after the lineage record at mixed.ndjson:1: --can reads an estate or nhi-lineage's output, not both
EOF
expect_status 2
run_sh 'cat in result.ndjson | nhi-lineage --explain aws:arn:aws:iam::111111111111:role/etl'
expect_out </dev/null
expect_err <<'EOF'
nhi-lineage: <stdin>:10: lineage record after the identity record at <stdin>:1: --explain reads an estate or nhi-lineage's output, not both
EOF
expect_status 2

done_testing
