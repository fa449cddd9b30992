#!/bin/sh
# examples/demo.sh: run the whole nhi pipeline on the Acme estate
# (examples/acme, its story in examples/acme/README) and say in a minute
# what is wrong there.
#
#   sh examples/demo.sh [-o DIR] [-q] [--partial] [--missing]
#
#   -o DIR     where each stage's NDJSON goes (default examples/out)
#   -q         no summary, only the stage files
#   --partial  run every stage whose program is built, skip (and name) the
#              rest, exit 1 if any was skipped; for following progress
#   --missing  print the stages whose program is not built, exit 0
#
# Programs come from $O/bin, else ./bin, else PATH; nothing is built here
# (make demo builds first).  Every program runs with --now 2026-11-15T00:00:00Z
# and a fixed fingerprint key, so the output is the same bytes every run.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
acme=$top/examples/acme
out=$top/examples/out
quiet=0 partial=0 missing_only=0
while [ $# -gt 0 ]; do
	case $1 in
	-o) [ $# -ge 2 ] || { echo "demo.sh: -o needs a folder" >&2; exit 2; }
	    out=$2; shift ;;
	-q) quiet=1 ;;
	--partial) partial=1 ;;
	--missing) missing_only=1 ;;
	-h|--help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "demo.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
	shift
done
shown=$out
[ "$out" = "$top/examples/out" ] && shown=examples/out
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

# (the tests set NHI_DEMO_KEEP_PATH=1: their PATH may wrap the programs)
if [ "${NHI_DEMO_KEEP_PATH:-}" = 1 ]; then bin=
elif [ -n "${O:-}" ] && [ -d "$O/bin" ]; then bin=$O/bin
elif [ -d "$top/bin" ]; then bin=$top/bin
else bin=
fi
[ -n "$bin" ] && PATH=$bin:$PATH
NOW=2026-11-15T00:00:00Z
NHI_DATA_DIR=${NHI_DATA_DIR:-$top/data}
NHI_FINGERPRINT_KEY=${NHI_FINGERPRINT_KEY:-nhi-demo-fingerprint-key}
NHI_CONFIG=$acme/nhi.yaml
LC_ALL=C
TZ=UTC
export PATH NHI_DATA_DIR NHI_FINGERPRINT_KEY NHI_CONFIG LC_ALL TZ

# The collect stage: one line per run.  Columns: the source (SOURCE@PART
# when a source runs more than once: collect/SOURCE-PART.ndjson), the folder
# it runs in (acme: the estate; out: next to the generated infra repo, so
# recorded paths are relative and the same on every machine), its
# arguments.  cloudtrail runs twice: --aggregate gives usage records, and
# without it the raw events (collect/cloudtrail-events.ndjson), which go
# down the main stream (human use of workload identities is judged from
# them) and to nhi-rightsize's --events (its replay proof).
sources='
aws-iam			acme	aws/auth.json
aws-credential-report	acme	--access-keys aws/access-keys/backup-agent.json --access-keys aws/access-keys/ci-deploy.json --access-keys aws/access-keys/migration-2022.json --access-keys aws/access-keys/payments-legacy.json --access-keys aws/access-keys/reporting-bot.json aws/credential-report.csv
aws-access-keys		acme	aws/access-keys/backup-agent.json aws/access-keys/ci-deploy.json aws/access-keys/migration-2022.json aws/access-keys/payments-legacy.json aws/access-keys/reporting-bot.json
cloudtrail		acme	--aggregate aws/cloudtrail
k8s			acme	--cluster prod k8s/cluster.json
k8s-audit		acme	--cluster prod k8s/audit.ndjson
okta-users		acme	okta/users.json
okta-groups		acme	okta/groups.json 00g45KZ62V5U4ZTSMCX5=okta/groups/00g45KZ62V5U4ZTSMCX5/users.json 00g5QTITFSDL3JHNV7EY=okta/groups/00g5QTITFSDL3JHNV7EY/users.json 00g6D3OZJGC4UXVDM2MP=okta/groups/00g6D3OZJGC4UXVDM2MP/users.json 00gAJZHG24CBIFWHMA2C=okta/groups/00gAJZHG24CBIFWHMA2C/users.json 00gVVOLQHEJB4XNETLCK=okta/groups/00gVVOLQHEJB4XNETLCK/users.json 00gY2ZIWKHEIKGU3ILV7=okta/groups/00gY2ZIWKHEIKGU3ILV7/users.json 00gZXRDAILPN7CFYWDFV=okta/groups/00gZXRDAILPN7CFYWDFV/users.json
people-csv		acme	hr/people.csv
terraform		acme	terraform/show.json
codeowners		out	--repo acme/infra infra/CODEOWNERS
backstage		out	infra/catalog-info.yaml
git-history		out	--repo acme/infra infra
secrets			out	--git --repo acme/infra infra
gha			out	--repo acme/infra infra/.github/workflows/deploy.yml infra/.github/workflows/release.yml
mcp			acme	mcp
github@org		acme	--org acme github/pat-grants.json github/installations.json github/org-actions-secrets.json
github@infra		acme	--org acme --repo acme/infra github/repos/acme/infra/keys.json github/repos/acme/infra/actions-secrets.json
'
# The analysis stages, in order: file name, program, options.
stages='
lineage		nhi-lineage
attribute	nhi-attribute	--human-net 198.51.100.0/24 --human-net 203.0.113.0/24
rightsize	nhi-rightsize	--events collect/cloudtrail-events.ndjson
migrate		nhi-migrate	--repo infra --github-repo acme/infra --aws-account 111122223333
deprov		nhi-deprov	--dry-run --orphans --unused 90d --migrated
'

