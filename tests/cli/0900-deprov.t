# nhi-deprov: a dry-run plan by default; --apply against a local server
# with approvals, the journal, resume after kill -9, quarantine, finalize,
# rollback; --emit sh quoting hostile names.
. "$TOP/tests/lib.sh"
D=$FIX/deprov
NOW=--now=2026-11-15T00:00:00Z
NHI_HTTP_BACKOFF_MS=5
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=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
GITHUB_TOKEN=ghp_deprovtesttoken000000000000000000000
KUBE_TOKEN=kube-deprov-test-token-value
export NHI_HTTP_BACKOFF_MS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY GITHUB_TOKEN KUBE_TOKEN

# serve: the local server and an nhi.yaml pointing every API at it.
serve() {
	start_server "$D/rules"
	sed "s/{port}/$PORT/" "$D/nhi.yaml" >nhi.yaml
}

# mutations: the server's log as "METHOD PATH Action" lines.
mutations() {
	jq -r '[.method, .path, ((.body | capture("Action=(?<a>[A-Za-z]+)").a) // "")] | join(" ")' "$SERVER_LOG"
}

t 'the default is a dry run: a plan per selected identity, nothing changed'
run nhi-deprov --orphans $NOW "$D/graph.ndjson"
expect_out_file "$D/plan.expected"
expect_err <<'EOF'
nhi-deprov: github:acme/infra/deploy_key/9: approval by person:mallory@acme.example ignored: the owner is person:raj@acme.example
EOF
expect_status 0
expect_true 'no journal is written by a dry run' test ! -e nhi-deprov.journal

t 'last use comes from credentials and consumers too; an active key of unknown use is refused'
cat >g.ndjson <<'EOF'
{"kind":"lineage","id":"aws:arn:aws:iam::111122223333:user/ci-deploy","system":"aws","type":"iam_user","name":"ci-deploy","credentials":[{"key_id":"AKIA2OGYBAH6STMMNXNN","status":"active","static":true,"last_used":"2026-11-14T03:00:00Z"}],"owner":{"orphaned":true}}
{"kind":"lineage","id":"aws:arn:aws:iam::111122223333:user/backup","system":"aws","type":"iam_user","name":"backup","credentials":[{"key_id":"AKIA2OGYBAH6STMMQQQQ","status":"active","static":true}],"owner":{"orphaned":true}}
{"kind":"lineage","id":"aws:arn:aws:iam::111122223333:role/batch","system":"aws","type":"iam_role","name":"batch","consumers":[{"id":"ip:10.0.3.7","last_seen":"2026-11-13T00:00:00Z"}],"owner":{"orphaned":true}}
EOF
run nhi-deprov --orphans $NOW g.ndjson
jq -r 'select(.kind == "plan") | [.identity, .stage, .message] | join(" | ")' "$T/out" >got
cat >want <<'EOF'
aws:arn:aws:iam::111122223333:role/batch | refused | used 2026-11-13T00:00:00Z, within --min-idle; --force to override
aws:arn:aws:iam::111122223333:user/backup | refused | an active static credential with no known last use; --force to override
aws:arn:aws:iam::111122223333:user/ci-deploy | refused | used 2026-11-14T03:00:00Z, within --min-idle; --force to override
EOF
expect_same want got
expect_status 0

t 'selecting nothing is a usage error'
run nhi-deprov "$D/graph.ndjson"
head -n 1 "$T/err" >first
echo 'nhi-deprov: choose what to remove: --orphans, --unused, --migrated or --ids' >want
expect_same want first
expect_status 2

