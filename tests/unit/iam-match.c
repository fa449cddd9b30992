/* Unit tests for lib/iam/match.c and lib/iam/catalog.c. */
#include "compat.h"

#include "iam/catalog.h"
#include "iam/match.h"
#include "iam-test.h"
#include "unit.h"

static void test_glob(void)
{
	CHECK(nhi_iam_glob("s3:Get*", "s3:GetObject", false));
	CHECK(!nhi_iam_glob("s3:Get*", "s3:getobject", false));
	CHECK(nhi_iam_glob("s3:Get*", "s3:getobject", true));
	CHECK(nhi_iam_glob("s3:?etObject", "s3:GetObject", false));
	CHECK(!nhi_iam_glob("s3:?etObject", "s3:etObject", false));
	CHECK(nhi_iam_glob("*", "", false));
	CHECK(nhi_iam_glob("a*b*c", "aXXbYYc", false));
	CHECK(!nhi_iam_glob("a*b*c", "aXXbYY", false));
	CHECK(nhi_iam_glob("**", "x", false));
	/* Actions: case-insensitive. */
	CHECK(nhi_iam_action_match("IAM:passrole", "iam:PassRole"));
	CHECK(nhi_iam_action_match("*", "anything:Else"));
	CHECK(!nhi_iam_action_match("iam:Pass", "iam:PassRole"));
	/* ARNs: case-sensitive. */
	CHECK(nhi_iam_arn_match("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b"));
	CHECK(!nhi_iam_arn_match("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/a"));
	CHECK(nhi_iam_arn_match("arn:aws:iam::*:role/x", "arn:aws:iam::123456789012:role/x"));
	/* A '*' inside a segment does not cross a colon. */
	CHECK(!nhi_iam_arn_match("arn:aws:iam::1*2:role/x", "arn:aws:iam::1:x:2:role/x"));
	CHECK(nhi_iam_arn_match("arn:aws:iam::1*2:role/x", "arn:aws:iam::1002:role/x"));
	/* The resource segment may hold colons. */
	CHECK(nhi_iam_arn_match("arn:aws:logs:*:*:log-group:/aws/*", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:log-stream:y"));
	CHECK(nhi_iam_glob_overlap("arn:aws:iam::*:role/a*", "arn:aws:iam::123:role/*", false));
	CHECK(!nhi_iam_arn_overlap("arn:aws:iam::*:role/a*", "arn:aws:iam::123:user/*"));
	CHECK(nhi_iam_arn_overlap("arn:aws:iam::*:role/a*", "arn:aws:iam::123:role/*"));
	CHECK(nhi_iam_arn_overlap("*", "arn:aws:iam::123:role/*"));
	CHECK(nhi_iam_glob_overlap("a?c", "*b*", false));
	CHECK(!nhi_iam_glob_overlap("abc", "abd", false));
}

/* Hostile sizes: the quadratic matchers refuse past their cap, in the
 * direction that never hides a grant (overlap) or invents one (match). */
static void test_limits(void)
{
	struct nhi_buf p = NHI_BUF_INIT, s = NHI_BUF_INIT;

	nhi_buf_adds(&p, "arn:aws:iam::1*2:role/");
	for (int i = 0; i < 3000; i++)
		nhi_buf_adds(&p, "*a");
	nhi_buf_adds(&s, "arn:aws:iam::102:role/");
	for (int i = 0; i < 3000; i++)
		nhi_buf_adds(&s, "ab");
	CHECK(!nhi_iam_arn_match(p.buf, s.buf));
	CHECK(nhi_iam_glob_overlap(p.buf, s.buf, false));
	CHECK(!nhi_iam_glob(p.buf + 22, s.buf, false));
	nhi_buf_release(&p);
	nhi_buf_release(&s);
}

static void test_vars(void)
{
	json_t *ctx = iam_test_json("{\"aws:username\":\"alice\",\"aws:PrincipalTag/team\":\"red\",\"aws:userid\":null}");
	struct nhi_buf b = NHI_BUF_INIT;
	bool u;

	CHECK_STR(nhi_iam_subst("arn:aws:iam::*:user/${aws:username}", ctx, &b, &u), "arn:aws:iam::*:user/alice");
	CHECK(!u);
	nhi_buf_reset(&b);
	/* Key names are case-insensitive. */
	CHECK_STR(nhi_iam_subst("x/${AWS:USERNAME}/${aws:principaltag/team}", ctx, &b, &u), "x/alice/red");
	nhi_buf_reset(&b);
	nhi_iam_subst("x/${aws:SourceIdentity}", ctx, &b, &u);
	CHECK(u);
	nhi_buf_reset(&b);
	CHECK_STR(nhi_iam_subst("x/${aws:userid, 'none'}", ctx, &b, &u), "x/none");
	CHECK(!u);
	nhi_buf_release(&b);

	CHECK(nhi_iam_resource_match("arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::123456789012:user/alice", ctx) == NHI_IAM_YES);
	CHECK(nhi_iam_resource_match("arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::123456789012:user/bob", ctx) == NHI_IAM_NO);
	/* Unknown: might match, never a silent yes. */
	CHECK(nhi_iam_resource_match("arn:aws:s3:::b/${aws:SourceIdentity}/*", "arn:aws:s3:::b/x/y", ctx) == NHI_IAM_MAYBE);
	CHECK(nhi_iam_resource_match("arn:aws:s3:::b/${aws:SourceIdentity}/*", "arn:aws:s3:::c/x/y", ctx) == NHI_IAM_NO);
	/* Known absent: matches nothing. */
	CHECK(nhi_iam_resource_match("arn:aws:s3:::b/${aws:userid}", "arn:aws:s3:::b/x", ctx) == NHI_IAM_NO);
	/* Escapes are literal characters. */
	CHECK(nhi_iam_resource_match("arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*", ctx) == NHI_IAM_YES);
	CHECK(nhi_iam_resource_match("arn:aws:s3:::b/${*}", "arn:aws:s3:::b/x", ctx) == NHI_IAM_NO);
	CHECK(nhi_iam_resource_match("arn:aws:s3:::b/${$}${?}", "arn:aws:s3:::b/$?", ctx) == NHI_IAM_YES);
	json_decref(ctx);
}

static int count_fn(const struct nhi_iam_action *a, void *arg)
{
	(void)a;
	(*(size_t *)arg)++;
	return 0;
}

static void test_catalog(void)
{
	const struct nhi_iam_action *a;
	const struct nhi_iam_service *s;
	size_t n = 0;

	iam_test_catalog();
	CHECK(nhi_iam_catalog_count() > 20000);
	a = nhi_iam_catalog_find("IAM:PASSROLE");
	CHECK(a && !strcmp(a->name, "iam:PassRole"));
	CHECK(a && a->access == NHI_IAM_WRITE);
	CHECK(a && a->nreq == 1 && !strcmp(a->req[0], "role"));
	a = nhi_iam_catalog_find("s3:GetObject");
	CHECK(a && a->access == NHI_IAM_READ && nhi_iam_catalog_at(a->id) == a);
	a = nhi_iam_catalog_find("iam:AttachUserPolicy");
	CHECK(a && a->access == NHI_IAM_PERMISSIONS);
	CHECK_STR(nhi_iam_access_str(NHI_IAM_PERMISSIONS), "Permissions management");
	CHECK(nhi_iam_access_parse("list") == NHI_IAM_LIST);
	CHECK(!nhi_iam_catalog_find("s3:NoSuchAction"));
	CHECK(!nhi_iam_catalog_find("s3"));
	s = nhi_iam_catalog_service("S3");
	CHECK(s && !strcmp(s->name, "s3") && s->n > 100);
	CHECK(nhi_iam_catalog_expand("*", NULL, NULL) == nhi_iam_catalog_count());
	CHECK(s && nhi_iam_catalog_expand("s3:*", NULL, NULL) == s->n);
	nhi_iam_catalog_expand("s3:get*", count_fn, &n);
	CHECK(n > 30 && n < s->n);
	CHECK(nhi_iam_catalog_expand("iam:PassRole", NULL, NULL) == 1);
	CHECK(nhi_iam_catalog_expand("nosuch:*", NULL, NULL) == 0);
	CHECK(nhi_iam_catalog_expand("*:ListAllMyBuckets", NULL, NULL) >= 1);
	/* Services are sorted and cover the whole catalog. */
	size_t total = 0;
	for (size_t i = 0; i < nhi_iam_catalog_service_count(); i++) {
		const struct nhi_iam_service *x = nhi_iam_catalog_service_at(i);
		total += x->n;
		if (i)
			CHECK(strcmp(nhi_iam_catalog_service_at(i - 1)->name, x->name) < 0);
	}
	CHECK(total == nhi_iam_catalog_count());
}

int main(void)
{
	test_glob();
	test_limits();
	test_vars();
	test_catalog();
	return unit_done();
}
