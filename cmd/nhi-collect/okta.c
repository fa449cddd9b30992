/* okta.c: the "okta-users" and "okta-groups" sources.  The Okta Users API
 * (GET /api/v1/users, /api/v1/users/{id}) becomes person records; the
 * Groups API (GET /api/v1/groups, with /api/v1/groups/{id}/users for the
 * members) becomes team records. */
#include "compat.h"

#include <ctype.h>
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

static const char *pstr(const json_t *u, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(u, "profile"), key));

	return s && *s ? s : NULL;
}

/* person_id: "person:" and the address in lower case. */
static void person_id(struct nhi_buf *b, const char *email)
{
	nhi_buf_reset(b);
	nhi_buf_adds(b, "person:");
	for (; *email; email++)
		nhi_buf_addch(b, tolower((unsigned char)*email));
}

void collect_team_slug(struct nhi_buf *b, const char *name)
{
	int dash = 0;

	nhi_buf_reset(b);
	nhi_buf_adds(b, "team:");
	for (; *name; name++) {
		if (isalnum((unsigned char)*name)) {
			if (dash && b->len > 5)
				nhi_buf_addch(b, '-');
			dash = 0;
			nhi_buf_addch(b, tolower((unsigned char)*name));
		} else {
			dash = 1;
		}
	}
}

/* status: Okta's lifecycle states as the three the records know. */
static const char *status(const char *s)
{
	if (!s)
		return NULL;
	if (!strcmp(s, "DEPROVISIONED"))
		return "departed";
	if (!strcmp(s, "SUSPENDED"))
		return "suspended";
	return "active"; /* ACTIVE, PROVISIONED, STAGED, RECOVERY, LOCKED_OUT, PASSWORD_EXPIRED */
}

struct users {
	json_t *list;  /* [[user, file, pointer], ...] in input order */
	json_t *by_id; /* Okta id -> email */
};

/* pages: the JSON values of buf, one after another, as one array: pages
 * of the API saved one after another ("[...][...]") or one user a line;
 * up to the first error, which is reported; NULL for an empty input. */
static json_t *pages(const char *name, const char *buf, size_t len)
{
	json_t *all = json_array(), *v;
	size_t off = 0, at = 0;
	unsigned long line = 1;

	while (off < len && strchr(" \t\r\n", buf[off]))
		off++;
	if (off >= len) {
		collect_reject(name, 0, "empty input");
		json_decref(all);
		return NULL;
	}
	while (off < len) {
		json_error_t err;

		for (; at < off; at++)
			if (buf[at] == '\n')
				line++;
		v = json_loadb(buf + off, len - off, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &err);
		if (!v) {
			/* What came before stays; nothing after can be trusted. */
			collect_reject(name, line + (unsigned long)(err.line > 1 ? err.line - 1 : 0),
				       "invalid JSON: %s at column %d", nhi_json_error_text(&err), err.column);
			break;
		}
		if (json_is_array(v))
			json_array_extend(all, v);
		else
			json_array_append(all, v);
		json_decref(v);
		off += err.position;
		while (off < len && strchr(" \t\r\n", buf[off]))
			off++;
	}
	return all;
}

static void add_users(const char *name, json_t *v, const char *ptr, struct users *u)
{
	size_t i;
	json_t *x;

	if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			struct nhi_buf p = NHI_BUF_INIT;

			nhi_buf_addf(&p, "%s/%zu", ptr, i);
			if (json_is_object(x))
				add_users(name, x, p.buf, u);
			else
				collect_reject(name, 0, "%s: not a user object", p.buf);
			nhi_buf_release(&p);
		}
		return;
	}
	if (!json_is_object(v) || !json_is_object(json_object_get(v, "profile"))) {
		collect_reject(name, 0, "%s: not an Okta user (no profile)", *ptr ? ptr : "/");
		return;
	}
	if (!pstr(v, "email")) {
		collect_reject(name, 0, "%s: Okta user %s has no profile.email", *ptr ? ptr : "/",
			       json_string_value(json_object_get(v, "id")) ?
			       json_string_value(json_object_get(v, "id")) : "(no id)");
		return;
	}
	json_array_append_new(u->list, json_pack("[O,s,s]", v, name, ptr));
	if (json_string_value(json_object_get(v, "id")) && pstr(v, "email"))
		json_object_set_new(u->by_id, json_string_value(json_object_get(v, "id")),
				    json_string(pstr(v, "email")));
}

