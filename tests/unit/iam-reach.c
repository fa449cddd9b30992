/* Unit tests for lib/iam/reach.c: grades, roll-ups, admin detection. */
#include "compat.h"

#include "iam/reach.h"
#include "iam-test.h"
#include "unit.h"

#define ME "arn:aws:iam::111111111111:user/alice"
#define ROLE "arn:aws:iam::111111111111:role/app"

static struct nhi_iam_reach *reach_of(const char *const *docs, size_t n,
				      const char *boundary, const char *who,
				      struct nhi_iam_reach_cache *cache)
{
	struct nhi_iam_policy *p[8], *b = NULL;
	struct nhi_iam_set set = {.identity = p, .nidentity = n};
	struct nhi_iam_reach *r;
	char via[32];

	for (size_t i = 0; i < n; i++) {
		snprintf(via, sizeof(via), "inline:p%zu", i);
		p[i] = iam_test_policy(docs[i], NHI_IAM_IDENTITY, via);
	}
	if (boundary)
		set.boundary = b = iam_test_policy(boundary, NHI_IAM_BOUNDARY, "boundary:b");
	r = nhi_iam_reach_compute(&set, who, NULL, cache);
	for (size_t i = 0; i < n; i++)
		nhi_iam_policy_free(p[i]);
	nhi_iam_policy_free(b);
	return r;
}

static enum nhi_iam_grant grade(const struct nhi_iam_reach *r, const char *action)
{
	const struct nhi_iam_action *a = nhi_iam_catalog_find(action);

	return a ? nhi_iam_reach_action(r, a->id) : NHI_IAM_GRANT_NONE;
}

static void test_admin(void)
{
	const char *star[] = {"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"};
	const char *carved[] = {star[0], "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"Resource\":\"*\"}}"};
	const char *attach[] = {"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"iam:AttachUserPolicy\",\"s3:ListAllMyBuckets\"],\"Resource\":\"*\"}}"};
	struct nhi_iam_reach *r;
	const char *why;

	r = reach_of(star, 1, NULL, ME, NULL);
	CHECK(nhi_iam_reach_admin(r, &why));
	CHECK_STR(why, "allows * on * with no Deny");
	CHECK_STR(nhi_iam_reach_summary(r), "admin-equivalent");
	CHECK(nhi_iam_reach_level(r, "s3", NHI_IAM_WRITE) == NHI_IAM_GRANT_ALL);
	nhi_iam_reach_free(r);
	/* A Deny carving out IAM: not admin, IAM gone, the rest all. */
	r = reach_of(carved, 2, NULL, ME, NULL);
	CHECK(!nhi_iam_reach_admin(r, &why) && why == NULL);
	CHECK(grade(r, "iam:CreateUser") == NHI_IAM_GRANT_NONE);
	CHECK(nhi_iam_reach_level(r, "iam", NHI_IAM_ACCESS_UNKNOWN) == NHI_IAM_GRANT_NONE);
	CHECK(nhi_iam_reach_level(r, "ec2", NHI_IAM_WRITE) == NHI_IAM_GRANT_ALL);
	CHECK_STR(nhi_iam_reach_summary(r), "permissions-management");
	nhi_iam_reach_free(r);
	/* AttachUserPolicy on * for a user: admin-equivalent, and why. */
	r = reach_of(attach, 1, NULL, ME, NULL);
	CHECK(nhi_iam_reach_admin(r, &why));
	CHECK_STR(why, "iam:AttachUserPolicy on * (inline:p0#0): can attach AdministratorAccess to itself");
	nhi_iam_reach_free(r);
	/* The same grant held by a role cannot reach the role itself. */
	r = reach_of(attach, 1, NULL, ROLE, NULL);
	CHECK(!nhi_iam_reach_admin(r, NULL));
	nhi_iam_reach_free(r);
	/* A boundary intersects: "*" under an S3-only boundary is S3 only. */
	r = reach_of(star, 1, "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}", ME, NULL);
	CHECK(!nhi_iam_reach_admin(r, NULL));
	CHECK(nhi_iam_reach_level(r, "s3", NHI_IAM_ACCESS_UNKNOWN) == NHI_IAM_GRANT_ALL);
	CHECK(nhi_iam_reach_level(r, "ec2", NHI_IAM_ACCESS_UNKNOWN) == NHI_IAM_GRANT_NONE);
	CHECK_STR(nhi_iam_reach_summary(r), "permissions-management");
	nhi_iam_reach_free(r);
}