# What is not built yet, one line each: "collect SOURCE" or "PROGRAM".
collect_sources=
if command -v nhi-collect >/dev/null 2>&1; then
	collect_sources=$(nhi-collect --help 2>/dev/null | sed -n 's/^  \([a-z0-9-]*\) .*/\1/p')
fi
have_source() {
	printf '%s\n' "$collect_sources" | grep -qx -- "$1"
}
missing=$(
	printf '%s\n' "$sources" | while read -r src dir args; do
		[ -n "$src" ] || continue
		have_source "${src%%@*}" || echo "collect $src (nhi-collect ${src%%@*})"
	done
	printf '%s\n' "$stages" | while read -r name prog args; do
		[ -n "$name" ] || continue
		command -v "$prog" >/dev/null 2>&1 || echo "$name ($prog)"
	done
)
if [ $missing_only = 1 ]; then
	[ -n "$missing" ] && printf '%s\n' "$missing"
	exit 0
fi
if [ -n "$missing" ] && [ $partial = 0 ]; then
	echo "demo.sh: these stages are not built yet (run make first):" >&2
	printf '%s\n' "$missing" | sed 's/^/  /' >&2
	exit 1
fi
command -v jq >/dev/null 2>&1 || [ $quiet = 1 ] || {
	echo "demo.sh: jq is needed for the summary (make deps installs it)" >&2; exit 1; }

status=0
# run NAME CMD...: one stage; its stderr goes to NAME.err and is shown when
# the program fails.  Status 3 (some input rejected) is reported, not fatal.
run() {
	name=$1; shift
	"$@" >"$out/$name.ndjson" 2>"$out/$name.err"
	st=$?
	if [ $st -ne 0 ]; then
		echo "demo.sh: $name: $* exited $st" >&2
		sed 's/^/  /' "$out/$name.err" >&2
		[ $st -eq 3 ] || status=1
	fi
	[ -s "$out/$name.err" ] || rm -f "$out/$name.err"
}

# Start clean, but never empty a folder this script did not make.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -e "$out/.nhi-demo" ]; then
	echo "demo.sh: $shown: not empty and not a demo output; choose another -o" >&2
	exit 2
fi
rm -rf "$out"
mkdir -p "$out/collect" && : >"$out/.nhi-demo" || exit 4
sh "$acme/make-infra-repo.sh" "$out/infra" 2>/dev/null || {
	echo "demo.sh: could not build the infra repository" >&2; exit 4; }

# 1. collect
while read -r src dir args; do
	[ -n "$src" ] || continue
	have_source "${src%%@*}" || { echo "demo.sh: skipped: collect $src (not built)" >&2; continue; }
	case $dir in acme) cd "$acme" || exit 4 ;; out) cd "$out" || exit 4 ;; esac
	# shellcheck disable=SC2086 # word splitting of args is intended
	run "collect/$(echo "$src" | tr @ -)" nhi-collect --now "$NOW" "${src%%@*}" $args
