/* saas.c: the shared driver of the SaaS collectors: options, recognising
 * which export a file is, JSON and NDJSON files, and --live paging with
 * lib/http (Link headers, @odata.nextLink, nextPageToken, X-Next-Page). */
#include "compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "collect.h"
#include "config.h"
#include "diag.h"
#include "http.h"
#include "input.h"
#include "num.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "secretenv.h"
#include "saas.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

#define MAX_PAGES 100000

enum { OPT_TYPE = NHI_OPT_PROGRAM, OPT_LIVE, OPT_ORG, OPT_REPO, OPT_PROJECT, OPT_GROUP, OPT_NAME };

static const struct saas_system *sys;
static const char *type;
static int live;
static struct saas_ctx ctx;

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: nhi-collect %s [OPTION...] [FILE...]\n"
		"       nhi-collect %s --live [OPTION...]\n\n"
		"      --type TYPE       the export's shape, when it cannot be recognised\n"
		"      --live            fetch from the API instead of reading files\n"
		"      --org NAME        the organisation (GitHub, Okta)\n"
		"      --repo OWNER/REPO the repository (GitHub deploy keys)\n"
		"      --project ID      the project (GCP, GitLab)\n"
		"      --group ID        the group (GitLab)\n"
		"      --name NAME       the object a single-object export describes (Vault AppRole)\n"
		NHI_COMMON_USAGE, sys->name, sys->name);
	fprintf(status ? stderr : stdout, "\nTypes:");
	for (size_t i = 0; i < sys->nshapes; i++)
		fprintf(status ? stderr : stdout, " %s", sys->shapes[i].type);
	fputc('\n', status ? stderr : stdout);
	exit(status);
}

/* Arrays made for single objects live until the document is done. */
static json_t *wrappers;

json_t *saas_items(const json_t *doc, const char *key)
{
	json_t *v, *one;

	if (!wrappers)
		wrappers = json_array();
	if (json_is_array(doc))
		return (json_t *)doc;
	v = key ? json_object_get(doc, key) : NULL;
	if (json_is_array(v))
		return v;
	one = json_array();
	if (json_is_object(doc) && !v)
		json_array_append(one, (json_t *)doc);
	json_array_append_new(wrappers, one);
	return one;
}

const json_t *saas_first(const json_t *doc, const char *key)
{
	json_t *items = saas_items(doc, key);

	return json_is_object(json_array_get(items, 0)) ? json_array_get(items, 0) : NULL;
}

int saas_has(const json_t *o, const char *const *keys)
{
	if (!json_is_object(o))
		return 0;
	for (; *keys; keys++)
		if (!json_object_get(o, *keys))
			return 0;
	return 1;
}

json_t *saas_record(struct saas_ctx *c, const char *kind, const char *key, long index)
{
	json_t *r = nhi_record_new(kind);
	char ptr[256];

	if (key && index >= 0)
		snprintf(ptr, sizeof(ptr), "/%s/%ld", key, index);
	else if (index >= 0)
		snprintf(ptr, sizeof(ptr), "/%ld", index);
	else
		ptr[0] = '\0';
	nhi_set_source(r, c->system, c->file, 0, ptr[0] ? ptr : NULL);
	return r;
}

void saas_put(json_t *r)
{
	json_t *src = json_incref(json_object_get(r, "source"));

	if (src) {
		json_object_del(r, "source");
		json_object_set_new(r, "source", src);
	}
	nhi_emit(r);
}

void saas_emit(json_t *r)
{
	saas_put(r);
	json_decref(r);
}

void saas_time(json_t *r, const char *out, const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	int64_t t;

	if (json_is_integer(v)) {
		t = (int64_t)json_integer_value(v);
		if (t > 100000000000LL)
			t /= 1000;
		nhi_set_time(r, out, t);
	} else if (json_is_string(v) && nhi_time_parse(json_string_value(v), &t) == NHI_TIME_SET) {
		nhi_set_time(r, out, t);
	}
}

void saas_signal(struct saas_ctx *c, const char *subject, const char *person,
		 const char *role, const char *evidence, double weight, const char *time)
{
	json_t *s;

	if (!subject || !person || !*person)
		return;
	s = saas_record(c, "signal", NULL, -1);
	nhi_set_str(s, "subject", subject);
	nhi_set_str(s, "person", person);
	nhi_set_str(s, "role", role);
	nhi_set_str(s, "evidence", evidence);
	json_object_set_new(s, "weight", json_real(weight));
	nhi_set_str(s, "time", time);
	saas_emit(s);
}

