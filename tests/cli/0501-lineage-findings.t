# Every finding rule of nhi-lineage, each with a case that fires and a
# near miss that must not.  F prints finding records as
# [rule, severity, nhi_top10, identity or workload].
. "$TOP/tests/lib.sh"

F='jq -c "select(.kind==\"finding\") | [.rule, .severity, .nhi_top10, (.identity // .workload)]"'
NOW='--now 2026-11-22T00:00:00Z'

t 'NHI2 secret-leak: active key in git is high; the same key in a Secret is storage'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/a","type":"iam_user","name":"a"}
{"kind":"credential","id":"aws:key:AKIA0000000000000001","identity":"aws:arn:aws:iam::111111111111:user/a","type":"aws_access_key","key_id":"AKIA0000000000000001","static":true,"status":"active"}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIA0000000000000001","fingerprint":"hmac-sha256:0000000000000001","location":{"type":"git","repo":"o/r","path":".env","line":2}}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIA0000000000000001","fingerprint":"hmac-sha256:0000000000000001","location":{"type":"k8s_secret","path":"ns/key"}}
EOF
expect_out <<'EOF'
["secret-leak","high","NHI2","aws:arn:aws:iam::111111111111:user/a"]
EOF
expect_status 0

t 'NHI2 secret-leak: severity follows what is known of the credential'
run_sh "nhi-lineage | jq -c 'select(.kind==\"finding\") | [.severity, .message]'" <<'EOF'
{"kind":"credential","id":"aws:key:AKIA0000000000000002","type":"aws_access_key","key_id":"AKIA0000000000000002","static":true,"status":"inactive"}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIA0000000000000002","fingerprint":"hmac-sha256:0000000000000002","location":{"type":"file","path":"old.txt","line":1}}
{"kind":"sighting","rule":"slack_token","fingerprint":"hmac-sha256:0000000000000003","location":{"type":"file","path":"notes.md","line":9}}
{"kind":"sighting","rule":"github_pat","fingerprint":"hmac-sha256:0000000000000004","active_hint":true,"location":{"type":"workflow","path":".github/workflows/x.yml","line":5}}
EOF
expect_out <<'EOF'
["low","aws_access_key_id aws:key:AKIA0000000000000002 found in file old.txt:1 (not active)"]
["medium","slack_token fp:hmac-sha256:0000000000000003 found in file notes.md:9"]
["high","github_pat fp:hmac-sha256:0000000000000004 found in workflow .github/workflows/x.yml:5 and it looks live"]
EOF
expect_status 0

t 'NHI3: a wildcard principal, an outside account without ExternalId; the near misses are quiet'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/open","type":"iam_role","name":"open","account":"111111111111"}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/open","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/orgonly","type":"iam_role","name":"orgonly","account":"111111111111"}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/orgonly","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/vendor","type":"iam_role","name":"vendor","account":"111111111111"}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/vendor","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/vendor-ok","type":"iam_role","name":"vendor-ok","account":"111111111111"}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/vendor-ok","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}}]}}
{"kind":"identity","id":"aws:arn:aws:iam::333333333333:role/sibling","type":"iam_role","name":"sibling","account":"333333333333"}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/internal","type":"iam_role","name":"internal","account":"111111111111"}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/internal","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:root"},"Action":"sts:AssumeRole"}]}}
EOF
expect_out <<'EOF'
["trust-wildcard-principal","critical","NHI3","aws:arn:aws:iam::111111111111:role/open"]
["trust-external-no-external-id","high","NHI3","aws:arn:aws:iam::111111111111:role/vendor"]
EOF
expect_status 0

t 'NHI4 and NHI6: static cloud keys in a deployment and in CI; tokens in CI are report only'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"workload","id":"k8s:c/ns/Deployment/app","system":"k8s","type":"k8s_deployment","name":"app","oidc":false,"uses":[{"ref":"secret:ns/gcp#key.json","credential_type":"gcp_sa_key","static":true,"via":"volume","migratable_to":"gke_workload_identity"}]}
{"kind":"workload","id":"github:o/r/.github/workflows/d.yml#deploy","system":"github","type":"gha_job","name":"deploy","oidc":false,"uses":[{"ref":"secrets.AWS_ACCESS_KEY_ID","credential_type":"aws_access_key","static":true,"via":"with"}]}
{"kind":"workload","id":"github:o/r/.github/workflows/p.yml#publish","system":"github","type":"gha_job","name":"publish","oidc":true,"uses":[{"ref":"secrets.NPM_TOKEN","credential_type":"package_token","static":true,"via":"env","migratable_to":"trusted_publishing"},{"ref":"secrets.DOCKERHUB_TOKEN","credential_type":"registry_token","static":true,"via":"with"}]}
EOF
expect_out <<'EOF'
["static-cloud-key-in-ci","high","NHI6","github:o/r/.github/workflows/d.yml#deploy"]
["static-token-in-ci","low","NHI6","github:o/r/.github/workflows/p.yml#publish"]
["static-token-in-ci","low","NHI6","github:o/r/.github/workflows/p.yml#publish"]
["static-key-could-federate","medium","NHI4","k8s:c/ns/Deployment/app"]
EOF
expect_status 0

