#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "people.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

/* Name lookups are jansson objects from a lower-cased name to an index,
 * so no hash table of our own. */
struct nhi_people {
	struct nhi_person **person;
	size_t nperson, aperson;
	struct nhi_team **team;
	size_t nteam, ateam;
	json_t *names;  /* person names: index */
	json_t *locals; /* email local parts: index, or -1 when shared */
	json_t *teams;  /* team names: index */
};

/* A manager chain longer than this is treated as broken, not walked. */
#define MAX_CHAIN 64

struct nhi_people *nhi_people_new(void)
{
	struct nhi_people *p = xcalloc(1, sizeof(*p));

	p->names = json_object();
	p->locals = json_object();
	p->teams = json_object();
	return p;
}

static void person_free(struct nhi_person *w)
{
	if (!w)
		return;
	free(w->id);
	free(w->email);
	free(w->name);
	free(w->status);
	free(w->manager);
	free(w->team);
	free(w);
}

static void team_free(struct nhi_team *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->name);
	free(t->manager);
	free(t->parent);
	json_decref(t->members);
	free(t);
}

void nhi_people_free(struct nhi_people *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nperson; i++)
		person_free(p->person[i]);
	for (size_t i = 0; i < p->nteam; i++)
		team_free(p->team[i]);
	free(p->person);
	free(p->team);
	json_decref(p->names);
	json_decref(p->locals);
	json_decref(p->teams);
	free(p);
}