static const struct saas_shape *recognise(const json_t *doc)
{
	for (size_t i = 0; i < sys->nshapes; i++) {
		if (type ? !strcmp(type, sys->shapes[i].type) : sys->shapes[i].detect(doc))
			return &sys->shapes[i];
	}
	return NULL;
}

static void map_doc(const json_t *doc, unsigned long line)
{
	const struct saas_shape *s = recognise(doc);

	if (!s) {
		collect_reject(ctx.file, line, "no %s export shape matches (--type names one)",
			       sys->name);
		return;
	}
	s->map(doc, &ctx);
	json_array_clear(wrappers);
}

/* one_file: a JSON document, or NDJSON with one document a line. */
static void one_file(const char *name, const char *buf, size_t len, void *unused)
{
	json_error_t err;
	json_t *doc;
	const char *p = buf, *end = buf + len;
	unsigned long line = 0;

	(void)unused;
	ctx.file = name;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		p += 3;
	doc = json_loadb(p, (size_t)(end - p), JSON_DECODE_ANY, &err);
	if (doc) {
		map_doc(doc, 0);
		json_decref(doc);
		return;
	}
	/* Several values, one a line: a log export. */
	if (err.line <= 1 && !memchr(p, '\n', (size_t)(end - p))) {
		collect_reject(name, err.line > 0 ? (unsigned long)err.line : 0,
			       "invalid JSON: %s at column %d", nhi_json_error_text(&err), err.column);
		return;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *why;
		json_t *one;

		line++;
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (n) {
			one = json_loadb(p, n, 0, &err);
			why = nhi_json_error_text(&err);
			if (!one)
				collect_reject(name, line, "invalid JSON: %s at column %d", why, err.column);
			else
				map_doc(one, line);
			json_decref(one);
		}
		p = nl ? nl + 1 : end;
	}
}


/* expand: the shape's live path with the scope options; NULL when an
 * option it needs was not given. */
static char *expand(const char *tmpl)
{
	struct nhi_buf b = NHI_BUF_INIT;
	static const struct { const char *key; const char **value; } vars[] = {
		{ "{org}", &ctx.org }, { "{repo}", &ctx.repo }, { "{project}", &ctx.project },
		{ "{group}", &ctx.group }, { "{name}", &ctx.name },
	};

	for (const char *p = tmpl; *p;) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(vars); i++)
			if (!strncmp(p, vars[i].key, strlen(vars[i].key)))
				break;
		if (i == ARRAY_SIZE(vars)) {
			nhi_buf_addch(&b, *p++);
			continue;
		}
		if (!*vars[i].value) {
			nhi_buf_release(&b);
			return NULL;
		}
		nhi_buf_adds(&b, *vars[i].value);
		p += strlen(vars[i].key);
	}
	return nhi_buf_detach(&b, NULL);
}

/* next_page: where the next page is, from the answer: a Link header,
 * "@odata.nextLink", "nextPageToken", or nothing. */
static char *next_page(const char *url, const struct nhi_http_response *resp, const json_t *doc)
{
	const char *odata = nhi_get_str(doc, "@odata.nextLink"), *tok = nhi_get_str(doc, "nextPageToken");
	struct nhi_buf b = NHI_BUF_INIT;
	const char *q;

	if (resp->link_next)
		return xstrdup(resp->link_next);
	if (odata)
		return xstrdup(odata);
	if (tok && *tok) {
		/* Replace any earlier pageToken with this one. */
		q = strstr(url, "pageToken=");
		nhi_buf_add(&b, url, q ? (size_t)(q - url) : strlen(url));
		if (!q)
			nhi_buf_addch(&b, strchr(url, '?') ? '&' : '?');
		nhi_buf_addf(&b, "pageToken=%s", tok);
		return nhi_buf_detach(&b, NULL);
	}
	return NULL;
}

/* same_origin: pagination may not send our token to another host. */
static int same_origin(const char *a, const char *b)
{
	const char *pa = strstr(a, "://"), *pb = strstr(b, "://");
	size_t na, nb;

	if (!pa || !pb)
		return 0;
	pa += 3;
	pb += 3;
	na = strcspn(pa, "/?#");
	nb = strcspn(pb, "/?#");
	return na == nb && !strncmp(pa, pb, na) && !strncmp(a, b, (size_t)(pa - a));
}

/* url_path: the path and query of url, which stands for the file name in
 * the records' source. */
static const char *url_path(const char *url)
{
	const char *p = strstr(url, "://");

	p = p ? strchr(p + 3, '/') : NULL;
	return p ? p : url;
}

