# nhi-collect gha: one workload per CI job with the credentials it is
# handed (static or federated); literal secrets in the YAML are sightings.
. "$TOP/tests/lib.sh"

t 'the real workflows give the workloads in the golden file'
run_sh "cd '$FIX/gha' && nhi-collect gha *.yml"
expect_out_file "$FIX/gha/samples.out"
expect_err </dev/null
expect_status 0

t 'env at three levels, login actions, a checkout PAT, a run script, OIDC, and GitLab CI'
run_sh "cd '$FIX/gha' && nhi-collect gha --repo acme/site own/deploy.yml own/.gitlab-ci.yml"
expect_out_file "$FIX/gha/own.out"
expect_err </dev/null
expect_status 0
expect_no_secret xoxb-2754190336-4812938823-Qw8Rt2Yp5Lk7Jh3Gf6Ds9Az1 Gl-Pr0d-Pa55w0rd-7731

t 'a repository folder: its .github/workflows, the repo from the origin remote'
mkdir -p repo/.git repo/.github/workflows
printf '[remote "origin"]\n\turl = git@github.com:acme/infra.git\n' >repo/.git/config
cat >repo/.github/workflows/ci.yml <<'EOF'
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          username: ${{ secrets.DOCKERHUB_USERNAME }}
          password: ${{ secrets.DOCKERHUB_TOKEN }}
EOF
printf 'not: a workflow\n' >repo/notes.yml
run nhi-collect gha repo
expect_out <<'EOF'
{"kind":"workload","id":"github:acme/infra/.github/workflows/ci.yml#build","system":"github","type":"gha_job","name":"build","repo":"acme/infra","path":".github/workflows/ci.yml","triggers":["push"],"oidc":false,"uses":[{"ref":"secrets.DOCKERHUB_TOKEN","name":"password","credential_type":"registry_token","provider":"dockerhub","static":true,"via":"with","step":"docker/login-action@v3","line":9}],"source":{"collector":"gha","file":"repo/.github/workflows/ci.yml","line":3}}
EOF
expect_err </dev/null
expect_status 0

t 'invalid YAML and a file that is not a workflow are rejected; the rest goes on'
printf 'jobs: [\n' >bad.yml
printf 'just: text\n' >other.yml
printf 'on: push\njobs:\n  a:\n    runs-on: x\n' >good.yml
run nhi-collect gha bad.yml other.yml good.yml
expect_out <<'EOF'
{"kind":"workload","id":"github:good.yml#a","system":"github","type":"gha_job","name":"a","path":"good.yml","triggers":["push"],"oidc":false,"uses":[],"source":{"collector":"gha","file":"good.yml","line":3}}
EOF
expect_err <<'EOF'
nhi-collect: bad.yml:2: invalid YAML: did not find expected node content while parsing a flow node at column 1
nhi-collect: other.yml: not a workflow: no "jobs" mapping
EOF
expect_status 3

t '--strict stops at the first rejected file'
printf 'jobs: [\n' >bad.yml
printf 'on: push\njobs:\n  a:\n    runs-on: x\n' >good.yml
run nhi-collect gha --strict bad.yml good.yml
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: bad.yml:2: invalid YAML: did not find expected node content while parsing a flow node at column 1
nhi-collect: stopping at the first rejected input (--strict)
EOF
expect_status 3

done_testing
