# nhi-collect aws-credential-report: the IAM credential report into
# identity and credential records (keys 1 and 2, certificates, password, MFA).
. "$TOP/tests/lib.sh"
A=$FIX/aws

t 'the CSV: sentinels N/A, no_information, not_supported are absent values'
cd "$A/samples" && run nhi-collect aws-credential-report credential-report-security-hq.csv
expect_out_file "$A/expected/credential-report-security-hq.ndjson"
expect_err </dev/null
expect_status 0

t 'CRLF lines, a quoted field, a short row rejected with its line'
cd "$A/own" && run nhi-collect aws-credential-report credential-report-crlf.csv
expect_out_file "$A/expected/credential-report-crlf.ndjson"
expect_err <<'EOF'
nhi-collect: credential-report-crlf.csv:5: expected 22 fields, found 4
EOF
expect_status 3

t 'get-credential-report JSON (base64 Content) reads as the CSV it holds'
cd "$A/own" && nhi-collect aws-credential-report credential-report-crlf.csv 2>/dev/null |
	sed 's/"file":"credential-report-crlf.csv"/"file":"F"/' >"$T/csv"
cd "$A/own" && nhi-collect aws-credential-report get-credential-report.json 2>"$T/jerr" |
	sed 's/"file":"get-credential-report.json"/"file":"F"/' >"$T/json"
expect_same "$T/csv" "$T/json"
cd "$T" && run cat jerr
expect_out <<'EOF'
nhi-collect: get-credential-report.json:5: expected 22 fields, found 4
EOF

t 'with --access-keys, a key whose creation date matches gets its id'
cd "$A/own" && run sh -c 'nhi-collect aws-credential-report --access-keys list-access-keys-ci.json credential-report-crlf.csv 2>/dev/null | grep aws_access_key'
expect_out <<'EOF'
{"kind":"credential","id":"aws:key:AKIABTX3GSDSSUAQEAYE","identity":"aws:arn:aws:iam::111122223333:user/ci/ci-deploy","type":"aws_access_key","key_id":"AKIABTX3GSDSSUAQEAYE","static":true,"status":"active","created":"2023-03-09T10:45:00Z","last_used":"2026-11-20T03:00:00Z","last_used_service":"s3","last_used_region":"eu-west-1","slot":1,"source":{"collector":"aws-credential-report","file":"credential-report-crlf.csv","line":3}}
{"kind":"credential","id":"aws:key:AKIABTX3GSDSSUISEM2E","identity":"aws:arn:aws:iam::111122223333:user/ci/ci-deploy","type":"aws_access_key","key_id":"AKIABTX3GSDSSUISEM2E","static":true,"status":"active","created":"2024-06-01T00:00:00Z","slot":2,"source":{"collector":"aws-credential-report","file":"credential-report-crlf.csv","line":3}}
{"kind":"credential","id":"aws:key:arn:aws:iam::111122223333:user/old-key#1","identity":"aws:arn:aws:iam::111122223333:user/old-key","type":"aws_access_key","static":true,"status":"inactive","created":"2016-01-02T00:00:00Z","slot":1,"source":{"collector":"aws-credential-report","file":"credential-report-crlf.csv","line":6}}
EOF
expect_status 0

t 'rows as objects (AirIAM CredentialReport)'
cd "$A/samples" && run nhi-collect aws-credential-report airiam-iam-data-scrubbed.json
expect_out_file "$A/expected/credential-report-airiam.ndjson"
expect_err </dev/null
expect_status 0

t 'JSON without Content, a file that is not a report: rejected, the rest goes on'
printf 'name,when\nx,y\n' >other.csv
run nhi-collect aws-credential-report "$A/samples/cli-iam-get-credential-report.json" other.csv "$A/samples/credential-report-security-hq.csv"
expect_err <<EOF
nhi-collect: $A/samples/cli-iam-get-credential-report.json: not a credential report: no Content
nhi-collect: other.csv:1: not a credential report: the header is not user,arn,...
EOF
expect_status 3
[ "$(wc -l <"$T/out")" -gt 5 ] || _complain "the good report gave no records"

done_testing
