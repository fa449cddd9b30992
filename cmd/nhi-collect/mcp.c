/* mcp.c: nhi-collect mcp — MCP client configurations.
 *
 * Each server configured for an AI client (Claude Desktop and Code,
 * Cursor, VS Code, Windsurf, Continue, Cline, Zed) is an identity of type
 * mcp_server, mcp:<host>/<server>, with how it is launched (npx or uvx
 * package and whether its version is pinned, docker image, remote URL,
 * command), and a workload of the same id whose "uses" are the
 * credentials it is handed: environment variables, command-line
 * arguments (--access-token X, --api-key=X), HTTP headers. A literal
 * credential is also a sighting; ${VAR}, ${env:X} and ${input:x} are
 * references to a credential kept elsewhere, not leaks. */
#include "compat.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "collect.h"
#include "diag.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "sighting.h"
#include "xalloc.h"
#include "banned.h"

enum { OPT_HOST = NHI_OPT_PROGRAM };

static const char *opt_host;

struct cfg {
	const char *name; /* the file */
	const char *buf;
	size_t len;
	char host[256];
	json_t *seen;     /* fingerprints written */
	json_t *uses;     /* of the server being read */
	int explicit;     /* named on the command line */
	int servers;
};

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect mcp [OPTION...] [PATH...]\n\n"
		   "Options:\n"
		   "      --host NAME       the machine or user the configurations belong to\n"
		   NHI_COMMON_USAGE);
	exit(status);
}

static void host_of(struct cfg *c, const char *path)
{
	const char *p, *u;
	struct stat st;
	struct passwd *pw;

	if (opt_host) {
		snprintf(c->host, sizeof(c->host), "%s", opt_host);
		return;
	}
	/* the owner's home folder names the user */
	u = NULL;
	if (!strncmp(path, "home/", 5) || !strncmp(path, "Users/", 6))
		u = strchr(path, '/') + 1;
	else if ((p = strstr(path, "/home/")) || (p = strstr(path, "/Users/")))
		u = strchr(p + 1, '/') + 1;
	if (u) {
		const char *s = u, *e = strchr(s, '/');

		if (e && e > s) {
			snprintf(c->host, sizeof(c->host), "%.*s", (int)(e - s), s);
			return;
		}
	}
	if (strcmp(path, "-") && stat(path, &st) == 0 && (pw = getpwuid(st.st_uid))) {
		snprintf(c->host, sizeof(c->host), "%s", pw->pw_name);
		return;
	}
	snprintf(c->host, sizeof(c->host), "localhost");
}

/* reference: ${VAR}, ${env:X}, ${input:x}, $VAR, {{ x }} — the name, or
 * NULL when value is not one reference. */
static int reference(const char *v, char *ref, size_t n)
{
	const char *s = v, *e;

	while (*s == ' ')
		s++;
	if (!strncasecmp(s, "bearer ", 7))
		s += 7;
	if (s[0] != '$' && strncmp(s, "{{", 2))
		return 0;
	if (!strncmp(s, "${input:", 8) && (e = strchr(s, '}'))) {
		snprintf(ref, n, "input:%.*s", (int)(e - s - 8), s + 8);
		return 1;
	}
	if (!strncmp(s, "${env:", 6) && (e = strchr(s, '}'))) {
		snprintf(ref, n, "env:%.*s", (int)(e - s - 6), s + 6);
		return 1;
	}
	if (!strncmp(s, "${", 2) && (e = strchr(s, '}'))) {
		size_t k = strcspn(s + 2, ":-}");

		snprintf(ref, n, "env:%.*s", (int)k, s + 2);
		return 1;
	}
	if (s[0] == '$') {
		size_t k = 1;

		while (isalnum((unsigned char)s[k]) || s[k] == '_')
			k++;
		if (k > 1) {
			snprintf(ref, n, "env:%.*s", (int)(k - 1), s + 1);
			return 1;
		}
	}
	snprintf(ref, n, "template");
	return 1;
}

