/* gha.c: nhi-collect gha — CI workflows as workload records.
 *
 * One workload per job of a GitHub Actions workflow (type gha_job) or a
 * GitLab CI file (type gitlab_job), with every credential the job is
 * handed ("uses": a secret in env at workflow, job or step level, an
 * input of a login action, a checkout token, a secret in a run script)
 * classified as static or not, and the federated identities it assumes
 * through OIDC ("identities": role-to-assume, workload_identity_provider,
 * client-id, id_tokens). Literal secrets written in the YAML itself are
 * sightings from the scanner. */
#include "compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "collect.h"
#include "diag.h"
#include "input.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "sighting.h"
#include "xalloc.h"
#include "banned.h"

enum { OPT_REPO = NHI_OPT_PROGRAM };

static const char *opt_repo;

struct wf {
	const char *name;    /* the file as printed */
	const char *rel;     /* the path within the repository */
	const char *repo;    /* owner/repo or NULL */
	const char *buf;
	size_t len;
	json_t *lines;
	json_t *uses;        /* of the job being built */
	json_t *idents;
	json_t *id_tokens;   /* GitLab: the job's id_tokens */
	int gitlab;
};

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect gha [OPTION...] [PATH...]\n\n"
		   "Options:\n"
		   "      --repo OWNER/REPO the repository the workflows belong to\n"
		   NHI_COMMON_USAGE);
	exit(status);
}

/* Positions. */

static void ptr_add(struct nhi_buf *p, const char *seg)
{
	nhi_buf_addch(p, '/');
	for (; *seg; seg++) {
		if (*seg == '~')
			nhi_buf_adds(p, "~0");
		else if (*seg == '/')
			nhi_buf_adds(p, "~1");
		else
			nhi_buf_addch(p, *seg);
	}
}

static unsigned long line_at(const struct wf *w, const char *ptr)
{
	json_t *pos = json_object_get(w->lines, ptr);

	return pos ? (unsigned long)json_integer_value(json_array_get(pos, 0)) : 0;
}

/* key_line: the line of "key:" at or before the line where its value
 * starts (a mapping value starts on the line after its key). */
static unsigned long key_line(const struct wf *w, const char *key, unsigned long vline)
{
	unsigned long l = 1;
	size_t kl = strlen(key), best = 0;
	const char *p = w->buf, *end = w->buf + w->len;

	while (p < end && l <= vline) {
		const char *q = p, *nl = memchr(p, '\n', (size_t)(end - p));

		while (q < end && (*q == ' ' || *q == '\t' || *q == '-'))
			q++;
		if (*q == '"' || *q == '\'')
			q++;
		if ((size_t)(end - q) > kl && !strncmp(q, key, kl) &&
		    (q[kl] == ':' || ((q[kl] == '"' || q[kl] == '\'') && q[kl + 1] == ':')))
			best = l;
		if (!nl)
			break;
		p = nl + 1;
		l++;
	}
	return best ? (unsigned long)best : vline;
}

/* Expressions: ${{ secrets.X }}, ${{ secrets['X'] }}, steps.S.outputs.O. */

struct ref {
	char text[256]; /* "secrets.X" */
	char secret[200];
	int github_token;
};

/* next_ref: the next reference at or after *p in s; 0 when none. */
static int next_ref(const char **p, struct ref *r)
{
	const char *s = *p, *e;

	memset(r, 0, sizeof(*r));
	while ((s = strstr(s, "${{"))) {
		const char *close = strstr(s, "}}");
		const char *q;

		if (!close)
			return 0;
		for (q = s + 3; q < close; q++) {
			size_t n;

			if ((!strncmp(q, "secrets.", 8) || !strncmp(q, "secrets[", 8)) &&
			    (q == s + 3 || !isalnum((unsigned char)q[-1]))) {
				const char *a = q + 8;

				while (*a == '\'' || *a == '"')
					a++;
				for (e = a; isalnum((unsigned char)*e) || *e == '_' || *e == '-'; e++)
					;
				n = (size_t)(e - a);
				if (!n || n >= sizeof(r->secret))
					continue;
				memcpy(r->secret, a, n);
				snprintf(r->text, sizeof(r->text), "secrets.%s", r->secret);
				r->github_token = !strcasecmp(r->secret, "GITHUB_TOKEN");
				*p = e;
				return 1;
			}
			if (!strncmp(q, "github.token", 12)) {
				snprintf(r->text, sizeof(r->text), "github.token");
				r->github_token = 1;
				*p = q + 12;
				return 1;
			}
			if (!strncmp(q, "steps.", 6) && strstr(q, ".outputs.") &&
			    strstr(q, ".outputs.") < close) {
				for (e = q; e < close && !isspace((unsigned char)*e) && *e != '}' &&
					    *e != '|' && *e != '&' && *e != ')'; e++)
					;
				n = (size_t)(e - q);
				if (n >= sizeof(r->text))
					n = sizeof(r->text) - 1;
				memcpy(r->text, q, n);
				r->text[n] = 0;
				*p = e;
				return 1;
			}
		}
		s = close + 2;
	}
	return 0;
}

