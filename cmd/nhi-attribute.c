/* nhi-attribute: name a human owner for every identity, with evidence.
 * Reads lineage records with the person, team, signal, event, identity and
 * workload records around them; adds "owner" (provisioner, consumer,
 * accountable, each with a confidence and the evidence behind it) to each
 * lineage record, marks orphans and routes them to someone still here,
 * links clones as siblings, and writes NHI1 and NHI10 findings.  Every
 * other record passes through unchanged. */
#include "compat.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "finding.h"
#include "ndjson.h"
#include "num.h"
#include "opts.h"
#include "people.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

/* How much of an identity's human use is kept as evidence. */
#define MAX_USE_EVIDENCE 5
#define MAX_SESSIONS 256
/* Evidence kept per identity: comparing evidence is quadratic, and no
 * owner needs thousands of witnesses. */
#define MAX_EVIDENCE 2048
/* Siblings listed per identity: a module stamped out a thousand times
 * would otherwise list a million pairs. */
#define MAX_SIBLINGS 64
/* Workload owner references followed up (Pod, ReplicaSet, Deployment). */
#define MAX_OWNER_HOPS 4

enum role { R_PROVISIONER, R_CONSUMER, R_ACCOUNTABLE, R_TEAM };
static const char *const role_names[] = { "provisioner", "consumer", "accountable", "team" };

struct ev {
	enum role role;
	char *entity; /* person:..., team:..., or the name as given */
	int known;    /* entity is in the org chart */
	int team;     /* entity is a team */
	const char *source;
	const char *raw_role;
	char *text;
	char *subject;
	char *workload;
	int64_t time;
	long rank; /* CODEOWNERS line: the last matching pattern wins */
	double weight, score;
	int superseded, override;
};

struct evlist {
	struct ev *v;
	size_t n, alloc;
	unsigned long dropped; /* evidence over MAX_EVIDENCE */
};

struct cand {
	const char *entity;
	int known, team, override;
	double c;
	int64_t latest;
};

struct net {
	uint32_t addr, mask;
};

static const char *left_name;
static struct net *human_nets;
static size_t nhuman_nets;

static struct nhi_people *people;
static json_t *signals;     /* every signal record, in order */
static json_t *by_subject;  /* subject -> [signal index] */
static json_t *repo_sigs;   /* repo -> [signal index] of "repo:REPO:PATTERN" subjects */
static json_t *identities;  /* id -> identity record */
static json_t *workloads;   /* id -> workload record */
static json_t *human_use;   /* event identity -> {"count","severity","evidence","sessions"} */
static json_t *lineages;    /* every lineage record, in order */
static json_t *name_count;  /* "lineage:NAME" / "workload:NAME" -> how many have it */
static int64_t now;

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-attribute [OPTION...] [FILE...]\n\n"
		   "Options:\n" NHI_COMMON_USAGE
		   "      --left EMAIL      the leaver sweep: everything EMAIL provisioned or owns\n"
		   "      --human-net CIDR  a network people work from (repeatable)\n");
	exit(status);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static double round2(double x)
{
	return floor(x * 100.0 + 0.5) / 100.0;
}

/* Signal sources, and what one signal of each is worth before its age and
 * the other signals are considered (nhi-attribute(1), CONFIDENCE). */
static const struct {
	const char *source;
	double weight;
	int state; /* describes the present (a newer one supersedes) */
} sources[] = {
	{ "config", 1.00, 1 },
	{ "cloudtrail", 0.90, 0 },
	{ "system", 0.90, 0 },
	{ "host-user", 0.80, 1 },
	{ "git-history", 0.70, 0 },
	{ "backstage", 0.70, 1 },
	{ "codeowners", 0.60, 1 },
	{ "tag", 0.60, 1 },
	{ "workload", 0.60, 1 },
	{ "signal", 0.50, 0 },
};

static int source_index(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(sources); i++)
		if (!strcmp(sources[i].source, s))
			return (int)i;
	return (int)ARRAY_SIZE(sources) - 1;
}

static const char *source_of_signal(const json_t *sig)
{
	const char *c = nhi_get_path_str(sig, "source.collector");

	if (!c)
		return "signal";
	if (!strcmp(c, "cloudtrail"))
		return "cloudtrail";
	if (!strcmp(c, "git-history") || !strcmp(c, "git"))
		return "git-history";
	if (!strcmp(c, "codeowners"))
		return "codeowners";
	if (!strcmp(c, "backstage"))
		return "backstage";
	/* The systems that record who made a token, key or app. */
	if (!strncmp(c, "github", 6) || !strncmp(c, "gitlab", 6) ||
	    !strncmp(c, "okta", 4) || !strncmp(c, "gcp", 3) ||
	    !strncmp(c, "azure", 5) || !strncmp(c, "aws", 3) ||
	    !strncmp(c, "vault", 5))
		return "system";
	return "signal";
}

static double decay(int64_t t)
{
	double days;

	if (t <= 0 || t >= now)
		return 1.0;
	days = (double)(now - t) / 86400.0;
	return fmax(0.6, pow(0.5, days / 1095.0));
}

static void resolve_name(const char *raw, char **entity, int *known, int *team);

/* resolve: who a raw name stands for. */
static void resolve(const char *raw, char **entity, int *known, int *team)
{
	const char *lt = strchr(raw, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	/* A git author, "Name <email>", is known by the email. */
	if (lt && gt && gt > lt + 1) {
		char *email = xstrndup(lt + 1, (size_t)(gt - lt - 1));

		resolve_name(email, entity, known, team);
		if (!*known) {
			free(*entity);
			*entity = xstrdup(raw);
		}
		free(email);
		return;
	}
	resolve_name(raw, entity, known, team);
}

static void resolve_name(const char *raw, char **entity, int *known, int *team)
{
	const struct nhi_person *w;
	const struct nhi_team *t;
	int team_form = !strncmp(raw, "team:", 5) || !strncmp(raw, "group:", 6) ||
			(*raw == '@' && strchr(raw, '/'));

	*known = 1;
	if (team_form && (t = nhi_people_team(people, raw))) {
		*team = 1;
		*entity = xstrdup(t->id);
	} else if (!team_form && (w = nhi_people_find(people, raw))) {
		*team = 0;
		*entity = xstrdup(w->id);
	} else if (!team_form && (t = nhi_people_team(people, raw))) {
		*team = 1;
		*entity = xstrdup(t->id);
	} else {
		*known = 0;
		*team = team_form;
		*entity = xstrdup(raw);
	}
}

static struct ev *ev_add(struct evlist *l, enum role role, const char *raw,
			 const char *source, const char *raw_role,
			 const char *text, const char *subject,
			 const char *workload, int64_t time, const json_t *weight)
{
	struct ev *e;

	if (!raw || !*raw)
		return NULL;
	if (l->n >= MAX_EVIDENCE) {
		l->dropped++;
		return NULL;
	}
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->v = xreallocarray(l->v, l->alloc, sizeof(*l->v));
	}
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	e->role = role;
	resolve(raw, &e->entity, &e->known, &e->team);
	e->source = sources[source_index(source)].source;
	e->raw_role = raw_role ? raw_role : role_names[role];
	e->text = xstrdup(text);
	e->subject = subject ? xstrdup(subject) : NULL;
	e->workload = workload ? xstrdup(workload) : NULL;
	e->time = time;
	if (json_is_number(weight))
		e->weight = json_number_value(weight);
	else if (!strcmp(e->raw_role, "modifier"))
		e->weight = 0.40;
	else
		e->weight = sources[source_index(source)].weight;
	e->override = !strcmp(e->source, "config");
	e->score = e->weight * decay(time);
	/* The same fact reached twice (a field on both the identity and its
	 * lineage record; the owning system's record restated as a signal)
	 * counts once. */
	for (size_t i = 0; i + 1 < l->n; i++) {
		struct ev *o = &l->v[i];

		if (o->role == e->role && !strcmp(o->entity, e->entity) &&
		    o->source == e->source &&
		    (!strcmp(o->text, e->text) || !strcmp(e->source, "system"))) {
			free(e->entity);
			free(e->text);
			free(e->subject);
			free(e->workload);
			l->n--;
			return NULL;
		}
	}
	return e;
}

static void evlist_release(struct evlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].entity);
		free(l->v[i].text);
		free(l->v[i].subject);
		free(l->v[i].workload);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* supersede: of state-like evidence (tags, CODEOWNERS, Backstage, ...)
 * about one subject in one role, only the newest counts: when a workload
 * moves team, the identities it uses follow it. */
static void supersede(struct evlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct ev *a = &l->v[i];

		if (!sources[source_index(a->source)].state || a->override)
			continue;
		for (size_t j = 0; j < l->n; j++) {
			struct ev *b = &l->v[j];

			if (i == j || a->role != b->role || a->source != b->source ||
			    !a->subject || !b->subject || strcmp(a->subject, b->subject))
				continue;
			if (b->time > a->time || (b->time == a->time && b->rank > a->rank))
				a->superseded = 1;
		}
	}
}

static int cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->override != b->override)
		return b->override - a->override;
	if (a->c != b->c)
		return a->c < b->c ? 1 : -1;
	if (a->known != b->known)
		return b->known - a->known;
	if (a->latest != b->latest)
		return a->latest < b->latest ? 1 : -1;
	return strcmp(a->entity, b->entity);
}

