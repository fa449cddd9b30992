#include "compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "input.h"
#include "ndjson.h"
#include "opts.h"
#include "xalloc.h"
#include "banned.h"

struct nhi_reader {
	char *const *files;
	int nfiles, next_file;
	struct nhi_input *in;
	const char *name;
	unsigned long lineno;
	char *block;
	size_t block_len, block_pos;
	int at_eof;
	struct nhi_buf line;
	char *view;      /* the line in place in block, when it is all there */
	size_t view_len;
	unsigned long rejected, records;
	FILE *rejects;
};

/* Reads of 64 KiB: with 256 KiB the kernel's copy cost three times the
 * system time on a 926 MB file (0.56 s against 0.16 s, bench/lineage.sh). */
#define BLOCK_SIZE (64 * 1024)

static char *const stdin_only[] = { "-" };

static struct nhi_reader *reader_open(int nfiles, char *const files[],
				      const char *mode);

struct nhi_reader *nhi_reader_open(int nfiles, char *const files[])
{
	return reader_open(nfiles, files, "w");
}

struct nhi_reader *nhi_reader_open_more(int nfiles, char *const files[])
{
	return reader_open(nfiles, files, "a");
}

static struct nhi_reader *reader_open(int nfiles, char *const files[],
				      const char *mode)
{
	struct nhi_reader *r = xcalloc(1, sizeof(*r));

	if (nfiles <= 0) {
		files = stdin_only;
		nfiles = 1;
	}
	r->files = files;
	r->nfiles = nfiles;
	r->block = xmalloc(BLOCK_SIZE);
	nhi_buf_init(&r->line);
	if (nhi_opts.rejects) {
		r->rejects = fopen(nhi_opts.rejects, mode);
		if (!r->rejects)
			nhi_die_errno(NHI_EXIT_SYSTEM, "%s", nhi_opts.rejects);
	}
	return r;
}

static void keep_rejected(struct nhi_reader *r, const char *data, size_t len)
{
	if (!r->rejects)
		return;
	if (fwrite(data, 1, len, r->rejects) != len || putc('\n', r->rejects) == EOF)
		nhi_die_errno(NHI_EXIT_SYSTEM, "%s", nhi_opts.rejects);
}

static void vreject(struct nhi_reader *r, const char *file, unsigned long line,
		    const char *fmt, va_list ap)
{
	nhi_vwarn_at(file, line, fmt, ap);
	r->rejected++;
	nhi_status_raise(NHI_EXIT_REJECTED);
	if (nhi_opts.strict) {
		nhi_warn("stopping at the first rejected record (--strict)");
		if (r->rejects)
			fclose(r->rejects);
		nhi_exit();
		exit(NHI_EXIT_REJECTED);
	}
}

void nhi_reader_reject(struct nhi_reader *r, const struct nhi_line *line,
		       const char *fmt, ...)
{
	va_list ap;

	keep_rejected(r, line->data, line->len);
	va_start(ap, fmt);
	vreject(r, line->file, line->lineno, fmt, ap);
	va_end(ap);
}

static void reject_here(struct nhi_reader *r, const char *fmt, ...)
	NHI_PRINTF(2, 3);
static void reject_here(struct nhi_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(r, r->name, r->lineno, fmt, ap);
	va_end(ap);
}

/* open_next: the next input that opens; 0 when there is none. */
static int open_next(struct nhi_reader *r)
{
	while (r->next_file < r->nfiles) {
		const char *path = r->files[r->next_file++];

		r->in = nhi_input_open(path);
		if (!r->in) {
			nhi_error_errno(NHI_EXIT_SYSTEM, "%s", path);
			continue;
		}
		r->name = nhi_input_name(r->in);
		r->lineno = 0;
		r->block_len = r->block_pos = 0;
		r->at_eof = 0;
		return 1;
	}
	return 0;
}

/* fill: more bytes into the block; 0 at the end of the current input,
 * -1 when the input is damaged (the caller reports it). */
