/* rbac.h: Kubernetes RBAC from observed audit calls: parse the call
 * resources the k8s collector writes, match calls against rules, and
 * build the minimal Roles (one per namespace) and ClusterRole that allow
 * exactly what a service account did.
 *
 * A call resource is what the k8s-audit collector writes:
 * "<group>/<resource>[/<sub>]:[<ns>/]<name>", the core group written
 * "core", no "<ns>/" for a cluster-scoped call, name "*" when the call
 * names no object (list, create); or the path of a non-resource URL
 * ("/healthz").  The verb comes from the event action "k8s:<verb>". */
#ifndef NHI_RBAC_H
#define NHI_RBAC_H

#include <jansson.h>
#include <stddef.h>

/* A service account gets resourceNames when it touched at most this many
 * objects of a resource, and only by name. */
#define NHI_RBAC_MAX_NAMES 3

struct nhi_rbac_call {
	char *verb, *group, *resource, *ns, *name; /* resource keeps "/sub" */
	char *url; /* a non-resource URL; then the others are "" */
};

/* nhi_rbac_parse: fill c from action and resource (strings owned by c);
 * NULL, or why they are not a k8s call. */
const char *nhi_rbac_parse(const char *action, const char *resource,
			   struct nhi_rbac_call *c);
void nhi_rbac_call_release(struct nhi_rbac_call *c);
/* nhi_rbac_rules_allow: whether one of the rules ({"rules":[...]} or the
 * array itself) allows c. */
int nhi_rbac_rules_allow(const json_t *rules, const struct nhi_rbac_call *c);
/* nhi_rbac_allows: whether the proposal (nhi_rbac_build) allows c. */
int nhi_rbac_allows(const json_t *proposal, const struct nhi_rbac_call *c);
/* nhi_rbac_build: {"roles":[{"kind":"Role","namespace":NS,"name":..,
 * "rules":[...]}, ..., {"kind":"ClusterRole","name":..,"rules":[...]}]}
 * (new reference), roles named "<sa>-rightsized" ("<ns>-<sa>-rightsized"
 * for the ClusterRole). */
json_t *nhi_rbac_build(const struct nhi_rbac_call *calls, size_t n,
		       const char *sa_ns, const char *sa_name);
/* nhi_rbac_yaml: the Roles and their bindings to the service account as
 * YAML documents, appended to out. */
struct nhi_buf;
void nhi_rbac_yaml(const json_t *proposal, const char *sa_ns,
		   const char *sa_name, struct nhi_buf *out);

#endif
