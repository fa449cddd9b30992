/* backstage.c: the "backstage" source.  Backstage catalog descriptors
 * (catalog-info.yaml, one or more entities per file) become person records
 * (User), team records (Group, with members from spec.members and from
 * each User's memberOf) and ownership signals (spec.owner of Component,
 * System, API, Resource, Domain). */
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
#include "xalloc.h"
#include "banned.h"

#define OWNER_WEIGHT 0.75 /* the catalog's declared owner */

struct ent {
	json_t *o;
	char *file;
	unsigned long line;
};

static struct ent *ents;
static size_t nents, aents;
static json_t *emails;  /* user name -> email */
static json_t *members; /* group name -> [person ids] from memberOf */

static const char *str(const json_t *o, const char *path)
{
	const char *s = nhi_get_path_str(o, path);

	return s && *s ? s : NULL;
}

/* ref_name: "group:default/team-a" -> "team-a", kind (or def) in *kind. */
static const char *ref_name(const char *ref, char *kind, size_t ksize, const char *def)
{
	const char *colon = strchr(ref, ':'), *slash;
	size_t n;

	snprintf(kind, ksize, "%s", def);
	if (colon) {
		n = (size_t)(colon - ref) < ksize - 1 ? (size_t)(colon - ref) : ksize - 1;
		for (size_t i = 0; i < n; i++)
			kind[i] = (char)tolower((unsigned char)ref[i]);
		kind[n] = '\0';
		ref = colon + 1;
	}
	slash = strrchr(ref, '/');
	return slash ? slash + 1 : ref;
}

static void person_of(struct nhi_buf *b, const char *email)
{
	nhi_buf_reset(b);
	nhi_buf_adds(b, "person:");
	for (; *email; email++)
		nhi_buf_addch(b, tolower((unsigned char)*email));
}

static void read_file(const char *name, const char *buf, size_t len, void *ctx)
{
	json_t *lines = NULL, *docs = collect_parse_yaml(name, buf, len, &lines), *d;
	size_t i;

	(void)ctx;
	if (!docs)
		return;
	json_array_foreach(docs, i, d) {
		char ptr[32];
		struct ent *e;

		if (json_is_null(d))
			continue;
		snprintf(ptr, sizeof(ptr), "/%zu", i);
		if (!str(d, "kind") || !str(d, "metadata.name")) {
			collect_reject(name, (unsigned long)json_integer_value(json_array_get(
						     json_object_get(lines, ptr), 0)),
				       "not a catalog entity (no kind or metadata.name)");
			continue;
		}
		if (nents == aents) {
			aents = aents ? 2 * aents : 64;
			ents = xreallocarray(ents, aents, sizeof(*ents));
		}
		e = &ents[nents++];
		e->o = json_incref(d);
		e->file = xstrdup(name);
		e->line = (unsigned long)json_integer_value(json_array_get(json_object_get(lines, ptr), 0));
		if (!strcmp(str(d, "kind"), "User") && str(d, "spec.profile.email")) {
			struct nhi_buf p = NHI_BUF_INIT;
			json_t *g;
			size_t k;

			json_object_set_new(emails, str(d, "metadata.name"),
					    json_string(str(d, "spec.profile.email")));
			person_of(&p, str(d, "spec.profile.email"));
			json_array_foreach(nhi_get_path(d, "spec.memberOf"), k, g) {
				char kind[32];
				const char *gn;
				json_t *list;

				if (!json_is_string(g))
					continue;
				gn = ref_name(json_string_value(g), kind, sizeof(kind), "group");
				list = json_object_get(members, gn);
				if (!list) {
					list = json_array();
					json_object_set_new(members, gn, list);
				}
				json_array_append_new(list, json_string(p.buf));
			}
			nhi_buf_release(&p);
		}
	}
	json_decref(docs);
	json_decref(lines);
}

/* owner_ref: a spec.owner as a person id, a team id or the raw ref. */
static void owner_ref(struct nhi_buf *b, const char *owner)
{
	char kind[32];
	const char *n = ref_name(owner, kind, sizeof(kind), "group");

	if (!strcmp(kind, "user")) {
		const char *email = json_string_value(json_object_get(emails, n));

		if (email) {
			person_of(b, email);
		} else {
			nhi_buf_reset(b);
			nhi_buf_addf(b, "user:%s", n);
		}
	} else {
		collect_team_slug(b, n);
	}
}