static void add_use(struct wf *w, const char *ref, const char *name, struct collect_cls c,
		    const char *via, const char *step, unsigned long line)
{
	json_t *u = json_object();
	size_t i;
	json_t *o;

	/* one entry per (ref, name, via, step) */
	json_array_foreach(w->uses, i, o) {
		if (!strcmp(nhi_get_str(o, "ref"), ref) && !strcmp(nhi_get_str(o, "via"), via) &&
		    !strcmp(nhi_get_str(o, "name") ? nhi_get_str(o, "name") : "", name ? name : "") &&
		    !strcmp(nhi_get_str(o, "step") ? nhi_get_str(o, "step") : "", step ? step : "")) {
			json_decref(u);
			return;
		}
	}
	nhi_set_str(u, "ref", ref);
	nhi_set_str(u, "name", name);
	nhi_set_str(u, "credential_type", c.type);
	nhi_set_str(u, "provider", c.provider);
	if (c.stat >= 0)
		nhi_set_bool(u, "static", c.stat);
	nhi_set_str(u, "via", via);
	nhi_set_str(u, "step", step);
	if (line)
		nhi_set_int(u, "line", (long long)line);
	/* the OIDC replacements named are GitHub's */
	nhi_set_str(u, "migratable_to", c.stat == 1 && !w->gitlab ? c.migr : NULL);
	json_array_append_new(w->uses, u);
}

static void add_identity(struct wf *w, const char *ref, const char *via, int federated)
{
	json_t *o;
	size_t i;

	json_array_foreach(w->idents, i, o)
		if (!strcmp(nhi_get_str(o, "ref"), ref) && !strcmp(nhi_get_str(o, "via"), via) &&
		    json_is_true(json_object_get(o, "federated")) == !!federated)
			return;
	o = json_object();
	nhi_set_str(o, "ref", ref);
	nhi_set_str(o, "via", via);
	nhi_set_bool(o, "federated", federated);
	json_array_append_new(w->idents, o);
}

/* literal_secret: whether the scanner finds a secret in "name: value". */
struct lit {
	const char *type, *provider;
	int found;
};

static void lit_hit(const struct nhi_scan_hit *h, void *ctx)
{
	struct lit *l = ctx;

	if (!l->found) {
		l->type = h->type;
		l->provider = h->provider;
	}
	l->found = 1;
}

static int literal_secret(const char *name, const char *value, struct lit *l)
{
	struct nhi_buf b = NHI_BUF_INIT;

	memset(l, 0, sizeof(*l));
	nhi_buf_addf(&b, "%s: \"%s\"\n", name, value);
	nhi_scan_buffer(sighting_scanner(), b.buf, b.len, lit_hit, l);
	nhi_buf_release(&b);
	return l->found;
}

/* wire: one name: value pair that may hand the job a credential. */
static void wire(struct wf *w, const char *name, const char *value, const char *via,
		 const char *step, unsigned long line, struct collect_cls (*special)(const char *,
									     const char *,
									     void *),
		 void *sctx)
{
	const char *p = value;
	struct ref r;
	int any = 0;

	while (next_ref(&p, &r)) {
		struct collect_cls c;

		any = 1;
		if (r.github_token)
			continue; /* the job's own short-lived token */
		c = special ? special(name, r.secret[0] ? r.secret : NULL, sctx)
			    : collect_classify(name, r.secret[0] ? r.secret : NULL);
		if (c.stat == -2)
			continue;
		add_use(w, r.text, name, c, via, step, line);
	}
	if (!any && !strstr(value, "${{")) {
		struct lit l;

		if (literal_secret(name, value, &l)) {
			struct collect_cls c = special ? special(name, NULL, sctx) : collect_classify(name, NULL);

			if (c.stat == -2 || !strcmp(c.type, "unknown") || !strcmp(c.type, "api_key"))
				c = (struct collect_cls){ l.type, l.provider, c.migr, 1 };
			c.stat = 1;
			add_use(w, "literal", name, c, via, step, line);
		}
	}
}

