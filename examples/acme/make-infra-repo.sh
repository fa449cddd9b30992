#!/bin/sh
# make-infra-repo.sh DIR: build acme/infra as a real git repository in DIR
# from the stages in infra-src/ (one commit each, in name order).
#
# A stage is a folder NN-slug/ with
#   COMMIT   "author: Name <email>", "date: RFC 3339", optional
#            "delete: PATH...", a blank line, then the commit message
#   tree/    files copied over the work tree (added or changed)
# Authors, committers and dates are fixed, so the commit ids are the same
# on every machine: the demo's golden files name them.
set -eu
[ $# -eq 1 ] || { echo "usage: make-infra-repo.sh DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
if [ -e "$dir" ]; then
	echo "make-infra-repo.sh: $dir: already exists" >&2
	exit 1
fi
mkdir -p "$dir"
cd "$dir"
# Nothing from the caller's git configuration may change the objects.
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
HOME=$(pwd)
LC_ALL=C
TZ=UTC
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL HOME LC_ALL TZ
umask 022
git init -q -b main .
git config core.autocrlf false
git config core.fileMode true
git config commit.gpgSign false
git config core.hooksPath /dev/null

for stage in "$here"/infra-src/[0-9]*/; do
	meta=$stage/COMMIT
	author=$(sed -n 's/^author: //p' "$meta")
	date=$(sed -n 's/^date: //p' "$meta")
	GIT_AUTHOR_NAME=${author% <*}
	GIT_AUTHOR_EMAIL=$(printf '%s' "$author" | sed 's/.*<\(.*\)>/\1/')
	GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME
	GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
	GIT_AUTHOR_DATE="$date"
	GIT_COMMITTER_DATE="$date"
	export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
		GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
	for p in $(sed -n 's/^delete: //p' "$meta"); do
		git rm -q -- "$p"
	done
	if [ -d "$stage/tree" ]; then
		(cd "$stage/tree" && find . -type f) | sort | while read -r f; do
			mkdir -p "$(dirname "$f")"
			cat "$stage/tree/$f" >"$f"
			chmod 644 "$f"
		done
	fi
	git add -A
	sed '1,/^$/d' "$meta" | git commit -q -F -
done
git log --format='%h %ad %an  %s' --date=short | tail -n +1 >&2
