# nhi-lineage merges every record about one identity, across systems, into
# one lineage record; what it does not consume passes through untouched.
. "$TOP/tests/lib.sh"

t 'the estate: one lineage record per identity, findings after, golden'
run nhi-lineage --now 2026-11-22T00:00:00Z "$FIX/lineage/estate.ndjson"
expect_out_file "$FIX/lineage/estate.out"
expect_err </dev/null
expect_status 0

t 'the same input gives the same bytes, run after run'
run nhi-lineage --now 2026-11-22T00:00:00Z "$FIX/lineage/estate.ndjson" "$FIX/lineage/estate.ndjson"
cp "$T/out" first
run nhi-lineage --now 2026-11-22T00:00:00Z "$FIX/lineage/estate.ndjson" "$FIX/lineage/estate.ndjson"
expect_same first "$T/out"
expect_status 0

t 'records of other kinds pass through byte for byte, in order, before the lineage'
run nhi-lineage <<'EOF'
{"kind":"person", "id" : "person:a@x.example",  "odd":[ 1 ]}
{"kind":"signal","subject":"s","person":"p"}
{"kind":"usage","identity":"i","action":"s3:GetObject","resource":"*","count":1}
{"kind":"novel-kind","x":{"y":null}}
EOF
expect_out <<'EOF'
{"kind":"person", "id" : "person:a@x.example",  "odd":[ 1 ]}
{"kind":"signal","subject":"s","person":"p"}
{"kind":"usage","identity":"i","action":"s3:GetObject","resource":"*","count":1}
{"kind":"novel-kind","x":{"y":null}}
EOF
expect_err </dev/null
expect_status 0

t 'an assumed-role session, an access key id and an ARN all name the same identities'
run_sh 'nhi-lineage | jq -c "select(.kind==\"lineage\") | {id, c: [.credentials[].id], s: [.storage[].credential], e: [.consumers[].events]}"' <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/etl","type":"iam_role","name":"etl","account":"111111111111"}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/bot","type":"iam_user","name":"bot"}
{"kind":"credential","id":"aws:key:AKIAAAAAAAAAAAAAAAAA","identity":"arn:aws:iam::111111111111:user/bot","type":"aws_access_key","key_id":"AKIAAAAAAAAAAAAAAAAA","static":true,"status":"active"}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIAAAAAAAAAAAAAAAAA","fingerprint":"hmac-sha256:aaaaaaaaaaaaaaaa","location":{"type":"k8s_secret","path":"ns/s"}}
{"kind":"event","identity":"arn:aws:sts::111111111111:assumed-role/etl/run-1","time":"2026-11-01T00:00:00Z","action":"s3:GetObject","outcome":"allowed","source_ip":"10.0.0.1"}
{"kind":"event","identity":"arn:aws:sts::111111111111:assumed-role/etl/run-2","time":"2026-11-02T00:00:00Z","action":"s3:GetObject","outcome":"allowed","source_ip":"10.0.0.1"}
{"kind":"event","identity":"AKIAAAAAAAAAAAAAAAAA","time":"2026-11-02T00:00:00Z","action":"s3:ListBuckets","outcome":"allowed","source_ip":"10.0.0.9"}
EOF
expect_out <<'EOF'
{"id":"aws:arn:aws:iam::111111111111:role/etl","c":[],"s":[],"e":[2]}
{"id":"aws:arn:aws:iam::111111111111:user/bot","c":["aws:key:AKIAAAAAAAAAAAAAAAAA"],"s":["aws:key:AKIAAAAAAAAAAAAAAAAA"],"e":[1]}
EOF
expect_err </dev/null
expect_status 0

t 'the same credential from two inventories is one credential; fields fill in'
run_sh 'nhi-lineage --now 2026-11-22T00:00:00Z | jq -c "select(.kind==\"lineage\") | .credentials"' <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/bot","type":"iam_user","name":"bot"}
{"kind":"credential","id":"aws:key:AKIAAAAAAAAAAAAAAAAA","identity":"aws:arn:aws:iam::111111111111:user/bot","type":"aws_access_key","key_id":"AKIAAAAAAAAAAAAAAAAA","static":true,"status":"active","created":"2026-11-01T00:00:00Z"}
{"kind":"credential","id":"aws:key:AKIAAAAAAAAAAAAAAAAA","identity":"aws:arn:aws:iam::111111111111:user/bot","key_id":"AKIAAAAAAAAAAAAAAAAA","last_used":"2026-11-20T00:00:00Z"}
EOF
expect_out <<'EOF'
[{"id":"aws:key:AKIAAAAAAAAAAAAAAAAA","type":"aws_access_key","key_id":"AKIAAAAAAAAAAAAAAAAA","static":true,"status":"active","created":"2026-11-01T00:00:00Z","last_used":"2026-11-20T00:00:00Z","age_days":21}]
EOF
expect_status 0

