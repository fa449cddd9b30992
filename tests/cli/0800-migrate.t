# nhi-migrate: plans that pin the trust, patches that apply, stages that
# move, and the CI gate.
. "$TOP/tests/lib.sh"
M=$FIX/migrate

t 'each static credential gets a plan: OIDC for AWS, ineligible where no federation exists'
run nhi-migrate --repo "$M/repo" --aws-account 444455556666 "$M/workloads.ndjson"
expect_out_file "$M/plans.expected"
expect_err </dev/null
expect_status 0

t 'every AWS trust policy pins aud and an exact sub, never a wildcard'
run nhi-migrate --repo "$M/repo" --aws-account 444455556666 "$M/workloads.ndjson"
jq -r 'select(.kind == "plan" and .to == "github_oidc") | .artifacts.trust_policy.Statement[]
	| [.Action, .Condition.StringEquals["token.actions.githubusercontent.com:aud"],
	   .Condition.StringEquals["token.actions.githubusercontent.com:sub"],
	   (.Condition | keys | join(","))] | join(" ")' "$T/out" >got
cat >want <<'EOF'
sts:AssumeRoleWithWebIdentity sts.amazonaws.com repo:14km/aws-community-day-2021:environment:production StringEquals
sts:AssumeRoleWithWebIdentity sts.amazonaws.com repo:acme/site:ref:refs/heads/release StringEquals
EOF
expect_same want got

t 'the patch applies with patch -p1, leaves valid YAML in OIDC form, and -R restores it'
cp -R "$M/repo" repo
run nhi-migrate --repo repo --aws-account 444455556666 --format patch "$M/workloads.ndjson"
expect_out_file "$M/patch.expected"
cp "$T/out" p.diff
(cd repo && patch -s -p1 --dry-run <../p.diff && patch -s -p1 <../p.diff)
run nhi-test-tool yaml repo/.github/workflows/aws.yml
jq -c '.[0].jobs.deploy | [.permissions, .steps[1].with]' "$T/out" >got
echo '[{"contents":"read","id-token":"write"},{"role-to-assume":"arn:aws:iam::444455556666:role/gha-aws-community-day-2021-deploy","aws-region":"${{ env.AWS_REGION }}"}]' >want
expect_same want got
(cd repo && patch -s -R -p1 <../p.diff)
expect_true 'patch -R restores the checkout' diff -r "$M/repo" repo

t 'a job triggered by pull_request_target is not given a role'
run nhi-migrate --repo "$M/repo" "$M/workloads.ndjson"
jq -r 'select(.kind == "plan" and .to == "trusted_publishing") | [.stage, .reason] | join(": ")' "$T/out" >got
echo 'ineligible: the workflow runs on pull_request_target: code from forks could obtain the role; split the privileged job into a workflow that forks cannot trigger' >want
expect_same want got

t 'without an account the AWS plan asks for one instead of guessing'
run nhi-migrate "$M/workloads.ndjson"
jq -r 'select(.kind == "plan" and (.workload | contains("14km"))) | [.stage, .reason] | join(": ")' "$T/out" >got
echo 'needs-input: the AWS account of the new role is unknown (--aws-account)' >want
expect_same want got

t '--format terraform writes the role and its right-sized policy'
run nhi-migrate --repo "$M/repo" --aws-account 444455556666 --format terraform "$M/workloads.ndjson"
expect_out_file "$M/terraform.expected"
expect_status 0

t '--status: planned, then applied when the checkout changed, validated by an OIDC assume, retired on --retire'
cp -R "$M/repo" repo
nhi-migrate --repo repo --aws-account 444455556666 "$M/workloads.ndjson" | jq -c 'select(.kind == "plan" or .kind == "workload")' >state
nhi-migrate --repo repo --aws-account 444455556666 --format patch "$M/workloads.ndjson" | (cd repo && patch -s -p1)
run nhi-migrate --status --repo repo state
jq -r 'select(.kind == "plan") | .stage' "$T/out" >got
printf 'applied\napplied\nineligible\nineligible\n' >want
expect_same want got
jq -c 'select(.kind == "plan" or .kind == "workload")' "$T/out" >state2
cat >>state2 <<'EOF'
{"kind":"event","identity":"aws:arn:aws:iam::444455556666:role/gha-site-sync","event_name":"AssumeRoleWithWebIdentity","resource":"arn:aws:iam::444455556666:role/gha-site-sync","time":"2026-11-14T08:00:00Z","action":"sts:AssumeRoleWithWebIdentity","outcome":"allowed"}
{"kind":"event","identity":"aws:arn:aws:iam::111122223333:user/site-sync","time":"2026-11-01T08:00:00Z","action":"s3:PutObject","outcome":"allowed"}
EOF
run nhi-migrate --status --now 2026-11-15T00:00:00Z --repo repo state2
jq -r 'select(.kind == "plan") | .stage' "$T/out" >got
printf 'applied\nvalidated\nineligible\nineligible\n' >want
expect_same want got
run nhi-migrate --status --retire --now 2026-11-15T00:00:00Z --repo repo state2
jq -r 'select(.kind == "plan") | .stage' "$T/out" >got
printf 'applied\nretired\nineligible\nineligible\n' >want
expect_same want got

t '--check fails on an OIDC trust without a pinned sub'
cat >trust.ndjson <<'EOF'
{"kind":"trust","identity":"aws:arn:aws:iam::111122223333:role/any-repo","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}}
{"kind":"trust","identity":"aws:arn:aws:iam::111122223333:role/org-wide","document":{"Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/*"}}}}}
{"kind":"trust","identity":"aws:arn:aws:iam::111122223333:role/pinned","document":{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:acme/infra:ref:refs/heads/main"}}}]}}
EOF
mkdir empty
run nhi-migrate --check empty --fail-on high trust.ndjson
jq -r '[.rule, .severity, .identity] | join(" ")' "$T/out" >got
cat >want <<'EOF'
oidc-trust-unpinned-sub critical aws:arn:aws:iam::111122223333:role/any-repo
oidc-trust-wildcard-sub high aws:arn:aws:iam::111122223333:role/org-wide
EOF
expect_same want got
expect_status 1

t 'the real workflows of the sample set are classified as their SOURCES say'
for f in "$FIX"/gha/*.yml; do
	repo=$(basename "$f" | awk -F__ '{ print $1 "/" $2 }')
	printf '%s\n' "$(basename "$f")"
	nhi-collect gha "$f" 2>/dev/null | nhi-migrate --github-repo "$repo" --aws-account 111122223333 2>&1 |
		jq -r 'select(.kind == "plan") | "  \(.to) [\(.stage)] \(.credential // "") \(.artifacts.subject // "")"'
done >"$T/out"
expect_out_file "$M/samples.expected"

t '--retire without --status is a usage error'
run nhi-migrate --retire "$M/workloads.ndjson"
head -n 1 "$T/err" >first
echo 'nhi-migrate: --retire goes with --status' >want
expect_same want first
expect_status 2

done_testing
