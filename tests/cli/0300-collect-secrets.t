# nhi-collect secrets: files, trees and git history; one sighting per
# secret with its rule, public key id and fingerprint, never the value.
. "$TOP/tests/lib.sh"

t 'the labelled scanner samples give the sightings in the golden file'
run_sh "cd '$FIX/secrets' && nhi-collect secrets samples"
expect_out_file "$FIX/secrets/samples.out"
expect_err </dev/null
expect_status 0

t 'env, rc, aws credentials, docker config, kubeconfig, npmrc, pypirc, tfvars and a notebook'
run_sh "cd '$FIX/secrets' && nhi-collect secrets formats"
expect_out_file "$FIX/secrets/formats.out"
expect_err </dev/null
expect_status 0
expect_no_secret $(cat "$FIX/secrets/planted")

t 'an AWS key id and its secret are one sighting with the key id'
run nhi-collect secrets <<'EOF'
[default]
aws_access_key_id = AKIAQYLPMN5HHHFPZAM2
aws_secret_access_key = 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
EOF
expect_out <<'EOF'
{"kind":"sighting","rule":"aws_secret_key_ctx","key_id":"AKIAQYLPMN5HHHFPZAM2","fingerprint":"hmac-sha256:1defdb18618ab1f5","provider":"aws","type":"aws_secret_key","confidence":"high","location":{"type":"file","path":"<stdin>","line":3,"column":25},"source":{"collector":"secrets","file":"<stdin>","line":3}}
EOF
expect_err </dev/null
expect_status 0
expect_no_secret 8sdf7Gh2KLm9PqR4tUv1Wx3Yz5Ab7Cd9Ef1Gh3Jk

t 'placeholders, templating, documentation keys and allowlist pragmas are not secrets'
run nhi-collect secrets <<'EOF'
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
token: ${{ secrets.DEPLOY_TOKEN }}
password = ${DB_PASSWORD}
api_key = "<your api key>"
API_TOKEN=your_token_here
password: changeme
secret = "xxxxxxxxxxxxxxxxxxxxxxxx"
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 # pragma: allowlist secret
ghp_Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IM
password = os.environ["DB_PASSWORD"]
EOF
expect_out </dev/null
expect_err </dev/null
expect_status 0

t 'a GitHub token needs its CRC32 checksum; JWTs need a JSON header with alg'
run nhi-collect secrets <<'EOF'
good 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
bad  ghp_Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IX
jwt  eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJlc2lnbmF0dXJl
nojwt eyJmb28iOiJiYXIifQ.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJlc2lnbmF0dXJl
EOF
expect_out <<'EOF'
{"kind":"sighting","rule":"github_classic","fingerprint":"hmac-sha256:1e0f489d4aaaad29","provider":"github","type":"github_pat","confidence":"high","location":{"type":"file","path":"<stdin>","line":1,"column":6},"source":{"collector":"secrets","file":"<stdin>","line":1}}
{"kind":"sighting","rule":"jwt","fingerprint":"hmac-sha256:1c03fadc2584cc68","type":"jwt","confidence":"high","location":{"type":"file","path":"<stdin>","line":3,"column":6},"source":{"collector":"secrets","file":"<stdin>","line":3}}
EOF
expect_status 0

t 'a tree: .nhiignore, binaries, links out of the tree and .git are skipped'
mkdir -p tree/vendor tree/src tree/.git outside
printf 'export GITHUB_TOKEN=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\n' >tree/src/a.sh
cp tree/src/a.sh tree/vendor/b.sh
cp tree/src/a.sh tree/.git/config
cp tree/src/a.sh tree/src/c.log
cp tree/src/a.sh outside/d.sh
ln -s ../../outside/d.sh tree/src/link.sh
printf 'bin\000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\n' >tree/src/e.bin
printf '# ignore\nvendor/\n*.log\n' >tree/.nhiignore
run nhi-collect secrets tree
expect_out <<'EOF'
{"kind":"sighting","rule":"github_classic","fingerprint":"hmac-sha256:1e0f489d4aaaad29","provider":"github","type":"github_pat","confidence":"high","location":{"type":"file","path":"tree/src/a.sh","line":1,"column":21},"source":{"collector":"secrets","file":"tree/src/a.sh","line":1}}
EOF
expect_err </dev/null
expect_status 0

t 'a text file over --max-size is reported, the rest goes on'
awk 'BEGIN { for (i = 0; i < 2000; i++) print "line " i }' >big.txt
printf 'npm_token=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\n' >small.txt
run nhi-collect secrets --max-size 1k big.txt small.txt
expect_out <<'EOF'
{"kind":"sighting","rule":"npm","fingerprint":"hmac-sha256:d1253f71ef34a860","provider":"npm","type":"package_token","confidence":"high","location":{"type":"file","path":"small.txt","line":1,"column":11},"source":{"collector":"secrets","file":"small.txt","line":1}}
EOF
expect_err <<'EOF'
nhi-collect: big.txt: skipped: larger than 1024 bytes (--max-size)
EOF
expect_status 3

