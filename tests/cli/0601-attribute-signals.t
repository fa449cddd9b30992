# nhi-attribute: each kind of ownership signal alone, then in conflict,
# and the confidence formula of nhi-attribute(1) worked through.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
ORG=$FIX/attribute/org.ndjson
L='{"kind":"lineage","id":"aws:arn:aws:iam::123456789012:role/app","system":"aws","type":"iam_role","name":"app","arn":"arn:aws:iam::123456789012:role/app"'

# expect_view FILTER: the jq view of each lineage record's owner is stdin.
expect_view() {
	jq -c "select(.kind == \"lineage\") | $1" "$T/out" >"$T/view" 2>&1
	cat >"$T/view.want"
	expect_same "$T/view.want" "$T/view"
}
WHO='(.owner | [.status, .provisioner.person, .provisioner.confidence, .consumer.team, .consumer.confidence, .accountable.person, .accountable.via, .accountable.confidence, .confidence])'

t 'a CloudTrail creator event alone: the SSO session names the provisioner, whose manager answers'
cat "$ORG" - >in <<EOF
{"kind":"signal","subject":"arn:aws:iam::123456789012:role/app","person":"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_1a2b/RAJ@acme.example","role":"provisioner","evidence":"CreateRole","time":"2026-11-19T00:00:00Z","source":{"collector":"cloudtrail","file":"ct.json","line":1}}
$L}
EOF
run nhi-attribute --now $NOW in
expect_err </dev/null
expect_status 0
expect_view "$WHO" <<'EOF'
["owned","person:raj@acme.example",0.9,null,null,"person:casey@acme.example","manager of provisioner person:raj@acme.example",0.72,0.72]
EOF

t 'git history of the IaC file alone: the author provisioned it, a later committer only modified it'
cat "$ORG" - >in <<EOF
{"kind":"signal","subject":"repo:acme/infra:iam/app.tf","person":"Li Wei <li@acme.example>","role":"provisioner","evidence":"commit a1 added aws_iam_role.app","time":"2026-11-20T00:00:00Z","source":{"collector":"git-history","file":"acme/infra"}}
$L,"origin":{"repo":"acme/infra","path":"iam/app.tf"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$WHO" <<'EOF'
["owned","person:li@acme.example",0.7,null,null,"person:maria@acme.example","manager of provisioner person:li@acme.example",0.56,0.56]
EOF
cat "$ORG" - >in <<EOF
{"kind":"signal","subject":"repo:acme/infra:iam/*.tf","person":"liwei","role":"modifier","evidence":"commit b2 changed the policy","time":"2026-11-20T00:00:00Z","source":{"collector":"git-history","file":"acme/infra"}}
{"kind":"signal","subject":"repo:acme/infra:other/x.tf","person":"raj@acme.example","role":"provisioner","evidence":"commit c3, another file","source":{"collector":"git-history","file":"acme/infra"}}
$L,"origin":{"repo":"acme/infra","path":"iam/app.tf"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view '.owner.provisioner | [.person, .confidence, .evidence[0].role, .evidence[0].weight, .evidence[0].subject]' <<'EOF'
["person:li@acme.example",0.4,"modifier",0.4,"repo:acme/infra:iam/app.tf (acme/infra)"]
EOF

t 'CODEOWNERS of the consuming workload alone: the last matching line wins, the team manager answers'
cat "$ORG" - >in <<EOF
{"kind":"workload","id":"github:acme/app/.github/workflows/ci.yml#test","system":"github","type":"gha_job","name":"test","repo":"acme/app","path":".github/workflows/ci.yml","oidc":true,"uses":[]}
{"kind":"signal","subject":"repo:acme/app:*","person":"@acme/data","role":"codeowner","evidence":"CODEOWNERS:1","source":{"collector":"codeowners","file":"CODEOWNERS","line":1}}
{"kind":"signal","subject":"repo:acme/app:.github/workflows/","person":"@acme/payments","role":"codeowner","evidence":"CODEOWNERS:7","source":{"collector":"codeowners","file":"CODEOWNERS","line":7}}
{"kind":"signal","subject":"repo:acme/app:/docs/","person":"@acme/platform","role":"codeowner","evidence":"CODEOWNERS:9","source":{"collector":"codeowners","file":"CODEOWNERS","line":9}}
{"kind":"signal","subject":"repo:acme/other:*","person":"@acme/platform","role":"codeowner","evidence":"another repo","source":{"collector":"codeowners","file":"CODEOWNERS","line":1}}
$L,"consumers":["github:acme/app/.github/workflows/ci.yml#test"]}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$WHO"', [.owner.consumer.evidence[] | [.team, .evidence, .superseded]]' <<'EOF'
["owned",null,null,"team:payments",0.6,"person:maria@acme.example","manager of consuming team team:payments",0.6,0.6]
[["team:payments","CODEOWNERS:7",null],["team:data","CODEOWNERS:1",true]]
EOF

t 'a Backstage owner of the consuming workload alone; when the component moves team, its identities follow'
cat "$ORG" - >in <<EOF
{"kind":"signal","subject":"k8s:prod/web/Deployment/web","person":"group:default/platform","role":"codeowner","evidence":"spec.owner group:default/platform","time":"2025-11-20T00:00:00Z","source":{"collector":"backstage","file":"catalog-info.yaml","line":8}}
$L,"consumers":[{"workload":"k8s:prod/web/Deployment/web"}]}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$WHO" <<'EOF'
["owned",null,null,"team:platform",0.56,"person:raj@acme.example","manager of consuming team team:platform",0.56,0.56]
EOF
cat "$ORG" - >in <<EOF
{"kind":"signal","subject":"k8s:prod/web/Deployment/web","person":"group:default/platform","role":"codeowner","evidence":"spec.owner group:default/platform","time":"2025-11-20T00:00:00Z","source":{"collector":"backstage","file":"catalog-info.yaml","line":8}}
{"kind":"signal","subject":"k8s:prod/web/Deployment/web","person":"group:default/payments","role":"codeowner","evidence":"spec.owner group:default/payments","time":"2026-11-01T00:00:00Z","source":{"collector":"backstage","file":"catalog-info.yaml","line":8}}
$L,"consumers":[{"workload":"k8s:prod/web/Deployment/web"}]}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$WHO"', [.owner.consumer.evidence[] | [.team, .time, .superseded]], .owner.candidates' <<'EOF'
["owned",null,null,"team:payments",0.69,"person:maria@acme.example","manager of consuming team team:payments",0.69,0.69]
[["team:payments","2026-11-01T00:00:00Z",null],["team:platform","2025-11-20T00:00:00Z",true]]
null
EOF

