#!/bin/sh
# bench/attribute.sh [N]: nhi-attribute throughput on a generated estate of
# N identities (default 50000): 2000 people in 50 teams with chains of
# managers, one CloudTrail creator signal, one consuming workload with a
# CODEOWNERS owner and one event per identity. Prints lines, bytes and
# seconds of CPU. Builds nhi-attribute in $O (default: the tree).
top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$top}
n=${1:-50000}
make -s -C "$top" O="$O" "$O/bin/nhi-attribute" || exit 4
in=$(mktemp "${TMPDIR:-/tmp}/nhi-bench-attr.XXXXXX") || exit 4
trap 'rm -f "$in"' EXIT INT TERM
awk -v n="$n" 'BEGIN {
	for (i = 0; i < 2000; i++)
		printf "{\"kind\":\"person\",\"id\":\"person:p%d@x.example\",\"email\":\"p%d@x.example\",\"status\":\"%s\",\"manager\":\"person:p%d@x.example\",\"team\":\"team:t%d\"}\n", i, i, i % 3 ? "active" : "departed", int(i / 5), i % 50
	for (t = 0; t < 50; t++)
		printf "{\"kind\":\"team\",\"id\":\"team:t%d\",\"name\":\"T%d\",\"manager\":\"person:p%d@x.example\"}\n", t, t, t
	for (r = 0; r < 100; r++)
		printf "{\"kind\":\"signal\",\"subject\":\"repo:acme/r%d:*\",\"person\":\"@acme/t%d\",\"role\":\"codeowner\",\"evidence\":\"CODEOWNERS\",\"source\":{\"collector\":\"codeowners\",\"file\":\"CODEOWNERS\",\"line\":1}}\n", r, r % 50
	for (i = 0; i < n; i++) {
		printf "{\"kind\":\"signal\",\"subject\":\"aws:arn:aws:iam::1:role/r%d\",\"person\":\"p%d@x.example\",\"role\":\"provisioner\",\"evidence\":\"CreateRole\",\"time\":\"2025-01-01T00:00:00Z\",\"source\":{\"collector\":\"cloudtrail\"}}\n", i, (i * 7) % 2000
		printf "{\"kind\":\"workload\",\"id\":\"w%d\",\"system\":\"github\",\"type\":\"gha_job\",\"name\":\"w%d\",\"repo\":\"acme/r%d\",\"path\":\"x.yml\"}\n", i, i, i % 100
		printf "{\"kind\":\"event\",\"identity\":\"aws:arn:aws:iam::1:role/r%d\",\"time\":\"2026-11-01T00:00:00Z\",\"action\":\"s3:GetObject\",\"session\":\"s%d\",\"user_agent\":\"aws-sdk-go-v2/1.30.0\"}\n", i, i
		printf "{\"kind\":\"lineage\",\"id\":\"aws:arn:aws:iam::1:role/r%d\",\"system\":\"aws\",\"type\":\"iam_role\",\"name\":\"r%d\",\"created\":\"2025-01-01T00:00:00Z\",\"consumers\":[\"w%d\"],\"credentials\":[{\"id\":\"k%d\",\"status\":\"active\",\"static\":true}],\"reach\":{\"summary\":\"read\"}}\n", i, i, i, i
	}
}' >"$in"
lines=$(wc -l <"$in")
bytes=$(wc -c <"$in")
/usr/bin/time -f '%U %S' -o "$in.time" "$O/bin/nhi-attribute" --now 2026-11-20T00:00:00Z "$in" >/dev/null || exit 1
read -r u s <"$in.time"
rm -f "$in.time"
echo "nhi-attribute: $n identities, $lines lines, $bytes bytes in, ${u}s user ${s}s system"
