#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "xalloc.h"
#include "banned.h"

char nhi_buf_empty[1];

void nhi_buf_init(struct nhi_buf *b)
{
	b->buf = nhi_buf_empty;
	b->len = 0;
	b->alloc = 0;
}

void nhi_buf_release(struct nhi_buf *b)
{
	if (b->alloc)
		free(b->buf);
	nhi_buf_init(b);
}

void nhi_buf_reset(struct nhi_buf *b)
{
	if (b->alloc)
		nhi_buf_setlen(b, 0);
}

char *nhi_buf_detach(struct nhi_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc)
		nhi_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	nhi_buf_init(b);
	return s;
}

void nhi_buf_grow(struct nhi_buf *b, size_t extra)
{
	size_t want;

	if (extra > SIZE_MAX - b->len - 1)
		nhi_die(NHI_EXIT_SYSTEM, "out of memory");
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	if (!b->alloc)
		b->buf = NULL;
	if (b->alloc > SIZE_MAX / 2 || want > b->alloc * 2)
		b->alloc = want < 64 ? 64 : want;
	else
		b->alloc *= 2;
	b->buf = xrealloc(b->buf, b->alloc);
	b->buf[b->len] = '\0';
}

void nhi_buf_setlen(struct nhi_buf *b, size_t len)
{
	if (len && len >= b->alloc)
		nhi_buf_grow(b, len - b->len);
	b->len = len;
	if (b->alloc)
		b->buf[len] = '\0';
}

void nhi_buf_add(struct nhi_buf *b, const void *data, size_t n)
{
	if (!n)
		return;
	nhi_buf_grow(b, n);
	memcpy(b->buf + b->len, data, n);
	nhi_buf_setlen(b, b->len + n);
}

void nhi_buf_adds(struct nhi_buf *b, const char *s)
{
	nhi_buf_add(b, s, strlen(s));
}

void nhi_buf_addch(struct nhi_buf *b, int c)
{
	nhi_buf_grow(b, 1);
	b->buf[b->len] = (char)c;
	nhi_buf_setlen(b, b->len + 1);
}

void nhi_buf_vaddf(struct nhi_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc ? b->alloc - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		nhi_die(NHI_EXIT_SYSTEM, "vsnprintf failed");
	if ((size_t)n >= (b->alloc ? b->alloc - b->len : 0)) {
		nhi_buf_grow(b, (size_t)n);
		n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
	}
	nhi_buf_setlen(b, b->len + (size_t)n);
}

void nhi_buf_addf(struct nhi_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nhi_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void nhi_buf_add_shell_quoted(struct nhi_buf *b, const char *s)
{
	nhi_buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			nhi_buf_adds(b, "'\\''");
		else
			nhi_buf_addch(b, *s);
	}
	nhi_buf_addch(b, '\'');
}