static void test_levels(void)
{
	const char *docs[] = {
		"{\"Statement\":[{\"Sid\":\"R\",\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"s3:List*\"],\"Resource\":\"arn:aws:s3:::data/*\"},"
		"{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"},"
		"{\"Effect\":\"Allow\",\"Action\":\"ec2:RunInstances\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}},"
		"{\"Effect\":\"Allow\",\"Action\":\"iam:CreateAccessKey\",\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}]}",
	};
	struct nhi_iam_reach_cache *cache = nhi_iam_reach_cache_new(2);
	struct nhi_iam_reach *r = reach_of(docs, 1, NULL, ME, cache);
	json_t *j, *svc;

	CHECK(grade(r, "s3:GetObject") == NHI_IAM_GRANT_SOME);
	CHECK(grade(r, "s3:PutObject") == NHI_IAM_GRANT_NONE);
	CHECK(grade(r, "ec2:DescribeInstances") == NHI_IAM_GRANT_ALL);
	CHECK(grade(r, "ec2:RunInstances") == NHI_IAM_GRANT_CONDITIONAL);
	/* Self only: a specific resource, so "some", never "all". */
	CHECK(grade(r, "iam:CreateAccessKey") == NHI_IAM_GRANT_SOME);
	CHECK(nhi_iam_reach_level(r, "s3", NHI_IAM_READ) == NHI_IAM_GRANT_SOME);
	CHECK(nhi_iam_reach_level(r, "s3", NHI_IAM_WRITE) == NHI_IAM_GRANT_NONE);
	CHECK(nhi_iam_reach_level(r, "ec2", NHI_IAM_LIST) == NHI_IAM_GRANT_SOME);
	CHECK(nhi_iam_reach_level(r, "ec2", NHI_IAM_WRITE) == NHI_IAM_GRANT_CONDITIONAL);
	CHECK(!nhi_iam_reach_admin(r, NULL));
	CHECK_STR(nhi_iam_reach_summary(r), "write");
	j = nhi_iam_reach_json(r);
	svc = json_object_get(json_object_get(j, "services"), "ec2");
	CHECK_STR(json_string_value(json_object_get(svc, "Write")), "conditional");
	CHECK(json_array_size(json_object_get(j, "grants")) == 4);
	char *s = json_dumps(json_array_get(json_object_get(j, "grants"), 0), JSON_COMPACT);
	CHECK_STR(s, "{\"via\":\"inline:p0\",\"sid\":\"R\",\"actions\":[\"s3:Get*\",\"s3:List*\"],\"resources\":[\"arn:aws:s3:::data/*\"]}");
	free(s);
	json_decref(j);
	nhi_iam_reach_free(r);
	/* The cache gives the same answer the second time. */
	r = reach_of(docs, 1, NULL, ME, cache);
	CHECK(grade(r, "ec2:RunInstances") == NHI_IAM_GRANT_CONDITIONAL);
	nhi_iam_reach_free(r);
	nhi_iam_reach_cache_free(cache);
}

static void test_can(void)
{
	struct nhi_iam_policy *p = iam_test_policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"arn:aws:s3:::data/*\"}]}", NHI_IAM_IDENTITY, "inline:r");
	struct nhi_iam_set set = {.identity = &p, .nidentity = 1};
	struct nhi_iam_result res;

	CHECK(nhi_iam_reach_can(&set, ME, NULL, "s3:GetObject", "arn:aws:s3:::data/x", &res) == NHI_IAM_DECISION_ALLOW);
	CHECK(nhi_iam_reach_can(&set, ME, NULL, "s3:*", "arn:aws:s3:::data/x", &res) == NHI_IAM_DECISION_ALLOW);
	CHECK(res.nwhy == 1);
	CHECK(nhi_iam_reach_can(&set, ME, NULL, "s3:Put*", "arn:aws:s3:::data/x", &res) == NHI_IAM_DECISION_IMPLICIT_DENY);
	CHECK(nhi_iam_reach_can(&set, ME, NULL, "s3:GetObject", "arn:aws:s3:::*", NULL) == NHI_IAM_DECISION_ALLOW);
	CHECK(nhi_iam_reach_can(&set, ME, NULL, "s3:GetObject", "arn:aws:s3:::logs/*", NULL) == NHI_IAM_DECISION_IMPLICIT_DENY);
	nhi_iam_policy_free(p);
}

int main(void)
{
	iam_test_catalog();
	test_admin();
	test_levels();
	test_can();
	return unit_done();
}
