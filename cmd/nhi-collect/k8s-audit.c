/* k8s-audit.c: the "k8s-audit" source.  Kubernetes API server audit events
 * (audit.k8s.io/v1 Event, one per line, as the log backend, EKS/CloudWatch
 * and Elastic write them; AKS diagnostic records with properties.log; GKE
 * Cloud Audit Logs entries) become event records. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "diag.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

static const char *cluster = "default";
static unsigned long partial; /* events at a stage before ResponseComplete */

static const char *str(const json_t *o, const char *path)
{
	return nhi_get_path_str(o, path);
}

static const char *first(const json_t *o, const char *path)
{
	json_t *v = nhi_get_path(o, path);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_string_value(v);
}

/* principal: a username as an identity id. */
static void principal(struct nhi_buf *b, const char *user)
{
	static const char sa[] = "system:serviceaccount:";
	const char *colon;

	nhi_buf_reset(b);
	if (!strncmp(user, sa, sizeof(sa) - 1) &&
	    (colon = strchr(user + sizeof(sa) - 1, ':')) && colon[1] &&
	    !strchr(colon + 1, ':')) {
		nhi_buf_addf(b, "k8s:%s/sa/%.*s/%s", cluster,
			     (int)(colon - user - (sizeof(sa) - 1)), user + sizeof(sa) - 1,
			     colon + 1);
		return;
	}
	nhi_buf_addf(b, "k8s:%s/user/%s", cluster, user);
}

/* aws_principal: an EKS user's IAM identity; a role session is its role. */
static void aws_principal(json_t *rec, const json_t *user)
{
	const char *arn = first(user, "extra.canonicalArn");
	const char *key = first(user, "extra.accessKeyId");
	struct nhi_buf b = NHI_BUF_INIT;

	if (!arn)
		arn = first(user, "extra.arn");
	if (arn) {
		const char *ar = strstr(arn, ":assumed-role/");
		const char *sts = strstr(arn, ":sts::");

		if (ar && sts && sts < ar) {
			const char *role = ar + 14, *slash = strchr(role, '/');

			nhi_buf_addf(&b, "aws:%.*s:iam::%.*s:role/%.*s",
				     (int)(sts - arn), arn,
				     (int)(ar - sts - 6), sts + 6,
				     (int)(slash ? (size_t)(slash - role) : strlen(role)), role);
		} else {
			nhi_buf_addf(&b, "aws:%s", arn);
		}
		nhi_set_str(rec, "aws_principal", b.buf);
	}
	nhi_set_str(rec, "access_key_id", key);
	nhi_buf_release(&b);
}

/* resource: "<group>/<resource>[/<subresource>]:[<namespace>/]<name or *>",
 * group "core" for the core API group; a request with no object (a
 * non-resource URL such as /healthz) is its path. */
static void resource(struct nhi_buf *b, const char *group, const char *res,
		     const char *sub, const char *ns, const char *name)
{
	nhi_buf_reset(b);
	nhi_buf_addf(b, "%s/%s", group && *group ? group : "core", res);
	if (sub && *sub)
		nhi_buf_addf(b, "/%s", sub);
	nhi_buf_addch(b, ':');
	if (ns && *ns)
		nhi_buf_addf(b, "%s/", ns);
	nhi_buf_adds(b, name && *name ? name : "*");
}

static void set_time(json_t *rec, const char *t)
{
	const char *n = t ? nhi_time_normalize(t) : NULL;

	if (n)
		nhi_set_str(rec, "time", n);
}