struct found {
	struct cfg *c;
	const char *value;
	int any;
	struct nhi_scan_hit first;
	char key_id[64];
};

/* locate: where value is written in the file (its JSON string form). */
static void locate(struct cfg *c, const char *value, unsigned long *line, unsigned long *col)
{
	json_t *s = json_string(value);
	const char *at;
	char *enc;

	*line = *col = 0;
	if (!s)
		return;
	enc = json_dumps(s, JSON_ENCODE_ANY);
	json_decref(s);
	if (!enc)
		return;
	/* drop the quotes: the value may be part of a longer string */
	enc[strlen(enc) - 1] = 0;
	at = memmem(c->buf, c->len, enc + 1, strlen(enc + 1));
	if (at) {
		sighting_line_of(c->buf, (size_t)(at - c->buf), line, col);
	}
	free(enc);
}

static void emit_sighting(struct cfg *c, const struct nhi_scan_hit *h)
{
	json_t *rec;

	if (h->fingerprint[0]) {
		if (json_object_get(c->seen, h->fingerprint))
			return;
		json_object_set_new(c->seen, h->fingerprint, json_true());
	}
	rec = sighting_new(h, "mcp", "mcp_config", c->name);
	nhi_set_str(sighting_location(rec), "host", c->host);
	nhi_emit_steal(rec);
}

static void value_hit(const struct nhi_scan_hit *h, void *ctx)
{
	struct found *f = ctx;
	struct nhi_scan_hit at = *h;

	locate(f->c, f->value, &at.line, &at.column);
	if (!f->any) {
		f->first = at;
		if (h->key_id) {
			snprintf(f->key_id, sizeof(f->key_id), "%s", h->key_id);
			f->first.key_id = f->key_id;
		}
	}
	f->any = 1;
	emit_sighting(f->c, &at);
}

static void add_use(struct cfg *c, const char *ref, const char *name, struct collect_cls k,
		    const char *via)
{
	json_t *u = json_object();

	nhi_set_str(u, "ref", ref);
	nhi_set_str(u, "name", name);
	nhi_set_str(u, "credential_type", k.type);
	nhi_set_str(u, "provider", k.provider);
	if (k.stat >= 0)
		nhi_set_bool(u, "static", k.stat);
	nhi_set_str(u, "via", via);
	json_array_append_new(c->uses, u);
}

/* carry: the server is handed value under name (via env, args, header). */
static void carry(struct cfg *c, const char *name, const char *value, const char *via,
		  const char *refname)
{
	char ref[256];
	struct collect_cls k = collect_classify(name, NULL);
	struct found f = { 0 };
	struct nhi_buf b = NHI_BUF_INIT;

	if (!value || !*value)
		return;
	if (reference(value, ref, sizeof(ref))) {
		/* kept elsewhere: whether it is static the file cannot say */
		if (k.stat == -2)
			return;
		k.stat = -1;
		add_use(c, ref, name, k, via);
		return;
	}
	f.c = c;
	f.value = value;
	nhi_buf_addf(&b, "%s: \"%s\"\n", name, value);
	nhi_scan_buffer(sighting_scanner(), b.buf, b.len, value_hit, &f);
	nhi_buf_release(&b);
	if (!f.any)
		return;
	if (k.stat == -2 || !strcmp(k.type, "api_key") || !strcmp(k.type, "unknown")) {
		k.type = f.first.type ? f.first.type : "api_key";
		k.provider = f.first.provider;
	}
	k.stat = 1;
	add_use(c, refname, name, k, via);
}

static const char *flag_name(const char *a, char *buf, size_t n)
{
	const char *eq;

	while (*a == '-')
		a++;
	eq = strchr(a, '=');
	snprintf(buf, n, "%.*s", (int)(eq ? (size_t)(eq - a) : strlen(a)), a);
	return buf;
}

