/* ndjson.h: the record stream.  Reading lines with their file and number,
 * routing them by kind without a parse, parsing them with every rejection
 * reported, and writing records one compact object per line, kind first.
 *
 * Limits: a line is at most nhi_opts.max_record bytes (default 64 MiB,
 * --max-record to change); nesting at most NHI_MAX_DEPTH deep. */
#ifndef NHI_NDJSON_H
#define NHI_NDJSON_H

#include <jansson.h>
#include <stddef.h>

#include "compat.h"

#define NHI_MAX_DEPTH 512
#define NHI_MAX_RECORD_DEFAULT (64u << 20)

struct nhi_line {
	const char *file;     /* the input's name; "<stdin>" for standard input */
	unsigned long lineno; /* 1-based, counted in that file */
	char *data;           /* the line, no newline nor \r, NUL-terminated; */
	size_t len;           /*   valid until the next nhi_reader_next() */
};

struct nhi_reader;

/* nhi_reader_open: read the files in order (none, or "-", is standard
 * input). A file that cannot be opened is reported (status 4) and skipped. */
struct nhi_reader *nhi_reader_open(int nfiles, char *const files[]);
/* nhi_reader_open_more: a second reader in the same run (a side input
 * read after the first is closed); its rejects are appended to --rejects
 * instead of replacing the first reader's. */
struct nhi_reader *nhi_reader_open_more(int nfiles, char *const files[]);
/* nhi_reader_next: 1 with the next non-blank line, 0 at the end. Lines over
 * the limit and gzip errors are rejected here and not returned. */
int nhi_reader_next(struct nhi_reader *r, struct nhi_line *line);
/* nhi_reader_parse: the line as a record (an object whose "kind" is a
 * string), new reference; NULL after rejecting it. */
json_t *nhi_reader_parse(struct nhi_reader *r, const struct nhi_line *line);
/* nhi_reader_reject: report "FILE:LINE: reason", keep the line for
 * --rejects, raise status 3; with --strict, exit now. */
void nhi_reader_reject(struct nhi_reader *r, const struct nhi_line *line,
		       const char *fmt, ...) NHI_PRINTF(3, 4);
unsigned long nhi_reader_rejected(const struct nhi_reader *r);
unsigned long nhi_reader_records(const struct nhi_reader *r);
void nhi_reader_close(struct nhi_reader *r);

/* nhi_line_kind: the kind of a line written as {"kind":"K",... without
 * parsing it; NULL when the line does not start that way. */
const char *nhi_line_kind(const struct nhi_line *line, size_t *len);
/* nhi_line_kind_in: whether the line's kind is one of the NULL-terminated
 * kinds; -1 when the kind cannot be read without a parse. */
int nhi_line_kind_in(const struct nhi_line *line, const char *const kinds[]);

/* nhi_json_parse_record: parse one line as a record; on failure NULL and the
 * reason in why (a static buffer). Shared by the reader and the fuzz target. */
json_t *nhi_json_parse_record(const char *data, size_t len, const char **why);

/* nhi_json_error_text: jansson's reason for err without the piece of
 * input it quotes ("near '...'"), which may be secret material; a static
 * buffer. Every message about bad JSON goes through it. */
const char *nhi_json_error_text(const json_error_t *err);

/* The writer: records go to standard output (reopened by -o). */
struct nhi_buf;
/* nhi_emit: write rec as one line, "kind" first, keys otherwise in their
 * insertion order. Does not take the reference. */
void nhi_emit(json_t *rec);
/* nhi_emit_steal: nhi_emit, then json_decref(rec). */
void nhi_emit_steal(json_t *rec);
/* nhi_render: rec as nhi_emit writes it, newline included, appended to
 * out (to hold records before writing them). */
void nhi_render(json_t *rec, struct nhi_buf *out);
/* nhi_emit_text: records already rendered, n bytes ending in a newline. */
void nhi_emit_text(const char *text, size_t n);
/* nhi_emit_line: a record passed through, byte for byte. */
void nhi_emit_line(const struct nhi_line *line);
/* nhi_json_dump: rec as compact JSON appended to b (no newline). */
void nhi_json_dump(const json_t *rec, struct nhi_buf *b);

#endif
