# nhi-collect k8s-audit: API server audit events as event records, from the
# log backend, EKS (with the IAM identity behind the user), AKS and GKE.
. "$TOP/tests/lib.sh"
K=$FIX/k8s

t 'native events, a GKE Cloud Audit Logs entry and an AKS diagnostic record'
cp "$K/elastic-k8s-audit-mixed.ndjson" audit.ndjson
run nhi-collect k8s-audit --cluster prod audit.ndjson
expect_out_file "$K/elastic-audit.out"
expect_err </dev/null
expect_status 0

t 'EKS events: aws_principal and access_key_id; bad events named by line'
cp "$K/panther-eks-audit-events.jsonl" eks.jsonl
run nhi-collect k8s-audit eks.jsonl
expect_out_file "$K/panther-eks-audit.out"
expect_err <<'EOF'
nhi-collect: eks.jsonl:13: audit event without verb
nhi-collect: eks.jsonl:18: audit event without verb
nhi-collect: k8s-audit: skipped 1 event at an early stage (each request is read at ResponseComplete)
EOF
expect_status 3

t 'impersonation, an EventList, a CloudWatch message, denials and bad lines'
run nhi-collect k8s-audit <<'EOF'
{"kind":"Event","apiVersion":"audit.k8s.io/v1","stage":"ResponseComplete","verb":"delete","user":{"username":"jane@acme.example"},"impersonatedUser":{"username":"system:serviceaccount:ci:deployer"},"objectRef":{"resource":"nodes","name":"n1"},"responseStatus":{"code":403,"reason":"Forbidden"},"annotations":{"authorization.k8s.io/decision":"forbid"},"requestReceivedTimestamp":"2026-01-02T03:04:05.123456Z"}
{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"kind":"Event","apiVersion":"audit.k8s.io/v1","stage":"ResponseComplete","verb":"list","user":{"username":"system:serviceaccount:ci:deployer"},"objectRef":{"resource":"secrets","apiVersion":"v1"},"responseStatus":{"code":200},"requestReceivedTimestamp":"2026-01-02T03:04:06Z"}]}
{"message":"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"stage\":\"ResponseComplete\",\"verb\":\"patch\",\"user\":{\"username\":\"kubernetes-admin\",\"extra\":{\"arn\":[\"arn:aws:sts::111122223333:assumed-role/Admin/jane\"],\"accessKeyId\":[\"ASIAEXAMPLEEXAMPLE12\"]}},\"objectRef\":{\"resource\":\"deployments\",\"apiGroup\":\"apps\",\"namespace\":\"web\",\"name\":\"front\",\"subresource\":\"scale\"},\"responseStatus\":{\"code\":409},\"requestReceivedTimestamp\":\"2026-01-02T03:04:07Z\"}"}
{"kind":"Event","apiVersion":"audit.k8s.io/v1","stage":"RequestReceived","verb":"get","user":{"username":"x"}}
{"not":"an event"}
{"kind":"Event",
EOF
expect_out <<'EOF'
{"kind":"event","identity":"k8s:default/sa/ci/deployer","impersonator":"k8s:default/user/jane@acme.example","time":"2026-01-02T03:04:05Z","action":"k8s:delete","resource":"core/nodes:n1","outcome":"denied","error":"403 Forbidden","event_source":"k8s","source":{"collector":"k8s-audit","file":"<stdin>","line":1}}
{"kind":"event","identity":"k8s:default/sa/ci/deployer","time":"2026-01-02T03:04:06Z","action":"k8s:list","resource":"core/secrets:*","outcome":"allowed","event_source":"k8s","source":{"collector":"k8s-audit","file":"<stdin>","line":2}}
{"kind":"event","identity":"k8s:default/user/kubernetes-admin","time":"2026-01-02T03:04:07Z","action":"k8s:patch","resource":"apps/deployments/scale:web/front","outcome":"failed","error":"409","event_source":"k8s","aws_principal":"aws:arn:aws:iam::111122223333:role/Admin","access_key_id":"ASIAEXAMPLEEXAMPLE12","source":{"collector":"k8s-audit","file":"<stdin>","line":3}}
EOF
expect_err <<'EOF'
nhi-collect: <stdin>:5: not a Kubernetes audit event
nhi-collect: <stdin>:6: invalid JSON: string or '}' expected near end of file at column 16
nhi-collect: k8s-audit: skipped 1 event at an early stage (each request is read at ResponseComplete)
EOF
expect_status 3

done_testing
