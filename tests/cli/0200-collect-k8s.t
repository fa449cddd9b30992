# nhi-collect k8s: kubectl output (YAML or JSON, Lists, streams) becomes
# identities, trust links, token credentials, sightings, RBAC policies and
# workloads with what they use; no Secret value ever comes out.
. "$TOP/tests/lib.sh"
K=$FIX/k8s

t 'a cluster dump: IRSA, GKE and Azure links, a token, sightings, RBAC, workloads'
cp "$K/cluster.yaml" .
run nhi-collect k8s cluster.yaml
expect_out_file "$K/cluster.out"
expect_err <<'EOF'
nhi-collect: k8s: skipped 1 object of type 'ConfigMap' (not collected yet)
EOF
expect_status 0
expect_no_secret plantedSecretKeyU8JZpDE0iGXlD6gNCFbaEPFj \
	PLANTEDGCPPRIVATEKEY planted.sa.token.value '{"planted":"x"}' \
	"$(printf planted.sa.token.value | base64)" \
	"$(printf plantedSecretKeyU8JZpDE0iGXlD6gNCFbaEPFj | base64)"

t 'the same objects as kubectl -o json give the same records, with pointers'
cp "$K/cluster.json" .
run nhi-collect k8s --cluster prod cluster.json
expect_out_file "$K/cluster-json.out"
expect_err <<'EOF'
nhi-collect: k8s: skipped 1 object of type 'ConfigMap' (not collected yet)
EOF
expect_status 0
expect_no_secret plantedSecretKeyU8JZpDE0iGXlD6gNCFbaEPFj PLANTEDGCPPRIVATEKEY planted.sa.token.value

t 'POS: a GCP key file named by --credentials-file in a secret volume'
cd "$K" && run nhi-collect k8s GoogleCloudPlatform__cloud-sql-proxy__examples__k8s-sidecar__proxy_with_sa_key.yaml
expect_out <<'EOF'
{"kind":"workload","id":"k8s:default/default/Deployment/<YOUR-DEPLOYMENT-NAME>","system":"k8s","type":"k8s_deployment","name":"<YOUR-DEPLOYMENT-NAME>","namespace":"default","oidc":false,"service_account":"k8s:default/sa/default/default","uses":[{"ref":"secret:default/<YOUR-SA-SECRET>#service_account.json","credential_type":"gcp_sa_key","provider":"gcp","static":true,"via":"args","line":71,"migratable_to":"gke_workload_identity"},{"ref":"secret:default/<YOUR-DB-SECRET>#username","name":"DB_USER","credential_type":"unknown","static":true,"via":"env","line":32},{"ref":"secret:default/<YOUR-DB-SECRET>#password","name":"DB_PASS","credential_type":"password","static":true,"via":"env","line":37},{"ref":"secret:default/<YOUR-DB-SECRET>#database","name":"DB_NAME","credential_type":"unknown","static":true,"via":"env","line":42}],"source":{"collector":"k8s","file":"GoogleCloudPlatform__cloud-sql-proxy__examples__k8s-sidecar__proxy_with_sa_key.yaml","line":15}}
EOF
expect_err </dev/null
expect_status 0

t 'POS: GOOGLE_APPLICATION_CREDENTIALS pointing into a secret volume'
cd "$K" && run nhi-collect k8s GoogleCloudPlatform__kubernetes-engine-samples__databases__cloud-pubsub__deployment__pubsub-with-secret.yaml
expect_out <<'EOF'
{"kind":"workload","id":"k8s:default/default/Deployment/pubsub","system":"k8s","type":"k8s_deployment","name":"pubsub","namespace":"default","oidc":false,"service_account":"k8s:default/sa/default/default","uses":[{"ref":"secret:default/pubsub-key#key.json","name":"GOOGLE_APPLICATION_CREDENTIALS","credential_type":"gcp_sa_key","provider":"gcp","static":true,"via":"credentials_file","line":42,"migratable_to":"gke_workload_identity"}],"source":{"collector":"k8s","file":"GoogleCloudPlatform__kubernetes-engine-samples__databases__cloud-pubsub__deployment__pubsub-with-secret.yaml","line":18}}
EOF
expect_err </dev/null
expect_status 0

