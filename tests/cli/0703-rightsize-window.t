# nhi-rightsize windows: per class from nhi.yaml, --window, too young to
# judge, unused (deprovision), rare calls, safety margin, auto-apply.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
R=aws:arn:aws:iam::1:role

graph() {
	cat >g.ndjson <<EOF
{"kind":"identity","id":"$R/ci-deploy","system":"aws","type":"iam_role","name":"ci-deploy","created":"2025-01-01T00:00:00Z"}
{"kind":"policy","identity":"$R/ci-deploy","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}
{"kind":"identity","id":"$R/batch","system":"aws","type":"iam_role","name":"batch","created":"2025-01-01T00:00:00Z"}
{"kind":"policy","identity":"$R/batch","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}
{"kind":"identity","id":"$R/young","system":"aws","type":"iam_role","name":"young","created":"2026-11-01T00:00:00Z"}
{"kind":"identity","id":"$R/idle","system":"aws","type":"iam_role","name":"idle","created":"2020-01-01T00:00:00Z"}
{"kind":"lineage","id":"$R/orphan","system":"aws","type":"iam_role","name":"orphan","created":"2020-01-01T00:00:00Z","policies":[{"via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}}],"owner":{"orphaned":true,"route_to":"person:boss@acme.example"}}
{"kind":"identity","id":"github:acme/pat/1","system":"github","type":"github_pat","name":"pat"}
EOF
	cat >e.ndjson <<EOF
{"kind":"event","identity":"$R/ci-deploy","time":"2026-11-10T00:00:00Z","action":"s3:PutObject","resource":"arn:aws:s3:::artifacts/a","outcome":"allowed"}
{"kind":"event","identity":"$R/ci-deploy","time":"2026-11-12T00:00:00Z","action":"s3:PutObject","resource":"arn:aws:s3:::artifacts/a","outcome":"allowed"}
{"kind":"event","identity":"$R/ci-deploy","time":"2026-11-13T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::artifacts/b","outcome":"allowed"}
{"kind":"event","identity":"$R/ci-deploy","time":"2026-09-01T00:00:00Z","action":"s3:DeleteObject","resource":"arn:aws:s3:::artifacts/a","outcome":"allowed"}
{"kind":"event","identity":"$R/batch","time":"2026-03-01T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::yearly/report","outcome":"allowed"}
{"kind":"event","identity":"$R/batch","time":"2026-11-01T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::yearly/report","outcome":"allowed"}
{"kind":"event","identity":"$R/young","time":"2026-11-10T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::x/y","outcome":"allowed"}
{"kind":"event","identity":"$R/idle","time":"2025-01-10T00:00:00Z","action":"s3:GetObject","resource":"arn:aws:s3:::x/y","outcome":"allowed"}
{"kind":"event","identity":"$R/orphan","time":"2026-11-01T00:00:00Z","action":"sqs:SendMessage","resource":"arn:aws:sqs:eu-west-1:1:q","outcome":"allowed"}
{"kind":"event","identity":"$R/orphan","time":"2026-11-02T00:00:00Z","action":"sqs:SendMessage","resource":"arn:aws:sqs:eu-west-1:1:q","outcome":"allowed"}
{"kind":"event","identity":"$R/unknown","time":"2026-11-02T00:00:00Z","action":"sqs:SendMessage","resource":"arn:aws:sqs:eu-west-1:1:q","outcome":"allowed"}
EOF
	cat >nhi.yaml <<'EOF'
windows:
  ci: 30d
  batch: 400d
classes:
  - match: "ci-*"
    class: ci
  - match: "*role/batch"
    class: batch
rare_days: 2
auto_approve: [orphaned]
EOF
}

# summary: one line per recommendation: identity, status, class, window,
# calls, denied, the proposed actions and resources, rare, auto_apply.
summary() {
	jq -r 'select(.kind == "recommendation") | [(.identity | sub(".*/"; "")), .status, (.class // "-"), .proof.window, .proof.calls, (.proof.denied // "-"), ([.proposed.document.Statement[]? | (.Action | join(",")) + " " + (.Resource | join(","))] | join(";") | if . == "" then "-" else . end), ([.rare[]?.action] | join(",") | if . == "" then "-" else . end), (.action // "-"), .auto_apply, (.approver // "-")] | @tsv'
}

t 'class windows, too young, unused, rare calls and auto-apply'
graph
nhi-rightsize --now $NOW --events e.ndjson g.ndjson >out.ndjson
run summary <out.ndjson
expect_out <<'EOF'
batch	rightsize	batch	400d	2	0	s3:GetObject arn:aws:s3:::yearly/report	-	-	false	-
ci-deploy	rightsize	ci	30d	3	0	s3:PutObject arn:aws:s3:::artifacts/a;s3:GetObject arn:aws:s3:::artifacts/b	s3:GetObject	-	false	-
idle	deprovision	-	90d	0	-	-	-	deprovision	false	-
orphan	rightsize	-	90d	2	0	sqs:SendMessage arn:aws:sqs:eu-west-1:1:q	-	-	true	person:boss@acme.example
young	insufficient-history	-	90d	1	-	-	-	-	false	-
EOF

t 'the graph passes through unchanged, in order, the recommendations after it'
graph
nhi-rightsize --now $NOW --events e.ndjson g.ndjson >out.ndjson
head -n 8 out.ndjson >head
expect_same g.ndjson head
sed 1,8d out.ndjson | jq -r .kind | uniq -c | sed 's/^ *//' >kinds
echo '5 recommendation' >want
expect_same want kinds

t '--window sets the window of identities with no class window'
graph
nhi-rightsize --now $NOW --window 400d --events e.ndjson g.ndjson | summary | cut -f 1-5 >got
cat >want <<'EOF'
batch	rightsize	batch	400d	2
ci-deploy	rightsize	ci	30d	3
idle	deprovision	-	400d	0
orphan	rightsize	-	400d	2
young	insufficient-history	-	400d	1
EOF
expect_same want got

t 'windows.default is the window of every other identity'
graph
printf 'windows:\n  default: 10d\n' >nhi.yaml
nhi-rightsize --now $NOW --events e.ndjson g.ndjson | summary | cut -f 1-5 >got
cat >want <<'EOF'
batch	deprovision	-	10d	0
ci-deploy	rightsize	-	10d	3
idle	deprovision	-	10d	0
orphan	deprovision	-	10d	0
young	rightsize	-	10d	1
EOF
expect_same want got

t 'a safety margin looks further back and keeps what was used there'
graph
printf 'windows:\n  ci: 30d\nclasses:\n  - match: "ci-*"\n    class: ci\nsafety_margin: 3\n' >nhi.yaml
nhi-rightsize --now $NOW --events e.ndjson --identity $R/ci-deploy --format policy g.ndjson >got
jq -c '.Statement[] | [.Action, .Resource]' got >acts
cat >want <<'EOF'
[["s3:DeleteObject","s3:PutObject"],["arn:aws:s3:::artifacts/a"]]
[["s3:GetObject"],["arn:aws:s3:::artifacts/b"]]
EOF
expect_same want acts

t '--format policy writes a comment for identities without a proposal'
graph
run nhi-rightsize --now $NOW --events e.ndjson --format policy g.ndjson
grep '^#' "$T/out" >comments
cat >want <<'EOF'
# aws:arn:aws:iam::1:role/batch
# aws:arn:aws:iam::1:role/ci-deploy
# aws:arn:aws:iam::1:role/idle: deprovision, no proposal
# aws:arn:aws:iam::1:role/orphan
# aws:arn:aws:iam::1:role/young: insufficient-history, no proposal
EOF
expect_same want comments
expect_status 0

t '--identity of an identity without a proposal, or of none, is an error'
graph
run nhi-rightsize --now $NOW --events e.ndjson --format policy --identity $R/idle --identity $R/idle g.ndjson
expect_out </dev/null
expect_err <<'EOF'
nhi-rightsize: aws:arn:aws:iam::1:role/idle: no proposal: deprovision
EOF
expect_status 3
run nhi-rightsize --now $NOW --events e.ndjson --format policy --identity $R/nobody g.ndjson
expect_out </dev/null
expect_err <<'EOF'
nhi-rightsize: aws:arn:aws:iam::1:role/nobody: no such identity in the input
EOF
expect_status 3

done_testing