static char *lower(const char *s)
{
	char *l = xstrdup(s);

	for (char *c = l; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return l;
}

static void put(json_t *index, const char *name, long long i)
{
	char *l;

	if (!name || !*name)
		return;
	l = lower(name);
	json_object_set_new(index, l, json_integer(i));
	free(l);
}

static long long get(const json_t *index, const char *name)
{
	char *l = lower(name);
	json_t *v = json_object_get(index, l);

	free(l);
	return v ? (long long)json_integer_value(v) : -1;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* Fields of a person record that are names in other systems. */
static const char *const name_fields[] = {
	"login", "okta_id", "github", "github_login", "gitlab", "gitlab_login",
};

/* take_field: *to becomes *from when *from is set (which is then NULL). */
static void take_field(char **to, char **from)
{
	if (!*from)
		return;
	free(*to);
	*to = *from;
	*from = NULL;
}

const char *nhi_people_add_person(struct nhi_people *p, const json_t *rec)
{
	const char *id = nhi_get_str(rec, "id"), *email = nhi_get_str(rec, "email");
	const char *left = nhi_get_str(rec, "left"), *at;
	struct nhi_person *w;
	long long i;
	size_t k;
	json_t *a;

	if ((!id && !email) || (id && (strncmp(id, "person:", 7) || !id[7])))
		return "person record has no \"id\" of the form person:EMAIL";
	w = xcalloc(1, sizeof(*w));
	w->email = dup_or_null(email ? email : id + 7);
	if (id) {
		w->id = xstrdup(id);
	} else {
		struct nhi_buf b = NHI_BUF_INIT;

		nhi_buf_addf(&b, "person:%s", email);
		w->id = nhi_buf_detach(&b, NULL);
	}
	w->name = dup_or_null(nhi_get_str(rec, "name"));
	w->status = dup_or_null(nhi_get_str(rec, "status"));
	w->manager = dup_or_null(nhi_get_str(rec, "manager"));
	w->team = dup_or_null(nhi_get_str(rec, "team"));
	if (left && nhi_time_parse(left, &w->left) != NHI_TIME_SET) {
		person_free(w);
		return "person \"left\" is not a time";
	}
	i = get(p->names, w->id);
	if (i >= 0 && !strcasecmp(p->person[i]->id, w->id)) {
		/* The same person from another source (Okta and HR): what the
		 * later record says wins, what it leaves out is kept. */
		struct nhi_person *o = p->person[i];

		take_field(&o->name, &w->name);
		take_field(&o->status, &w->status);
		take_field(&o->manager, &w->manager);
		take_field(&o->team, &w->team);
		if (w->left)
			o->left = w->left;
		person_free(w);
		w = o;
	} else {
		if (p->nperson == p->aperson) {
			p->aperson = p->aperson ? 2 * p->aperson : 16;
			p->person = xreallocarray(p->person, p->aperson, sizeof(*p->person));
		}
		i = (long long)p->nperson;
		p->person[p->nperson++] = w;
	}
	put(p->names, w->id, i);
	put(p->names, w->email, i);
	for (k = 0; k < ARRAY_SIZE(name_fields); k++)
		put(p->names, nhi_get_str(rec, name_fields[k]), i);
	json_array_foreach(json_object_get(rec, "aliases"), k, a)
		put(p->names, json_string_value(a), i);
	if (w->email && (at = strchr(w->email, '@')) && at > w->email) {
		char *local = lower(w->email);
		json_t *v;

		local[at - w->email] = '\0';
		v = json_object_get(p->locals, local);
		if (!v || json_integer_value(v) == i)
			put(p->locals, local, i);
		else
			put(p->locals, local, -1); /* shared: never guess */
		free(local);
	}
	return NULL;
}

const char *nhi_people_add_team(struct nhi_people *p, const json_t *rec)
{
	const char *id = nhi_get_str(rec, "id");
	struct nhi_team *t;
	long long i;

	if (!id || strncmp(id, "team:", 5) || !id[5])
		return "team record has no \"id\" of the form team:SLUG";
	t = xcalloc(1, sizeof(*t));
	t->id = xstrdup(id);
	t->name = dup_or_null(nhi_get_str(rec, "name"));
	t->manager = dup_or_null(nhi_get_str(rec, "manager"));
	t->parent = dup_or_null(nhi_get_str(rec, "parent"));
	if (json_is_array(json_object_get(rec, "members")))
		t->members = json_deep_copy(json_object_get(rec, "members"));
	i = get(p->teams, id);
	if (i >= 0 && !strcasecmp(p->team[i]->id, id)) {
		team_free(p->team[i]);
		p->team[i] = t;
	} else {
		if (p->nteam == p->ateam) {
			p->ateam = p->ateam ? 2 * p->ateam : 16;
			p->team = xreallocarray(p->team, p->ateam, sizeof(*p->team));
		}
		i = (long long)p->nteam;
		p->team[p->nteam++] = t;
	}
	put(p->teams, id, i);
	put(p->teams, id + 5, i);
	put(p->teams, t->name, i);
	return NULL;
}

/* team_lead_of_members: the manager most members of team t report to (ties to
 * the lower id), for a team record that names no manager. */
static char *team_lead_of_members(const struct nhi_people *p, const struct nhi_team *t)
{
	json_t *count = json_object(), *v;
	const char *best = NULL, *k;
	long long most = 0;
	char *out;

	for (size_t i = 0; i < p->nperson; i++) {
		const struct nhi_person *w = p->person[i];
		const struct nhi_person *m;

		if (!w->team || !w->manager || strcasecmp(w->team, t->id) ||
		    !(m = nhi_people_find(p, w->manager)))
			continue;
		v = json_object_get(count, m->id);
		json_object_set_new(count, m->id,
				    json_integer(v ? json_integer_value(v) + 1 : 1));
	}
	json_object_foreach(count, k, v) {
		if (json_integer_value(v) > most ||
		    (json_integer_value(v) == most && best && strcmp(k, best) < 0)) {
			most = json_integer_value(v);
			best = k;
		}
	}
	out = best ? xstrdup(best) : NULL;
	json_decref(count);
	return out;
}

void nhi_people_settle(struct nhi_people *p)
{
	for (size_t i = 0; i < p->nteam; i++) {
		size_t k;
		json_t *m;

		json_array_foreach(p->team[i]->members, k, m) {
			long long w = json_is_string(m) ? get(p->names, json_string_value(m)) : -1;

			if (w < 0 && json_is_string(m) && !strncmp(json_string_value(m), "person:", 7))
				w = get(p->names, json_string_value(m) + 7);
			if (w >= 0 && !p->person[w]->team)
				p->person[w]->team = xstrdup(p->team[i]->id);
		}
	}
	/* Then teams without a manager, now that every member is placed. */
	for (size_t i = 0; i < p->nteam; i++)
		if (!p->team[i]->manager)
			p->team[i]->manager = team_lead_of_members(p, p->team[i]);
}

void nhi_people_alias(struct nhi_people *p, const char *name, const char *id)
{
	long long i = get(p->names, id);

	if (i >= 0 && get(p->names, name) < 0)
		put(p->names, name, i);
}

void nhi_people_depart(struct nhi_people *p, const char *id, int64_t t)
{
	long long i = get(p->names, id);

	if (i < 0)
		return;
	if (!p->person[i]->left || p->person[i]->left > t)
		p->person[i]->left = t;
}

static const struct nhi_person *by_name(const struct nhi_people *p, const char *s)
{
	long long i = get(p->names, s);

	if (i < 0) {
		const char *at = strchr(s, '@');

		/* A bare login-like name may be the local part of an email. */
		if (!at)
			i = get(p->locals, s);
	}
	return i >= 0 ? p->person[i] : NULL;
}

const struct nhi_person *nhi_people_find(const struct nhi_people *p, const char *raw)
{
	const struct nhi_person *w;
	const char *slash;

	if (!raw || !*raw)
		return NULL;
	if (!strncmp(raw, "person:", 7) && (w = by_name(p, raw + 7)))
		return w;
	if (!strncmp(raw, "user:", 5)) /* Backstage user:default/jane */
		raw += 5;
	if (*raw == '@')
		raw++;
	if ((w = by_name(p, raw)))
		return w;
	/* An SSO or assumed-role session: the name after the last slash. */
	slash = strrchr(raw, '/');
	if (slash && slash[1] && (w = by_name(p, slash + 1)))
		return w;
	/* A CloudTrail principalId, "AROA...:session". */
	slash = strrchr(raw, ':');
	if (slash && slash[1] && (w = by_name(p, slash + 1)))
		return w;
	return NULL;
}

/* team_slug: the team a name's last "/" part names, when it has a manager:
 * CODEOWNERS writes team:acme/payments for the team HR calls payments. */
static const struct nhi_team *team_slug(const struct nhi_people *p, const char *raw)
{
	const char *slash = strrchr(raw, '/');
	long long i;

	if (!slash || !slash[1] || (i = get(p->teams, slash + 1)) < 0)
		return NULL;
	return p->team[i]->manager ? p->team[i] : NULL;
}

const struct nhi_team *nhi_people_team(const struct nhi_people *p, const char *raw)
{
	const char *s = raw, *slash;
	const struct nhi_team *t;
	long long i;

	if (!raw || !*raw)
		return NULL;
	if ((i = get(p->teams, raw)) >= 0) {
		/* A stub (a CODEOWNERS team with no manager) defers to the
		 * org chart's team of the same slug. */
		if (!p->team[i]->manager && (t = team_slug(p, raw)))
			return t;
		return p->team[i];
	}
	if (!strncmp(s, "group:", 6))
		s += 6;
	else if (!strncmp(s, "team:", 5))
		s += 5;
	else if (*s == '@')
		s++;
	else
		return NULL;
	if ((i = get(p->teams, s)) >= 0)
		return p->team[i];
	slash = strrchr(s, '/');
	if (slash && (i = get(p->teams, slash + 1)) >= 0)
		return p->team[i];
	return NULL;
}

int nhi_people_has_teams(const struct nhi_people *p)
{
	return p->nteam > 0;
}

int nhi_person_active(const struct nhi_person *who, int64_t now)
{
	if (who->status && (!strcmp(who->status, "departed") ||
			    !strcmp(who->status, "suspended")))
		return 0;
	return !(who->left && who->left <= now);
}

const struct nhi_person *nhi_people_team_lead(const struct nhi_people *p,
					      const struct nhi_team *t,
					      int64_t now, struct nhi_buf *why)
{
	json_t *seen = json_object();
	const struct nhi_person *m = NULL;

	while (t && !json_object_get(seen, t->id) && json_object_size(seen) < MAX_CHAIN) {
		json_object_set_new(seen, t->id, json_true());
		if (t->manager && (m = nhi_people_find(p, t->manager)) &&
		    nhi_person_active(m, now)) {
			nhi_buf_addf(why, "manager of %s", t->id);
			break;
		}
		m = NULL;
		t = t->parent ? nhi_people_team(p, t->parent) : NULL;
	}
	json_decref(seen);
	return m;
}

const struct nhi_person *nhi_people_route(const struct nhi_people *p,
					  const struct nhi_person *start,
					  int64_t now, struct nhi_buf *why)
{
	json_t *seen = json_object();
	const struct nhi_person *cur = start, *m = NULL;
	struct nhi_buf skipped = NHI_BUF_INIT, lead = NHI_BUF_INIT;
	const struct nhi_team *t;

	json_object_set_new(seen, start->id, json_true());
	for (;;) {
		if (!cur->manager) {
			nhi_buf_addf(why, "%s has no manager in the org chart", cur->id);
			if (skipped.len)
				nhi_buf_addf(why, " (skipped %s, gone)", skipped.buf);
			break;
		}
		if (!(m = nhi_people_find(p, cur->manager))) {
			nhi_buf_addf(why, "manager %s of %s is not in the org chart",
				     cur->manager, cur->id);
			if (skipped.len)
				nhi_buf_addf(why, " (skipped %s, gone)", skipped.buf);
			break;
		}
		if (json_object_get(seen, m->id) || json_object_size(seen) >= MAX_CHAIN) {
			nhi_buf_addf(why, "manager chain of %s loops at %s",
				     start->id, m->id);
			if (skipped.len)
				nhi_buf_addf(why, " (skipped %s, gone)", skipped.buf);
			m = NULL;
			break;
		}
		if (nhi_person_active(m, now)) {
			nhi_buf_addf(why, "first active manager above %s", start->id);
			if (skipped.len)
				nhi_buf_addf(why, " (skipped %s, gone)", skipped.buf);
			json_decref(seen);
			nhi_buf_release(&skipped);
			return m;
		}
		nhi_buf_addf(&skipped, "%s%s", skipped.len ? ", " : "", m->id);
		json_object_set_new(seen, m->id, json_true());
		cur = m;
		m = NULL;
	}
	/* The chain is broken: the team knows who leads it. */
	t = start->team ? nhi_people_team(p, start->team) : NULL;
	if (!t && cur->team)
		t = nhi_people_team(p, cur->team);
	if (t && (m = nhi_people_team_lead(p, t, now, &lead)))
		nhi_buf_addf(why, "; %s", lead.buf);
	else
		nhi_buf_adds(why, "; no active manager found");
	json_decref(seen);
	nhi_buf_release(&skipped);
	nhi_buf_release(&lead);
	return m;
}
