# nhi-lineage against the public privilege-escalation test accounts:
# BishopFox's iam-vulnerable, the Rhino Security Labs methods and the IAM
# scenarios of CloudGoat, rebuilt as one IAM export (see the fixture's
# README).  Every path must be found with its technique and target, and
# the look-alikes, whose constraint really blocks, must have none.
. "$TOP/tests/lib.sh"

D=$FIX/lineage/iam-vulnerable
NOW=2026-11-22T00:00:00Z
# identity, technique, target, conditional: one line per path found, the
# account's ARN prefix left out.
PATHS='select(.kind == "lineage" and .reach.paths) | (.id | sub("^aws:arn:aws:iam::111111111111:"; "")) as $who | .reach.paths[] | [$who, .technique, (.target | sub("^arn:aws:iam::111111111111:"; "")), (if .conditional then "conditional" else "-" end)] | @tsv'

t 'every public path is found, with its technique, target and whether it is conditional'
cd "$D" && run_sh "nhi-collect aws-iam auth.json | nhi-lineage --now $NOW | jq -r '$PATHS'"
expect_out_file "$D/paths.out"
expect_err </dev/null
expect_status 0

t 'the look-alikes and the false-positive cases escalate by no path'
cd "$D" && run_sh "nhi-collect aws-iam auth.json | nhi-lineage --now $NOW | jq -r 'select(.kind == \"lineage\" and (.id | test(\"lookalike-|/fp[0-9]-|low-priv|permissive\"))) | [(.id | sub(\"^.*:\"; \"\")), (.reach.paths | length)] | @tsv'"
expect_out <<'OUT'
role/privesc-low-priv-service-role	0
role/privesc-permissive-role-trust	0
user/fp1-allow-and-deny-user	0
user/fp2-allow-and-deny-multiple-policies-user	0
user/fp3-deny-iam-user	0
user/fp4-nonExploitableResourceConstraint-user	0
user/fp5-nonExploitableConditionConstraint-user	0
user/lookalike-AddUserToGroup-low-priv-group-user	0
user/lookalike-AttachUserPolicy-PolicyARN-user	0
user/lookalike-CloudFormation-UpdateStack-denied-user	0
user/lookalike-CodeStar-CreateProject-only-user	0
user/lookalike-CreateAccessKey-self-only-user	0
user/lookalike-PassRole-low-priv-role-user	0
user/lookalike-PassRole-other-service-user	0
user/lookalike-PassRole-without-invoke-user	0
user/lookalike-PutUserPolicy-other-user-user	0
user/lookalike-UpdateAssumeRolePolicy-deny-assume-user	0
user/lookalike-ec2InstanceConnect-denied-user	0
user/privesc-low-priv-user	0
OUT
expect_status 0

t 'a chain of trusts (privesc-AssumeRole, CloudGoat lambda_privesc) reaches admin through the role that escalates'
cd "$D" && run_sh "nhi-collect aws-iam auth.json | nhi-lineage --now $NOW | jq -r 'select(.kind == \"lineage\" and (.id | test(\"AssumeRole-start-user|cloudgoat-chris\"))) | .reach.summary'"
expect_out <<'OUT'
admin-equivalent via aws:arn:aws:iam::111111111111:role/cloudgoat-lambdaManager-role; write on 1 service; read 1 service; reaches 4 other identities
admin-equivalent via aws:arn:aws:iam::111111111111:role/privesc-AssumeRole-intermediate-role; write on 1 service; reaches 4 other identities
OUT
expect_status 0

t '--can answers an IAM action through privilege escalation, with the path'
cd "$D" && run_sh "nhi-collect aws-iam auth.json | nhi-lineage --now $NOW --can iam:CreateUser --on arn:aws:iam::111111111111:user/backdoor | jq -c 'select(.identity | test(\"privesc4-|fp2-|lookalike-CreateAccessKey\"))'"
expect_out <<'OUT'
{"kind":"answer","action":"iam:CreateUser","resource":"arn:aws:iam::111111111111:user/backdoor","identity":"aws:arn:aws:iam::111111111111:user/privesc4-CreateAccessKey-user","via":"privilege-escalation","path":{"technique":"create-access-key","target":"arn:aws:iam::111111111111:user/privesc-high-priv-user","steps":[{"action":"iam:CreateAccessKey","resource":"arn:aws:iam::111111111111:user/privesc-high-priv-user","via":"managed:arn:aws:iam::111111111111:policy/privesc4-CreateAccessKey#0"}],"reaches":"admin-equivalent"}}
OUT
expect_status 0

done_testing
