# nhi-attribute in a pipeline: what passes through, in what order, what is
# rejected, and that the same input always gives the same bytes.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
A=$FIX/attribute

t 'records of other kinds pass byte for byte, consumed ones too, lineage records come last with their findings'
run nhi-attribute --now $NOW <<'EOF'
{"kind":"lineage","id":"github:acme/app/1","system":"github","type":"github_app","name":"app"}
{"kind":"credential", "id" : "x",  "spacing":"kept"}
{ "kind" : "person", "id": "person:a@x.example", "status": "active"}
{"kind":"team","id":"team:t","name":"T","manager":"person:a@x.example"}
{"kind":"signal","subject":"github:acme/app/1","person":"A@X.example","role":"provisioner","evidence":"installed the app","source":{"collector":"github"}}
{"kind":"policy","identity":"github:acme/app/1","via":"inline:x","document":{}}
{"kind":"future-kind","anything":[1,2,3]}
EOF
expect_out <<'EOF'
{"kind":"credential", "id" : "x",  "spacing":"kept"}
{ "kind" : "person", "id": "person:a@x.example", "status": "active"}
{"kind":"team","id":"team:t","name":"T","manager":"person:a@x.example"}
{"kind":"signal","subject":"github:acme/app/1","person":"A@X.example","role":"provisioner","evidence":"installed the app","source":{"collector":"github"}}
{"kind":"policy","identity":"github:acme/app/1","via":"inline:x","document":{}}
{"kind":"future-kind","anything":[1,2,3]}
{"kind":"lineage","id":"github:acme/app/1","system":"github","type":"github_app","name":"app","owner":{"status":"owned","provisioner":{"person":"person:a@x.example","status":"active","confidence":0.9,"evidence":[{"source":"system","role":"provisioner","person":"person:a@x.example","subject":"github:acme/app/1","evidence":"installed the app","weight":0.9,"score":0.9}]},"confidence":0.9}}
EOF
expect_err </dev/null
expect_status 0

t 'bad lines and records that cannot be used are named; every good record still comes out'
run nhi-attribute --now $NOW --rejects rej <<'EOF'
{"kind":"person","id":"person:a@x.example","status":"active"}
not json
{"kind":"person","name":"no id"}
{"kind":"team","id":"payments"}
{"kind":"signal","subject":"okta:app/1","person":"a@x.example","role":"owner"}
{"kind":"signal","subject":"okta:app/1","person":"a@x.example","role":"provisioner","weight":2}
{"kind":"signal","person":"a@x.example","role":"provisioner"}
{"kind":"signal","subject":"okta:app/1","role":"provisioner"}
{"kind":"event","time":"2026-11-01T00:00:00Z","action":"x"}
{"kind":"identity","name":"x"}
{"kind":"workload","name":"x"}
{"kind":"lineage","name":"no id"}
{"kind":"person","id":"person:b@x.example","left":"someday"}
{"kind":"signal","subject":"okta:app/1","person":"a@x.example","role":"provisioner","source":{"collector":"okta"}}
{"kind":"lineage","id":"okta:app/1","system":"okta","type":"okta_app","name":"one"}
EOF
expect_err <<'EOF'
nhi-attribute: <stdin>:2: invalid JSON: '[' or '{' expected at column 3
nhi-attribute: <stdin>:3: person record has no "id" of the form person:EMAIL
nhi-attribute: <stdin>:4: team record has no "id" of the form team:SLUG
nhi-attribute: <stdin>:5: signal "role" is not provisioner, consumer, accountable, modifier or codeowner
nhi-attribute: <stdin>:6: signal "weight" is not a number from 0 to 1
nhi-attribute: <stdin>:7: signal record has no "subject"
nhi-attribute: <stdin>:8: signal record has no "person"
nhi-attribute: <stdin>:9: event record has no "identity"
nhi-attribute: <stdin>:10: identity record has no "id"
nhi-attribute: <stdin>:11: workload record has no "id"
nhi-attribute: <stdin>:12: lineage record has no "id"
nhi-attribute: <stdin>:13: person "left" is not a time
EOF
expect_status 3
expect_out <<'EOF'
{"kind":"person","id":"person:a@x.example","status":"active"}
{"kind":"signal","subject":"okta:app/1","person":"a@x.example","role":"provisioner","source":{"collector":"okta"}}
{"kind":"lineage","id":"okta:app/1","system":"okta","type":"okta_app","name":"one","owner":{"status":"owned","provisioner":{"person":"person:a@x.example","status":"active","confidence":0.9,"evidence":[{"source":"system","role":"provisioner","person":"person:a@x.example","subject":"okta:app/1","evidence":"signal","weight":0.9,"score":0.9}]},"confidence":0.9}}
EOF
cat >want <<'EOF'
not json
{"kind":"person","name":"no id"}
{"kind":"team","id":"payments"}
{"kind":"signal","subject":"okta:app/1","person":"a@x.example","role":"owner"}
{"kind":"signal","subject":"okta:app/1","person":"a@x.example","role":"provisioner","weight":2}
{"kind":"signal","person":"a@x.example","role":"provisioner"}
{"kind":"signal","subject":"okta:app/1","role":"provisioner"}
{"kind":"event","time":"2026-11-01T00:00:00Z","action":"x"}
{"kind":"identity","name":"x"}
{"kind":"workload","name":"x"}
{"kind":"lineage","name":"no id"}
{"kind":"person","id":"person:b@x.example","left":"someday"}
EOF
expect_same want rej

