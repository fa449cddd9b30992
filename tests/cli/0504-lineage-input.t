# nhi-lineage on bad input, the --fail-on gate, sensitive resources and
# the blast radius, and secrets that must never come out.
. "$TOP/tests/lib.sh"

t 'bad lines are reported with their number, the rest is processed, status 3'
run_sh 'nhi-lineage | jq -c "[.kind, .id]"' <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/ok","type":"iam_role","name":"ok"}
{"kind":"identity","name":"no id"}
not json
{"kind":"sighting","rule":"x","location":{"type":"file","path":"a"}}
{"kind":"sighting","rule":"x","fingerprint":"hmac-sha256:0000000000000001"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/ok","via":"inline:bad","document":{"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/ok","via":"inline:nodoc","document":"{}"}
{"kind":"trust","document":{}}
{"kind":"workload","type":"gha_job"}
{"kind":"event","action":"s3:GetObject"}
{"kind":"person","id":"person:a@x.example"}
EOF
expect_out <<'EOF'
["person","person:a@x.example"]
["lineage","aws:arn:aws:iam::111111111111:role/ok"]
EOF
run nhi-lineage <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/ok","type":"iam_role","name":"ok"}
{"kind":"identity","name":"no id"}
not json
{"kind":"sighting","rule":"x","location":{"type":"file","path":"a"}}
{"kind":"sighting","rule":"x","fingerprint":"hmac-sha256:0000000000000001"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/ok","via":"inline:bad","document":{"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/ok","via":"inline:nodoc","document":"{}"}
{"kind":"trust","document":{}}
{"kind":"workload","type":"gha_job"}
{"kind":"event","action":"s3:GetObject"}
EOF
expect_err <<'EOF'
nhi-lineage: <stdin>:2: identity has no "id"
nhi-lineage: <stdin>:3: invalid JSON: '[' or '{' expected at column 3
nhi-lineage: <stdin>:4: sighting has neither "fingerprint" nor "key_id"
nhi-lineage: <stdin>:5: sighting has no "location" object
nhi-lineage: <stdin>:6: policy document: statement 0: Effect must be Allow or Deny
nhi-lineage: <stdin>:7: policy "document" is not an object
nhi-lineage: <stdin>:8: trust has no "identity"
nhi-lineage: <stdin>:9: workload has no "id"
nhi-lineage: <stdin>:10: event has no "identity"
EOF
expect_status 3

t 'an attachment without its document: well-known AWS policies are built in, others reported'
run_sh 'nhi-lineage | jq -c "select(.kind==\"lineage\") | [.id, .blast_radius, .reach.summary]"' <<'EOF'
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:user/alice","via":"group:Admins/managed:arn:aws:iam::aws:policy/AdministratorAccess"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:user/bob","via":"managed:arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"}
EOF
expect_out <<'EOF'
["aws:arn:aws:iam::111111111111:user/alice",100,"admin-equivalent; reads secrets; write on 1 service"]
["aws:arn:aws:iam::111111111111:user/bob",0,"1 policy not in the input"]
EOF
expect_status 0

t 'sightings, policies and trust read from their compact lines and the same records written loosely give the same lineage; twice counts once'
cat >"$T/compact.ndjson" <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/ci","type":"iam_user","name":"ci"}
{"kind":"credential","id":"aws:key:AKIAEXAMPLE000000001","identity":"aws:arn:aws:iam::111111111111:user/ci","type":"aws_access_key","key_id":"AKIAEXAMPLE000000001","status":"active"}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIAEXAMPLE000000001","location":{"type":"git","repo":"acme/app","path":"conf/a b.env","line":7},"active_hint":true,"source":{"collector":"secrets","file":"scan","line":3}}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIAEXAMPLE000000001","location":{"type":"git","repo":"acme/app","path":"conf/a b.env","line":7},"active_hint":true,"source":{"collector":"secrets","file":"scan","line":3}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/deploy","type":"iam_role","name":"deploy"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:user/ci","via":"managed:arn:aws:iam::111111111111:policy/deploy","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","sts:AssumeRole"],"Resource":"*"}]},"source":{"collector":"aws-iam","file":"auth.json","pointer":"/p/0"}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/deploy","via":"managed:arn:aws:iam::111111111111:policy/deploy","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","sts:AssumeRole"],"Resource":"*"}]},"source":{"collector":"aws-iam","file":"auth.json","pointer":"/p/1"}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/deploy","via":"inline:bad","document":{"Statement":[{"Effect":"Perhaps","Action":"s3:*","Resource":"*"}]}}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/deploy","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/ci"},"Action":"sts:AssumeRole"}]},"source":{"collector":"aws-iam","file":"auth.json","pointer":"/r/0"}}
EOF
cat >"$T/loose.ndjson" <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/ci","type":"iam_user","name":"ci"}
{"kind":"credential","id":"aws:key:AKIAEXAMPLE000000001","identity":"aws:arn:aws:iam::111111111111:user/ci","type":"aws_access_key","key_id":"AKIAEXAMPLE000000001","status":"active"}
{ "kind": "sighting", "rule": "aws_access_key_id", "key_id": "AKIAEXAMPLE000000001", "location": {"type": "git", "repo": "acme\/app", "path": "conf/a\u0020b.env", "line": 7}, "active_hint": true, "source": {"collector": "secrets", "file": "scan", "line": 3} }
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIAEXAMPLE000000001","location":{"type":"git","repo":"acme/app","path":"conf/a b.env","line":7},"active_hint":true,"source":{"collector":"secrets","file":"scan","line":3}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/deploy","type":"iam_role","name":"deploy"}
{"kind":"policy", "identity":"aws:arn:aws:iam::111111111111:user/ci","via":"managed:arn:aws:iam::111111111111:policy/deploy","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","sts:AssumeRole"],"Resource":"*"}]},"source":{"collector":"aws-iam","file":"auth.json","pointer":"/p/0"}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/deploy","via":"managed:arn:aws:iam::111111111111:policy/deploy","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","sts:AssumeRole"],"Resource":"\u002a"}]},"source":{"collector":"aws-iam","file":"auth.json","pointer":"/p/1"}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/deploy","via":"inline:bad","document":{"Statement":[{"Effect":"Perhaps","Action":"s3:*","Resource":"*"}]}}
{"kind":"trust","identity":"aws:arn:aws:iam::111111111111:role/deploy","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/ci"},"Action":"sts:AssumeRole"}]},"source":{"collector":"aws-iam","file":"auth.json","pointer":"/r/0"} }
EOF
run nhi-lineage --now 2026-11-22T00:00:00Z "$T/compact.ndjson"
cp "$T/out" "$T/compact.out"
run nhi-lineage --now 2026-11-22T00:00:00Z "$T/loose.ndjson"
expect_same "$T/compact.out" "$T/out"
run jq -c 'select(.kind=="lineage") | [.storage[] | [.location.path, .credential, .source.line]]' "$T/compact.out"
expect_out <<'EOF'
[]
[["conf/a b.env","aws:key:AKIAEXAMPLE000000001",3]]
EOF
run jq -c 'select(.kind=="finding" and .rule=="secret-leak") | [.message, .evidence[0].source]' "$T/compact.out"
expect_out <<'EOF'
["aws_access_key_id aws:key:AKIAEXAMPLE000000001 found in git acme/app:conf/a b.env:7 and it is active","scan:3"]
EOF
run jq -c 'select(.kind=="lineage") | [.id, [.policies[].via], [.trust[].source.pointer], .sources, .reach.summary]' "$T/compact.out"
expect_out <<'EOF'
["aws:arn:aws:iam::111111111111:role/deploy",["managed:arn:aws:iam::111111111111:policy/deploy"],["/r/0"],[{"collector":"aws-iam","file":"auth.json","pointer":"/p/1"},{"collector":"aws-iam","file":"auth.json","pointer":"/r/0"}],"write on 2 services"]
["aws:arn:aws:iam::111111111111:user/ci",["managed:arn:aws:iam::111111111111:policy/deploy"],[],[{"collector":"aws-iam","file":"auth.json","pointer":"/p/0"},{"collector":"secrets","file":"scan","line":3}],"write on 2 services; reaches 1 other identity"]
EOF
run_sh "cd '$T' && nhi-lineage --now 2026-11-22T00:00:00Z compact.ndjson"
expect_err <<'EOF'
nhi-lineage: compact.ndjson:8: policy document: statement 0: Effect must be Allow or Deny
EOF

