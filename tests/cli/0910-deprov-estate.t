# nhi-deprov on the example estate: the departed engineer's orphans are
# planned, approved by the person they are routed to, applied against a
# local IAM endpoint, quarantined, one rolled back, the rest finalized, all
# from the journal.
. "$TOP/tests/lib.sh"
D=$FIX/deprov
NHI_HTTP_BACKOFF_MS=5
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=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
export NHI_HTTP_BACKOFF_MS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

t 'the orphans of the departed engineer go through the whole life cycle'
sh "$TOP/examples/demo.sh" -q -o demo >/dev/null 2>&1
graph=demo/attribute.ndjson
expect_true 'the demo made the graph' test -s "$graph"
# The approvals the owners give: every orphan, by the person it is routed to.
jq -c 'select(.kind == "lineage" and .owner.status == "orphaned")
	| {kind: "approval", identity: .id, approver: .owner.route_to, decision: "approve",
	   time: "2026-11-15T09:00:00Z"}' "$graph" >approvals.ndjson
start_server "$D/estate-rules" 120
printf 'api:\n  aws: %s\n' "$BASE" >nhi.yaml
cat "$graph" approvals.ndjson >in.ndjson
NOW=--now=2026-11-15T10:00:00Z
nhi-deprov --orphans --apply $NOW in.ndjson >apply.out 2>apply.err
echo "apply $?" >log
nhi-deprov --ids "$D/estate-rollback-id" --rollback $NOW in.ndjson >rollback.out 2>rollback.err
echo "rollback $?" >>log
nhi-deprov --orphans --finalize --now=2026-11-20T10:00:00Z in.ndjson >early.out 2>early.err
echo "early finalize $?" >>log
nhi-deprov --orphans --finalize --now=2026-12-01T10:00:00Z in.ndjson >final.out 2>final.err
echo "finalize $?" >>log
stop_server
run cat log
expect_out <<'EOF'
apply 0
rollback 0
early finalize 0
finalize 0
EOF
jq -r 'select(.kind == "plan") | [.identity, .stage, .message // ""] | join(" | ")' final.out >"$T/out"
expect_out <<'EOF'
aws:arn:aws:iam::111122223333:role/data-science-notebook | rolled_back | not disabled yet: run --apply first
aws:arn:aws:iam::111122223333:user/migration-2022 | finalized | 
k8s:prod/sa/platform/ci-runner | refused | used 2026-11-14T15:35:16Z, within --min-idle; --force to override
EOF
jq -r 'select(.kind == "plan" and .identity == "aws:arn:aws:iam::111122223333:user/migration-2022") | [.stage, .message, .quarantine_until] | join(" ")' early.out >"$T/out"
expect_out <<'EOF'
quarantined in quarantine 2026-11-29T10:00:00Z
EOF
# What the IAM endpoint was asked to do, in order, and signed.
jq -r '.body | capture("Action=(?<a>[A-Za-z]+)").a' "$SERVER_LOG" >"$T/out"
expect_out_file "$D/estate-calls.expected"
n=$(grep -c 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/' "$SERVER_LOG")
m=$(wc -l <"$SERVER_LOG")
expect_true "every call is signed ($n of $m)" test "$n" = "$m"
jq -r '[.step, .state] | join(" ")' nhi-deprov.journal >"$T/out"
expect_out_file "$D/estate-journal.expected"
cat apply.err rollback.err early.err final.err "$SERVER_LOG" nhi-deprov.journal >"$T/extra"
expect_no_secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYESTATEKEY0

done_testing