static void native(const struct nhi_line *line, const json_t *e)
{
	json_t *rec;
	struct nhi_buf id = NHI_BUF_INIT, r = NHI_BUF_INIT, act = NHI_BUF_INIT;
	const char *user = str(e, "impersonatedUser.username");
	const char *verb = str(e, "verb"), *decision, *stage = str(e, "stage");
	json_t *code = nhi_get_path(e, "responseStatus.code");
	long long c = json_is_integer(code) ? json_integer_value(code) : 0;
	json_t *ann = json_object_get(e, "annotations");

	if (stage && strcmp(stage, "ResponseComplete") && strcmp(stage, "Panic")) {
		partial++;
		return;
	}
	if (!user)
		user = str(e, "user.username");
	if (!user || !verb) {
		collect_reject(line->file, line->lineno, "audit event without %s",
			       user ? "verb" : "user.username");
		return;
	}
	rec = nhi_record_new("event");
	principal(&id, user);
	nhi_set_str(rec, "identity", id.buf);
	if (str(e, "impersonatedUser.username") && str(e, "user.username")) {
		principal(&id, str(e, "user.username"));
		nhi_set_str(rec, "impersonator", id.buf);
	}
	set_time(rec, str(e, "requestReceivedTimestamp") ? str(e, "requestReceivedTimestamp")
							 : str(e, "stageTimestamp"));
	nhi_buf_addf(&act, "k8s:%s", verb);
	nhi_set_str(rec, "action", act.buf);
	if (str(e, "objectRef.resource")) {
		const char *g = str(e, "objectRef.apiGroup"), *av = str(e, "objectRef.apiVersion");
		struct nhi_buf gb = NHI_BUF_INIT;

		/* Without apiGroup, "apps/v1" still names the group. */
		if (!g && av && strchr(av, '/')) {
			nhi_buf_add(&gb, av, (size_t)(strchr(av, '/') - av));
			g = gb.buf;
		}
		resource(&r, g, str(e, "objectRef.resource"),
			 str(e, "objectRef.subresource"), str(e, "objectRef.namespace"),
			 str(e, "objectRef.name"));
		nhi_set_str(rec, "resource", r.buf);
		nhi_buf_release(&gb);
	} else if (str(e, "requestURI")) {
		const char *u = str(e, "requestURI");

		nhi_set_strn(rec, "resource", u, strcspn(u, "?"));
	}
	decision = json_string_value(json_object_get(ann, "authorization.k8s.io/decision"));
	if ((decision && !strcmp(decision, "forbid")) || c == 401 || c == 403)
		nhi_set_str(rec, "outcome", "denied");
	else if (c >= 400 || (stage && !strcmp(stage, "Panic")))
		nhi_set_str(rec, "outcome", "failed");
	else
		nhi_set_str(rec, "outcome", "allowed");
	if (c >= 400) {
		nhi_buf_reset(&r);
		nhi_buf_addf(&r, "%lld", c);
		if (str(e, "responseStatus.reason"))
			nhi_buf_addf(&r, " %s", str(e, "responseStatus.reason"));
		nhi_set_str(rec, "error", r.buf);
	}
	nhi_set_str(rec, "source_ip", first(e, "sourceIPs"));
	nhi_set_str(rec, "user_agent", str(e, "userAgent"));
	nhi_set_str(rec, "session", str(e, "auditID"));
	nhi_set_str(rec, "event_source", "k8s");
	aws_principal(rec, json_object_get(e, "user"));
	nhi_set_source(rec, "k8s-audit", line->file, line->lineno, NULL);
	nhi_emit_steal(rec);
	nhi_buf_release(&id);
	nhi_buf_release(&r);
	nhi_buf_release(&act);
}

/* gke: a Cloud Audit Logs entry of serviceName k8s.io; resourceName is
 * "GROUP/VERSION/namespaces/NS/RESOURCE/NAME[/SUB]" ("core" for the core
 * group) or a non-resource path. */
static void gke(const struct nhi_line *line, const json_t *e)
{
	const json_t *p = json_object_get(e, "protoPayload");
	const char *user = str(p, "authenticationInfo.principalEmail");
	const char *method = str(p, "methodName"), *rn = str(p, "resourceName");
	const char *verb;
	json_t *rec, *authz = json_array_get(json_object_get(p, "authorizationInfo"), 0);
	struct nhi_buf id = NHI_BUF_INIT, r = NHI_BUF_INIT;
	json_t *code = nhi_get_path(p, "status.code");

	if (!user || !method) {
		collect_reject(line->file, line->lineno, "GKE audit entry without %s",
			       user ? "methodName" : "principalEmail");
		return;
	}
	verb = strrchr(method, '.') ? strrchr(method, '.') + 1 : method;
	rec = nhi_record_new("event");
	principal(&id, user);
	nhi_set_str(rec, "identity", id.buf);
	set_time(rec, str(e, "timestamp"));
	nhi_buf_addf(&r, "k8s:%s", verb);
	nhi_set_str(rec, "action", r.buf);
	if (rn) {
		char *parts[8];
		char *copy = xstrdup(rn), *s = copy;
		int n = 0;

		while (n < 8 && (parts[n] = strsep(&s, "/")))
			n++;
		nhi_buf_reset(&r);
		if (n >= 6 && !strcmp(parts[2], "namespaces"))
			resource(&r, strcmp(parts[0], "core") ? parts[0] : NULL, parts[4],
				 n > 6 ? parts[6] : NULL, parts[3], parts[5]);
		else if (n >= 3 && n <= 4 && strcmp(parts[2], "namespaces"))
			resource(&r, strcmp(parts[0], "core") ? parts[0] : NULL, parts[2],
				 NULL, NULL, n == 4 ? parts[3] : NULL);
		else
			nhi_buf_addf(&r, "%s%s", *rn == '/' ? "" : "/", rn);
		nhi_set_str(rec, "resource", r.buf);
		free(copy);
	}
	if ((authz && json_is_false(json_object_get(authz, "granted"))) ||
	    (json_is_integer(code) && json_integer_value(code) == 7))
		nhi_set_str(rec, "outcome", "denied");
	else if (json_is_integer(code) && json_integer_value(code) != 0)
		nhi_set_str(rec, "outcome", "failed");
	else
		nhi_set_str(rec, "outcome", "allowed");
	nhi_set_str(rec, "source_ip", str(p, "requestMetadata.callerIp"));
	nhi_set_str(rec, "user_agent", str(p, "requestMetadata.callerSuppliedUserAgent"));
	nhi_set_str(rec, "session", str(e, "insertId"));
	nhi_set_str(rec, "event_source", "k8s");
	nhi_set_source(rec, "k8s-audit", line->file, line->lineno, NULL);
	nhi_emit_steal(rec);
	nhi_buf_release(&id);
	nhi_buf_release(&r);
}

