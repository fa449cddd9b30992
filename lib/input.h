/* input.h: open a named input (plain or gzip, detected by its magic bytes;
 * "-" is standard input) and read it in blocks or whole. */
#ifndef NHI_INPUT_H
#define NHI_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct nhi_input;

/* nhi_input_open: NULL with errno set when the file cannot be opened. */
struct nhi_input *nhi_input_open(const char *path);
/* nhi_input_name: "<stdin>" for standard input, else the path. */
const char *nhi_input_name(const struct nhi_input *in);
/* nhi_input_read: up to n bytes; 0 at the end; -1 on error, with the reason
 * (e.g. "truncated gzip input") from nhi_input_error(). */
long nhi_input_read(struct nhi_input *in, void *p, size_t n);
const char *nhi_input_error(const struct nhi_input *in);
int nhi_input_is_gzip(const struct nhi_input *in);
void nhi_input_close(struct nhi_input *in);

/* nhi_input_slurp: the whole of path into out, at most max bytes.
 * Returns NULL on success, else the reason (the caller prints it with the
 * file name): strerror text, "larger than N bytes", a gzip error. */
const char *nhi_input_slurp(const char *path, uint64_t max, struct nhi_buf *out);

#endif
