# nhi-attribute --left: the leaver sweep, across AWS, GitHub, Kubernetes,
# Okta, Google Cloud and MCP identities.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
A=$FIX/attribute

t 'jane leaves: everything she provisioned or owns, where it lives, what it reaches, and who takes it'
cat "$A/org.ndjson" "$A/leaver.ndjson" >in
run nhi-attribute --now $NOW --left JANE@acme.example in
expect_err </dev/null
expect_status 0
expect_out_file "$A/leaver.out"
jq -r 'select(.kind == "sweep") | [.identity, (.roles | join(",")), .status, .reach, (.storage | length), .route_to] | @tsv' "$T/out" >got
cat >want <<'EOF'
aws:arn:aws:iam::123456789012:role/backup	provisioner	orphaned	admin-equivalent	0	person:raj@acme.example
github:acme/deploy_key/9	provisioner	orphaned	write	1	person:raj@acme.example
k8s:prod/sa/payments/ledger	provisioner	owned	read	0	person:maria@acme.example
okta:token/00T9	provisioner	orphaned	admin-equivalent	0	person:raj@acme.example
mcp:laptop-jane/filesystem	provisioner,consumer	orphaned	read	1	person:raj@acme.example
gcp:sa/report@proj.iam.gserviceaccount.com	provisioner	orphaned	read	0	person:raj@acme.example
EOF
expect_same want got

t 'the sweep is the same whatever name the leaver is given by'
cat "$A/org.ndjson" "$A/leaver.ndjson" >in
run nhi-attribute --now $NOW --left jroe in
expect_status 0
expect_out_file "$A/leaver.out"

t 'someone still here who is leaving is treated as gone from --now; a rival candidate is swept too'
cat "$A/org.ndjson" "$A/leaver.ndjson" >in
run nhi-attribute --now $NOW --left raj@acme.example in
expect_status 0
jq -c 'select(.kind == "sweep") | [.identity, .roles, .route_to, .route_reason]' "$T/out" >got
cat >want <<'EOF'
["gcp:sa/report@proj.iam.gserviceaccount.com",["candidate provisioner"],"person:casey@acme.example","first active manager above person:jane@acme.example (skipped person:raj@acme.example, gone)"]
EOF
expect_same want got
run nhi-attribute --now $NOW --left li@acme.example in
expect_status 0
jq -c 'select(.kind == "sweep") | [.identity, .roles, .status, .route_to, .route_reason]' "$T/out" >got
cat >want <<'EOF'
["aws:arn:aws:iam::123456789012:role/unrelated",["accountable"],"orphaned","person:maria@acme.example","first active manager above person:li@acme.example"]
EOF
expect_same want got

t 'a leaver nobody knows is reported and sweeps nothing'
cat "$A/org.ndjson" "$A/leaver.ndjson" >in
run nhi-attribute --now $NOW --left nobody@acme.example in
expect_err <<'EOF'
nhi-attribute: --left: no person is known as 'nobody@acme.example'
EOF
expect_status 0
expect_true 'no sweep records' sh -c '! grep -q "\"kind\":\"sweep\"" "$1"' - "$T/out"

done_testing
