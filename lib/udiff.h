/* udiff.h: a unified diff of two texts, line by line (diff -u style, three
 * lines of context).  The longest common subsequence is exact up to
 * NHI_UDIFF_MAX_CELLS (lines of a times lines of b); larger inputs are
 * shown as one replacement hunk rather than taking unbounded memory. */
#ifndef NHI_UDIFF_H
#define NHI_UDIFF_H

#include "buf.h"

#define NHI_UDIFF_MAX_CELLS (4u << 20)

/* nhi_udiff: "--- la\n+++ lb\n@@ ... @@" hunks appended to out; nothing
 * when the texts are equal.  Returns the number of hunks. */
int nhi_udiff(const char *a, const char *b, const char *la, const char *lb,
	      struct nhi_buf *out);

#endif