/* candidates: the people (or teams) evidence names for role, best first,
 * with their combined scores; *n gets their number. */
static struct cand *candidates(const struct evlist *l, enum role role, size_t *n)
{
	struct cand *c = NULL;
	size_t nc = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct ev *e = &l->v[i];
		size_t k;

		if (e->role != role || e->superseded)
			continue;
		for (k = 0; k < nc && strcmp(c[k].entity, e->entity); k++)
			;
		if (k == nc) {
			c = xreallocarray(c, nc + 1, sizeof(*c));
			memset(&c[nc], 0, sizeof(*c));
			c[nc].entity = e->entity;
			c[nc].known = e->known;
			c[nc].team = e->team;
			c[nc].c = 1.0; /* the product of (1 - s) until the end */
			nc++;
		}
		c[k].c *= 1.0 - fmin(1.0, fmax(0.0, e->score));
		c[k].override |= e->override;
		if (e->time > c[k].latest)
			c[k].latest = e->time;
	}
	for (size_t k = 0; k < nc; k++) {
		const char *seen[ARRAY_SIZE(sources)];
		size_t ns = 0;

		for (size_t i = 0; i < l->n; i++) {
			const struct ev *e = &l->v[i];
			size_t s;

			if (e->role != role || e->superseded || strcmp(e->entity, c[k].entity))
				continue;
			for (s = 0; s < ns && seen[s] != e->source; s++)
				;
			if (s == ns && ns < ARRAY_SIZE(seen))
				seen[ns++] = e->source;
		}
		c[k].c = 1.0 - c[k].c + 0.05 * (double)(ns > 1 ? ns - 1 : 0);
		c[k].c = c[k].override ? 1.0 : fmin(0.99, c[k].c);
	}
	if (nc)
		qsort(c, nc, sizeof(*c), cand_cmp);
	*n = nc;
	return c;
}

/* confidence: the winner's combined score, less half of it for each unit
 * of the best rival's score. */
static double confidence(const struct cand *c, size_t n)
{
	if (!n)
		return 0;
	if (c[0].override)
		return 1.0;
	return round2(c[0].c * (1.0 - (n > 1 ? c[1].c : 0.0) / 2.0));
}

static void set_real(json_t *o, const char *key, double v)
{
	json_object_set_new(o, key, json_real(round2(v)));
}

static void set_entity(json_t *o, const char *entity, int known, int team)
{
	nhi_set_str(o, team ? "team" : known ? "person" : "name", entity);
}

static json_t *ev_json(const struct ev *e)
{
	json_t *o = json_object();

	nhi_set_str(o, "source", e->source);
	nhi_set_str(o, "role", e->raw_role);
	set_entity(o, e->entity, e->known, e->team);
	nhi_set_str(o, "subject", e->subject);
	nhi_set_str(o, "workload", e->workload);
	nhi_set_str(o, "evidence", e->text);
	nhi_set_time(o, "time", e->time);
	set_real(o, "weight", e->weight);
	set_real(o, "score", e->score);
	if (e->superseded)
		nhi_set_bool(o, "superseded", 1);
	return o;
}

static json_t *evidence_of(const struct evlist *l, enum role role, const char *entity)
{
	json_t *a = json_array();

	/* The winner's evidence, then what newer evidence superseded, so a
	 * move between teams shows. */
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].role == role && !l->v[i].superseded &&
		    !strcmp(l->v[i].entity, entity))
			json_array_append_new(a, ev_json(&l->v[i]));
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].role == role && l->v[i].superseded)
			json_array_append_new(a, ev_json(&l->v[i]));
	return a;
}

static const char *person_status(const struct nhi_person *w)
{
	if (!nhi_person_active(w, now))
		return w->status && !strcmp(w->status, "suspended") ? "suspended" : "departed";
	return "active";
}

/* person_json: {"person","name"?,"status","left"?,"team"?}. */
static json_t *person_json(const char *entity, int known, int team)
{
	json_t *o = json_object();
	const struct nhi_person *w;

	set_entity(o, entity, known, team);
	if (team || !known || !(w = nhi_people_find(people, entity))) {
		if (!team)
			nhi_set_str(o, "status", "unknown");
		return o;
	}
	nhi_set_str(o, "name", w->name);
	nhi_set_str(o, "status", person_status(w));
	if (w->left && w->left <= now)
		nhi_set_time(o, "left", w->left);
	nhi_set_str(o, "team", w->team);
	return o;
}

static int sev_rank(const char *s)
{
	int r = nhi_severity_parse(s);

	return r < 0 ? 0 : r;
}

/* CIDR handling for --human-net: IPv4 only, which is what CloudTrail's
 * sourceIPAddress mostly is; an IPv6 address never matches. */
static const char *net_parse(const char *s, struct net *n)
{
	char addr[64];
	const char *slash = strchr(s, '/');
	long long bits = 32;
	struct in_addr in;
	size_t len = slash ? (size_t)(slash - s) : strlen(s);

	if (len >= sizeof(addr))
		return "not an IPv4 network";
	memcpy(addr, s, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, &in) != 1)
		return "not an IPv4 network";
	if (slash && nhi_parse_int(slash + 1, 0, 32, &bits))
		return "bad prefix length";
	n->mask = bits ? 0xffffffffu << (32 - bits) : 0;
	n->addr = ntohl(in.s_addr) & n->mask;
	return NULL;
}

static int in_human_net(const char *ip)
{
	struct in_addr in;
	uint32_t a;

	if (!ip || inet_pton(AF_INET, ip, &in) != 1)
		return 0;
	a = ntohl(in.s_addr);
	for (size_t i = 0; i < nhuman_nets; i++)
		if ((a & human_nets[i].mask) == human_nets[i].addr)
			return 1;
	return 0;
}

static json_t *use_slot(const char *identity)
{
	json_t *u = json_object_get(human_use, identity);

	if (!u) {
		u = json_pack("{s:i,s:s,s:[],s:{},s:i}", "count", 0, "severity",
			      "info", "evidence", "sessions", "sessions_dropped", 0);
		json_object_set_new(human_use, identity, u);
	}
	return u;
}

static void use_note(json_t *u, const json_t *event, const char *why, const char *sev)
{
	json_t *ev;
	static const char *const keep[] = { "time", "action", "event_name", "source_ip",
					    "user_agent", "session", "region" };

	json_object_set_new(u, "count",
			    json_integer(json_integer_value(json_object_get(u, "count")) + 1));
	if (sev_rank(sev) > sev_rank(nhi_get_str(u, "severity")))
		json_object_set_new(u, "severity", json_string(sev));
	if (json_array_size(json_object_get(u, "evidence")) >= MAX_USE_EVIDENCE)
		return;
	ev = json_object();
	nhi_set_str(ev, "why", why);
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++)
		if (json_is_string(json_object_get(event, keep[i])))
			json_object_set(ev, keep[i], json_object_get(event, keep[i]));
	json_array_append_new(json_object_get(u, "evidence"), ev);
}

/* is_cli: the user agent of a command-line tool people type into (CI
 * runs them too, hence the network test). */
static int is_cli(const char *ua)
{
	static const char *const cli[] = { "aws-cli/", "kubectl/", "gcloud/",
					   "google-cloud-sdk/", "azure-cli/", "gh/" };

	for (size_t i = 0; i < ARRAY_SIZE(cli); i++)
		if (!strncmp(ua, cli[i], strlen(cli[i])))
			return 1;
	return 0;
}

/* note_event: keep what an event says about human use.  Whether a session
 * name is a person's is known only once every person record is read, so
 * session names are kept (a bounded number per identity) and judged at
 * the end. */
static void note_event(const json_t *e)
{
	const char *id = nhi_get_str(e, "identity"), *ua = nhi_get_str(e, "user_agent");
	const char *session = nhi_get_str(e, "session"), *en = nhi_get_str(e, "event_name");
	json_t *u, *s;

	if (!id || !*id)
		return;
	if (json_is_true(json_object_get(e, "console")) ||
	    (en && !strcmp(en, "ConsoleLogin"))) {
		use_note(use_slot(id), e, "console sign-in", "high");
	} else if (ua && !strncmp(ua, "Mozilla/", 8)) {
		use_note(use_slot(id), e, "browser user agent", "high");
	} else if (ua && (strstr(ua, "console.amazonaws.com") ||
			  strstr(ua, "signin.amazonaws.com"))) {
		use_note(use_slot(id), e, "console user agent", "high");
	} else if (ua && is_cli(ua) && in_human_net(nhi_get_str(e, "source_ip"))) {
		use_note(use_slot(id), e, "command-line user agent from a people network", "medium");
	} else if (session && *session) {
		u = use_slot(id);
		s = json_object_get(u, "sessions");
		if (json_object_get(s, session))
			return;
		if (json_object_size(s) >= MAX_SESSIONS) {
			json_object_set_new(u, "sessions_dropped", json_integer(
				json_integer_value(json_object_get(u, "sessions_dropped")) + 1));
			return;
		}
		json_object_set_new(s, session, json_deep_copy(e));
	}
}

