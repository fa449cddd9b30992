# nhi-lineage applies SCPs level by level: the root, each OU down to the
# account, the account; every level needs an Allow from one of its SCPs and
# a Deny anywhere wins. The OU tree comes from nhi-collect aws-organizations.
. "$TOP/tests/lib.sh"
ORG=$FIX/aws/own/orgs
IDS=$FIX/lineage/scp-identities.ndjson

# The organization (root r-ab12 > OU Prod > OU Payments) and the identities
# of its accounts; account 555555555555 is not in the tree.
(cd "$ORG" && nhi-collect aws-organizations .) >"$_root/org.ndjson"
grep -v 555555555555 "$IDS" >"$_root/in-tree.ndjson"

t 'an action allowed at the root and the account but not at the OU level is denied'
run nhi-lineage --can ec2:RunInstances --on '*' "$_root/org.ndjson" "$_root/in-tree.ndjson"
expect_out <<'EOF'
{"kind":"answer","action":"ec2:RunInstances","resource":"*","identity":"aws:arn:aws:iam::111111111111:role/ops","via":"direct","grant":"inline:ops","scp_levels":["aws:root:r-ab12","aws:account:111111111111"]}
{"kind":"answer","action":"ec2:RunInstances","resource":"*","identity":"aws:arn:aws:iam::333333333333:role/web","via":"direct","grant":"inline:web","scp_levels":["aws:root:r-ab12","aws:ou:ou-ab12-prod0001","aws:account:333333333333"]}
EOF
expect_err </dev/null
expect_status 0

t 'what the Payments OU allows passes every level'
run nhi-lineage --can s3:GetObject --on arn:aws:s3:::ledger/2026.csv "$_root/org.ndjson" "$_root/in-tree.ndjson"
expect_out <<'EOF'
{"kind":"answer","action":"s3:GetObject","resource":"arn:aws:s3:::ledger/2026.csv","identity":"aws:arn:aws:iam::222222222222:role/pay-etl","via":"direct","grant":"inline:etl","scp_levels":["aws:root:r-ab12","aws:ou:ou-ab12-prod0001","aws:ou:ou-ab12-pay00001","aws:account:222222222222"]}
EOF
expect_status 0

t 'a pattern is answered level by level too'
run_sh "nhi-lineage --can 'ec2:*' --on '*' '$_root/org.ndjson' '$_root/in-tree.ndjson' | jq -r .identity"
expect_out <<'EOF'
aws:arn:aws:iam::111111111111:role/ops
aws:arn:aws:iam::333333333333:role/web
EOF
expect_status 0

t 'a Deny in an OU wins over FullAWSAccess at every level and the identity policy'
run nhi-lineage --can iam:CreateAccessKey --on '*' "$_root/in-tree.ndjson"
expect_out <<'EOF'
{"kind":"answer","action":"iam:CreateAccessKey","resource":"*","identity":"aws:arn:aws:iam::333333333333:role/web","via":"direct","grant":"inline:web"}
EOF
run nhi-lineage --can iam:CreateAccessKey --on '*' "$_root/org.ndjson" "$_root/in-tree.ndjson"
expect_out </dev/null
expect_status 0

t 'a Deny at the root reaches the management account'
run nhi-lineage --can organizations:LeaveOrganization --on '*' "$_root/org.ndjson" "$_root/in-tree.ndjson"
expect_out </dev/null
run nhi-lineage --can organizations:ListAccounts --on '*' "$_root/org.ndjson" "$_root/in-tree.ndjson"
expect_out <<'EOF'
{"kind":"answer","action":"organizations:ListAccounts","resource":"*","identity":"aws:arn:aws:iam::111111111111:role/ops","via":"direct","grant":"inline:ops","scp_levels":["aws:root:r-ab12","aws:account:111111111111"]}
EOF
expect_status 0

t 'FullAWSAccess at every level leaves the identity policies alone'
printf '{"PolicyId":"p-FullAWSAccess","Targets":[{"TargetId":"ou-ab12-pay00001","Type":"ORGANIZATIONAL_UNIT"}]}\n' >"$T/payments.json"
(cd "$ORG" && nhi-collect aws-organizations list-targets-for-policy-p-FullAWSAccess.json "$T/payments.json" list-organizational-units-for-parent-r-ab12.json ous-of-prod.json list-accounts-for-parent-r-ab12.json accounts-of-prod.json list-parents-222222222222.json) >full.ndjson
nhi-lineage --now 2026-11-22T00:00:00Z "$_root/in-tree.ndjson" >"$T/without"
run_sh "nhi-lineage --now 2026-11-22T00:00:00Z full.ndjson '$_root/in-tree.ndjson' | grep -v '\"kind\":\"resource\"'"
expect_err </dev/null
expect_same "$T/without" "$T/out"

