/* iam/match.h: IAM wildcard matching and policy variables.
 *
 * Actions match case-insensitively; ARNs match case-sensitively, segment
 * by segment (a wildcard does not cross the colons of the first five
 * segments; the resource segment may hold colons). "*" and "?" are the
 * only wildcards. Policy variables ${aws:username}, ${aws:PrincipalTag/x},
 * ${s3:prefix}, ..., with an optional default ${key, 'dflt'}, and the
 * escapes ${*} ${?} ${$} are substituted from a context: a JSON object of
 * condition keys (names case-insensitive). A key present with the value
 * null is known to be absent; a key missing from the context is unknown. */
#ifndef NHI_IAM_MATCH_H
#define NHI_IAM_MATCH_H

#include <jansson.h>

#include "compat.h"
#include "buf.h"

/* Three-valued answers: NO, YES, or MAYBE (depends on something unknown). */
enum nhi_iam_tri { NHI_IAM_NO = 0, NHI_IAM_YES = 1, NHI_IAM_MAYBE = 2 };

/* nhi_iam_glob: s matches the pattern (* any run, ? one character). */
bool nhi_iam_glob(const char *pat, const char *s, bool icase);
/* nhi_iam_glob_overlap: some string matches both patterns. */
bool nhi_iam_glob_overlap(const char *p, const char *q, bool icase);
/* nhi_iam_arn_overlap: some ARN matches both ARN patterns (segment by
 * segment for the first five). */
bool nhi_iam_arn_overlap(const char *p, const char *q);
/* nhi_iam_action_match: IAM action pattern against an action name. */
bool nhi_iam_action_match(const char *pat, const char *action);
/* nhi_iam_arn_match: an ARN pattern (no variables) against an ARN. */
bool nhi_iam_arn_match(const char *pat, const char *arn);

/* nhi_iam_ctx_get: the context value of key (case-insensitive), borrowed;
 * NULL when unknown; json_null() when known absent. ctx may be NULL. */
json_t *nhi_iam_ctx_get(const json_t *ctx, const char *key);

/* nhi_iam_ctx_principal: a new context: ctx (may be NULL) plus what the
 * principal's ARN tells, where ctx does not say: aws:PrincipalArn,
 * aws:PrincipalAccount, and aws:username for an IAM user (known absent,
 * null, for a role). */
json_t *nhi_iam_ctx_principal(const json_t *ctx, const char *arn);

/* nhi_iam_subst: pat with its variables replaced from ctx, into out.
 * A variable that is unknown, absent without default, or multi-valued is
 * replaced by "*" and *unresolved is set. Returns out->buf. */
const char *nhi_iam_subst(const char *pat, const json_t *ctx,
			  struct nhi_buf *out, bool *unresolved);
/* nhi_iam_has_vars: pat holds "${". */
bool nhi_iam_has_vars(const char *pat);

/* nhi_iam_resource_match: a policy Resource pattern (with variables)
 * against an ARN: YES, NO, or MAYBE when the answer depends on a variable
 * the context does not resolve. "*" matches anything. */
enum nhi_iam_tri nhi_iam_resource_match(const char *pat, const char *arn,
					 const json_t *ctx);

#endif
