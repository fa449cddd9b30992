# lib/http against the loopback test server: pagination, retries with
# backoff and Retry-After, damaged answers, timeouts, SigV4, no token leaks.
. "$TOP/tests/lib.sh"
NHI_HTTP_BACKOFF_MS=10
export NHI_HTTP_BACKOFF_MS

t 'a Link header rel="next" is followed by the caller'
start_server "$FIX/http/rules"
run nhi-test-tool http GET "$BASE/items"
cat >want <<EOF
status 200 attempts 1 next http://127.0.0.1:$PORT/items?page=2
{"page":1}
EOF
expect_same want "$T/out"
expect_status 0
stop_server

t '429 with Retry-After, then 503, then 200: three attempts, one answer'
start_server "$FIX/http/rules"
run nhi-test-tool http GET "$BASE/flaky"
expect_out <<'EOF'
status 200 attempts 3 next -
{"page":1}
EOF
expect_err </dev/null
expect_status 0
stop_server
n=$(grep -c '"path":"/flaky"' "$SERVER_LOG")
expect_true "the server saw 3 requests, not $n" test "$n" = 3

t 'a server that keeps failing gives up after five attempts with status 5'
start_server "$FIX/http/rules"
run nhi-test-tool http GET "$BASE/down"
expect_err <<EOF
nhi-test-tool: $BASE/down: HTTP 500
EOF
expect_status 5
stop_server
n=$(grep -c '"path":"/down"' "$SERVER_LOG")
expect_true "5 attempts, not $n" test "$n" = 5

t 'a truncated answer is a transport error named as libcurl names it'
start_server "$FIX/http/rules"
run nhi-test-tool http GET "$BASE/cut"
expect_err <<EOF
nhi-test-tool: $BASE/cut: (18) transfer closed with 301 bytes remaining to read
EOF
expect_status 5
stop_server

t 'a connection closed without an answer is retried, then reported'
start_server "$FIX/http/rules"
run nhi-test-tool http GET "$BASE/reset"
expect_err <<EOF
nhi-test-tool: $BASE/reset: (52) Empty reply from server
EOF
expect_status 5
stop_server

t 'a slow server times out with (28)'
start_server "$FIX/http/rules"
NHI_TEST_ATTEMPTS=1 run nhi-test-tool http GET "$BASE/slow"
sed 's/after [0-9]* milliseconds/after N milliseconds/; s/with [0-9]* out of [0-9]* bytes received/with N bytes received/; s/with [0-9]* bytes received/with N bytes received/' "$T/err" >err.norm
cat >want <<EOF
nhi-test-tool: $BASE/slow: (28) Operation timed out after N milliseconds with N bytes received
EOF
expect_same want err.norm
expect_status 5
stop_server

t 'a bearer token goes in a header, never in the URL or the log'
start_server "$FIX/http/rules"
NHI_TEST_TOKEN=ghp_testtokenvalue0123456789abcdefABCDEF run nhi-test-tool http POST "$BASE/iam" '{"a":1}'
expect_status 0
stop_server
cp "$SERVER_LOG" "$T/extra.log"
expect_no_secret ghp_testtokenvalue0123456789abcdefABCDEF
grep -o '"authorization":"[^"]*"' "$SERVER_LOG" >auth
echo '"authorization":"Bearer <40 chars>"' >want
expect_same want auth

t 'AWS requests are signed with SigV4 by libcurl'
start_server "$FIX/http/rules"
NHI_TEST_SIGV4=aws:amz:us-east-1:iam AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE \
	AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
	run nhi-test-tool http POST "$BASE/iam" 'Action=ListUsers&Version=2010-05-08'
expect_status 0
stop_server
grep -o '"authorization":"[^"]*"' "$SERVER_LOG" | sed 's|/[0-9]\{8\}/|/DATE/|' >auth
echo '"authorization":"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/DATE/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="' >want
expect_same want auth
cp "$SERVER_LOG" "$T/extra.log"
expect_no_secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

t 'credentials in a URL are refused before anything is sent'
run nhi-test-tool http GET "http://user:pass@127.0.0.1:1/x"
expect_err <<'EOF'
nhi-test-tool: http://user:pass@127.0.0.1:1/x: credentials in a URL are refused
EOF
expect_status 5

done_testing
