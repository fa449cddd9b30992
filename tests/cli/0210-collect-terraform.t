# nhi-collect terraform: terraform show -json (state and plan) and raw state
# files; IAM identities, policies, trust, keys and workload identity links;
# a secret kept in the state is a sighting, fingerprint only.
. "$TOP/tests/lib.sh"
I=$FIX/iac

t 'a state: roles, users, keys with their secrets fingerprinted, GCP, k8s, Azure'
cp "$I/state.json" .
run nhi-collect terraform state.json
expect_out_file "$I/state.out"
expect_err <<'EOF'
nhi-collect: terraform: skipped 1 object of type 'aws_s3_bucket' (not collected yet)
EOF
expect_status 0
expect_no_secret tfPlantedSecretAccessKey0123456789abcdEF BPlantedSmtpPasswordV4 TFPLANTEDGCPKEY \
	"$(printf tfPlantedSecretAccessKey | base64)"

t 'a plan: what it would create, delete or replace is marked planned'
cp "$I/plan.json" .
run nhi-collect terraform plan.json
expect_out <<'EOF'
{"kind":"credential","id":"tf:aws_iam_access_key.new","identity":"aws:arn:aws:iam::111122223333:user/ci","type":"aws_access_key","static":true,"status":"active","planned":"create","source":{"collector":"terraform","file":"plan.json","pointer":"aws_iam_access_key.new"}}
{"kind":"policy","identity":"aws:arn:aws:iam::111122223333:user/ci","via":"managed:arn:aws:iam::aws:policy/AdministratorAccess","planned":"create","source":{"collector":"terraform","file":"plan.json","pointer":"aws_iam_user_policy_attachment.admin"}}
{"kind":"identity","id":"aws:arn:aws:iam::111122223333:role/old","system":"aws","type":"iam_role","name":"old","account":"111122223333","arn":"arn:aws:iam::111122223333:role/old","planned":"delete","source":{"collector":"terraform","file":"plan.json","pointer":"aws_iam_role.old"}}
{"kind":"trust","identity":"aws:arn:aws:iam::111122223333:role/old","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/infra:*"}}}]},"planned":"delete","source":{"collector":"terraform","file":"plan.json","pointer":"aws_iam_role.old"}}
{"kind":"identity","id":"aws:arn:aws:iam::111122223333:role/deploy","system":"aws","type":"iam_role","name":"deploy","account":"111122223333","arn":"arn:aws:iam::111122223333:role/deploy","source":{"collector":"terraform","file":"plan.json","pointer":"aws_iam_role.deploy"}}
{"kind":"identity","id":"tf:aws_iam_role.ci","system":"aws","type":"iam_role","name":"ci","planned":"replace","source":{"collector":"terraform","file":"plan.json","pointer":"aws_iam_role.ci"}}
EOF
expect_err <<'EOF'
nhi-collect: plan.json: aws_iam_role.ci: policy is not a JSON object
EOF
expect_status 3

t 'a raw version 4 state: module and index in the address; the secret is not shown'
cp "$I/legacy.tfstate" .
run nhi-collect terraform legacy.tfstate
expect_out <<'EOF'
{"kind":"credential","id":"aws:key:AKIAI44QH8DHBEXAMPLE","identity":"tf:aws_iam_user/legacy","type":"aws_access_key","key_id":"AKIAI44QH8DHBEXAMPLE","fingerprint":"hmac-sha256:03641214efdf110e","static":true,"status":"inactive","created":"2019-05-05T05:05:05Z","source":{"collector":"terraform","file":"legacy.tfstate","pointer":"module.legacy.aws_iam_access_key.old[0]"}}
{"kind":"sighting","rule":"aws_secret_key_ctx","key_id":"AKIAI44QH8DHBEXAMPLE","fingerprint":"hmac-sha256:03641214efdf110e","provider":"aws","location":{"type":"terraform_state","path":"legacy.tfstate","object":"module.legacy.aws_iam_access_key.old[0].secret"},"source":{"collector":"terraform","file":"legacy.tfstate","pointer":"module.legacy.aws_iam_access_key.old[0]"}}
EOF
expect_err </dev/null
expect_status 0
expect_no_secret rawPlantedSecretValue

t 'real terraform-json outputs: nothing IAM-like, every resource type counted'
cp "$I/tfjson-120_basic-plan.json" "$I/tfjson-110_sensitive_values-raw.tfstate" .
run nhi-collect terraform tfjson-120_basic-plan.json tfjson-110_sensitive_values-raw.tfstate
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: terraform: skipped 14 objects of type 'null_resource' (not collected yet)
EOF
expect_status 0

t 'not terraform output, and not JSON'
printf '{"hello":1}\n' >x.json
printf 'resource "x" {}\n' >main.tf
run nhi-collect terraform x.json main.tf
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: x.json: not terraform show -json output nor a state file
nhi-collect: main.tf:1: invalid JSON: invalid token at column 8
EOF
expect_status 3

t '--cluster names the cluster of Kubernetes service accounts'
cp "$I/state.json" .
run_sh 'nhi-collect terraform --cluster gke state.json 2>/dev/null | grep k8s:gke'
expect_out <<'EOF'
{"kind":"trust","identity":"k8s:gke/sa/etl/loader","target":"gcp:sa/deploy@acme-prod.iam.gserviceaccount.com","mechanism":"gke_workload_identity","source":{"collector":"terraform","file":"state.json","pointer":"module.gcp.google_service_account_iam_member.wi"}}
{"kind":"identity","id":"k8s:gke/sa/etl/loader","system":"k8s","type":"k8s_service_account","name":"loader","namespace":"etl","source":{"collector":"terraform","file":"state.json","pointer":"module.gcp.kubernetes_service_account_v1.loader"}}
{"kind":"trust","identity":"k8s:gke/sa/etl/loader","target":"gcp:sa/deploy@acme-prod.iam.gserviceaccount.com","mechanism":"gke_workload_identity","source":{"collector":"terraform","file":"state.json","pointer":"module.gcp.kubernetes_service_account_v1.loader"}}
EOF
expect_status 0

t 'group members get the group policies, as group:NAME/inline:X and group:NAME/managed:ARN'
cp "$I/groups.json" .
run nhi-collect terraform groups.json
expect_out_file "$I/groups.out"
expect_err </dev/null
expect_status 0

done_testing