t 'a workload with only federated identities and no static credential has no finding'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"workload","id":"github:o/r/.github/workflows/ci.yml#test","system":"github","type":"gha_job","name":"test","triggers":["pull_request"],"oidc":true,"uses":[{"ref":"secrets.GITHUB_TOKEN","credential_type":"github_token","static":false,"via":"env"}],"identities":[{"ref":"arn:aws:iam::111111111111:role/ci","via":"role-to-assume","federated":true}]}
{"kind":"workload","id":"k8s:c/ns/Deployment/wi","system":"k8s","type":"k8s_deployment","name":"wi","oidc":true,"service_account":"k8s:c/sa/ns/wi","uses":[]}
{"kind":"workload","id":"github:o/r/.github/workflows/ci.yml#lint","system":"github","type":"gha_job","name":"lint","oidc":false,"uses":[{"ref":"secrets.AWS_ACCOUNT_ID","credential_type":"unknown","static":true,"via":"env"}]}
EOF
expect_out </dev/null
expect_status 0

t 'NHI6 pull-request-target-secrets: a pull_request_target job that reads secrets'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"workload","id":"github:o/r/.github/workflows/t.yml#test","system":"github","type":"gha_job","name":"test","triggers":["pull_request_target"],"oidc":false,"uses":[{"ref":"secrets.SENTRY_TOKEN","credential_type":"unknown","static":true,"via":"env"}]}
{"kind":"workload","id":"github:o/r/.github/workflows/t.yml#label","system":"github","type":"gha_job","name":"label","triggers":["pull_request_target"],"oidc":false,"uses":[{"ref":"secrets.GITHUB_TOKEN","credential_type":"github_token","static":false,"via":"env"}]}
EOF
expect_out <<'EOF'
["pull-request-target-secrets","high","NHI6","github:o/r/.github/workflows/t.yml#test"]
EOF
expect_status 0

