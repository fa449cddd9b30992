# nhi-attribute: one person under the many names other systems know them by.
. "$TOP/tests/lib.sh"

NOW=2026-11-20T00:00:00Z
ORG=$FIX/attribute/org.ndjson

t 'every name a person goes by finds them; a name nobody has stays as written'
{
	cat "$ORG"
	cat <<'EOF'
{"kind":"person","id":"person:sam@north.example","email":"sam@north.example","status":"active"}
{"kind":"person","id":"person:sam@south.example","email":"sam@south.example","status":"active"}
{"kind":"identity","id":"aws:arn:aws:iam::123456789012:user/jane","system":"aws","type":"iam_user","name":"jane","arn":"arn:aws:iam::123456789012:user/jane","tags":{"Email":"jane@acme.example"}}
EOF
	n=0
	for who in jroe jane.roe@acme.com JANE@ACME.EXAMPLE person:Jane@Acme.Example \
		'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_0f1e/jane@acme.example' \
		'AROAEXAMPLEID:jane@acme.example' \
		arn:aws:iam::123456789012:user/jane 'Jane Roe <jane@acme.example>' \
		@jroe user:default/jroe li sam nobody@else.example; do
		n=$((n + 1))
		printf '{"kind":"signal","subject":"okta:app/%d","person":"%s","role":"provisioner","evidence":"e","source":{"collector":"okta"}}\n' $n "$who"
		printf '{"kind":"lineage","id":"okta:app/%d","system":"okta","type":"okta_app","name":"a%d"}\n' $n $n
	done
} >in
run nhi-attribute --now $NOW in
expect_err </dev/null
expect_status 0
jq -r 'select(.kind == "lineage") | [.id, (.owner.provisioner | .person // .name), .owner.provisioner.status] | @tsv' "$T/out" >got
cat >want <<'EOF'
okta:app/1	person:jane@acme.example	departed
okta:app/2	person:jane@acme.example	departed
okta:app/3	person:jane@acme.example	departed
okta:app/4	person:jane@acme.example	departed
okta:app/5	person:jane@acme.example	departed
okta:app/6	person:jane@acme.example	departed
okta:app/7	person:jane@acme.example	departed
okta:app/8	person:jane@acme.example	departed
okta:app/9	person:jane@acme.example	departed
okta:app/10	person:jane@acme.example	departed
okta:app/11	person:li@acme.example	active
okta:app/12	sam	unknown
okta:app/13	nobody@else.example	unknown
EOF
expect_same want got

t 'CODEOWNERS and Backstage name teams in their own ways'
{
	cat "$ORG"
	n=0
	for who in @acme/payments group:default/payments team:payments Payments @other-org/payments; do
		n=$((n + 1))
		printf '{"kind":"signal","subject":"k8s:c/ns/Deployment/w%d","person":"%s","role":"codeowner","evidence":"e","source":{"collector":"backstage"}}\n' $n "$who"
		printf '{"kind":"lineage","id":"k8s:c/sa/ns/w%d","system":"k8s","type":"k8s_service_account","name":"w%d","consumers":["k8s:c/ns/Deployment/w%d"]}\n' $n $n $n
	done
	printf '{"kind":"signal","subject":"k8s:c/ns/Deployment/w9","person":"@acme/nonexistent","role":"codeowner","evidence":"e","source":{"collector":"codeowners"}}\n'
	printf '{"kind":"lineage","id":"k8s:c/sa/ns/w9","system":"k8s","type":"k8s_service_account","name":"w9","consumers":["k8s:c/ns/Deployment/w9"]}\n'
} >in
run nhi-attribute --now $NOW in
expect_status 0
jq -r 'select(.kind == "lineage") | [.id, .owner.consumer.team, .owner.status, (.owner.accountable.person // "-")] | @tsv' "$T/out" >got
cat >want <<'EOF'
k8s:c/sa/ns/w1	team:payments	owned	person:maria@acme.example
k8s:c/sa/ns/w2	team:payments	owned	person:maria@acme.example
k8s:c/sa/ns/w3	team:payments	owned	person:maria@acme.example
k8s:c/sa/ns/w4	team:payments	owned	person:maria@acme.example
k8s:c/sa/ns/w5	team:payments	owned	person:maria@acme.example
k8s:c/sa/ns/w9	@acme/nonexistent	orphaned	-
EOF
expect_same want got

t 'the same fact read from the identity and its lineage record counts once'
cat "$ORG" - >in <<'EOF'
{"kind":"identity","id":"github:acme/pat/9","system":"github","type":"github_pat","name":"p","owner":"liwei"}
{"kind":"lineage","id":"github:acme/pat/9","system":"github","type":"github_pat","name":"p","owner":"liwei"}
EOF
run nhi-attribute --now $NOW in
expect_status 0
jq -c 'select(.kind == "lineage") | [.owner.provisioner.confidence, (.owner.provisioner.evidence | length)]' "$T/out" >got
echo '[0.9,1]' >want
expect_same want got

