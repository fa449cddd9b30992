/* Unit tests for lib/iam/eval.c and cond.c: AWS decision semantics. */
#include "compat.h"

#include "iam/cond.h"
#include "iam/eval.h"
#include "iam/set.h"
#include "iam-test.h"
#include "unit.h"

#define ME "arn:aws:iam::111111111111:user/alice"
#define ROLE "arn:aws:iam::111111111111:role/app"
#define OTHER "arn:aws:iam::222222222222:user/mallory"
#define ALLOW_ALL "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"

struct fixture {
	struct nhi_iam_policy *id[4], *boundary, *scp[3], *res, *session;
	size_t nid, nscp;
};

static struct nhi_iam_policy *ID(const char *t) { return iam_test_policy(t, NHI_IAM_IDENTITY, "inline:t"); }

static enum nhi_iam_decision run(struct fixture *f, const char *who,
				 const char *action, const char *resource,
				 const char *ctx, struct nhi_iam_result *res)
{
	struct nhi_iam_set set = {
		.identity = f->id, .nidentity = f->nid, .boundary = f->boundary,
		.scps = f->scp, .nscps = f->nscp, .resource = f->res,
		.session = f->session,
	};
	json_t *c = iam_test_json(ctx);
	struct nhi_iam_request req = {.principal = who, .action = action,
				      .resource = resource, .context = c};
	enum nhi_iam_decision d = nhi_iam_eval(&set, &req, res);
	json_decref(c);
	return d;
}

static void release(struct fixture *f)
{
	for (size_t i = 0; i < f->nid; i++)
		nhi_iam_policy_free(f->id[i]);
	for (size_t i = 0; i < f->nscp; i++)
		nhi_iam_policy_free(f->scp[i]);
	nhi_iam_policy_free(f->boundary);
	nhi_iam_policy_free(f->res);
	nhi_iam_policy_free(f->session);
	memset(f, 0, sizeof(*f));
}

#define A NHI_IAM_DECISION_ALLOW
#define C NHI_IAM_DECISION_CONDITIONAL
#define I NHI_IAM_DECISION_IMPLICIT_DENY
#define E NHI_IAM_DECISION_EXPLICIT_DENY

