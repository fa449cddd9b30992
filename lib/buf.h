/* buf.h: a growable byte buffer, always NUL-terminated (git's strbuf).
 *
 * A struct nhi_buf is initialised with NHI_BUF_INIT or nhi_buf_init();
 * nhi_buf_release() frees it and leaves it initialised again;
 * nhi_buf_reset() empties it and keeps the memory; nhi_buf_detach() hands
 * the string to the caller, who frees it. buf is never NULL. */
#ifndef NHI_BUF_H
#define NHI_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "compat.h"

struct nhi_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char nhi_buf_empty[];
#define NHI_BUF_INIT { nhi_buf_empty, 0, 0 }

void nhi_buf_init(struct nhi_buf *b);
void nhi_buf_release(struct nhi_buf *b);
void nhi_buf_reset(struct nhi_buf *b);
char *nhi_buf_detach(struct nhi_buf *b, size_t *len);
/* nhi_buf_grow: room for at least extra more bytes plus the NUL. */
void nhi_buf_grow(struct nhi_buf *b, size_t extra);
void nhi_buf_setlen(struct nhi_buf *b, size_t len);
void nhi_buf_add(struct nhi_buf *b, const void *data, size_t n);
void nhi_buf_adds(struct nhi_buf *b, const char *s);
void nhi_buf_addch(struct nhi_buf *b, int c);
void nhi_buf_addf(struct nhi_buf *b, const char *fmt, ...) NHI_PRINTF(2, 3);
void nhi_buf_vaddf(struct nhi_buf *b, const char *fmt, va_list ap);
/* nhi_buf_add_shell_quoted: s as one POSIX sh word in single quotes. */
void nhi_buf_add_shell_quoted(struct nhi_buf *b, const char *s);

#endif