static int looks_human_session(const char *s)
{
	const char *slash = strrchr(s, '/');

	if (nhi_people_find(people, s))
		return 1;
	/* An email is a person's session name, never a pipeline's. */
	return strchr(slash ? slash + 1 : s, '@') != NULL;
}

/* Keys an identity is known by in signals and events. */
static void identity_keys(const json_t *l, const char *keys[4])
{
	const char *id = nhi_get_str(l, "id"), *arn = nhi_get_str(l, "arn");

	keys[0] = id;
	keys[1] = arn;
	keys[2] = id && !strncmp(id, "aws:", 4) ? id + 4 : NULL;
	keys[3] = NULL;
}

static int64_t sig_time(const json_t *sig)
{
	return nhi_get_time(sig, "time");
}

static void add_signal(struct evlist *l, const json_t *sig, enum role role,
		       const char *subject, const char *workload, long rank)
{
	const char *raw_role = nhi_get_str(sig, "role");
	struct ev *e;

	e = ev_add(l, role, nhi_get_str(sig, "person"), source_of_signal(sig),
		   raw_role, nhi_get_str(sig, "evidence") ? nhi_get_str(sig, "evidence") : "signal",
		   subject, workload, sig_time(sig), json_object_get(sig, "weight"));
	if (e)
		e->rank = rank;
}

/* role_for: what a signal says, given what it is about. */
static int role_for(const char *raw, int direct, enum role *role)
{
	/* About a consuming workload, an owner of any kind owns the use;
	 * who wrote the workload says nothing about the identity. */
	if (!direct) {
		*role = R_CONSUMER;
		return !strcmp(raw, "codeowner") || !strcmp(raw, "accountable") ||
		       !strcmp(raw, "consumer");
	}
	if (!strcmp(raw, "provisioner") || !strcmp(raw, "modifier"))
		*role = R_PROVISIONER;
	else if (!strcmp(raw, "consumer"))
		*role = R_CONSUMER;
	else if (!strcmp(raw, "accountable"))
		*role = R_ACCOUNTABLE;
	else if (!strcmp(raw, "codeowner"))
		*role = direct ? R_ACCOUNTABLE : R_CONSUMER;
	else
		return 0;
	return 1;
}

/* repo_key: a repository name as the index of repo signals keys it
 * (lower case, at most 255 bytes; static). */
static const char *repo_key(const char *repo, size_t n)
{
	static char key[256];

	if (n >= sizeof(key))
		n = sizeof(key) - 1;
	for (size_t i = 0; i < n; i++)
		key[i] = (char)tolower((unsigned char)repo[i]);
	key[n] = '\0';
	return key;
}

/* repo_match: whether "repo:OWNER/REPO:PATTERN" covers path in repo, as
 * CODEOWNERS reads its patterns; returns 0 or 1. */
static int repo_match(const char *subject, const char *repo, const char *path,
		      const char *address)
{
	const char *r = subject + 5, *colon = strchr(r, ':'), *p, *base, *hash;
	size_t rn = colon ? (size_t)(colon - r) : strlen(r);
	char pat[1024];
	size_t n;

	if (!repo || rn != strlen(repo) || strncasecmp(r, repo, rn))
		return 0;
	/* "repo:OWNER/REPO" alone (a Backstage project slug) is all of it. */
	p = colon ? colon + 1 : "";
	/* git history names one resource of a file as PATH#ADDRESS. */
	hash = strchr(p, '#');
	if (hash && address && strcmp(hash + 1, address))
		return 0;
	n = hash ? (size_t)(hash - p) : strlen(p);
	if (!n || (n == 1 && (*p == '*' || *p == '/')))
		return 1;
	if (!path)
		return 0;
	while (*path == '/')
		path++;
	if (n + 3 >= sizeof(pat))
		return 0;
	if (*p == '/') {
		p++;
		n--;
	}
	memcpy(pat, p, n);
	pat[n] = '\0';
	if (n && pat[n - 1] == '/') /* a directory and all below it */
		return !strncmp(path, pat, n);
	if (!fnmatch(pat, path, FNM_PATHNAME))
		return 1;
	/* A directory pattern without the trailing slash. */
	if (!strncmp(path, pat, n) && path[n] == '/')
		return 1;
	base = strrchr(path, '/');
	if (!strchr(pat, '/') && !fnmatch(pat, base ? base + 1 : path, 0))
		return 1;
	return 0;
}

static long sig_line(const json_t *sig)
{
	return (long)json_integer_value(nhi_get_path(sig, "source.line"));
}

/* signals_on: every signal about key (exact subject). */
static void signals_on(struct evlist *l, const char *key, int direct, const char *workload)
{
	json_t *idx = json_object_get(by_subject, key), *v;
	size_t i;
	enum role role;

	json_array_foreach(idx, i, v) {
		json_t *sig = json_array_get(signals, (size_t)json_integer_value(v));

		if (role_for(nhi_get_str(sig, "role"), direct, &role))
			add_signal(l, sig, role, key, workload, sig_line(sig));
	}
}

static void signals_on_repo(struct evlist *l, const char *repo, const char *path,
			    const char *address, int direct, const char *workload)
{
	size_t i;
	json_t *v;
	enum role role;

	if (!repo)
		return;
	json_array_foreach(json_object_get(repo_sigs, repo_key(repo, strlen(repo))), i, v) {
		json_t *sig = json_array_get(signals, (size_t)json_integer_value(v));
		const char *subject = nhi_get_str(sig, "subject");
		struct nhi_buf key = NHI_BUF_INIT;

		if (!repo_match(subject, repo, path, address) ||
		    !role_for(nhi_get_str(sig, "role"), direct, &role))
			continue;
		/* CODEOWNERS lines about one path compete within one file. */
		nhi_buf_addf(&key, "repo:%s:%s", repo, path ? path : "");
		if (nhi_get_path_str(sig, "source.file"))
			nhi_buf_addf(&key, " (%s)", nhi_get_path_str(sig, "source.file"));
		add_signal(l, sig, role, key.buf, workload, sig_line(sig));
		nhi_buf_release(&key);
	}
}

static const char *tag_key(const char *k)
{
	const char *slash = strrchr(k, '/');

	return slash ? slash + 1 : k;
}

/* tags_of: owner, team and creator tags, labels and annotations. */
static void tags_of(struct evlist *l, const json_t *tags, const char *what,
		    const char *subject, const char *workload, int consumer)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)tags, k, v) {
		const char *t = tag_key(k), *s = json_string_value(v);
		struct nhi_buf text = NHI_BUF_INIT;
		enum role role;

		if (!s || !*s)
			continue;
		if (!strcasecmp(t, "owner") || !strcasecmp(t, "contact") ||
		    !strcasecmp(t, "email") || !strcasecmp(t, "owner-email") ||
		    !strcasecmp(t, "owner_email") || !strcasecmp(t, "maintainer"))
			role = consumer ? R_CONSUMER : R_ACCOUNTABLE;
		else if (!strcasecmp(t, "team") || !strcasecmp(t, "owner-team") ||
			 !strcasecmp(t, "owner_team") || !strcasecmp(t, "owning-team"))
			role = consumer ? R_CONSUMER : R_TEAM;
		else if (!strcasecmp(t, "created-by") || !strcasecmp(t, "created_by") ||
			 !strcasecmp(t, "createdby") || !strcasecmp(t, "creator"))
			role = consumer ? R_CONSUMER : R_PROVISIONER;
		else
			continue;
		nhi_buf_addf(&text, "%s %s=%s", what, k, s);
		if (role == R_TEAM && strncmp(s, "team:", 5) && !strchr(s, '@')) {
			/* A bare team tag names a team, never a person. */
			struct nhi_buf tid = NHI_BUF_INIT;

			nhi_buf_addf(&tid, "team:%s", s);
			ev_add(l, role, nhi_people_team(people, s) ? s : tid.buf, "tag",
			       NULL, text.buf, subject, workload, 0, NULL);
			nhi_buf_release(&tid);
		} else {
			ev_add(l, role, s, consumer ? "workload" : "tag", NULL, text.buf,
			       subject, workload, 0, NULL);
		}
		nhi_buf_release(&text);
	}
}

/* fields_of: who made it, as the system that holds it recorded. */
static void fields_of(struct evlist *l, const json_t *rec, const char *what,
		      const char *subject)
{
	static const char *const made[] = { "owner", "created_by" };
	struct nhi_buf text = NHI_BUF_INIT;
	const char *s;

	for (size_t i = 0; i < ARRAY_SIZE(made); i++) {
		if (!(s = nhi_get_str(rec, made[i])))
			continue;
		nhi_buf_reset(&text);
		nhi_buf_addf(&text, "%s %s %s", what, made[i], s);
		ev_add(l, R_PROVISIONER, s, "system", NULL, text.buf, subject, NULL,
		       nhi_get_time(rec, "created"), NULL);
	}
	if ((s = nhi_get_str(rec, "host_user"))) {
		nhi_buf_reset(&text);
		nhi_buf_addf(&text, "%s configured in the home of %s", what, s);
		ev_add(l, R_PROVISIONER, s, "host-user", NULL, text.buf, subject, NULL, 0, NULL);
		ev_add(l, R_CONSUMER, s, "host-user", NULL, text.buf, subject, NULL, 0, NULL);
	}
	nhi_buf_release(&text);
}