static const char *scalar(json_t *v, char *buf, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

static void wire_env(struct wf *w, json_t *env, const char *ptr, const char *step)
{
	const char *k;
	json_t *v;

	json_object_foreach(env, k, v) {
		struct nhi_buf p = NHI_BUF_INIT;
		char num[32];
		const char *s = scalar(v, num, sizeof(num));

		if (!s)
			continue;
		nhi_buf_adds(&p, ptr);
		ptr_add(&p, k);
		wire(w, k, s, "env", step, line_at(w, p.buf), NULL, NULL);
		nhi_buf_release(&p);
	}
}

/* Actions that log in: what each input is. */

struct step_ctx {
	const char *action; /* lower case, without @ref */
	json_t *with;
};

static int action_is(const struct step_ctx *s, const char *name)
{
	return s->action && strstr(s->action, name);
}

static struct collect_cls step_input(const char *input, const char *secret, void *ctx)
{
	struct step_ctx *s = ctx;
	char in[128];
	size_t i;

	for (i = 0; input[i] && i + 1 < sizeof(in); i++)
		in[i] = (char)tolower((unsigned char)input[i]);
	in[i] = 0;
	if (!strcmp(in, "aws-access-key-id"))
		return (struct collect_cls){ "aws_access_key", "aws", "github_oidc", 1 };
	if (!strcmp(in, "aws-secret-access-key"))
		return (struct collect_cls){ "aws_secret_key", "aws", "github_oidc", 1 };
	if (!strcmp(in, "aws-session-token"))
		return (struct collect_cls){ "unknown", "aws", NULL, 0 };
	if (!strcmp(in, "role-to-assume") || !strcmp(in, "workload_identity_provider") ||
	    !strcmp(in, "service_account") || !strcmp(in, "client-id") ||
	    !strcmp(in, "tenant-id") || !strcmp(in, "subscription-id") ||
	    !strcmp(in, "username") || !strcmp(in, "user") || !strcmp(in, "registry") ||
	    !strcmp(in, "project_id") || !strcmp(in, "aws-region"))
		return (struct collect_cls){ "unknown", NULL, NULL, -2 };
	if (!strcmp(in, "credentials_json") || !strcmp(in, "service_account_key") ||
	    !strcmp(in, "credentials"))
		return (struct collect_cls){ "gcp_sa_key", "gcp", "gcp_wif", 1 };
	if (!strcmp(in, "creds") || !strcmp(in, "client-secret"))
		return (struct collect_cls){ "azure_sp_secret", "azure", "azure_federated", 1 };
	if (action_is(s, "gh-action-pypi-publish") && (!strcmp(in, "password")))
		return (struct collect_cls){ "package_token", "pypi", "trusted_publishing", 1 };
	if (action_is(s, "docker/login-action") && !strcmp(in, "password")) {
		const char *reg = nhi_get_str(s->with, "registry");

		if (reg && strstr(reg, "ghcr.io"))
			return (struct collect_cls){ "github_pat", "github", "github_token", 1 };
		if (reg && strstr(reg, "amazonaws.com"))
			return (struct collect_cls){ "aws_secret_key", "aws", "github_oidc", 1 };
		if (!reg || strstr(reg, "docker.io"))
			return (struct collect_cls){ "registry_token", "dockerhub", NULL, 1 };
		return (struct collect_cls){ "registry_token", NULL, NULL, 1 };
	}
	if ((action_is(s, "actions/checkout") && !strcmp(in, "token")) ||
	    !strcmp(in, "github-token") || !strcmp(in, "github_token") ||
	    !strcmp(in, "repo-token") || !strcmp(in, "gh-token"))
		return (struct collect_cls){ "github_pat", "github", "github_app", 1 };
	if (!strcmp(in, "password") && secret)
		return collect_classify("PASSWORD", secret);
	return collect_classify(input, secret);
}

static void oidc_inputs(struct wf *w, json_t *with)
{
	const char *role = nhi_get_str(with, "role-to-assume");
	const char *wip = nhi_get_str(with, "workload_identity_provider");
	const char *sa = nhi_get_str(with, "service_account");
	const char *cid = nhi_get_str(with, "client-id");
	int static_aws = json_object_get(with, "aws-access-key-id") != NULL;
	int static_gcp = json_object_get(with, "credentials_json") != NULL;
	int static_az = json_object_get(with, "creds") || json_object_get(with, "client-secret");

	if (role)
		add_identity(w, role, "role-to-assume", !static_aws);
	if (wip)
		add_identity(w, wip, "workload_identity_provider", 1);
	if (sa)
		add_identity(w, sa, "service_account", !static_gcp);
	if (cid)
		add_identity(w, cid, "client-id", !static_az);
}

static struct collect_cls registry_input(const char *input, const char *secret, void *ctx)
{
	const char *img = ctx, *slash = img ? strchr(img, '/') : NULL;
	const char *dot = img ? strchr(img, '.') : NULL;

	(void)input;
	(void)secret;
	if (img && !strncmp(img, "ghcr.io/", 8))
		return (struct collect_cls){ "github_pat", "github", "github_token", 1 };
	/* no registry host before the first slash: Docker Hub */
	if (img && (strstr(img, "docker.io/") || !slash || !dot || dot > slash))
		return (struct collect_cls){ "registry_token", "dockerhub", NULL, 1 };
	return (struct collect_cls){ "registry_token", NULL, NULL, 1 };
}

/* registry_creds: container: or services.X: with credentials.password. */
static void registry_creds(struct wf *w, json_t *c, const char *ptr)
{
	const char *pw = nhi_get_path_str(c, "credentials.password");
	const char *img = nhi_get_str(c, "image");

	if (pw)
		wire(w, "password", pw, "with", NULL, line_at(w, ptr), registry_input, (void *)img);
}

static void step_name(json_t *st, size_t i, char *buf, size_t n)
{
	const char *s = nhi_get_str(st, "name");

	if (!s)
		s = nhi_get_str(st, "id");
	if (!s)
		s = nhi_get_str(st, "uses");
	if (s)
		snprintf(buf, n, "%s", s);
	else
		snprintf(buf, n, "#%zu", i + 1);
}

static int id_token_write(json_t *perm)
{
	const char *s = json_string_value(perm);

	if (s)
		return !strcmp(s, "write-all");
	s = nhi_get_str(perm, "id-token");
	return s && !strcmp(s, "write");
}

static json_t *triggers(json_t *on)
{
	json_t *t = json_array();
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_string(on)) {
		json_array_append_new(t, json_string(json_string_value(on)));
	} else if (json_is_array(on)) {
		json_array_foreach(on, i, v)
			if (json_is_string(v))
				json_array_append_new(t, json_string(json_string_value(v)));
	} else {
		json_object_foreach(on, k, v)
			json_array_append_new(t, json_string(k));
	}
	return t;
}