static int fill(struct nhi_reader *r)
{
	long got;

	if (r->at_eof)
		return 0;
	got = nhi_input_read(r->in, r->block, BLOCK_SIZE);
	if (got < 0) {
		r->at_eof = 1;
		return -1;
	}
	if (got == 0) {
		r->at_eof = 1;
		return 0;
	}
	r->block_len = (size_t)got;
	r->block_pos = 0;
	return 1;
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static void stream_rejected(struct nhi_reader *r, const char *p, size_t n)
{
	if (r->rejects && fwrite(p, 1, n, r->rejects) != n)
		nhi_die_errno(NHI_EXIT_SYSTEM, "%s", nhi_opts.rejects);
}

/* read_line: the next physical line of the current input into r->line;
 * returns 1 for a line, 0 at the end of the input, -1 for a line over the
 * limit (already reported, its bytes streamed to --rejects). */
static int read_line(struct nhi_reader *r)
{
	uint64_t max = nhi_opts.max_record;
	int too_long = 0, any = 0, got;

	nhi_buf_reset(&r->line);
	r->view = NULL;
	for (;;) {
		char *start, *nl;
		size_t avail;

		if (r->block_pos >= r->block_len && (got = fill(r)) <= 0) {
			if (got < 0) {
				/* A damaged input's last, partial line is
				 * kept for --rejects, never parsed. */
				r->lineno++;
				if (!too_long)
					keep_rejected(r, r->line.buf, r->line.len);
				reject_here(r, "%s", nhi_input_error(r->in));
				return -1;
			}
			break;
		}
		any = 1;
		start = r->block + r->block_pos;
		avail = r->block_len - r->block_pos;
		nl = memchr(start, '\n', avail);
		size_t take = nl ? (size_t)(nl - start) : avail;

		if (nl && !r->line.len && take <= max) {
			/* Most lines lie whole in the block: handed out in
			 * place, the newline made their NUL, no copy. */
			*nl = '\0';
			r->view = start;
			r->view_len = take;
			r->block_pos += take + 1;
			break;
		}
		if (!too_long && r->line.len + take > max) {
			/* Keep memory bounded: what is over the limit goes
			 * straight to --rejects, never into the buffer. */
			too_long = 1;
			stream_rejected(r, r->line.buf, r->line.len);
			nhi_buf_reset(&r->line);
		}
		if (too_long)
			stream_rejected(r, start, take);
		else
			nhi_buf_add(&r->line, start, take);
		r->block_pos += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	if (!any && !r->line.len && !r->view)
		return 0;
	r->lineno++;
	if (too_long) {
		if (r->rejects && putc('\n', r->rejects) == EOF)
			nhi_die_errno(NHI_EXIT_SYSTEM, "%s", nhi_opts.rejects);
		reject_here(r, "line longer than %llu bytes (--max-record)",
			    (unsigned long long)max);
		return -1;
	}
	return 1;
}

int nhi_reader_next(struct nhi_reader *r, struct nhi_line *line)
{
	for (;;) {
		int got;

		if (!r->in && !open_next(r))
			return 0;
		got = read_line(r);
		if (got == 0) {
			nhi_input_close(r->in);
			r->in = NULL;
			continue;
		}
		if (got < 0)
			continue;
		char *s = r->view ? r->view : r->line.buf;
		size_t n = r->view ? r->view_len : r->line.len;

		if (r->lineno == 1 && n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
			s += 3;
			n -= 3;
		}
		if (n && s[n - 1] == '\r')
			s[--n] = '\0';
		if (blank(s, n))
			continue;
		line->file = r->name;
		line->lineno = r->lineno;
		line->data = s;
		line->len = n;
		r->records++;
		return 1;
	}
}

unsigned long nhi_reader_rejected(const struct nhi_reader *r)
{
	return r->rejected;
}

unsigned long nhi_reader_records(const struct nhi_reader *r)
{
	return r->records;
}

void nhi_reader_close(struct nhi_reader *r)
{
	if (!r)
		return;
	nhi_input_close(r->in);
	if (r->rejects && fclose(r->rejects) != 0)
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", nhi_opts.rejects);
	nhi_buf_release(&r->line);
	free(r->block);
	free(r);
}

const char *nhi_line_kind(const struct nhi_line *line, size_t *len)
{
	static const char prefix[] = "{\"kind\":\"";
	const size_t plen = sizeof(prefix) - 1;
	const char *k, *end;

	if (line->len <= plen || memcmp(line->data, prefix, plen))
		return NULL;
	k = line->data + plen;
	end = memchr(k, '"', line->len - plen);
	if (!end || memchr(k, '\\', (size_t)(end - k)))
		return NULL;
	*len = (size_t)(end - k);
	return k;
}

int nhi_line_kind_in(const struct nhi_line *line, const char *const kinds[])
{
	size_t n;
	const char *k = nhi_line_kind(line, &n);

	if (!k)
		return -1;
	for (; *kinds; kinds++)
		if (strlen(*kinds) == n && !memcmp(*kinds, k, n))
			return 1;
	return 0;
}

/* check_shape: NUL bytes and nesting depth, which jansson would report
 * less clearly (or at its own fixed depth). */
static const char *check_shape(const char *s, size_t n)
{
	static char why[96];
	int depth = 0, in_str = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\0') {
			snprintf(why, sizeof(why), "NUL byte at column %zu", i + 1);
			return why;
		}
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > NHI_MAX_DEPTH) {
				snprintf(why, sizeof(why),
					 "nesting deeper than %d at column %zu",
					 NHI_MAX_DEPTH, i + 1);
				return why;
			}
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return NULL;
}