done <<EOF
$sources
EOF
if have_source cloudtrail; then
	cd "$acme" && run collect/cloudtrail-events nhi-collect --now "$NOW" cloudtrail aws/cloudtrail
fi

# 2..6. one program after the other, each reading the previous stage
cd "$out" || exit 4
prev=
while read -r name prog args; do
	[ -n "$name" ] || continue
	if ! command -v "$prog" >/dev/null 2>&1; then
		# (--partial only) the next stage reads the last one that ran
		echo "demo.sh: skipped: $name ($prog not built)" >&2
		continue
	fi
	if [ -z "$prev" ]; then
		# the main stream: every collector's records
		for f in $(find collect -name '*.ndjson' | sort); do
			cat "$f"
		done >all-collected.ndjson
		input=all-collected.ndjson
	else
		input=$prev.ndjson
	fi
	# shellcheck disable=SC2086
	run "$name" "$prog" --now "$NOW" $args "$input"
	prev=$name
	if [ "$name" = rightsize ]; then
		# nhi-rightsize answers for the identities it right-sizes with
		# recommendations; the stages after it need the whole graph, so
		# they read the graph it was given plus those recommendations.
		{ cat "$input"; grep '^{"kind":"recommendation"' rightsize.ndjson; } >rightsized.ndjson
		prev=rightsized
	fi
done <<EOF
$stages
EOF

[ -n "$missing" ] && status=1
[ $quiet = 1 ] && exit $status

