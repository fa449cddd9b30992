# "Who can read the bucket, and how?" on a real export: AirIAM's scrubbed
# get-account-authorization-details (tests/fixtures/aws/samples/SOURCES),
# from the estate and from the result alike.
. "$TOP/tests/lib.sh"

S=$FIX/aws/samples
NOW='--now 2026-11-22T00:00:00Z'

t 'a real export: every identity that can read a bucket, with the grant; the result answers the same'
(cd "$S" && nhi-collect aws-iam airiam-iam-data-scrubbed.json) >estate.ndjson
nhi-lineage $NOW estate.ndjson >result.ndjson
nhi-lineage --can s3:GetObject --on arn:aws:s3:::finance-reports/q3.csv result.ndjson >result.ans
run nhi-lineage --can s3:GetObject --on arn:aws:s3:::finance-reports/q3.csv estate.ndjson
expect_same result.ans "$T/out"
run jq -r '"\(.identity) \(.via) \(.grant)"' result.ans
expect_out <<'EOF'
aws:arn:aws:iam::000000000000:role/AWSConfigRole direct managed:arn:aws:iam::aws:policy/service-role/AWSConfigRole
aws:arn:aws:iam::000000000000:user/gandalf@bridgecrew.io direct group:aws-admins/managed:arn:aws:iam::aws:policy/AdministratorAccess
aws:arn:aws:iam::000000000000:user/hatulik@bridgecrew.io direct managed:arn:aws:iam::aws:policy/ReadOnlyAccess
aws:arn:aws:iam::000000000000:user/shati@bridgecrew.io direct group:aws-admins/managed:arn:aws:iam::aws:policy/AdministratorAccess
aws:arn:aws:iam::000000000000:user/test@bridgecrew.io direct managed:arn:aws:iam::aws:policy/ReadOnlyAccess
aws:arn:aws:iam::000000000000:user/wifi direct group:aws-admins/managed:arn:aws:iam::aws:policy/AdministratorAccess
EOF
expect_status 0

t 'a real export: who can create access keys for other users is answered through the admin group only'
(cd "$S" && nhi-collect aws-iam airiam-iam-data-scrubbed.json) >estate.ndjson
run_sh 'nhi-lineage --can iam:CreateAccessKey --on arn:aws:iam::000000000000:user/test@bridgecrew.io estate.ndjson | jq -r "\"\(.identity) \(.via)\""'
expect_out <<'EOF'
aws:arn:aws:iam::000000000000:user/gandalf@bridgecrew.io direct
aws:arn:aws:iam::000000000000:user/shati@bridgecrew.io direct
aws:arn:aws:iam::000000000000:user/wifi direct
EOF
expect_status 0

done_testing
