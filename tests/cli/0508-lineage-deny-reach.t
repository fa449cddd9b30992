# Reach is honest when a Deny, a permission boundary or an SCP is narrower
# than a grant: the grant is expanded through the action catalog and each
# action decided, so a service is "all" only when every action the grant
# names survives, and write only when a surviving action writes.
# R prints lineage records as [name, summary, services, sensitive, blast].
. "$TOP/tests/lib.sh"

R='jq -c "select(.kind==\"lineage\") | [.name, .reach.summary, .reach.services, .reach.sensitive, .blast_radius]"'
ID='{"kind":"identity","type":"iam_role","account":"111111111111",'

t 'a Deny on one action takes "all" away from a service wildcard, and write stays'
run_sh "nhi-lineage | $R" <<EOF
$ID"id":"aws:arn:aws:iam::111111111111:role/nodelete","name":"nodelete"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/nodelete","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}}
EOF
expect_out <<'EOF'
["nodelete","write on 2 services",{"s3":{"level":"some","access":"write"},"sqs":{"level":"all","access":"write"}},null,6]
EOF
expect_status 0

t 'a Deny on part of a verb wildcard leaves the rest; a Deny on all of it removes the service'
run_sh "nhi-lineage | $R" <<EOF
$ID"id":"aws:arn:aws:iam::111111111111:role/put","name":"put"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/put","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Put*","Resource":"*"},{"Effect":"Deny","Action":"s3:PutObject*","Resource":"*"}]}}
$ID"id":"aws:arn:aws:iam::111111111111:role/gone","name":"gone"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/gone","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Put*","sqs:Get*"],"Resource":"*"},{"Effect":"Deny","Action":["s3:*"],"Resource":"*"}]}}
EOF
expect_out <<'EOF'
["gone","read 1 service",{"sqs":{"level":"some","access":"read"}},null,1]
["put","write on 1 service",{"s3":{"level":"some","access":"write"}},null,3]
EOF
expect_status 0

t 'a NotAction Deny keeps only what it names: read on s3, nothing on ec2'
run_sh "nhi-lineage | $R" <<EOF
$ID"id":"aws:arn:aws:iam::111111111111:role/ro","name":"ro"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/ro","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"},{"Effect":"Deny","NotAction":["s3:Get*","s3:List*"],"Resource":"*"}]}}
EOF
expect_out <<'EOF'
["ro","read 1 service",{"s3":{"level":"some","access":"read"}},null,1]
EOF
expect_status 0

t 'a Deny under an unknown condition makes what it covers conditional, not dropped'
run_sh "nhi-lineage | $R" <<EOF
$ID"id":"aws:arn:aws:iam::111111111111:role/mfa","name":"mfa"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/mfa","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},{"Effect":"Deny","Action":"sqs:Delete*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}}
EOF
expect_out <<'EOF'
["mfa","write on 2 services",{"s3":{"level":"conditional","access":"write"},"sqs":{"level":"some","access":"write"}},null,6]
EOF
expect_status 0

t 'a permission boundary narrower than the grant: s3 is read only, sqs is gone'
run_sh "nhi-lineage | $R" <<EOF
$ID"id":"aws:arn:aws:iam::111111111111:role/bounded","name":"bounded"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/bounded","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/bounded","via":"boundary:arn:aws:iam::111111111111:policy/read","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}}
EOF
expect_out <<'EOF'
["bounded","read 1 service",{"s3":{"level":"some","access":"read"}},null,1]
EOF
expect_status 0

t 'SCPs narrow the grants of their account: a Deny list, and an allow list'
run_sh "nhi-lineage | $R" <<EOF
{"kind":"identity","type":"iam_role","account":"222222222222","id":"aws:arn:aws:iam::222222222222:role/denylist","name":"denylist"}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/denylist","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"}]}}
{"kind":"policy","identity":"aws:account:222222222222","via":"scp:p-full","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:account:222222222222","via":"scp:p-nodelete","document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:Delete*","sqs:Delete*"],"Resource":"*"}]}}
{"kind":"identity","type":"iam_role","account":"333333333333","id":"aws:arn:aws:iam::333333333333:role/allowlist","name":"allowlist"}
{"kind":"policy","identity":"aws:arn:aws:iam::333333333333:role/allowlist","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"}]}}
{"kind":"policy","identity":"aws:account:333333333333","via":"scp:p-read","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","sqs:*"],"Resource":"*"}]}}
EOF
expect_out <<'EOF'
["denylist","write on 2 services",{"s3":{"level":"some","access":"write"},"sqs":{"level":"some","access":"write"}},null,6]
["allowlist","write on 1 service; read 1 service",{"s3":{"level":"some","access":"read"},"sqs":{"level":"all","access":"write"}},null,4]
EOF
expect_status 0

