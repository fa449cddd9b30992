# Documentation is part of the code: every program has a man page that is
# lint-clean and lists exactly the options its --help lists.
. "$TOP/tests/lib.sh"

# help_options PROG [SOURCE]: the long options --help prints, sorted.
help_options() {
	"$@" --help 2>&1 | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u
}

# man_options PAGE: the long options its mdoc source names with Fl.
man_options() {
	grep -o 'Fl -[a-z0-9][a-z0-9-]*' "$1" | sed 's/^Fl -/--/' | sort -u
}

t 'every man page is clean for mandoc -Tlint'
run mandoc -Tlint -Wwarning "$TOP"/man/*.[157]
expect_out </dev/null
expect_status 0

for bin in "$O"/bin/nhi-*; do
	[ -x "$bin" ] || continue
	prog=$(basename "$bin")
	t "$prog has a man page"
	expect_true "man/$prog.1 exists" test -f "$TOP/man/$prog.1"

	t "$prog --help and $prog(1) list the same options"
	if [ "$prog" = nhi-collect ]; then
		# Each source has its own options; the page lists them all.
		{
			help_options "$bin"
			for src in $("$bin" --help | sed -n '/^Sources:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
				help_options "$bin" "$src"
			done
		} | sort -u >help.opts
	else
		help_options "$bin" >help.opts
	fi
	man_options "$TOP/man/$prog.1" >man.opts
	expect_same help.opts man.opts

	t "$prog --help exits 0 on stdout, a bad option exits 2 on stderr"
	run "$bin" --help
	expect_status 0
	expect_err </dev/null
	run "$bin" --no-such-option
	expect_status 2
	expect_out </dev/null
	head -n 1 "$T/err" >first
	printf '%s: unknown option %s\n' "$prog" "'--no-such-option'" >want
	expect_same want first

	t "$prog --version names the program and version"
	run "$bin" --version
	expect_out <<EOF
$prog 0.1.0
EOF
	expect_status 0
done

done_testing