t 'a credential in the lineage record: without kind, identity and source, keys escaped as JSON needs; its own age_days gives way, in its place'
run_sh 'nhi-lineage --now 2026-11-22T00:00:00Z | jq -c "select(.kind==\"lineage\") | .credentials"' <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/ci","type":"iam_user","name":"ci"}
{"kind":"credential","id":"aws:key:AKIAEXAMPLE000000002","age_days":3,"identity":"aws:arn:aws:iam::111111111111:user/ci","created":"2026-11-01T00:00:00Z","status":"inactive","source":{"file":"a"}}
{"kind":"credential","id":"aws:key:AKIAEXAMPLE000000003","identity":"aws:arn:aws:iam::111111111111:user/ci","n\u00e9":"x","q\"k":1,"age_days":5,"status":"active"}
EOF
expect_out <<'EOF'
[{"id":"aws:key:AKIAEXAMPLE000000002","age_days":21,"created":"2026-11-01T00:00:00Z","status":"inactive"},{"id":"aws:key:AKIAEXAMPLE000000003","né":"x","q\"k":1,"age_days":5,"status":"active"}]
EOF
expect_status 0

t '--strict stops at the first bad line'
run nhi-lineage --strict <<'EOF'
{"kind":"person","id":"person:a@x.example"}
{"kind":"identity","name":"no id"}
{"kind":"person","id":"person:b@x.example"}
EOF
expect_out <<'EOF'
{"kind":"person","id":"person:a@x.example"}
EOF
expect_err <<'EOF'
nhi-lineage: <stdin>:2: identity has no "id"
nhi-lineage: stopping at the first rejected record (--strict)
EOF
expect_status 3

