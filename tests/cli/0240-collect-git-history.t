# nhi-collect git-history: who created and who last changed each Terraform
# block, Kubernetes object and workflow of a repository, from git log.
. "$TOP/tests/lib.sh"

# commit WHO DATE MESSAGE: commit everything as WHO@acme.example at DATE.
commit() {
	git -C repo add -A &&
	GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$1@Acme.example GIT_AUTHOR_DATE=$2 \
	GIT_COMMITTER_NAME=$1 GIT_COMMITTER_EMAIL=$1@acme.example GIT_COMMITTER_DATE=$2 \
		git -C repo -c commit.gpgsign=false commit -q -m "$3"
}

make_repo() {
	git init -q repo && mkdir -p repo/k8s repo/.github/workflows &&
	cat >repo/main.tf <<'EOF' &&
resource "aws_iam_role" "a" {
  name = "a"
}

resource "aws_iam_user" "u" {
  name = "u"
}

module "net" {
  source = "./net"
}
EOF
	cat >repo/k8s/app.yaml <<'EOF' &&
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: pay}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: pay}
spec: {replicas: 1}
EOF
	printf 'on: push\njobs: {}\n' >repo/.github/workflows/deploy.yml &&
	printf 'hello\n' >repo/README &&
	commit alice 2025-01-01T10:00:00Z 'first' &&
	sed -i 's/name = "u"/name = "u2"/' repo/main.tf &&
	printf '\nresource "aws_iam_policy" "p" {\n  name = "p"\n}\n' >>repo/main.tf &&
	sed -i 's/replicas: 1/replicas: 2/' repo/k8s/app.yaml &&
	commit bob 2025-02-01T10:00:00Z 'second' &&
	sed -i '1,4d' repo/main.tf &&
	rm repo/.github/workflows/deploy.yml &&
	printf -- '---\napiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: pay}\n' >>repo/k8s/app.yaml &&
	commit carol 2025-03-01T10:00:00Z 'third'
}

t 'creators and last changers of blocks, objects and workflows'
make_repo >/dev/null 2>&1
run nhi-collect git-history --repo acme/infra repo
expect_out_file "$FIX/iac/git-history.out"
expect_err </dev/null
expect_status 0

t 'only the paths asked for'
make_repo >/dev/null 2>&1
run nhi-collect git-history --repo acme/infra repo k8s
expect_out_file "$FIX/iac/git-history-k8s.out"
expect_err </dev/null
expect_status 0

t 'not a repository; a path that looks like a git option is only a path'
mkdir plain
run nhi-collect git-history plain
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: plain: git log failed (exit status 128): not a git repository?
EOF
expect_status 4
make_repo >/dev/null 2>&1
run nhi-collect git-history repo -- --all '$(touch pwned)'
expect_out </dev/null
expect_err </dev/null
expect_status 0
expect_true 'no shell ran' test ! -e pwned -a ! -e repo/pwned

t 'a GitHub private address is the login, to join with CODEOWNERS'
git init -q gh && printf 'resource "aws_iam_role" "r" {\n}\n' >gh/main.tf && git -C gh add -A &&
GIT_AUTHOR_NAME=o GIT_AUTHOR_EMAIL=123+octo@users.noreply.github.com GIT_AUTHOR_DATE=2025-01-01T00:00:00Z \
GIT_COMMITTER_NAME=o GIT_COMMITTER_EMAIL=o@x GIT_COMMITTER_DATE=2025-01-01T00:00:00Z \
	git -C gh -c commit.gpgsign=false commit -q -m one
run_sh 'nhi-collect git-history --repo acme/gh gh | jq -r .person'
expect_out <<'EOF'
@octo
EOF
expect_status 0

done_testing