/* check_owners: the owners overrides of nhi.yaml, checked once; a bad one
 * is a configuration error (status 4), as nhi-config(5) says. */
static void check_owners(void)
{
	json_t *o;
	size_t i;

	json_array_foreach(nhi_config_get("owners"), i, o) {
		const char *r = nhi_get_str(o, "role");

		if (!nhi_get_str(o, "identity") || !nhi_get_str(o, "person"))
			nhi_die(NHI_EXIT_SYSTEM, "%s: owners[%zu]: needs identity and person",
				nhi_config_file(), i);
		if (r && strcmp(r, "provisioner") && strcmp(r, "consumer") &&
		    strcmp(r, "accountable"))
			nhi_die(NHI_EXIT_SYSTEM, "%s: owners[%zu]: unknown role '%s' "
				"(provisioner, consumer, accountable)", nhi_config_file(), i, r);
	}
}

static void overrides(struct evlist *l, const char *id)
{
	json_t *owners = nhi_config_get("owners"), *o;
	size_t i;

	json_array_foreach(owners, i, o) {
		const char *glob = nhi_get_str(o, "identity"), *who = nhi_get_str(o, "person");
		const char *r = nhi_get_str(o, "role");
		struct nhi_buf text = NHI_BUF_INIT;
		enum role role = R_ACCOUNTABLE;

		if (!glob || !who || fnmatch(glob, id, 0))
			continue;
		if (r && !role_for(r, 1, &role))
			continue;
		nhi_buf_addf(&text, "%s owners[%zu]: %s",
			     nhi_config_file() ? nhi_config_file() : "nhi.yaml", i, glob);
		ev_add(l, role, who, "config", r, text.buf, id, NULL, 0, NULL);
		nhi_buf_release(&text);
	}
}

/* consumer_ids: the workloads a lineage record names as consumers. */
static json_t *consumer_ids(const json_t *l)
{
	json_t *out = json_array(), *c;
	size_t i;

	json_array_foreach(json_object_get(l, "consumers"), i, c) {
		const char *id = json_string_value(c);

		if (!id)
			id = nhi_get_str(c, "workload");
		if (!id)
			id = nhi_get_str(c, "id");
		if (!id)
			id = nhi_get_str(c, "ref");
		if (id)
			json_array_append_new(out, json_string(id));
	}
	return out;
}

/* name_note: count a lineage or workload name, for catalog_signals. */
static void name_note(const char *what, const char *name)
{
	struct nhi_buf k = NHI_BUF_INIT;
	json_t *v;

	if (!name || !*name)
		return;
	nhi_buf_addf(&k, "%s:%s", what, name);
	v = json_object_get(name_count, k.buf);
	json_object_set_new(name_count, k.buf, json_integer(v ? json_integer_value(v) + 1 : 1));
	nhi_buf_release(&k);
}

/* catalog_signals: a Backstage Resource (Component) that has the name of
 * exactly one identity (workload) in the stream is about it. A name two
 * share says nothing about either. */
static void catalog_signals(struct evlist *l, const char *what, const char *kind,
			    const char *name, int direct, const char *workload)
{
	struct nhi_buf k = NHI_BUF_INIT;

	if (!name || !*name)
		return;
	nhi_buf_addf(&k, "%s:%s", what, name);
	if (json_integer_value(json_object_get(name_count, k.buf)) == 1) {
		nhi_buf_reset(&k);
		nhi_buf_addf(&k, "backstage:%s:default/%s", kind, name);
		signals_on(l, k.buf, direct, workload);
	}
	nhi_buf_release(&k);
}

/* workload_owners: who owns a consuming workload: signals about it and
 * its repository path, its owner and team fields, labels, annotations;
 * and the same of the workloads that own it (a Pod's ReplicaSet's
 * Deployment), up to MAX_OWNER_HOPS up. */
static void workload_owners(struct evlist *l, const char *wid)
{
	const char *cur = wid;

	for (int hop = 0; cur && hop <= MAX_OWNER_HOPS; hop++) {
		const json_t *wrec = json_object_get(workloads, cur);
		const char *owner;

		signals_on(l, cur, 0, wid);
		if (!wrec)
			break;
		catalog_signals(l, "workload", "component", nhi_get_str(wrec, "name"), 0, wid);
		signals_on_repo(l, nhi_get_str(wrec, "repo"), nhi_get_str(wrec, "path"),
				NULL, 0, wid);
		owner = nhi_get_str(wrec, "owner");
		if (nhi_get_str(wrec, "team"))
			ev_add(l, R_CONSUMER, nhi_get_str(wrec, "team"), "workload", NULL,
			       "workload team", cur, wid, 0, NULL);
		if (json_is_object(json_object_get(wrec, "labels")))
			tags_of(l, json_object_get(wrec, "labels"), "workload label", cur, wid, 1);
		if (json_is_object(json_object_get(wrec, "annotations")))
			tags_of(l, json_object_get(wrec, "annotations"), "workload annotation",
				cur, wid, 1);
		/* A Kubernetes owner reference names a workload, not a person. */
		if (owner && json_object_get(workloads, owner) && strcmp(owner, cur)) {
			cur = owner;
			continue;
		}
		if (owner && (!strchr(owner, ':') || !strncmp(owner, "person:", 7) ||
			      !strncmp(owner, "team:", 5) || !strncmp(owner, "group:", 6) ||
			      !strncmp(owner, "user:", 5)))
			ev_add(l, R_CONSUMER, owner, "workload", NULL, "workload owner", cur,
			       wid, 0, NULL);
		break;
	}
}

static void gather(struct evlist *l, const json_t *lin, const json_t *cons)
{
	const char *keys[4], *id = nhi_get_str(lin, "id");
	const json_t *idrec = json_object_get(identities, id), *origin;
	size_t i;
	json_t *w;

	identity_keys(lin, keys);
	overrides(l, id);
	for (int k = 0; k < 3; k++)
		if (keys[k] && (!k || strcmp(keys[k], keys[0])) &&
		    (k < 2 || !keys[1] || strcmp(keys[k], keys[1])))
			signals_on(l, keys[k], 1, NULL);
	catalog_signals(l, "lineage", "resource", nhi_get_str(lin, "name"), 1, NULL);
	origin = json_object_get(lin, "origin");
	if (json_is_object(origin))
		signals_on_repo(l, nhi_get_str(origin, "repo"),
				nhi_get_str(origin, "path") ? nhi_get_str(origin, "path")
							    : nhi_get_str(origin, "file"),
				nhi_get_str(origin, "address"), 1, NULL);
	if (json_is_object(json_object_get(lin, "tags")))
		tags_of(l, json_object_get(lin, "tags"), "tag", id, NULL, 0);
	if (json_is_object(json_object_get(lin, "annotations")))
		tags_of(l, json_object_get(lin, "annotations"), "annotation", id, NULL, 0);
	fields_of(l, lin, "identity", id);
	if (idrec) {
		if (json_is_object(json_object_get(idrec, "tags")))
			tags_of(l, json_object_get(idrec, "tags"), "tag", id, NULL, 0);
		if (json_is_object(json_object_get(idrec, "annotations")))
			tags_of(l, json_object_get(idrec, "annotations"), "annotation", id, NULL, 0);
		fields_of(l, idrec, "identity", id);
	}
	json_array_foreach(cons, i, w)
		workload_owners(l, json_string_value(w));
	if (l->dropped)
		nhi_warn("%s: more than %d pieces of ownership evidence, %lu ignored",
			 id, MAX_EVIDENCE, l->dropped);
	supersede(l);
}

struct owner {
	json_t *obj;        /* the "owner" object */
	int orphaned, team_gone;
	int64_t since;
	const struct nhi_person *gone[2]; /* the provisioner and accountable who left */
};

static const struct nhi_person *known_person(const char *entity, int known, int team)
{
	return known && !team ? nhi_people_find(people, entity) : NULL;
}

static int still_here(const struct nhi_person *w)
{
	return w && nhi_person_active(w, now);
}

static json_t *cands_json(const struct cand *c, size_t n, enum role role, const struct evlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object(), *srcs = json_array();

		nhi_set_str(o, "role", role_names[role]);
		set_entity(o, c[i].entity, c[i].known, c[i].team);
		set_real(o, "score", c[i].c);
		for (size_t k = 0; k < l->n; k++) {
			const struct ev *e = &l->v[k];
			size_t j;
			json_t *s;
			int dup = 0;

			if (e->role != role || e->superseded || strcmp(e->entity, c[i].entity))
				continue;
			json_array_foreach(srcs, j, s)
				dup |= !strcmp(json_string_value(s), e->source);
			if (!dup)
				json_array_append_new(srcs, json_string(e->source));
		}
		json_object_set_new(o, "sources", srcs);
		json_array_append_new(a, o);
	}
	return a;
}

static void append_all(json_t *a, json_t *b)
{
	json_array_extend(a, b);
	json_decref(b);
}

/* role_json: the winner of a role with its confidence and evidence. */
static json_t *role_json(const struct cand *c, size_t n, enum role role,
			 const struct evlist *l, json_t *conflicts)
{
	json_t *o;

	if (!n)
		return NULL;
	o = person_json(c[0].entity, c[0].known, c[0].team);
	set_real(o, "confidence", confidence(c, n));
	json_object_set_new(o, "evidence", evidence_of(l, role, c[0].entity));
	if (n > 1)
		append_all(conflicts, cands_json(c, n, role, l));
	return o;
}

