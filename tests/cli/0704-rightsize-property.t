# Property: over randomised usage, a proposal never allows less than what
# was observed.  Checked twice: by the program's own replay (denied 0) and
# independently here, matching every usage record against the proposed
# statements with jq.
. "$TOP/tests/lib.sh"

# gen SEED: events of 6 roles with a *:* policy, random actions over
# S3 objects, tables sharing prefixes, queues and resource-less calls.
gen() {
	awk -v seed="$1" 'BEGIN {
		srand(seed)
		split("s3:GetObject s3:PutObject dynamodb:Query dynamodb:GetItem sqs:SendMessage ec2:DescribeInstances glue:GetTable kms:Decrypt", act, " ")
		for (r = 1; r <= 6; r++) {
			id = "aws:arn:aws:iam::1:role/r" r
			printf "{\"kind\":\"identity\",\"id\":\"%s\",\"system\":\"aws\",\"type\":\"iam_role\",\"name\":\"r%d\",\"created\":\"2020-01-01T00:00:00Z\"}\n", id, r > "g.ndjson"
			printf "{\"kind\":\"policy\",\"identity\":\"%s\",\"via\":\"inline:all\",\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}}\n", id > "g.ndjson"
			n = 1 + int(rand() * 60)
			for (i = 0; i < n; i++) {
				a = act[1 + int(rand() * 8)]
				svc = substr(a, 1, index(a, ":") - 1)
				k = int(rand() * 7)
				if (svc == "s3")
					res = sprintf("arn:aws:s3:::bkt%d/%s/%d.json", int(rand() * 2), (rand() < 0.5 ? "in" : "out/deep"), k)
				else if (svc == "dynamodb" || svc == "glue")
					res = sprintf("arn:aws:%s:eu-west-1:1:table/%s_%d", svc, (rand() < 0.6 ? "orders" : "users-x"), k)
				else if (svc == "sqs")
					res = sprintf("arn:aws:sqs:eu-west-1:1:q%d", k)
				else
					res = ""
				day = 1 + int(rand() * 28)
				printf "{\"kind\":\"event\",\"identity\":\"%s\",\"time\":\"2026-10-%02dT%02d:00:00Z\",\"action\":\"%s\"%s,\"outcome\":\"%s\"}\n", id, day, int(rand() * 24), a, (res == "" ? "" : ",\"resource\":\"" res "\""), (rand() < 0.1 ? "denied" : "allowed") > "e.ndjson"
			}
		}
	}'
}

covered() {
	cat >covered.jq <<'EOF'
# every usage record of the identity is allowed by some proposed statement
def glob: "^" + (gsub("(?<c>[.+?^${}()|\\[\\]\\\\])"; "\\\(.c)") | gsub("\\*"; ".*")) + "$";
($recs[] | select(.kind == "recommendation")) as $r
| [ $usage[] | select(.identity == $r.identity and (.via | not)) ] as $u
| $u[] as $c
| if any($r.proposed.document.Statement[];
	(.Action | any(ascii_downcase == ($c.action | ascii_downcase)))
	and (.Resource | any(. as $p | $c.resource | test($p | glob))))
  then empty else "\($r.identity): \($c.action) on \($c.resource) not allowed" end
EOF
}

for seed in 1 2 3 4 5 6 7 8 9 10 11 12; do
	t "seed $seed: the replay denies nothing and every observed call is covered"
	gen $seed
	covered
	nhi-rightsize --now 2026-11-20T00:00:00Z --events e.ndjson g.ndjson >recs.ndjson
	nhi-rightsize --merge e.ndjson >usage.ndjson
	jq -r 'select(.kind == "recommendation") | .proof.denied' recs.ndjson | sort -u >denied
	echo 0 >want
	expect_same want denied
	run jq -n -r --slurpfile recs recs.ndjson --slurpfile usage usage.ndjson -f covered.jq
	expect_out </dev/null
	expect_status 0
	expect_true 'every role got a proposal' test "$(jq -r 'select(.status == "rightsize") | .identity' recs.ndjson | wc -l)" -eq 6
done


# genk SEED: audit events of 4 service accounts over namespaces, named and
# unnamed objects, subresources, cluster-scoped objects and URLs.
genk() {
	awk -v seed="$1" 'BEGIN {
		srand(seed)
		split("get list watch create update patch delete", verb, " ")
		split("core/pods core/secrets core/configmaps apps/deployments batch/jobs core/pods/log apps/deployments/scale", res, " ")
		split("default payments kube-system", ns, " ")
		for (s = 1; s <= 4; s++) {
			id = "k8s:c/sa/ns" s "/sa" s
			printf "{\"kind\":\"identity\",\"id\":\"%s\",\"system\":\"k8s\",\"type\":\"k8s_service_account\",\"name\":\"sa%d\"}\n", id, s > "g.ndjson"
			n = 1 + int(rand() * 40)
			for (i = 0; i < n; i++) {
				v = verb[1 + int(rand() * 7)]
				x = rand()
				if (x < 0.1)
					r = "/metrics"
				else if (x < 0.2)
					r = "core/nodes:node-" int(rand() * 5)
				else
					r = res[1 + int(rand() * 7)] ":" ns[1 + int(rand() * 3)] "/" (rand() < 0.3 ? "*" : "obj-" int(rand() * 6))
				printf "{\"kind\":\"event\",\"identity\":\"%s\",\"time\":\"2026-10-%02dT00:00:00Z\",\"action\":\"k8s:%s\",\"resource\":\"%s\",\"outcome\":\"allowed\"}\n", id, 1 + int(rand() * 28), v, r > "e.ndjson"
			}
		}
	}'
}

for seed in 1 2 3 4 5 6 7 8; do
	t "k8s seed $seed: every observed call is allowed by the proposed Roles"
	genk $seed
	run sh -c "nhi-rightsize --now 2026-11-20T00:00:00Z --events e.ndjson g.ndjson | jq -r 'select(.kind == \"recommendation\") | .proof.denied' | sort -u"
	expect_out <<'EOF'
0
EOF
	expect_status 0
done

done_testing