static void emit_workload(struct wf *w, const char *type, const char *system, const char *job,
			  const char *display, json_t *env_name, json_t *trig, int oidc,
			  json_t *perm, unsigned long line)
{
	json_t *rec = nhi_record_new("workload");
	struct nhi_buf id = NHI_BUF_INIT;
	const char *envs = json_is_string(env_name) ? json_string_value(env_name)
						    : nhi_get_str(env_name, "name");

	nhi_buf_addf(&id, "%s:%s%s%s#%s", system, w->repo ? w->repo : "", w->repo ? "/" : "",
		     w->rel, job);
	nhi_set_str(rec, "id", id.buf);
	nhi_set_str(rec, "system", system);
	nhi_set_str(rec, "type", type);
	nhi_set_str(rec, "name", display ? display : job);
	nhi_set_str(rec, "repo", w->repo);
	nhi_set_str(rec, "path", w->rel);
	nhi_set_str(rec, "environment", envs);
	if (trig && json_array_size(trig))
		json_object_set(rec, "triggers", trig);
	nhi_set_bool(rec, "oidc", oidc);
	if (json_is_object(perm))
		json_object_set(rec, "permissions", perm);
	else if (json_is_string(perm))
		json_object_set_new(rec, "permissions",
				    json_pack("{ss}", "all", !strcmp(json_string_value(perm), "write-all") ? "write" : "read"));
	json_object_set(rec, "uses", w->uses);
	if (json_array_size(w->idents))
		json_object_set(rec, "identities", w->idents);
	nhi_set_source(rec, "gha", w->name, line, NULL);
	nhi_emit_steal(rec);
	nhi_buf_release(&id);
}