static int team_missing(int team, int known)
{
	return team && !known && nhi_people_has_teams(people);
}

/* lead_of_team: the nominal manager of a team (even if gone). */
static const struct nhi_person *lead_of_team(const char *team_id)
{
	const struct nhi_team *t = nhi_people_team(people, team_id);

	return t && t->manager ? nhi_people_find(people, t->manager) : NULL;
}

static void attribute(json_t *lin, struct owner *ow)
{
	struct evlist l = { 0 };
	json_t *cons = consumer_ids(lin), *o = json_object(), *conflicts = json_array();
	struct cand *cp, *cc, *ca, *ct;
	size_t np, nc, na, nt;
	const struct nhi_person *pw = NULL, *aw = NULL, *gone[2] = { NULL, NULL };
	json_t *jp, *jc = NULL, *ja = NULL, *x;
	struct nhi_buf why = NHI_BUF_INIT;
	double aconf = 0;

	memset(ow, 0, sizeof(*ow));
	gather(&l, lin, cons);
	cp = candidates(&l, R_PROVISIONER, &np);
	cc = candidates(&l, R_CONSUMER, &nc);
	ca = candidates(&l, R_ACCOUNTABLE, &na);
	ct = candidates(&l, R_TEAM, &nt);

	if (!l.n) {
		nhi_set_str(o, "status", "unowned");
		if (json_array_size(cons))
			json_object_set_new(o, "consumer", json_pack("{s:O}", "workloads", cons));
		ow->obj = o;
		goto done;
	}
	jp = role_json(cp, np, R_PROVISIONER, &l, conflicts);
	if (np) {
		pw = known_person(cp[0].entity, cp[0].known, cp[0].team);
	}
	jc = json_object();
	if (json_array_size(cons))
		json_object_set(jc, "workloads", cons);
	if (nc) {
		json_t *w;

		for (size_t i = 0; i < l.n; i++)
			if (l.v[i].role == R_CONSUMER && !strcmp(l.v[i].entity, cc[0].entity) &&
			    l.v[i].workload) {
				nhi_set_str(jc, "workload", l.v[i].workload);
				break;
			}
		w = role_json(cc, nc, R_CONSUMER, &l, conflicts);
		json_object_update(jc, w);
		json_decref(w);
		if (team_missing(cc[0].team, cc[0].known))
			ow->team_gone = 1;
	}

	/* Accountable: named outright; else the consuming team's manager;
	 * else the owning team's; else, while the provisioner is still here,
	 * the provisioner's manager. */
	if (na) {
		const struct cand *w = &ca[0];

		aconf = confidence(ca, na);
		if (w->team && w->known && (aw = lead_of_team(w->entity))) {
			ja = person_json(aw->id, 1, 0);
			nhi_buf_addf(&why, "manager of %s", w->entity);
		} else {
			ja = person_json(w->entity, w->known, w->team);
			aw = known_person(w->entity, w->known, w->team);
			nhi_buf_adds(&why, "named");
			if (team_missing(w->team, w->known))
				ow->team_gone = 1;
		}
		json_object_set_new(ja, "evidence", evidence_of(&l, R_ACCOUNTABLE, w->entity));
		if (na > 1)
			append_all(conflicts, cands_json(ca, na, R_ACCOUNTABLE, &l));
	} else if (nc && cc[0].known &&
		   (cc[0].team || still_here(known_person(cc[0].entity, 1, 0)))) {
		/* A consumer who has left answers for nothing any more. */
		const struct nhi_person *cw = known_person(cc[0].entity, 1, cc[0].team);
		const char *team = cc[0].team ? cc[0].entity : cw ? cw->team : NULL;

		aconf = confidence(cc, nc);
		if (team && (aw = lead_of_team(team)))
			nhi_buf_addf(&why, "manager of consuming team %s", team);
		else if (cw && cw->manager && (aw = nhi_people_find(people, cw->manager)))
			nhi_buf_addf(&why, "manager of consumer %s", cw->id);
		if (aw) {
			ja = person_json(aw->id, 1, 0);
			json_object_set_new(ja, "evidence", json_array());
		}
	} else if (nt) {
		aconf = confidence(ct, nt);
		if (ct[0].known && (aw = lead_of_team(ct[0].entity))) {
			ja = person_json(aw->id, 1, 0);
			nhi_buf_addf(&why, "manager of owning team %s", ct[0].entity);
		} else {
			ja = person_json(ct[0].entity, ct[0].known, 1);
			nhi_buf_adds(&why, "owning team");
		}
		json_object_set_new(ja, "evidence", json_array());
	} else if (pw && nhi_person_active(pw, now) && pw->manager &&
		   (aw = nhi_people_find(people, pw->manager))) {
		aconf = round2(confidence(cp, np) * 0.8);
		ja = person_json(aw->id, 1, 0);
		nhi_buf_addf(&why, "manager of provisioner %s", pw->id);
		json_object_set_new(ja, "evidence", json_array());
	}
	/* The owning team a tag names must still exist, whoever answers. */
	if (nt && team_missing(1, ct[0].known))
		ow->team_gone = 1;
	if (ja) {
		/* "via" after the person, before the evidence. */
		json_t *ev = json_incref(json_object_get(ja, "evidence"));

		json_object_del(ja, "evidence");
		nhi_set_str(ja, "via", why.buf);
		set_real(ja, "confidence", aconf);
		json_object_set_new(ja, "evidence", ev);
	}

	/* Orphaned: every human owner it has is gone, or its team is. */
	{
		int any = 0, all_gone = 1;

		if (pw) {
			any = 1;
			if (nhi_person_active(pw, now))
				all_gone = 0;
			else
				gone[0] = pw;
		} else if (np) {
			all_gone = 0; /* an owner we cannot judge */
		}
		if (aw) {
			any = 1;
			if (nhi_person_active(aw, now))
				all_gone = 0;
			else
				gone[1] = aw;
		} else if (ja) {
			all_gone = 0;
		}
		if (nc && cc[0].known && !cc[0].team) {
			const struct nhi_person *cw = known_person(cc[0].entity, 1, 0);

			if (cw && nhi_person_active(cw, now))
				all_gone = 0;
		}
		ow->orphaned = (any && all_gone) || ow->team_gone;
	}
	nhi_set_str(o, "status", ow->orphaned ? "orphaned" : "owned");
	if (jp)
		json_object_set_new(o, "provisioner", jp);
	if (json_object_size(jc))
		json_object_set(o, "consumer", jc);
	if (ja)
		json_object_set_new(o, "accountable", ja);
	if (nt) {
		x = person_json(ct[0].entity, ct[0].known, 1);
		set_real(x, "confidence", confidence(ct, nt));
		json_object_set_new(x, "evidence", evidence_of(&l, R_TEAM, ct[0].entity));
		json_object_set_new(o, "team", x);
		if (nt > 1)
			append_all(conflicts, cands_json(ct, nt, R_TEAM, &l));
	}
	set_real(o, "confidence", ja ? aconf : np ? confidence(cp, np) : nc ? confidence(cc, nc) : 0);
	if (json_array_size(conflicts))
		json_object_set(o, "candidates", conflicts);

	if (ow->orphaned) {
		const struct nhi_person *to = NULL;
		struct nhi_buf r = NHI_BUF_INIT, sub = NHI_BUF_INIT;
		const char *wl = nhi_get_str(jc, "workload");

		for (int i = 0; i < 2; i++)
			if (gone[i] && gone[i]->left > ow->since)
				ow->since = gone[i]->left;
		/* The consuming workload's current owner first. */
		if (nc && cc[0].known && cc[0].team) {
			const struct nhi_team *t = nhi_people_team(people, cc[0].entity);

			if (t && (to = nhi_people_team_lead(people, t, now, &sub)))
				nhi_buf_addf(&r, "current owner of consuming workload %s: %s",
					     wl ? wl : "(unknown)", sub.buf);
		} else if (nc && cc[0].known) {
			const struct nhi_person *cw = known_person(cc[0].entity, 1, 0);

			if (cw && nhi_person_active(cw, now)) {
				to = cw;
				nhi_buf_addf(&r, "current owner of consuming workload %s",
					     wl ? wl : "(unknown)");
			}
		}
		for (int i = 1; !to && i >= 0; i--) {
			if (!gone[i])
				continue;
			nhi_buf_reset(&sub);
			to = nhi_people_route(people, gone[i], now, &sub);
			nhi_buf_reset(&r);
			nhi_buf_adds(&r, sub.buf);
		}
		if (!to && still_here(aw)) {
			to = aw;
			nhi_buf_reset(&r);
			nhi_buf_addf(&r, "accountable %s is still here", aw->id);
		}
		if (!to && pw && nhi_person_active(pw, now)) {
			to = pw;
			nhi_buf_reset(&r);
			nhi_buf_addf(&r, "provisioner %s is still here", pw->id);
		}
		if (!to && !r.len)
			nhi_buf_adds(&r, "no active owner found");
		if (ow->team_gone) {
			nhi_buf_reset(&sub);
			nhi_buf_addf(&sub, "owning team no longer exists; %s", r.buf);
			nhi_buf_reset(&r);
			nhi_buf_adds(&r, sub.buf);
		}
		if (ow->since)
			nhi_set_time(o, "orphaned_since", ow->since);
		if (to)
			nhi_set_str(o, "route_to", to->id);
		nhi_set_str(o, "route_reason", r.buf);
		nhi_buf_release(&r);
		nhi_buf_release(&sub);
	}
	if (gone[0] || gone[1]) {
		x = json_array();
		for (int i = 0; i < 2; i++)
			if (gone[i] && (!i || !gone[0] || strcmp(gone[0]->id, gone[1]->id)))
				json_array_append_new(x, json_string(gone[i]->id));
		json_object_set_new(o, "departed", x);
	}
	ow->gone[0] = gone[0];
	ow->gone[1] = gone[1];
	ow->obj = o;
done:
	json_decref(jc);
	free(cp);
	free(cc);
	free(ca);
	free(ct);
	json_decref(cons);
	json_decref(conflicts);
	nhi_buf_release(&why);
	evlist_release(&l);
}

