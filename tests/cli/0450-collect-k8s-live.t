# nhi-collect k8s --live: the same objects from the API server, a List page
# at a time (limit, continue), give the same records as the files.
. "$TOP/tests/lib.sh"
F=$FIX/k8s-live
NHI_HTTP_BACKOFF_MS=5
export NHI_HTTP_BACKOFF_MS
TOKEN=eyJhbGciOiJSUzI1NiJ9.kubetesttoken
# In the order --live lists them (a file per List page).
FILES="serviceaccounts-1.json serviceaccounts-2.json secrets.json roles.json clusterroles.json
rolebindings.json clusterrolebindings.json pods.json deployments.json empty-apps.json
empty-apps.json jobs.json cronjobs.json secretstores.json"

t 'k8s --live: continue pages, a 429 retried, a CRD at v1beta1 only, another not there'
start_server "$F/rules"
printf 'api:\n  k8s: %s/\n' "$BASE" >nhi.yaml
KUBE_TOKEN=$TOKEN run nhi-collect k8s --live --cluster prod
stop_server
expect_out_file "$F/live.out"
expect_err </dev/null
expect_status 0
jq -r '.path' "$SERVER_LOG" >got
cat >want <<'EOF'
/api/v1/serviceaccounts?limit=500
/api/v1/serviceaccounts?limit=500&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDcxMSwic3RhcnQiOiJldGwvbG9hZGVyXHUwMDAwIn0%3D
/api/v1/secrets?limit=500
/apis/rbac.authorization.k8s.io/v1/roles?limit=500
/apis/rbac.authorization.k8s.io/v1/clusterroles?limit=500
/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=500
/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?limit=500
/api/v1/pods?limit=500
/api/v1/pods?limit=500
/apis/apps/v1/deployments?limit=500
/apis/apps/v1/statefulsets?limit=500
/apis/apps/v1/daemonsets?limit=500
/apis/batch/v1/jobs?limit=500
/apis/batch/v1/cronjobs?limit=500
/apis/external-secrets.io/v1/secretstores?limit=500
/apis/external-secrets.io/v1beta1/secretstores?limit=500
/apis/external-secrets.io/v1/clustersecretstores?limit=500
/apis/external-secrets.io/v1beta1/clustersecretstores?limit=500
EOF
expect_same want got
n=$(grep -c '"authorization":"Bearer <34 chars>"' "$SERVER_LOG")
expect_true "every request carried the token in its header ($n)" test "$n" = 18
cp "$SERVER_LOG" "$T/extra.log"
expect_no_secret "$TOKEN" kubetesttoken plantedSecretKeyU8JZpDE0iGXlD6gNCFbaEPFj \
	PLANTEDGCPPRIVATEKEY planted.sa.token.value \
	"$(printf planted.sa.token.value | base64)" \
	"$(printf plantedSecretKeyU8JZpDE0iGXlD6gNCFbaEPFj | base64)"

t 'k8s --live gives the records the same Lists give as files (but for where they were read)'
start_server "$F/rules"
printf 'api:\n  k8s: %s\n' "$BASE" >nhi.yaml
printf '%s\n' "$TOKEN" >token
KUBE_TOKEN_FILE=$T/token nhi-collect k8s --live --cluster prod | jq -c 'del(.source, .location.path)' >live
stop_server
(cd "$F" && nhi-collect k8s --cluster prod $FILES) | jq -c 'del(.source, .location.path)' >files
expect_same files live
# Raw API Lists (items without kind) read as files too: nothing rejected.
(cd "$F" && run nhi-collect k8s --cluster prod $FILES)
expect_err </dev/null
expect_status 0

t 'a page cut short is a remote failure (status 5) and the other Lists go on'
cp -R "$F" api
sed 's|deployments.json$|deployments.json truncate=40|' "$F/rules" >api/rules
start_server api/rules
printf 'api:\n  k8s: %s\n' "$BASE" >nhi.yaml
KUBE_TOKEN=$TOKEN run nhi-collect k8s --live --cluster prod
stop_server
left=$(($(wc -c <"$F/deployments.json") - 40))
expect_err <<EOF
nhi-collect: $BASE/apis/apps/v1/deployments?limit=500: (18) transfer closed with $left bytes remaining to read
EOF
expect_status 5
grep -v 'Deployment/api' "$F/live.out" | grep -v '/apis/apps/v1/deployments' | jq -c 'del(.source)' >want
jq -c 'del(.source)' "$T/out" >got
expect_same want got

t 'a List the API refuses is its error, by name, and the rest goes on'
cp -R "$F" api
sed 's|^GET /api/v1/secrets?limit=500 200 secrets.json$|GET /api/v1/secrets?limit=500 403 forbidden.json|' "$F/rules" >api/rules
echo '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"secrets is forbidden: User \"system:serviceaccount:nhi:reader\" cannot list resource \"secrets\"","reason":"Forbidden","code":403}' >api/forbidden.json
start_server api/rules
printf 'api:\n  k8s: %s\n' "$BASE" >nhi.yaml
KUBE_TOKEN=$TOKEN run nhi-collect k8s --live --cluster prod
stop_server
expect_err <<EOF
nhi-collect: $BASE/api/v1/secrets?limit=500: HTTP 403 Forbidden
EOF
expect_status 5
n=$(grep -c '"kind":"identity"' "$T/out")
expect_true "the service accounts still came out ($n)" test "$n" = 3
n=$(grep -c '"kind":"sighting"' "$T/out")
expect_true "no Secret was read, so one sighting from the CronJob ($n)" test "$n" = 1

t 'api.k8s_ca names the CA to verify with: a missing one fails before anything is sent'
start_server "$F/rules"
printf 'api:\n  k8s: https://127.0.0.1:%s\n  k8s_ca: %s/no-such-ca.pem\n' "$PORT" "$T" >nhi.yaml
KUBE_TOKEN=$TOKEN run nhi-collect k8s --live
stop_server
head -n 1 "$T/err" >first
echo "nhi-collect: https://127.0.0.1:$PORT/api/v1/serviceaccounts?limit=500: (77) error setting certificate file: $T/no-such-ca.pem" >want
expect_same want first
expect_status 5
expect_true "nothing reached the server" test ! -s "$SERVER_LOG"

t 'k8s --live without a token or an API address says which; it reads no files'
run nhi-collect k8s --live
expect_err <<'EOF'
nhi-collect: k8s --live needs api.k8s in nhi.yaml
EOF
expect_status 2
printf 'api:\n  k8s: https://127.0.0.1:1\n' >nhi.yaml
run nhi-collect k8s --live
expect_err <<'EOF'
nhi-collect: k8s --live needs a token in KUBE_TOKEN or KUBE_TOKEN_FILE
EOF
expect_status 2
KUBE_TOKEN=$TOKEN run nhi-collect k8s --live cluster.yaml
head -n 1 "$T/err" >first
echo 'nhi-collect: --live reads no files' >want
expect_same want first
expect_status 2

done_testing