t 'git history: each blob once, with the commit, author and time that added it'
export GIT_AUTHOR_NAME=Jane GIT_AUTHOR_EMAIL=jane@acme.example GIT_COMMITTER_NAME=Jane GIT_COMMITTER_EMAIL=jane@acme.example
mkdir repo && cd repo && git init -q -b main .
printf 'AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2\nAWS_SECRET_ACCESS_KEY=8sdf7Gh2KLm9PqR4tUv1Wx3Yz5Ab7Cd9Ef1Gh3Jk\n' >.env
git add .env && GIT_AUTHOR_DATE=2022-03-02T10:00:00Z GIT_COMMITTER_DATE=2022-03-02T10:00:00Z git commit -qm add
git rm -q .env && printf 'clean\n' >README && git add README
GIT_AUTHOR_DATE=2022-03-03T10:00:00Z GIT_COMMITTER_DATE=2022-03-03T10:00:00Z git commit -qm remove
git checkout -q -b side HEAD~1 && printf 'x\n' >>.env && git commit -qam again --date=2022-03-04T10:00:00Z
cd ..
run nhi-collect secrets --git --repo acme/infra repo
cat >"$T/expected.out" <<'EOF'
{"kind":"sighting","rule":"aws_secret_key_ctx","key_id":"AKIAQYLPMN5HHHFPZAM2","fingerprint":"hmac-sha256:1defdb18618ab1f5","provider":"aws","type":"aws_secret_key","confidence":"high","location":{"type":"git","path":".env","line":2,"column":23,"repo":"acme/infra","commit":"COMMIT1","author":"jane@acme.example","time":"2022-03-02T10:00:00Z"},"source":{"collector":"secrets","file":".env","line":2}}
{"kind":"sighting","rule":"aws_secret_key_ctx","key_id":"AKIAQYLPMN5HHHFPZAM2","fingerprint":"hmac-sha256:1defdb18618ab1f5","provider":"aws","type":"aws_secret_key","confidence":"high","location":{"type":"git","path":".env","line":2,"column":23,"repo":"acme/infra","commit":"COMMIT3","author":"jane@acme.example","time":"2022-03-04T10:00:00Z"},"source":{"collector":"secrets","file":".env","line":2}}
EOF
sed -i "s/COMMIT1/$(git -C repo rev-parse main~1)/; s/COMMIT3/$(git -C repo rev-parse side)/" "$T/expected.out"
_compare stdout "$T/expected.out" "$T/out"
expect_err </dev/null
expect_status 0
expect_no_secret 8sdf7Gh2KLm9PqR4tUv1Wx3Yz5Ab7Cd9Ef1Gh3Jk

t '--git on a folder that is not a repository is a system error'
mkdir plain
run nhi-collect secrets --git plain
expect_out </dev/null
expect_err <<'EOF'
nhi-collect: plain: not a git repository, or git log failed (status 128)
EOF
expect_status 4

t 'a missing file is a system error; the others are scanned'
printf 'k = "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"\n' >one
run nhi-collect secrets nope one
expect_out <<'EOF'
{"kind":"sighting","rule":"github_classic","fingerprint":"hmac-sha256:1e0f489d4aaaad29","provider":"github","type":"github_pat","confidence":"high","location":{"type":"file","path":"one","line":1,"column":6},"source":{"collector":"secrets","file":"one","line":1}}
EOF
expect_err <<'EOF'
nhi-collect: nope: No such file or directory
EOF
expect_status 4

t 'a bad --max-size is a usage error'
run nhi-collect secrets --max-size lots x
expect_out </dev/null
expect_status 2

t 'a folder named through a link on the command line is walked'
mkdir real && printf 'k = "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"\n' >real/a && ln -s real link
run nhi-collect secrets link
expect_out <<'EOF'
{"kind":"sighting","rule":"github_classic","fingerprint":"hmac-sha256:1e0f489d4aaaad29","provider":"github","type":"github_pat","confidence":"high","location":{"type":"file","path":"link/a","line":1,"column":6},"source":{"collector":"secrets","file":"link/a","line":1}}
EOF
expect_status 0

t '--help lists the options of the man page'
run nhi-collect secrets --help
expect_out <<'EOF'
usage: nhi-collect secrets [OPTION...] [PATH...]
       nhi-collect secrets --git [OPTION...] REPOSITORY...

Options:
      --git             scan every blob in the history of each repository
      --repo NAME       the repository name to write (default: the path)
      --max-size SIZE   largest file scanned (default 10M)
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
expect_err </dev/null
expect_status 0

t 'the same input gives the same bytes'
(cd "$FIX/secrets" && nhi-collect secrets formats samples) >a
(cd "$FIX/secrets" && nhi-collect secrets formats samples) >b
expect_same a b

done_testing