static int secret_flag(const char *a)
{
	char name[128];

	if (a[0] != '-')
		return 0;
	return collect_classify(flag_name(a, name, sizeof(name)), NULL).stat != -2;
}

/* package: "pkg@1.2" split into name and version; the leading @ of a
 * scope is part of the name. */
static void package(json_t *launch, const char *arg, const char *vsep)
{
	const char *at = strstr(arg + (arg[0] == '@'), vsep);
	const char *ver = at ? at + strlen(vsep) : NULL;

	if (at)
		json_object_set_new(launch, "package", json_stringn(arg, (size_t)(at - arg)));
	else
		nhi_set_str(launch, "package", arg);
	nhi_set_str(launch, "version", ver);
	nhi_set_bool(launch, "unpinned", !ver || !*ver || !strcmp(ver, "latest") ||
						 strchr("^~*<>", ver[0]) != NULL);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static json_t *launch_of(const char *cmd, json_t *args, const char *url)
{
	json_t *l = json_object(), *a;
	const char *base = cmd ? base_name(cmd) : NULL;
	size_t i;
	int after_run = 0;

	if (url && !cmd) {
		/* userinfo and query can hold credentials: left out */
		const char *s = strstr(url, "://"), *q = url + strcspn(url, "?#");
		const char *at = s ? memchr(s, '@', (size_t)(q - s)) : NULL;
		struct nhi_buf u = NHI_BUF_INIT;

		nhi_set_str(l, "kind", "remote");
		if (s && at) {
			nhi_buf_add(&u, url, (size_t)(s + 3 - url));
			nhi_buf_add(&u, at + 1, (size_t)(q - at - 1));
		} else {
			nhi_buf_add(&u, url, (size_t)(q - url));
		}
		nhi_set_str(l, "url", u.buf);
		nhi_buf_release(&u);
		return l;
	}
	if (!base) {
		nhi_set_str(l, "kind", "unknown");
		return l;
	}
	if (!strcmp(base, "npx") || !strcmp(base, "bunx") || !strcmp(base, "pnpx")) {
		nhi_set_str(l, "kind", "npx");
		json_array_foreach(args, i, a) {
			const char *s = json_string_value(a);

			if (s && s[0] != '-') {
				package(l, s, "@");
				break;
			}
		}
	} else if (!strcmp(base, "uvx") || !strcmp(base, "uv") || !strcmp(base, "pipx")) {
		nhi_set_str(l, "kind", "uvx");
		json_array_foreach(args, i, a) {
			const char *s = json_string_value(a);

			if (!s || s[0] == '-' || !strcmp(s, "tool") || !strcmp(s, "run"))
				continue;
			package(l, s, strstr(s, "==") ? "==" : "@");
			break;
		}
	} else if (!strcmp(base, "docker") || !strcmp(base, "podman")) {
		nhi_set_str(l, "kind", "docker");
		json_array_foreach(args, i, a) {
			const char *s = json_string_value(a);
			static const char *const valued[] = { "-e", "--env", "-v", "--volume", "--name",
							      "--network", "-p", "--publish", "--env-file",
							      "-w", "--workdir", "--user", "-u", "--mount",
							      "--entrypoint", "--platform", NULL };
			int skip = 0;

			if (!s)
				continue;
			if (!after_run) {
				after_run = !strcmp(s, "run");
				continue;
			}
			for (int k = 0; valued[k]; k++)
				if (!strcmp(s, valued[k]))
					skip = 1;
			if (skip) {
				i++;
				continue;
			}
			if (s[0] == '-')
				continue;
			nhi_set_str(l, "image", s);
			nhi_set_bool(l, "unpinned", !strstr(s, "@sha256:"));
			break;
		}
	} else {
		nhi_set_str(l, "kind", "command");
		nhi_set_str(l, "command", cmd);
	}
	return l;
}

static void server(struct cfg *c, const char *sname, json_t *s, const char *scope,
		   const char *ptr)
{
	json_t *t = json_object_get(s, "transport"), *cmdv = json_object_get(s, "command");
	json_t *args = json_object_get(s, "args"), *env = json_object_get(s, "env");
	json_t *headers = json_object_get(s, "headers"), *a, *ident, *wl;
	const char *cmd = json_string_value(cmdv), *url, *k;
	struct nhi_buf id = NHI_BUF_INIT;
	size_t i;

	if (!json_is_object(s))
		return;
	c->servers++;
	if (json_is_object(t)) {
		if (!cmd)
			cmd = nhi_get_str(t, "command");
		if (!args)
			args = json_object_get(t, "args");
		if (!env)
			env = json_object_get(t, "env");
		if (!headers)
			headers = json_object_get(t, "headers");
	}
	if (json_is_object(cmdv)) { /* Zed: "command": {"path", "args", "env"} */
		cmd = nhi_get_str(cmdv, "path");
		if (!args)
			args = json_object_get(cmdv, "args");
		if (!env)
			env = json_object_get(cmdv, "env");
	}
	url = nhi_get_str(s, "url");
	if (!url)
		url = nhi_get_str(s, "serverUrl");
	if (!url)
		url = nhi_get_str(s, "httpUrl");
	if (!url && json_is_object(t))
		url = nhi_get_str(t, "url");
	nhi_buf_addf(&id, "mcp:%s/%s", c->host, sname);
	c->uses = json_array();
	json_object_foreach(env, k, a) {
		struct nhi_buf ref = NHI_BUF_INIT;

		nhi_buf_addf(&ref, "env:%s", k);
		carry(c, k, json_string_value(a), "env", ref.buf);
		nhi_buf_release(&ref);
	}
	{
		size_t n = json_array_size(args);

		for (i = 0; i < n; i++) {
			const char *v = json_string_value(json_array_get(args, i)), *eq;
			char name[128];

			if (!v)
				continue;
			eq = strchr(v, '=');
			if (v[0] == '-' && eq && secret_flag(v)) {
				carry(c, flag_name(v, name, sizeof(name)), eq + 1, "args", "args");
			} else if (secret_flag(v) && i + 1 < n &&
				   json_string_value(json_array_get(args, i + 1))) {
				carry(c, flag_name(v, name, sizeof(name)),
				      json_string_value(json_array_get(args, i + 1)), "args", "args");
				i++;
			} else {
				carry(c, "arg", v, "args", "args");
			}
		}
	}
	json_object_foreach(headers, k, a) {
		struct nhi_buf ref = NHI_BUF_INIT;

		nhi_buf_addf(&ref, "header:%s", k);
		carry(c, !strcasecmp(k, "authorization") ? "auth_token" : k, json_string_value(a),
		      "header", ref.buf);
		nhi_buf_release(&ref);
	}
	if (url)
		carry(c, "url", url, "args", "url");
	ident = nhi_record_new("identity");
	nhi_set_str(ident, "id", id.buf);
	nhi_set_str(ident, "system", "mcp");
	nhi_set_str(ident, "type", "mcp_server");
	nhi_set_str(ident, "name", sname);
	json_object_set_new(ident, "launch", launch_of(cmd, args, url));
	nhi_set_str(ident, "scope", scope);
	nhi_set_source(ident, "mcp", c->name, 0, ptr);
	nhi_emit_steal(ident);

	wl = nhi_record_new("workload");
	nhi_set_str(wl, "id", id.buf);
	nhi_set_str(wl, "system", "mcp");
	nhi_set_str(wl, "type", "mcp_server");
	nhi_set_str(wl, "name", sname);
	nhi_set_str(wl, "path", c->name);
	nhi_set_bool(wl, "oidc", 0);
	json_object_set_new(wl, "uses", c->uses);
	c->uses = NULL;
	nhi_set_source(wl, "mcp", c->name, 0, ptr);
	nhi_emit_steal(wl);
	nhi_buf_release(&id);
}

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

/* server_map: the servers under pointer at (a JSON pointer). */
static void server_map(struct cfg *c, json_t *m, const char *scope, const char *at)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(m)) {
		json_object_foreach(m, k, v) {
			struct nhi_buf p = NHI_BUF_INIT;

			nhi_buf_adds(&p, at);
			ptr_add(&p, k);
			server(c, k, v, scope, p.buf);
			nhi_buf_release(&p);
		}
	} else if (json_is_array(m)) {
		/* Continue: a list of {"name", "command", ...} */
		json_array_foreach(m, i, v) {
			char name[64];
			const char *n = nhi_get_str(v, "name");
			struct nhi_buf p = NHI_BUF_INIT;

			nhi_buf_addf(&p, "%s/%zu", at, i);
			snprintf(name, sizeof(name), "server-%zu", i + 1);
			server(c, n ? n : name, v, scope, p.buf);
			nhi_buf_release(&p);
		}
	}
}

