/* iam/eval.h: the AWS authorization decision for one request.
 *
 * The policy set of a principal is evaluated as AWS does within an account:
 * an explicit Deny in any policy wins; otherwise the request needs an Allow
 * from an identity policy or from the resource policy, and an Allow from
 * the permission boundary (when set), from at least one SCP at every SCP
 * level (when any), and from the session policy (when set). Cross-account
 * requests (the resource's account differs from the principal's) need both
 * the identity and the resource policy to allow. A resource policy that
 * names the principal's ARN allows on its own in the same account; one
 * that names only the account defers to the identity policies.
 *
 * Conditions are evaluated when their keys are in the context (see
 * match.h); a statement whose outcome depends on an unknown key makes the
 * decision CONDITIONAL instead of being counted or dropped. */
#ifndef NHI_IAM_EVAL_H
#define NHI_IAM_EVAL_H

#include <jansson.h>

#include "compat.h"
#include "iam/cond.h"
#include "iam/match.h"
#include "iam/policy.h"

/* Ordered so that a larger value is a stronger "no". */
enum nhi_iam_decision {
	NHI_IAM_DECISION_ALLOW = 0,
	NHI_IAM_DECISION_CONDITIONAL, /* allowed only if unknown conditions hold */
	NHI_IAM_DECISION_IMPLICIT_DENY,
	NHI_IAM_DECISION_EXPLICIT_DENY,
};

/* The policies that apply to a principal; all pointers borrowed. */
struct nhi_iam_set {
	struct nhi_iam_policy *const *identity; /* inline, managed, group */
	size_t nidentity;
	const struct nhi_iam_policy *boundary;  /* NULL: none */
	struct nhi_iam_policy *const *scps;     /* NULL/0: no Organizations */
	size_t nscps;
	const struct nhi_iam_policy *resource;  /* NULL: none */
	const struct nhi_iam_policy *session;   /* NULL: none */
};

struct nhi_iam_request {
	const char *principal; /* caller ARN (role ARN for role sessions) */
	const char *action;    /* "s3:GetObject" (no wildcards) */
	const char *resource;  /* ARN, or "*" (also when NULL): the form of an
				* action that takes no resource */
	/* resource is a pattern: the answer is for some resource it matches
	 * (Allow statements need only overlap it; a Deny must cover it). */
	bool resource_pattern;
	const char *resource_account; /* NULL: from the ARN; empty: same */
	const json_t *context; /* known condition keys (match.h), or NULL */
	/* Pattern mode only: an ARN that does not count as "some resource"
	 * (e.g. the principal itself, when asking about other users): an
	 * Allow whose Resource names exactly it, with no wildcard in the
	 * resource part, does not apply. */
	const char *exclude;
};

#define NHI_IAM_MAX_WHY 8

/* One statement that decided, for --explain evidence. */
struct nhi_iam_why {
	const struct nhi_iam_policy *policy;
	const struct nhi_iam_stmt *stmt;
	enum nhi_iam_decision effect; /* ALLOW, CONDITIONAL or EXPLICIT_DENY */
};

struct nhi_iam_result {
	enum nhi_iam_decision decision;
	const char *reason; /* static text, e.g. "denied by permission boundary" */
	size_t nwhy;        /* at most NHI_IAM_MAX_WHY are kept */
	struct nhi_iam_why why[NHI_IAM_MAX_WHY];
};

/* nhi_iam_decision_str: "allow", "conditional", "implicit_deny",
 * "explicit_deny". */
const char *nhi_iam_decision_str(enum nhi_iam_decision d);

/* nhi_iam_eval: the decision for req under set; res may be NULL. */
enum nhi_iam_decision nhi_iam_eval(const struct nhi_iam_set *set,
				   const struct nhi_iam_request *req,
				   struct nhi_iam_result *res);

/* nhi_iam_stmt_applies: whether one statement applies to req (action,
 * resource, principal for resource/trust policies, and conditions). */
enum nhi_iam_tri nhi_iam_stmt_applies(const struct nhi_iam_policy *p,
				      const struct nhi_iam_stmt *s,
				      const struct nhi_iam_request *req);

/* nhi_iam_arn_account: the account of an ARN (12 digits) into buf, or ""
 * when it has none (S3 buckets) or is not an ARN. */
const char *nhi_iam_arn_account(const char *arn, char buf[16]);

/* nhi_iam_result_json: {"decision","reason","statements":[{"via","sid"|
 * "statement","effect"}]} (new reference). */
json_t *nhi_iam_result_json(const struct nhi_iam_result *res);

#endif