static void read_users(const char *name, const char *buf, size_t len, void *ctx)
{
	json_t *v = pages(name, buf, len);

	if (v)
		add_users(name, v, "", ctx);
	json_decref(v);
}

static void emit_user(const json_t *e, const json_t *by_id)
{
	const json_t *u = json_array_get(e, 0);
	const char *file = json_string_value(json_array_get(e, 1));
	const char *ptr = json_string_value(json_array_get(e, 2));
	const char *email = pstr(u, "email"), *login = pstr(u, "login"), *st;
	const char *mgr = pstr(u, "manager"), *mid = pstr(u, "managerId");
	struct nhi_buf b = NHI_BUF_INIT;
	json_t *rec, *aliases = json_array();

	rec = nhi_record_new("person");
	person_id(&b, email);
	nhi_set_str(rec, "id", b.buf);
	nhi_set_str(rec, "email", email);
	if (pstr(u, "displayName")) {
		nhi_set_str(rec, "name", pstr(u, "displayName"));
	} else if (pstr(u, "firstName") || pstr(u, "lastName")) {
		nhi_buf_reset(&b);
		nhi_buf_addf(&b, "%s%s%s", pstr(u, "firstName") ? pstr(u, "firstName") : "",
			     pstr(u, "firstName") && pstr(u, "lastName") ? " " : "",
			     pstr(u, "lastName") ? pstr(u, "lastName") : "");
		nhi_set_str(rec, "name", b.buf);
	}
	nhi_set_str(rec, "login", login);
	if (login && strcasecmp(login, email))
		json_array_append_new(aliases, json_string(login));
	if (pstr(u, "secondEmail") && strcasecmp(pstr(u, "secondEmail"), email))
		json_array_append_new(aliases, json_string(pstr(u, "secondEmail")));
	if (json_array_size(aliases))
		json_object_set(rec, "aliases", aliases);
	st = status(json_string_value(json_object_get(u, "status")));
	nhi_set_str(rec, "status", st ? st : "active");
	if (st && !strcmp(st, "departed") && json_string_value(json_object_get(u, "statusChanged")))
		nhi_set_str(rec, "left",
			    nhi_time_normalize(json_string_value(json_object_get(u, "statusChanged"))));
	if (mid && json_string_value(json_object_get(by_id, mid)))
		mgr = json_string_value(json_object_get(by_id, mid));
	if (mgr && strchr(mgr, '@')) {
		person_id(&b, mgr);
		nhi_set_str(rec, "manager", b.buf);
	} else if (mgr) {
		/* A name or an id not in this input: kept as said. */
		nhi_set_str(rec, "manager_name", mgr);
	}
	nhi_set_str(rec, "title", pstr(u, "title"));
	nhi_set_str(rec, "department", pstr(u, "department"));
	nhi_set_str(rec, "okta_id", json_string_value(json_object_get(u, "id")));
	nhi_set_source(rec, "okta-users", file, 0, ptr);
	nhi_emit_steal(rec);
	json_decref(aliases);
	nhi_buf_release(&b);
}

