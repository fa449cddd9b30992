# The Acme estate (examples/acme) and the demo pipeline (examples/demo.sh):
# the estate's files are valid and reproducible, and every stage of the
# demo gives exactly its golden file in tests/fixtures/demo/.
#
# Stages whose program is not built yet are listed in
# tests/fixtures/demo/missing.txt; once programs land, regenerate with
#   UPDATE=1 make check TESTS=1000-demo.t
# and read the diff: missing.txt shrinks, one NAME.ndjson per stage appears.
. "$TOP/tests/lib.sh"
ACME=$TOP/examples/acme
DEMO=$FIX/demo
# the programs as tests/lib.sh put them on PATH (valgrind wrappers too)
NHI_DEMO_KEEP_PATH=1
export NHI_DEMO_KEEP_PATH

# The secret values planted in the estate (all fake): none may come out.
SECRETS='PyU69zG1Wd29ZrOTieMw8Wj4u9BtlG/m7w79RxVd
gLNoCqkslLagMpv+CMDNXA3L38PRdFPrOXMqw4S9
qbLlaJNHBMxfEkC9bkbVPb2iAeuclRPdbDy4C3Tm
GoXC6LcBy2bHmQmXOSDoVTcbGntvfqWJxPWl1Y4A
ANzpGUBlUKJTvgp2NDDx75nMvIFWJPiYlC6sTeRV
QU56cEdVQmxVS0pUdmdwMk5ERHg3NW5NdklGV0pQaVlsQzZzVGVSVg==
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'
# and the signature of the legacy service-account token in the k8s Secret
SECRETS="$SECRETS $(jq -r '.items[] | select(.metadata.name == "ci-runner-token").data.token' \
	"$ACME/k8s/cluster.json" | base64 -d | cut -d. -f3)"

t 'every JSON file of the estate parses'
run_sh "cd '$ACME' && find . -name '*.json' | sort | while read -r f; do jq -e . \"\$f\" >/dev/null 2>&1 || echo \"\$f\"; done; find . -name '*.json' | wc -l"
expect_out <<'EOF'
24
EOF
expect_status 0

t 'every YAML file of the estate parses'
run_sh "cd '$ACME' && find . -name '*.yaml' -o -name '*.yml' | sort | while read -r f; do nhi-test-tool yaml \"\$f\" >/dev/null || echo \"\$f\"; done"
expect_out </dev/null
expect_err </dev/null
expect_status 0

t 'the k8s audit log is NDJSON, one audit.k8s.io/v1 event a line'
run_sh "jq -r '.apiVersion + \" \" + .kind' '$ACME/k8s/audit.ndjson' | sort | uniq -c"
expect_out <<'EOF'
    342 audit.k8s.io/v1 Event
EOF
expect_status 0

t 'nhi.yaml passes the configuration schema'
cd "$ACME" || exit 4
NHI_CONFIG=nhi.yaml run nhi-test-tool config
expect_out_file "$DEMO/config.out"
expect_err </dev/null
expect_status 0

t 'the credential report lists exactly the users of auth.json'
run_sh "cd '$ACME/aws' && { jq -r '.UserDetailList[].Arn' auth.json | sort; echo --; sed 1d credential-report.csv | cut -d, -f2 | grep ':user/' | sort; }"
expect_out <<'EOF'
arn:aws:iam::111122223333:user/backup-agent
arn:aws:iam::111122223333:user/breakglass-admin
arn:aws:iam::111122223333:user/ci-deploy
arn:aws:iam::111122223333:user/lena.okafor
arn:aws:iam::111122223333:user/migration-2022
arn:aws:iam::111122223333:user/payments-legacy
arn:aws:iam::111122223333:user/reporting-bot
--
arn:aws:iam::111122223333:user/backup-agent
arn:aws:iam::111122223333:user/breakglass-admin
arn:aws:iam::111122223333:user/ci-deploy
arn:aws:iam::111122223333:user/lena.okafor
arn:aws:iam::111122223333:user/migration-2022
arn:aws:iam::111122223333:user/payments-legacy
arn:aws:iam::111122223333:user/reporting-bot
EOF
expect_status 0

