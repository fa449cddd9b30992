/* Unit tests for jsonspan: member and element spans, keys as JSON decodes
 * them, nested members, and the malformed texts the scan must refuse. */
#include "compat.h"

#include <stdlib.h>

#include "buf.h"
#include "jsonspan.h"
#include "unit.h"

/* span_of: the text of name's value in obj, or "(absent)" / "(bad)". */
static const char *span_of(const char *obj, const char *name)
{
	static char out[256];
	struct nhi_jspan v;
	int r = nhi_jspan_get(obj, strlen(obj), name, &v);

	if (r <= 0)
		return r ? "(bad)" : "(absent)";
	snprintf(out, sizeof(out), "%.*s", (int)v.n, v.p);
	return out;
}

static void test_members(void)
{
	const char *line = "{\"kind\":\"lineage\",\"id\":\"a\\\"b\",\"storage\":[{\"x\":\"}]\\\\\"},[1,-2.5e+3,true,false,null]],"
			   "\"policies\":[{\"via\":\"inline:p\",\"document\":{\"Statement\":[]}}],\"n\":0}";
	struct nhi_jspan_iter it;
	struct nhi_jspan k, v;
	int n = 0;

	CHECK_STR(span_of(line, "kind"), "\"lineage\"");
	CHECK_STR(span_of(line, "id"), "\"a\\\"b\"");
	CHECK_STR(span_of(line, "storage"), "[{\"x\":\"}]\\\\\"},[1,-2.5e+3,true,false,null]]");
	CHECK_STR(span_of(line, "policies"), "[{\"via\":\"inline:p\",\"document\":{\"Statement\":[]}}]");
	CHECK_STR(span_of(line, "n"), "0");
	CHECK_STR(span_of(line, "x"), "(absent)");
	CHECK(nhi_jspan_members(&it, line, strlen(line)));
	while (nhi_jspan_next_member(&it, &k, &v) == 1)
		n++;
	CHECK(n == 5);
	/* after the end the iteration stays ended */
	CHECK(nhi_jspan_next_member(&it, &k, &v) == -1);
	CHECK(!nhi_jspan_members(&it, "[1]", 3));
	CHECK(!nhi_jspan_members(&it, "", 0));
}

static void test_elements(void)
{
	const char *a = " [ {\"via\":\"a\"} , \"s\" ,[ ], 7 ] ";
	struct nhi_jspan_iter it;
	struct nhi_jspan v;
	char got[4][32];
	int n = 0;

	CHECK(nhi_jspan_elements(&it, a, strlen(a)));
	while (n < 4 && nhi_jspan_next_element(&it, &v) == 1) {
		snprintf(got[n], sizeof(got[n]), "%.*s", (int)v.n, v.p);
		n++;
	}
	CHECK(n == 4);
	CHECK_STR(got[0], "{\"via\":\"a\"}");
	CHECK_STR(got[1], "\"s\"");
	CHECK_STR(got[2], "[ ]");
	CHECK_STR(got[3], "7");
	CHECK(nhi_jspan_next_element(&it, &v) == 0);
	CHECK(nhi_jspan_elements(&it, "[]", 2) && nhi_jspan_next_element(&it, &v) == 0);
	CHECK(nhi_jspan_elements(&it, "[1,]", 4) && nhi_jspan_next_element(&it, &v) == 1 &&
	      nhi_jspan_next_element(&it, &v) == -1);
}

static void test_keys(void)
{
	/* keys compare as decoded; the last of a repeated key wins */
	const char *o = "{\"\\u0069d\":1,\"a\\/b\":2,\"\\u00e9t\\u00e9\":3,\"\\ud83d\\ude00\":4,\"id\":5,\"x\\u0000\":6}";

	CHECK_STR(span_of(o, "id"), "5");
	CHECK_STR(span_of(o, "a/b"), "2");
	CHECK_STR(span_of(o, "\xc3\xa9t\xc3\xa9"), "3");
	CHECK_STR(span_of(o, "\xf0\x9f\x98\x80"), "4");
	CHECK_STR(span_of(o, "x"), "(absent)");
	CHECK_STR(span_of("{\"\\ud83d\":1}", "\xed\xa0\xbd"), "(absent)");
}

static void test_nested(void)
{
	const char *l = "{\"reach\":{\"summary\":\"s\",\"paths\":[{\"reaches\":\"admin-equivalent\"}],"
			"\"deep\":{\"a\":{\"b\":true}}},\"blast_radius\":97,\"id\":\"x\"}";

	CHECK_STR(span_of(l, "reach.paths"), "[{\"reaches\":\"admin-equivalent\"}]");
	CHECK_STR(span_of(l, "reach.deep.a.b"), "true");
	CHECK_STR(span_of(l, "reach.transitive"), "(absent)");
	CHECK_STR(span_of(l, "id.x"), "(absent)");
	CHECK_STR(span_of(l, "nothing.x"), "(absent)");
}

static void test_malformed(void)
{
	static const char *const bad[] = {
		"{\"a\":1", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "{\"a\":\"x}",
		"{\"a\":[1,2}", "{\"a\":1} x", "{\"a\":tru}", "{\"a\":01}", "{\"a\":-}",
		"{\"a\":1.}", "{\"a\":1e}", "{\"a\":\"x\\\"}", "{\"a\":1 \"b\":2}",
		"{\"a\":{\"b\":[}}", "{,\"a\":1}", NULL,
	};
	struct nhi_buf deep = NHI_BUF_INIT;

	for (size_t i = 0; bad[i]; i++) {
		struct nhi_jspan v;
		int r = nhi_jspan_get(bad[i], strlen(bad[i]), "a", &v);

		if (r != -1)
			printf("taken as well formed: %s\n", bad[i]);
		CHECK(r == -1);
	}
	/* nesting past NHI_MAX_DEPTH (512) is refused, 512 is not */
	nhi_buf_adds(&deep, "{\"a\":");
	for (int i = 0; i < 511; i++)
		nhi_buf_addch(&deep, '[');
	for (int i = 0; i < 511; i++)
		nhi_buf_addch(&deep, ']');
	nhi_buf_addch(&deep, '}');
	CHECK(strcmp(span_of(deep.buf, "a"), "(bad)"));
	nhi_buf_reset(&deep);
	nhi_buf_adds(&deep, "{\"a\":");
	for (int i = 0; i < 512; i++)
		nhi_buf_addch(&deep, '[');
	for (int i = 0; i < 512; i++)
		nhi_buf_addch(&deep, ']');
	nhi_buf_addch(&deep, '}');
	CHECK_STR(span_of(deep.buf, "a"), "(bad)");
	nhi_buf_release(&deep);
}

static void test_string(void)
{
	struct nhi_buf b = NHI_BUF_INIT;
	struct nhi_jspan s = { "\"a\\tb\\u00e9\\\\\"", 14 };

	CHECK(nhi_jspan_string(&s, &b) == 0);
	CHECK_STR(b.buf, "a\tb\xc3\xa9\\");
	nhi_buf_reset(&b);
	s.p = "\"bad \\x\"";
	s.n = 8;
	CHECK(nhi_jspan_string(&s, &b) == -1);
	s.p = "17";
	s.n = 2;
	CHECK(nhi_jspan_string(&s, &b) == -1);
	nhi_buf_release(&b);
}

int main(void)
{
	test_members();
	test_elements();
	test_keys();
	test_nested();
	test_malformed();
	test_string();
	return unit_done();
}