t 'tags alone: owner names the accountable person, team the owning team, created-by the provisioner'
cat "$ORG" - >in <<EOF
$L,"tags":{"Owner":"LI@acme.example"}}
$L,"tags":{"team":"payments"}}
$L,"annotations":{"acme.io/created-by":"rpatel"}}
$L,"tags":{"contact":"someone@contractor.example"}}
$L,"tags":{"team":"ghosts"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$WHO" <<'EOF'
["owned",null,null,null,null,"person:li@acme.example","named",0.6,0.6]
["owned",null,null,null,null,"person:maria@acme.example","manager of owning team team:payments",0.6,0.6]
["owned","person:raj@acme.example",0.6,null,null,"person:casey@acme.example","manager of provisioner person:raj@acme.example",0.48,0.48]
["owned",null,null,null,null,null,"named",0.6,0.6]
["orphaned",null,null,null,null,null,"owning team",0.6,0.6]
EOF
expect_true 'an unknown contact is kept as written' grep -q '"accountable":{"name":"someone@contractor.example","status":"unknown","via":"named"' "$T/out"

t 'fields the owning system records: a PAT owner, an Okta token creator, an MCP host user'
cat "$ORG" - >in <<'EOF'
{"kind":"identity","id":"github:acme/pat/7","system":"github","type":"github_pat","name":"bot","owner":"liwei","created":"2026-11-20T00:00:00Z"}
{"kind":"lineage","id":"github:acme/pat/7","system":"github","type":"github_pat","name":"bot"}
{"kind":"lineage","id":"okta:token/1","system":"okta","type":"okta_api_token","name":"sync","created_by":"maria@acme.example"}
{"kind":"identity","id":"mcp:laptop-li/github","system":"mcp","type":"mcp_server","name":"github","host_user":"liwei"}
{"kind":"lineage","id":"mcp:laptop-li/github","system":"mcp","type":"mcp_server","name":"github"}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "[.id, $WHO, [.owner.provisioner.evidence[] | .source]]" <<'EOF'
["github:acme/pat/7",["owned","person:li@acme.example",0.9,null,null,"person:maria@acme.example","manager of provisioner person:li@acme.example",0.72,0.72],["system"]]
["okta:token/1",["owned","person:maria@acme.example",0.9,null,null,"person:casey@acme.example","manager of provisioner person:maria@acme.example",0.72,0.72],["system"]]
["mcp:laptop-li/github",["owned","person:li@acme.example",0.8,"team:payments",0.8,"person:maria@acme.example","manager of consuming team team:payments",0.8,0.8],["host-user"]]
EOF

t 'an nhi.yaml override wins over the tags, and the conflict is shown'
cat >nhi.yaml <<'EOF'
owners:
  - identity: "aws:arn:aws:iam::123456789012:role/a*"
    person: raj@acme.example
  - identity: "aws:*:role/zzz"
    person: li@acme.example
EOF
cat "$ORG" - >in <<EOF
$L,"tags":{"owner":"li@acme.example"}}
EOF
run nhi-attribute --now $NOW --config nhi.yaml in
expect_status 0
expect_view "$WHO"', .owner.accountable.evidence[0].evidence, .owner.candidates' <<'EOF'
["owned",null,null,null,null,"person:raj@acme.example","named",1,1]
"nhi.yaml owners[0]: aws:arn:aws:iam::123456789012:role/a*"
[{"role":"accountable","person":"person:raj@acme.example","score":1,"sources":["config"]},{"role":"accountable","person":"person:li@acme.example","score":0.6,"sources":["tag"]}]
EOF

