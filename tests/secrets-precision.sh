#!/bin/sh
# tests/secrets-precision.sh [NHI-COLLECT]: precision and recall of
# "nhi-collect secrets" on the labelled corpus in
# tests/fixtures/secrets/corpus (every line of positives.txt is a secret,
# no line of negatives.txt is), and on the formats fixtures whose secrets
# are listed in tests/fixtures/secrets/planted. Needs only sh, jq and a
# built nhi-collect (first argument, else the one on PATH).
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-nhi-collect}
corpus=$top/tests/fixtures/secrets/corpus
NHI_DATA_DIR=${NHI_DATA_DIR:-$top/data}
NHI_FINGERPRINT_KEY=${NHI_FINGERPRINT_KEY:-precision}
export NHI_DATA_DIR NHI_FINGERPRINT_KEY
lines() { "$bin" secrets "$1" | jq -r '.location.line' | sort -un; }
pos=$(grep -c '' "$corpus/positives.txt")
neg=$(grep -c '' "$corpus/negatives.txt")
tp=$(lines "$corpus/positives.txt" | grep -c '')
fp=$(lines "$corpus/negatives.txt" | grep -c '')
fn=$((pos - tp))
echo "positives: $pos lines, found $tp (missed: $(lines "$corpus/positives.txt" | awk -v n="$pos" '{s[$1]=1} END {for (i = 1; i <= n; i++) if (!(i in s)) printf "%d ", i}'))"
echo "negatives: $neg lines, flagged $fp ($(lines "$corpus/negatives.txt" | tr '\n' ' '))"
awk -v tp="$tp" -v fp="$fp" -v fn="$fn" 'BEGIN {
	p = tp + fp ? tp / (tp + fp) : 1; r = tp + fn ? tp / (tp + fn) : 1
	printf "precision %.3f  recall %.3f  (tp %d, fp %d, fn %d)\n", p, r, tp, fp, fn }'

# The CredSweeper samples, line by line as labelled.
samples=$top/tests/fixtures/secrets/samples
grep -v '^#' "$corpus/credsweeper.labels" | {
	tp=0 fp=0 fn=0 tn=0 missed=
	while read -r f l want; do
		got=F
		lines "$samples/$f" | grep -qx "$l" && got=T
		case $want$got in
		TT) tp=$((tp + 1));; FT) fp=$((fp + 1));; FF) tn=$((tn + 1));;
		TF) fn=$((fn + 1)); missed="$missed $f:$l";;
		esac
	done
	echo "credsweeper samples: missed:$missed"
	awk -v tp="$tp" -v fp="$fp" -v fn="$fn" 'BEGIN {
		p = tp + fp ? tp / (tp + fp) : 1; r = tp + fn ? tp / (tp + fn) : 1
		printf "precision %.3f  recall %.3f  (tp %d, fp %d, fn %d)\n", p, r, tp, fp, fn }'
}
