#include "compat.h"
#include "iam/privesc.h"
#include "banned.h"
size_t nhi_iam_privesc_find(const struct nhi_iam_set *set, const char *self, const json_t *ctx, const struct nhi_iam_estate *estate, struct nhi_iam_paths *out, bool *truncated) { (void)set; (void)self; (void)ctx; (void)estate; (void)out; if (truncated) *truncated = false; return 0; }
void nhi_iam_paths_release(struct nhi_iam_paths *p) { (void)p; }
json_t *nhi_iam_path_json(const struct nhi_iam_path *p) { (void)p; return json_object(); }
size_t nhi_iam_technique_count(void) { return 0; }
const struct nhi_iam_technique *nhi_iam_technique_at(size_t i) { (void)i; return NULL; }
