#!/bin/sh
# bench/iam-eval.sh [N [K]]: lib/iam throughput: N evaluations (default 1M),
# K reach summaries and escalation searches (default 2000). Builds
# bench/iam-eval.c against the library in $O (default: the tree).
top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$top}
make -s -C "$top" O="$O" "$O/lib/libnhi.a" || exit 4
cc -std=c11 -O2 -I"$top/lib" $(pkg-config --cflags jansson) \
	-o "$O/bench-iam-eval" "$top/bench/iam-eval.c" "$O/lib/libnhi.a" \
	$(pkg-config --libs jansson libcurl yaml-0.1 zlib libcrypto) -lm || exit 4
NHI_DATA_DIR=${NHI_DATA_DIR:-$top/data} "$O/bench-iam-eval" "$@"