static void usage_users(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect okta-users [OPTION...] [FILE...]\n\n"
		   "Options:\n" NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_okta_users(int argc, char **argv)
{
	static const struct option longopts[] = { NHI_COMMON_LONGOPTS, { 0 } };
	struct users u;
	size_t i;
	json_t *e;
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
		nhi_common_option(c, optarg, argv, usage_users);
	nhi_common_start();
	u.list = json_array();
	u.by_id = json_object();
	collect_each_file(argc - optind, argv + optind, NULL, read_users, &u);
	/* Read all first: a managerId may name a user of a later page. */
	json_array_foreach(u.list, i, e)
		emit_user(e, u.by_id);
	json_decref(u.list);
	json_decref(u.by_id);
	return 0;
}

/* okta-groups: GROUPS.json [GROUP_ID=MEMBERS.json...] */

struct groups {
	json_t *members; /* group id -> [person ids] */
};

static void read_members(const char *name, const char *buf, size_t len, void *ctx)
{
	json_t **out = ctx, *v = pages(name, buf, len), *u;
	size_t i;
	struct nhi_buf b = NHI_BUF_INIT;

	if (!v)
		return;
	if (!json_is_array(v)) {
		collect_reject(name, 0, "not a list of group members");
		json_decref(v);
		return;
	}
	json_array_foreach(v, i, u) {
		if (!pstr(u, "email")) {
			collect_reject(name, 0, "/%zu: group member without profile.email", i);
			continue;
		}
		person_id(&b, pstr(u, "email"));
		json_array_append_new(*out, json_string(b.buf));
	}
	json_decref(v);
	nhi_buf_release(&b);
}

static void emit_groups(const char *name, json_t *v, struct groups *g)
{
	size_t i;
	json_t *grp;
	struct nhi_buf b = NHI_BUF_INIT, p = NHI_BUF_INIT;

	if (json_is_object(v))
		v = json_pack("[O]", v);
	else
		json_incref(v);
	if (!json_is_array(v)) {
		collect_reject(name, 0, "not an Okta group list");
		json_decref(v);
		return;
	}
	json_array_foreach(v, i, grp) {
		const char *gname = pstr(grp, "name");
		const char *gid = json_string_value(json_object_get(grp, "id"));
		json_t *rec, *m;

		if (!gname) {
			collect_reject(name, 0, "/%zu: Okta group without profile.name", i);
			continue;
		}
		rec = nhi_record_new("team");
		collect_team_slug(&b, gname);
		nhi_set_str(rec, "id", b.buf);
		nhi_set_str(rec, "name", gname);
		m = gid ? json_object_get(g->members, gid) : NULL;
		if (m)
			json_object_set(rec, "members", m);
		nhi_set_str(rec, "description", pstr(grp, "description"));
		nhi_set_str(rec, "okta_id", gid);
		nhi_buf_reset(&p);
		nhi_buf_addf(&p, "/%zu", i);
		nhi_set_source(rec, "okta-groups", name, 0, json_is_array(v) ? p.buf : "");
		nhi_emit_steal(rec);
	}
	json_decref(v);
	nhi_buf_release(&b);
	nhi_buf_release(&p);
}

static void read_groups(const char *name, const char *buf, size_t len, void *ctx)
{
	json_t *v = pages(name, buf, len);

	if (v)
		emit_groups(name, v, ctx);
	json_decref(v);
}

static void usage_groups(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect okta-groups [OPTION...] [FILE...] [GROUP_ID=MEMBERS_FILE...]\n\n"
		   "Options:\n" NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_okta_groups(int argc, char **argv)
{
	static const struct option longopts[] = { NHI_COMMON_LONGOPTS, { 0 } };
	struct groups g;
	char **files;
	int c, nfiles = 0;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
		nhi_common_option(c, optarg, argv, usage_groups);
	nhi_common_start();
	g.members = json_object();
	files = xcalloc((size_t)argc + 1, sizeof(*files));
	for (int i = optind; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		/* GROUP_ID=FILE: an id has no '/', a path before '=' would. */
		if (eq && eq > argv[i] && strcspn(argv[i], "/") > (size_t)(eq - argv[i])) {
			char *id = xstrndup(argv[i], (size_t)(eq - argv[i]));
			char *one[1] = { eq + 1 };
			json_t *list;

			list = json_object_get(g.members, id);
			if (!list) {
				list = json_array();
				json_object_set_new(g.members, id, list);
			}
			collect_each_file(1, one, NULL, read_members, &list);
			free(id);
		} else {
			files[nfiles++] = argv[i];
		}
	}
	collect_each_file(nfiles, files, NULL, read_groups, &g);
	free(files);
	json_decref(g.members);
	return 0;
}
