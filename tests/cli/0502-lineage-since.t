# nhi-lineage --since OLD: change records between two snapshots.
. "$TOP/tests/lib.sh"

NOW='--now 2026-11-22T00:00:00Z'

t 'an identity created, one removed, one modified, a finding new and one resolved'
cat >old.in <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/stays","type":"iam_role","name":"stays"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/stays","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/goes","type":"iam_role","name":"goes"}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/same","type":"iam_role","name":"same"}
EOF
nhi-lineage $NOW old.in >old.ndjson
run nhi-lineage $NOW --since old.ndjson <<'EOF'
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/stays","type":"iam_role","name":"stays"}
{"kind":"policy","identity":"aws:arn:aws:iam::111111111111:role/stays","via":"inline:x","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/new","type":"iam_role","name":"new"}
{"kind":"identity","id":"aws:arn:aws:iam::111111111111:role/same","type":"iam_role","name":"same"}
EOF
grep '"kind":"change"' "$T/out" >changes
cat >want <<'EOF'
{"kind":"change","change":"removed","id":"aws:arn:aws:iam::111111111111:role/goes"}
{"kind":"change","change":"created","id":"aws:arn:aws:iam::111111111111:role/new","summary":"no known permissions"}
{"kind":"change","change":"modified","id":"aws:arn:aws:iam::111111111111:role/stays","fields":["policies","reach","blast_radius"]}
{"kind":"change","change":"new-finding","id":"aws:arn:aws:iam::111111111111:role/stays","rule":"admin-equivalent","severity":"high","nhi_top10":"NHI5","message":"grants every action on every resource"}
{"kind":"change","change":"resolved-finding","id":"aws:arn:aws:iam::111111111111:role/stays","rule":"wildcard-grant","severity":"medium","nhi_top10":"NHI5","message":"grants whole services on every resource: s3:*"}
EOF
expect_same want changes
expect_err </dev/null
expect_status 0

t 'the lineage and findings come first, the changes last'
cp ../1/old.in ../1/old.ndjson .
run_sh "nhi-lineage $NOW --since old.ndjson old.in | jq -r .kind | uniq -c | awk '{print \$2, \$1}'"
expect_out <<'EOF'
lineage 3
finding 1
EOF
expect_status 0

t 'a snapshot compared with itself has no change'
nhi-lineage $NOW "$FIX/lineage/estate.ndjson" >snap.ndjson
run_sh "nhi-lineage $NOW --since snap.ndjson $FIX/lineage/estate.ndjson | grep -c '\"kind\":\"change\"'"
expect_out <<'EOF'
0
EOF

t 'an unreadable snapshot is a system error'
run nhi-lineage --since missing.ndjson </dev/null
expect_err <<'EOF'
nhi-lineage: missing.ndjson: No such file or directory
EOF
expect_status 4

done_testing
