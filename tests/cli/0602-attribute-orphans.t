# nhi-attribute: orphans, and routing each to someone still here through
# the org chart: departed managers skipped, loops, gaps, parent teams.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
ORG=$FIX/attribute/org.ndjson

expect_view() {
	jq -c "select(.kind == \"lineage\") | $1" "$T/out" >"$T/view" 2>&1
	cat >"$T/view.want"
	expect_same "$T/view.want" "$T/view"
}
ORPHAN='[.id, .owner.status, .owner.orphaned_since, .owner.route_to, .owner.route_reason]'

t 'a provisioner who left orphans the identity; it goes to their manager, from the day they left'
cat "$ORG" - >in <<'EOF'
{"kind":"lineage","id":"github:acme/pat/1","system":"github","type":"github_pat","name":"bot","owner":"jroe","credentials":[{"id":"github:acme/pat/1","static":true,"status":"active"}],"reach":{"summary":"read"}}
EOF
run nhi-attribute --now $NOW in
expect_err </dev/null
expect_status 0
expect_view "$ORPHAN"', .owner.departed' <<'EOF'
["github:acme/pat/1","orphaned","2026-10-31T00:00:00Z","person:raj@acme.example","first active manager above person:jane@acme.example"]
["person:jane@acme.example"]
EOF
jq -c 'select(.kind == "finding")' "$T/out" >got
cat >want <<'EOF'
{"kind":"finding","rule":"orphaned-identity","severity":"medium","nhi_top10":"NHI1","identity":"github:acme/pat/1","message":"orphaned: provisioner person:jane@acme.example (departed); route to person:raj@acme.example","evidence":[{"role":"provisioner","person":"person:jane@acme.example","status":"departed","left":"2026-10-31T00:00:00Z"},{"active_credentials":["github:acme/pat/1"]},{"reach":"read"},{"route_to":"person:raj@acme.example","route_reason":"first active manager above person:jane@acme.example"}]}
EOF
expect_same want got

t 'departed managers are skipped on the way up'
cat - >in <<'EOF'
{"kind":"person","id":"person:a@x.example","status":"departed","left":"2026-01-01","manager":"person:b@x.example"}
{"kind":"person","id":"person:b@x.example","status":"departed","left":"2026-02-01","manager":"person:c@x.example"}
{"kind":"person","id":"person:c@x.example","status":"suspended","manager":"person:d@x.example"}
{"kind":"person","id":"person:d@x.example","status":"active"}
{"kind":"lineage","id":"okta:token/1","system":"okta","type":"okta_api_token","name":"t","created_by":"a@x.example"}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$ORPHAN" <<'EOF'
["okta:token/1","orphaned","2026-01-01T00:00:00Z","person:d@x.example","first active manager above person:a@x.example (skipped person:b@x.example, person:c@x.example, gone)"]
EOF