static void raw_hit(const struct nhi_scan_hit *h, void *ctx)
{
	emit_sighting(ctx, h);
}

static void one_file(const char *name, const char *buf, size_t len, void *ctx)
{
	struct cfg c = { 0 };
	json_t *doc, *projects, *p;
	const char *k;
	json_error_t err;

	collect_strict_check();

	c.name = name;
	c.buf = buf;
	c.len = len;
	c.explicit = ctx != NULL;
	c.seen = json_object();
	host_of(&c, name);
	doc = collect_parse_json_err(buf, len, 1, &err);
	if (!doc) {
		/* jansson quotes the text near the error: it may be a secret */
		char *near = strstr(err.text, " near '");

		if (near)
			*near = 0;
		collect_reject(name, (unsigned long)(err.line > 0 ? err.line : 0),
			       "invalid JSON: %s at column %d", err.text, err.column);
	} else {
		server_map(&c, json_object_get(doc, "mcpServers"), NULL, "/mcpServers");
		server_map(&c, json_object_get(doc, "servers"), NULL, "/servers");
		server_map(&c, json_object_get(doc, "context_servers"), NULL, "/context_servers");
		server_map(&c, nhi_get_path(doc, "mcp.servers"), NULL, "/mcp/servers");
		server_map(&c, nhi_get_path(doc, "experimental.modelContextProtocolServers"), NULL,
			   "/experimental/modelContextProtocolServers");
		projects = json_object_get(doc, "projects");
		json_object_foreach(projects, k, p) {
			struct nhi_buf at = NHI_BUF_INIT;

			nhi_buf_adds(&at, "/projects");
			ptr_add(&at, k);
			nhi_buf_adds(&at, "/mcpServers");
			server_map(&c, json_object_get(p, "mcpServers"), k, at.buf);
			nhi_buf_release(&at);
		}
	}
	/* whatever else the file holds (a Claude state file holds more) */
	if (c.servers || c.explicit)
		nhi_scan_buffer(sighting_scanner(), buf, len, raw_hit, &c);
	json_decref(doc);
	json_decref(c.seen);
}

static int want_json(const char *path)
{
	size_t n = strlen(path);

	return (n > 5 && !strcmp(path + n - 5, ".json")) || (n > 6 && !strcmp(path + n - 6, ".jsonc"));
}

int collect_mcp(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, OPT_HOST },
		NHI_COMMON_LONGOPTS,
		{ 0 },
	};
	int c;
	static int explicit = 1;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_HOST)
			opt_host = optarg;
		else
			nhi_common_option(c, optarg, argv, usage);
	}
	nhi_common_start();
	sighting_scanner();
	if (optind >= argc) {
		collect_each_file(0, NULL, NULL, one_file, &explicit);
		return 0;
	}
	for (int i = optind; i < argc; i++) {
		struct stat st;
		int dir = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode);

		collect_each_file(1, argv + i, dir ? want_json : NULL, one_file, dir ? NULL : &explicit);
	}
	return 0;
}
