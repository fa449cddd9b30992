# make install puts programs, man pages and data where PREFIX and DESTDIR say.
. "$TOP/tests/lib.sh"

t 'make install DESTDIR=... PREFIX=/usr installs every program, page and data file'
run make -s -C "$TOP" install O="$O" DESTDIR="$T/root" PREFIX=/usr
expect_status 0
(cd "$T/root" && find . -type f | sort) >got
{
	for p in "$O"/bin/nhi-*; do echo "./usr/bin/$(basename "$p")"; done
	for m in "$TOP"/man/*.[157]; do
		s=${m##*.}
		echo "./usr/share/man/man$s/$(basename "$m")"
	done
	for d in README aws-iam-actions.ndjson aws-iam-resource-types.ndjson cloudtrail-to-iam.ndjson credential-formats.tsv; do
		echo "./usr/share/nhi/$d"
	done
} | sort >want
expect_same want got
run env NHI_DATA_DIR="$T/root/usr/share/nhi" nhi-test-tool data aws-iam-actions.ndjson
expect_out <<'EOF'
found
EOF

done_testing
