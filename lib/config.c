#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "input.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "yamldoc.h"
#include "banned.h"

enum type { T_MAP, T_LIST, T_STRING, T_DURATION, T_INT, T_NUMBER, T_BOOL };

/* The whole schema of nhi.yaml; nhi-config(5) documents each key.
 * "*" stands for any key of a map, "[]" for any element of a list. */
static const struct {
	const char *path;
	enum type type;
} schema[] = {
	{ "windows", T_MAP },
	{ "windows.*", T_DURATION },
	{ "classes", T_LIST },
	{ "classes[]", T_MAP },
	{ "classes[].match", T_STRING },
	{ "classes[].class", T_STRING },
	{ "safety_margin", T_NUMBER },
	{ "rare_days", T_INT },
	{ "sensitive", T_LIST },
	{ "sensitive[]", T_STRING },
	{ "key_max_age", T_DURATION },
	{ "unused_after", T_DURATION },
	{ "quarantine", T_DURATION },
	{ "min_idle", T_DURATION },
	{ "auto_approve", T_LIST },
	{ "auto_approve[]", T_STRING },
	{ "approval", T_MAP },
	{ "approval.webhook", T_STRING },
	{ "approval.type", T_STRING },
	{ "approval.token_env", T_STRING },
	{ "owners", T_LIST },
	{ "owners[]", T_MAP },
	{ "owners[].identity", T_STRING },
	{ "owners[].person", T_STRING },
	{ "owners[].role", T_STRING },
	{ "api", T_MAP },
	{ "api.*", T_STRING },
	{ "rate_limit", T_MAP },
	{ "rate_limit.*", T_NUMBER },
	{ "jit_profiles", T_MAP },
	{ "jit_profiles.*", T_MAP },
	{ "jit_profiles.*.actions", T_LIST },
	{ "jit_profiles.*.actions[]", T_STRING },
	{ "jit_profiles.*.resources", T_LIST },
	{ "jit_profiles.*.resources[]", T_STRING },
	{ "jit_max_duration", T_DURATION },
};

static json_t *config;
static char *config_path;

static const char *type_name(enum type t)
{
	static const char *const names[] = {
		"a mapping", "a list", "a string", "a duration (90d, 12h, 30m)",
		"an integer", "a number", "true or false",
	};
	return names[t];
}

static int lookup(const char *path, enum type *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(schema); i++) {
		if (!strcmp(schema[i].path, path)) {
			*t = schema[i].type;
			return 1;
		}
	}
	return 0;
}

static int type_ok(const json_t *v, enum type t)
{
	int64_t d;

	switch (t) {
	case T_MAP: return json_is_object(v);
	case T_LIST: return json_is_array(v);
	case T_STRING: return json_is_string(v);
	case T_DURATION:
		return json_is_string(v) && !nhi_duration_parse(json_string_value(v), &d);
	case T_INT: return json_is_integer(v);
	case T_NUMBER: return json_is_number(v);
	case T_BOOL: return json_is_boolean(v);
	}
	return 0;
}

static const char *check(const json_t *v, struct nhi_buf *spath,
			 struct nhi_buf *ptr, const char **where)
{
	static char why[300];
	size_t sl = spath->len, pl = ptr->len, i;
	const char *key, *r;
	json_t *c;
	enum type t;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, c) {
			nhi_buf_setlen(spath, sl);
			nhi_buf_setlen(ptr, pl);
			if (sl)
				nhi_buf_addch(spath, '.');
			nhi_buf_adds(spath, key);
			nhi_buf_addf(ptr, "/%s", key);
			if (!lookup(spath->buf, &t)) {
				nhi_buf_setlen(spath, sl);
				nhi_buf_adds(spath, sl ? ".*" : "*");
				if (!lookup(spath->buf, &t)) {
					*where = ptr->buf;
					snprintf(why, sizeof(why), "unknown key '%s'", key);
					return why;
				}
			}
			if (!type_ok(c, t)) {
				*where = ptr->buf;
				snprintf(why, sizeof(why), "'%s' must be %s", key, type_name(t));
				return why;
			}
			if ((r = check(c, spath, ptr, where)))
				return r;
		}
	} else if (json_is_array(v)) {
		nhi_buf_adds(spath, "[]");
		if (!lookup(spath->buf, &t))
			t = T_STRING;
		json_array_foreach(v, i, c) {
			nhi_buf_setlen(ptr, pl);
			nhi_buf_addf(ptr, "/%zu", i);
			if (!type_ok(c, t)) {
				*where = ptr->buf;
				snprintf(why, sizeof(why), "element %zu must be %s", i, type_name(t));
				return why;
			}
			if ((r = check(c, spath, ptr, where)))
				return r;
		}
	}
	nhi_buf_setlen(spath, sl);
	nhi_buf_setlen(ptr, pl);
	return NULL;
}

