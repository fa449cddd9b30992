#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rbac.h"
#include "xalloc.h"
#include "banned.h"

const char *nhi_rbac_parse(const char *action, const char *resource,
			   struct nhi_rbac_call *c)
{
	const char *colon, *p, *s1, *s2;
	size_t ll;

	memset(c, 0, sizeof(*c));
	if (!action || strncmp(action, "k8s:", 4) || !action[4])
		return "not a k8s action (k8s:<verb>)";
	if (!resource || !*resource || !strcmp(resource, "*"))
		return "k8s call has no resource";
	if (*resource == '/') {
		c->verb = xstrdup(action + 4);
		c->url = xstrdup(resource);
		c->group = xstrdup("");
		c->resource = xstrdup("");
		c->ns = xstrdup("");
		c->name = xstrdup("");
		return NULL;
	}
	colon = strchr(resource, ':');
	ll = colon ? (size_t)(colon - resource) : strlen(resource);
	s1 = memchr(resource, '/', ll);
	if (!s1)
		return "k8s resource is not <group>/<resource>[/<sub>]";
	c->group = xstrndup(resource, (size_t)(s1 - resource));
	c->resource = xstrndup(s1 + 1, ll - (size_t)(s1 + 1 - resource));
	if (!strcmp(c->group, "core"))
		c->group[0] = 0;
	s2 = strchr(c->resource, '/');
	if (!*c->resource || (s2 && (s2 == c->resource || !s2[1] || strchr(s2 + 1, '/')))) {
		nhi_rbac_call_release(c);
		return "k8s resource is not <group>/<resource>[/<sub>]";
	}
	c->verb = xstrdup(action + 4);
	if (!colon) {
		c->ns = xstrdup("");
		c->name = xstrdup("");
	} else if ((p = strchr(colon + 1, '/'))) {
		c->ns = xstrndup(colon + 1, (size_t)(p - colon - 1));
		c->name = xstrdup(p + 1);
	} else {
		c->ns = xstrdup("");
		c->name = xstrdup(colon + 1);
	}
	if (!strcmp(c->name, "*"))
		c->name[0] = 0;
	return NULL;
}

void nhi_rbac_call_release(struct nhi_rbac_call *c)
{
	free(c->verb);
	free(c->group);
	free(c->resource);
	free(c->ns);
	free(c->name);
	free(c->url);
	memset(c, 0, sizeof(*c));
}

static int has(const json_t *arr, const char *s)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x)
		if (json_is_string(x) && !strcmp(json_string_value(x), s))
			return 1;
	return 0;
}

static int res_match(const json_t *arr, const char *res)
{
	const char *slash = strchr(res, '/');
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x) {
		const char *r = json_string_value(x);

		if (!r)
			continue;
		if (!strcmp(r, "*") || !strcmp(r, res))
			return 1;
		/* "pods/\*" covers every subresource of pods, "\*\/log" every log */
		if (slash && !strncmp(r, res, (size_t)(slash - res) + 1) && !strcmp(r + (slash - res) + 1, "*"))
			return 1;
		if (slash && !strncmp(r, "*/", 2) && !strcmp(r + 2, slash + 1))
			return 1;
	}
	return 0;
}

int nhi_rbac_rules_allow(const json_t *rules, const struct nhi_rbac_call *c)
{
	size_t i;
	json_t *r, *names;

	if (json_is_object(rules))
		rules = json_object_get(rules, "rules");
	json_array_foreach(rules, i, r) {
		if (!has(json_object_get(r, "verbs"), c->verb) &&
		    !has(json_object_get(r, "verbs"), "*"))
			continue;
		if (c->url) {
			json_t *u;
			size_t k;

			/* a trailing "*" covers every path under its prefix */
			json_array_foreach(json_object_get(r, "nonResourceURLs"), k, u) {
				const char *p = json_string_value(u);
				size_t n = p ? strlen(p) : 0;

				if (p && (!strcmp(p, c->url) || !strcmp(p, "*") ||
					  (n && p[n - 1] == '*' && !strncmp(p, c->url, n - 1))))
					return 1;
			}
			continue;
		}
		if (!has(json_object_get(r, "apiGroups"), c->group) &&
		    !has(json_object_get(r, "apiGroups"), "*"))
			continue;
		if (!res_match(json_object_get(r, "resources"), c->resource))
			continue;
		names = json_object_get(r, "resourceNames");
		if (json_array_size(names) && (!*c->name || !has(names, c->name)))
			continue;
		return 1;
	}
	return 0;
}

int nhi_rbac_allows(const json_t *proposal, const struct nhi_rbac_call *c)
{
	size_t i;
	json_t *role;

	json_array_foreach(json_object_get(proposal, "roles"), i, role) {
		const char *kind = json_string_value(json_object_get(role, "kind")),
			   *ns = json_string_value(json_object_get(role, "namespace"));

		if (kind && !strcmp(kind, "Role") && (!ns || strcmp(ns, c->ns)))
			continue;
		if (nhi_rbac_rules_allow(json_object_get(role, "rules"), c))
			return 1;
	}
	return 0;
}

