# bench/lib.sh: helpers for bench/*.sh scripts (. "$BENCH/lib.sh").
#
#   estate NAME GEN-ESTATE-OPTIONS...   the folder of a generated estate,
#                                       made once and kept in $WORK/NAME
#   measure NAME [--note TEXT] CMD...   run CMD (stdout to /dev/null unless
#                                       it is redirected inside CMD via sh -c),
#                                       print one result row:
#                                       | NAME | 12.34 s | 456.7 MiB | TEXT |
#   scale SMALL FULL                    SMALL when BENCH_SCALE=small, else FULL

scale() {
	if [ "${BENCH_SCALE:-full}" = small ]; then echo "$1"; else echo "$2"; fi
}

estate() {
	_name=$1; shift
	if [ ! -f "$WORK/$_name/.done" ]; then
		rm -rf "${WORK:?}/$_name"
		"$GEN" "$@" --out "$WORK/$_name" >&2 || return 1
		: >"$WORK/$_name/.done"
	fi
	echo "$WORK/$_name"
}

measure() {
	_name=$1; shift
	_note=
	if [ "${1:-}" = --note ]; then _note=$2; shift 2; fi
	_tv=$WORK/time.$$
	if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
		/usr/bin/time -v -o "$_tv" "$@" >/dev/null
		_st=$?
		_wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$_tv" |
			awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f s", s }')
		_rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$_tv" |
			awk '{ printf "%.1f MiB", $1 / 1024 }')
	else
		_t0=$(date +%s)
		"$@" >/dev/null
		_st=$?
		_wall="$(( $(date +%s) - _t0 )) s"
		_rss=n/a
	fi
	rm -f "$_tv"
	if [ $_st -ne 0 ]; then
		echo "| $_name | failed (status $_st) | | $_note |"
		return 1
	fi
	echo "| $_name | $_wall | $_rss | $_note |"
}