t '--fail-on trips at the severity given, not below'
cat >in <<'EOF'
{"kind":"sighting","rule":"github_pat","fingerprint":"hmac-sha256:0000000000000002","location":{"type":"file","path":"a.sh","line":1}}
EOF
run nhi-lineage --fail-on medium in
expect_status 1
run nhi-lineage --fail-on high in
expect_status 0
run nhi-lineage --fail-on severe in
expect_status 2

t '--fail-on trips for the last identity too, whose records the second writer process makes; the order holds'
cat >in <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/z","type":"iam_role","name":"z"}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/a","type":"iam_role","name":"a"}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/m","type":"iam_role","name":"m"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/z","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/a","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}
EOF
run_sh 'nhi-lineage --fail-on high in | jq -c "[.kind, .id // .identity, .rule]"'
expect_out <<'EOF'
["lineage","aws:arn:aws:iam::111111111111:role/a",null]
["lineage","aws:arn:aws:iam::111111111111:role/m",null]
["lineage","aws:arn:aws:iam::111111111111:role/z",null]
["finding","aws:arn:aws:iam::111111111111:role/a","wildcard-grant"]
["finding","aws:arn:aws:iam::111111111111:role/z","admin-equivalent"]
EOF
run nhi-lineage --fail-on high in
expect_status 1
run nhi-lineage --fail-on critical in
expect_status 0

t 'secret values in rejected records never reach the output or the diagnostics'
run nhi-lineage <<'EOF'
{"kind":"sighting","rule":"aws_secret_access_key","secret":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY","location":{"type":"file","path":"a"}}
{"kind":"identity","password":"hunter2-correct-horse-battery"}
EOF
expect_no_secret wJalrXUtnFEMI K7MDENG hunter2-correct-horse-battery
expect_status 3

t 'sensitive resources, from records and from the configuration, raise the blast radius'
cat >nhi.yaml <<'EOF'
sensitive:
  - "arn:aws:s3:::payroll*"
EOF
run_sh 'nhi-lineage --config nhi.yaml | jq -c "select(.kind==\"lineage\") | [.id, .blast_radius, .reach.summary]"' <<'EOF'
{"kind":"resource","id":"aws:arn:aws:secretsmanager:us-east-1:111111111111:secret:db","sensitivity":"high"}
{"kind":"resource","arn":"arn:aws:s3:::public-site","sensitivity":"public"}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/writer","type":"iam_role","name":"writer"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/writer","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::payroll/*"},{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:111111111111:secret:db"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/site","type":"iam_role","name":"site"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/site","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::public-site/*"}]}}
EOF
expect_out <<'EOF'
["aws:arn:aws:iam::111111111111:role/site",3,"write on 1 service"]
["aws:arn:aws:iam::111111111111:role/writer",32,"reads secrets; write on 1 sensitive resource; read 1 sensitive resource; write on 1 service; read 1 service"]
EOF
expect_status 0

t 'a Secrets Manager secret holding a key makes a chain to the key owner'
run_sh 'nhi-lineage | jq -c "select(.kind==\"lineage\" and .id==\"aws:arn:aws:iam::111111111111:role/reader\") | [.reach.transitive[] | [.identity, .steps[0].step]]"' <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/reader","type":"iam_role","name":"reader"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/reader","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:111111111111:secret:ci-*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/ci","type":"iam_user","name":"ci"}
{"kind":"credential","id":"aws:key:AKIA0000000000000003","identity":"aws:arn:aws:iam::111111111111:user/ci","type":"aws_access_key","key_id":"AKIA0000000000000003","static":true}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIA0000000000000003","fingerprint":"hmac-sha256:0000000000000003","location":{"type":"secrets_manager","path":"arn:aws:secretsmanager:us-east-1:111111111111:secret:ci-key"}}
EOF
expect_out <<'EOF'
[["aws:arn:aws:iam::111111111111:user/ci","secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-1:111111111111:secret:ci-key, which holds aws:key:AKIA0000000000000003"]]
EOF
expect_status 0

t '-o writes the records to a file'
run nhi-lineage -o out.ndjson <<'EOF'
{"kind":"person","id":"person:a@x.example"}
EOF
expect_out </dev/null
expect_status 0
expect_true 'out.ndjson holds the record' grep -q person:a@x.example out.ndjson

done_testing