t 'gen-cloudtrail.sh writes the committed CloudTrail byte for byte'
run sh "$ACME/gen-cloudtrail.sh" ct
expect_out <<'EOF'
gen-cloudtrail: 3966 records in 112 files under ct/AWSLogs
EOF
expect_err </dev/null
expect_status 0
run diff -r ct/AWSLogs "$ACME/aws/cloudtrail/AWSLogs"
expect_out </dev/null
expect_status 0

t 'the CloudTrail files are named and shaped as CloudTrail delivers them'
run_sh "cd '$ACME/aws/cloudtrail' && find AWSLogs -type f | wc -l; find AWSLogs -mindepth 3 -maxdepth 3 | sort; find AWSLogs -type f | grep -cvE '^AWSLogs/111122223333/CloudTrail/(us-east-1|eu-west-1)/2026/11/(0[1-9]|1[0-4])/111122223333_CloudTrail_(us-east-1|eu-west-1)_202611[0-9]{2}T[0-9]{4}Z_[0-9A-Za-z]{16}\\.json\\.gz\$'; find AWSLogs -type f | sort | xargs zcat | jq -r '.Records | length' | awk '{ n += \$1 } END { print n }'"
expect_out <<'EOF'
112
AWSLogs/111122223333/CloudTrail/eu-west-1
AWSLogs/111122223333/CloudTrail/us-east-1
0
3966
EOF
expect_status 0

t 'make-infra-repo.sh gives the same commits on every machine'
run sh "$ACME/make-infra-repo.sh" infra
expect_status 0
run git -C infra log --format='%H %aI %an <%ae> %s'
expect_out_file "$DEMO/infra-log.out"
expect_status 0

t 'the leaked .env is gone from the tree but still in the history'
sh "$ACME/make-infra-repo.sh" infra 2>/dev/null
run_sh 'test -e infra/.env; echo "in tree: $?"; git -C infra log --format="%h %an %s" -- .env; git -C infra show HEAD~9:.env | grep -c "^AWS_ACCESS_KEY_ID=AKIA[A-Z2-7]\{16\}$"'
expect_out <<'EOF'
in tree: 1
07e0b66 Tom Becker remove .env (committed by mistake), ignore it
dd3337c Jane Roe local: env for running the deploy by hand
1
EOF
expect_status 0

