# nhi-attribute over a small estate: the golden output, clones linked as
# siblings, and the --fail-on gate.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
A=$FIX/attribute

t 'the estate: owners, orphans, conflicts, moves, human use, unowned identities and siblings'
cat "$A/org.ndjson" "$A/estate.ndjson" >in
run nhi-attribute --now $NOW in
expect_err </dev/null
expect_status 0
expect_out_file "$A/estate.out"

t 'the summary a reviewer reads'
cat "$A/org.ndjson" "$A/estate.ndjson" >in
run nhi-attribute --now $NOW in
jq -r 'select(.kind == "lineage") | [.id, .owner.status, (.owner.accountable.person // "-"), (.owner.route_to // "-"), (.owner.confidence // "-"), ([.findings[].rule] | join(","))] | @tsv' "$T/out" >got
cat >want <<'EOF'
aws:arn:aws:iam::123456789012:user/ci-deploy	owned	person:raj@acme.example	-	0.6	departed-owner-credential
aws:arn:aws:iam::123456789012:role/etl	orphaned	person:omar@acme.example	person:casey@acme.example	0.6	orphaned-identity
github:acme/pat/1234	orphaned	-	person:raj@acme.example	0.68	orphaned-identity
k8s:prod/sa/payments/api	owned	person:maria@acme.example	-	0.6	
okta:token/00Tabc	orphaned	-	person:casey@acme.example	0.59	orphaned-identity
mcp:laptop-jane/postgres	orphaned	-	person:raj@acme.example	0.8	orphaned-identity
aws:arn:aws:iam::123456789012:role/web-deploy	owned	person:maria@acme.example	-	0.58	human-use-of-nhi
aws:arn:aws:iam::123456789012:role/web-deploy-staging	unowned	-	-	-	unowned-identity
gcp:sa/legacy@proj.iam.gserviceaccount.com	unowned	-	-	-	unowned-identity
EOF
expect_same want got

t 'clones from one module with the same policy and trust are siblings, both ways'
cat "$A/org.ndjson" "$A/estate.ndjson" >in
run nhi-attribute --now $NOW in
jq -c 'select(.kind == "lineage" and .siblings) | [.id, .siblings]' "$T/out" >got
cat >want <<'EOF'
["aws:arn:aws:iam::123456789012:role/web-deploy",[{"id":"aws:arn:aws:iam::123456789012:role/web-deploy-staging","why":["same IaC module acme/web-infra:module.deploy_role","same policies and trust, created 2026-01-05"]}]]
["aws:arn:aws:iam::123456789012:role/web-deploy-staging",[{"id":"aws:arn:aws:iam::123456789012:role/web-deploy","why":["same IaC module acme/web-infra:module.deploy_role","same policies and trust, created 2026-01-05"]}]]
EOF
expect_same want got

t 'same policies on different days, or different policies on the same day, are not clones'
run nhi-attribute --now $NOW <<'EOF'
{"kind":"lineage","id":"a","system":"aws","type":"iam_role","name":"a","created":"2026-01-05T10:00:00Z","policies":[{"via":"inline:x","document":{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}],"trust":[]}
{"kind":"lineage","id":"b","system":"aws","type":"iam_role","name":"b","created":"2026-01-06T10:00:00Z","policies":[{"via":"inline:x","document":{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}],"trust":[]}
{"kind":"lineage","id":"c","system":"aws","type":"iam_role","name":"c","created":"2026-01-05T23:00:00Z","policies":[{"via":"inline:x","document":{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}}],"trust":[]}
{"kind":"lineage","id":"d","system":"aws","type":"iam_role","name":"d","created":"2026-01-05T23:59:59Z","policies":[{"via":"inline:y","document":{"Statement":[{"Resource":"*","Action":"s3:GetObject","Effect":"Allow"}]}}],"trust":[]}
{"kind":"lineage","id":"e","system":"aws","type":"iam_role","name":"e","created":"2026-01-05T10:00:00Z","policies":[],"trust":[]}
{"kind":"lineage","id":"f","system":"aws","type":"iam_role","name":"f","created":"2026-01-05T10:00:00Z","policies":[],"trust":[]}
EOF
expect_status 0
jq -c 'select(.kind == "lineage") | [.id, [.siblings[]?.id]]' "$T/out" >got
cat >want <<'EOF'
["a",["d"]]
["b",[]]
["c",[]]
["d",["a"]]
["e",[]]
["f",[]]
EOF
expect_same want got

t '--fail-on critical trips on the admin-equivalent orphans'
cat "$A/org.ndjson" "$A/estate.ndjson" >in
run nhi-attribute --now $NOW --fail-on critical -o out.ndjson in
expect_status 1
expect_out </dev/null
expect_true 'the records still go to -o' grep -q '"rule":"orphaned-identity","severity":"critical"' out.ndjson

t 'a module stamped out many times lists a bounded number of siblings, and says so'
awk 'BEGIN { for (i = 0; i < 70; i++) printf "{\"kind\":\"lineage\",\"id\":\"r%02d\",\"system\":\"aws\",\"type\":\"iam_role\",\"name\":\"r%02d\",\"origin\":{\"module\":\"module.svc\"}}\n", i, i }' >in
run nhi-attribute --now $NOW in
expect_status 0
expect_err <<'EOF'
nhi-attribute: 70 identities share same IaC module module.svc; each lists only 64 of them as siblings
EOF
jq -c 'select(.kind == "lineage" and (.id == "r00" or .id == "r69")) | [.id, (.siblings | length), .siblings[0].id, .siblings[-1].id]' "$T/out" >got
cat >want <<'EOF'
["r00",64,"r01","r64"]
["r69",64,"r00","r63"]
EOF
expect_same want got

done_testing