t '--apply disables what the owner approved, retrying a 500, signed with SigV4'
serve
mkdir -p app && printf 'A=1\nAWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN\n' >app/.env
run nhi-deprov --orphans --apply $NOW "$D/graph.ndjson"
expect_status 0
stop_server
jq -c 'select(.kind == "lifecycle") | [.step, .operation, .result, .approver]' "$T/out" >got
cp got "$T/out"
expect_out_file "$D/apply-lifecycle.expected"
mutations >got
cat >want <<'EOF'
POST / UpdateAccessKey
POST / UpdateAccessKey
POST / PutUserPolicy
EOF
expect_same want got
n=$(grep -c 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/' "$SERVER_LOG")
expect_true "every IAM call is signed ($n)" test "$n" = 3
cp nhi-deprov.journal "$T/extra.journal"
cp "$SERVER_LOG" "$T/extra.server"
expect_no_secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYDEPROVKEY0 ghp_deprovtesttoken000000000000000000000 kube-deprov-test-token-value

t 'running --apply again does nothing twice'
serve
run nhi-deprov --orphans --apply $NOW "$D/graph.ndjson"
run nhi-deprov --orphans --apply $NOW "$D/graph.ndjson"
expect_status 0
stop_server
n=$(grep -c '"method":"POST"' "$SERVER_LOG")
expect_true "three POSTs in all (a 500, its retry, one more), not $n" test "$n" = 3
jq -r 'select(.kind == "plan") | .stage' "$T/out" | sort | uniq -c | sed 's/^ *//' >got
cat >want <<'EOF'
1 planned
1 quarantined
1 refused
1 approved
EOF
sort want >want.sorted
sort got >got.sorted
expect_same want.sorted got.sorted

t 'kill -9 at every step boundary, then resume: each mutation happens exactly once'
for k in 1 2; do
	rm -f nhi-deprov.journal
	serve
	NHI_TEST_KILL_AFTER_STEPS=$k run nhi-deprov --orphans --apply $NOW "$D/graph.ndjson"
	expect_status 137
	run nhi-deprov --orphans --apply $NOW "$D/graph.ndjson"
	expect_status 0
	stop_server
	# The first POST / of each server run is the scripted 500, retried.
	n=$(mutations | grep -c UpdateAccessKey)
	expect_true "kill after $k: UpdateAccessKey sent $n times (one 500 + one)" test "$n" = 2
	n=$(mutations | grep -c PutUserPolicy)
	expect_true "kill after $k: PutUserPolicy sent $n times" test "$n" = 1
done

t '--finalize waits for the quarantine, then deletes, saving manifests first'
mkdir -p app && printf 'A=1\nAWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN\n' >app/.env
serve
run nhi-deprov --orphans --apply $NOW "$D/graph.ndjson"
run nhi-deprov --orphans --finalize --now=2026-11-20T00:00:00Z "$D/graph.ndjson"
jq -r 'select(.kind == "plan" and .identity == "aws:arn:aws:iam::111122223333:user/migration-2022") | [.stage, .message, .quarantine_until] | join(" ")' "$T/out" >got
echo 'quarantined in quarantine 2026-11-29T00:00:00Z' >want
expect_same want got
run nhi-deprov --orphans --finalize --now=2026-11-30T00:00:00Z "$D/graph.ndjson"
expect_status 0
stop_server
jq -r 'select(.kind == "plan") | [.identity, .stage] | join(" ")' "$T/out" >got
cat >want <<'EOF'
aws:arn:aws:iam::111122223333:role/etl-old refused
aws:arn:aws:iam::111122223333:user/migration-2022 finalized
github:acme/infra/deploy_key/9 planned
k8s:prod/sa/payments/legacy-sync finalized
EOF
expect_same want got
printf 'A=1\n' >want
expect_same want app/.env
jq -r 'select(.step == "deprov:k8s:prod/sa/payments/legacy-sync#2" and .state == "done") | .saved | tojson' nhi-deprov.journal >got
echo '{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"legacy-sync","namespace":"payments","labels":{"team":"payments"}}}' >want
expect_same want got

t '--rollback undoes the disable steps in reverse order, within the quarantine'
rm -f nhi-deprov.journal
serve
run nhi-deprov --ids "$D/one-id" --apply $NOW "$D/graph.ndjson"
run nhi-deprov --ids "$D/one-id" --rollback $NOW "$D/graph.ndjson"
expect_status 0
stop_server
jq -c 'select(.kind == "lifecycle") | [.operation, .result]' "$T/out" >got
cat >want <<'EOF'
["DeleteUserPolicy","done"]
["UpdateAccessKey","done"]
EOF
expect_same want got
tail -n 2 "$SERVER_LOG" | jq -r '.body' | sed 's/&Version=2010-05-08//' >got
cat >want <<'EOF'
Action=DeleteUserPolicy&UserName=migration-2022&PolicyName=nhi-quarantine
Action=UpdateAccessKey&UserName=migration-2022&AccessKeyId=AKIA2OGYBAH6STMMNXNN&Status=Active
EOF
expect_same want got

t 'a remote failure is status 5, journaled, and stops only that plan'
cat >rules <<'EOF'
POST / 403 denied.xml
EOF
printf '<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>' >denied.xml
start_server "$T/rules"
sed "s/{port}/$PORT/" "$D/nhi.yaml" >nhi.yaml
run nhi-deprov --ids "$D/one-id" --apply $NOW "$D/graph.ndjson"
stop_server
expect_err <<EOF
nhi-deprov: deprov:aws:arn:aws:iam::111122223333:user/migration-2022#1: UpdateAccessKey: $BASE/: HTTP 403 AccessDenied
EOF
expect_status 5
jq -r '.state' nhi-deprov.journal >got
printf 'started\nfailed\n' >want
expect_same want got

t '--emit sh quotes hostile names so that commands get exactly those arguments'
mkdir -p stub
for c in aws curl sed; do
	printf '#!/bin/sh\nfor a in "$@"; do printf "%%s|" "$a"; done >>"%s/argv.log"\necho >>"%s/argv.log"\n' "$T" "$T" >stub/$c
	chmod +x stub/$c
done
run nhi-deprov --ids "$D/hostile-ids" --force --emit sh $NOW "$D/hostile.ndjson"
expect_status 0
cp "$T/out" script
run nhi-deprov --ids "$D/hostile-ids" --force --finalize --emit sh $NOW "$D/hostile.ndjson"
expect_status 0
cat "$T/out" >>script
cp script "$T/out"
expect_out_file "$D/hostile.sh"
GITHUB_TOKEN=token-from-env PATH=$T/stub:$PATH sh script
expect_same "$D/hostile-argv.expected" argv.log

t 'GitLab, Okta, Vault and GitHub tokens: the API call that revokes each'
run nhi-deprov --orphans $NOW "$D/saas.ndjson"
jq -c 'select(.kind == "step") | [.phase, .operation, .args.method, .args.path, .args.body, .reversible]' "$T/out" >got
cat >want <<'EOF'
["finalize","RevokeFineGrainedPAT","POST","/orgs/acme/personal-access-tokens/98716",{"action":"revoke"},false]
["finalize","RevokeToken","DELETE","/api/v4/projects/42/access_tokens/7",null,false]
["finalize","RevokeToken","DELETE","/api/v4/personal_access_tokens/4",null,false]
["disable","DeactivateApp","POST","/api/v1/apps/0oa7vicdkRNrz59R80w6/lifecycle/deactivate",null,true]
["finalize","RevokeApiToken","DELETE","/api/v1/api-tokens/00Tabcdefg1234567890",null,false]
["finalize","RevokeAccessor","POST","/v1/auth/token/revoke-accessor",{"accessor":"8609694a-cdbc-db9b-d345-e782dbb562ed"},false]
EOF
expect_same want got
expect_status 0

done_testing