const char *nhi_config_check(const json_t *root, const char **where)
{
	static struct nhi_buf spath = NHI_BUF_INIT, ptr = NHI_BUF_INIT;

	nhi_buf_reset(&spath);
	nhi_buf_reset(&ptr);
	*where = "";
	if (json_is_null(root))
		return NULL;
	if (!json_is_object(root))
		return "the configuration must be a mapping";
	return check(root, &spath, &ptr, where);
}

static void load_file(const char *path)
{
	struct nhi_buf text = NHI_BUF_INIT, msg = NHI_BUF_INIT;
	struct nhi_yaml_error err;
	json_t *docs, *lines = NULL, *pos;
	const char *why, *where;
	char ptr[512];

	if ((why = nhi_input_slurp(path, 1u << 20, &text))) {
		nhi_buf_addf(&msg, "%s: %s", path, why);
		goto fail;
	}
	docs = nhi_yaml_load(text.buf, text.len, &lines, &err);
	if (!docs) {
		nhi_buf_addf(&msg, "%s:%lu:%lu: %s", path, err.line, err.column, err.text);
		goto fail;
	}
	config = json_incref(json_array_get(docs, 0));
	if (json_array_size(docs) > 1) {
		nhi_buf_addf(&msg, "%s: more than one YAML document", path);
	} else if ((why = nhi_config_check(config, &where))) {
		snprintf(ptr, sizeof(ptr), "/0%s", where);
		pos = json_object_get(lines, ptr);
		if (pos)
			nhi_buf_addf(&msg, "%s:%lld:%lld: %s", path,
				     (long long)json_integer_value(json_array_get(pos, 0)),
				     (long long)json_integer_value(json_array_get(pos, 1)), why);
		else
			nhi_buf_addf(&msg, "%s: %s", path, why);
	}
	json_decref(docs);
	json_decref(lines);
	if (msg.len)
		goto fail;
	if (json_is_null(config) || !config) {
		json_decref(config);
		config = json_object();
	}
	nhi_buf_release(&text);
	config_path = xstrdup(path);
	return;
fail:
	/* Everything is released first, so a leak checker sees none. */
	json_decref(config);
	config = NULL;
	nhi_buf_release(&text);
	nhi_warn("%s", msg.buf);
	nhi_buf_release(&msg);
	exit(NHI_EXIT_SYSTEM);
}

static int try_path(const char *path)
{
	if (access(path, F_OK) != 0)
		return 0;
	load_file(path);
	return 1;
}

void nhi_config_load(const char *explicit_path)
{
	struct nhi_buf p = NHI_BUF_INIT;
	const char *env = getenv("NHI_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME"),
		   *home = getenv("HOME");

	json_decref(config);
	config = NULL;
	if (explicit_path || (env && *env)) {
		load_file(explicit_path ? explicit_path : env);
		return;
	}
	if (try_path("nhi.yaml"))
		return;
	if (xdg && *xdg)
		nhi_buf_addf(&p, "%s/nhi/config.yaml", xdg);
	else if (home && *home)
		nhi_buf_addf(&p, "%s/.config/nhi/config.yaml", home);
	if (p.len && try_path(p.buf)) {
		nhi_buf_release(&p);
		return;
	}
	nhi_buf_release(&p);
	if (!try_path("/etc/nhi/config.yaml"))
		config = json_object();
}

const char *nhi_config_file(void)
{
	return config_path;
}

json_t *nhi_config_get(const char *path)
{
	return config ? nhi_get_path(config, path) : NULL;
}

int64_t nhi_config_duration(const char *path, int64_t dflt)
{
	int64_t d;
	const char *s = json_string_value(nhi_config_get(path));

	if (s && !nhi_duration_parse(s, &d))
		return d;
	return dflt;
}
