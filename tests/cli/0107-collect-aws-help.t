# The AWS sources' --help and man/nhi-collect.1 list the same options, and
# the page is clean for mandoc -Tlint.
. "$TOP/tests/lib.sh"
MAN=$TOP/man/nhi-collect.1

# documented SOURCE: the long options in "Options of SOURCE", plus the
# common ones, one a line, sorted
documented() {
	{ sed -n '/^\.Sh OPTIONS/,/^Options of/p' "$MAN"
	  sed -n "/^\\.Cm $1 :\$/,/^\\.El/p" "$MAN"; } |
		sed -n 's/^\.It Fl [a-z] , Fl -\([a-z-]*\).*/\1/p; s/^\.It Fl -\([a-z-]*\).*/\1/p' |
		sort -u
}

for s in aws-iam aws-credential-report aws-access-keys cloudtrail; do
	t "$s --help lists the options the man page documents"
	run nhi-collect "$s" --help
	expect_status 0
	head -1 "$T/out" | grep -q "^usage: nhi-collect $s " || _complain "no usage line"
	sed -n 's/^ *\(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p' "$T/out" | sort -u >"$T/help"
	documented "$s" >"$T/man"
	expect_same "$T/man" "$T/help"
	grep -q "^\.Ss $s\$" "$MAN" || _complain "no .Ss $s in the man page"
done

t 'an unknown option of a source is a usage error'
run nhi-collect cloudtrail --no-such-option
expect_out </dev/null
expect_status 2

t 'nhi-collect --help names the AWS sources'
run nhi-collect --help
for s in aws-iam aws-credential-report aws-access-keys cloudtrail; do
	grep -q "^  $s " "$T/out" || _complain "$s missing"
done
expect_status 0

t 'the man page is clean for mandoc -Tlint'
if command -v mandoc >/dev/null; then
	run mandoc -Tlint -Wwarning "$MAN"
	expect_out </dev/null
	expect_status 0
fi

done_testing