t '--explain shows each SCP statement with its level and target, and the levels'
run_sh "nhi-lineage --explain arn:aws:iam::222222222222:role/pay-etl '$_root/org.ndjson' '$_root/in-tree.ndjson' | jq -c '(.grants[] | select(.role == \"scp\")), .scp_levels, .scp_tree'"
expect_out <<'EOF'
{"via":"scp:p-FullAWSAccess","role":"scp","effect":"Allow","action":"*","resource":"*","level":0,"target":"aws:root:r-ab12"}
{"via":"scp:p-denyleave01","role":"scp","effect":"Deny","action":"organizations:LeaveOrganization","resource":"*","level":0,"target":"aws:root:r-ab12"}
{"via":"scp:p-FullAWSAccess","role":"scp","effect":"Allow","action":"*","resource":"*","level":1,"target":"aws:ou:ou-ab12-prod0001"}
{"via":"scp:p-noiamuser1","role":"scp","effect":"Deny","action":["iam:CreateUser","iam:CreateAccessKey"],"resource":"*","level":1,"target":"aws:ou:ou-ab12-prod0001"}
{"via":"scp:p-payonly001","role":"scp","effect":"Allow","action":["s3:*","dynamodb:*","sts:AssumeRole"],"resource":"*","level":2,"target":"aws:ou:ou-ab12-pay00001"}
{"via":"scp:p-FullAWSAccess","role":"scp","effect":"Allow","action":"*","resource":"*","level":3,"target":"aws:account:222222222222"}
[{"level":0,"target":"aws:root:r-ab12","policies":["scp:p-FullAWSAccess","scp:p-denyleave01"]},{"level":1,"target":"aws:ou:ou-ab12-prod0001","policies":["scp:p-FullAWSAccess","scp:p-noiamuser1"]},{"level":2,"target":"aws:ou:ou-ab12-pay00001","policies":["scp:p-payonly001"]},{"level":3,"target":"aws:account:222222222222","policies":["scp:p-FullAWSAccess"]}]
null
EOF
expect_status 0

t 'an account outside the known tree keeps its own SCPs only, and that is said'
run_sh "nhi-lineage --can s3:GetObject --on '*' '$_root/org.ndjson' '$IDS' | jq -r .identity; nhi-lineage --can ec2:RunInstances --on '*' '$_root/org.ndjson' '$IDS' | jq -r .identity"
expect_out <<'EOF'
aws:arn:aws:iam::222222222222:role/pay-etl
aws:arn:aws:iam::111111111111:role/ops
aws:arn:aws:iam::333333333333:role/web
aws:arn:aws:iam::555555555555:role/lab
EOF
expect_err <<'EOF'
nhi-lineage: account 555555555555: its place in the OU tree is unknown; only the SCPs attached to it apply
nhi-lineage: account 555555555555: its place in the OU tree is unknown; only the SCPs attached to it apply
EOF
expect_status 0
run_sh "nhi-lineage --explain arn:aws:iam::555555555555:role/lab '$_root/org.ndjson' '$IDS' 2>/dev/null | jq -c '.scp_levels, .scp_tree'"
expect_out <<'EOF'
[{"level":0,"target":"aws:account:555555555555","policies":["scp:p-labec2only"]}]
"unknown"
EOF

t 'without the tree, SCPs of OUs and roots are reported as not applied, and accounts keep theirs'
grep '"kind":"policy"' "$_root/org.ndjson" >policies-only.ndjson
run nhi-lineage --can iam:CreateAccessKey --on '*' policies-only.ndjson "$_root/in-tree.ndjson"
expect_out <<'EOF'
{"kind":"answer","action":"iam:CreateAccessKey","resource":"*","identity":"aws:arn:aws:iam::333333333333:role/web","via":"direct","grant":"inline:web","scp_levels":["aws:account:333333333333"]}
EOF
expect_err <<'EOF'
nhi-lineage: SCPs attached to aws:root:r-ab12 are not applied: no account's org_path holds it
nhi-lineage: SCPs attached to aws:ou:ou-ab12-prod0001 are not applied: no account's org_path holds it
nhi-lineage: SCPs attached to aws:ou:ou-ab12-pay00001 are not applied: no account's org_path holds it
nhi-lineage: account 111111111111: its place in the OU tree is unknown; only the SCPs attached to it apply
nhi-lineage: account 222222222222: its place in the OU tree is unknown; only the SCPs attached to it apply
nhi-lineage: account 333333333333: its place in the OU tree is unknown; only the SCPs attached to it apply
EOF
expect_status 0

t 'a level with no SCP in the input is not checked, and that is said'
grep -v '"identity":"aws:ou:ou-ab12-pay00001"' "$_root/org.ndjson" >no-pay.ndjson
run nhi-lineage --can ec2:RunInstances --on '*' no-pay.ndjson "$_root/in-tree.ndjson"
expect_out <<'EOF'
{"kind":"answer","action":"ec2:RunInstances","resource":"*","identity":"aws:arn:aws:iam::111111111111:role/ops","via":"direct","grant":"inline:ops","scp_levels":["aws:root:r-ab12","aws:account:111111111111"]}
{"kind":"answer","action":"ec2:RunInstances","resource":"*","identity":"aws:arn:aws:iam::222222222222:role/pay-etl","via":"direct","grant":"inline:etl","scp_levels":["aws:root:r-ab12","aws:ou:ou-ab12-prod0001","aws:ou:ou-ab12-pay00001","aws:account:222222222222"]}
{"kind":"answer","action":"ec2:RunInstances","resource":"*","identity":"aws:arn:aws:iam::333333333333:role/web","via":"direct","grant":"inline:web","scp_levels":["aws:root:r-ab12","aws:ou:ou-ab12-prod0001","aws:account:333333333333"]}
EOF
expect_err <<'EOF'
nhi-lineage: aws:ou:ou-ab12-pay00001 has no SCP in the input: its level is not checked
EOF
expect_status 0

done_testing
