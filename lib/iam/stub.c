/* Temporary stubs so the headers link; replaced module by module. */
#include "compat.h"

#include <stdlib.h>

#include "iam/catalog.h"
#include "iam/eval.h"
#include "iam/match.h"
#include "iam/policy.h"
#include "iam/privesc.h"
#include "iam/reach.h"
#include "banned.h"

const char *nhi_iam_access_str(enum nhi_iam_access a) { (void)a; return "unknown"; }
enum nhi_iam_access nhi_iam_access_parse(const char *s) { (void)s; return NHI_IAM_ACCESS_UNKNOWN; }
const char *nhi_iam_catalog_load(const char *path) { (void)path; return "not implemented"; }
size_t nhi_iam_catalog_count(void) { return 0; }
const struct nhi_iam_action *nhi_iam_catalog_at(size_t id) { (void)id; return NULL; }
const struct nhi_iam_action *nhi_iam_catalog_find(const char *a) { (void)a; return NULL; }
size_t nhi_iam_catalog_service_count(void) { return 0; }
const struct nhi_iam_service *nhi_iam_catalog_service_at(size_t i) { (void)i; return NULL; }
const struct nhi_iam_service *nhi_iam_catalog_service(const char *p) { (void)p; return NULL; }
size_t nhi_iam_catalog_expand(const char *pattern, int (*fn)(const struct nhi_iam_action *a, void *arg), void *arg) { (void)pattern; (void)fn; (void)arg; return 0; }
bool nhi_iam_glob(const char *pat, const char *s, bool icase) { (void)pat; (void)s; (void)icase; return false; }
bool nhi_iam_glob_overlap(const char *p, const char *q, bool icase) { (void)p; (void)q; (void)icase; return false; }
bool nhi_iam_action_match(const char *pat, const char *action) { (void)pat; (void)action; return false; }
bool nhi_iam_arn_match(const char *pat, const char *arn) { (void)pat; (void)arn; return false; }
json_t *nhi_iam_ctx_get(const json_t *ctx, const char *key) { (void)ctx; (void)key; return NULL; }
const char *nhi_iam_subst(const char *pat, const json_t *ctx, struct nhi_buf *out, bool *u) { (void)ctx; (void)u; nhi_buf_adds(out, pat); return out->buf; }
bool nhi_iam_has_vars(const char *pat) { (void)pat; return false; }
enum nhi_iam_tri nhi_iam_resource_match(const char *pat, const char *arn, const json_t *ctx) { (void)pat; (void)arn; (void)ctx; return NHI_IAM_MAYBE; }
struct nhi_iam_policy *nhi_iam_policy_parse(const json_t *doc, enum nhi_iam_kind kind, const char *via, struct nhi_buf *err) { (void)doc; (void)kind; (void)via; if (err) nhi_buf_adds(err, "not implemented"); return NULL; }
void nhi_iam_policy_free(struct nhi_iam_policy *p) { (void)p; }
enum nhi_iam_kind nhi_iam_kind_from_via(const char *via) { (void)via; return NHI_IAM_IDENTITY; }
const char *nhi_iam_stmt_label(const struct nhi_iam_policy *p, const struct nhi_iam_stmt *s, struct nhi_buf *out) { (void)p; (void)s; return out->buf; }
const char *nhi_iam_decision_str(enum nhi_iam_decision d) { (void)d; return "implicit_deny"; }
enum nhi_iam_decision nhi_iam_eval(const struct nhi_iam_set *set, const struct nhi_iam_request *req, struct nhi_iam_result *res) { (void)set; (void)req; (void)res; return NHI_IAM_DECISION_IMPLICIT_DENY; }
enum nhi_iam_tri nhi_iam_stmt_applies(const struct nhi_iam_policy *p, const struct nhi_iam_stmt *s, const struct nhi_iam_request *req) { (void)p; (void)s; (void)req; return NHI_IAM_MAYBE; }
enum nhi_iam_tri nhi_iam_condition_eval(const json_t *cond, const json_t *ctx) { (void)cond; (void)ctx; return NHI_IAM_MAYBE; }
const char *nhi_iam_arn_account(const char *arn, char buf[16]) { (void)arn; buf[0] = '\0'; return buf; }
json_t *nhi_iam_result_json(const struct nhi_iam_result *res) { (void)res; return json_object(); }
const char *nhi_iam_grant_str(enum nhi_iam_grant g) { (void)g; return "none"; }
struct nhi_iam_reach_cache *nhi_iam_reach_cache_new(size_t max) { (void)max; return NULL; }
void nhi_iam_reach_cache_free(struct nhi_iam_reach_cache *c) { (void)c; }
struct nhi_iam_reach *nhi_iam_reach_compute(const struct nhi_iam_set *set, const char *principal, const json_t *ctx, struct nhi_iam_reach_cache *cache) { (void)set; (void)principal; (void)ctx; (void)cache; return NULL; }
void nhi_iam_reach_free(struct nhi_iam_reach *r) { (void)r; }
enum nhi_iam_grant nhi_iam_reach_action(const struct nhi_iam_reach *r, unsigned id) { (void)r; (void)id; return NHI_IAM_GRANT_NONE; }
enum nhi_iam_grant nhi_iam_reach_level(const struct nhi_iam_reach *r, const char *service, enum nhi_iam_access level) { (void)r; (void)service; (void)level; return NHI_IAM_GRANT_NONE; }
bool nhi_iam_reach_admin(const struct nhi_iam_reach *r, const char **why) { (void)r; (void)why; return false; }
const char *nhi_iam_reach_summary(const struct nhi_iam_reach *r) { (void)r; return "none"; }
json_t *nhi_iam_reach_json(const struct nhi_iam_reach *r) { (void)r; return json_object(); }
enum nhi_iam_decision nhi_iam_reach_can(const struct nhi_iam_set *set, const char *principal, const json_t *ctx, const char *action, const char *resource, struct nhi_iam_result *res) { (void)set; (void)principal; (void)ctx; (void)action; (void)resource; (void)res; return NHI_IAM_DECISION_IMPLICIT_DENY; }
size_t nhi_iam_privesc_find(const struct nhi_iam_set *set, const char *self, const json_t *ctx, const struct nhi_iam_estate *estate, struct nhi_iam_paths *out, bool *truncated) { (void)set; (void)self; (void)ctx; (void)estate; (void)out; if (truncated) *truncated = false; return 0; }
void nhi_iam_paths_release(struct nhi_iam_paths *p) { (void)p; }
json_t *nhi_iam_path_json(const struct nhi_iam_path *p) { (void)p; return json_object(); }
size_t nhi_iam_technique_count(void) { return 0; }
const struct nhi_iam_technique *nhi_iam_technique_at(size_t i) { (void)i; return NULL; }