t 'the worked example of nhi-attribute(1): agreement, age and a rival'
cat "$ORG" - >in <<EOF
{"kind":"signal","subject":"arn:aws:iam::123456789012:role/app","person":"jroe","role":"provisioner","evidence":"CreateRole","time":"2025-03-30T00:00:00Z","source":{"collector":"cloudtrail","file":"ct.json","line":1}}
{"kind":"signal","subject":"aws:arn:aws:iam::123456789012:role/app","person":"raj@acme.example","role":"provisioner","evidence":"commit","time":"2025-03-30T00:00:00Z","source":{"collector":"git-history","file":"infra"}}
$L,"tags":{"created-by":"jane@acme.example"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view '.owner.provisioner.confidence, [.owner.provisioner.evidence[] | [.source, .weight, .score]], .owner.candidates' <<'EOF'
0.68
[["cloudtrail",0.9,0.62],["tag",0.6,0.6]]
[{"role":"provisioner","person":"person:jane@acme.example","score":0.9,"sources":["cloudtrail","tag"]},{"role":"provisioner","person":"person:raj@acme.example","score":0.48,"sources":["git-history"]}]
EOF

t 'a signal weight replaces the default; evidence older than about two years keeps 0.6 of it'
cat "$ORG" - >in <<EOF
{"kind":"signal","subject":"arn:aws:iam::123456789012:role/app","person":"raj@acme.example","role":"provisioner","evidence":"CreateRole","time":"2019-01-01T00:00:00Z","weight":0.5,"source":{"collector":"cloudtrail"}}
$L}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view '.owner.provisioner | [.confidence, .evidence[0].weight, .evidence[0].score]' <<'EOF'
[0.3,0.5,0.3]
EOF

t 'two creators in conflict: both are shown, a tie goes to the lower id, and confidence pays for the rival'
cat "$ORG" - >in <<EOF
{"kind":"signal","subject":"arn:aws:iam::123456789012:role/app","person":"raj@acme.example","role":"provisioner","evidence":"CreateRole","source":{"collector":"cloudtrail"}}
{"kind":"signal","subject":"arn:aws:iam::123456789012:role/app","person":"li@acme.example","role":"provisioner","evidence":"CreateRole","source":{"collector":"cloudtrail"}}
$L}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view '.owner.provisioner | [.person, .confidence]' <<'EOF'
["person:li@acme.example",0.5]
EOF
expect_view '.owner.candidates' <<'EOF'
[{"role":"provisioner","person":"person:li@acme.example","score":0.9,"sources":["cloudtrail"]},{"role":"provisioner","person":"person:raj@acme.example","score":0.9,"sources":["cloudtrail"]}]
EOF

t 'an override may name the provisioner or consumer too; a bad override stops the program'
cat >nhi.yaml <<'EOF'
owners:
  - identity: "okta:*"
    person: maria@acme.example
    role: provisioner
  - identity: "okta:app/1"
    person: team:payments
    role: consumer
EOF
cat "$ORG" - >in <<'EOF'
{"kind":"lineage","id":"okta:app/1","system":"okta","type":"okta_app","name":"a","created_by":"raj@acme.example"}
EOF
run nhi-attribute --now $NOW --config nhi.yaml in
expect_status 0
expect_view "$WHO" <<'EOF'
["owned","person:maria@acme.example",1,"team:payments",1,"person:maria@acme.example","manager of consuming team team:payments",1,1]
EOF
cat >bad.yaml <<'EOF'
owners:
  - identity: "okta:*"
    person: maria@acme.example
    role: owner
