# nhi-collect aws-iam: get-account-authorization-details as the CLI, the
# raw API (URL-encoded documents, boto3 dates, paginated) and AirIAM write
# it, into identity, policy and trust records.
. "$TOP/tests/lib.sh"
A=$FIX/aws

t 'the CLI example: users, groups, roles, managed and group policies, trust'
cd "$A/samples" && run nhi-collect aws-iam cli-iam-get-account-authorization-details.json
expect_out_file "$A/expected/aws-iam-cli.ndjson"
expect_err </dev/null
expect_status 0

t 'raw API pages one after another, a second account in a second file'
cd "$A/own" && run nhi-collect aws-iam iam-raw-api-paginated.json iam-cli-second-account.json
expect_out_file "$A/expected/aws-iam-raw-two-accounts.ndjson"
expect_err <<'EOF'
nhi-collect: iam-cli-second-account.json: /RoleDetailList/0/RolePolicyList/0: policy document is not a JSON object
EOF
expect_status 3

t 'a group and a managed policy on a later page still reach the user'
cd "$A/own" && run nhi-collect aws-iam iam-raw-api-paginated.json
grep '"via":"group:deployers/' "$T/out" | cut -d, -f3 >"$T/via"
cd "$T" && run cat via
expect_out <<'EOF'
"via":"group:deployers/inline:sqs-send"
"via":"group:deployers/managed:arn:aws:iam::111122223333:policy/ReadRaw"
EOF

t 'the default version of a managed policy is its document'
cd "$A/own" && run sh -c 'nhi-collect aws-iam iam-raw-api-paginated.json | grep "\"identity\":\"aws:arn:aws:iam::111122223333:user/ci/ci-deploy\",\"via\":\"managed:"'
expect_out <<'EOF'
{"kind":"policy","identity":"aws:arn:aws:iam::111122223333:user/ci/ci-deploy","via":"managed:arn:aws:iam::111122223333:policy/ReadRaw","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::raw-data","arn:aws:s3:::raw-data/*"]}]},"source":{"collector":"aws-iam","file":"iam-raw-api-paginated.json","pointer":"/UserDetailList/0"}}
EOF
expect_status 0

t 'AirIAM dump (Account* lists, boto3 dates)'
cd "$A/samples" && run nhi-collect aws-iam airiam-iam-data-scrubbed.json
expect_out_file "$A/expected/aws-iam-airiam.ndjson"
expect_err </dev/null
expect_status 0

t 'the same input gives the same bytes'
cd "$A/own" && nhi-collect aws-iam iam-raw-api-paginated.json >"$T/one" 2>/dev/null
cd "$A/own" && nhi-collect aws-iam iam-raw-api-paginated.json >"$T/two" 2>/dev/null
expect_same "$T/one" "$T/two"

t 'invalid JSON is named with its line, other files go on'
printf '{"UserDetailList": [\n  {"UserName": }\n]}\n' >bad.json
printf '{"hello": 1}\n' >other.json
run nhi-collect aws-iam bad.json other.json "$A/own/iam-cli-second-account.json"
expect_err <<EOF
nhi-collect: bad.json:2: invalid JSON: unexpected token at column 16
nhi-collect: other.json: not a get-account-authorization-details export
nhi-collect: $A/own/iam-cli-second-account.json: /RoleDetailList/0/RolePolicyList/0: policy document is not a JSON object
EOF
expect_status 3

t 'an entry without Arn is rejected, the rest is kept'
run nhi-collect aws-iam <<'EOF'
{"UserDetailList":[{"UserName":"x"},{"UserName":"y","Arn":"arn:aws:iam::123456789012:user/y"}]}
EOF
expect_out <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::123456789012:user/y","system":"aws","type":"iam_user","name":"y","account":"123456789012","arn":"arn:aws:iam::123456789012:user/y","source":{"collector":"aws-iam","file":"<stdin>","pointer":"/UserDetailList/1"}}
EOF
expect_err <<'EOF'
nhi-collect: <stdin>: /UserDetailList/0: user has no Arn or UserName
EOF
expect_status 3

done_testing