t 'the GitHub token in the MCP config carries a valid CRC32 checksum'
# gzip stores the CRC32 of its input in the trailer (little-endian).
run_sh "tok=\$(jq -r '.mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN' \"$ACME/mcp/Users/tom/Library/Application Support/Claude/claude_desktop_config.json\");
body=\$(printf %s \"\$tok\" | cut -c5-34); sum=\$(printf %s \"\$tok\" | cut -c35-);
crc=\$(printf %s \"\$body\" | gzip -n | tail -c 8 | head -c 4 | od -An -tu4 | tr -d ' ');
b62=\$(awk -v n=\"\$crc\" 'BEGIN { a = \"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\"; s = \"\";
	while (n > 0) { s = substr(a, n % 62 + 1, 1) s; n = int(n / 62) } while (length(s) < 6) s = \"0\" s; print s }');
echo \"\${#tok} \$([ \"\$b62\" = \"\$sum\" ] && echo checksum-ok || echo checksum-bad)\""
expect_out <<'EOF'
40 checksum-ok
EOF
expect_status 0

t 'the AWS key ids in the estate encode account 111122223333'
# bits 7..46 of the base32-decoded id after AKIA are the account
run_sh "cat '$ACME'/aws/access-keys/*.json | jq -r '.AccessKeyMetadata[].AccessKeyId' | while read -r k; do
	printf '%s' \"\$k\" | cut -c5-14 | awk '{ a = \"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567\"; v = 0;
		for (i = 1; i <= 10; i++) v = v * 32 + index(a, substr(\$0, i, 1)) - 1;
		z = int(v / 4); printf \"%.0f\\n\", int((z % 140737488355328) / 128) }'; done | sort | uniq -c"
expect_out <<'EOF'
      6 111122223333
EOF
expect_status 0

t 'demo.sh names every stage that is not built yet'
run sh "$TOP/examples/demo.sh" --missing
expect_out_file "$DEMO/missing.txt"
expect_err </dev/null
expect_status 0

t 'demo.sh refuses to run with a stage missing, and says which'
run sh "$TOP/examples/demo.sh" -q -o demo-out
if [ -s "$DEMO/missing.txt" ]; then
	{ echo 'demo.sh: these stages are not built yet (run make first):'; sed 's/^/  /' "$DEMO/missing.txt"; } >want.err
	expect_err <want.err
	expect_status 1
else
	# every stage built: what the programs report about the estate
	expect_err_file "$DEMO/full.err"
	expect_status 0
fi
run test -e demo-out/collect
expect_status "$([ -s "$DEMO/missing.txt" ] && echo 1 || echo 0)"

t 'demo.sh never empties a folder it did not make'
mkdir mine
echo keep >mine/notes
run sh "$TOP/examples/demo.sh" --partial -q -o mine
expect_out </dev/null
expect_err <<'EOF'
demo.sh: mine: not empty and not a demo output; choose another -o
EOF
expect_status 2
run cat mine/notes
expect_out <<'EOF'
keep
EOF

t 'demo.sh --partial runs what is built: the summary'
DEMO_OUT=$T/demo-out
run sh "$TOP/examples/demo.sh" --partial -o demo-out
expect_out_file "$DEMO/summary.out"
expect_err_file "$DEMO/summary.err"
expect_status "$([ -s "$DEMO/missing.txt" ] && echo 1 || echo 0)"
cat demo-out/collect/*.ndjson demo-out/*.ndjson >extra.all 2>/dev/null
# shellcheck disable=SC2086 # one word per secret
expect_no_secret $SECRETS

# One case per stage, in pipeline order.  A stage runs when its program
# and every analysis stage before it are built; one that did not run has
# neither output nor golden file.  Event and usage records (thousands, and
# passed through unchanged after collect) are kept out of the golden files:
# the first 20 stand for them, with their count and cksum.
# The checkout's own path (a config file named in evidence) reads "$TOP".
view() {
	sed "s|$TOP|\$TOP|g" "$1" >viewed
	grep -v -E '^\{"kind":"(event|usage)"' viewed
	grep -E '^\{"kind":"(event|usage)"' viewed >bulk
	head -20 bulk
	echo "# $(wc -l <bulk | tr -d ' ') event and usage records, cksum $(cksum <bulk | cut -d' ' -f1)"
}
# (collect/cloudtrail-events is the raw events nhi-rightsize reads.)
for stage in collect/aws-iam collect/aws-credential-report collect/aws-access-keys \
	collect/cloudtrail collect/cloudtrail-events collect/k8s collect/k8s-audit \
	collect/okta-users collect/okta-groups collect/people-csv collect/terraform \
	collect/codeowners collect/backstage collect/git-history collect/secrets \
	collect/gha collect/mcp collect/github-org collect/github-infra \
	lineage attribute rightsize migrate deprov; do
	t "demo stage $stage"
	golden=$DEMO/$(echo "$stage" | tr / -).ndjson
	if [ -e "$DEMO_OUT/$stage.ndjson" ] || [ -e "$golden" ]; then
		run view "$DEMO_OUT/$stage.ndjson"
		expect_out_file "$golden"
		expect_err </dev/null
	else
		run test -e "$DEMO_OUT/$stage.err"
		expect_status 1
	fi
done

done_testing
