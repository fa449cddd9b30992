/* gha.c: editing a GitHub Actions workflow by lines, guided by the YAML
 * parser's positions, so that everything not changed stays byte for byte
 * (comments, quoting, order) and the diff is the smallest honest one. */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate.h"
#include "record.h"
#include "xalloc.h"
#include "yamldoc.h"
#include "banned.h"

struct text {
	char **line; /* each with its newline, if it had one */
	char **after; /* text inserted after each line (NULL: none) */
	char **before;
	size_t n;
};

static void split(struct text *t, const char *s, size_t len)
{
	size_t alloc = 16;

	t->line = xreallocarray(NULL, alloc, sizeof(char *));
	t->n = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - (s + i)) + 1 : len - i;

		if (t->n == alloc) {
			alloc *= 2;
			t->line = xreallocarray(t->line, alloc, sizeof(char *));
		}
		t->line[t->n++] = xmemdupz(s + i, l);
		i += l;
	}
	t->after = xcalloc(t->n + 1, sizeof(char *));
	t->before = xcalloc(t->n + 1, sizeof(char *));
}

static char *join(struct text *t)
{
	struct nhi_buf b = NHI_BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		if (t->before[i])
			nhi_buf_adds(&b, t->before[i]);
		if (t->line[i])
			nhi_buf_adds(&b, t->line[i]);
		if (t->after[i])
			nhi_buf_adds(&b, t->after[i]);
	}
	return nhi_buf_detach(&b, NULL);
}

static void release(struct text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->line[i]);
		free(t->after[i]);
		free(t->before[i]);
	}
	free(t->line);
	free(t->after);
	free(t->before);
}

/* line_of: the 0-based line where the node at pointer starts, or -1. */
static long line_of(json_t *lines, const char *pointer)
{
	json_t *pos = json_object_get(lines, pointer);

	return pos ? (long)json_integer_value(json_array_get(pos, 0)) - 1 : -1;
}

static size_t indent_of(const char *line)
{
	size_t n = 0;

	while (line[n] == ' ')
		n++;
	return n;
}

/* ptr: a JSON pointer from parts, escaped. */
static const char *ptr(struct nhi_buf *b, const char *fmt, ...) NHI_PRINTF(2, 3);
static const char *ptr(struct nhi_buf *b, const char *fmt, ...)
{
	va_list ap;

	nhi_buf_reset(b);
	va_start(ap, fmt);
	nhi_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return b->buf;
}