static void github_workflow(struct wf *w, json_t *doc)
{
	json_t *jobs = json_object_get(doc, "jobs"), *job;
	json_t *wenv = json_object_get(doc, "env"), *wperm = json_object_get(doc, "permissions");
	json_t *trig = triggers(json_object_get(doc, "on"));
	const char *jname;

	json_object_foreach(jobs, jname, job) {
		struct nhi_buf jp = NHI_BUF_INIT, p = NHI_BUF_INIT;
		json_t *perm = json_object_get(job, "permissions"), *st, *sec;
		size_t i;
		unsigned long jline;
		int oidc;

		if (!json_is_object(job))
			continue;
		if (!perm)
			perm = wperm;
		w->uses = json_array();
		w->idents = json_array();
		nhi_buf_adds(&jp, "/0/jobs");
		ptr_add(&jp, jname);
		jline = key_line(w, jname, line_at(w, jp.buf));
		wire_env(w, wenv, "/0/env", NULL);
		nhi_buf_addf(&p, "%s/env", jp.buf);
		wire_env(w, json_object_get(job, "env"), p.buf, NULL);
		/* a reusable workflow's secrets: mapping */
		sec = json_object_get(job, "secrets");
		if (json_is_object(sec)) {
			nhi_buf_reset(&p);
			nhi_buf_addf(&p, "%s/secrets", jp.buf);
			{
				const char *k;
				json_t *v;

				json_object_foreach(sec, k, v) {
					struct nhi_buf q = NHI_BUF_INIT;

					nhi_buf_adds(&q, p.buf);
					ptr_add(&q, k);
					if (json_is_string(v))
						wire(w, k, json_string_value(v), "with", NULL,
						     line_at(w, q.buf), NULL, NULL);
					nhi_buf_release(&q);
				}
			}
		}
		/* a private image for the job or a service: registry credentials */
		{
			json_t *svc = json_object_get(job, "services"), *v;
			const char *k;

			nhi_buf_reset(&p);
			nhi_buf_addf(&p, "%s/container/credentials/password", jp.buf);
			registry_creds(w, json_object_get(job, "container"), p.buf);
			json_object_foreach(svc, k, v) {
				nhi_buf_reset(&p);
				nhi_buf_addf(&p, "%s/services", jp.buf);
				ptr_add(&p, k);
				nhi_buf_adds(&p, "/credentials/password");
				registry_creds(w, v, p.buf);
			}
		}
		json_array_foreach(json_object_get(job, "steps"), i, st) {
			struct step_ctx sc = { 0 };
			char name[256], act[256];
			const char *uses = nhi_get_str(st, "uses"), *run = nhi_get_str(st, "run"), *k;
			json_t *with = json_object_get(st, "with"), *v;

			if (!json_is_object(st))
				continue;
			step_name(st, i, name, sizeof(name));
			if (uses) {
				size_t n;

				for (n = 0; uses[n] && uses[n] != '@' && n + 1 < sizeof(act); n++)
					act[n] = (char)tolower((unsigned char)uses[n]);
				act[n] = 0;
				sc.action = act;
			}
			sc.with = with;
			nhi_buf_reset(&p);
			nhi_buf_addf(&p, "%s/steps/%zu/env", jp.buf, i);
			wire_env(w, json_object_get(st, "env"), p.buf, name);
			json_object_foreach(with, k, v) {
				struct nhi_buf q = NHI_BUF_INIT;
				char num[32];
				const char *s = scalar(v, num, sizeof(num));

				if (!s)
					continue;
				nhi_buf_addf(&q, "%s/steps/%zu/with", jp.buf, i);
				ptr_add(&q, k);
				wire(w, k, s, "with", name, line_at(w, q.buf), step_input, &sc);
				nhi_buf_release(&q);
			}
			if (json_is_object(with))
				oidc_inputs(w, with);
			if (run) {
				nhi_buf_reset(&p);
				nhi_buf_addf(&p, "%s/steps/%zu/run", jp.buf, i);
				{
					const char *q = run;
					struct ref r;

					while (next_ref(&q, &r)) {
						struct collect_cls c;

						if (r.github_token || !r.secret[0])
							continue;
						c = collect_classify(r.secret, r.secret);
						if (c.stat == -2)
							continue;
						add_use(w, r.text, NULL, c, "args", name, line_at(w, p.buf));
					}
				}
			}
		}
		oidc = id_token_write(perm) || json_array_size(w->idents) > 0;
		{
			size_t k;
			json_t *o;
			int fed = 0;

			json_array_foreach(w->idents, k, o)
				if (json_is_true(json_object_get(o, "federated")))
					fed = 1;
			oidc = id_token_write(perm) || fed;
		}
		emit_workload(w, "gha_job", "github", jname, nhi_get_str(job, "name"),
			      json_object_get(job, "environment"), trig, oidc, perm, jline);
		json_decref(w->uses);
		json_decref(w->idents);
		w->uses = w->idents = NULL;
		nhi_buf_release(&jp);
		nhi_buf_release(&p);
	}
	json_decref(trig);
}

