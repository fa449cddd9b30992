# nhi-collect aws-organizations: SCPs, their targets and the OU tree from
# aws organizations outputs, recognised by shape, in any order, into one
# policy record per attachment and one resource record per account.
. "$TOP/tests/lib.sh"
A=$FIX/aws

t 'the CLI examples: describe-policy gives the document, list-policies the name, the targets the attachments'
cd "$A/samples" && run nhi-collect aws-organizations cli-organizations-list-policies.json cli-organizations-describe-policy.json ../own/org-targets-p-examplepolicyid111.json
expect_out_file "$A/expected/aws-organizations-samples.ndjson"
expect_err </dev/null
expect_status 0

t 'an organization in every shape: SCPs at the root, OUs and accounts, and each account with its ancestors'
cd "$A/own/orgs" && run nhi-collect aws-organizations .
expect_out_file "$A/expected/aws-organizations-org.ndjson"
expect_err </dev/null
expect_status 0

t 'the order of the files does not matter'
cd "$A/own/orgs" && nhi-collect aws-organizations $(ls) | sort >"$T/forward"
cd "$A/own/orgs" && nhi-collect aws-organizations $(ls -r) | sort >"$T/backward"
expect_same "$T/forward" "$T/backward"

t 'the policy a targets list is about comes from a PolicyId beside it, else from the file name'
printf '{"PolicyId":"p-denyall001","Targets":[{"TargetId":"444444444444","Type":"ACCOUNT"}]}\n' >targets.json
printf '{"Targets":[{"TargetId":"r-ab12","Type":"ROOT"}]}\n' >targets-for-p-FullAWSAccess.json
run nhi-collect aws-organizations targets.json targets-for-p-FullAWSAccess.json
expect_out <<'EOF'
{"kind":"policy","identity":"aws:account:444444444444","via":"scp:p-denyall001","source":{"collector":"aws-organizations","file":"targets.json","pointer":"/Targets/0"}}
{"kind":"policy","identity":"aws:root:r-ab12","via":"scp:p-FullAWSAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},"source":{"collector":"aws-organizations","file":"targets-for-p-FullAWSAccess.json","pointer":"/Targets/0"}}
{"kind":"resource","id":"aws:account:444444444444","type":"aws_account","source":{"collector":"aws-organizations","file":"targets.json","pointer":"/Targets/0"}}
EOF
expect_err <<'EOF'
nhi-collect: targets.json: /Targets/0: the content of p-denyall001 is not in the input (describe-policy)
EOF
expect_status 0

t 'list-policies-for-target with its target attaches; list-accounts alone only names the accounts'
printf '{"TargetId":"ou-ab12-prod0001","Policies":[{"Id":"p-FullAWSAccess","Name":"FullAWSAccess","Type":"SERVICE_CONTROL_POLICY","AwsManaged":true}]}\n' >for-target.json
printf '{"Accounts":[{"Id":"777777777777","Name":"build","Status":"ACTIVE"}]}\n' >list-accounts.json
run nhi-collect aws-organizations for-target.json list-accounts.json
expect_out <<'EOF'
{"kind":"policy","identity":"aws:ou:ou-ab12-prod0001","via":"scp:p-FullAWSAccess","name":"FullAWSAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},"source":{"collector":"aws-organizations","file":"for-target.json","pointer":"/Policies/0"}}
{"kind":"resource","id":"aws:account:777777777777","type":"aws_account","name":"build","status":"active","source":{"collector":"aws-organizations","file":"list-accounts.json","pointer":"/Accounts/0"}}
EOF
expect_err </dev/null
expect_status 0

t 'an account whose chain of parents stops short of a root has no org_path, and it is said'
printf '{"ParentId":"ou-ab12-lost0001","Accounts":[{"Id":"888888888888","Name":"stray"}]}\n' >stray.json
run nhi-collect aws-organizations stray.json
expect_out <<'EOF'
{"kind":"resource","id":"aws:account:888888888888","type":"aws_account","name":"stray","source":{"collector":"aws-organizations","file":"stray.json","pointer":"/Accounts/0"}}
EOF
expect_err <<'EOF'
nhi-collect: account 888888888888: the parent of ou-ab12-lost0001 is not in the input; its OU path is left out
EOF
expect_status 0

t 'bad input is named with its line or pointer, the rest goes on'
printf '{"Targets": [\n  {"TargetId": }\n]}\n' >bad.json
printf '{"Roots": []}\n{"x":1}\n' >two.json
printf '{"hello": 1}\n' >other.json
printf '[1]\n' >array.json
printf '{"Targets":[{"TargetId":"r-ab12","Type":"ROOT"}]}\n' >targets.json
printf '{"PolicyId":"p-FullAWSAccess","Targets":[{"TargetId":"ou-ab12-prod0001","Type":"ACCOUNT"},{"TargetId":"111111111111","Type":"USER"},{"TargetId":"111111111111","Type":"ACCOUNT"}]}\n' >mixed.json
printf '{"Policy":{"Content":"{\\"Statement\\":[{\\"Effect\\":\\"Maybe\\",\\"Action\\":\\"*\\",\\"Resource\\":\\"*\\"}]}","PolicySummary":{"Id":"p-badeffect1","Type":"SERVICE_CONTROL_POLICY"}}}\n' >effect.json
printf '{"Policy":{"Content":"not json","PolicySummary":{"Id":"p-notjson01","Type":"SERVICE_CONTROL_POLICY"}}}\n' >notjson.json
printf '{"Policy":{"Content":"{}","PolicySummary":{"Id":"p-tags00001","Type":"TAG_POLICY"}}}\n' >tag.json
printf '{"ChildId":"222222222222","Parents":[{"Id":"ou-ab12-prod0001"},{"Id":"r-ab12"}]}\n' >parents.json
printf '{"ChildId":"333333333333","Parents":[{"Id":"r-ab12"}]}\n' >p1.json
printf '{"ChildId":"333333333333","Parents":[{"Id":"ou-ab12-prod0001"}]}\n' >p2.json
printf '{"ParentId":"root","Accounts":[]}\n' >badparent.json
run nhi-collect aws-organizations bad.json two.json other.json array.json targets.json mixed.json effect.json notjson.json tag.json parents.json p1.json p2.json badparent.json
expect_out <<'EOF'
{"kind":"policy","identity":"aws:account:111111111111","via":"scp:p-FullAWSAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},"source":{"collector":"aws-organizations","file":"mixed.json","pointer":"/Targets/2"}}
{"kind":"resource","id":"aws:account:111111111111","type":"aws_account","source":{"collector":"aws-organizations","file":"mixed.json","pointer":"/Targets/2"}}
{"kind":"resource","id":"aws:account:333333333333","type":"aws_account","org_path":["aws:root:r-ab12"],"source":{"collector":"aws-organizations","file":"p1.json","pointer":"/Parents/0"}}
EOF
expect_err <<'EOF'
nhi-collect: bad.json:2: invalid JSON: unexpected token at column 16
nhi-collect: two.json:2: invalid JSON: end of file expected at column 1
nhi-collect: other.json: not an aws organizations output (describe-policy, list-policies, list-targets-for-policy, list-roots, list-organizational-units-for-parent, list-accounts, list-parents)
nhi-collect: array.json: not a JSON object
nhi-collect: targets.json: which policy? add "PolicyId" beside the list, or name the file after it
nhi-collect: mixed.json: /Targets/0: TargetId is not the id of an ACCOUNT
nhi-collect: mixed.json: /Targets/1: Type is not ROOT, ORGANIZATIONAL_UNIT or ACCOUNT
nhi-collect: effect.json: /Policy/Content: statement 0: Effect must be Allow or Deny
nhi-collect: notjson.json: /Policy/Content: not a JSON policy document
nhi-collect: parents.json: /Parents: 2 parents, not one
nhi-collect: p2.json: /Parents/0: 333333333333 has parent ou-ab12-prod0001 here but r-ab12 in p1.json
nhi-collect: badparent.json: /ParentId: not a parent id
nhi-collect: aws-organizations: skipped 1 object of type 'TAG_POLICY' (not collected yet)
EOF
expect_status 3

t 'parents that loop are reported, not followed for ever'
printf '{"ChildId":"ou-ab12-aaaa0001","Parents":[{"Id":"ou-ab12-bbbb0001"}]}\n' >a.json
printf '{"ChildId":"ou-ab12-bbbb0001","Parents":[{"Id":"ou-ab12-aaaa0001"}]}\n' >b.json
printf '{"ChildId":"999999999999","Parents":[{"Id":"ou-ab12-aaaa0001"}]}\n' >c.json
run nhi-collect aws-organizations a.json b.json c.json
expect_out <<'EOF'
{"kind":"resource","id":"aws:account:999999999999","type":"aws_account","source":{"collector":"aws-organizations","file":"c.json","pointer":"/Parents/0"}}
EOF
expect_err <<'EOF'
nhi-collect: b.json: /Parents/0: the parents of account 999999999999 loop
EOF
expect_status 3

t 'aws-organizations --live: SigV4, a throttle asked again, policies on two pages, the tree from the root down'
L=$A/own/orgs-live
NHI_HTTP_BACKOFF_MS=5
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYLIVEKEY00
export NHI_HTTP_BACKOFF_MS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
unset AWS_SESSION_TOKEN AWS_SESSION_TOKEN_FILE
start_server "$L/rules"
printf 'api:\n  organizations: %s\n' "$BASE" >nhi.yaml
run nhi-collect aws-organizations --live
stop_server
expect_out_file "$A/expected/aws-organizations-live.ndjson"
expect_err </dev/null
expect_status 0
jq -r '[.method, .path, .headers["content-type"], .headers["x-amz-target"], .body] | join(" ")' "$SERVER_LOG" >got
cat >want <<'WANT'
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListRoots {}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListRoots {}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListPolicies {"Filter":"SERVICE_CONTROL_POLICY"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListPolicies {"Filter":"SERVICE_CONTROL_POLICY","NextToken":"page-2-token"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.DescribePolicy {"PolicyId":"p-FullAWSAccess"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListTargetsForPolicy {"PolicyId":"p-FullAWSAccess"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.DescribePolicy {"PolicyId":"p-denyleave01"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListTargetsForPolicy {"PolicyId":"p-denyleave01"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListOrganizationalUnitsForParent {"ParentId":"r-ab12"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListAccountsForParent {"ParentId":"r-ab12"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListOrganizationalUnitsForParent {"ParentId":"ou-ab12-prod0001"}
POST / application/x-amz-json-1.1 AWSOrganizationsV20161128.ListAccountsForParent {"ParentId":"ou-ab12-prod0001"}
WANT
expect_same want got
jq -r '.headers.authorization' "$SERVER_LOG" | sed 's|/[0-9]\{8\}/|/DATE/|; s|Signature=.*|Signature=|' | sort -u >got
echo 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/DATE/us-east-1/organizations/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=' >want
expect_same want got
cp "$SERVER_LOG" "$T/extra.log"
expect_no_secret "$AWS_SECRET_ACCESS_KEY"

t 'aws-organizations --live gives the records the same answers give as files'
start_server "$L/rules"
printf 'api:\n  organizations: %s/\n' "$BASE" >nhi.yaml
nhi-collect aws-organizations --live | jq -c 'del(.source)' >live
stop_server
jq '. + {"PolicyId":"p-FullAWSAccess"}' "$L/targets-full.json" >targets-p-FullAWSAccess.json
jq '. + {"PolicyId":"p-denyleave01"}' "$L/targets-deny.json" >targets-p-denyleave01.json
jq '. + {"ParentId":"r-ab12"}' "$L/ous-root.json" >ous-r-ab12.json
jq '. + {"ParentId":"r-ab12"}' "$L/accounts-root.json" >accounts-r-ab12.json
jq '. + {"ParentId":"ou-ab12-prod0001"}' "$L/accounts-prod.json" >accounts-ou-ab12-prod0001.json
nhi-collect aws-organizations "$L/policies-1.json" "$L/policies-2.json" "$L/describe-full.json" targets-p-FullAWSAccess.json \
	"$L/describe-deny.json" targets-p-denyleave01.json ous-r-ab12.json accounts-r-ab12.json accounts-ou-ab12-prod0001.json |
	jq -c 'del(.source)' >files
expect_same files live

t 'aws-organizations --live: a refusal is reported with status 5; no keys, no call'
printf '{"__type":"AccessDeniedException","Message":"You do not have permissions to access this resource."}\n' >denied.json
echo 'POST / 400 denied.json' >rules
start_server rules
printf 'api:\n  organizations: %s\n' "$BASE" >nhi.yaml
run nhi-collect aws-organizations --live
stop_server
expect_out </dev/null
expect_err <<ERR
nhi-collect: $BASE/: HTTP 400 AccessDeniedException
nhi-collect: $BASE/: HTTP 400 AccessDeniedException
ERR
expect_status 5
run env -u AWS_ACCESS_KEY_ID nhi-collect aws-organizations --live
expect_err <<'ERR'
nhi-collect: aws-organizations --live needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their _FILE)
ERR
expect_status 2
run nhi-collect aws-organizations --live list-roots.json
expect_status 2

done_testing