/* remote_reason: " NAME", the short machine name of why an API said no,
 * from its error body (AWS "__type", Kubernetes Status "reason"), or "".
 * Never the message: it may echo what we sent. */
static void remote_reason(char *out, size_t n, const struct nhi_http_response *resp)
{
	json_t *doc = json_loadb(resp->body.buf ? resp->body.buf : "", resp->body.len, 0, NULL);
	const char *r = nhi_get_str(doc, "__type");

	if (!r)
		r = nhi_get_str(doc, "reason");
	/* "com.amazonaws...#ThrottlingException": the name after '#'. */
	if (r && strchr(r, '#'))
		r = strchr(r, '#') + 1;
	out[0] = '\0';
	if (r && strlen(r) < 64 && !r[strspn(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")])
		snprintf(out, n, " %s", r);
	json_decref(doc);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1)
		;
}

void saas_fetch(const struct saas_fetch *f, const char *first_url, const char *first_body)
{
	char *url = xstrdup(first_url), *body = first_body ? xstrdup(first_body) : NULL;
	const char *env = getenv("NHI_HTTP_BACKOFF_MS");
	long long base_ms = 500;
	long pages = 0;
	int tries = 0;

	if (env && nhi_parse_int(env, 0, 60000, &base_ms))
		base_ms = 500;
	while (url && pages < MAX_PAGES) {
		struct nhi_http_request req = { 0 };
		struct nhi_http_response resp;
		json_t *doc;
		char *next = NULL, *next_body = NULL, why[80];

		req.url = url;
		req.method = f->method;
		req.body = body;
		req.body_len = body ? strlen(body) : 0;
		req.headers = f->headers;
		req.aws_sigv4 = f->aws_sigv4;
		req.aws_key_id = f->aws_key_id;
		req.aws_secret = f->aws_secret;
		req.ca_file = f->ca_file;
		nhi_http_response_init(&resp);
		if (nhi_http_do(&req, &resp)) {
			if (f->missing_ok && !pages && resp.status == 404) {
				nhi_http_response_release(&resp);
				break;
			}
			if (f->again && resp.status && f->again(&resp) && ++tries < f->max_tries) {
				/* Throttled in a way lib/http does not retry: wait, ask again. */
				nhi_http_response_release(&resp);
				sleep_ms((long)(base_ms << (tries < 6 ? tries - 1 : 5)));
				continue;
			}
			remote_reason(why, sizeof(why), &resp);
			nhi_error(NHI_EXIT_REMOTE, "%s: %s%s", url, resp.error, why);
			nhi_http_response_release(&resp);
			break;
		}
		tries = 0;
		pages++;
		doc = json_loadb(resp.body.buf ? resp.body.buf : "", resp.body.len, JSON_DECODE_ANY, NULL);
		if (!doc) {
			nhi_error(NHI_EXIT_REMOTE, "%s: the answer is not JSON", url);
		} else {
			f->page(doc, url_path(url), f->arg);
			next = f->next(url, body, &resp, doc, &next_body, f->arg);
			if (next && (!same_origin(url, next) ||
				     (!strcmp(next, url) && !(body && next_body && strcmp(body, next_body))))) {
				nhi_error(NHI_EXIT_REMOTE, "%s: refusing a next page on another host or the same page", url);
				free(next);
				free(next_body);
				next = next_body = NULL;
			}
			json_decref(doc);
		}
		if (isatty(2))
			fprintf(stderr, "\r%s: %s: %ld pages\033[K", nhi_prog, f->label, pages);
		/* A page may hold secret values (k8s Secrets): gone with it. */
		if (resp.body.buf)
			memset(resp.body.buf, 0, resp.body.len);
		nhi_http_response_release(&resp);
		free(url);
		free(body);
		url = next;
		body = next_body;
	}
	if (isatty(2) && pages)
		fputc('\n', stderr);
	free(url);
	free(body);
}

static void shape_page(json_t *doc, const char *path, void *arg)
{
	const struct saas_shape *s = arg;

	ctx.file = path;
	s->map(doc, &ctx);
	json_array_clear(wrappers);
}

static char *shape_next(const char *url, const char *body, const struct nhi_http_response *resp,
			const json_t *doc, char **next_body, void *arg)
{
	(void)body;
	(void)next_body;
	(void)arg;
	return next_page(url, resp, doc);
}

static void fetch(const struct saas_shape *s, const char *base, const char *auth)
{
	char *path = expand(s->live_path);
	struct nhi_buf first = NHI_BUF_INIT;
	const char *headers[3] = { "Accept: application/json", auth, NULL };
	struct saas_fetch f = { 0 };

	if (!path)
		return;
	nhi_buf_addf(&first, "%s%s", base, path);
	f.label = s->type;
	f.headers = headers;
	f.page = shape_page;
	f.next = shape_next;
	f.arg = (void *)s;
	saas_fetch(&f, first.buf, NULL);
	nhi_buf_release(&first);
	free(path);
}

static void live_run(void)
{
	char key[64], *token;
	const char *base;
	struct nhi_buf auth = NHI_BUF_INIT;
	int any = 0;

	snprintf(key, sizeof(key), "api.%s", sys->name);
	base = json_string_value(nhi_config_get(key));
	if (!base && !strcmp(sys->name, "vault"))
		base = getenv("VAULT_ADDR");
	if (!base)
		base = sys->default_base;
	if (!base)
		nhi_die(NHI_EXIT_USAGE, "%s --live needs api.%s in nhi.yaml", sys->name, sys->name);
	token = nhi_secret_env(sys->token_env);
	if (!token)
		nhi_die(NHI_EXIT_USAGE, "%s --live needs a token in %s or %s_FILE", sys->name,
			sys->token_env, sys->token_env);
	nhi_buf_addf(&auth, sys->auth_fmt, token);
	nhi_secret_free(token);
	for (size_t i = 0; i < sys->nshapes; i++) {
		const struct saas_shape *s = &sys->shapes[i];

		if (!s->live_path || (type && strcmp(type, s->type)))
			continue;
		if (s->needs) {
			char *path = expand(s->live_path);

			free(path);
			if (!path)
				continue;
		}
		any = 1;
		fetch(s, base, auth.buf);
	}
	if (!any)
		nhi_warn("%s --live: nothing to list; give the scope (--org, --project, ...)", sys->name);
	memset(auth.buf, 0, auth.len);
	nhi_buf_release(&auth);
}

int saas_main(const struct saas_system *system, int argc, char **argv)
{
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "live", no_argument, NULL, OPT_LIVE },
		{ "org", required_argument, NULL, OPT_ORG },
		{ "repo", required_argument, NULL, OPT_REPO },
		{ "project", required_argument, NULL, OPT_PROJECT },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "name", required_argument, NULL, OPT_NAME },
		{ 0 }
	};
	int c;

	sys = system;
	ctx.system = sys->name;
	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TYPE: type = optarg; break;
		case OPT_LIVE: live = 1; break;
		case OPT_ORG: ctx.org = optarg; break;
		case OPT_REPO: ctx.repo = optarg; break;
		case OPT_PROJECT: ctx.project = optarg; break;
		case OPT_GROUP: ctx.group = optarg; break;
		case OPT_NAME: ctx.name = optarg; break;
		default: nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (type) {
		size_t i;

		for (i = 0; i < sys->nshapes && strcmp(type, sys->shapes[i].type); i++)
			;
		if (i == sys->nshapes)
			nhi_usage_error(usage, "--type: unknown %s export type '%s'", sys->name, type);
	}
	nhi_common_start();
	ctx.live = live;
	if (live) {
		if (optind < argc)
			nhi_usage_error(usage, "--live reads no files");
		live_run();
	} else {
		collect_each_file(argc - optind, argv + optind, NULL, one_file, NULL);
	}
	return 0;
}

int saas_aws_throttled(const struct nhi_http_response *resp, const char *exception)
{
	json_t *doc;
	const char *t;
	int yes;

	if (resp->status != 400)
		return 0;
	doc = json_loadb(resp->body.buf ? resp->body.buf : "", resp->body.len, 0, NULL);
	t = json_string_value(json_object_get(doc, "__type"));
	yes = t && strstr(t, exception) != NULL;
	json_decref(doc);
	return yes;
}

void saas_aws_keys(const char *source, char **key_id, char **secret, char **session)
{
	*key_id = nhi_secret_env("AWS_ACCESS_KEY_ID");
	*secret = nhi_secret_env("AWS_SECRET_ACCESS_KEY");
	*session = nhi_secret_env("AWS_SESSION_TOKEN");
	if (*key_id && *secret)
		return;
	nhi_secret_free(*key_id);
	nhi_secret_free(*secret);
	nhi_secret_free(*session);
	nhi_die(NHI_EXIT_USAGE, "%s --live needs AWS_ACCESS_KEY_ID and "
		"AWS_SECRET_ACCESS_KEY (or their _FILE)", source);
}
