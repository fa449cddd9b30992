# nhi-lineage --can ACTION --on RESOURCE and --explain ID: who can, and why.
. "$TOP/tests/lib.sh"

E=$FIX/lineage/estate.ndjson

t '--can lists every identity that can, directly, by escalating, or through a chain'
run nhi-lineage --can s3:GetObject --on arn:aws:s3:::payroll/2026.csv "$E"
expect_out <<'EOF'
{"kind":"answer","action":"s3:GetObject","resource":"arn:aws:s3:::payroll/2026.csv","identity":"aws:arn:aws:iam::111111111111:role/admin","via":"direct","grant":"managed:arn:aws:iam::aws:policy/AdministratorAccess"}
{"kind":"answer","action":"s3:GetObject","resource":"arn:aws:s3:::payroll/2026.csv","identity":"aws:arn:aws:iam::111111111111:user/ci-deploy","via":"direct","grant":"inline:deploy"}
{"kind":"answer","action":"s3:GetObject","resource":"arn:aws:s3:::payroll/2026.csv","identity":"aws:arn:aws:iam::111111111111:user/dev-ci","via":"privilege-escalation","path":{"technique":"assume-role","target":"arn:aws:iam::111111111111:role/admin","steps":[{"action":"sts:AssumeRole","resource":"arn:aws:iam::111111111111:role/admin","via":"inline:assume#0"}],"reaches":"admin-equivalent"}}
{"kind":"answer","action":"s3:GetObject","resource":"arn:aws:s3:::payroll/2026.csv","identity":"aws:arn:aws:iam::111111111111:user/escalator","via":"privilege-escalation","path":{"technique":"put-user-policy","target":"arn:aws:iam::111111111111:user/escalator","steps":[{"action":"iam:PutUserPolicy","resource":"arn:aws:iam::111111111111:user/escalator","via":"inline:self#0"}],"reaches":"admin-equivalent"}}
EOF
expect_err </dev/null
expect_status 0

t '--can: a narrower grant answers only for its resource, a condition makes it conditional'
cat >in <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/etl","type":"iam_role","name":"etl"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/etl","via":"inline:raw","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::raw/*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/vpn","type":"iam_role","name":"vpn"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/vpn","via":"inline:ip","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}}
EOF
run_sh 'nhi-lineage --can s3:GetObject --on arn:aws:s3:::raw/a.json in | jq -c "[.identity, .via, .conditional]"; nhi-lineage --can s3:GetObject --on arn:aws:s3:::other/a.json in | jq -c "[.identity, .via, .conditional]"'
expect_out <<'EOF'
["aws:arn:aws:iam::111111111111:role/etl","direct",null]
["aws:arn:aws:iam::111111111111:role/vpn","direct",true]
["aws:arn:aws:iam::111111111111:role/vpn","direct",true]
EOF
expect_status 0

t '--can: a group is no principal; its members answer, with the grant through it'
cat >in <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:group/readers","type":"iam_group","name":"readers"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:group/readers","via":"inline:read","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/ana","type":"iam_user","name":"ana"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:user/ana","via":"group:readers/inline:read","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}
EOF
run_sh 'nhi-lineage --can s3:GetObject --on arn:aws:s3:::raw/a.json in | jq -c "[.identity, .via, .grant]"'
expect_out <<'EOF'
["aws:arn:aws:iam::111111111111:user/ana","direct","group:readers/inline:read"]
EOF
expect_status 0

t '--explain names the grants, the paths and the findings behind a reach'
run nhi-lineage --explain arn:aws:iam::111111111111:user/dev-ci "$E"
expect_out <<'EOF'
{"kind":"explanation","id":"aws:arn:aws:iam::111111111111:user/dev-ci","summary":"admin-equivalent via privilege escalation; write on 1 service; reaches 1 other identity","blast_radius":97,"grants":[{"via":"inline:assume","role":"grant","effect":"Allow","action":"sts:AssumeRole","resource":"arn:aws:iam::111111111111:role/*"}],"services":{"sts":{"level":"some","access":"write"}},"paths":[{"technique":"assume-role","target":"arn:aws:iam::111111111111:role/admin","steps":[{"action":"sts:AssumeRole","resource":"arn:aws:iam::111111111111:role/admin","via":"inline:assume#0"}],"reaches":"admin-equivalent"}],"transitive":[{"identity":"aws:arn:aws:iam::111111111111:role/admin","reaches":"admin-equivalent","steps":[{"from":"aws:arn:aws:iam::111111111111:user/dev-ci","to":"aws:arn:aws:iam::111111111111:role/admin","via":"sts:AssumeRole","step":"sts:AssumeRole into arn:aws:iam::111111111111:role/admin, its trust names arn:aws:iam::111111111111:root"}]}],"findings":[{"rule":"privilege-escalation","severity":"critical","nhi_top10":"NHI5","message":"can escalate by assume-role to arn:aws:iam::111111111111:role/admin: admin-equivalent"}]}
EOF
expect_err </dev/null
expect_status 0

t '--explain takes an access key id, and shows RBAC rules'
run_sh "nhi-lineage --explain AKIAIOSFODNN7EXAMPLE $E | jq -c '[.id, .summary]'; nhi-lineage --explain k8s:prod/sa/payments/api $E | jq -c '.grants'"
expect_out <<'EOF'
["aws:arn:aws:iam::111111111111:user/ci-deploy","write on 1 service"]
[{"via":"k8s:Role/payments/reader","role":"rbac","rules":[{"apiGroups":[""],"resources":["secrets","configmaps"],"verbs":["get","list"]}]}]
EOF
expect_status 0

t '--explain of an unknown identity says so'
run nhi-lineage --explain aws:arn:aws:iam::111111111111:role/nobody "$E"
expect_out </dev/null
expect_err <<'EOF'
nhi-lineage: aws:arn:aws:iam::111111111111:role/nobody: no such identity
EOF
expect_status 3

t 'query options are checked'
run nhi-lineage --can s3:GetObject </dev/null
expect_status 2
head -n 1 "$T/err" >first
echo 'nhi-lineage: --can and --on go together' >want
expect_same want first
run nhi-lineage --explain x --since y </dev/null
expect_status 2
head -n 1 "$T/err" >first
echo 'nhi-lineage: --explain writes answers only: no --since nor --fail-on' >want
expect_same want first

done_testing