t 'POS: an external-secrets store authenticated with a GCP key Secret'
cd "$K" && run nhi-collect k8s external-secrets__external-secrets__docs__snippets__gcpsm-sa-secret-store.yaml
expect_out <<'EOF'
{"kind":"workload","id":"k8s:default/demo/SecretStore/demo-store","system":"k8s","type":"k8s_secretstore","name":"demo-store","namespace":"demo","oidc":false,"uses":[{"ref":"secret:demo/gcp-sa-secret#secret-access-credentials","credential_type":"gcp_sa_key","provider":"gcp","static":true,"via":"credentials_file","line":12,"migratable_to":"gke_workload_identity"}],"source":{"collector":"k8s","file":"external-secrets__external-secrets__docs__snippets__gcpsm-sa-secret-store.yaml","line":1}}
EOF
expect_err </dev/null
expect_status 0

t 'NEG: an IRSA service account is an identity with a trust link, no workload'
cd "$K" && run nhi-collect k8s --cluster eks external-secrets__external-secrets__docs__snippets__vault-iam-store-sa.yaml
expect_out <<'EOF'
{"kind":"identity","id":"k8s:eks/sa/default/my-serviceaccount","system":"k8s","type":"k8s_service_account","name":"my-serviceaccount","namespace":"default","cluster":"eks","annotations":{"eks.amazonaws.com/role-arn":"arn:aws:iam::123456789012:role/my-irsa-enabled-role"},"source":{"collector":"k8s","file":"external-secrets__external-secrets__docs__snippets__vault-iam-store-sa.yaml","line":1}}
{"kind":"trust","identity":"k8s:eks/sa/default/my-serviceaccount","target":"aws:arn:aws:iam::123456789012:role/my-irsa-enabled-role","mechanism":"irsa","source":{"collector":"k8s","file":"external-secrets__external-secrets__docs__snippets__vault-iam-store-sa.yaml","line":5}}
EOF
expect_err </dev/null
expect_status 0

t 'EDGE: a service account without annotations; a commented-out key block gives nothing'
cd "$K" && run nhi-collect k8s kubernetes-sigs__aws-ebs-csi-driver__deploy__kubernetes__base__serviceaccount-csi-controller.yaml GoogleCloudPlatform__kubernetes-engine-samples__streaming__kafka-strimzi__manifests__07-backup-restore__my-connect-source.yaml
expect_out <<'EOF'
{"kind":"identity","id":"k8s:default/sa/default/ebs-csi-controller-sa","system":"k8s","type":"k8s_service_account","name":"ebs-csi-controller-sa","namespace":"default","cluster":"default","tags":{"app.kubernetes.io/name":"aws-ebs-csi-driver"},"automount_token":true,"source":{"collector":"k8s","file":"kubernetes-sigs__aws-ebs-csi-driver__deploy__kubernetes__base__serviceaccount-csi-controller.yaml","line":3}}
EOF
expect_err <<'EOF'
nhi-collect: k8s: skipped 1 object of type 'KafkaConnect' (not collected yet)
EOF
expect_status 0

t 'the bootstrap RoleBindings (a kind: List) give one policy per subject'
cd "$K" && run nhi-collect k8s k8s-bootstrap-namespace-role-bindings.yaml
expect_out_file "$K/bootstrap-bindings.out"
expect_err </dev/null
expect_status 0

t 'bad input: YAML errors, objects without kind, bad base64 never show the value'
cat >bad.yaml <<'EOF'
apiVersion: v1
kind: Secret
metadata: {name: s, namespace: n}
data:
  password: "not*base64*PLANTEDVALUE"
---
just: a map
---
kind: ServiceAccount
metadata: {namespace: n}
EOF
printf 'kind: Pod\nmetadata: [\n' >broken.yaml
run nhi-collect k8s bad.yaml broken.yaml
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: bad.yaml:1: Secret n/s: data.password is not base64
nhi-collect: bad.yaml:7: not a Kubernetes object (no "kind") at /1
nhi-collect: broken.yaml:3: invalid YAML: did not find expected node content while parsing a flow node at column 1
nhi-collect: bad.yaml:9: ServiceAccount without metadata.name
EOF
expect_status 3
expect_no_secret PLANTEDVALUE

t 'the options: --help, a missing --cluster argument, a bad cluster name'
run nhi-collect k8s --cluster
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: option '--cluster' needs an argument
usage: nhi-collect k8s [--cluster NAME] [OPTION...] [FILE...]
       nhi-collect k8s --live [--cluster NAME] [OPTION...]

Options:
      --cluster NAME    the cluster's name in ids (default: default)
      --live            list the objects from the API server (api.k8s, KUBE_TOKEN)
  -h, --help            print this help and exit
      --version         print the version and exit
  -o, --output FILE     write the records to FILE
      --config FILE     read the configuration from FILE
      --strict          stop at the first rejected record
      --rejects FILE    keep every rejected line in FILE
      --fail-on SEVERITY  exit 1 when a finding is this severe
      --now TIME        the time to judge ages against
      --max-record SIZE longest line accepted (default 64M)