/* reach_severity: how bad losing track of this identity is. */
static enum nhi_severity reach_severity(const json_t *lin)
{
	const char *s = nhi_get_path_str(lin, "reach.summary");
	json_t *br = json_object_get(lin, "blast_radius");

	if (s && !strcmp(s, "admin-equivalent"))
		return NHI_SEV_CRITICAL;
	if (s && strstr(s, "write") && strstr(s, "sensitive"))
		return NHI_SEV_HIGH;
	if (json_is_number(br) && json_number_value(br) >= 70)
		return NHI_SEV_HIGH;
	return NHI_SEV_MEDIUM;
}

/* active_credentials: ids of the credentials still active; *any_static
 * says whether one of them is a static secret. */
static json_t *active_credentials(const json_t *lin, int *any_static)
{
	json_t *out = json_array(), *c;
	size_t i;

	*any_static = 0;
	json_array_foreach(json_object_get(lin, "credentials"), i, c) {
		const char *st = nhi_get_str(c, "status"), *id = nhi_get_str(c, "id");

		if (!st || strcmp(st, "active"))
			continue;
		if (!id)
			id = nhi_get_str(c, "key_id") ? nhi_get_str(c, "key_id") : "(unnamed)";
		json_array_append_new(out, json_string(id));
		if (json_is_true(json_object_get(c, "static")))
			*any_static = 1;
	}
	return out;
}

static void add_finding(json_t *lin, json_t *pending, json_t *f)
{
	json_t *list = json_object_get(lin, "findings");

	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(lin, "findings", list);
	}
	json_array_append_new(list, json_pack("{s:O,s:O,s:O,s:O}",
					      "rule", json_object_get(f, "rule"),
					      "severity", json_object_get(f, "severity"),
					      "nhi_top10", json_object_get(f, "nhi_top10"),
					      "message", json_object_get(f, "message")));
	json_array_append_new(pending, f);
}

static void offboarding(json_t *lin, const struct owner *ow, json_t *pending)
{
	const char *id = nhi_get_str(lin, "id");
	json_t *o = ow->obj, *creds, *f, *ev;
	struct nhi_buf msg = NHI_BUF_INIT;
	int any_static;

	creds = active_credentials(lin, &any_static);
	if (ow->orphaned) {
		nhi_buf_adds(&msg, "orphaned: ");
		if (ow->gone[0] || ow->gone[1]) {
			if (ow->gone[0] == ow->gone[1])
				nhi_buf_addf(&msg, "provisioner and accountable %s (%s)",
					     ow->gone[0]->id, person_status(ow->gone[0]));
			else
				for (int i = 0; i < 2; i++)
					if (ow->gone[i])
						nhi_buf_addf(&msg, "%s%s %s (%s)",
							     i && ow->gone[0] ? ", " : "",
							     i ? "accountable" : "provisioner",
							     ow->gone[i]->id, person_status(ow->gone[i]));
		} else {
			nhi_buf_adds(&msg, "its owning team no longer exists");
		}
		if (nhi_get_str(o, "route_to"))
			nhi_buf_addf(&msg, "; route to %s", nhi_get_str(o, "route_to"));
		f = nhi_finding_new("orphaned-identity", reach_severity(lin), "NHI1", id, msg.buf);
	} else if ((ow->gone[0] || ow->gone[1]) && json_array_size(creds)) {
		const struct nhi_person *g = ow->gone[0] ? ow->gone[0] : ow->gone[1];

		nhi_buf_addf(&msg, "%zu active credential%s of %s, who is %s",
			     json_array_size(creds), json_array_size(creds) == 1 ? "" : "s",
			     g->id, person_status(g));
		f = nhi_finding_new("departed-owner-credential",
				    any_static ? NHI_SEV_HIGH : NHI_SEV_MEDIUM, "NHI1", id, msg.buf);
	} else if (!strcmp(nhi_get_str(o, "status"), "unowned")) {
		f = nhi_finding_new("unowned-identity",
				    reach_severity(lin) == NHI_SEV_CRITICAL ? NHI_SEV_MEDIUM : NHI_SEV_LOW,
				    "NHI1", id, "no ownership signal at all: no owner is guessed");
	} else {
		json_decref(creds);
		return;
	}
	ev = json_object_get(f, "evidence");
	for (int i = 0; i < 2; i++) {
		const struct nhi_person *g = ow->gone[i];

		if (!g || (i && ow->gone[0] == g))
			continue;
		json_t *e = json_pack("{s:s,s:s,s:s}", "role", i ? "accountable" : "provisioner",
				      "person", g->id, "status", person_status(g));
		if (g->left && g->left <= now)
			nhi_set_time(e, "left", g->left);
		json_array_append_new(ev, e);
	}
	if (ow->team_gone)
		json_array_append_new(ev, json_pack("{s:s}", "team_gone",
			nhi_get_path_str(o, "consumer.team") ? nhi_get_path_str(o, "consumer.team")
			: nhi_get_path_str(o, "team.team") ? nhi_get_path_str(o, "team.team")
			: nhi_get_path_str(o, "accountable.team") ? nhi_get_path_str(o, "accountable.team")
			: "(unknown)"));
	if (json_array_size(creds))
		json_array_append_new(ev, json_pack("{s:O}", "active_credentials", creds));
	if (nhi_get_path_str(lin, "reach.summary"))
		json_array_append_new(ev, json_pack("{s:s}", "reach", nhi_get_path_str(lin, "reach.summary")));
	if (nhi_get_str(o, "route_to"))
		json_array_append_new(ev, json_pack("{s:s,s:s}", "route_to", nhi_get_str(o, "route_to"),
						     "route_reason", nhi_get_str(o, "route_reason")));
	json_decref(creds);
	nhi_buf_release(&msg);
	add_finding(lin, pending, f);
}

static int human_identity(const json_t *lin)
{
	const char *type = nhi_get_str(lin, "type"), *arn = nhi_get_str(lin, "arn");
	const char *id = nhi_get_str(lin, "id");

	/* IAM Identity Center's permission-set roles are for people. */
	if (strstr(id, "role/aws-reserved/sso.amazonaws.com/") ||
	    strstr(id, ":role/AWSReservedSSO_"))
		return 1;
	return type && !strcmp(type, "iam_user") &&
	       (nhi_people_find(people, nhi_get_str(lin, "id")) ||
		(arn && nhi_people_find(people, arn)));
}

static void human_use_of(json_t *lin, json_t *pending)
{
	const char *keys[4];
	json_t *all = json_array(), *f;
	long long count = 0;
	const char *sev = "info";
	struct nhi_buf msg = NHI_BUF_INIT;

	if (human_identity(lin))
		goto out;
	identity_keys(lin, keys);
	for (int k = 0; k < 3; k++) {
		json_t *u = keys[k] ? json_object_get(human_use, keys[k]) : NULL, *s, *v;
		const char *name;
		size_t i;

		if (!u || (k && keys[0] && !strcmp(keys[k], keys[0])))
			continue;
		/* Session names, judged now that every person is known. */
		s = json_object_get(u, "sessions");
		const char **names = xcalloc(json_object_size(s) + 1, sizeof(*names));
		size_t n = 0;

		json_object_foreach(s, name, v)
			names[n++] = name;
		qsort(names, n, sizeof(*names), cmp_str);
		for (i = 0; i < n; i++)
			if (looks_human_session(names[i]))
				use_note(u, json_object_get(s, names[i]), "human session name", "high");
		free(names);
		json_array_foreach(json_object_get(u, "evidence"), i, v)
			if (json_array_size(all) < MAX_USE_EVIDENCE)
				json_array_append(all, v);
		count += json_integer_value(json_object_get(u, "count"));
		if (sev_rank(nhi_get_str(u, "severity")) > sev_rank(sev))
			sev = nhi_get_str(u, "severity");
		json_object_clear(s);
	}
	if (!count)
		goto out;
	nhi_buf_addf(&msg, "%lld call%s by a person: %s", count, count == 1 ? "" : "s",
		     nhi_get_str(json_array_get(all, 0), "why"));
	f = nhi_finding_new("human-use-of-nhi", (enum nhi_severity)nhi_severity_parse(sev), "NHI10",
			    nhi_get_str(lin, "id"), msg.buf);
	json_array_extend(json_object_get(f, "evidence"), all);
	add_finding(lin, pending, f);
out:
	json_decref(all);
	nhi_buf_release(&msg);
}


