/* iam/policy.h: an IAM policy document, parsed and validated.
 *
 * A document is a jansson value: the decoded object, or the string the raw
 * IAM API returns (JSON, URL-encoded or not). Statement, Action, Resource,
 * Principal values may be single or arrays. A malformed document is refused
 * whole, with the reason (AWS refuses such documents too).
 *
 * Ownership: nhi_iam_policy_parse returns a new policy the caller frees with
 * nhi_iam_policy_free; it holds its own references and copies, so doc may
 * be freed at once. Everything inside is read-only for callers. */
#ifndef NHI_IAM_POLICY_H
#define NHI_IAM_POLICY_H

#include <jansson.h>

#include "compat.h"
#include "buf.h"

/* Limits on one document, reported when exceeded. */
#define NHI_IAM_MAX_STATEMENTS 4096
#define NHI_IAM_MAX_VALUES 65536 /* actions+resources+principals, in all */
#define NHI_IAM_MAX_DOCUMENT (1 << 20) /* bytes of a string document */

enum nhi_iam_effect { NHI_IAM_ALLOW = 0, NHI_IAM_DENY = 1 };

/* What kind of policy a document is, which changes what it must hold. */
enum nhi_iam_kind {
	NHI_IAM_IDENTITY = 0, /* inline/managed/group: Resource required */
	NHI_IAM_BOUNDARY,     /* permission boundary */
	NHI_IAM_SCP,          /* service control policy */
	NHI_IAM_SESSION,      /* session policy */
	NHI_IAM_RESOURCE,     /* resource-based: Principal required */
	NHI_IAM_TRUST,        /* role trust policy: Principal, no Resource */
};

struct nhi_iam_stmt {
	const char *sid;     /* NULL when absent */
	unsigned index;      /* position in Statement, from 0 */
	enum nhi_iam_effect effect;
	bool not_action, not_resource, not_principal;
	bool has_resource;   /* false for trust policies: any resource */
	/* Patterns as written. Principals are "AWS:<arn|account|*>",
	 * "Service:<name>", "Federated:<provider>", "CanonicalUser:<id>", or
	 * "*" for Principal "*". */
	char **actions, **resources, **principals;
	unsigned nactions, nresources, nprincipals;
	json_t *condition;   /* the Condition object (own reference) or NULL */
};

struct nhi_iam_policy {
	enum nhi_iam_kind kind;
	char *via;           /* as in policy records: "inline:ci", "managed:ARN" */
	char *id;            /* the Id element, or NULL */
	unsigned level;      /* SCPs: the level in the OU tree (0 = root) */
	unsigned nstmts;
	struct nhi_iam_stmt *stmts;
	char hash[17];       /* 16 hex digits over the canonical document */
};

/* nhi_iam_policy_parse: doc as a policy of that kind; via is copied (may be
 * NULL). On failure returns NULL and appends the reason to err (when
 * err is not NULL), e.g. "statement 2: Effect must be Allow or Deny". */
struct nhi_iam_policy *nhi_iam_policy_parse(const json_t *doc,
					     enum nhi_iam_kind kind,
					     const char *via,
					     struct nhi_buf *err);
void nhi_iam_policy_free(struct nhi_iam_policy *p);

/* nhi_iam_kind_from_via: the kind a policy record's "via" implies
 * ("boundary:" → BOUNDARY, "scp:" → SCP, "resource:" → RESOURCE,
 * "session:" → SESSION, "trust" → TRUST, else IDENTITY). */
enum nhi_iam_kind nhi_iam_kind_from_via(const char *via);

/* nhi_iam_stmt_label: "via#Sid" or "via#N" (statement index) into out. */
const char *nhi_iam_stmt_label(const struct nhi_iam_policy *p,
			       const struct nhi_iam_stmt *s,
			       struct nhi_buf *out);

#endif
