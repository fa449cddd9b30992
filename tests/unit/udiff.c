/* Unit tests for lib/udiff. */
#include "compat.h"

#include "buf.h"
#include "udiff.h"
#include "unit.h"

static const char *diff(const char *a, const char *b)
{
	static struct nhi_buf out = NHI_BUF_INIT;

	nhi_buf_reset(&out);
	if (nhi_udiff(a, b, "a/f", "b/f", 3, &out))
		return "(too long)";
	return out.buf;
}

int main(void)
{
	CHECK_STR(diff("a\nb\n", "a\nb\n"), "");
	CHECK_STR(diff("a\nb\nc\n", "a\nc\n"),
		  "--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
	CHECK_STR(diff("a\n", "a\nb\n"), "--- a/f\n+++ b/f\n@@ -1,1 +1,2 @@\n a\n+b\n");
	CHECK_STR(diff("", "x\n"), "--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+x\n");
	CHECK_STR(diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n"),
		  "--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n"
		  "@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n");
	CHECK_STR(diff("a\nb", "a\nc"),
		  "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
	return unit_done();
}
