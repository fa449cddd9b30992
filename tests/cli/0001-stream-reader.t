# The record reader: every bad line is named with its number, every good
# line around it comes out, the exit status says so.
. "$TOP/tests/lib.sh"

t 'valid records come out compact, kind first, keys in order'
run nhi-test-tool ndjson-cat <<'EOF'
{ "kind" : "identity", "id": "a", "z": 1, "b": [1, 2] }
{"id":"b","kind":"person"}
EOF
expect_out <<'EOF'
{"kind":"identity","id":"a","z":1,"b":[1,2]}
{"kind":"person","id":"b"}
EOF
expect_err </dev/null
expect_status 0

t 'a record whose kind is not consumed passes byte for byte'
run nhi-test-tool ndjson-cat <<'EOF'
{"kind":"raw", "spacing" :  "kept" ,"x":[ 1 ]}
EOF
expect_out <<'EOF'
{"kind":"raw", "spacing" :  "kept" ,"x":[ 1 ]}
EOF
expect_status 0

t 'invalid JSON, a non-object, a missing or empty kind are each rejected and the rest goes on'
run nhi-test-tool ndjson-cat <<'EOF'
{"kind":"a"}
not json
[1,2]
{"id":"x"}
{"kind":""}
{"kind":5}
{"kind":"b"}
EOF
expect_out <<'EOF'
{"kind":"a"}
{"kind":"b"}
EOF
expect_err <<'EOF'
nhi-test-tool: <stdin>:2: invalid JSON: '[' or '{' expected at column 3
nhi-test-tool: <stdin>:3: not a JSON object
nhi-test-tool: <stdin>:4: record has no "kind"
nhi-test-tool: <stdin>:5: "kind" is not a non-empty string
nhi-test-tool: <stdin>:6: "kind" is not a non-empty string
EOF
expect_status 3

t 'invalid UTF-8 and NUL bytes are rejected with their line'
printf '{"kind":"a","s":"\377"}\n{"kind":"b","s":"x\000y"}\n{"kind":"c"}\n' >in
run nhi-test-tool ndjson-cat in
expect_out <<'EOF'
{"kind":"c"}
EOF
expect_err <<'EOF'
nhi-test-tool: in:1: invalid UTF-8 at column 17
nhi-test-tool: in:2: NUL byte at column 19
EOF
expect_status 3

t '10000-deep nesting is rejected, not a crash'
awk 'BEGIN { s = "{\"kind\":\"deep\",\"x\":"; for (i = 0; i < 10000; i++) s = s "["; for (i = 0; i < 10000; i++) s = s "]"; print s "}"; print "{\"kind\":\"after\"}" }' >in
run nhi-test-tool ndjson-cat in
expect_out <<'EOF'
{"kind":"after"}
EOF
expect_err <<'EOF'
nhi-test-tool: in:1: nesting deeper than 512 at column 531
EOF
expect_status 3

t 'CRLF line ends, a byte-order mark, blank lines and no final newline are all fine'
printf '\357\273\277{"kind":"a"}\r\n\r\n   \n{"kind":"b"}' >in
run nhi-test-tool ndjson-cat in
expect_out <<'EOF'
{"kind":"a"}
{"kind":"b"}
EOF
expect_err </dev/null
expect_status 0

t 'an empty file gives nothing and status 0'
: >in
run nhi-test-tool ndjson-cat in
expect_out </dev/null
expect_err </dev/null
expect_status 0

t 'a line over --max-record is rejected, streamed to --rejects, memory bounded'
awk 'BEGIN { s = "{\"kind\":\"big\",\"x\":\""; for (i = 0; i < 200; i++) s = s "aaaaaaaaaa"; print s "\"}"; print "{\"kind\":\"small\"}" }' >in
run nhi-test-tool --max-record 1k --rejects rej ndjson-cat in
expect_out <<'EOF'
{"kind":"small"}
EOF
expect_err <<'EOF'
nhi-test-tool: in:1: line longer than 1024 bytes (--max-record)
EOF
expect_status 3
head -n 1 in >in.first
expect_same in.first rej

