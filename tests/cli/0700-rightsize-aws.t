# nhi-rightsize on AWS: the classics, exact proposals, every call replayed.
. "$TOP/tests/lib.sh"

G=$FIX/rightsize/graph.ndjson
E=$FIX/rightsize/events.ndjson
NOW=2026-11-20T00:00:00Z

t 'a *:* data pipeline and an s3:*/dynamodb:* service: exact recommendations, other records pass through'
run nhi-rightsize --now $NOW --events $E $G
expect_out_file $FIX/rightsize/aws.out
expect_err </dev/null
expect_status 0

t 'every recommendation proves zero denied calls'
jq -r 'select(.kind == "recommendation") | .proof.denied' "$FIX/rightsize/aws.out" >denied
printf '0\n0\n' >want
expect_same want denied

t 'reach before and after, graded by lib/iam: admin-equivalent becomes write, s3:*/dynamodb:* becomes read'
jq -c 'select(.kind == "recommendation") | [(.identity | sub(".*/"; "")), .reach.summary_before, .reach.summary_after, .reach.services_after, (.reach.levels_removed // .reach.levels_removed_count)]' "$FIX/rightsize/aws.out" >got
cat >want <<'EOF'
["orders-api","permissions-management","read",2,["dynamodb:List","dynamodb:Tagging","dynamodb:Write","dynamodb:Permissions management","s3:List","s3:Tagging","s3:Write","s3:Permissions management"]]
["pipeline","admin-equivalent","write",3,1646]
EOF
expect_same want got

t 'the proposals as IAM JSON, one after the other'
run nhi-rightsize --now $NOW --events $E --format policy $G
expect_out_file $FIX/rightsize/aws-policy.out
expect_err </dev/null
expect_status 0

t 'one identity as plain IAM JSON that jq can read'
run nhi-rightsize --now $NOW --events $E --format policy \
	--identity aws:arn:aws:iam::123456789012:role/orders-api $G
expect_out <<'EOF'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DynamodbUse1",
      "Effect": "Allow",
      "Action": [
        "dynamodb:Query"
      ],
      "Resource": [
        "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
      ]
    },
    {
      "Sid": "S3Use1",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject"
      ],
      "Resource": [
        "arn:aws:s3:::orders-config/app.json"
      ],
      "Condition": {
        "StringEquals": {
          "aws:RequestedRegion": "eu-west-1"
        }
      }
    }
  ]
}
EOF
expect_err </dev/null
expect_status 0

t 'a unified diff against the current documents'
run nhi-rightsize --now $NOW --events $E --format diff \
	--identity aws:arn:aws:iam::123456789012:role/pipeline $G
expect_out_file $FIX/rightsize/pipeline.diff
expect_err </dev/null
expect_status 0

t 'the diff applies: patch turns the current policy into the proposal'
jq -n --slurpfile g "$G" '{Version: "2012-10-17", Statement: [$g[0].policies[0].document.Statement[]]}' >a.json
cp "$FIX/rightsize/pipeline.diff" p.diff
sed -i '1,2c\--- a.json\n+++ a.json' p.diff
patch -s a.json p.diff
nhi-rightsize --now $NOW --events $E --format policy \
	--identity aws:arn:aws:iam::123456789012:role/pipeline $G >b.json
expect_same b.json a.json

t 'a Terraform aws_iam_policy_document, with conditions as condition blocks'
run nhi-rightsize --now $NOW --events $E --format terraform $G
expect_out_file $FIX/rightsize/aws.tf
expect_err </dev/null
expect_status 0