static int cmp_call(const void *pa, const void *pb)
{
	const struct nhi_rbac_call *a = *(struct nhi_rbac_call *const *)pa,
				   *b = *(struct nhi_rbac_call *const *)pb;
	int c;

	if ((c = strcmp(a->ns, b->ns)) || (c = (!!b->url - !!a->url)) ||
	    (a->url && (c = strcmp(a->url, b->url))) || (c = strcmp(a->group, b->group)) ||
	    (c = strcmp(a->resource, b->resource)) || (c = strcmp(a->verb, b->verb)))
		return c;
	return strcmp(a->name, b->name);
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *str_array(const char **v, size_t n)
{
	json_t *a = json_array();

	qsort(v, n, sizeof(*v), cmpstr);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(v[i], v[i - 1]))
			json_array_append_new(a, json_string(v[i]));
	return a;
}

/* names_ok: verbs that act on a collection cannot be limited by name. */
static int names_ok(const json_t *verbs)
{
	static const char *const coll[] = { "list", "watch", "create", "deletecollection", "*" };

	for (size_t i = 0; i < ARRAY_SIZE(coll); i++)
		if (has(verbs, coll[i]))
			return 0;
	return 1;
}

/* ns_rules: the rules for the run v[0..n) of one namespace. */
static json_t *ns_rules(struct nhi_rbac_call **v, size_t n)
{
	json_t *rules = json_array();
	const char **verbs = xcalloc(n + 1, sizeof(*verbs)),
		   **names = xcalloc(n + 1, sizeof(*names));
	size_t i = 0, j, k, nurl;

	while (i < n && v[i]->url) {
		/* non-resource URLs (sorted first): one rule per URL, merged
		 * below when the verbs agree */
		size_t nv = 0;
		json_t *rule = json_object(), *jv, *prev = NULL;

		for (j = i; j < n && v[j]->url && !strcmp(v[j]->url, v[i]->url); j++)
			verbs[nv++] = v[j]->verb;
		jv = str_array(verbs, nv);
		json_array_foreach(rules, k, prev) {
			if (json_equal(json_object_get(prev, "verbs"), jv))
				break;
			prev = NULL;
		}
		if (prev) {
			json_array_append_new(json_object_get(prev, "nonResourceURLs"),
					      json_string(v[i]->url));
			json_decref(jv);
			json_decref(rule);
		} else {
			json_object_set_new(rule, "nonResourceURLs", json_pack("[s]", v[i]->url));
			json_object_set_new(rule, "verbs", jv);
			json_array_append_new(rules, rule);
		}
		i = j;
	}
	nurl = json_array_size(rules);
	while (i < n) {
		size_t nv = 0, nn = 0;
		int unnamed = 0;
		json_t *rule = json_object(), *jv, *prev;

		for (j = i; j < n && !strcmp(v[j]->group, v[i]->group) &&
				!strcmp(v[j]->resource, v[i]->resource); j++) {
			verbs[nv++] = v[j]->verb;
			if (*v[j]->name)
				names[nn++] = v[j]->name;
			else
				unnamed = 1;
		}
		jv = str_array(verbs, nv);
		json_object_set_new(rule, "apiGroups", json_pack("[s]", v[i]->group));
		json_object_set_new(rule, "resources", json_pack("[s]", v[i]->resource));
		if (!unnamed && names_ok(jv)) {
			json_t *jn = str_array(names, nn);

			if (json_array_size(jn) <= NHI_RBAC_MAX_NAMES)
				json_object_set(rule, "resourceNames", jn);
			json_decref(jn);
		}
		json_object_set_new(rule, "verbs", jv);
		/* one rule for the resources of a group with the same verbs */
		prev = NULL;
		json_array_foreach(rules, k, prev) {
			if (k >= nurl && !json_object_get(prev, "resourceNames") &&
			    !json_object_get(rule, "resourceNames") &&
			    json_equal(json_object_get(prev, "apiGroups"), json_object_get(rule, "apiGroups")) &&
			    json_equal(json_object_get(prev, "verbs"), jv))
				break;
			prev = NULL;
		}
		if (prev) {
			json_array_append_new(json_object_get(prev, "resources"),
					      json_string(v[i]->resource));
			json_decref(rule);
		} else {
			json_array_append_new(rules, rule);
		}
		i = j;
	}
	free(verbs);
	free(names);
	return rules;
}