/* GitLab CI: jobs are the top-level keys that are not keywords. */
static int gitlab_keyword(const char *k)
{
	static const char *const kw[] = { "stages", "variables", "default", "include", "workflow",
					  "image", "services", "before_script", "after_script",
					  "cache", "spec", NULL };

	if (k[0] == '.')
		return 1;
	for (int i = 0; kw[i]; i++)
		if (!strcmp(k, kw[i]))
			return 1;
	return 0;
}

/* gitlab_refs: $NAME and ${NAME} in a script line. */
static void gitlab_refs(struct wf *w, const char *s, unsigned long line)
{
	for (const char *p = s; (p = strchr(p, '$'));) {
		char name[128];
		size_t n = 0;

		p++;
		if (*p == '{')
			p++;
		while ((isalnum((unsigned char)*p) || *p == '_') && n + 1 < sizeof(name))
			name[n++] = *p++;
		name[n] = 0;
		if (n && !strncmp(name, "CI_", 3))
			continue; /* GitLab's own predefined variables */
		if (n && json_object_get(w->id_tokens, name))
			continue; /* an OIDC token the job asked for */
		if (n) {
			struct collect_cls c = collect_classify(name, NULL);
			char ref[160];

			if (c.stat == -2)
				continue;
			snprintf(ref, sizeof(ref), "env:%s", name);
			add_use(w, ref, name, c, "env", NULL, line);
		}
	}
}

