/* people-csv.c: the "people-csv" source.  An HR export as CSV (RFC 4180:
 * quoted fields, "" inside quotes, CRLF or LF, a byte-order mark) whose
 * header row names the columns: email, name, status, manager, team, left,
 * title, department (any case, any order, others ignored) becomes person
 * records, and a team record per team named. */
#include "compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect.h"
#include "diag.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

#define CSV_MAX_FIELDS 1000

enum col { C_EMAIL, C_NAME, C_STATUS, C_MANAGER, C_TEAM, C_LEFT, C_TITLE, C_DEPARTMENT, C_N };
static const char *const colnames[C_N][4] = {
	{ "email", "mail", "work email", "e-mail" },
	{ "name", "full name", "display name", "employee name" },
	{ "status", "employment status", "state", NULL },
	{ "manager", "manager email", "manager_email", "reports to" },
	{ "team", "group", NULL, NULL },
	{ "left", "termination date", "end date", "left_at" },
	{ "title", "job title", NULL, NULL },
	{ "department", "dept", NULL, NULL },
};

/* csv_row: the fields of the row starting at *pos, advanced past it, with
 * *line moved on by the newlines read; 0 at the end of the input. */
static int csv_row(const char *buf, size_t len, size_t *pos, unsigned long *line,
		   json_t *fields, int *bad)
{
	size_t i = *pos;
	struct nhi_buf f = NHI_BUF_INIT;

	json_array_clear(fields);
	*bad = 0;
	if (i >= len)
		return 0;
	for (;;) {
		int quoted = 0;

		nhi_buf_reset(&f);
		if (i < len && buf[i] == '"') {
			quoted = 1;
			for (i++; i < len; i++) {
				if (buf[i] == '"') {
					if (i + 1 < len && buf[i + 1] == '"') {
						nhi_buf_addch(&f, '"');
						i++;
						continue;
					}
					i++;
					break;
				}
				if (buf[i] == '\n')
					(*line)++;
				nhi_buf_addch(&f, buf[i]);
			}
		}
		while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r') {
			if (quoted)
				*bad = 1; /* text after a closing quote */
			nhi_buf_addch(&f, buf[i++]);
		}
		if (json_array_size(fields) < CSV_MAX_FIELDS) {
			json_t *v = json_stringn(f.buf, f.len); /* NULL for invalid UTF-8 */

			if (!v)
				*bad = 3;
			json_array_append_new(fields, v ? v : json_string(""));
		} else {
			*bad = 2;
		}
		if (i < len && buf[i] == ',') {
			i++;
			continue;
		}
		if (i < len && buf[i] == '\r')
			i++;
		if (i < len && buf[i] == '\n')
			i++;
		(*line)++;
		break;
	}
	*pos = i;
	nhi_buf_release(&f);
	return 1;
}

static const char *field(const json_t *row, const int *idx, enum col c)
{
	const char *s;

	if (idx[c] < 0)
		return NULL;
	s = json_string_value(json_array_get(row, (size_t)idx[c]));
	while (s && isspace((unsigned char)*s))
		s++;
	return s && *s ? s : NULL;
}

static const char *status_of(const char *s, int has_left)
{
	static const char *const active[] = { "active", "employed", "current", "a", "hired", "on", NULL };
	static const char *const suspended[] = { "suspended", "leave", "on leave", "leave of absence", "inactive", NULL };
	static const char *const departed[] = { "departed", "terminated", "left", "former", "offboarded", "deprovisioned", "t", "resigned", NULL };

	if (!s)
		return has_left ? "departed" : "active";
	for (int i = 0; active[i]; i++)
		if (!strcasecmp(s, active[i]))
			return "active";
	for (int i = 0; suspended[i]; i++)
		if (!strcasecmp(s, suspended[i]))
			return "suspended";
	for (int i = 0; departed[i]; i++)
		if (!strcasecmp(s, departed[i]))
			return "departed";
	return NULL;
}

static void lower_id(struct nhi_buf *b, const char *email)
{
	nhi_buf_reset(b);
	nhi_buf_adds(b, "person:");
	for (; *email && !isspace((unsigned char)*email); email++)
		nhi_buf_addch(b, tolower((unsigned char)*email));
}

struct people {
	json_t *persons;  /* [[record, manager text, file, line]] */
	json_t *by_name;  /* name -> person id, for managers named by name */
	json_t *teams;    /* team id -> team record */
};