/* canonical: the sorted compact dumps of the "document" (or whole
 * element) of each element of a list, for comparing two identities. */
static void canonical(const json_t *list, struct nhi_buf *out)
{
	size_t n = json_array_size(list), i;
	char **docs = xcalloc(n + 1, sizeof(*docs));
	json_t *e;

	json_array_foreach(list, i, e) {
		json_t *d = json_object_get(e, "document");

		docs[i] = json_dumps(d ? d : e, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		if (!docs[i])
			docs[i] = xstrdup("");
	}
	qsort(docs, n, sizeof(*docs), cmp_str);
	for (i = 0; i < n; i++) {
		nhi_buf_adds(out, docs[i]);
		nhi_buf_addch(out, '\n');
		free(docs[i]);
	}
	free(docs);
}

static void group_add(json_t *groups, const char *key, size_t i, const char *why)
{
	json_t *g = json_object_get(groups, key);

	if (!g) {
		g = json_pack("{s:s,s:[]}", "why", why, "members");
		json_object_set_new(groups, key, g);
	}
	json_array_append_new(json_object_get(g, "members"), json_integer((json_int_t)i));
}

static int sibling_cmp(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	int c = strcmp(nhi_get_str(a, "id"), nhi_get_str(b, "id"));

	return c ? c : strcmp(nhi_get_str(a, "why"), nhi_get_str(b, "why"));
}

/* module_of: the module of a Terraform resource address, without
 * instance keys ("module.svc[\"a\"].aws_iam_role.this" is module.svc), or
 * NULL when the resource is in the root module. New string. */
static char *module_of(const char *address)
{
	struct nhi_buf b = NHI_BUF_INIT;
	const char *s, *last = NULL, *prev = NULL;
	int depth = 0;

	if (!address || strncmp(address, "module.", 7))
		return NULL;
	/* The resource is the last two dot-separated parts outside []. */
	for (s = address; *s; s++) {
		if (*s == '[')
			depth++;
		else if (*s == ']' && depth)
			depth--;
		else if (*s == '.' && !depth) {
			prev = last;
			last = s;
		}
	}
	if (!prev || prev == address + 6)
		return NULL;
	depth = 0;
	for (s = address; s < prev; s++) {
		if (*s == '[')
			depth++;
		else if (*s == ']' && depth)
			depth--;
		else if (!depth)
			nhi_buf_addch(&b, *s);
	}
	return nhi_buf_detach(&b, NULL);
}

/* link_siblings: identities cut from one IaC module, or with the same
 * policies and trust created on the same day, are clones of each other. */
static void link_siblings(void)
{
	json_t *groups = json_object(), *lin, *g, *sib = json_array();
	struct nhi_buf key = NHI_BUF_INIT, why = NHI_BUF_INIT;
	const char *k;
	size_t i, n = json_array_size(lineages);

	for (i = 0; i < n; i++)
		json_array_append_new(sib, json_array());
	json_array_foreach(lineages, i, lin) {
		const char *module = nhi_get_path_str(lin, "origin.module");
		char *from_address = module ? NULL
					     : module_of(nhi_get_path_str(lin, "origin.address"));

		if (from_address)
			module = from_address;
		const char *created = nhi_get_str(lin, "created");
		json_t *pol = json_object_get(lin, "policies");

		if (module) {
			const char *repo = nhi_get_path_str(lin, "origin.repo");

			nhi_buf_reset(&key);
			nhi_buf_reset(&why);
			nhi_buf_addf(&key, "module\x1f%s\x1f%s", repo ? repo : "", module);
			nhi_buf_addf(&why, "same IaC module %s%s%s", repo ? repo : "",
				     repo ? ":" : "", module);
			group_add(groups, key.buf, i, why.buf);
		}
		free(from_address);
		if (json_array_size(pol) && created && strlen(created) >= 10) {
			nhi_buf_reset(&key);
			nhi_buf_reset(&why);
			nhi_buf_addf(&key, "policy\x1f%s\x1f%.10s\x1f",
				     nhi_get_str(lin, "system") ? nhi_get_str(lin, "system") : "",
				     created);
			canonical(pol, &key);
			nhi_buf_addch(&key, '\x1f');
			canonical(json_object_get(lin, "trust"), &key);
			nhi_buf_addf(&why, "same policies and trust, created %.10s", created);
			group_add(groups, key.buf, i, why.buf);
		}
	}
	json_object_foreach(groups, k, g) {
		json_t *m = json_object_get(g, "members"), *a, *b;
		size_t x, y;

		if (json_array_size(m) < 2)
			continue;
		if (json_array_size(m) > MAX_SIBLINGS + 1)
			nhi_warn("%zu identities share %s; each lists only %d of them as siblings",
				 json_array_size(m), nhi_get_str(g, "why"), MAX_SIBLINGS);
		json_array_foreach(m, x, a) {
			size_t listed = 0;

			json_array_foreach(m, y, b) {
				const char *bid = nhi_get_str(json_array_get(lineages,
					(size_t)json_integer_value(b)), "id");

				if (x == y || !bid)
					continue;
				if (++listed > MAX_SIBLINGS)
					break;
				json_array_append_new(json_array_get(sib, (size_t)json_integer_value(a)),
						      json_pack("{s:s,s:O}", "id", bid, "why",
								json_object_get(g, "why")));
			}
		}
	}
	json_array_foreach(lineages, i, lin) {
		json_t *s = json_array_get(sib, i);
		size_t m = json_array_size(s);
		json_t **v, *sorted;

		/* Siblings from an earlier pass are worked out afresh. */
		if (!m) {
			json_object_del(lin, "siblings");
			continue;
		}
		v = xcalloc(m, sizeof(*v));
		for (size_t j = 0; j < m; j++)
			v[j] = json_array_get(s, j);
		qsort(v, m, sizeof(*v), sibling_cmp);
		sorted = json_array();
		for (size_t j = 0; j < m; j++) {
			json_t *last = json_array_get(sorted, json_array_size(sorted) - 1);

			/* One entry per sibling, with every reason. */
			if (j && !strcmp(nhi_get_str(last, "id"), nhi_get_str(v[j], "id"))) {
				json_array_append(json_object_get(last, "why"),
						  json_object_get(v[j], "why"));
				continue;
			}
			json_array_append_new(sorted, json_pack("{s:O,s:[O]}", "id",
				json_object_get(v[j], "id"), "why", json_object_get(v[j], "why")));
		}
		free(v);
		json_object_set_new(lin, "siblings", sorted);
	}
	json_decref(groups);
	json_decref(sib);
	nhi_buf_release(&key);
	nhi_buf_release(&why);
}

static void role_if(json_t *roles, const json_t *o, const char *path, const char *role,
		    const char *who)
{
	const char *p = nhi_get_path_str(o, path);
	size_t i;
	json_t *v;

	if (!p || strcmp(p, who))
		return;
	json_array_foreach(roles, i, v)
		if (!strcmp(json_string_value(v), role))
			return;
	json_array_append_new(roles, json_string(role));
}

/* sweep: what the leaver leaves behind in this identity, if anything. */
static json_t *sweep(const json_t *lin, const struct owner *ow, const struct nhi_person *who)
{
	json_t *o = ow->obj, *roles = json_array(), *rec, *c, *storage, *creds;
	struct nhi_buf why = NHI_BUF_INIT;
	const struct nhi_person *to = NULL, *acc;
	const char *reason = NULL;
	size_t i;
	int any_static;

	role_if(roles, o, "provisioner.person", "provisioner", who->id);
	role_if(roles, o, "accountable.person", "accountable", who->id);
	role_if(roles, o, "consumer.person", "consumer", who->id);
	json_array_foreach(json_object_get(o, "candidates"), i, c) {
		struct nhi_buf r = NHI_BUF_INIT;

		const char *won;

		nhi_buf_addf(&r, "%s.person", nhi_get_str(c, "role"));
		won = nhi_get_path_str(o, r.buf);
		nhi_buf_reset(&r);
		nhi_buf_addf(&r, "candidate %s", nhi_get_str(c, "role"));
		/* A candidate who won the role is already listed. */
		if (!won || strcmp(won, who->id))
			role_if(roles, c, "person", r.buf, who->id);
		nhi_buf_release(&r);
	}
	if (!json_array_size(roles)) {
		json_decref(roles);
		return NULL;
	}
	rec = nhi_record_new("sweep");
	nhi_set_str(rec, "person", who->id);
	nhi_set_str(rec, "identity", nhi_get_str(lin, "id"));
	nhi_set_str(rec, "system", nhi_get_str(lin, "system"));
	nhi_set_str(rec, "type", nhi_get_str(lin, "type"));
	nhi_set_str(rec, "name", nhi_get_str(lin, "name"));
	nhi_set_str(rec, "account", nhi_get_str(lin, "account"));
	json_object_set_new(rec, "roles", roles);
	nhi_set_str(rec, "status", nhi_get_str(o, "status"));
	storage = json_array();
	json_array_foreach(json_object_get(lin, "storage"), i, c) {
		json_t *loc = json_object_get(c, "location");

		json_array_append(storage, loc ? loc : c);
	}
	json_object_set_new(rec, "storage", storage);
	creds = active_credentials(lin, &any_static);
	json_object_set_new(rec, "active_credentials", creds);
	nhi_set_str(rec, "reach", nhi_get_path_str(lin, "reach.summary"));
	if (json_object_get(lin, "blast_radius"))
		json_object_set(rec, "blast_radius", json_object_get(lin, "blast_radius"));
	/* Who takes it over: the orphan's route, else its accountable owner
	 * when that is someone else still here, else the leaver's manager. */
	if (nhi_get_str(o, "route_to")) {
		to = nhi_people_find(people, nhi_get_str(o, "route_to"));
		reason = nhi_get_str(o, "route_reason");
	} else if ((acc = nhi_people_find(people, nhi_get_path_str(o, "accountable.person") ?
				       nhi_get_path_str(o, "accountable.person") : "")) &&
		   acc != who && nhi_person_active(acc, now)) {
		to = acc;
		reason = "accountable owner";
	} else {
		to = nhi_people_route(people, who, now, &why);
		reason = why.buf;
	}
	if (to)
		nhi_set_str(rec, "route_to", to->id);
	nhi_set_str(rec, "route_reason", reason);
	nhi_buf_release(&why);
	return rec;
}

/* alias_human_users: an IAM user tagged with a person's email is that
 * person signing in, so its ARN names them in CloudTrail signals. */
static void alias_human_users(void)
{
	const char *id, *k;
	json_t *rec, *v;

	json_object_foreach(identities, id, rec) {
		const char *type = nhi_get_str(rec, "type");

		if (!type || strcmp(type, "iam_user"))
			continue;
		json_object_foreach(json_object_get(rec, "tags"), k, v) {
			const struct nhi_person *w;

			if (strcasecmp(k, "email") || !json_is_string(v) ||
			    !(w = nhi_people_find(people, json_string_value(v))))
				continue;
			nhi_people_alias(people, id, w->id);
			if (nhi_get_str(rec, "arn"))
				nhi_people_alias(people, nhi_get_str(rec, "arn"), w->id);
			if (!strncmp(id, "aws:", 4))
				nhi_people_alias(people, id + 4, w->id);
		}
	}
}

/* forget_own_findings: a lineage record that went through here before
 * gets its findings afresh, not twice. */
static void forget_own_findings(json_t *lin)
{
	static const char *const ours[] = { "orphaned-identity", "departed-owner-credential",
					    "unowned-identity", "human-use-of-nhi" };
	json_t *list = json_object_get(lin, "findings");

	for (size_t i = json_array_size(list); i-- > 0;) {
		const char *rule = nhi_get_str(json_array_get(list, i), "rule");

		for (size_t k = 0; rule && k < ARRAY_SIZE(ours); k++)
			if (!strcmp(rule, ours[k])) {
				json_array_remove(list, i);
				break;
			}
	}
}

static void finish(void)
{
	const struct nhi_person *who = NULL;
	json_t *lin, *sweeps = json_array();
	size_t i;

	nhi_people_settle(people);
	alias_human_users();
	if (left_name) {
		if (!(who = nhi_people_find(people, left_name)))
			nhi_warn("--left: no person is known as '%s'", left_name);
		else
			nhi_people_depart(people, who->id, now);
	}
	link_siblings();
	json_array_foreach(lineages, i, lin) {
		struct owner ow;
		json_t *pending = json_array(), *f, *s;
		size_t j;

		forget_own_findings(lin);
		attribute(lin, &ow);
		json_object_set_new(lin, "owner", ow.obj);
		offboarding(lin, &ow, pending);
		human_use_of(lin, pending);
		nhi_emit(lin);
		json_array_foreach(pending, j, f)
			nhi_emit(f);
		json_decref(pending);
		if (who && (s = sweep(lin, &ow, who)))
			json_array_append_new(sweeps, s);
	}
	json_array_foreach(sweeps, i, lin)
		nhi_emit(lin);
	json_decref(sweeps);
}

static const char *const signal_roles[] = {
	"provisioner", "consumer", "accountable", "modifier", "codeowner", NULL
};

/* take: keep what a consumed record says; NULL, or why it is rejected. */
static const char *take(json_t *rec, const char *kind)
{
	const char *id = nhi_get_str(rec, "id");

	if (!strcmp(kind, "lineage")) {
		if (!id || !*id)
			return "lineage record has no \"id\"";
		json_array_append(lineages, rec);
		name_note("lineage", nhi_get_str(rec, "name"));
	} else if (!strcmp(kind, "person")) {
		return nhi_people_add_person(people, rec);
	} else if (!strcmp(kind, "team")) {
		return nhi_people_add_team(people, rec);
	} else if (!strcmp(kind, "signal")) {
		const char *subject = nhi_get_str(rec, "subject"), *role = nhi_get_str(rec, "role");
		json_t *w = json_object_get(rec, "weight");
		size_t r, n = json_array_size(signals);

		if (!subject || !*subject)
			return "signal record has no \"subject\"";
		if (!nhi_get_str(rec, "person") || !*nhi_get_str(rec, "person"))
			return "signal record has no \"person\"";
		for (r = 0; role && signal_roles[r] && strcmp(signal_roles[r], role); r++)
			;
		if (!role || !signal_roles[r])
			return "signal \"role\" is not provisioner, consumer, accountable, modifier or codeowner";
		if (w && (!json_is_number(w) || json_number_value(w) < 0 || json_number_value(w) > 1))
			return "signal \"weight\" is not a number from 0 to 1";
		json_array_append(signals, rec);
		if (!strncmp(subject, "repo:", 5)) {
			const char *colon = strchr(subject + 5, ':');
			const char *key = repo_key(subject + 5, colon ? (size_t)(colon - subject - 5)
								     : strlen(subject + 5));
			json_t *idx = json_object_get(repo_sigs, key);

			if (!idx) {
				idx = json_array();
				json_object_set_new(repo_sigs, key, idx);
			}
			json_array_append_new(idx, json_integer((json_int_t)n));
		} else {
			json_t *idx = json_object_get(by_subject, subject);

			if (!idx) {
				idx = json_array();
				json_object_set_new(by_subject, subject, idx);
			}
			json_array_append_new(idx, json_integer((json_int_t)n));
		}
	} else if (!strcmp(kind, "event")) {
		if (!nhi_get_str(rec, "identity") || !*nhi_get_str(rec, "identity"))
			return "event record has no \"identity\"";
		note_event(rec);
	} else if (!strcmp(kind, "identity") || !strcmp(kind, "workload")) {
		if (!id || !*id)
			return !strcmp(kind, "identity") ? "identity record has no \"id\""
							 : "workload record has no \"id\"";
		json_object_set(!strcmp(kind, "identity") ? identities : workloads, id, rec);
		if (!strcmp(kind, "workload"))
			name_note("workload", nhi_get_str(rec, "name"));
	}
	return NULL;
}

enum { OPT_LEFT = NHI_OPT_PROGRAM, OPT_HUMAN_NET };

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "left", required_argument, NULL, OPT_LEFT },
		{ "human-net", required_argument, NULL, OPT_HUMAN_NET },
		{ 0 }
	};
	static const char *const consumed[] = {
		"lineage", "person", "team", "signal", "event", "identity", "workload", NULL
	};
	struct nhi_reader *r;
	struct nhi_line line;
	const char *why;
	int c;

	nhi_diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LEFT:
			left_name = optarg;
			break;
		case OPT_HUMAN_NET:
			human_nets = xreallocarray(human_nets, nhuman_nets + 1, sizeof(*human_nets));
			if ((why = net_parse(optarg, &human_nets[nhuman_nets])))
				nhi_usage_error(usage, "--human-net: %s: '%s'", why, optarg);
			nhuman_nets++;
			break;
		default:
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	nhi_common_start();
	check_owners();
	now = nhi_opts.now;
	people = nhi_people_new();
	signals = json_array();
	by_subject = json_object();
	repo_sigs = json_object();
	identities = json_object();
	workloads = json_object();
	human_use = json_object();
	lineages = json_array();
	name_count = json_object();

	r = nhi_reader_open(argc - optind, argv + optind);
	while (nhi_reader_next(r, &line)) {
		int k = nhi_line_kind_in(&line, consumed);
		json_t *rec;
		const char *kind;
		size_t i;

		if (k == 0) {
			nhi_emit_line(&line);
			continue;
		}
		if (!(rec = nhi_reader_parse(r, &line)))
			continue;
		kind = nhi_get_str(rec, "kind");
		for (i = 0; consumed[i] && strcmp(consumed[i], kind); i++)
			;
		if (!consumed[i])
			nhi_emit_line(&line);
		else if ((why = take(rec, kind)))
			nhi_reader_reject(r, &line, "%s", why);
		else if (strcmp(kind, "lineage"))
			nhi_emit_line(&line);
		json_decref(rec);
	}
	finish();
	nhi_reader_close(r);
	nhi_people_free(people);
	json_decref(signals);
	json_decref(by_subject);
	json_decref(repo_sigs);
	json_decref(identities);
	json_decref(workloads);
	json_decref(human_use);
	json_decref(lineages);
	json_decref(name_count);
	free(human_nets);
	return nhi_exit();
}
