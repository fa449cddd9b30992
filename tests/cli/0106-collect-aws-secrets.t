# Zero knowledge: secret values in what the AWS sources read never reach
# stdout or stderr, whether the input is good or broken.
. "$TOP/tests/lib.sh"
A=$FIX/aws
S1=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLESECRET
S2=Zq8PLANTEDsecretACCESSkeyVALUE0123456789Ab
S3=hunter2-PLANTED-console-password
S4=PLANTEDsessionTOKENvalueFQoGZXIvYXdzEBaaaaaaaaaaa

t 'create-access-key output: the secret is fingerprinted, never written'
run nhi-collect aws-access-keys "$A/own/create-access-key.json"
expect_status 0
expect_no_secret "$S1"
grep -q '"fingerprint":"hmac-sha256:' "$T/out" || _complain "no fingerprint"

t 'CloudTrail events carrying secrets in parameters and responses (events and usage)'
cat >ct.ndjson <<EOF
{"eventTime":"2026-03-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/admin","userName":"admin","accountId":"111122223333"},"requestParameters":{"userName":"svc"},"responseElements":{"accessKey":{"accessKeyId":"AKIABTX3GSDSSUAQEAYE","secretAccessKey":"$S2"}},"recipientAccountId":"111122223333"}
{"eventTime":"2026-03-01T00:00:01Z","eventSource":"iam.amazonaws.com","eventName":"CreateLoginProfile","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/admin","userName":"admin","accountId":"111122223333"},"requestParameters":{"userName":"svc","password":"$S3"},"recipientAccountId":"111122223333"}
{"eventTime":"2026-03-01T00:00:02Z","eventSource":"sts.amazonaws.com","eventName":"GetSessionToken","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/admin"},"responseElements":{"credentials":{"sessionToken":"$S4","secretAccessKey":"$S2"}}}
{"eventTime":"2026-03-01T00:00:03Z","eventSource":"sts.amazonaws.com","eventName":"GetSessionToken","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/admin"},"responseElements":{"credentials":{"sessionToken":$S4}}}
{"eventTime":"2026-03-01T00:00:04Z","eventSource":"sts.amazonaws.com","eventName":"GetSessionToken","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/admin"},"responseElements":{"x":"$S2
EOF
run nhi-collect cloudtrail ct.ndjson
expect_status 3
expect_no_secret "$S2" "$S3" "$S4"
grep -q '"credential":"aws:key:AKIABTX3GSDSSUAQEAYE"' "$T/out" || _complain "the key id should be there"
run nhi-collect cloudtrail --aggregate ct.ndjson
expect_status 3
expect_no_secret "$S2" "$S3" "$S4"
run nhi-collect cloudtrail --aggregate --no-fast-path ct.ndjson
expect_no_secret "$S2" "$S3" "$S4"

t 'a credential report with an extra column and a broken row holding secrets'
{ printf 'user,arn,user_creation_time,password_enabled,note\n'
  printf 'svc,arn:aws:iam::111122223333:user/svc,2020-01-01T00:00:00+00:00,true,%s\n' "$S3"
  printf 'bad,"%s\n' "$S2"
  printf 'bad2,%s\n' "$S4"; } >report.csv
run nhi-collect aws-credential-report report.csv
expect_err <<'EOF'
nhi-collect: report.csv:3: malformed quoted field
nhi-collect: report.csv:4: expected 5 fields, found 2
EOF
expect_status 3
expect_no_secret "$S2" "$S3" "$S4"

t 'broken JSON around a secret: the diagnostic does not quote it'
printf '{"UserDetailList": [%s]}\n' "$S2" >iam.json
printf '{"Content": %s}\n' "$S4" >report.json
run nhi-collect aws-iam iam.json
expect_status 3
expect_no_secret "$S2"
run nhi-collect aws-credential-report report.json
expect_status 3
expect_no_secret "$S4"
printf '{"Records":[{"eventName":%s}]}\n' "$S4" >ct.json
run nhi-collect cloudtrail ct.json
expect_status 3
expect_no_secret "$S4"

done_testing