const char *nhi_json_error_text(const json_error_t *err)
{
	static char why[JSON_ERROR_TEXT_LENGTH];
	const char *near = strstr(err->text, " near '");
	size_t n = near ? (size_t)(near - err->text) : strlen(err->text);

	memcpy(why, err->text, n);
	why[n] = '\0';
	return why;
}

json_t *nhi_json_parse_record(const char *data, size_t len, const char **why)
{
	static char msg[256];
	json_error_t err;
	json_t *rec, *kind;
	const char *shape = check_shape(data, len);

	if (shape) {
		*why = shape;
		return NULL;
	}
	rec = json_loadb(data, len, 0, &err);
	if (!rec) {
		if (strstr(err.text, "decode byte") || strstr(err.text, "UTF-8"))
			snprintf(msg, sizeof(msg), "invalid UTF-8 at column %d",
				 err.column);
		else
			snprintf(msg, sizeof(msg), "invalid JSON: %s at column %d",
				 nhi_json_error_text(&err), err.column);
		*why = msg;
		return NULL;
	}
	if (!json_is_object(rec)) {
		json_decref(rec);
		*why = "not a JSON object";
		return NULL;
	}
	kind = json_object_get(rec, "kind");
	if (!json_is_string(kind) || !json_string_length(kind)) {
		json_decref(rec);
		*why = kind ? "\"kind\" is not a non-empty string" : "record has no \"kind\"";
		return NULL;
	}
	return rec;
}

json_t *nhi_reader_parse(struct nhi_reader *r, const struct nhi_line *line)
{
	const char *why;
	json_t *rec = nhi_json_parse_record(line->data, line->len, &why);

	if (!rec)
		nhi_reader_reject(r, line, "%s", why);
	return rec;
}

static void write_out(const void *p, size_t n)
{
	if (fwrite(p, 1, n, stdout) != n)
		nhi_die_errno(NHI_EXIT_SYSTEM, "write error");
}

static int dump_cb(const char *buf, size_t size, void *data)
{
	nhi_buf_add(data, buf, size);
	return 0;
}


void nhi_json_dump(const json_t *rec, struct nhi_buf *b)
{
	/* 15 digits: 0.1 prints as 0.1, and a double round-trips the values we write. */
	if (json_dump_callback(rec, dump_cb, b, JSON_COMPACT | JSON_ENCODE_ANY |
			       JSON_REAL_PRECISION(15)) != 0)
		nhi_die(NHI_EXIT_SYSTEM, "cannot encode a record");
}

void nhi_render(json_t *rec, struct nhi_buf *out)
{
	void *first = json_object_iter(rec);

	if (first && strcmp(json_object_iter_key(first), "kind") &&
	    json_object_get(rec, "kind")) {
		/* Kind first so a reader can route the line unparsed. */
		json_t *copy = json_object();
		const char *key;
		json_t *value;

		json_object_set(copy, "kind", json_object_get(rec, "kind"));
		json_object_foreach(rec, key, value)
			if (strcmp(key, "kind"))
				json_object_set(copy, key, value);
		nhi_json_dump(copy, out);
		json_decref(copy);
	} else {
		nhi_json_dump(rec, out);
	}
	nhi_buf_addch(out, '\n');
}

void nhi_emit(json_t *rec)
{
	static struct nhi_buf out = NHI_BUF_INIT;

	nhi_buf_reset(&out);
	nhi_render(rec, &out);
	write_out(out.buf, out.len);
}

void nhi_emit_text(const char *text, size_t n)
{
	write_out(text, n);
}

void nhi_emit_steal(json_t *rec)
{
	nhi_emit(rec);
	json_decref(rec);
}

void nhi_emit_line(const struct nhi_line *line)
{
	write_out(line->data, line->len);
	write_out("\n", 1);
}
