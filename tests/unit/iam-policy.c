/* Unit tests for lib/iam/policy.c: forms, validation, limits. */
#include "compat.h"

#include "iam/policy.h"
#include "iam-test.h"
#include "unit.h"

/* refused: the reason a document is refused, "" when accepted. */
static char reason[512];
static const char *refused(const char *text, enum nhi_iam_kind kind)
{
	struct nhi_buf err = NHI_BUF_INIT;
	json_t *doc = json_loads(text, JSON_DECODE_ANY, NULL);
	struct nhi_iam_policy *p = nhi_iam_policy_parse(doc, kind, "inline:t", &err);

	snprintf(reason, sizeof(reason), "%s", p ? "" : err.buf);
	nhi_iam_policy_free(p);
	json_decref(doc);
	nhi_buf_release(&err);
	return reason;
}

static void test_forms(void)
{
	struct nhi_iam_policy *p;
	struct nhi_buf b = NHI_BUF_INIT;

	/* A single statement object, single strings. */
	p = iam_test_policy("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}", NHI_IAM_IDENTITY, "inline:a");
	CHECK(p && p->nstmts == 1 && p->stmts[0].nactions == 1 && p->stmts[0].effect == NHI_IAM_ALLOW);
	CHECK(p && strlen(p->hash) == 16);
	CHECK_STR(p ? nhi_iam_stmt_label(p, &p->stmts[0], &b) : NULL, "inline:a#0");
	nhi_iam_policy_free(p);
	/* Arrays, Sid, NotAction, NotResource, Condition. */
	p = iam_test_policy("{\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"sts:*\"],\"NotResource\":[\"arn:aws:s3:::x\"],\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":false}}}]}", NHI_IAM_IDENTITY, "managed:arn:aws:iam::1:policy/p");
	CHECK(p && p->stmts[0].not_action && p->stmts[0].not_resource && p->stmts[0].nactions == 2);
	CHECK(p && p->stmts[0].condition && p->stmts[0].effect == NHI_IAM_DENY);
	nhi_buf_reset(&b);
	CHECK_STR(p ? nhi_iam_stmt_label(p, &p->stmts[0], &b) : NULL, "managed:arn:aws:iam::1:policy/p#A");
	nhi_iam_policy_free(p);
	/* Principals kept as Type:value. */
	p = iam_test_policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\",\"AWS\":[\"arn:aws:iam::1:root\"]},\"Action\":\"sts:AssumeRole\"}]}", NHI_IAM_TRUST, "trust");
	CHECK(p && p->stmts[0].nprincipals == 2 && !p->stmts[0].has_resource);
	CHECK(p && (!strcmp(p->stmts[0].principals[0], "Service:lambda.amazonaws.com") || !strcmp(p->stmts[0].principals[1], "Service:lambda.amazonaws.com")));
	nhi_iam_policy_free(p);
	nhi_buf_release(&b);
	/* The raw API's URL-encoded string, and a plain JSON string. */
	json_t *s = json_string("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D");
	p = nhi_iam_policy_parse(s, NHI_IAM_IDENTITY, NULL, NULL);
	CHECK(p && p->nstmts == 1 && !strcmp(p->stmts[0].actions[0], "*"));
	nhi_iam_policy_free(p);
	json_decref(s);
	s = json_string("  {\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}");
	p = nhi_iam_policy_parse(s, NHI_IAM_IDENTITY, NULL, NULL);
	CHECK(p != NULL);
	nhi_iam_policy_free(p);
	json_decref(s);
	/* Same document, same hash; another kind, another hash. */
	struct nhi_iam_policy *a = iam_test_policy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}", NHI_IAM_IDENTITY, "x");
	struct nhi_iam_policy *c = iam_test_policy("{\"Statement\":{\"Resource\":\"*\",\"Action\":\"*\",\"Effect\":\"Allow\"}}", NHI_IAM_IDENTITY, "y");
	struct nhi_iam_policy *d = iam_test_policy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}", NHI_IAM_BOUNDARY, "x");
	CHECK(a && c && d && !strcmp(a->hash, c->hash) && strcmp(a->hash, d->hash));
	nhi_iam_policy_free(a);
	nhi_iam_policy_free(c);
	nhi_iam_policy_free(d);
	CHECK(nhi_iam_kind_from_via("boundary:arn:x") == NHI_IAM_BOUNDARY);
	CHECK(nhi_iam_kind_from_via("scp:p-1") == NHI_IAM_SCP);
	CHECK(nhi_iam_kind_from_via("group:dev/managed:arn") == NHI_IAM_IDENTITY);
	CHECK(nhi_iam_kind_from_via("resource:arn:aws:s3:::b") == NHI_IAM_RESOURCE);
}

