# tests/lib.sh: sourced by every tests/cli/*.t script.
#
#   t 'what the case shows'          starts a case
#   run CMD [ARG...] [<<EOF ...]     runs it; stdout, stderr, status kept
#   expect_out  <<EOF ... EOF        stdout is exactly this
#   expect_out_file FILE             stdout is exactly FILE (UPDATE=1 rewrites it)
#   expect_err  <<EOF ... EOF        stderr is exactly this (expect_err </dev/null: empty)
#   expect_status N                  the exit status is N
#   expect_no_secret VALUE...        no value appears in stdout, stderr or $T/extra
#   expect_same FILE1 FILE2          two files are byte-identical
#
# Each case runs in a fresh folder $T; fixtures are under $FIX.
set -u
: "${TOP:?run through tests/run}"
: "${O:=$TOP}"
FIX=$TOP/tests/fixtures
PATH=$O/bin:$O/tests/helper:$TOP/tests/bin:$PATH
NHI_DATA_DIR=$TOP/data
NHI_FINGERPRINT_KEY=nhi-test-fingerprint-key
LC_ALL=C
TZ=UTC
export PATH NHI_DATA_DIR NHI_FINGERPRINT_KEY LC_ALL TZ
unset NHI_CONFIG XDG_CONFIG_HOME
if [ "${SANITIZE:-}" = 1 ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87
	export ASAN_OPTIONS UBSAN_OPTIONS
fi

_script=$(basename "$0")
_root=$(mktemp -d "${TMPDIR:-/tmp}/nhi-t.XXXXXX") || exit 4
HOME=$_root/home
mkdir -p "$HOME"
export HOME

# VALGRIND=1: every program runs under valgrind; an error or a definite
# leak makes it exit 99, which no test expects.
if [ "${VALGRIND:-}" = 1 ]; then
	mkdir -p "$_root/vg-bin"
	for _b in "$O"/bin/nhi-* "$O"/tests/helper/nhi-*; do
		[ -x "$_b" ] || continue
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect "%s" "$@"\n' "$_b" >"$_root/vg-bin/${_b##*/}"
		chmod +x "$_root/vg-bin/${_b##*/}"
	done
	PATH=$_root/vg-bin:$PATH
fi
_pass=0 _fail=0 _n=0 _name= _bad=0
T=

_finish_case() {
	[ -n "$_name" ] || return 0
	if [ "$_bad" = 0 ]; then
		_pass=$((_pass + 1))
		echo "ok $_n - $_script: $_name"
	else
		_fail=$((_fail + 1))
		echo "not ok $_n - $_script: $_name"
	fi
	_name=
}

t() {
	_finish_case
	_n=$((_n + 1))
	_name=$1
	_bad=0
	T=$_root/$_n
	mkdir -p "$T"
	cd "$T" || exit 4
}

_complain() {
	_bad=1
	echo "# $_script: $_name: $*"
}

# run: stdin is the caller's (a here-document, or /dev/null from tests/run).
run() {
	"$@" >"$T/out" 2>"$T/err"
	echo $? >"$T/status"
}

# run_sh: like run, for a pipeline written as one string.
run_sh() {
	sh -c "$1" >"$T/out" 2>"$T/err"
	echo $? >"$T/status"
}

_compare() { # what expected-file actual-file
	if ! cmp -s "$2" "$3"; then
		_complain "$1 differs (expected, actual):"
		diff -u "$2" "$3" | head -40 | sed 's/^/#   /'
	fi
}

expect_out() {
	cat >"$T/expected.out"
	_compare stdout "$T/expected.out" "$T/out"
}

expect_out_file() {
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$T/out" "$1"
	fi
	_compare stdout "$1" "$T/out"
}

expect_err() {
	cat >"$T/expected.err"
	_compare stderr "$T/expected.err" "$T/err"
}

expect_err_file() {
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$T/err" "$1"
	fi
	_compare stderr "$1" "$T/err"
}

expect_status() {
	_st=$(cat "$T/status")
	[ "$_st" = "$1" ] || _complain "exit status $_st, expected $1"
}

expect_no_secret() {
	for _s in "$@"; do
		for _f in "$T/out" "$T/err" "$T"/extra*; do
			[ -f "$_f" ] || continue
			if grep -qF -- "$_s" "$_f"; then
				_complain "a secret value appears in $(basename "$_f")"
			fi
		done
	done
}

expect_same() {
	_compare "$(basename "$2")" "$1" "$2"
}

# expect_true DESCRIPTION COMMAND...: the command succeeds.
expect_true() {
	_d=$1
	shift
	"$@" >/dev/null 2>&1 || _complain "$_d"
}

# start_server RULES: nhi-testserver on 127.0.0.1 in the background; sets
# PORT, BASE (http://127.0.0.1:PORT) and SERVER_LOG. It stops by itself.
start_server() {
	rm -f "$T/port"
	nhi-testserver --rules "$1" --port-file "$T/port" --log "$T/server.log" \
		--max-seconds "${2:-60}" &
	_server_pid=$!
	_i=0
	while [ ! -s "$T/port" ] && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	PORT=$(cat "$T/port")
	BASE=http://127.0.0.1:$PORT
	SERVER_LOG=$T/server.log
}

stop_server() {
	kill "$_server_pid" 2>/dev/null
	wait "$_server_pid" 2>/dev/null
	_server_pid=
}

done_testing() {
	_finish_case
	cd "$TOP" || true
	rm -rf "$_root"
	[ -n "${RESULT:-}" ] && echo "$_pass $_fail" >"$RESULT"
	[ "$_fail" = 0 ]
}