t 'a sensitive resource behind a read-only guard counts as read, not write'
run_sh "nhi-lineage | $R" <<EOF
$ID"id":"aws:arn:aws:iam::111111111111:role/auditor","name":"auditor"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/auditor","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::vault/*"},{"Effect":"Deny","NotAction":["s3:Get*","s3:List*"],"Resource":"*"}]}}
$ID"id":"aws:arn:aws:iam::111111111111:role/writer","name":"writer"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/writer","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::vault/*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}}
{"kind":"resource","id":"aws:arn:aws:s3:::vault/*","arn":"arn:aws:s3:::vault/*","sensitivity":"high"}
EOF
expect_out <<'EOF'
["auditor","read 1 sensitive resource; read 1 service",{"s3":{"level":"some","access":"read"}},{"write":0,"read":1},7]
["writer","write on 1 sensitive resource; write on 1 service",{"s3":{"level":"some","access":"write"}},{"write":1,"read":0},15]
EOF
expect_status 0

t 'admin-equivalent needs nothing carved out: not with a NotAction Deny, an SCP Deny, or a Deny on one action'
run_sh "nhi-lineage | $R" <<EOF
$ID"id":"aws:arn:aws:iam::111111111111:role/onlys3","name":"onlys3"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/onlys3","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}]}}
$ID"id":"aws:arn:aws:iam::111111111111:role/keepbucket","name":"keepbucket"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/keepbucket","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}}
{"kind":"identity","type":"iam_role","account":"222222222222","id":"aws:arn:aws:iam::222222222222:role/noiam","name":"noiam"}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/noiam","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:account:222222222222","via":"scp:p-1","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}}
EOF
expect_out <<'EOF'
["keepbucket","admin-equivalent via privilege escalation; write on every service but some; reads secrets; write on 1 service",{"*":{"level":"some","access":"write"}},null,90]
["onlys3","write on every service but some; write on 1 service",{"*":{"level":"some","access":"write"}},null,80]
["noiam","write on every service but some; can escalate (10 techniques); reads secrets; write on 1 service",{"*":{"level":"some","access":"write"}},null,80]
EOF
expect_status 0

t 'roles under one SCP: the same managed policy, the same answer; a Deny of their own, or another grant, their own'
run_sh "nhi-lineage | $R" <<EOF
{"kind":"identity","type":"iam_role","account":"222222222222","id":"aws:arn:aws:iam::222222222222:role/app1","name":"app1"}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/app1","via":"managed:arn:aws:iam::222222222222:policy/app","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"}]}}
{"kind":"identity","type":"iam_role","account":"222222222222","id":"aws:arn:aws:iam::222222222222:role/app2","name":"app2"}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/app2","via":"managed:arn:aws:iam::222222222222:policy/app","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"}]}}
{"kind":"policy","identity":"aws:account:222222222222","via":"scp:p-full","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"identity","type":"iam_role","account":"222222222222","id":"aws:arn:aws:iam::222222222222:role/app3","name":"app3"}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/app3","via":"managed:arn:aws:iam::222222222222:policy/app","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/app3","via":"inline:read-only","document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"s3:Get*","Resource":"*"}]}}
{"kind":"identity","type":"iam_role","account":"222222222222","id":"aws:arn:aws:iam::222222222222:role/logs","name":"logs"}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/logs","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::logs/*"}]}}
{"kind":"policy","identity":"aws:account:222222222222","via":"scp:p-nosqs","document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:Delete*","sqs:*"],"Resource":"*"}]}}
EOF
expect_out <<'EOF'
["app1","write on 1 service",{"s3":{"level":"some","access":"write"}},null,3]
["app2","write on 1 service",{"s3":{"level":"some","access":"write"}},null,3]
["app3","read 1 service",{"s3":{"level":"some","access":"read"}},null,1]
["logs","read 1 service",{"s3":{"level":"some","access":"read"}},null,1]
EOF
expect_status 0

t 'an SCP Deny on one bucket takes away the grant on that bucket, not the grant on every bucket'
run_sh "nhi-lineage | $R" <<EOF
{"kind":"identity","type":"iam_role","account":"444444444444","id":"aws:arn:aws:iam::444444444444:role/any","name":"any"}
{"kind":"policy","identity":"aws:arn:aws:iam::444444444444:role/any","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}
{"kind":"identity","type":"iam_role","account":"444444444444","id":"aws:arn:aws:iam::444444444444:role/secret","name":"secret"}
{"kind":"policy","identity":"aws:arn:aws:iam::444444444444:role/secret","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::secret/*"}]}}
{"kind":"policy","identity":"aws:account:444444444444","via":"scp:p-full","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:account:444444444444","via":"scp:p-secret","document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::secret/*"}]}}
EOF
expect_out <<'EOF'
["any","write on 1 service",{"s3":{"level":"all","access":"write"}},null,3]
["secret","no known permissions",{},null,0]
EOF
expect_status 0

t 'a resource policy that denies its principal all but reading narrows that resource only'
run_sh "nhi-lineage | $R" <<EOF
$ID"id":"aws:arn:aws:iam::111111111111:role/db","name":"db"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/db","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/db","via":"resource:arn:aws:secretsmanager:us-east-1:111111111111:secret:db","document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:role/db"},"NotAction":["secretsmanager:GetSecretValue","secretsmanager:DescribeSecret"],"Resource":"arn:aws:secretsmanager:us-east-1:111111111111:secret:db"}]}}
{"kind":"resource","id":"aws:arn:aws:secretsmanager:us-east-1:111111111111:secret:db","arn":"arn:aws:secretsmanager:us-east-1:111111111111:secret:db","sensitivity":"high"}
EOF
expect_out <<'EOF'
["db","reads secrets; read 1 sensitive resource; write on 1 service",{"secretsmanager":{"level":"all","access":"write"}},{"write":0,"read":1},19]
EOF
expect_status 0

t 'nothing narrower than the grant: a Deny elsewhere, a boundary and SCP of *, leave "all"'
run_sh "nhi-lineage | $R" <<EOF
{"kind":"identity","type":"iam_role","account":"222222222222","id":"aws:arn:aws:iam::222222222222:role/full","name":"full"}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/full","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"},{"Effect":"Deny","Action":"ec2:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::other/*"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::222222222222:role/full","via":"boundary:arn:aws:iam::222222222222:policy/any","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:account:222222222222","via":"scp:p-full","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
EOF
expect_out <<'EOF'
["full","write on 2 services",{"s3":{"level":"all","access":"write"},"sqs":{"level":"all","access":"write"}},null,6]
EOF
expect_status 0

done_testing