json_t *nhi_rbac_build(const struct nhi_rbac_call *calls, size_t n,
		       const char *sa_ns, const char *sa_name)
{
	struct nhi_rbac_call **v = xcalloc(n + 1, sizeof(*v));
	json_t *prop = json_object(), *roles = json_array(), *cluster = NULL;
	struct nhi_buf name = NHI_BUF_INIT;
	size_t i = 0, j;

	for (j = 0; j < n; j++)
		v[j] = (struct nhi_rbac_call *)&calls[j];
	qsort(v, n, sizeof(*v), cmp_call);
	while (i < n) {
		json_t *role = json_object();

		for (j = i; j < n && !strcmp(v[j]->ns, v[i]->ns); j++)
			;
		nhi_buf_reset(&name);
		if (*v[i]->ns) {
			nhi_buf_addf(&name, "%s-rightsized", sa_name);
			json_object_set_new(role, "kind", json_string("Role"));
			json_object_set_new(role, "namespace", json_string(v[i]->ns));
		} else {
			nhi_buf_addf(&name, "%s-%s-rightsized", sa_ns, sa_name);
			json_object_set_new(role, "kind", json_string("ClusterRole"));
		}
		json_object_set_new(role, "name", json_string(name.buf));
		json_object_set_new(role, "rules", ns_rules(v + i, j - i));
		if (*v[i]->ns)
			json_array_append_new(roles, role);
		else
			cluster = role;
		i = j;
	}
	if (cluster)
		json_array_append_new(roles, cluster);
	json_object_set_new(prop, "roles", roles);
	nhi_buf_release(&name);
	free(v);
	return prop;
}

static void yq(struct nhi_buf *b, const char *s)
{
	json_t *j = json_string(s);
	char *d = json_dumps(j, JSON_ENCODE_ANY);

	nhi_buf_adds(b, d);
	free(d);
	json_decref(j);
}

static void ylist(struct nhi_buf *b, const char *indent, const char *key,
		  const json_t *arr)
{
	size_t i;
	json_t *x;

	nhi_buf_addf(b, "%s%s:\n", indent, key);
	json_array_foreach(arr, i, x) {
		nhi_buf_addf(b, "%s- ", indent);
		yq(b, json_string_value(x));
		nhi_buf_addch(b, '\n');
	}
}

void nhi_rbac_yaml(const json_t *proposal, const char *sa_ns,
		   const char *sa_name, struct nhi_buf *out)
{
	size_t i, k;
	json_t *role, *r;

	json_array_foreach(json_object_get(proposal, "roles"), i, role) {
		const char *kind = json_string_value(json_object_get(role, "kind")),
			   *ns = json_string_value(json_object_get(role, "namespace")),
			   *name = json_string_value(json_object_get(role, "name"));
		int cl = !ns;

		if (out->len)
			nhi_buf_adds(out, "---\n");
		nhi_buf_addf(out, "apiVersion: rbac.authorization.k8s.io/v1\nkind: %s\nmetadata:\n  name: ", kind);
		yq(out, name);
		if (!cl) {
			nhi_buf_adds(out, "\n  namespace: ");
			yq(out, ns);
		}
		nhi_buf_adds(out, "\nrules:\n");
		json_array_foreach(json_object_get(role, "rules"), k, r) {
			if (json_object_get(r, "nonResourceURLs")) {
				json_t *u;
				size_t m;

				nhi_buf_adds(out, "- nonResourceURLs:\n");
				json_array_foreach(json_object_get(r, "nonResourceURLs"), m, u) {
					nhi_buf_adds(out, "  - ");
					yq(out, json_string_value(u));
					nhi_buf_addch(out, '\n');
				}
				ylist(out, "  ", "verbs", json_object_get(r, "verbs"));
				continue;
			}
			nhi_buf_adds(out, "- apiGroups:\n");
			for (size_t m = 0; m < json_array_size(json_object_get(r, "apiGroups")); m++) {
				nhi_buf_adds(out, "  - ");
				yq(out, json_string_value(json_array_get(json_object_get(r, "apiGroups"), m)));
				nhi_buf_addch(out, '\n');
			}
			ylist(out, "  ", "resources", json_object_get(r, "resources"));
			if (json_object_get(r, "resourceNames"))
				ylist(out, "  ", "resourceNames", json_object_get(r, "resourceNames"));
			ylist(out, "  ", "verbs", json_object_get(r, "verbs"));
		}
		nhi_buf_adds(out, "---\napiVersion: rbac.authorization.k8s.io/v1\n");
		nhi_buf_addf(out, "kind: %s\nmetadata:\n  name: ", cl ? "ClusterRoleBinding" : "RoleBinding");
		yq(out, name);
		if (!cl) {
			nhi_buf_adds(out, "\n  namespace: ");
			yq(out, ns);
		}
		nhi_buf_addf(out, "\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: %s\n  name: ", kind);
		yq(out, name);
		nhi_buf_adds(out, "\nsubjects:\n- kind: ServiceAccount\n  name: ");
		yq(out, sa_name);
		nhi_buf_adds(out, "\n  namespace: ");
		yq(out, sa_ns);
		nhi_buf_addch(out, '\n');
	}
}
