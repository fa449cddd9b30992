# nhi-collect cloudtrail --live: LookupEvents pages, signed with SigV4,
# joined by NextToken, throttling asked again, records as from the files.
. "$TOP/tests/lib.sh"
F=$FIX/cloudtrail-live
NHI_HTTP_BACKOFF_MS=5
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYLIVEKEY00
export NHI_HTTP_BACKOFF_MS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
unset AWS_SESSION_TOKEN AWS_SESSION_TOKEN_FILE

t 'cloudtrail --live: SigV4, a throttle asked again, two pages by NextToken'
start_server "$F/rules"
printf 'api:\n  cloudtrail: %s\n' "$BASE" >nhi.yaml
run nhi-collect cloudtrail --live --region eu-west-1 --since 2026-03-01T00:00:00Z --until 2026-03-03T00:00:00Z
stop_server
expect_out <<'EOF'
{"kind":"event","identity":"aws:arn:aws:iam::111122223333:role/deploy","time":"2026-03-02T10:00:00Z","action":"ec2:DescribeInstances","outcome":"allowed","source_ip":"203.0.113.7","user_agent":"aws-cli/2.15.0","region":"eu-west-1","session":"ci","event_source":"ec2.amazonaws.com","event_name":"DescribeInstances","access_key_id":"ASIAEXAMPLELIVE00001","account":"111122223333","source":{"collector":"cloudtrail","file":"/","pointer":"/Events/0/CloudTrailEvent"}}
{"kind":"event","identity":"aws:arn:aws:iam::111122223333:role/deploy","time":"2026-03-02T09:00:00Z","action":"s3:ListAllMyBuckets","outcome":"allowed","source_ip":"203.0.113.7","user_agent":"aws-cli/2.15.0","region":"eu-west-1","session":"ci","event_source":"s3.amazonaws.com","event_name":"ListBuckets","access_key_id":"ASIAEXAMPLELIVE00001","account":"111122223333","source":{"collector":"cloudtrail","file":"/","pointer":"/Events/1/CloudTrailEvent"}}
{"kind":"event","identity":"aws:arn:aws:iam::111122223333:role/deploy","time":"2026-03-01T08:00:00Z","action":"secretsmanager:GetSecretValue","resource":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db","outcome":"denied","error":"AccessDenied","source_ip":"203.0.113.7","user_agent":"aws-cli/2.15.0","region":"eu-west-1","session":"ci","event_source":"secretsmanager.amazonaws.com","event_name":"GetSecretValue","access_key_id":"ASIAEXAMPLELIVE00001","account":"111122223333","source":{"collector":"cloudtrail","file":"/","pointer":"/Events/0/CloudTrailEvent"}}
{"kind":"event","identity":"aws:arn:aws:iam::111122223333:role/deploy","time":"2026-03-01T07:00:00Z","action":"ec2:DescribeInstances","outcome":"allowed","source_ip":"203.0.113.7","user_agent":"aws-cli/2.15.0","region":"eu-west-1","session":"ci","event_source":"ec2.amazonaws.com","event_name":"DescribeInstances","access_key_id":"ASIAEXAMPLELIVE00001","account":"111122223333","source":{"collector":"cloudtrail","file":"/","pointer":"/Events/1/CloudTrailEvent"}}
EOF
expect_err </dev/null
expect_status 0
jq -r '[.method, .path, .headers["content-type"], .headers["x-amz-target"], .body] | join(" ")' "$SERVER_LOG" >got
cat >want <<'EOF'
POST / application/x-amz-json-1.1 com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents {"StartTime":1772323200,"EndTime":1772496000,"MaxResults":50}
POST / application/x-amz-json-1.1 com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents {"StartTime":1772323200,"EndTime":1772496000,"MaxResults":50}
POST / application/x-amz-json-1.1 com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents {"StartTime":1772323200,"EndTime":1772496000,"MaxResults":50,"NextToken":"kbOt5LlZe++mErCebpy2TgaMgmDvF1kYGFcH64JSjIbZFjsuvrSqg66b5YGssKutDYIyII4lrP4XAYQqQQQ=="}
EOF
expect_same want got
jq -r '.headers.authorization' "$SERVER_LOG" | sed 's|/[0-9]\{8\}/|/DATE/|' | sort -u >got
echo 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/DATE/eu-west-1/cloudtrail/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=' >want
expect_same want got
cp "$SERVER_LOG" "$T/extra.log"
expect_no_secret "$AWS_SECRET_ACCESS_KEY"

t 'cloudtrail --live gives the records the same LookupEvents pages give as files'
for agg in "" --aggregate; do
	start_server "$F/rules"
	printf 'api:\n  cloudtrail: %s/\n' "$BASE" >nhi.yaml
	nhi-collect cloudtrail --live --region eu-west-1 $agg | jq -c 'del(.source)' >live
	stop_server
	(cd "$F" && nhi-collect cloudtrail $agg page-1.json page-2.json) | jq -c 'del(.source)' >files
	expect_same files live
done
n=$(wc -l <live)
expect_true "--aggregate gave usage records, the denied call not one ($n)" test "$n" = 2

t 'throttled every time: given up after 8 tries, status 5; a refusal is not retried'
cp "$F/throttled.json" "$F/denied.json" .
echo 'POST / 400 throttled.json' >rules
start_server rules
printf 'api:\n  cloudtrail: %s\n' "$BASE" >nhi.yaml
run nhi-collect cloudtrail --live --region eu-west-1
stop_server
expect_out </dev/null
expect_err <<EOF
nhi-collect: $BASE/: HTTP 400 ThrottlingException
EOF
expect_status 5
n=$(grep -c '"method":"POST"' "$SERVER_LOG")
expect_true "8 tries ($n)" test "$n" = 8
echo 'POST / 400 denied.json' >rules
start_server rules
printf 'api:\n  cloudtrail: %s\n' "$BASE" >nhi.yaml
run nhi-collect cloudtrail --live --region eu-west-1
stop_server
expect_err <<EOF
nhi-collect: $BASE/: HTTP 400 AccessDeniedException
EOF
expect_status 5
n=$(grep -c '"method":"POST"' "$SERVER_LOG")
expect_true "1 try ($n)" test "$n" = 1

t 'cloudtrail --live needs a region and keys, and reads no files'
run nhi-collect cloudtrail --live
head -n 1 "$T/err" >first
echo 'nhi-collect: --live needs --region REGION (such as eu-west-1)' >want
expect_same want first
expect_status 2
run nhi-collect cloudtrail --live --region 'eu-west-1.evil.com/'
head -n 1 "$T/err" >first
expect_same want first
expect_status 2
run env -u AWS_SECRET_ACCESS_KEY nhi-collect cloudtrail --live --region eu-west-1
expect_err <<'EOF'
nhi-collect: cloudtrail --live needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their _FILE)
EOF
expect_status 2
run nhi-collect cloudtrail --live --region eu-west-1 trail.json
head -n 1 "$T/err" >first
echo 'nhi-collect: --live reads no files' >want
expect_same want first
expect_status 2

done_testing