static void emit_ent(const struct ent *e)
{
	const json_t *o = e->o;
	const char *kind = str(o, "kind"), *name = str(o, "metadata.name");
	struct nhi_buf b = NHI_BUF_INIT, s = NHI_BUF_INIT;
	json_t *rec, *v, *list;
	size_t i;

	if (!strcmp(kind, "User")) {
		const char *email = str(o, "spec.profile.email");
		char k[32];

		if (!email) {
			collect_reject(e->file, e->line, "User %s has no spec.profile.email", name);
			goto out;
		}
		rec = nhi_record_new("person");
		person_of(&b, email);
		nhi_set_str(rec, "id", b.buf);
		nhi_set_str(rec, "email", email);
		nhi_set_str(rec, "name", str(o, "spec.profile.displayName"));
		nhi_set_str(rec, "login", name);
		nhi_set_str(rec, "status", "active");
		v = json_array_get(nhi_get_path(o, "spec.memberOf"), 0);
		if (json_is_string(v)) {
			collect_team_slug(&b, ref_name(json_string_value(v), k, sizeof(k), "group"));
			nhi_set_str(rec, "team", b.buf);
		}
		nhi_set_source(rec, "backstage", e->file, e->line, NULL);
		nhi_emit_steal(rec);
	} else if (!strcmp(kind, "Group")) {
		json_t *m = json_array(), *seen = json_object();

		rec = nhi_record_new("team");
		collect_team_slug(&b, name);
		nhi_set_str(rec, "id", b.buf);
		nhi_set_str(rec, "name", str(o, "spec.profile.displayName") ?
					 str(o, "spec.profile.displayName") : name);
		json_array_foreach(nhi_get_path(o, "spec.members"), i, v) {
			char k[32];
			const char *un;

			if (!json_is_string(v))
				continue;
			un = ref_name(json_string_value(v), k, sizeof(k), "user");
			if (json_string_value(json_object_get(emails, un)))
				person_of(&s, json_string_value(json_object_get(emails, un)));
			else {
				nhi_buf_reset(&s);
				nhi_buf_addf(&s, "user:%s", un);
			}
			if (!json_object_get(seen, s.buf)) {
				json_object_set_new(seen, s.buf, json_true());
				json_array_append_new(m, json_string(s.buf));
			}
		}
		list = json_object_get(members, name);
		json_array_foreach(list, i, v) {
			if (!json_object_get(seen, json_string_value(v))) {
				json_object_set_new(seen, json_string_value(v), json_true());
				json_array_append(m, v);
			}
		}
		if (json_array_size(m))
			json_object_set(rec, "members", m);
		if (str(o, "spec.parent")) {
			char k[32];

			collect_team_slug(&s, ref_name(str(o, "spec.parent"), k, sizeof(k), "group"));
			nhi_set_str(rec, "parent", s.buf);
		}
		nhi_set_str(rec, "email", str(o, "spec.profile.email"));
		nhi_set_source(rec, "backstage", e->file, e->line, NULL);
		nhi_emit_steal(rec);
		json_decref(m);
		json_decref(seen);
	} else if (!strcmp(kind, "Component") || !strcmp(kind, "System") ||
		   !strcmp(kind, "API") || !strcmp(kind, "Resource") ||
		   !strcmp(kind, "Domain")) {
		const char *owner = str(o, "spec.owner");
		json_t *ann = nhi_get_path(o, "metadata.annotations");
		const char *ns = str(o, "metadata.namespace");
		const char *slug = json_string_value(json_object_get(ann, "github.com/project-slug"));
		if (!owner) {
			collect_reject(e->file, e->line, "%s %s has no spec.owner", kind, name);
			goto out;
		}
		rec = nhi_record_new("signal");
		nhi_buf_reset(&s);
		if (slug) {
			nhi_buf_addf(&s, "repo:%s", slug);
		} else {
			nhi_buf_adds(&s, "backstage:");
			for (const char *c = kind; *c; c++)
				nhi_buf_addch(&s, tolower((unsigned char)*c));
			nhi_buf_addf(&s, ":%s/%s", ns ? ns : "default", name);
		}
		nhi_set_str(rec, "subject", s.buf);
		owner_ref(&b, owner);
		nhi_set_str(rec, "person", b.buf);
		nhi_set_str(rec, "role", "accountable");
		nhi_buf_reset(&s);
		nhi_buf_addf(&s, "Backstage %s %s: spec.owner %s", kind, name, owner);
		nhi_set_str(rec, "evidence", s.buf);
		json_object_set_new(rec, "weight", json_real(OWNER_WEIGHT));
		nhi_set_source(rec, "backstage", e->file, e->line, NULL);
		nhi_emit_steal(rec);
	} else {
		collect_unknown("backstage", kind);
	}
out:
	nhi_buf_release(&b);
	nhi_buf_release(&s);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect backstage [OPTION...] [FILE...]\n\n"
		   "Options:\n" NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_backstage(int argc, char **argv)
{
	static const struct option longopts[] = { NHI_COMMON_LONGOPTS, { 0 } };
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
		nhi_common_option(c, optarg, argv, usage);
	nhi_common_start();
	emails = json_object();
	members = json_object();
	collect_manifests(argc - optind, argv + optind, read_file, NULL);
	for (size_t i = 0; i < nents; i++) {
		emit_ent(&ents[i]);
		json_decref(ents[i].o);
		free(ents[i].file);
	}
	free(ents);
	json_decref(emails);
	json_decref(members);
	return 0;
}