t '--strict stops at the first rejected record'
run nhi-attribute --now $NOW --strict <<'EOF'
{"kind":"other"}
{"kind":"signal","subject":"x"}
{"kind":"other2"}
EOF
expect_out <<'EOF'
{"kind":"other"}
EOF
expect_err <<'EOF'
nhi-attribute: <stdin>:2: signal record has no "person"
nhi-attribute: stopping at the first rejected record (--strict)
EOF
expect_status 3

t 'several files are one stream: the org chart may come after the identities'
cat >a.ndjson <<'EOF'
{"kind":"lineage","id":"okta:app/2","system":"okta","type":"okta_app","name":"two","created_by":"bo"}
EOF
cat >b.ndjson <<'EOF'
{"kind":"person","id":"person:bo@x.example","login":"bo","status":"departed","left":"2026-01-02","manager":"person:cy@x.example"}
{"kind":"person","id":"person:cy@x.example","status":"active"}
EOF
run nhi-attribute --now $NOW a.ndjson - b.ndjson </dev/null
expect_status 0
jq -c 'select(.kind == "lineage") | [.owner.status, .owner.route_to, .owner.orphaned_since]' "$T/out" >got
echo '["orphaned","person:cy@x.example","2026-01-02T00:00:00Z"]' >want
expect_same want got

t 'the same input gives the same bytes, and a second pass over the output changes no lineage record'
cat "$A/org.ndjson" "$A/estate.ndjson" >in
run nhi-attribute --now $NOW in
cp "$T/out" first
run nhi-attribute --now $NOW in
expect_same first "$T/out"
run nhi-attribute --now $NOW first
grep '"kind":"lineage"' first >want
grep '"kind":"lineage"' "$T/out" >got
expect_same want got

t 'an identity with consumers but no owner signal is unowned, its workloads listed, nothing guessed'
run nhi-attribute --now $NOW <<'EOF'
{"kind":"workload","id":"k8s:c/ns/Deployment/w","system":"k8s","type":"k8s_deployment","name":"w"}
{"kind":"lineage","id":"k8s:c/sa/ns/w","system":"k8s","type":"k8s_service_account","name":"w","consumers":["k8s:c/ns/Deployment/w"],"findings":[{"rule":"other","severity":"low","nhi_top10":"NHI7","message":"kept"}]}
EOF
expect_status 0
expect_out <<'EOF'
{"kind":"workload","id":"k8s:c/ns/Deployment/w","system":"k8s","type":"k8s_deployment","name":"w"}
{"kind":"lineage","id":"k8s:c/sa/ns/w","system":"k8s","type":"k8s_service_account","name":"w","consumers":["k8s:c/ns/Deployment/w"],"findings":[{"rule":"other","severity":"low","nhi_top10":"NHI7","message":"kept"},{"rule":"unowned-identity","severity":"low","nhi_top10":"NHI1","message":"no ownership signal at all: no owner is guessed"}],"owner":{"status":"unowned","consumer":{"workloads":["k8s:c/ns/Deployment/w"]}}}
{"kind":"finding","rule":"unowned-identity","severity":"low","nhi_top10":"NHI1","identity":"k8s:c/sa/ns/w","message":"no ownership signal at all: no owner is guessed","evidence":[]}
EOF

t 'evidence past the limit per identity is counted and reported, not kept'
awk 'BEGIN { for (i = 0; i < 2100; i++) printf "{\"kind\":\"signal\",\"subject\":\"okta:app/9\",\"person\":\"p%d@x.example\",\"role\":\"modifier\",\"evidence\":\"e\"}\n", i
	print "{\"kind\":\"lineage\",\"id\":\"okta:app/9\",\"system\":\"okta\",\"type\":\"okta_app\",\"name\":\"nine\"}" }' >in
run nhi-attribute --now $NOW in
expect_err <<'EOF'
nhi-attribute: okta:app/9: more than 2048 pieces of ownership evidence, 52 ignored
EOF
expect_status 0
jq -c 'select(.kind == "lineage") | [.owner.provisioner.name, (.owner.candidates | length)]' "$T/out" >got
echo '["p0@x.example",2048]' >want
expect_same want got

done_testing