static void test_invalid(void)
{
	CHECK_STR(refused("[]", NHI_IAM_IDENTITY), "a policy must be a JSON object");
	CHECK_STR(refused("\"{not json\"", NHI_IAM_IDENTITY), "invalid JSON: string or '}' expected near 'not'");
	CHECK_STR(refused("{}", NHI_IAM_IDENTITY), "no Statement");
	CHECK_STR(refused("{\"Statement\":[]}", NHI_IAM_IDENTITY), "Statement is an empty list");
	CHECK_STR(refused("{\"Version\":\"2020-01-01\",\"Statement\":[]}", NHI_IAM_IDENTITY), "Version must be 2012-10-17 or 2008-10-17");
	CHECK_STR(refused("{\"Statment\":[]}", NHI_IAM_IDENTITY), "unknown element \"Statment\"");
	CHECK_STR(refused("{\"Statement\":[1]}", NHI_IAM_IDENTITY), "statement 0: not an object");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: Effect must be Allow or Deny");
	CHECK_STR(refused("{\"Statement\":[{\"Action\":\"*\",\"Resource\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: no Effect");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: no Action or NotAction");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"*\",\"Resource\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: both Action and NotAction");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: no Resource or NotResource");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3\",\"Resource\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: action \"s3\" is not service:action");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: Action is an empty list");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[7],\"Resource\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: Action must be a string or a list of strings");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"\"}]}", NHI_IAM_IDENTITY), "statement 0: Resource holds an empty string");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Principal\":\"*\"}]}", NHI_IAM_IDENTITY), "statement 0: Principal is only for resource and trust policies");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", NHI_IAM_RESOURCE), "statement 0: no Principal or NotPrincipal");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Principal\":\"*\"}]}", NHI_IAM_TRUST), "statement 0: a trust policy has no Resource");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Principal\":{\"Bogus\":\"x\"}}]}", NHI_IAM_TRUST), "statement 0: unknown principal type \"Bogus\"");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":\"x\"}}]}", NHI_IAM_IDENTITY), "statement 0: condition operator StringEquals must map keys to values");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k\":{}}}}]}", NHI_IAM_IDENTITY), "statement 0: condition key k: values must be strings, numbers or booleans");
	CHECK_STR(refused("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Bogus\":1}]}", NHI_IAM_IDENTITY), "statement 0: unknown element \"Bogus\"");
	CHECK_STR(refused("7", NHI_IAM_IDENTITY), "a policy must be a JSON object");
}

static void test_limits(void)
{
	struct nhi_buf b = NHI_BUF_INIT;

	nhi_buf_adds(&b, "{\"Statement\":[");
	for (int i = 0; i < NHI_IAM_MAX_STATEMENTS + 1; i++)
		nhi_buf_addf(&b, "%s{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}", i ? "," : "");
	nhi_buf_adds(&b, "]}");
	CHECK_STR(refused(b.buf, NHI_IAM_IDENTITY), "more than 4096 statements");
	nhi_buf_reset(&b);
	nhi_buf_adds(&b, "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":[");
	for (int i = 0; i < NHI_IAM_MAX_VALUES + 1; i++)
		nhi_buf_addf(&b, "%s\"r\"", i ? "," : "");
	nhi_buf_adds(&b, "]}]}");
	CHECK_STR(refused(b.buf, NHI_IAM_IDENTITY), "statement 0: more than 65536 values");
	nhi_buf_release(&b);
}

int main(void)
{
	test_forms();
	test_invalid();
	test_limits();
	return unit_done();
}
