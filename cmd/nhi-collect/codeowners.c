/* codeowners.c: the "codeowners" source.  A CODEOWNERS file (GitHub's, and
 * GitLab's [Section] form) becomes one signal per (pattern, owner), with
 * the rule's place in the file so that a reader can apply "the last
 * matching pattern wins", and one team record per @org/team named. */
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

#define CODEOWNERS_WEIGHT 0.5 /* a declaration of reviewers, not an observed act */

static const char *repo;

/* owner_ref: the person field for an owner token; NULL when it is none. */
static int owner_ref(struct nhi_buf *b, const char *tok, int *team)
{
	const char *slash;

	nhi_buf_reset(b);
	*team = 0;
	if (tok[0] == '@' && tok[1]) {
		slash = strchr(tok, '/');
		if (slash && slash[1] && !strchr(slash + 1, '/')) {
			nhi_buf_adds(b, "team:");
			for (const char *s = tok + 1; *s; s++)
				nhi_buf_addch(b, tolower((unsigned char)*s));
			*team = 1;
		} else if (!slash) {
			nhi_buf_adds(b, tok);
		} else {
			return 0;
		}
		return 1;
	}
	if (strchr(tok, '@') && tok[0] != '@' && strchr(strchr(tok, '@'), '.')) {
		nhi_buf_adds(b, "person:");
		for (const char *s = tok; *s; s++)
			nhi_buf_addch(b, tolower((unsigned char)*s));
		return 1;
	}
	return 0;
}

struct rule {
	char *pattern;
	json_t *owners; /* raw tokens */
	unsigned long line;
};

static void read_file(const char *name, const char *buf, size_t len, void *ctx)
{
	struct rule *rules = NULL;
	size_t nrules = 0, arules = 0, pos = 0;
	unsigned long line = 0;
	json_t *teams = json_object(), *defaults = json_array(), *tok;
	struct nhi_buf b = NHI_BUF_INIT, ev = NHI_BUF_INIT;

	(void)ctx;
	while (pos < len) {
		size_t end = pos, n;
		char *l, *s, *p;
		json_t *toks = json_array();

		while (end < len && buf[end] != '\n')
			end++;
		line++;
		n = end - pos;
		l = xmemdupz(buf + pos, n);
		pos = end + 1;
		if (memchr(l, '\0', n)) {
			collect_reject(name, line, "NUL byte");
			goto next;
		}
		/* Split on blanks; "\ " and "\#" escape; an unescaped # starts a comment. */
		for (s = l; *s;) {
			struct nhi_buf t = NHI_BUF_INIT;

			while (*s && isspace((unsigned char)*s))
				s++;
			if (!*s || *s == '#')
				break;
			for (p = s; *p && !isspace((unsigned char)*p); p++) {
				if (*p == '\\' && p[1]) {
					p++;
					nhi_buf_addch(&t, *p);
				} else {
					nhi_buf_addch(&t, *p);
				}
			}
			tok = json_string(t.buf); /* NULL for invalid UTF-8 */
			json_array_append_new(toks, tok ? tok : json_string("?"));
			nhi_buf_release(&t);
			s = p;
		}
		if (!json_array_size(toks))
			goto next;
		{
			const char *first = json_string_value(json_array_get(toks, 0));

			/* GitLab: [Section] or ^[Optional section][N] @default owners */
			if (first[0] == '[' || (first[0] == '^' && first[1] == '[')) {
				size_t i;

				json_array_clear(defaults);
				for (i = 1; i < json_array_size(toks); i++) {
					const char *o = json_string_value(json_array_get(toks, i));

					if (o[0] != '[')
						json_array_append(defaults, json_array_get(toks, i));
				}
				goto next;
			}
		}
		if (nrules == arules) {
			arules = arules ? 2 * arules : 64;
			rules = xreallocarray(rules, arules, sizeof(*rules));
		}
		rules[nrules].pattern = xstrdup(json_string_value(json_array_get(toks, 0)));
		json_array_remove(toks, 0);
		if (!json_array_size(toks))
			json_array_extend(toks, defaults);
		rules[nrules].owners = json_incref(toks);
		rules[nrules].line = line;
		nrules++;
next:
		json_decref(toks);
		free(l);
	}
	for (size_t i = 0; i < nrules; i++) {
		size_t k;
		int later = 0;

		/* The same pattern later in the file replaces this one outright. */
		for (size_t j = i + 1; j < nrules && !later; j++)
			later = !strcmp(rules[i].pattern, rules[j].pattern);
		json_array_foreach(rules[i].owners, k, tok) {
			const char *o = json_string_value(tok);
			int team;
			json_t *rec;

			if (!owner_ref(&b, o, &team)) {
				collect_reject(name, rules[i].line, "'%s' is not an owner (@user, @org/team or an email address)", o);
				continue;
			}
			if (later)
				continue;
			if (team && !json_object_get(teams, b.buf)) {
				json_t *t = nhi_record_new("team");

				nhi_set_str(t, "id", b.buf);
				nhi_set_str(t, "name", o);
				nhi_set_source(t, "codeowners", name, rules[i].line, NULL);
				json_object_set_new(teams, b.buf, t);
			}
			rec = nhi_record_new("signal");
			nhi_buf_reset(&ev);
			nhi_buf_addf(&ev, "repo:%s:%s", repo, rules[i].pattern);
			nhi_set_str(rec, "subject", ev.buf);
			nhi_set_str(rec, "person", b.buf);
			nhi_set_str(rec, "role", "codeowner");
			nhi_buf_reset(&ev);
			nhi_buf_addf(&ev, "CODEOWNERS rule %zu: %s owned by %s", i + 1, rules[i].pattern, o);
			nhi_set_str(rec, "evidence", ev.buf);
			json_object_set_new(rec, "weight", json_real(CODEOWNERS_WEIGHT));
			nhi_set_int(rec, "rule", (long long)i + 1);
			nhi_set_source(rec, "codeowners", name, rules[i].line, NULL);
			nhi_emit_steal(rec);
		}
	}
	{
		const char *key;
		json_t *t;

		json_object_foreach(teams, key, t)
			nhi_emit(t);
	}
	for (size_t i = 0; i < nrules; i++) {
		free(rules[i].pattern);
		json_decref(rules[i].owners);
	}
	free(rules);
	json_decref(teams);
	json_decref(defaults);
	nhi_buf_release(&b);
	nhi_buf_release(&ev);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect codeowners --repo OWNER/REPO [OPTION...] [FILE...]\n\n"
		   "Options:\n"
		   "      --repo OWNER/REPO the repository the file belongs to\n"
		   NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_codeowners(int argc, char **argv)
{
	enum { OPT_REPO = NHI_OPT_PROGRAM };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "repo", required_argument, NULL, OPT_REPO },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_REPO) {
			const char *sl = strchr(optarg, '/');

			if (!sl || sl == optarg || !sl[1] || strchr(optarg, ':') || strchr(optarg, ' '))
				nhi_usage_error(usage, "--repo: not OWNER/REPO: '%s'", optarg);
			repo = optarg;
		} else {
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (!repo)
		nhi_usage_error(usage, "codeowners needs --repo OWNER/REPO");
	nhi_common_start();
	collect_each_file(argc - optind, argv + optind, NULL, read_file, NULL);
	return 0;
}
