#!/bin/sh
# bench/estate.sh: how fast bench/gen-estate writes an estate (the other
# benchmarks' input), and how big it is.
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
ids=$(scale 2000 200000)
people=$(scale 100 3000)
events=$(scale 100000 10000000)
rm -rf "$WORK/estate-gen"
measure "gen-estate $ids identities, $events events" \
	--note "writes auth.json, users.json, credential report, CloudTrail .json.gz, sightings" \
	"$GEN" --identities "$ids" --people "$people" --events "$events" --out "$WORK/estate-gen" || exit 1
size=$(du -sm "$WORK/estate-gen" | cut -f1)
files=$(find "$WORK/estate-gen/cloudtrail" -name '*.json.gz' | wc -l | tr -d ' ')
echo "| estate size | | | $size MiB on disk, $files CloudTrail files |"
rm -rf "$WORK/estate-gen"