t 'a 100 MB line is rejected at the default limit and the next line survives'
awk 'BEGIN { printf "{\"kind\":\"huge\",\"x\":\""; s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; for (i = 0; i < 1048576; i++) printf "%s", s; print "\"}"; print "{\"kind\":\"next\"}" }' >in
run nhi-test-tool ndjson-cat in
expect_out <<'EOF'
{"kind":"next"}
EOF
expect_err <<'EOF'
nhi-test-tool: in:1: line longer than 67108864 bytes (--max-record)
EOF
expect_status 3
rm -f in

t '--strict stops at the first rejected line, keeping what came before'
run nhi-test-tool --strict ndjson-cat <<'EOF'
{"kind":"a"}
oops
{"kind":"b"}
EOF
expect_out <<'EOF'
{"kind":"a"}
EOF
expect_err <<'EOF'
nhi-test-tool: <stdin>:2: invalid JSON: '[' or '{' expected at column 4
nhi-test-tool: stopping at the first rejected record (--strict)
EOF
expect_status 3

t '--rejects keeps each rejected line verbatim'
run nhi-test-tool --rejects rej ndjson-cat <<'EOF'
{"kind":"a"}
bad one
{"kind":"b"
EOF
expect_status 3
printf 'bad one\n{"kind":"b"\n' >want
expect_same want rej

t 'gzip input is read by its magic bytes, several files in order with their own line numbers'
printf '{"kind":"a"}\n{"kind":"b"}\n' | gzip >one.gz
printf '{"kind":"c"}\nbad\n' >two
run nhi-test-tool ndjson-cat one.gz two
expect_out <<'EOF'
{"kind":"a"}
{"kind":"b"}
{"kind":"c"}
EOF
expect_err <<'EOF'
nhi-test-tool: two:2: invalid JSON: '[' or '{' expected at column 3
EOF
expect_status 3

t 'a truncated gzip file keeps its complete lines and names the damage'
awk 'BEGIN { for (i = 0; i < 20000; i++) print "{\"kind\":\"n\",\"i\":" i "}" }' | gzip >full.gz
head -c 20000 full.gz >cut.gz
run nhi-test-tool ndjson-cat cut.gz
expect_status 3
tail -n 1 "$T/err" | sed 's/:[0-9]*:/:N:/' >lasterr
printf 'nhi-test-tool: cut.gz:N: truncated gzip input\n' >want
expect_same want lasterr
n=$(wc -l <"$T/out")
expect_true 'some complete lines came out' test "$n" -gt 1000

t 'a missing file is a system error; the other files are still read'
run nhi-test-tool ndjson-cat nosuch - <<'EOF'
{"kind":"a"}
EOF
expect_out <<'EOF'
{"kind":"a"}
EOF
expect_err <<'EOF'
nhi-test-tool: nosuch: No such file or directory
EOF
expect_status 4

t 'a message about a bad line never quotes the line: it may hold a secret'
run nhi-test-tool ndjson-cat <<'EOF'
ghp_R7nmqXEwd3KfPzL1b2C4A0sVhY8tJu5iO9Ke ,{"kind":"a"}
{"kind":"a","token":"ghp_R7nmqXEwd3KfPzL1b2C4A0sVhY8tJu5iO9Ke"
EOF
expect_err <<'EOF'
nhi-test-tool: <stdin>:1: invalid JSON: '[' or '{' expected at column 3
nhi-test-tool: <stdin>:2: invalid JSON: '}' expected near end of file at column 62
EOF
expect_no_secret ghp_R7nmqXEwd3KfPzL1b2C4A0sVhY8tJu5iO9Ke
expect_status 3

t 'a write error on standard output is reported with status 4'
run nhi-test-tool -o /dev/full ndjson-cat <<'EOF'
{"kind":"a"}
EOF
expect_err <<'EOF'
nhi-test-tool: write error: No space left on device
EOF
expect_status 4

done_testing