t 'NHI6 CI OIDC trust: no sub, any repository, every repository of an owner; one repository is fine'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/nosub","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/star","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"*"}}}]}}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/org","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":["repo:acme/app:ref:refs/heads/main","repo:acme/*"]}}}]}}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/good","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:acme/app:environment:prod"}}}]}}
{"kind":"trust","identity":"gcp:sa/ci@p.iam.gserviceaccount.com","federated":{"provider":"token.actions.githubusercontent.com","subject":"repo:acme@1/app@2:*"}}
EOF
expect_out <<'EOF'
["ci-oidc-trust-no-sub","critical","NHI6","aws:arn:aws:iam::111111111111:role/nosub"]
["ci-oidc-trust-wildcard-sub","high","NHI6","aws:arn:aws:iam::111111111111:role/org"]
["ci-oidc-trust-wildcard-sub","critical","NHI6","aws:arn:aws:iam::111111111111:role/star"]
EOF
expect_status 0

t 'NHI5: admin, wildcard service, escalation; a Deny or a boundary takes them away'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/admin","type":"iam_role","name":"admin"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/admin","via":"managed:arn:aws:iam::aws:policy/AdministratorAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/bounded","type":"iam_role","name":"bounded"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/bounded","via":"managed:arn:aws:iam::aws:policy/AdministratorAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/bounded","via":"boundary:arn:aws:iam::111111111111:policy/read","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/s3all","type":"iam_role","name":"s3all"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/s3all","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","ec2:Describe*"],"Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/s3denied","type":"iam_role","name":"s3denied"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/s3denied","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/esc","type":"iam_user","name":"esc"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:user/esc","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111111111111:user/esc"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/other","type":"iam_user","name":"other"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:user/other","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111111111111:user/someone-else"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/keys","type":"iam_user","name":"keys"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:user/keys","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::111111111111:user/*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/pass","type":"iam_role","name":"pass"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/pass","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/fn","type":"iam_role","name":"fn"}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/fn","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/fn","via":"managed:arn:aws:iam::aws:policy/AdministratorAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
EOF
expect_out <<'EOF'
["admin-equivalent","high","NHI5","aws:arn:aws:iam::111111111111:role/admin"]
["admin-equivalent","high","NHI5","aws:arn:aws:iam::111111111111:role/fn"]
["privilege-escalation","critical","NHI5","aws:arn:aws:iam::111111111111:role/pass"]
["wildcard-grant","medium","NHI5","aws:arn:aws:iam::111111111111:role/s3all"]
["privilege-escalation","critical","NHI5","aws:arn:aws:iam::111111111111:user/esc"]
["privilege-escalation","high","NHI5","aws:arn:aws:iam::111111111111:user/keys"]
EOF
expect_status 0

t 'NHI5 k8s-cluster-admin: every verb on every resource cluster-wide; one namespace is not'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"policy","identity":"k8s:c/sa/kube-system/god","via":"k8s:ClusterRole/cluster-admin","document":{"rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]}}
{"kind":"policy","identity":"k8s:c/sa/team/ns-admin","via":"k8s:Role/team/admin","document":{"rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]}}
EOF
expect_out <<'EOF'
["k8s-cluster-admin","high","NHI5","k8s:c/sa/kube-system/god"]
EOF
expect_status 0

t 'NHI5 in other systems: owner roles are admin-equivalent, other roles are not; their documents are not IAM'
cat >in <<'EOF'
{"kind":"policy","identity":"gcp:sa/ci@p.iam.gserviceaccount.com","via":"gcp:binding/p/roles/owner","document":{"role":"roles/owner","resource":"p"}}
{"kind":"policy","identity":"gcp:sa/ro@p.iam.gserviceaccount.com","via":"gcp:binding/p/roles/viewer","document":{"role":"roles/viewer","resource":"p"}}
{"kind":"policy","identity":"okta:app1","via":"okta:role/ORG_ADMIN","document":{"role":"ORG_ADMIN"}}
{"kind":"policy","identity":"vault:approle/etl","via":"vault:policy/default","document":{"policy":"default"}}
EOF
run_sh "nhi-lineage in | $F; nhi-lineage in | jq -c 'select(.kind==\"lineage\") | [.id, .blast_radius, .reach.summary]'"
expect_out <<'EOF'
["admin-equivalent","high","NHI5","gcp:sa/ci@p.iam.gserviceaccount.com"]
["admin-equivalent","high","NHI5","okta:app1"]
["gcp:sa/ci@p.iam.gserviceaccount.com",100,"admin-equivalent; write on 1 service"]
["gcp:sa/ro@p.iam.gserviceaccount.com",3,"write on 1 service"]
["okta:app1",100,"admin-equivalent; write on 1 service"]
["vault:approle/etl",3,"write on 1 service"]
EOF
expect_err </dev/null
expect_status 0

t 'NHI7: key age against key_max_age, two active keys, a secret that never expires'
cat >nhi.yaml <<'EOF'
key_max_age: 30d
EOF
run_sh "nhi-lineage $NOW --config nhi.yaml | jq -c 'select(.kind==\"finding\") | [.rule, .severity, .message]'" <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/k","type":"iam_user","name":"k"}
{"kind":"credential","id":"aws:key:AKIA0000000000000010","identity":"aws:arn:aws:iam::111111111111:user/k","type":"aws_access_key","key_id":"AKIA0000000000000010","static":true,"status":"active","created":"2026-10-01T00:00:00Z"}
{"kind":"credential","id":"aws:key:AKIA0000000000000011","identity":"aws:arn:aws:iam::111111111111:user/k","type":"aws_access_key","key_id":"AKIA0000000000000011","static":true,"status":"active","created":"2026-11-20T00:00:00Z"}
{"kind":"credential","id":"aws:key:AKIA0000000000000012","identity":"aws:arn:aws:iam::111111111111:user/k","type":"aws_access_key","key_id":"AKIA0000000000000012","static":true,"status":"inactive","created":"2020-01-01T00:00:00Z"}
{"kind":"credential","id":"azure:sp/1/secret/2","identity":"azure:sp/1","type":"azure_sp_secret","static":true,"status":"active","created":"2026-11-01T00:00:00Z","expires":"9999-12-31T23:59:59Z"}
{"kind":"credential","id":"github:o/pat/3","identity":"github:o/pat/3","type":"github_pat","static":true,"status":"active","created":"2026-11-01T00:00:00Z","expires":"2027-01-01T00:00:00Z"}
{"kind":"credential","id":"gcp:key/4","identity":"gcp:sa/a@p.iam.gserviceaccount.com","type":"gcp_sa_key","static":false,"created":"2020-01-01T00:00:00Z"}
EOF
expect_out <<'EOF'
["key-too-old","medium","aws:key:AKIA0000000000000010 is 52 days old, over the 30-day limit"]
["two-active-keys","low","2 active access keys at once"]
["secret-never-expires","medium","azure:sp/1/secret/2 never expires"]
EOF
expect_status 0

t 'NHI7 key-too-old: the default limit is 90 days, high past twice that'
run_sh "nhi-lineage $NOW | jq -c 'select(.kind==\"finding\") | [.rule, .severity, .message]'" <<'EOF'
{"kind":"credential","id":"aws:key:AKIA0000000000000020","type":"aws_access_key","key_id":"AKIA0000000000000020","static":true,"created":"2026-06-01T00:00:00Z"}
{"kind":"credential","id":"aws:key:AKIA0000000000000021","type":"aws_access_key","key_id":"AKIA0000000000000021","static":true,"created":"2026-09-01T00:00:00Z"}
{"kind":"credential","id":"aws:key:AKIA0000000000000022","type":"aws_access_key","key_id":"AKIA0000000000000022","static":true,"created":"2025-06-01T00:00:00Z"}
EOF
expect_out <<'EOF'
["key-too-old","medium","aws:key:AKIA0000000000000020 is 174 days old, over the 90-day limit"]
["key-too-old","high","aws:key:AKIA0000000000000022 is 539 days old, over the 90-day limit"]
EOF
expect_status 0

t 'NHI8 and NHI9: one credential in prod and staging workloads; one consumer is fine'
run_sh "nhi-lineage | $F" <<'EOF'
{"kind":"sighting","rule":"generic_password","fingerprint":"hmac-sha256:0000000000000030","location":{"type":"k8s_secret","path":"app/db"}}
{"kind":"sighting","rule":"generic_password","fingerprint":"hmac-sha256:0000000000000031","location":{"type":"k8s_secret","path":"app/cache"}}
{"kind":"workload","id":"k8s:c/app/Deployment/web","system":"k8s","type":"k8s_deployment","name":"web","environment":"production","uses":[{"ref":"secret:app/db#password","credential_type":"password","static":true},{"ref":"secret:app/cache#password","credential_type":"password","static":true}]}
{"kind":"workload","id":"k8s:c/app/Deployment/web-canary","system":"k8s","type":"k8s_deployment","name":"web-canary","environment":"staging","uses":[{"ref":"secret:app/db#password","credential_type":"password","static":true}]}
EOF
expect_out <<'EOF'
["credential-reuse","medium","NHI9","fp:hmac-sha256:0000000000000030"]
["prod-nonprod-reuse","high","NHI8","fp:hmac-sha256:0000000000000030"]
EOF
expect_status 0

t 'NHI8: the owner tagged prod, the key stored in a staging file'
run_sh "nhi-lineage | jq -c 'select(.kind==\"finding\") | [.rule, .message, [.evidence[] | [.kind, .field, .value]]]'" <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/pay","type":"iam_user","name":"pay","tags":{"environment":"production"}}
{"kind":"credential","id":"aws:key:AKIA0000000000000040","identity":"aws:arn:aws:iam::111111111111:user/pay","type":"aws_access_key","key_id":"AKIA0000000000000040","static":true,"status":"inactive"}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIA0000000000000040","fingerprint":"hmac-sha256:0000000000000040","location":{"type":"k8s_secret","path":"staging/pay-key"}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/dev","type":"iam_user","name":"dev","tags":{"env":"dev"}}
{"kind":"credential","id":"aws:key:AKIA0000000000000041","identity":"aws:arn:aws:iam::111111111111:user/dev","type":"aws_access_key","key_id":"AKIA0000000000000041","static":true,"status":"inactive"}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIA0000000000000041","fingerprint":"hmac-sha256:0000000000000041","location":{"type":"k8s_secret","path":"dev/key"}}
EOF
expect_out <<'EOF'
["prod-nonprod-reuse","aws:key:AKIA0000000000000040 is used in production (production) and outside it (staging/pay-key)",[["identity","tags.environment","production"],["sighting","location.path","staging/pay-key"]]]
EOF
expect_status 0

t 'every finding is also in its lineage record'
run_sh "nhi-lineage $NOW $FIX/lineage/estate.ndjson | jq -c 'select(.kind==\"lineage\" and (.findings|length) > 0) | [.id, [.findings[].rule]]'"
expect_out <<'EOF'
["aws:arn:aws:iam::111111111111:role/admin",["admin-equivalent"]]
["aws:arn:aws:iam::111111111111:role/gha-deploy",["ci-oidc-trust-wildcard-sub"]]
["aws:arn:aws:iam::111111111111:role/vendor",["trust-external-no-external-id"]]
["aws:arn:aws:iam::111111111111:user/ci-deploy",["wildcard-grant","secret-leak","key-too-old"]]
["aws:arn:aws:iam::111111111111:user/dev-ci",["privilege-escalation"]]
["aws:arn:aws:iam::111111111111:user/escalator",["privilege-escalation"]]
["fp:hmac-sha256:2222222222222222",["prod-nonprod-reuse","credential-reuse"]]
["fp:hmac-sha256:3333333333333333",["secret-leak"]]
["mcp:laptop-jane/postgres",["secret-leak"]]
EOF
expect_status 0

done_testing