EOF
expect_status 2

t 'a stream of JSON objects, one a line (jq -c .items[]): records carry lines'
cp "$K/stream.ndjson" .
printf '{"kind":"Pod",\n' >>stream.ndjson
run nhi-collect k8s stream.ndjson
expect_out_file "$K/stream.out"
expect_err <<'EOF'
nhi-collect: stream.ndjson:6: invalid JSON: string or '}' expected near end of file at column 0
EOF
expect_status 3
expect_no_secret plantedSecretKeyU8JZpDE0iGXlD6gNCFbaEPFj planted.sa.token.value

t 'an AWS credentials file in a Secret, named by AWS_SHARED_CREDENTIALS_FILE'
cp "$K/velero.yaml" .
run nhi-collect k8s velero.yaml
expect_out <<'EOF'
{"kind":"sighting","rule":"aws_secret_key_ctx","key_id":"AKIAQQQQQQQQQQQQ2345","fingerprint":"hmac-sha256:ea81e3b83b703a88","provider":"aws","type":"aws_secret_key","confidence":"high","location":{"type":"k8s_secret","path":"velero.yaml","line":7,"object":"secret:velero/cloud-credentials#cloud"},"source":{"collector":"k8s","file":"velero.yaml","line":7}}
{"kind":"workload","id":"k8s:default/velero/Deployment/velero","system":"k8s","type":"k8s_deployment","name":"velero","namespace":"velero","oidc":false,"service_account":"k8s:default/sa/velero/velero","uses":[{"ref":"secret:velero/cloud-credentials#cloud","name":"AWS_SHARED_CREDENTIALS_FILE","credential_type":"aws_access_key","provider":"aws","static":true,"via":"credentials_file","line":25,"migratable_to":"irsa"}],"source":{"collector":"k8s","file":"velero.yaml","line":12}}
EOF
expect_err </dev/null
expect_status 0
expect_no_secret veleroPlantedSecretKey

t 'the API round-trip fixtures (every field set): read whole, Secret data kept in'
cp -R "$K/api" .
run nhi-collect k8s api
expect_out_file "$K/api.out"
expect_err <<'EOF'
nhi-collect: api/rbac.authorization.k8s.io.v1.ClusterRoleBinding.json: ClusterRoleBinding nameValue: no usable roleRef
nhi-collect: api/rbac.authorization.k8s.io.v1.RoleBinding.json: RoleBinding nameValue: no usable roleRef
nhi-collect: k8s: skipped 1 object of type 'TokenRequest' (not collected yet)
EOF
expect_status 3
expect_no_secret stringDataValue

t 'a folder: its YAML and JSON files, not the rest; a file named is always read'
mkdir -p repo/deploy
cp "$K/velero.yaml" repo/deploy/
printf '# notes\nnot: [yaml\n' >repo/README.md
printf 'kind: ServiceAccount\nmetadata: {name: x}\n' >repo/sa.txt
run nhi-collect k8s repo repo/sa.txt
expect_out <<'EOF'
{"kind":"sighting","rule":"aws_secret_key_ctx","key_id":"AKIAQQQQQQQQQQQQ2345","fingerprint":"hmac-sha256:ea81e3b83b703a88","provider":"aws","type":"aws_secret_key","confidence":"high","location":{"type":"k8s_secret","path":"repo/deploy/velero.yaml","line":7,"object":"secret:velero/cloud-credentials#cloud"},"source":{"collector":"k8s","file":"repo/deploy/velero.yaml","line":7}}
{"kind":"workload","id":"k8s:default/velero/Deployment/velero","system":"k8s","type":"k8s_deployment","name":"velero","namespace":"velero","oidc":false,"service_account":"k8s:default/sa/velero/velero","uses":[{"ref":"secret:velero/cloud-credentials#cloud","name":"AWS_SHARED_CREDENTIALS_FILE","credential_type":"aws_access_key","provider":"aws","static":true,"via":"credentials_file","line":25,"migratable_to":"irsa"}],"source":{"collector":"k8s","file":"repo/deploy/velero.yaml","line":12}}
{"kind":"identity","id":"k8s:default/sa/default/x","system":"k8s","type":"k8s_service_account","name":"x","namespace":"default","cluster":"default","source":{"collector":"k8s","file":"repo/sa.txt","line":1}}
EOF
expect_err </dev/null
expect_status 0

done_testing