static void gitlab_vars(struct wf *w, json_t *vars, const char *ptr)
{
	const char *k;
	json_t *v;

	json_object_foreach(vars, k, v) {
		struct nhi_buf p = NHI_BUF_INIT;
		char num[32];
		const char *s = json_is_object(v) ? nhi_get_str(v, "value") : scalar(v, num, sizeof(num));
		struct lit l;

		nhi_buf_adds(&p, ptr);
		ptr_add(&p, k);
		if (s && s[0] == '$' && strspn(s + 1 + (s[1] == '{'), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") + 1 + (s[1] == '{') + (s[1] == '{') == strlen(s)) {
			/* NAME: $OTHER hands the job OTHER under NAME */
			char ref[160];
			const char *o = s + 1 + (s[1] == '{');
			struct collect_cls c;
			char other[128];
			size_t n = strspn(o, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

			snprintf(other, sizeof(other), "%.*s", (int)n, o);
			c = collect_classify(k, other);
			snprintf(ref, sizeof(ref), "env:%s", other);
			if (c.stat != -2)
				add_use(w, ref, k, c, "env", NULL, line_at(w, p.buf));
		} else if (s && strchr(s, '$')) {
			gitlab_refs(w, s, line_at(w, p.buf));
		} else if (s && literal_secret(k, s, &l)) {
			struct collect_cls c = collect_classify(k, NULL);

			if (c.stat == -2 || !strcmp(c.type, "api_key"))
				c = (struct collect_cls){ l.type, l.provider, NULL, 1 };
			c.stat = 1;
			add_use(w, "literal", k, c, "env", NULL, line_at(w, p.buf));
		}
		nhi_buf_release(&p);
	}
}

/* gitlab_resolve: the job with what it inherits through extends: and YAML
 * merge keys (<<: *anchor), the job's own keys winning; variables are
 * merged key by key as GitLab does. New reference. */
static json_t *gitlab_resolve(json_t *doc, json_t *job, int depth)
{
	json_t *out = json_object(), *ext = json_object_get(job, "extends");
	json_t *merge = json_object_get(job, "<<"), *v, *bases = json_array();
	const char *k;
	size_t i;

	if (json_is_string(ext))
		json_array_append(bases, json_object_get(doc, json_string_value(ext)));
	json_array_foreach(ext, i, v)
		if (json_is_string(v))
			json_array_append(bases, json_object_get(doc, json_string_value(v)));
	if (json_is_object(merge))
		json_array_append(bases, merge);
	json_array_foreach(merge, i, v)
		json_array_append(bases, v);
	json_array_foreach(bases, i, v) {
		json_t *b;

		if (!json_is_object(v) || depth > 10)
			continue;
		b = gitlab_resolve(doc, v, depth + 1);
		json_object_foreach(b, k, v) {
			if (!strcmp(k, "variables") && json_is_object(json_object_get(out, k)))
				json_object_update(json_object_get(out, k), v);
			else
				json_object_set(out, k, v);
		}
		json_decref(b);
	}
	json_object_foreach(job, k, v) {
		if (!strcmp(k, "extends") || !strcmp(k, "<<"))
			continue;
		if (!strcmp(k, "variables") && json_is_object(json_object_get(out, k)) && json_is_object(v)) {
			json_t *m = json_deep_copy(json_object_get(out, k));

			json_object_update(m, v);
			json_object_set_new(out, k, m);
		} else {
			json_object_set(out, k, v);
		}
	}
	json_decref(bases);
	return out;
}

static void gitlab_ci(struct wf *w, json_t *doc)
{
	const char *jname;
	json_t *job, *gvars = json_object_get(doc, "variables");
	json_t *dflt = json_object_get(doc, "default");

	json_object_foreach(doc, jname, job) {
		struct nhi_buf jp = NHI_BUF_INIT, p = NHI_BUF_INIT;
		json_t *ids, *v;
		const char *k, *sk[] = { "before_script", "script", "after_script", NULL };
		size_t i;

		if (gitlab_keyword(jname) || !json_is_object(job))
			continue;
		job = gitlab_resolve(doc, job, 0);
		w->uses = json_array();
		w->idents = json_array();
		w->id_tokens = json_object_get(job, "id_tokens");
		if (!w->id_tokens)
			w->id_tokens = json_object_get(dflt, "id_tokens");
		nhi_buf_adds(&jp, "/0");
		ptr_add(&jp, jname);
		gitlab_vars(w, gvars, "/0/variables");
		nhi_buf_addf(&p, "%s/variables", jp.buf);
		gitlab_vars(w, json_object_get(job, "variables"), p.buf);
		for (int s = 0; sk[s]; s++) {
			json_t *lines = json_object_get(job, sk[s]);

			nhi_buf_reset(&p);
			nhi_buf_addf(&p, "%s/%s", jp.buf, sk[s]);
			if (json_is_string(lines))
				gitlab_refs(w, json_string_value(lines), line_at(w, p.buf));
			json_array_foreach(lines, i, v) {
				struct nhi_buf q = NHI_BUF_INIT;

				nhi_buf_addf(&q, "%s/%zu", p.buf, i);
				if (json_is_string(v))
					gitlab_refs(w, json_string_value(v), line_at(w, q.buf));
				nhi_buf_release(&q);
			}
		}
		ids = w->id_tokens;
		json_object_foreach(ids, k, v) {
			json_t *aud = json_object_get(v, "aud");
			const char *a = json_is_string(aud) ? json_string_value(aud)
							    : json_string_value(json_array_get(aud, 0));

			add_identity(w, a ? a : k, "id_tokens", 1);
		}
		emit_workload(w, "gitlab_job", "gitlab", jname, NULL,
			      json_object_get(job, "environment"), NULL,
			      json_array_size(w->idents) > 0, NULL,
			      key_line(w, jname, line_at(w, jp.buf)));
		json_decref(job);
		json_decref(w->uses);
		json_decref(w->idents);
		w->uses = w->idents = NULL;
		nhi_buf_release(&jp);
		nhi_buf_release(&p);
	}
}

static void on_hit(const struct nhi_scan_hit *h, void *ctx)
{
	struct wf *w = ctx;
	json_t *rec = sighting_new(h, "gha", "workflow", w->name);

	nhi_set_str(sighting_location(rec), "repo", w->repo);
	nhi_emit_steal(rec);
}

/* infer_repo: owner/repo from the origin remote of the repository that
 * holds .github/workflows (or .gitlab-ci.yml), and the path within it. */
static char *infer_repo(const char *path, const char **rel)
{
	const char *m = strstr(path, ".github/workflows/");
	const char *base = strrchr(path, '/');
	struct nhi_buf cfg = NHI_BUF_INIT, text = NHI_BUF_INIT;
	char *out = NULL, *u;

	*rel = path;
	if (m && (m == path || m[-1] == '/'))
		*rel = m;
	else if (base && strstr(base, "gitlab-ci"))
		*rel = base + 1;
	else
		return NULL;
	nhi_buf_addf(&cfg, "%.*s.git/config", (int)(*rel - path), path);
	if (!nhi_input_slurp(cfg.buf, 1u << 20, &text) && (u = strstr(text.buf, "[remote \"origin\"]")) &&
	    (u = strstr(u, "url = "))) {
		char *e = strchr(u, '\n'), *h;

		if (e)
			*e = 0;
		u += 6;
		h = strstr(u, "github.com");
		if (!h)
			h = strstr(u, "gitlab.com");
		if (h) {
			h += 10;
			if (*h == ':' || *h == '/')
				h++;
			out = xstrdup(h);
			if (strlen(out) > 4 && !strcmp(out + strlen(out) - 4, ".git"))
				out[strlen(out) - 4] = 0;
		}
	}
	nhi_buf_release(&cfg);
	nhi_buf_release(&text);
	return out;
}

static void one_file(const char *name, const char *buf, size_t len, void *ctx)
{
	struct wf w = { 0 };
	json_t *docs, *doc;
	char *repo = NULL;
	const char *base = strrchr(name, '/');

	collect_strict_check();

	(void)ctx;
	base = base ? base + 1 : name;
	w.name = name;
	w.buf = buf;
	w.len = len;
	w.rel = name;
	if (!opt_repo)
		repo = infer_repo(name, &w.rel);
	else
		infer_repo(name, &w.rel);
	w.repo = opt_repo ? opt_repo : repo;
	docs = collect_parse_yaml(name, buf, len, &w.lines);
	if (docs) {
		doc = json_array_get(docs, 0);
		if (strstr(base, "gitlab-ci") || (json_is_object(doc) && !json_object_get(doc, "jobs") &&
						   (json_object_get(doc, "stages") ||
						    json_object_get(doc, "variables")))) {
			w.gitlab = 1;
			gitlab_ci(&w, doc);
		} else if (json_is_object(json_object_get(doc, "jobs"))) {
			github_workflow(&w, doc);
		} else if (json_is_object(doc)) {
			collect_reject(name, 0, "not a workflow: no \"jobs\" mapping");
		}
	}
	/* Literal secrets anywhere in the file, even one that does not parse. */
	nhi_scan_buffer(sighting_scanner(), buf, len, on_hit, &w);
	json_decref(docs);
	json_decref(w.lines);
	free(repo);
}

void collect_gha_file(const char *name, const char *buf, size_t len)
{
	one_file(name, buf, len, NULL);
}

static int want_yaml(const char *path)
{
	size_t n = strlen(path);

	return (n > 4 && !strcmp(path + n - 4, ".yml")) || (n > 5 && !strcmp(path + n - 5, ".yaml"));
}

int collect_gha(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, OPT_REPO },
		NHI_COMMON_LONGOPTS,
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_REPO)
			opt_repo = optarg;
		else
			nhi_common_option(c, optarg, argv, usage);
	}
	nhi_common_start();
	sighting_scanner();
	if (optind >= argc) {
		collect_each_file(0, NULL, NULL, one_file, NULL);
		return 0;
	}
	for (int i = optind; i < argc; i++) {
		struct stat st;
		struct nhi_buf wfdir = NHI_BUF_INIT, gl = NHI_BUF_INIT;
		char *one[1];

		/* A repository: its workflows folder and its .gitlab-ci.yml. */
		nhi_buf_addf(&wfdir, "%s/.github/workflows", argv[i]);
		nhi_buf_addf(&gl, "%s/.gitlab-ci.yml", argv[i]);
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) &&
		    (stat(wfdir.buf, &st) == 0 || stat(gl.buf, &st) == 0)) {
			if (stat(wfdir.buf, &st) == 0) {
				one[0] = wfdir.buf;
				collect_each_file(1, one, want_yaml, one_file, NULL);
			}
			if (stat(gl.buf, &st) == 0) {
				one[0] = gl.buf;
				collect_each_file(1, one, NULL, one_file, NULL);
			}
		} else {
			one[0] = argv[i];
			collect_each_file(1, one, stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? want_yaml : NULL,
					  one_file, NULL);
		}
		nhi_buf_release(&wfdir);
		nhi_buf_release(&gl);
	}
	return 0;
}
