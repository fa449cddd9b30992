# nhi-jit: request, approval by an owner only, time-bounded grants, reaping,
# and the approval webhook.
. "$TOP/tests/lib.sh"
J=$FIX/jit
NOW=--now=2026-11-15T10:00:00Z
NHI_HTTP_BACKOFF_MS=5
export NHI_HTTP_BACKOFF_MS

request() {
	nhi-jit $NOW request --identity aws:arn:aws:iam::111122223333:role/etl-pipeline \
		--action s3:GetObject --action s3:ListBucket --resource 'arn:aws:s3:::raw-data*' \
		--duration 2h --reason 'backfill INC-4711' --requester person:ana@acme.example "$@"
}

t 'a request is journaled, written as a record, and audited'
run request
expect_out <<'EOF'
{"kind":"jit","id":"jit-0001","state":"requested","time":"2026-11-15T10:00:00Z","identity":"aws:arn:aws:iam::111122223333:role/etl-pipeline","scope":{"actions":["s3:GetObject","s3:ListBucket"],"resources":["arn:aws:s3:::raw-data*"]},"duration":"7200s","seconds":7200,"reason":"backfill INC-4711","requester":"person:ana@acme.example"}
{"kind":"audit","action":"request","request":"jit-0001","identity":"aws:arn:aws:iam::111122223333:role/etl-pipeline","by":"person:ana@acme.example","after":{"kind":"jit","id":"jit-0001","state":"requested","time":"2026-11-15T10:00:00Z","identity":"aws:arn:aws:iam::111122223333:role/etl-pipeline","scope":{"actions":["s3:GetObject","s3:ListBucket"],"resources":["arn:aws:s3:::raw-data*"]},"duration":"7200s","seconds":7200,"reason":"backfill INC-4711","requester":"person:ana@acme.example"},"time":"2026-11-15T10:00:00Z"}
EOF
expect_err </dev/null
expect_status 0

t 'only an owner may approve, and never their own request'
request >/dev/null
run nhi-jit $NOW approve jit-0001 --approver person:eve@acme.example --graph "$J/graph.ndjson"
expect_err <<'EOF'
nhi-jit: jit-0001: person:eve@acme.example: the approver is not an owner of the identity
EOF
expect_status 3
nhi-jit $NOW request --identity aws:arn:aws:iam::111122223333:role/etl-pipeline --action s3:GetObject \
	--duration 1h --reason self --requester person:raj@acme.example >/dev/null
run nhi-jit $NOW approve jit-0002 --approver person:raj@acme.example --graph "$J/graph.ndjson"
expect_err <<'EOF'
nhi-jit: jit-0002: person:raj@acme.example cannot approve their own request
EOF
expect_status 3
run nhi-jit $NOW approve jit-0001 --approver person:raj@acme.example --graph "$J/graph.ndjson"
jq -r 'select(.kind == "jit") | [.state, .approver, .decided] | join(" ")' "$T/out" >got
echo 'approved person:raj@acme.example 2026-11-15T10:00:00Z' >want
expect_same want got
expect_status 0

t 'grant writes a policy bounded by aws:CurrentTime, from now until now plus the duration'
request >/dev/null
nhi-jit $NOW approve jit-0001 --approver person:raj@acme.example --graph "$J/graph.ndjson" >/dev/null
run nhi-jit --now 2026-11-15T10:30:00Z grant jit-0001 --format policy
expect_out <<'EOF'
{"Version":"2012-10-17","Statement":[{"Sid":"NhiJitTimeBound","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::raw-data*"],"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-11-15T10:30:00Z"},"DateLessThan":{"aws:CurrentTime":"2026-11-15T12:30:00Z"}}}]}
EOF
expect_status 0

t 'an unapproved request is not granted'
request >/dev/null
run nhi-jit $NOW grant jit-0001
expect_err <<'EOF'
nhi-jit: jit-0001: not approved (requested)
EOF
expect_status 3

