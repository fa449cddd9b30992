#include "compat.h"
#include "iam/privesc.h"
#include "iam/reach.h"
#include "banned.h"
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