static void read_csv(const char *name, const char *buf, size_t len, void *ctx)
{
	struct people *pp = ctx;
	json_t *row = json_array(), *v;
	int idx[C_N], bad;
	size_t pos = 0, i;
	unsigned long line = 1, start;
	struct nhi_buf b = NHI_BUF_INIT;

	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		pos = 3;
	for (int c = 0; c < C_N; c++)
		idx[c] = -1;
	if (!csv_row(buf, len, &pos, &line, row, &bad)) {
		collect_reject(name, 0, "empty file, no header row");
		goto out;
	}
	json_array_foreach(row, i, v) {
		for (int c = 0; c < C_N; c++)
			for (int k = 0; k < 4 && colnames[c][k]; k++)
				if (idx[c] < 0 && !strcasecmp(json_string_value(v), colnames[c][k]))
					idx[c] = (int)i;
	}
	if (idx[C_EMAIL] < 0) {
		collect_reject(name, 1, "no email column in the header row");
		goto out;
	}
	for (;;) {
		const char *email, *st, *left, *team;
		json_t *rec;

		start = line;
		if (!csv_row(buf, len, &pos, &line, row, &bad))
			break;
		if (json_array_size(row) == 1 && !json_string_length(json_array_get(row, 0)))
			continue; /* a blank line */
		if (bad) {
			if (bad == 2)
				collect_reject(name, start, "more than %d fields", CSV_MAX_FIELDS);
			else if (bad == 3)
				collect_reject(name, start, "invalid UTF-8");
			else
				collect_reject(name, start, "text after a closing quote");
			continue;
		}
		email = field(row, idx, C_EMAIL);
		if (!email || !strchr(email, '@')) {
			collect_reject(name, start, "no email address in column %d", idx[C_EMAIL] + 1);
			continue;
		}
		left = field(row, idx, C_LEFT);
		st = status_of(field(row, idx, C_STATUS), left != NULL);
		if (!st) {
			collect_reject(name, start, "unknown status '%s' (active, suspended, departed)",
				       field(row, idx, C_STATUS));
			continue;
		}
		rec = nhi_record_new("person");
		lower_id(&b, email);
		nhi_set_str(rec, "id", b.buf);
		nhi_set_str(rec, "email", email);
		nhi_set_str(rec, "name", field(row, idx, C_NAME));
		if (field(row, idx, C_NAME))
			json_object_set_new(pp->by_name, field(row, idx, C_NAME), json_string(b.buf));
		nhi_set_str(rec, "status", st);
		if (left && !nhi_time_normalize(left))
			collect_reject(name, start, "left: not a date: '%s'", left);
		else if (left)
			nhi_set_str(rec, "left", nhi_time_normalize(left));
		team = field(row, idx, C_TEAM);
		if (team) {
			struct nhi_buf t = NHI_BUF_INIT;
			json_t *tr;

			collect_team_slug(&t, team);
			nhi_set_str(rec, "team", t.buf);
			tr = json_object_get(pp->teams, t.buf);
			if (!tr) {
				tr = nhi_record_new("team");
				nhi_set_str(tr, "id", t.buf);
				nhi_set_str(tr, "name", team);
				json_object_set_new(tr, "members", json_array());
				nhi_set_source(tr, "people-csv", name, start, NULL);
				json_object_set_new(pp->teams, t.buf, tr);
			}
			json_array_append_new(json_object_get(tr, "members"), json_string(b.buf));
			nhi_buf_release(&t);
		}
		nhi_set_str(rec, "title", field(row, idx, C_TITLE));
		nhi_set_str(rec, "department", field(row, idx, C_DEPARTMENT));
		nhi_set_source(rec, "people-csv", name, start, NULL);
		json_array_append_new(pp->persons, json_pack("[o,s?,s,I]", rec,
					field(row, idx, C_MANAGER), name, (json_int_t)start));
	}
out:
	json_decref(row);
	nhi_buf_release(&b);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect people-csv [OPTION...] [FILE...]\n\n"
		   "Options:\n" NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_people_csv(int argc, char **argv)
{
	static const struct option longopts[] = { NHI_COMMON_LONGOPTS, { 0 } };
	struct people pp;
	struct nhi_buf b = NHI_BUF_INIT;
	const char *key;
	json_t *e, *t;
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
		nhi_common_option(c, optarg, argv, usage);
	nhi_common_start();
	pp.persons = json_array();
	pp.by_name = json_object();
	pp.teams = json_object();
	collect_each_file(argc - optind, argv + optind, NULL, read_csv, &pp);
	/* Managers may be named by a later row, by address or by name. */
	json_array_foreach(pp.persons, i, e) {
		json_t *rec = json_array_get(e, 0), *src;
		const char *m = json_string_value(json_array_get(e, 1));

		if (m && strchr(m, '@')) {
			lower_id(&b, m);
			nhi_set_str(rec, "manager", b.buf);
		} else if (m && json_object_get(pp.by_name, m)) {
			nhi_set_str(rec, "manager", json_string_value(json_object_get(pp.by_name, m)));
		} else if (m) {
			nhi_warn_at(json_string_value(json_array_get(e, 2)),
				    (unsigned long)json_integer_value(json_array_get(e, 3)),
				    "manager '%s' is no one in the input; kept as manager_name", m);
			nhi_set_str(rec, "manager_name", m);
		}
		/* Keys in their documented order: source last. */
		src = json_incref(json_object_get(rec, "source"));
		json_object_del(rec, "source");
		json_object_set_new(rec, "source", src);
		nhi_emit(rec);
	}
	json_object_foreach(pp.teams, key, t)
		nhi_emit(t);
	json_decref(pp.persons);
	json_decref(pp.by_name);
	json_decref(pp.teams);
	nhi_buf_release(&b);
	return 0;
}
