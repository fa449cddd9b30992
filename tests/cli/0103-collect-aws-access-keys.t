# nhi-collect aws-access-keys: list-access-keys, get-access-key-last-used
# and create-access-key output into one credential record per key id.
. "$TOP/tests/lib.sh"
A=$FIX/aws

t 'list-access-keys and a last-used answer naming its key'
cd "$A/own" && run nhi-collect aws-access-keys list-access-keys-ci.json last-used-with-id.json
expect_out <<'EOF'
{"kind":"credential","id":"aws:key:AKIABTX3GSDSSUAQEAYE","identity":"aws:arn:aws:iam::111122223333:user/ci-deploy","type":"aws_access_key","key_id":"AKIABTX3GSDSSUAQEAYE","static":true,"user":"ci-deploy","account":"111122223333","status":"active","created":"2023-03-09T10:45:00Z","last_used":"2026-11-20T03:00:00Z","last_used_service":"s3","last_used_region":"eu-west-1","source":{"collector":"aws-access-keys","file":"list-access-keys-ci.json","pointer":"/AccessKeyMetadata/0"}}
{"kind":"credential","id":"aws:key:AKIABTX3GSDSSUISEM2E","identity":"aws:arn:aws:iam::111122223333:user/ci-deploy","type":"aws_access_key","key_id":"AKIABTX3GSDSSUISEM2E","static":true,"user":"ci-deploy","account":"111122223333","status":"active","created":"2024-06-01T00:00:00Z","source":{"collector":"aws-access-keys","file":"list-access-keys-ci.json","pointer":"/AccessKeyMetadata/1"}}
EOF
expect_err </dev/null
expect_status 0

t 'the account comes from --account when the key id cannot tell (AKIAI...)'
cd "$A/samples" && run nhi-collect aws-access-keys --account 123456789012 cli-iam-list-access-keys.json
expect_out <<'EOF'
{"kind":"credential","id":"aws:key:AKIAIOSFODNN7EXAMPLE","identity":"aws:arn:aws:iam::123456789012:user/Bob","type":"aws_access_key","key_id":"AKIAIOSFODNN7EXAMPLE","static":true,"user":"Bob","account":"123456789012","status":"active","created":"2013-06-04T18:17:34Z","source":{"collector":"aws-access-keys","file":"cli-iam-list-access-keys.json","pointer":"/AccessKeyMetadata/0"}}
{"kind":"credential","id":"aws:key:AKIAI44QH8DHBEXAMPLE","identity":"aws:arn:aws:iam::123456789012:user/Bob","type":"aws_access_key","key_id":"AKIAI44QH8DHBEXAMPLE","static":true,"user":"Bob","account":"123456789012","status":"inactive","created":"2013-06-06T20:42:26Z","source":{"collector":"aws-access-keys","file":"cli-iam-list-access-keys.json","pointer":"/AccessKeyMetadata/1"}}
EOF
expect_status 0

t 'without an account, no identity; a last-used answer for a user with two keys is refused'
cd "$A/samples" && run nhi-collect aws-access-keys cli-iam-list-access-keys.json cli-iam-get-access-key-last-used.json
expect_out <<'EOF'
{"kind":"credential","id":"aws:key:AKIAIOSFODNN7EXAMPLE","type":"aws_access_key","key_id":"AKIAIOSFODNN7EXAMPLE","static":true,"user":"Bob","status":"active","created":"2013-06-04T18:17:34Z","source":{"collector":"aws-access-keys","file":"cli-iam-list-access-keys.json","pointer":"/AccessKeyMetadata/0"}}
{"kind":"credential","id":"aws:key:AKIAI44QH8DHBEXAMPLE","type":"aws_access_key","key_id":"AKIAI44QH8DHBEXAMPLE","static":true,"user":"Bob","status":"inactive","created":"2013-06-06T20:42:26Z","source":{"collector":"aws-access-keys","file":"cli-iam-list-access-keys.json","pointer":"/AccessKeyMetadata/1"}}
EOF
expect_err <<'EOF'
nhi-collect: cli-iam-get-access-key-last-used.json: get-access-key-last-used for user 'Bob' names no key, and the user has 2 known keys
EOF
expect_status 3

t 'a key never used (N/A) has no last_used fields; the only key of a user gets the answer'
cd "$A/own" && run nhi-collect aws-access-keys create-access-key.json last-used-never.json
expect_out <<'EOF'
{"kind":"credential","id":"aws:key:AKIABTX3GSDSSVKWM54I","identity":"aws:arn:aws:iam::111122223333:user/ci-deploy","type":"aws_access_key","key_id":"AKIABTX3GSDSSVKWM54I","static":true,"user":"ci-deploy","account":"111122223333","status":"active","created":"2026-11-21T09:00:00Z","fingerprint":"hmac-sha256:b6a474054fefebf6","source":{"collector":"aws-access-keys","file":"create-access-key.json","pointer":"/AccessKey"}}
EOF
expect_err </dev/null
expect_status 0

t 'a bad --account is a usage error'
run nhi-collect aws-access-keys --account 12
expect_out </dev/null
expect_status 2

t 'invalid JSON names its line and does not quote the input'
printf '{"AccessKey": {"SecretAccessKey": wJalrXUtnFEMIbadjsonSECRET}}\n' >bad.json
run nhi-collect aws-access-keys bad.json
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: bad.json:1: invalid JSON: invalid token at column 60
EOF
expect_no_secret wJalrXUtnFEMIbadjsonSECRET
expect_status 3

done_testing