static void test_basic(void)
{
	struct fixture f = {0};
	struct nhi_iam_result r;

	CHECK(run(&f, ME, "s3:GetObject", "*", NULL, &r) == I);
	CHECK_STR(r.reason, "no identity or resource policy allows");
	f.id[f.nid++] = ID("{\"Statement\":[{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"arn:aws:s3:::data/*\"}]}");
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::data/x", NULL, &r) == A);
	CHECK(r.nwhy == 1 && !strcmp(r.why[0].stmt->sid, "Read"));
	/* Actions are case-insensitive, ARNs are not. */
	CHECK(run(&f, ME, "S3:getobject", "arn:aws:s3:::data/x", NULL, NULL) == A);
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::Data/x", NULL, NULL) == I);
	CHECK(run(&f, ME, "s3:PutObject", "arn:aws:s3:::data/x", NULL, NULL) == I);
	/* Deny wins over any Allow. */
	f.id[f.nid++] = ID("{\"Statement\":[{\"Sid\":\"NoSecret\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::data/secret*\"}]}");
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::data/secret.txt", NULL, &r) == E);
	CHECK(r.nwhy == 1 && !strcmp(r.why[0].stmt->sid, "NoSecret"));
	CHECK_STR(r.reason, "explicit deny");
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::data/public.txt", NULL, NULL) == A);
	json_t *j = nhi_iam_result_json(&r);
	char *s = json_dumps(j, JSON_COMPACT);
	CHECK_STR(s, "{\"decision\":\"explicit_deny\",\"reason\":\"explicit deny\",\"statements\":[{\"via\":\"inline:t\",\"sid\":\"NoSecret\",\"effect\":\"explicit_deny\"}]}");
	free(s);
	json_decref(j);
	release(&f);
}

static void test_not(void)
{
	struct fixture f = {0};

	/* NotAction with Deny: everything except iam:* is denied. */
	f.id[f.nid++] = ID(ALLOW_ALL);
	f.id[f.nid++] = ID("{\"Statement\":{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"sts:GetCallerIdentity\"],\"Resource\":\"*\"}}");
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::b/k", NULL, NULL) == E);
	CHECK(run(&f, ME, "iam:CreateUser", "arn:aws:iam::111111111111:user/x", NULL, NULL) == A);
	CHECK(run(&f, ME, "sts:GetCallerIdentity", "*", NULL, NULL) == A);
	release(&f);
	/* NotAction with Allow: everything but IAM. */
	f.id[f.nid++] = ID("{\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}}");
	CHECK(run(&f, ME, "ec2:RunInstances", "*", NULL, NULL) == A);
	CHECK(run(&f, ME, "iam:PassRole", ROLE, NULL, NULL) == I);
	release(&f);
	/* NotResource. */
	f.id[f.nid++] = ID("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotResource\":[\"arn:aws:s3:::audit\",\"arn:aws:s3:::audit/*\"]}}");
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::data/x", NULL, NULL) == A);
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::audit/x", NULL, NULL) == I);
	release(&f);
}

static void test_boundary_scp_session(void)
{
	struct fixture f = {0};
	struct nhi_iam_result r;

	f.id[f.nid++] = ID(ALLOW_ALL);
	f.boundary = iam_test_policy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"iam:Get*\"],\"Resource\":\"*\"}}", NHI_IAM_BOUNDARY, "boundary:arn:aws:iam::111111111111:policy/b");
	CHECK(run(&f, ME, "s3:PutObject", "arn:aws:s3:::b/k", NULL, &r) == A);
	CHECK(r.nwhy == 2);
	CHECK(run(&f, ME, "iam:CreateUser", "*", NULL, &r) == I);
	CHECK_STR(r.reason, "not allowed by the permission boundary");
	/* The boundary alone grants nothing. */
	nhi_iam_policy_free(f.id[0]);
	f.nid = 0;
	CHECK(run(&f, ME, "s3:PutObject", "arn:aws:s3:::b/k", NULL, NULL) == I);
	f.id[f.nid++] = ID(ALLOW_ALL);
	/* SCPs: each level must allow; any SCP of a level is enough. */
	f.scp[f.nscp++] = iam_test_policy(ALLOW_ALL, NHI_IAM_SCP, "scp:p-full");
	f.scp[f.nscp] = iam_test_policy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}}", NHI_IAM_SCP, "scp:p-read");
	f.scp[f.nscp++]->level = 1;
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::b/k", NULL, NULL) == A);
	CHECK(run(&f, ME, "s3:PutObject", "arn:aws:s3:::b/k", NULL, &r) == I);
	CHECK_STR(r.reason, "not allowed by any service control policy");
	f.scp[f.nscp] = iam_test_policy("{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/secret\"}}", NHI_IAM_SCP, "scp:p-deny");
	f.scp[f.nscp++]->level = 1;
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::b/secret", NULL, NULL) == E);
	/* Session policy intersects too. */
	f.session = iam_test_policy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/public/*\"}}", NHI_IAM_SESSION, "session:x");
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::b/public/1", NULL, NULL) == A);
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::b/k", NULL, &r) == I);
	CHECK_STR(r.reason, "not allowed by the session policy");
	release(&f);
}

static void test_resource_policy(void)
{
	struct fixture f = {0};
	struct nhi_iam_result r;

	/* Same account: a resource policy naming the principal is enough. */
	f.res = iam_test_policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" ME "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"},"
				"{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::b/*\"},"
				"{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}",
				NHI_IAM_RESOURCE, "resource:arn:aws:s3:::b");
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::b/k", NULL, &r) == A);
	CHECK(r.nwhy == 1 && r.why[0].policy == f.res);
	/* Naming only the account defers to the identity policies. */
	CHECK(run(&f, ME, "s3:PutObject", "arn:aws:s3:::b/k", NULL, NULL) == I);
	/* Another principal of the account is not named. */
	CHECK(run(&f, "arn:aws:iam::111111111111:user/bob", "s3:GetObject", "arn:aws:s3:::b/k", NULL, NULL) == I);
	/* Cross-account: both sides must allow. */
	struct nhi_iam_set set = {.resource = f.res};
	struct nhi_iam_request req = {.principal = OTHER, .action = "s3:GetObject",
				      .resource = "arn:aws:s3:::b/k",
				      .resource_account = "111111111111"};
	CHECK(nhi_iam_eval(&set, &req, &r) == I);
	CHECK_STR(r.reason, "cross-account: no identity policy allows");
	struct nhi_iam_policy *mine = ID(ALLOW_ALL);
	set.identity = &mine;
	set.nidentity = 1;
	CHECK(nhi_iam_eval(&set, &req, NULL) == A);
	req.action = "s3:DeleteObject";
	CHECK(nhi_iam_eval(&set, &req, &r) == I);
	CHECK_STR(r.reason, "cross-account: the resource policy does not allow");
	/* Without the resource policy a cross-account answer is not known. */
	set.resource = NULL;
	CHECK(nhi_iam_eval(&set, &req, &r) == C);
	nhi_iam_policy_free(mine);
	/* A Deny in the resource policy wins. */
	nhi_iam_policy_free(f.res);
	f.res = iam_test_policy("{\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}", NHI_IAM_RESOURCE, "resource:b");
	f.id[f.nid++] = ID(ALLOW_ALL);
	CHECK(run(&f, ME, "s3:GetObject", "arn:aws:s3:::b/k", NULL, NULL) == E);
	release(&f);
}