t 'reap revokes only what is past expiry, once, with an audit record'
request >/dev/null
nhi-jit $NOW approve jit-0001 --approver person:raj@acme.example --graph "$J/graph.ndjson" >/dev/null
nhi-jit $NOW grant jit-0001 >/dev/null
run nhi-jit --now 2026-11-15T11:59:59Z reap
expect_out </dev/null
run nhi-jit --now 2026-11-15T12:00:00Z reap
jq -c 'select(.kind == "step") | [.operation, .target, .identity]' "$T/out" >got
echo '["DeleteRolePolicy","nhi-jit-jit-0001","aws:arn:aws:iam::111122223333:role/etl-pipeline"]' >want
expect_same want got
jq -r 'select(.kind == "audit") | [.action, .before.state, .after.state, .after.expires] | join(" ")' "$T/out" >got
echo 'reap granted expired 2026-11-15T12:00:00Z' >want
expect_same want got
run nhi-jit --now 2026-11-16T00:00:00Z reap
expect_out </dev/null

t 'a Kubernetes grant is a Role and RoleBinding carrying the expiry'
nhi-jit $NOW request --identity k8s:prod/sa/payments/api --action get --action list \
	--resource secrets --duration 30m --reason debug --requester person:ana@acme.example >/dev/null
nhi-jit $NOW deny jit-0001 --approver person:mia@acme.example >/dev/null
run nhi-jit $NOW grant jit-0001
expect_err <<'EOF'
nhi-jit: jit-0001: not approved (denied)
EOF
nhi-jit $NOW request --identity k8s:prod/sa/payments/api --action get --action list \
	--resource secrets --duration 30m --reason debug --requester person:ana@acme.example >/dev/null
nhi-jit $NOW approve jit-0002 --approver person:mia@acme.example --graph "$J/graph.ndjson" >/dev/null
run nhi-jit $NOW grant jit-0002 --format yaml
expect_out <<'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: jit-0002
  namespace: "payments"
  annotations:
    nhi.dev/expires: "2026-11-15T10:30:00Z"
rules:
  - apiGroups: ["*"]
    verbs: ["get", "list"]
    resources: ["secrets"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: jit-0002
  namespace: "payments"
  annotations:
    nhi.dev/expires: "2026-11-15T10:30:00Z"
subjects:
  - kind: ServiceAccount
    name: "api"
    namespace: "payments"
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: jit-0002
EOF
expect_status 0

t 'the approval webhook is posted with retries on 429 and 5xx, with no secret in the payload'
start_server "$J/rules"
cat >nhi.yaml <<EOF
approval:
  webhook: $BASE/hook
  type: slack
  token_env: NHI_TEST_HOOK_TOKEN
EOF
NHI_TEST_HOOK_TOKEN=xoxb-hook-secret-0123456789 run request
stop_server
jq -c 'select(.kind == "webhook")' "$T/out" >got
echo '{"kind":"webhook","request":"jit-0001","type":"slack","status":200,"attempts":3,"response":{"ok":true}}' >want
expect_same want got
tail -n 1 "$SERVER_LOG" | jq -c '[.body, .headers.authorization]' >got
echo '["{\"text\":\"nhi-jit jit-0001: person:ana@acme.example asks for a scope on aws:arn:aws:iam::111122223333:role/etl-pipeline for 7200s: backfill INC-4711\"}","Bearer <27 chars>"]' >want
expect_same want got
cp "$SERVER_LOG" "$T/extra.log"
expect_no_secret xoxb-hook-secret-0123456789

t 'ingest applies approval records that came back from a webhook'
request >/dev/null
cat >approvals <<'EOF'
{"kind":"approval","request":"jit-0001","approver":"person:raj@acme.example","decision":"approve"}
{"kind":"approval","request":"jit-0001"}
EOF
run nhi-jit $NOW --graph "$J/graph.ndjson" ingest approvals
expect_err <<'EOF'
nhi-jit: approvals:2: an approval needs request, approver and decision
EOF
expect_status 3
jq -r 'select(.kind == "jit") | .state' "$T/out" >got
echo approved >want
expect_same want got

done_testing