EOF
run nhi-attribute --now $NOW --config bad.yaml in
expect_status 4
expect_out </dev/null
expect_err <<'EOF'
nhi-attribute: bad.yaml: owners[0]: unknown role 'owner' (provisioner, consumer, accountable)
EOF
printf 'owners:\n  - identity: "x"\n' >bad.yaml
run nhi-attribute --now $NOW --config bad.yaml in
expect_status 4
expect_err <<'EOF'
nhi-attribute: bad.yaml: owners[0]: needs identity and person
EOF

t 'signals as the collectors write them: CODEOWNERS teams, a Backstage project slug, git history of one resource'
cat "$ORG" - >in <<'EOF'
{"kind":"team","id":"team:acme/payments","name":"@acme/payments","source":{"collector":"codeowners","file":"CODEOWNERS","line":3}}
{"kind":"signal","subject":"repo:acme/app:/deploy/","person":"team:acme/payments","role":"codeowner","evidence":"CODEOWNERS rule 2: /deploy/ owned by @acme/payments","weight":0.6,"rule":2,"source":{"collector":"codeowners","file":"CODEOWNERS","line":3}}
{"kind":"workload","id":"github:acme/app/deploy/job.yml#run","system":"github","type":"gha_job","name":"run","repo":"acme/app","path":"deploy/job.yml"}
{"kind":"lineage","id":"aws:arn:aws:iam::1:role/app","system":"aws","type":"iam_role","name":"app","consumers":["github:acme/app/deploy/job.yml#run"]}
{"kind":"signal","subject":"repo:acme/web","person":"team:platform","role":"accountable","evidence":"Backstage Component web: spec.owner platform","weight":0.7,"source":{"collector":"backstage","file":"catalog-info.yaml","line":1}}
{"kind":"workload","id":"github:acme/web/.github/workflows/ci.yml#test","system":"github","type":"gha_job","name":"test","repo":"acme/web","path":".github/workflows/ci.yml"}
{"kind":"signal","subject":"repo:acme/web:.github/workflows/ci.yml","person":"person:jane@acme.example","role":"provisioner","evidence":"created the workflow","source":{"collector":"git-history","file":"acme/web"}}
{"kind":"lineage","id":"aws:arn:aws:iam::1:role/web","system":"aws","type":"iam_role","name":"web","consumers":["github:acme/web/.github/workflows/ci.yml#test"]}
{"kind":"signal","subject":"repo:acme/infra:iam/main.tf#module.etl[\"a\"].aws_iam_role.this","person":"@liwei","role":"provisioner","evidence":"created module.etl[\"a\"].aws_iam_role.this in commit 1a2b3c4d5e6f","time":"2026-11-20T00:00:00Z","weight":0.7,"source":{"collector":"git-history","file":"acme/infra"}}
{"kind":"signal","subject":"repo:acme/infra:iam/main.tf#module.etl[\"b\"].aws_iam_role.this","person":"person:raj@acme.example","role":"provisioner","evidence":"created module.etl[\"b\"].aws_iam_role.this in commit 2b3c4d5e6f7a","time":"2026-11-20T00:00:00Z","weight":0.7,"source":{"collector":"git-history","file":"acme/infra"}}
{"kind":"lineage","id":"aws:arn:aws:iam::1:role/etl-a","system":"aws","type":"iam_role","name":"etl-a","origin":{"repo":"acme/infra","path":"iam/main.tf","address":"module.etl[\"a\"].aws_iam_role.this"}}
{"kind":"lineage","id":"aws:arn:aws:iam::1:role/etl-b","system":"aws","type":"iam_role","name":"etl-b","origin":{"repo":"acme/infra","path":"iam/main.tf","address":"module.etl[\"b\"].aws_iam_role.this"}}
EOF
run nhi-attribute --now $NOW in
expect_err </dev/null
expect_status 0
expect_view '[.id, .owner.provisioner.person, .owner.consumer.team, .owner.accountable.person, .owner.accountable.via, [.siblings[]?.why[]]]' <<'EOF'
["aws:arn:aws:iam::1:role/app",null,"team:payments","person:maria@acme.example","manager of consuming team team:payments",[]]
["aws:arn:aws:iam::1:role/web",null,"team:platform","person:raj@acme.example","manager of consuming team team:platform",[]]
["aws:arn:aws:iam::1:role/etl-a","person:li@acme.example",null,"person:maria@acme.example","manager of provisioner person:li@acme.example",["same IaC module acme/infra:module.etl"]]
["aws:arn:aws:iam::1:role/etl-b","person:raj@acme.example",null,"person:casey@acme.example","manager of provisioner person:raj@acme.example",["same IaC module acme/infra:module.etl"]]
EOF