static void test_conditions(void)
{
	struct fixture f = {0};
	struct nhi_iam_result r;

	f.id[f.nid++] = ID("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":[\"eu-west-1\",\"eu-central-1\"]}}}}");
	CHECK(run(&f, ME, "ec2:RunInstances", "*", "{\"aws:RequestedRegion\":\"eu-west-1\"}", NULL) == A);
	CHECK(run(&f, ME, "ec2:RunInstances", "*", "{\"aws:RequestedRegion\":\"us-east-1\"}", NULL) == I);
	/* Unknown key: conditional, never a silent allow or drop. */
	CHECK(run(&f, ME, "ec2:RunInstances", "*", NULL, &r) == C);
	CHECK_STR(r.reason, "allowed only under unknown conditions");
	CHECK(r.nwhy == 1 && r.why[0].effect == C);
	release(&f);
	/* A conditional Deny makes an Allow conditional. */
	f.id[f.nid++] = ID(ALLOW_ALL);
	f.id[f.nid++] = ID("{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}}");
	CHECK(run(&f, ME, "s3:GetObject", "*", NULL, &r) == C);
	CHECK_STR(r.reason, "a Deny applies under unknown conditions");
	CHECK(run(&f, ME, "s3:GetObject", "*", "{\"aws:MultiFactorAuthPresent\":true}", NULL) == A);
	CHECK(run(&f, ME, "s3:GetObject", "*", "{\"aws:MultiFactorAuthPresent\":false}", NULL) == E);
	/* Known absent: Bool is false, so the Deny does not apply. */
	CHECK(run(&f, ME, "s3:GetObject", "*", "{\"aws:MultiFactorAuthPresent\":null}", NULL) == A);
	release(&f);
	/* IfExists: absent passes, present is checked. */
	f.id[f.nid++] = ID("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEqualsIfExists\":{\"s3:x-amz-server-side-encryption\":\"aws:kms\"}}}}");
	CHECK(run(&f, ME, "s3:PutObject", "*", "{\"s3:x-amz-server-side-encryption\":null}", NULL) == A);
	CHECK(run(&f, ME, "s3:PutObject", "*", "{\"s3:x-amz-server-side-encryption\":\"AES256\"}", NULL) == I);
	CHECK(run(&f, ME, "s3:PutObject", "*", "{\"s3:x-amz-server-side-encryption\":\"aws:kms\"}", NULL) == A);
	CHECK(run(&f, ME, "s3:PutObject", "*", NULL, NULL) == C);
	release(&f);
	/* Policy variables in Resource: ${aws:username}. */
	f.id[f.nid++] = ID("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:CreateAccessKey\",\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}}");
	CHECK(run(&f, ME, "iam:CreateAccessKey", ME, "{\"aws:username\":\"alice\"}", NULL) == A);
	CHECK(run(&f, ME, "iam:CreateAccessKey", "arn:aws:iam::111111111111:user/bob", "{\"aws:username\":\"alice\"}", NULL) == I);
	CHECK(run(&f, ME, "iam:CreateAccessKey", "arn:aws:iam::111111111111:user/bob", NULL, NULL) == C);
	release(&f);
}

static enum nhi_iam_tri cond(const char *c, const char *ctx)
{
	json_t *cj = iam_test_json(c), *xj = iam_test_json(ctx);
	enum nhi_iam_tri t = nhi_iam_condition_eval(cj, xj);
	json_decref(cj);
	json_decref(xj);
	return t;
}

#define Y NHI_IAM_YES
#define N NHI_IAM_NO
#define M NHI_IAM_MAYBE

static void test_operators(void)
{
	CHECK(cond("{\"StringLike\":{\"s3:prefix\":[\"home/*\"]}}", "{\"s3:prefix\":\"home/a\"}") == Y);
	CHECK(cond("{\"StringNotLike\":{\"s3:prefix\":[\"home/*\"]}}", "{\"s3:prefix\":\"home/a\"}") == N);
	/* A negated operator holds when the key is known absent. */
	CHECK(cond("{\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"red\"}}", "{\"aws:PrincipalTag/team\":null}") == Y);
	CHECK(cond("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}", "{\"aws:PrincipalTag/team\":null}") == N);
	CHECK(cond("{\"StringEqualsIgnoreCase\":{\"k\":\"RED\"}}", "{\"k\":\"red\"}") == Y);
	CHECK(cond("{\"StringEquals\":{\"k\":\"RED\"}}", "{\"k\":\"red\"}") == N);
	CHECK(cond("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"${aws:username}\"}}", "{\"aws:PrincipalTag/team\":\"alice\",\"aws:username\":\"alice\"}") == Y);
	CHECK(cond("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"${aws:username}\"}}", "{\"aws:PrincipalTag/team\":\"alice\"}") == M);
	CHECK(cond("{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}", "{\"s3:max-keys\":5}") == Y);
	CHECK(cond("{\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"10\"}}", "{\"s3:max-keys\":\"5\"}") == N);
	CHECK(cond("{\"NumericEquals\":{\"n\":\"x\"}}", "{\"n\":\"5\"}") == N);
	CHECK(cond("{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-12-31T23:59:59Z\"}}", "{\"aws:CurrentTime\":\"2026-11-22T00:00:00Z\"}") == Y);
	CHECK(cond("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-12-31T23:59:59Z\"}}", "{\"aws:CurrentTime\":\"2026-11-22T00:00:00Z\"}") == N);
	CHECK(cond("{\"DateGreaterThan\":{\"aws:EpochTime\":\"1700000000\"}}", "{\"aws:EpochTime\":1800000000}") == Y);
	CHECK(cond("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", "{\"aws:SecureTransport\":true}") == Y);
	CHECK(cond("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", "{\"aws:SecureTransport\":\"false\"}") == N);
	CHECK(cond("{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.0.2.1\"]}}", "{\"aws:SourceIp\":\"10.1.2.3\"}") == Y);
	CHECK(cond("{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.0.2.1\"]}}", "{\"aws:SourceIp\":\"192.0.2.1\"}") == Y);
	CHECK(cond("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", "{\"aws:SourceIp\":\"11.0.0.1\"}") == N);
	CHECK(cond("{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", "{\"aws:SourceIp\":\"11.0.0.1\"}") == Y);
	CHECK(cond("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", "{\"aws:SourceIp\":\"2001:db8:1::5\"}") == Y);
	CHECK(cond("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", "{\"aws:SourceIp\":\"2001:db9::5\"}") == N);
	CHECK(cond("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:111111111111:*\"}}", "{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111111111111:t\"}") == Y);
	CHECK(cond("{\"ArnNotEquals\":{\"aws:SourceArn\":\"arn:aws:sns:*:111111111111:*\"}}", "{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:222222222222:t\"}") == Y);
	CHECK(cond("{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}", "{\"aws:TokenIssueTime\":null}") == Y);
	CHECK(cond("{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}", "{\"aws:TokenIssueTime\":null}") == N);
	CHECK(cond("{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}", NULL) == M);
	/* Set qualifiers. */
	CHECK(cond("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}", "{\"aws:TagKeys\":[\"team\"]}") == Y);
	CHECK(cond("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}", "{\"aws:TagKeys\":[\"team\",\"owner\"]}") == N);
	CHECK(cond("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}", "{\"aws:TagKeys\":null}") == Y);
	CHECK(cond("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}", "{\"aws:TagKeys\":[\"x\",\"team\"]}") == Y);
	CHECK(cond("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}", "{\"aws:TagKeys\":null}") == N);
	CHECK(cond("{\"ForAnyValue:StringNotEquals\":{\"aws:TagKeys\":[\"team\"]}}", "{\"aws:TagKeys\":[\"team\"]}") == N);
	CHECK(cond("{\"ForAllValues:StringNotLike\":{\"aws:TagKeys\":[\"aws:*\"]}}", "{\"aws:TagKeys\":[\"team\",\"x\"]}") == Y);
	/* Several keys and operators all have to hold. */
	CHECK(cond("{\"StringEquals\":{\"a\":\"1\",\"b\":\"2\"}}", "{\"a\":\"1\",\"b\":\"3\"}") == N);
	CHECK(cond("{\"StringEquals\":{\"a\":\"1\"},\"Bool\":{\"b\":\"true\"}}", "{\"a\":\"1\"}") == M);
	/* Unknown operators are never decided. */
	CHECK(cond("{\"StringSortOf\":{\"a\":\"1\"}}", "{\"a\":\"1\"}") == M);
	CHECK(cond(NULL, NULL) == Y);
}

static void test_pattern_request(void)
{
	struct fixture f = {0};
	struct nhi_iam_set set;

	f.id[f.nid++] = ID("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::111111111111:role/app-*\"},"
			   "{\"Effect\":\"Deny\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::111111111111:role/app-admin\"}]}");
	set = (struct nhi_iam_set){.identity = f.id, .nidentity = f.nid};
	struct nhi_iam_request req = {.principal = ME, .action = "iam:PassRole",
				      .resource = "arn:aws:iam::111111111111:role/*",
				      .resource_pattern = true};
	/* Some role matches; the narrow Deny does not cover them all. */
	CHECK(nhi_iam_eval(&set, &req, NULL) == A);
	req.resource = "arn:aws:iam::111111111111:user/*";
	CHECK(nhi_iam_eval(&set, &req, NULL) == I);
	req.resource = "arn:aws:iam::111111111111:role/app-admin";
	CHECK(nhi_iam_eval(&set, &req, NULL) == E);
	release(&f);
}

static void test_setbuf(void)
{
	struct nhi_iam_setbuf b = NHI_IAM_SETBUF_INIT;
	struct nhi_buf err = NHI_BUF_INIT;
	json_t *all = iam_test_json(ALLOW_ALL);
	json_t *s3 = iam_test_json("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}");
	json_t *bad = iam_test_json("{\"Statement\":[]}");

	CHECK(nhi_iam_setbuf_add(&b, "inline:a", all, &err) != NULL);
	CHECK(nhi_iam_setbuf_add(&b, "group:dev/managed:arn:aws:iam::1:policy/x", all, &err) != NULL);
	CHECK(nhi_iam_setbuf_add(&b, "boundary:arn:aws:iam::1:policy/b", s3, &err) != NULL);
	CHECK(nhi_iam_setbuf_add(&b, "scp:p-1", all, &err) != NULL);
	CHECK(!nhi_iam_setbuf_add(&b, "boundary:arn:aws:iam::1:policy/c", s3, &err));
	CHECK_STR(err.buf, "a second permission boundary");
	nhi_buf_reset(&err);
	CHECK(!nhi_iam_setbuf_add(&b, "inline:bad", bad, &err));
	CHECK_STR(err.buf, "Statement is an empty list");
	nhi_buf_reset(&err);
	CHECK(!nhi_iam_setbuf_add(&b, "trust", all, &err));
	CHECK(b.set.nidentity == 2 && b.set.nscps == 1 && b.set.boundary);
	struct nhi_iam_request req = {.principal = ME, .action = "s3:GetObject", .resource = "*"};
	CHECK(nhi_iam_eval(&b.set, &req, NULL) == A);
	req.action = "ec2:RunInstances";
	CHECK(nhi_iam_eval(&b.set, &req, NULL) == I);
	nhi_iam_setbuf_release(&b);
	CHECK(b.set.nidentity == 0 && !b.set.boundary);
	nhi_buf_release(&err);
	json_decref(all);
	json_decref(s3);
	json_decref(bad);
}

int main(void)
{
	test_basic();
	test_not();
	test_boundary_scp_session();
	test_resource_policy();
	test_conditions();
	test_operators();
	test_pattern_request();
	test_setbuf();
	return unit_done();
}
