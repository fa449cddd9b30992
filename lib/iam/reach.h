/* iam/reach.h: what a policy set can do, summarised.
 *
 * For every catalog action the identity side (identity policies, then the
 * boundary, SCPs and session policy) is reduced to one grant: ALL (every
 * resource, no condition, no Deny carving it), SOME (some resources, or
 * all but some denied ones), CONDITIONAL (only under unknown conditions),
 * or NONE. Services and access levels roll those up: "all" when every
 * action of the level is ALL, "some" when any is ALL or SOME, else
 * "conditional". Resource policies are not part of the summary; they count
 * in nhi_iam_reach_can().
 *
 * Work is bounded: one bitmap over the catalog per statement, cached per
 * policy hash in a caller-owned cache (optional). */
#ifndef NHI_IAM_REACH_H
#define NHI_IAM_REACH_H

#include <jansson.h>

#include "compat.h"
#include "iam/catalog.h"
#include "iam/eval.h"

enum nhi_iam_grant {
	NHI_IAM_GRANT_NONE = 0,
	NHI_IAM_GRANT_CONDITIONAL,
	NHI_IAM_GRANT_SOME,
	NHI_IAM_GRANT_ALL,
};

/* "none", "conditional", "some", "all" */
const char *nhi_iam_grant_str(enum nhi_iam_grant g);

struct nhi_iam_reach;
struct nhi_iam_reach_cache;

/* nhi_iam_reach_cache_new: remembers the catalog bitmaps of up to max
 * policies (by hash); old entries are dropped first. */
struct nhi_iam_reach_cache *nhi_iam_reach_cache_new(size_t max);
void nhi_iam_reach_cache_free(struct nhi_iam_reach_cache *c);

/* nhi_iam_reach_compute: the reach of set for principal (its ARN, used for
 * policy variables and self references; may be NULL) with the known
 * condition keys ctx (may be NULL). cache may be NULL. */
struct nhi_iam_reach *nhi_iam_reach_compute(const struct nhi_iam_set *set,
					    const char *principal,
					    const json_t *ctx,
					    struct nhi_iam_reach_cache *cache);
void nhi_iam_reach_free(struct nhi_iam_reach *r);

/* nhi_iam_reach_action: the grant for one catalog action id. */
enum nhi_iam_grant nhi_iam_reach_action(const struct nhi_iam_reach *r,
					 unsigned id);
/* nhi_iam_reach_level: the roll-up of one service and access level
 * (NHI_IAM_ACCESS_UNKNOWN: every level of the service). */
enum nhi_iam_grant nhi_iam_reach_level(const struct nhi_iam_reach *r,
					const char *service,
					enum nhi_iam_access level);

/* nhi_iam_reach_admin: whether the set is admin-equivalent; *why (when not
 * NULL) gets the reason, e.g. "allows * on * with no Deny", "iam:* on *
 * (can grant itself any permission)", "iam:AttachUserPolicy on itself"; it
 * lives as long as r. */
bool nhi_iam_reach_admin(const struct nhi_iam_reach *r, const char **why);

/* nhi_iam_reach_summary: the strongest access level granted on some or
 * all resources: "admin-equivalent", "permissions-management", "write"
 * (Write or Tagging), "read", "list"; "conditional" when every grant
 * depends on unknown conditions; "none". */
const char *nhi_iam_reach_summary(const struct nhi_iam_reach *r);

/* nhi_iam_reach_json: (new reference)
 *   {"summary":S,"admin":true?,"admin_why":W?,
 *    "services":{"s3":{"Read":"all","Write":"some",...},...},
 *    "actions":{"all":N,"some":N,"conditional":N},
 *    "grants":[{"via","sid"|"statement","actions"|"not_actions":[...],
 *               "resources"|"not_resources":[...],"conditional":true?}]}
 * services and levels sorted; levels with no grant left out. */
json_t *nhi_iam_reach_json(const struct nhi_iam_reach *r);

/* nhi_iam_reach_can: may set (for principal, ctx) perform action (a name
 * or pattern, "s3:Get*") on resource (an ARN or ARN pattern)? With a
 * pattern, ALLOW means some matching action is allowed, and res explains
 * the first strongest one. resource "*" asks about the resource-less form
 * of the action; an ARN pattern asks about some resource it matches.
 * Resource policies in set count. */
enum nhi_iam_decision nhi_iam_reach_can(const struct nhi_iam_set *set,
					const char *principal,
					const json_t *ctx,
					const char *action,
					const char *resource,
					struct nhi_iam_result *res);

#endif