static int is_event(const json_t *v)
{
	const char *api = str(v, "apiVersion");

	/* Some exporters drop apiVersion; kind Event with a user is enough. */
	return json_is_object(v) && str(v, "kind") && !strcmp(str(v, "kind"), "Event") &&
	       (api ? !strncmp(api, "audit.k8s.io/", 13) : !!json_object_get(v, "user"));
}

/* one: a line's value, unwrapped: AKS (properties.log, an object or a JSON
 * string), Elastic (kubernetes.audit), CloudWatch exports (message). */
static void one(const struct nhi_line *line, json_t *v, int depth)
{
	json_t *inner = NULL, *w;
	size_t i;

	if (is_event(v)) {
		native(line, v);
		return;
	}
	if (str(v, "kind") && !strcmp(str(v, "kind"), "EventList") && depth == 0) {
		json_array_foreach(json_object_get(v, "items"), i, w)
			one(line, w, depth + 1);
		return;
	}
	if (str(v, "protoPayload.serviceName") && !strcmp(str(v, "protoPayload.serviceName"), "k8s.io")) {
		gke(line, v);
		return;
	}
	w = nhi_get_path(v, "properties.log");
	if (!w)
		w = nhi_get_path(v, "kubernetes.audit");
	if (!w)
		w = json_object_get(v, "message");
	if (json_is_string(w) && depth == 0)
		inner = json_loadb(json_string_value(w), json_string_length(w), 0, NULL);
	else if (json_is_object(w) && depth == 0)
		inner = json_incref(w);
	if (inner && (is_event(inner) || json_object_get(inner, "verb"))) {
		native(line, inner);
	} else {
		collect_reject(line->file, line->lineno, "not a Kubernetes audit event");
	}
	json_decref(inner);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect k8s-audit [--cluster NAME] [OPTION...] [FILE...]\n\n"
		   "Options:\n"
		   "      --cluster NAME    the cluster's name in ids (default: default)\n"
		   NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_k8s_audit(int argc, char **argv)
{
	enum { OPT_CLUSTER = NHI_OPT_PROGRAM };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "cluster", required_argument, NULL, OPT_CLUSTER },
		{ 0 }
	};
	struct nhi_reader *r;
	struct nhi_line line;
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_CLUSTER) {
			if (!*optarg || strchr(optarg, '/'))
				nhi_usage_error(usage, "--cluster: not a name: '%s'", optarg);
			cluster = optarg;
		} else {
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	nhi_common_start();
	r = nhi_reader_open(argc - optind, argv + optind);
	while (nhi_reader_next(r, &line)) {
		json_error_t err;
		json_t *v = json_loadb(line.data, line.len, 0, &err);

		if (!v) {
			nhi_reader_reject(r, &line, "invalid JSON: %s at column %d", nhi_json_error_text(&err), err.column);
			continue;
		}
		one(&line, v, 0);
		json_decref(v);
	}
	nhi_reader_close(r);
	if (partial)
		nhi_warn("k8s-audit: skipped %lu event%s at an early stage (each request is read at ResponseComplete)",
			 partial, partial == 1 ? "" : "s");
	return 0;
}