t 'a manager loop falls back to the team, and a team led by a leaver to its parent team'
cat "$ORG" - >in <<'EOF'
{"kind":"lineage","id":"aws:arn:aws:iam::1:role/etl","system":"aws","type":"iam_role","name":"etl","tags":{"created-by":"omar@acme.example"},"reach":{"summary":"admin-equivalent"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$ORPHAN" <<'EOF'
["aws:arn:aws:iam::1:role/etl","orphaned","2026-06-30T00:00:00Z","person:casey@acme.example","manager chain of person:omar@acme.example loops at person:omar@acme.example (skipped person:pat@acme.example, gone); manager of team:engineering"]
EOF
expect_true 'an admin-equivalent orphan is critical' grep -q '"rule":"orphaned-identity","severity":"critical"' "$T/out"

t 'a manager missing from the org chart is a gap: the team lead takes it'
cat "$ORG" - >in <<'EOF'
{"kind":"lineage","id":"okta:token/2","system":"okta","type":"okta_api_token","name":"t","created_by":"ZOE@acme.example","reach":{"summary":"write on sensitive data"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$ORPHAN" <<'EOF'
["okta:token/2","orphaned",null,"person:casey@acme.example","manager person:ghost@acme.example of person:zoe@acme.example is not in the org chart; manager of team:research"]
EOF
expect_true 'write on sensitive data is high' grep -q '"rule":"orphaned-identity","severity":"high"' "$T/out"

t 'no manager, no team: the orphan is reported with nobody to route it to'
cat - >in <<'EOF'
{"kind":"person","id":"person:solo@x.example","status":"departed"}
{"kind":"lineage","id":"okta:token/3","system":"okta","type":"okta_api_token","name":"t","created_by":"solo@x.example","blast_radius":75}
EOF
run nhi-attribute --now $NOW --fail-on high in
expect_status 1
expect_view "$ORPHAN" <<'EOF'
["okta:token/3","orphaned",null,null,"person:solo@x.example has no manager in the org chart; no active manager found"]
EOF

t 'a leaving date still to come is not gone; one at --now is'
cat - >in <<'EOF'
{"kind":"person","id":"person:soon@x.example","status":"active","left":"2026-12-01","manager":"person:boss@x.example"}
{"kind":"person","id":"person:boss@x.example","status":"active"}
{"kind":"lineage","id":"okta:token/4","system":"okta","type":"okta_api_token","name":"t","created_by":"soon@x.example"}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view '[.owner.status, .owner.provisioner.status, .owner.accountable.person]' <<'EOF'
["owned","active","person:boss@x.example"]
EOF
run nhi-attribute --now 2026-12-01T00:00:00Z in
expect_status 0
expect_view '[.owner.status, .owner.provisioner.status, .owner.route_to]' <<'EOF'
["orphaned","departed","person:boss@x.example"]
EOF

t 'a consuming team still here keeps the identity owned; the leaver'"'"'s live static key is still a finding'
cat "$ORG" - >in <<'EOF'
{"kind":"workload","id":"k8s:prod/pay/Deployment/api","system":"k8s","type":"k8s_deployment","name":"api","labels":{"team":"payments"}}
{"kind":"lineage","id":"aws:arn:aws:iam::1:user/ci","system":"aws","type":"iam_user","name":"ci","owner":"jane@acme.example","credentials":[{"id":"aws:key:AKIAEXAMPLE00000001","static":true,"status":"active"},{"id":"aws:key:AKIAEXAMPLE00000002","static":true,"status":"inactive"}],"consumers":["k8s:prod/pay/Deployment/api"]}
{"kind":"lineage","id":"k8s:prod/sa/pay/api","system":"k8s","type":"k8s_service_account","name":"api","created_by":"jane@acme.example","credentials":[{"id":"k8s:token/1","static":false,"status":"active"}],"consumers":["k8s:prod/pay/Deployment/api"]}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view '[.owner.status, .owner.accountable.person, .owner.accountable.via, .findings]' <<'EOF'
["owned","person:maria@acme.example","manager of consuming team team:payments",[{"rule":"departed-owner-credential","severity":"high","nhi_top10":"NHI1","message":"1 active credential of person:jane@acme.example, who is departed"}]]
["owned","person:maria@acme.example","manager of consuming team team:payments",[{"rule":"departed-owner-credential","severity":"medium","nhi_top10":"NHI1","message":"1 active credential of person:jane@acme.example, who is departed"}]]
EOF

t 'when the consuming team'"'"'s manager and the provisioner are gone, the consuming workload'"'"'s current owner takes it'
cat "$ORG" - >in <<'EOF'
{"kind":"workload","id":"github:acme/etl/.github/workflows/run.yml#run","system":"github","type":"gha_job","name":"run","team":"team:data"}
{"kind":"lineage","id":"aws:arn:aws:iam::1:role/run","system":"aws","type":"iam_role","name":"run","tags":{"created-by":"omar@acme.example"},"consumers":["github:acme/etl/.github/workflows/run.yml#run"]}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$ORPHAN"', .owner.departed' <<'EOF'
["aws:arn:aws:iam::1:role/run","orphaned","2026-07-15T00:00:00Z","person:casey@acme.example","current owner of consuming workload github:acme/etl/.github/workflows/run.yml#run: manager of team:engineering"]
["person:omar@acme.example","person:pat@acme.example"]
EOF

t 'a team that no longer exists orphans what it owned; the accountable owner still here takes it'
cat "$ORG" - >in <<'EOF'
{"kind":"workload","id":"k8s:prod/old/Deployment/x","system":"k8s","type":"k8s_deployment","name":"x","labels":{"team":"team:legacy"}}
{"kind":"lineage","id":"k8s:prod/sa/old/x","system":"k8s","type":"k8s_service_account","name":"x","created_by":"li@acme.example","consumers":["k8s:prod/old/Deployment/x"]}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$ORPHAN"', .owner.consumer.team' <<'EOF'
["k8s:prod/sa/old/x","orphaned",null,"person:maria@acme.example","owning team no longer exists; accountable person:maria@acme.example is still here"]
"team:legacy"
EOF
jq -c 'select(.kind == "finding") | [.rule, .severity, .message, .evidence]' "$T/out" >got
cat >want <<'EOF'
["orphaned-identity","medium","orphaned: its owning team no longer exists; route to person:maria@acme.example",[{"team_gone":"team:legacy"},{"route_to":"person:maria@acme.example","route_reason":"owning team no longer exists; accountable person:maria@acme.example is still here"}]]
EOF
expect_same want got

t 'without team records nothing can be said to be gone'
cat - >in <<'EOF'
{"kind":"lineage","id":"k8s:prod/sa/old/y","system":"k8s","type":"k8s_service_account","name":"y","tags":{"team":"legacy"}}
EOF
run nhi-attribute --now $NOW --fail-on low in
expect_status 0
expect_view '[.owner.status, .owner.accountable, .owner.team]' <<'EOF'
["owned",{"team":"team:legacy","via":"owning team","confidence":0.6,"evidence":[]},{"team":"team:legacy","confidence":0.6,"evidence":[{"source":"tag","role":"team","team":"team:legacy","subject":"k8s:prod/sa/old/y","evidence":"tag team=legacy","weight":0.6,"score":0.6}]}]
EOF

t 'an owning team that is gone orphans the identity even when a person is named as its owner'
cat "$ORG" - >in <<'EOF'
{"kind":"lineage","id":"k8s:prod/sa/old/z","system":"k8s","type":"k8s_service_account","name":"z","tags":{"team":"legacy","owner":"li@acme.example"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
expect_view "$ORPHAN"', .owner.team.team' <<'EOF'
["k8s:prod/sa/old/z","orphaned",null,"person:li@acme.example","owning team no longer exists; accountable person:li@acme.example is still here"]
"team:legacy"
EOF

done_testing
