/* collect.c: file walking, whole-file parsing and reporting for the
 * nhi-collect sources. */
#include "compat.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect.h"
#include "ndjson.h"
#include "diag.h"
#include "input.h"
#include "opts.h"
#include "xalloc.h"
#include "yamldoc.h"
#include "banned.h"

void collect_reject(const char *name, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nhi_vwarn_at(name, line, fmt, ap);
	va_end(ap);
	nhi_status_raise(NHI_EXIT_REJECTED);
	if (nhi_opts.strict) {
		nhi_warn("stopping at the first rejected input (--strict)");
		exit(nhi_exit());
	}
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void collect_walk(const char *path, int (*want)(const char *path),
		  void (*visit)(const char *path, void *ctx), void *ctx)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	if (lstat(path, &st) != 0) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", path);
		return;
	}
	if (S_ISLNK(st.st_mode))
		return;
	if (S_ISREG(st.st_mode)) {
		if (!want || want(path))
			visit(path, ctx);
		return;
	}
	if (!S_ISDIR(st.st_mode))
		return;
	d = opendir(path);
	if (!d) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", path);
		return;
	}
	while ((e = readdir(d))) {
		struct nhi_buf child = NHI_BUF_INIT;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		nhi_buf_addf(&child, "%s%s%s", path,
			     path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 32;
			names = xreallocarray(names, alloc, sizeof(*names));
		}
		names[n++] = nhi_buf_detach(&child, NULL);
	}
	closedir(d);
	/* Sorted, so output does not depend on the file system's order. */
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		collect_walk(names[i], want, visit, ctx);
		free(names[i]);
	}
	free(names);
}

struct each {
	collect_fn *fn;
	void *ctx;
};

static void read_and_call(const char *path, void *ctx)
{
	struct each *e = ctx;
	struct nhi_buf text = NHI_BUF_INIT;
	const char *why = nhi_input_slurp(path, COLLECT_MAX_FILE, &text);
	const char *name = strcmp(path, "-") ? path : "<stdin>";

	if (why && !strncmp(why, "larger", 6))
		collect_reject(name, 0, "%s", why);
	else if (why && (strstr(why, "gzip")))
		collect_reject(name, 0, "%s", why);
	else if (why)
		nhi_error(NHI_EXIT_SYSTEM, "%s: %s", name, why);
	else
		e->fn(name, text.buf, text.len, e->ctx);
	nhi_buf_release(&text);
}

void collect_each_file(int nfiles, char **files,
		       int (*want)(const char *path), collect_fn *fn, void *ctx)
{
	struct each e = { fn, ctx };

	if (nfiles <= 0) {
		read_and_call("-", &e);
		return;
	}
	for (int i = 0; i < nfiles; i++) {
		if (!strcmp(files[i], "-"))
			read_and_call("-", &e);
		else
			collect_walk(files[i], want, read_and_call, &e);
	}
}

/* skip_string: the index just past the string literal starting at i. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
	for (i++; i < n && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i + 1;
}

/* strip_jsonc: comments, then trailing commas, overwritten with spaces so
 * that line and column numbers stay true. */
static void strip_jsonc(char *s, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		if (s[i] == '"') {
			i = skip_string(s, n, i);
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				s[i++] = ' ';
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			for (j = i + 2; j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'); j++)
				;
			for (j = j + 2 > n ? n : j + 2; i < j; i++)
				if (s[i] != '\n')
					s[i] = ' ';
		} else {
			i++;
		}
	}
	for (i = 0; i < n;) {
		if (s[i] == '"') {
			i = skip_string(s, n, i);
			continue;
		}
		if (s[i] == ',') {
			for (j = i + 1; j < n && strchr(" \t\r\n", s[j]); j++)
				;
			if (j < n && (s[j] == '}' || s[j] == ']'))
				s[i] = ' ';
		}
		i++;
	}
}

json_t *collect_parse_json_err(const char *buf, size_t len, int jsonc, json_error_t *err)
{
	json_t *v;
	char *copy = NULL;

	if (jsonc) {
		copy = xmemdupz(buf, len);
		strip_jsonc(copy, len);
		buf = copy;
	}
	/* A UTF-8 byte-order mark is not JSON, but editors write one. */
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		buf += 3;
		len -= 3;
	}
	v = json_loadb(buf, len, JSON_DECODE_ANY, err);
	free(copy);
	return v;
}

json_t *collect_parse_json(const char *name, const char *buf, size_t len, int jsonc)
{
	json_error_t err;
	json_t *v = collect_parse_json_err(buf, len, jsonc, &err);

	if (!v)
		collect_reject(name, (unsigned long)(err.line > 0 ? err.line : 0),
			       "invalid JSON: %s at column %d", nhi_json_error_text(&err), err.column);
	return v;
}

json_t *collect_parse_yaml(const char *name, const char *buf, size_t len,
			   json_t **lines)
{
	struct nhi_yaml_error err;
	json_t *docs = nhi_yaml_load(buf, len, lines, &err);

	if (!docs)
		collect_reject(name, err.line, "invalid YAML: %s at column %lu",
			       err.text, err.column);
	return docs;
}

static json_t *unknown;

void collect_unknown(const char *source, const char *type)
{
	struct nhi_buf key = NHI_BUF_INIT;
	json_t *n;

	if (!unknown)
		unknown = json_object();
	nhi_buf_addf(&key, "%s\t%s", source, type ? type : "(none)");
	n = json_object_get(unknown, key.buf);
	json_object_set_new(unknown, key.buf,
			    json_integer(n ? json_integer_value(n) + 1 : 1));
	nhi_buf_release(&key);
}

void collect_unknown_report(void)
{
	const char *key;
	json_t *n;

	if (!unknown)
		return;
	json_object_foreach(unknown, key, n) {
		const char *tab = strchr(key, '\t');

		nhi_warn("%.*s: skipped %lld object%s of type '%s' (not collected yet)",
			 (int)(tab - key), key, (long long)json_integer_value(n),
			 json_integer_value(n) == 1 ? "" : "s", tab + 1);
	}
	json_decref(unknown);
	unknown = NULL;
}