static int in_list(const char *s, const char *const *list)
{
	for (; list && *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

static void note(json_t *facts, const char *text)
{
	json_t *notes = json_object_get(facts, "notes");

	if (!notes) {
		notes = json_array();
		json_object_set_new(facts, "notes", notes);
	}
	json_array_append_new(notes, json_string(text));
}

static void add_text(char **slot, const char *s)
{
	struct nhi_buf b = NHI_BUF_INIT;

	if (*slot)
		nhi_buf_adds(&b, *slot);
	nhi_buf_adds(&b, s);
	free(*slot);
	*slot = nhi_buf_detach(&b, NULL);
}

static void kill_line(struct text *t, long i)
{
	if (i >= 0 && (size_t)i < t->n) {
		free(t->line[i]);
		t->line[i] = NULL;
	}
}

/* drop_env: delete env lines that carry secrets; whether any was. */
static int drop_env(struct text *t, json_t *env, json_t *lines, const char *base,
		    const struct gha_change *ch)
{
	struct nhi_buf p = NHI_BUF_INIT;
	const char *k;
	json_t *v;
	int any = 0;

	json_object_foreach(env, k, v) {
		if (!in_list(k, ch->env) || !json_is_string(v) ||
		    !strstr(json_string_value(v), "secrets."))
			continue;
		kill_line(t, line_of(lines, ptr(&p, "%s/%s", base, k)));
		any = 1;
	}
	nhi_buf_release(&p);
	return any;
}

static void facts_from(json_t *root, json_t *jobj, json_t *facts)
{
	json_t *on = json_object_get(root, "on"), *env = json_object_get(jobj, "environment");
	json_t *branches = NULL, *trig = json_array();
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_string(env))
		nhi_set_str(facts, "environment", json_string_value(env));
	else if (json_is_string(json_object_get(env, "name")))
		nhi_set_str(facts, "environment", nhi_get_str(env, "name"));
	if (json_is_string(on)) {
		json_array_append(trig, on);
	} else if (json_is_array(on)) {
		json_array_foreach(on, i, v)
			json_array_append(trig, v);
	} else if (json_is_object(on)) {
		json_object_foreach(on, k, v)
			json_array_append_new(trig, json_string(k));
		branches = nhi_get_path(on, "push.branches");
	}
	json_object_set_new(facts, "triggers", trig);
	if (json_is_array(branches) && json_is_string(json_array_get(branches, 0)) &&
	    !strpbrk(json_string_value(json_array_get(branches, 0)), "*?[!"))
		nhi_set_str(facts, "branch", json_string_value(json_array_get(branches, 0)));
}

static const char *region_env(json_t *root, json_t *jobj)
{
	static const char *const names[] = { "AWS_REGION", "AWS_DEFAULT_REGION" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (json_object_get(json_object_get(jobj, "env"), names[i]) ||
		    json_object_get(json_object_get(root, "env"), names[i]))
			return names[i];
	return NULL;
}

char *gha_rewrite(const char *name, const char *text, size_t len, const char *job,
		  const struct gha_change *ch, json_t *facts, char *why, size_t whylen)
{
	struct nhi_yaml_error err;
	struct nhi_buf p = NHI_BUF_INIT, ins = NHI_BUF_INIT;
	json_t *lines = NULL, *docs = nhi_yaml_load(text, len, &lines, &err);
	json_t *root, *jobj, *steps, *s, *perms, *with = NULL;
	struct text t = { 0 };
	long auth_step = -1, jline, first_step;
	size_t i, ind;
	char *out = NULL;
	int removed = 0;

	if (!docs) {
		snprintf(why, whylen, "%s:%lu: invalid YAML: %s", name, err.line, err.text);
		return NULL;
	}
	root = json_array_get(docs, 0);
	jobj = nhi_get_path(root, "jobs");
	jobj = json_object_get(jobj, job);
	if (!json_is_object(jobj)) {
		snprintf(why, whylen, "%s: no job '%s'", name, job);
		goto done;
	}
	facts_from(root, jobj, facts);
	split(&t, text, len);
	steps = json_object_get(jobj, "steps");
	json_array_foreach(steps, i, s) {
		const char *uses = nhi_get_str(s, "uses");

		if (uses && !strncmp(uses, ch->action, strlen(ch->action))) {
			auth_step = (long)i;
			break;
		}
	}
	/* The action's static inputs become its federated ones, in place. */
	if (auth_step >= 0 && (with = json_object_get(json_array_get(steps, (size_t)auth_step), "with"))) {
		long first = -1;
		const char *k;
		json_t *v;

		json_object_foreach(with, k, v) {
			long l;

			if (!in_list(k, ch->remove))
				continue;
			l = line_of(lines, ptr(&p, "/0/jobs/%s/steps/%ld/with/%s", job, auth_step, k));
			if (l < 0)
				continue;
			if (first < 0 || l < first)
				first = l;
			kill_line(&t, l);
			removed = 1;
		}
		if (first >= 0) {
			/* Indentation: that of the removed input's own line. */
			{
				const char *orig = NULL;
				size_t at = 0;

				for (long l = 0; l <= first; l++) {
					const char *nl = strchr(text + at, '\n');
					if (l == first)
						orig = text + at;
					at = nl ? (size_t)(nl - text) + 1 : strlen(text);
				}
				ind = orig ? indent_of(orig) : 0;
			}
			nhi_buf_reset(&ins);
			for (const char *const *a = ch->add; *a; a++)
				nhi_buf_addf(&ins, "%*s%s\n", (int)ind, "", *a);
			add_text(&t.before[first], ins.buf);
		}
	}
	/* Secrets handed over in env go too. */
	if (drop_env(&t, json_object_get(root, "env"), lines, "/0/env", ch)) {
		removed = 1;
		note(facts, "workflow-level env lines were removed: other jobs of this workflow that used them need the same change");
	}
	removed |= drop_env(&t, json_object_get(jobj, "env"), lines, ptr(&ins, "/0/jobs/%s/env", job), ch);
	json_array_foreach(steps, i, s) {
		struct nhi_buf base = NHI_BUF_INIT;

		nhi_buf_addf(&base, "/0/jobs/%s/steps/%zu/env", job, i);
		removed |= drop_env(&t, json_object_get(s, "env"), lines, base.buf, ch);
		nhi_buf_release(&base);
	}
	if (!removed && !(auth_step >= 0 && with)) {
		snprintf(why, whylen, "%s: job '%s' wires no static credential for %s", name, job, ch->action);
		goto done;
	}
	/* No auth step yet: one goes before the job's first step. */
	first_step = line_of(lines, ptr(&p, "/0/jobs/%s/steps/0", job));
	if (auth_step < 0 && ch->add_step && first_step >= 0) {
		size_t dash = indent_of(t.line[first_step] ? t.line[first_step] : "");

		nhi_buf_reset(&ins);
		nhi_buf_addf(&ins, "%*s- uses: %s\n%*swith:\n", (int)dash, "", ch->add_step == 2 ?
			     "aws-actions/configure-aws-credentials@v4" : ch->action, (int)dash + 2, "");
		for (const char *const *a = ch->add; *a; a++)
			nhi_buf_addf(&ins, "%*s%s\n", (int)dash + 4, "", *a);
		if (ch->add_step == 2) {
			/* configure-aws-credentials needs a region: the job's, if it has one. */
			if (region_env(root, jobj))
				nhi_buf_addf(&ins, "%*saws-region: ${{ env.%s }}\n", (int)dash + 4, "",
					     region_env(root, jobj));
			else
				note(facts, "no AWS region in the workflow: add aws-region to the inserted step");
		}
		add_text(&t.before[first_step], ins.buf);
	}
	/* The job may ask for an OIDC token. */
	perms = json_object_get(jobj, "permissions");
	jline = line_of(lines, ptr(&p, "/0/jobs/%s", job));
	if (json_is_object(perms)) {
		const char *idt = nhi_get_str(perms, "id-token");

		if (!idt || strcmp(idt, "write")) {
			long pl = line_of(lines, ptr(&p, "/0/jobs/%s/permissions", job));

			if (idt) {
				long il = line_of(lines, ptr(&p, "/0/jobs/%s/permissions/id-token", job));
				size_t n = il >= 0 && t.line[il] ? indent_of(t.line[il]) : 6;

				kill_line(&t, il);
				nhi_buf_reset(&ins);
				nhi_buf_addf(&ins, "%*sid-token: write\n", (int)n, "");
				add_text(&t.before[il], ins.buf);
			} else if (pl >= 0 && t.line[pl]) {
				nhi_buf_reset(&ins);
				nhi_buf_addf(&ins, "%*sid-token: write\n", (int)indent_of(t.line[pl]), "");
				add_text(&t.before[pl], ins.buf);
			}
		}
	} else if (json_is_string(perms)) {
		if (strcmp(json_string_value(perms), "write-all"))
			note(facts, "the job's permissions are a string; grant id-token: write by hand");
	} else if (jline >= 0 && t.line[jline]) {
		json_t *wf = json_object_get(root, "permissions");
		const char *k;
		json_t *v;

		ind = indent_of(t.line[jline]);
		nhi_buf_reset(&ins);
		nhi_buf_addf(&ins, "%*spermissions:\n", (int)ind, "");
		/* Job permissions replace the workflow's: keep what it granted. */
		if (json_is_object(wf)) {
			json_object_foreach(wf, k, v)
				if (strcmp(k, "id-token") && json_is_string(v))
					nhi_buf_addf(&ins, "%*s%s: %s\n", (int)ind + 2, "", k, json_string_value(v));
		} else {
			nhi_buf_addf(&ins, "%*scontents: read\n", (int)ind + 2, "");
		}
		nhi_buf_addf(&ins, "%*sid-token: write\n", (int)ind + 2, "");
		add_text(&t.before[jline], ins.buf);
	}
	out = join(&t);
done:
	if (t.line)
		release(&t);
	json_decref(docs);
	json_decref(lines);
	nhi_buf_release(&p);
	nhi_buf_release(&ins);
	return out;
}

int gha_uses_static(const char *text, size_t len, const char *job, const struct gha_change *ch)
{
	struct nhi_yaml_error err;
	json_t *docs = nhi_yaml_load(text, len, NULL, &err), *root, *jobj, *s, *v;
	const char *k;
	size_t i;
	int uses = 0;

	if (!docs)
		return -1;
	root = json_array_get(docs, 0);
	jobj = json_object_get(json_object_get(root, "jobs"), job);
	json_array_foreach(json_object_get(jobj, "steps"), i, s) {
		const char *u = nhi_get_str(s, "uses");

		if (u && !strncmp(u, ch->action, strlen(ch->action)))
			json_object_foreach(json_object_get(s, "with"), k, v)
				uses |= in_list(k, ch->remove);
		json_object_foreach(json_object_get(s, "env"), k, v)
			uses |= in_list(k, ch->env);
	}
	json_object_foreach(json_object_get(jobj, "env"), k, v)
		uses |= in_list(k, ch->env);
	json_object_foreach(json_object_get(root, "env"), k, v)
		uses |= in_list(k, ch->env);
	json_decref(docs);
	return uses;
}
