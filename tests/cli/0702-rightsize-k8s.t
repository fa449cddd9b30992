# nhi-rightsize on Kubernetes: observed verbs x resources x namespaces per
# service account become Roles, a ClusterRole and their bindings.
. "$TOP/tests/lib.sh"

G=$FIX/rightsize/k8s-graph.ndjson
E=$FIX/rightsize/k8s-events.ndjson
NOW=2026-11-20T00:00:00Z

t 'recommendations with roles, manifests, reach and a proof of zero denied'
run nhi-rightsize --now $NOW --events $E $G
expect_out_file $FIX/rightsize/k8s.out
expect_err </dev/null
expect_status 0

t 'the manifests as YAML, golden'
run nhi-rightsize --now $NOW --events $E --format yaml $G
expect_out_file $FIX/rightsize/k8s.yaml
expect_err </dev/null
expect_status 0

t 'the YAML is the manifests field of the record'
nhi-rightsize --now $NOW --events $E --identity k8s:prod/sa/payments/api --format yaml $G >yaml
jq -j 'select(.kind == "recommendation" and .identity == "k8s:prod/sa/payments/api") | .proposed.manifests' "$FIX/rightsize/k8s.out" >field
expect_same yaml field

t 'every observed call is allowed by the proposal (RBAC matcher)'
jq -r 'select(.kind == "recommendation") | [.identity, .proof.denied, .proof.calls] | @tsv' "$FIX/rightsize/k8s.out" >proof
printf 'k8s:prod/sa/monitoring/scraper\t0\t16\nk8s:prod/sa/payments/api\t0\t49\n' >want
expect_same want proof

t 'Secrets in reach are named sensitive'
jq -c 'select(.kind == "recommendation" and .identity == "k8s:prod/sa/payments/api") | .reach.kept[] | select(.sensitive)' "$FIX/rightsize/k8s.out" >sens
echo '{"action":"k8s:get","resource":"core/secrets:payments/db-creds","sensitive":["secrets"]}' >want
expect_same want sens

t 'the diff of a service account is the diff field of the record'
nhi-rightsize --now $NOW --events $E --identity k8s:prod/sa/payments/api --format diff $G >diff
jq -j 'select(.kind == "recommendation" and .identity == "k8s:prod/sa/payments/api") | .diff' "$FIX/rightsize/k8s.out" >field
expect_same diff field

t 'an AWS format for a k8s identity is refused'
run nhi-rightsize --now $NOW --events $E --format policy --identity k8s:prod/sa/payments/api $G
expect_out </dev/null
expect_err <<'EOF'
nhi-rightsize: k8s:prod/sa/payments/api: no policy output for a k8s identity
EOF
expect_status 3

t 'a call that is not a k8s call cannot be granted and is counted as denied'
cat >e.ndjson <<'EOF'
{"kind":"event","identity":"k8s:c/sa/ns/x","time":"2026-11-01T00:00:00Z","action":"k8s:get","resource":"apps/deployments:ns/web","outcome":"allowed"}
{"kind":"event","identity":"k8s:c/sa/ns/x","time":"2026-11-01T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","outcome":"allowed"}
{"kind":"event","identity":"k8s:c/sa/ns/x","time":"2026-11-01T00:00:00Z","action":"k8s:get","resource":"a/b/c/d:ns/web","outcome":"allowed"}
EOF
echo '{"kind":"identity","id":"k8s:c/sa/ns/x","system":"k8s","type":"k8s_service_account","name":"x"}' >g.ndjson
run sh -c 'nhi-rightsize --now 2026-11-20T00:00:00Z --events e.ndjson g.ndjson | jq -c "select(.kind == \"recommendation\") | .proposed.roles, .proof"'
expect_out <<'EOF'
[{"kind":"Role","namespace":"ns","name":"x-rightsized","rules":[{"apiGroups":["apps"],"resources":["deployments"],"resourceNames":["web"],"verbs":["get"]}]}]
{"calls":3,"distinct":3,"denied":2,"denied_calls":[{"action":"k8s:get","resource":"a/b/c/d:ns/web"},{"action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}],"window":"90d","from":"2026-08-22T00:00:00Z","to":"2026-11-20T00:00:00Z"}
EOF
expect_status 0

done_testing