t 'references to nothing are kept: an unknown key, an unknown fingerprint, an unknown role'
run_sh 'nhi-lineage | jq -c "select(.kind==\"lineage\") | {id, system, type, unresolved, n: (.storage|length)}"' <<'EOF'
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIABBBBBBBBBBBBBBBB","fingerprint":"hmac-sha256:bbbbbbbbbbbbbbbb","location":{"type":"file","path":"a.env","line":1}}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIABBBBBBBBBBBBBBBB","fingerprint":"hmac-sha256:bbbbbbbbbbbbbbbb","location":{"type":"file","path":"b.env","line":1}}
{"kind":"sighting","rule":"slack_token","fingerprint":"hmac-sha256:cccccccccccccccc","location":{"type":"file","path":"c.txt","line":2}}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/ghost","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}
EOF
expect_out <<'EOF'
{"id":"aws:arn:aws:iam::111111111111:role/ghost","system":"aws","type":null,"unresolved":"no identity record","n":0}
{"id":"aws:key:AKIABBBBBBBBBBBBBBBB","system":"aws","type":"credential","unresolved":"credential in no inventory","n":2}
{"id":"fp:hmac-sha256:cccccccccccccccc","system":"unknown","type":"credential","unresolved":"credential in no inventory","n":1}
EOF
expect_status 0

t 'a Kubernetes service account reaches its IRSA role and the credential in a Secret it reads'
run_sh 'nhi-lineage | jq -c "select(.kind==\"lineage\" and .system==\"k8s\") | {id, s: .reach.summary, t: [.reach.transitive[] | [.identity, .steps[0].via]], b: .blast_radius}"' <<'EOF'
{"kind":"identity","id":"k8s:prod/sa/pay/api","system":"k8s","type":"k8s_service_account","name":"api"}
{"kind":"policy","identity":"k8s:prod/sa/pay/api","via":"k8s:Role/pay/read","document":{"rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]}}
{"kind":"trust","identity":"k8s:prod/sa/pay/api","target":"aws:arn:aws:iam::111111111111:role/pay","mechanism":"irsa"}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/pay","system":"aws","type":"iam_role","name":"pay"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/pay","via":"managed:arn:aws:iam::aws:policy/AdministratorAccess","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:user/db","system":"aws","type":"iam_user","name":"db"}
{"kind":"credential","id":"aws:key:AKIADDDDDDDDDDDDDDDD","identity":"aws:arn:aws:iam::111111111111:user/db","type":"aws_access_key","key_id":"AKIADDDDDDDDDDDDDDDD","static":true}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIADDDDDDDDDDDDDDDD","fingerprint":"hmac-sha256:dddddddddddddddd","location":{"type":"k8s_secret","path":"pay/db-key"}}
{"kind":"sighting","rule":"aws_access_key_id","key_id":"AKIADDDDDDDDDDDDDDDD","fingerprint":"hmac-sha256:dddddddddddddddd","location":{"type":"k8s_secret","path":"other/db-key"}}
EOF
expect_out <<'EOF'
{"id":"k8s:prod/sa/pay/api","s":"admin-equivalent via aws:arn:aws:iam::111111111111:role/pay; reads secrets; read 1 service; reaches 2 other identities","t":[["aws:arn:aws:iam::111111111111:role/pay","irsa"],["aws:arn:aws:iam::111111111111:user/db","secret-read"]],"b":99}
EOF
expect_status 0

t 'an MCP server carries the credential its configuration holds'
run_sh 'nhi-lineage | jq -c "select(.kind==\"lineage\") | {id, c: [.credentials[].id], f: [.findings[].rule]}"' <<'EOF'
{"kind":"identity","id":"mcp:laptop/github","system":"mcp","type":"mcp_server","name":"github"}
{"kind":"sighting","rule":"github_pat","fingerprint":"hmac-sha256:eeeeeeeeeeeeeeee","location":{"type":"mcp_config","path":".cursor/mcp.json","line":4,"host":"laptop","object":"github"}}
EOF
expect_out <<'EOF'
{"id":"mcp:laptop/github","c":["fp:hmac-sha256:eeeeeeeeeeeeeeee"],"f":["secret-leak"]}
EOF
expect_status 0

done_testing