t 'a team that lists a person as a member is their team when their record names none'
cat - >in <<'EOF'
{"kind":"lineage","id":"okta:app/1","system":"okta","type":"okta_app","name":"a","created_by":"kim@x.example"}
{"kind":"team","id":"team:ops","name":"Ops","manager":"person:lee@x.example","members":["person:kim@x.example",5]}
{"kind":"person","id":"person:kim@x.example","status":"departed"}
{"kind":"person","id":"person:lee@x.example","status":"active"}
EOF
run nhi-attribute --now $NOW in
expect_status 0
jq -c 'select(.kind == "lineage") | [.owner.provisioner.team, .owner.route_to, .owner.route_reason]' "$T/out" >got
echo '["team:ops","person:lee@x.example","person:kim@x.example has no manager in the org chart; manager of team:ops"]' >want
expect_same want got

t 'an IAM user tagged with an email is that person in CloudTrail, whatever the user is called'
cat "$ORG" - >in <<'EOF'
{"kind":"signal","subject":"arn:aws:iam::123456789012:role/a","person":"arn:aws:iam::123456789012:user/jr-admin","role":"provisioner","evidence":"CreateRole","source":{"collector":"cloudtrail"}}
{"kind":"signal","subject":"arn:aws:iam::123456789012:role/b","person":"arn:aws:iam::123456789012:user/other-admin","role":"provisioner","evidence":"CreateRole","source":{"collector":"cloudtrail"}}
{"kind":"lineage","id":"aws:arn:aws:iam::123456789012:role/a","system":"aws","type":"iam_role","name":"a"}
{"kind":"lineage","id":"aws:arn:aws:iam::123456789012:role/b","system":"aws","type":"iam_role","name":"b"}
{"kind":"identity","id":"aws:arn:aws:iam::123456789012:user/jr-admin","system":"aws","type":"iam_user","name":"jr-admin","arn":"arn:aws:iam::123456789012:user/jr-admin","tags":{"Email":"Jane@Acme.Example"}}
{"kind":"identity","id":"aws:arn:aws:iam::123456789012:user/other-admin","system":"aws","type":"iam_role","name":"other-admin","tags":{"email":"li@acme.example"}}
EOF
run nhi-attribute --now $NOW in
expect_status 0
jq -c 'select(.kind == "lineage") | [.id, (.owner.provisioner | .person // .name)]' "$T/out" >got
cat >want <<'EOF'
["aws:arn:aws:iam::123456789012:role/a","person:jane@acme.example"]
["aws:arn:aws:iam::123456789012:role/b","arn:aws:iam::123456789012:user/other-admin"]
EOF
expect_same want got

t 'one person from Okta and from HR is one person: fields merge, every name finds them'
cat - >in <<'EOF'
{"kind":"person","id":"person:kim@x.example","email":"kim@x.example","login":"kim@x.example","status":"active","okta_id":"00uKIM123","source":{"collector":"okta-users"}}
{"kind":"person","id":"person:kim@x.example","email":"kim@x.example","status":"departed","left":"2026-09-30","team":"team:ops","manager":"person:lee@x.example","github":"kim-gh","source":{"collector":"people-csv"}}
{"kind":"person","id":"person:lee@x.example","email":"lee@x.example","status":"active","team":"team:ops","manager":"person:boss@x.example"}
{"kind":"person","id":"person:ann@x.example","email":"ann@x.example","status":"active","team":"team:ops","manager":"person:lee@x.example"}
{"kind":"person","id":"person:boss@x.example","email":"boss@x.example","status":"active"}
{"kind":"team","id":"team:ops","name":"Ops"}
{"kind":"lineage","id":"okta:token/1","system":"okta","type":"okta_api_token","name":"t","owner":"okta:00ukim123"}
{"kind":"lineage","id":"github:x/pat/1","system":"github","type":"github_pat","name":"p","owner":"kim-gh"}
{"kind":"lineage","id":"k8s:c/sa/ops/bot","system":"k8s","type":"k8s_service_account","name":"bot","annotations":{"team":"ops"}}
EOF
run nhi-attribute --now $NOW in
expect_err </dev/null
expect_status 0
jq -c 'select(.kind == "lineage") | [.id, .owner.status, .owner.provisioner.person, .owner.provisioner.team, (.owner.accountable | .person, .via), .owner.route_to]' "$T/out" >got
cat >want <<'EOF'
["okta:token/1","orphaned","person:kim@x.example","team:ops",null,null,"person:lee@x.example"]
["github:x/pat/1","orphaned","person:kim@x.example","team:ops",null,null,"person:lee@x.example"]
["k8s:c/sa/ops/bot","owned",null,null,"person:lee@x.example","manager of owning team team:ops",null]
EOF
expect_same want got

done_testing
