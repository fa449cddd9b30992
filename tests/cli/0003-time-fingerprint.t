# Times in every export shape, durations, and keyed fingerprints.
. "$TOP/tests/lib.sh"

t 'times in the shapes official exports write come out as RFC 3339 UTC'
run nhi-test-tool time 2026-03-01T12:00:00Z '2023-03-09 10:41:45+00:00' \
	2023-03-09T10:41:45.1234567Z 2023-03-09T12:41:45.123456789+02:00 \
	1700000000 1700000000123 2022-01-05 N/A no_information not_supported \
	9999-12-31T23:59:59Z 'next tuesday'
expect_out <<'EOF'
2026-03-01T12:00:00Z
2023-03-09T10:41:45Z
2023-03-09T10:41:45Z
2023-03-09T10:41:45Z
2023-11-14T22:13:20Z
2023-11-14T22:13:20Z
2022-01-05T00:00:00Z
-
-
-
9999-12-31T23:59:59Z
-
EOF
expect_status 0

t 'durations: days, hours, minutes; anything else is refused with a reason'
run nhi-test-tool duration 90d 12h 30m 2w 90 1y -1d
expect_out <<'EOF'
7776000
43200
1800
1209600
not a duration (use 90d, 12h, 30m)
not a duration (use 90d, 12h, 30m)
not a duration (use 90d, 12h, 30m)
EOF
expect_status 0

t '--now takes a time; a bad one is a usage error'
run nhi-test-tool --now yesterday time x
expect_err <<'EOF'
nhi-test-tool: --now: not a time: 'yesterday'
usage: nhi-test-tool [OPTION...] COMMAND [ARG...]
commands: ndjson-cat time duration fingerprint yaml config data shell-quote
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

t 'the fingerprint is HMAC-SHA256 under $NHI_FINGERPRINT_KEY, a prefix in hex'
printf 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz' | run nhi-test-tool fingerprint
want=$(printf 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz' | openssl dgst -sha256 -hmac "$NHI_FINGERPRINT_KEY" | sed 's/.*= //' | cut -c1-16)
echo "hmac-sha256:$want" >want
expect_same want "$T/out"
expect_no_secret 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz'
expect_status 0

t 'without $NHI_FINGERPRINT_KEY a 0600 key file is made once and reused'
printf 'secret' | NHI_FINGERPRINT_KEY= XDG_CONFIG_HOME=$T/cfg run nhi-test-tool fingerprint
cp "$T/out" first
printf 'secret' | NHI_FINGERPRINT_KEY= XDG_CONFIG_HOME=$T/cfg run nhi-test-tool fingerprint
expect_same first "$T/out"
expect_status 0
mode=$(stat -c %a "$T/cfg/nhi/fingerprint.key")
expect_true "key file mode is 600, not $mode" test "$mode" = 600

t 'a key file readable by others is refused'
mkdir -p cfg/nhi
echo 0123456789abcdef >cfg/nhi/fingerprint.key
chmod 644 cfg/nhi/fingerprint.key
printf 'secret' | NHI_FINGERPRINT_KEY= XDG_CONFIG_HOME=$T/cfg run nhi-test-tool fingerprint
expect_out </dev/null
expect_err <<EOF
nhi-test-tool: $T/cfg/nhi/fingerprint.key: fingerprint key is readable by others (chmod 600 it)
EOF
expect_status 4

t 'shell quoting survives quotes, substitutions, newlines and leading dashes'
run nhi-test-tool shell-quote "it's" '$(rm -rf /)' '`id`' "a
b" --force
expect_out <<'EOF'
'it'\''s'
'$(rm -rf /)'
'`id`'
'a
b'
'--force'
EOF
expect_status 0

t 'data files are found through $NHI_DATA_DIR'
run nhi-test-tool data aws-iam-actions.ndjson nosuch
expect_out <<'EOF'
found
missing
EOF
expect_status 0

done_testing
