# nhi-collect github, gitlab, gcp, azure, okta, vault: every export shape
# recognised, secrets never read out, and --live giving the same records.
. "$TOP/tests/lib.sh"
F=$FIX/saas
NHI_HTTP_BACKOFF_MS=5
export NHI_HTTP_BACKOFF_MS

for sys in github gitlab gcp azure okta vault; do
	t "$sys: every sample export is recognised and mapped"
	# Relative names, so the golden files do not depend on the checkout's path.
	cd "$F" && run nhi-collect $sys --org acme --project demo --name etl-role $sys/* && cd "$T"
	expect_out_file "$F/$sys.expected"
	expect_err_file "$F/$sys.err"
	expect_true "$sys: exit 0" test "$(cat "$T/status")" = 0
done

t 'tokens, client secrets and secret texts in exports never reach the output'
for sys in github gitlab gcp azure okta vault; do
	nhi-collect $sys --name etl-role "$F"/$sys/* >>"$T/extra.out" 2>>"$T/extra.err"
done
: >"$T/out"
: >"$T/err"
expect_no_secret ghu_16C7e42F292c6912E7710c838347Ae178B4a '[6gyXA5S20@MN+WRXAJ]I-TO7g1:h2P8' \
	cf64a70f-3a12-3f6c-791d-6cef6d390eed DRUFXGF9XbLn HAGDTYU9XbLnS s3cr3t

t 'an export of no known shape is rejected with its name, and --type names an unknown type'
echo '{"resources":{"core":{"limit":5000}}}' >rate.json
run nhi-collect github rate.json
expect_err <<'EOF'
nhi-collect: rate.json: no github export shape matches (--type names one)
EOF
expect_status 3
run nhi-collect github --type nonsense rate.json
head -n 1 "$T/err" >first
echo "nhi-collect: --type: unknown github export type 'nonsense'" >want
expect_same want first
expect_status 2

t 'log exports with one event a line name each bad line'
printf '{"action":"repo.create","actor":"ci-bot","org":"acme"}\n{oops\n{"action":"repo.destroy","actor":"x"}\n' >audit.jsonl
run nhi-collect github audit.jsonl
expect_out <<'EOF'
{"kind":"event","identity":"github:user/ci-bot","action":"github:repo.create","resource":"acme","outcome":"allowed","actor":"ci-bot","source":{"collector":"github","file":"audit.jsonl"}}
{"kind":"event","identity":"github:user/x","action":"github:repo.destroy","outcome":"allowed","actor":"x","source":{"collector":"github","file":"audit.jsonl"}}
EOF
expect_err <<'EOF'
nhi-collect: audit.jsonl:2: invalid JSON: string or '}' expected at column 5
EOF
expect_status 3

t 'github --live follows Link pages, retries 429 and 500, and gives the same records as the files'
start_server "$F/live/rules"
printf 'api:\n  github: %s\n' "$BASE" >nhi.yaml
GITHUB_TOKEN=ghp_livetesttoken00000000000000000000000 run nhi-collect github --live --org acme
stop_server
expect_status 0
jq -c 'del(.source)' "$T/out" >live
nhi-collect github --org acme "$F/live/pats-1.json" "$F/live/pats-2.json" | jq -c 'del(.source)' >files
expect_same files live
jq -r '.path' "$SERVER_LOG" >got
cat >want <<'EOF'
/orgs/acme/personal-access-tokens?per_page=100
/orgs/acme/personal-access-tokens?per_page=100
/orgs/acme/personal-access-tokens?per_page=100&page=2
/orgs/acme/personal-access-token-requests?per_page=100
/orgs/acme/installations?per_page=100
/orgs/acme/actions/secrets?per_page=100
/orgs/acme/credential-authorizations?per_page=100
/orgs/acme/credential-authorizations?per_page=100
/orgs/acme/audit-log?per_page=100
EOF
expect_same want got
n=$(grep -c '"authorization":"Bearer <40 chars>"' "$SERVER_LOG")
expect_true "every request carried the token in its header ($n)" test "$n" = 9
cp "$SERVER_LOG" "$T/extra.log"
expect_no_secret ghp_livetesttoken00000000000000000000000

t 'azure --live follows @odata.nextLink; gcp --live follows nextPageToken'
start_server "$F/live/rules"
printf 'api:\n  azure: %s\n  gcp: %s\n' "$BASE" "$BASE" >nhi.yaml
AZURE_ACCESS_TOKEN=eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.azuretest run nhi-collect azure --live
jq -r '.id' "$T/out" >got
cat >want <<'EOF'
azure:sp/65415bb1-9267-4313-bbf5-ae259732ee12
azure:sp/11111111-2222-3333-4444-555555555555
azure:credential/aaaaaaaa-0000-0000-0000-000000000001
EOF
expect_same want got
GCP_ACCESS_TOKEN=ya29.gcptesttoken run nhi-collect gcp --live --project project-abc
stop_server
jq -r '.id' "$T/out" >got
cat >want <<'EOF'
gcp:sa/service-account-1@project-abc.iam.gserviceaccount.com
gcp:sa/service-account-2@project-abc.iam.gserviceaccount.com
EOF
expect_same want got
expect_status 0

t 'a page cut short is a remote failure (status 5) and the listing goes on'
start_server "$F/live/rules"
printf 'api:\n  okta: %s\n' "$BASE" >nhi.yaml
OKTA_API_TOKEN=00oktatesttoken run nhi-collect okta --live
stop_server
expect_err <<EOF
nhi-collect: $BASE/api/v1/apps?limit=200: (18) transfer closed with 1550 bytes remaining to read
EOF
expect_status 5

t '--live without a token, or without an API address, says which is missing'
run nhi-collect github --live --org acme
expect_err <<'EOF'
nhi-collect: github --live needs a token in GITHUB_TOKEN or GITHUB_TOKEN_FILE
EOF
expect_status 2
run nhi-collect okta --live
expect_err <<'EOF'
nhi-collect: okta --live needs api.okta in nhi.yaml
EOF
expect_status 2

done_testing
