# Zero knowledge: secret values planted in every kind of input never
# appear in any output or diagnostic, on good input, malformed input and
# under --strict.
. "$TOP/tests/lib.sh"

planted=$(cat "$FIX/secrets/planted")
GH=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
NPMT=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
AWSS=8sdf7Gh2KLm9PqR4tUv1Wx3Yz5Ab7Cd9Ef1Gh3Jk
PW=Leak-Pa55w0rd-4417zQ

t 'env, rc, aws credentials, docker config, kubeconfig, npmrc, pypirc, tfvars, notebook'
run nhi-collect secrets "$FIX/secrets/formats"
expect_status 0
expect_true 'sightings were written' grep -q '"kind":"sighting"' "$T/out"
expect_no_secret $planted

t 'the same files, malformed (cut short), with and without --strict'
for f in "$FIX"/secrets/formats/* "$FIX"/secrets/formats/.??*; do
	b=$(basename "$f")
	head -c $(($(wc -c <"$f") / 2 + 7)) "$f" >"cut-$b"
done
run nhi-collect secrets cut-* cut-.env cut-.npmrc cut-.pypirc
cp "$T/out" "$T/extra-1"; cp "$T/err" "$T/extra-2"
run nhi-collect secrets --strict cut-* cut-.env
expect_no_secret $planted

t 'a workflow and a GitLab file with literal secrets, valid and broken'
cat >wf.yml <<EOF
on: push
env:
  GITHUB_TOKEN: $GH
jobs:
  a:
    runs-on: x
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: AKIAQYLPMN5HHHFPZAM2
          aws-secret-access-key: $AWSS
      - run: echo
        env:
          DB_PASSWORD: $PW
EOF
printf 'jobs:\n  a: {steps: [{env: {NPM_TOKEN: %s, P: [%s\n' "$NPMT" "$PW" >broken.yml
printf 'variables:\n  DEPLOY_PASSWORD: "%s"\njob:\n  script: [echo]\n' "$PW" >.gitlab-ci.yml
run nhi-collect gha wf.yml broken.yml .gitlab-ci.yml
cp "$T/out" "$T/extra-1"; cp "$T/err" "$T/extra-2"
run nhi-collect gha --strict broken.yml wf.yml
expect_status 3
expect_true 'sightings were written' grep -q '"kind":"sighting"' "$T/extra-1"
expect_true 'the broken file was named' grep -q 'broken.yml' "$T/err"
expect_no_secret "$GH" "$AWSS" "$PW" "$NPMT"

t 'MCP configurations: env, args, headers, url; valid, JSONC and broken'
cat >mcp.json <<EOF
{"mcpServers": {
  "a": {"command": "npx", "args": ["-y", "x", "--token", "$GH", "--api-key=$NPMT"],
        "env": {"AWS_SECRET_ACCESS_KEY": "$AWSS", "DB_PASSWORD": "$PW"}},
  "b": {"url": "https://u:$PW@mcp.example/sse?token=$GH", "headers": {"Authorization": "Bearer $GH"}}
}}
EOF
printf '{"mcpServers": {"a": {"env": {"K": %s}}}}\n' "$GH" >broken1.json
printf '{"mcpServers": {"a": {"env": {"K": "%s", }}, // c\n' "$PW" >broken2.json
run nhi-collect mcp --host h mcp.json broken1.json broken2.json
cp "$T/out" "$T/extra-1"; cp "$T/err" "$T/extra-2"
run nhi-collect mcp --strict --host h broken1.json mcp.json
expect_status 3
expect_true 'sightings were written' grep -q '"kind":"sighting"' "$T/extra-1"
expect_true 'the broken file was named' grep -q 'broken1.json' "$T/err"
expect_no_secret "$GH" "$AWSS" "$PW" "$NPMT" p4ss

t 'git history: a secret committed then deleted'
export GIT_AUTHOR_NAME=J GIT_AUTHOR_EMAIL=j@x GIT_COMMITTER_NAME=J GIT_COMMITTER_EMAIL=j@x
mkdir r && cd r && git init -q .
cp "$FIX"/secrets/formats/credentials "$FIX"/secrets/formats/.env "$FIX"/secrets/formats/config.json .
printf 'password = "%s"\n' "$PW" >app.ini
git add -A && git commit -qm add && git rm -q -r . && git commit -qm gone
cd ..
run nhi-collect secrets --git r
expect_status 0
expect_true 'sightings were written' grep -q '"type":"git"' "$T/out"
expect_no_secret $planted "$PW"

done_testing