t 'a Pod'"'"'s owner references lead to the Deployment whose labels name the team; a system record restated as a signal counts once'
cat "$ORG" - >in <<'EOF'
{"kind":"workload","id":"k8s:prod/pay/Pod/api-7d9f-x2","system":"k8s","type":"k8s_pod","name":"api-7d9f-x2","owner":"k8s:prod/pay/ReplicaSet/api-7d9f"}
{"kind":"workload","id":"k8s:prod/pay/ReplicaSet/api-7d9f","system":"k8s","type":"k8s_replicaset","name":"api-7d9f","owner":"k8s:prod/pay/Deployment/api"}
{"kind":"workload","id":"k8s:prod/pay/Deployment/api","system":"k8s","type":"k8s_deployment","name":"api","labels":{"team":"payments"}}
{"kind":"workload","id":"k8s:prod/pay/Pod/orphan-pod","system":"k8s","type":"k8s_pod","name":"orphan-pod","owner":"k8s:prod/pay/Job/gone"}
{"kind":"lineage","id":"k8s:prod/sa/pay/api","system":"k8s","type":"k8s_service_account","name":"api","consumers":["k8s:prod/pay/Pod/api-7d9f-x2"]}
{"kind":"lineage","id":"k8s:prod/sa/pay/other","system":"k8s","type":"k8s_service_account","name":"other","consumers":["k8s:prod/pay/Pod/orphan-pod"]}
{"kind":"identity","id":"github:acme/pat/5","system":"github","type":"github_pat","name":"bot","owner":"liwei","created":"2026-11-20T00:00:00Z"}
{"kind":"signal","subject":"github:acme/pat/5","person":"liwei","role":"provisioner","evidence":"fine-grained PAT granted to liwei","weight":0.9,"time":"2026-11-20T00:00:00Z","source":{"collector":"github","file":"pats.json"}}
{"kind":"lineage","id":"github:acme/pat/5","system":"github","type":"github_pat","name":"bot"}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view '[.id, .owner.status, .owner.consumer.team, (.owner.consumer.evidence // [] | map(.subject)), .owner.provisioner.confidence, (.owner.provisioner.evidence // [] | length)]' <<'EOF'
["k8s:prod/sa/pay/api","owned","team:payments",["k8s:prod/pay/Deployment/api"],null,0]
["k8s:prod/sa/pay/other","unowned",null,[],null,0]
["github:acme/pat/5","owned",null,[],0.9,1]
EOF

t 'a Backstage Resource or Component is about the one identity or workload of its name; a shared name says nothing'
cat "$ORG" - >in <<'EOF'
{"kind":"signal","subject":"backstage:resource:default/ci-deploy","person":"user:jroe","role":"accountable","evidence":"Backstage Resource ci-deploy: spec.owner user:jroe","weight":0.75,"source":{"collector":"backstage","file":"catalog-info.yaml","line":40}}
{"kind":"signal","subject":"backstage:resource:default/api","person":"team:payments","role":"accountable","evidence":"Backstage Resource api: spec.owner payments","weight":0.75,"source":{"collector":"backstage","file":"catalog-info.yaml","line":50}}
{"kind":"signal","subject":"backstage:component:default/ledger","person":"team:payments","role":"accountable","evidence":"Backstage Component ledger: spec.owner payments","weight":0.75,"source":{"collector":"backstage","file":"catalog-info.yaml","line":60}}
{"kind":"workload","id":"k8s:prod/pay/Deployment/ledger","system":"k8s","type":"k8s_deployment","name":"ledger"}
{"kind":"lineage","id":"aws:arn:aws:iam::1:user/ci-deploy","system":"aws","type":"iam_user","name":"ci-deploy"}
{"kind":"lineage","id":"k8s:prod/sa/a/api","system":"k8s","type":"k8s_service_account","name":"api"}
{"kind":"lineage","id":"k8s:prod/sa/b/api","system":"k8s","type":"k8s_service_account","name":"api"}
{"kind":"lineage","id":"k8s:prod/sa/pay/ledger","system":"k8s","type":"k8s_service_account","name":"ledger-sa","consumers":["k8s:prod/pay/Deployment/ledger"]}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view '[.id, .owner.status, (.owner.accountable | .person // .team), .owner.consumer.team]' <<'EOF'
["aws:arn:aws:iam::1:user/ci-deploy","orphaned","person:jane@acme.example",null]
["k8s:prod/sa/a/api","unowned",null,null]
["k8s:prod/sa/b/api","unowned",null,null]
["k8s:prod/sa/pay/ledger","owned","person:maria@acme.example","team:payments"]
EOF

done_testing