# ---- the summary: what a person should know about Acme in a minute
summary() {
	echo
	echo "== Acme: $(cat "$out"/collect/*.ndjson 2>/dev/null | wc -l | tr -d ' ') records collected"
	cat "$out"/collect/*.ndjson 2>/dev/null | jq -rs '
		map(select(.kind == "identity")) | unique_by(.id) | group_by(.system)
		| map("  \(.[0].system): \(length) identities (" +
		      (group_by(.type) | map("\(length) \(.[0].type)") | join(", ")) + ")")[]'
	cat "$out"/collect/*.ndjson 2>/dev/null | jq -rs '
		(map(select(.kind == "credential")) | unique_by(.id)) as $c
		| (map(select(.kind == "person")) | unique_by(.id)) as $p
		| "  credentials: \($c | length) (\($c | map(select(.static == true and .status == "active")) | length) static and active)",
		  "  secrets sighted outside a vault: \(map(select(.kind == "sighting")) | length) sightings in \(map(select(.kind == "sighting") | .location.type) | unique | join(", "))",
		  "  people: \($p | length) (departed: \($p | map(select(.status == "departed") | .id | sub("^person:"; "")) | join(", ")))"'

	[ -s "$out/lineage.ndjson" ] || return 0
	echo
	echo "== Top findings (severity, OWASP NHI Top 10, identity, owner)"
	# lineage records: attribute's (with owners) win over lineage's
	cat "$out/lineage.ndjson" "$out/attribute.ndjson" "$out/rightsize.ndjson" \
		"$out/migrate.ndjson" "$out/deprov.ndjson" 2>/dev/null | jq -rs '
		def rank: {"critical":0,"high":1,"medium":2,"low":3,"info":4}[.] // 5;
		def short: sub("^aws:arn:aws:iam::[0-9]+:"; "");
		(map(select(.kind == "lineage")) | map({key: .id, value: (.owner // {})}) | from_entries) as $owner
		| [ (map(select(.kind == "finding"))[]),
		    (map(select(.kind == "lineage"))[] | .id as $id | (.findings // [])[] | . + {identity: $id}) ]
		| unique_by([.rule, .identity // .workload // "", .message])
		| sort_by([(.severity | rank), .nhi_top10 // "", .identity // .workload // ""]) as $all
		| ($all | group_by(.severity) | map("\(length) \(.[0].severity)") | join(", ") | "  \(.) in all"),
		  # the worst finding of each identity, the worst identities first
		  ($all | map(select(.severity == "critical" or .severity == "high"))
		   | group_by(.identity // .workload) | map(.[0] + {more: (length - 1)})
		   | sort_by([(.severity | rank), .nhi_top10 // "", .identity // .workload // ""]) | .[:15][]
		   | ($owner[.identity // ""] // {}) as $o
		   | "  \(.severity | ascii_upcase | .[:4]) \(.nhi_top10 // "-")  \((.identity // .workload // "") | short)"
		     + (if $o.status == "orphaned" then "  [orphaned: route to \($o.route_to // "nobody")]"
			elif $o.accountable then "  [owner: \($o.accountable.person // $o.accountable.team // "?")]"
			elif $o.status then "  [\($o.status)]" else "" end)
		     + "\n      \(.message)" + (if .more > 0 then " (+\(.more) more)" else "" end))'

	echo
	echo "== Who can read the customer data, and how (s3:GetObject on acme-customer-data)"
	nhi-lineage --can s3:GetObject --on arn:aws:s3:::acme-customer-data/customers.csv \
		"$out/lineage.ndjson" 2>/dev/null | jq -r '
		def short: sub("^(aws:)?arn:aws:iam::[0-9]+:"; "");
		"  \(.identity | short)  \(.via)" + (if .conditional then " (conditional)" else "" end)
		+ (if .via == "direct" then "  grant \(.grant // "?")"
		   elif .via == "chain" then "\n      " + ([.steps[] | .step] | join("\n      "))
		   elif .via == "privilege-escalation" then "  \(.path.technique // "?") to \(.path.target // "?" | short)"
		   else "" end)'

	if [ -s "$out/rightsize.ndjson" ]; then
		echo
		echo "== Right-size: the role with the most unused reach"
		# worst: a "*" grant first, then the busiest (the most calls replayed)
		jq -rs '
			map(select(.kind == "recommendation" and .status == "rightsize"))
			| sort_by([(if any(.reach.removed[]?; .action == "*") then 0 else 1 end), -(.proof.calls // 0), .identity])
			| .[0] // empty
			| "  \(.identity)  (\(.class // "default") class)",
			  (.diff // "" | rtrimstr("\n") | split("\n") | map("    " + .) | join("\n")),
			  "  replay proof: \(.proof.calls // "?") calls (\(.proof.distinct // "?") distinct) over \(.proof.window // "?"), \(.proof.denied // "?") would be denied",
			  (.rare // [] | .[:5] | map("  rare, kept for the owner to judge: \(.action) on \(.resource) (\(.count)x)") | .[])' \
			"$out/rightsize.ndjson"
	fi
	if [ -s "$out/migrate.ndjson" ]; then
		echo
		echo "== Migration: static keys that can become federated"
		jq -rs '
			map(select(.kind == "plan" and (.id // "" | startswith("migrate"))))[]
			| "  \(.workload // .identity // .id) -> \(.to // "?") [\(.stage // "?")]",
			  (if .reason then "      \(.reason)" else empty end),
			  (.notes // [] | .[] | "      \(.)"),
			  (.patch // empty | rtrimstr("\n") | split("\n") | map("      " + .) | join("\n"))' \
			"$out/migrate.ndjson"
	fi
	if [ -s "$out/deprov.ndjson" ]; then
		echo
		echo "== Deprovisioning plan (dry run: nothing was changed)"
		jq -rs '
			(map(select(.kind == "step")) | group_by(.plan)
			 | map({key: .[0].plan, value: .}) | from_entries) as $steps
			| map(select(.kind == "plan" and (.id // "" | startswith("deprov:"))))
			| (map(select(.stage == "protected")) | length) as $protected
			| (map(select(.stage != "protected"))[]
			| ($steps[.id] // []) as $s
			| ($s | map(select(.phase == "disable") | "\(.operation) \(.target // "")")) as $now
			| "  \(.identity | sub("^aws:arn:aws:iam::[0-9]+:"; ""))  [\(.stage)] \(.reasons | join(", "))"
			  + (if .owner then "; owner \(.owner | sub("^person:"; ""))" else "" end)
			  + (if .message then "\n      \(.message)" else "" end)
			  + (if ($s | length) > 0 then
				"\n      "
				+ (if ($now | length) > 0 then "now: " + ($now | join(", ")) + "; " else "" end)
				+ "after quarantine: \($s | map(select(.phase != "disable")) | length) deletions"
			     else "" end)),
			  (if $protected > 0 then "  (\($protected) protected identities left alone: root, service-linked roles, groups, system service accounts)" else empty end)' \
			"$out/deprov.ndjson"
	fi
	echo
	echo "Every stage's records are in $shown/."
}
summary
exit $status
