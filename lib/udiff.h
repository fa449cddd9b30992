/* udiff.h: a unified diff of two texts (line-based, LCS), as patch(1) and
 * git apply read it. Texts up to NHI_UDIFF_MAX_LINES lines each; larger
 * inputs are refused rather than made slow. */
#ifndef NHI_UDIFF_H
#define NHI_UDIFF_H

#include "buf.h"

#define NHI_UDIFF_MAX_LINES 20000

/* nhi_udiff: append to out the diff turning a into b, with the "--- " and
 * "+++ " headers naming old_name and new_name, context lines of context.
 * Returns 0 (nothing appended when a and b are equal), or -1 when a text is
 * too long. */
int nhi_udiff(const char *a, const char *b, const char *old_name,
	      const char *new_name, int context, struct nhi_buf *out);

#endif