t 'Terraform escapes policy variables in kept conditions'
cat >g.ndjson <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::1:role/home","system":"aws","type":"iam_role","name":"home dir"}
{"kind":"policy","identity":"aws:arn:aws:iam::1:role/home","via":"inline:h","document":{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::homes","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*","%{x}"]}}}}}
EOF
echo '{"kind":"event","identity":"aws:arn:aws:iam::1:role/home","time":"2026-11-01T00:00:00Z","action":"s3:ListBucket","resource":"arn:aws:s3:::homes","outcome":"allowed"}' >e.ndjson
run nhi-rightsize --now $NOW --events e.ndjson --format terraform --identity aws:arn:aws:iam::1:role/home g.ndjson
expect_out <<'EOF'
data "aws_iam_policy_document" "home_dir" {
  statement {
    sid       = "S3Use1"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::homes"]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["home/$${aws:username}/*", "%%{x}"]
    }
  }
}
EOF
expect_err </dev/null
expect_status 0

t 'the same input in any order gives the same bytes'
tac $E >rev.ndjson
run nhi-rightsize --now $NOW --events rev.ndjson $G
expect_out_file $FIX/rightsize/aws.out
expect_status 0

t 'usage merged from events gives the same recommendations as the events'
nhi-rightsize --merge $E >usage.ndjson
run nhi-rightsize --now $NOW --events usage.ndjson $G
expect_out_file $FIX/rightsize/aws.out
expect_status 0

t 'an action the call may need, allowed now, is added with its reason'
cat >g.ndjson <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::1:role/launcher","system":"aws","type":"iam_role","name":"launcher"}
{"kind":"policy","identity":"aws:arn:aws:iam::1:role/launcher","via":"managed:arn:aws:iam::aws:policy/PowerUserAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:*","iam:PassRole","kms:Decrypt","s3:*"],"Resource":"*"}]}}
EOF
cat >e.ndjson <<'EOF'
{"kind":"event","identity":"aws:arn:aws:iam::1:role/launcher","time":"2026-11-01T00:00:00Z","action":"ec2:RunInstances","resource":"arn:aws:ec2:eu-west-1:1:instance/i-1","outcome":"allowed","maybe":["iam:PassRole"]}
{"kind":"event","identity":"aws:arn:aws:iam::1:role/launcher","time":"2026-11-02T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","outcome":"allowed","maybe":["kms:Decrypt"]}
{"kind":"event","identity":"aws:arn:aws:iam::1:role/launcher","time":"2026-11-02T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::b/v","maybe":["s3:GetObjectVersion"],"outcome":"allowed"}
EOF
run sh -c 'nhi-rightsize --now 2026-11-20T00:00:00Z --events e.ndjson g.ndjson | jq -c ".added[], .proposed.document.Statement[], .proof"'
expect_out <<'EOF'
{"action":"iam:PassRole","resource":"*","reason":"the call may need it and CloudTrail does not log it nor its resource","needed_by":"ec2:RunInstances"}
{"action":"kms:Decrypt","resource":"*","reason":"the call may need it and CloudTrail does not log it nor its resource","needed_by":"s3:GetObject"}
{"action":"s3:GetObjectVersion","resource":"arn:aws:s3:::b/v","reason":"the call may need it and CloudTrail does not log it","needed_by":"s3:GetObject"}
{"action":"ec2:CreateTags","resource":"*","reason":"dependent action in the service authorization reference; narrow the resource by hand","needed_by":"ec2:RunInstances"}
{"Sid":"Ec2Use1","Effect":"Allow","Action":["ec2:CreateTags"],"Resource":["*"]}
{"Sid":"Ec2Use2","Effect":"Allow","Action":["ec2:RunInstances"],"Resource":["arn:aws:ec2:eu-west-1:1:instance/i-1"]}
{"Sid":"IamUse1","Effect":"Allow","Action":["iam:PassRole"],"Resource":["*"]}
{"Sid":"KmsUse1","Effect":"Allow","Action":["kms:Decrypt"],"Resource":["*"]}
{"Sid":"S3Use1","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/k","arn:aws:s3:::b/v"]}
{"Sid":"S3Use2","Effect":"Allow","Action":["s3:GetObjectVersion"],"Resource":["arn:aws:s3:::b/v"]}
{"calls":3,"distinct":3,"denied":0,"window":"90d","from":"2026-08-22T00:00:00Z","to":"2026-11-20T00:00:00Z"}
EOF
expect_status 0

done_testing
