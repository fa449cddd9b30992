#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "udiff.h"
#include "xalloc.h"
#include "banned.h"

#define CONTEXT 3

struct lines {
	const char **p;
	size_t *len;
	size_t n;
};

static void split(const char *s, struct lines *l)
{
	size_t cap = 16;

	l->p = xcalloc(cap, sizeof(*l->p));
	l->len = xcalloc(cap, sizeof(*l->len));
	l->n = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (l->n == cap) {
			cap *= 2;
			l->p = xreallocarray(l->p, cap, sizeof(*l->p));
			l->len = xreallocarray(l->len, cap, sizeof(*l->len));
		}
		l->p[l->n] = s;
		l->len[l->n++] = n;
		s += n + (nl ? 1 : 0);
	}
}

static int same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && !memcmp(a->p[i], b->p[j], a->len[i]);
}

/* ops: ' ' keep, '-' a only, '+' b only; returns the count. */
static size_t script(const struct lines *a, const struct lines *b, char *ops)
{
	size_t n = a->n, m = b->n, k = 0, i = 0, j = 0;
	uint32_t *t;

	if (n * m > NHI_UDIFF_MAX_CELLS || (n && m > NHI_UDIFF_MAX_CELLS / n)) {
		memset(ops, '-', n);
		memset(ops + n, '+', m);
		return n + m;
	}
	/* t[i][j]: the LCS length of a[i..] and b[j..] */
	t = xcalloc((n + 1) * (m + 1), sizeof(*t));
	for (size_t x = n; x-- > 0;)
		for (size_t y = m; y-- > 0;)
			t[x * (m + 1) + y] = same(a, x, b, y)
				? t[(x + 1) * (m + 1) + y + 1] + 1
				: t[(x + 1) * (m + 1) + y] > t[x * (m + 1) + y + 1]
				? t[(x + 1) * (m + 1) + y] : t[x * (m + 1) + y + 1];
	while (i < n || j < m) {
		if (i < n && j < m && same(a, i, b, j)) {
			ops[k++] = ' ';
			i++, j++;
		} else if (i < n && (j == m || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) {
			ops[k++] = '-';
			i++;
		} else {
			ops[k++] = '+';
			j++;
		}
	}
	free(t);
	return k;
}

int nhi_udiff(const char *a, const char *b, const char *la, const char *lb,
	      struct nhi_buf *out)
{
	struct lines A, B;
	char *ops;
	size_t nops, k = 0, *ai, *bi;
	int hunks = 0;

	split(a, &A);
	split(b, &B);
	ops = xmalloc(A.n + B.n + 1);
	nops = script(&A, &B, ops);
	/* the line numbers in a and b before each op */
	ai = xcalloc(nops + 1, sizeof(*ai));
	bi = xcalloc(nops + 1, sizeof(*bi));
	for (size_t x = 0; x < nops; x++) {
		ai[x + 1] = ai[x] + (ops[x] != '+');
		bi[x + 1] = bi[x] + (ops[x] != '-');
	}
	while (k < nops) {
		size_t s, e, x, na = 0, nb = 0;

		while (k < nops && ops[k] == ' ')
			k++;
		if (k == nops)
			break;
		s = k > CONTEXT ? k - CONTEXT : 0;
		/* extend while the next change is within 2*CONTEXT lines */
		e = k;
		for (x = k; x < nops; x++) {
			if (ops[x] != ' ')
				e = x + 1;
			else if (x - e >= 2 * CONTEXT)
				break;
		}
		e = e + CONTEXT < nops ? e + CONTEXT : nops;
		for (x = s; x < e; x++) {
			na += ops[x] != '+';
			nb += ops[x] != '-';
		}
		if (!hunks++)
			nhi_buf_addf(out, "--- %s\n+++ %s\n", la, lb);
		nhi_buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
			     na ? ai[s] + 1 : ai[s], na, nb ? bi[s] + 1 : bi[s], nb);
		for (x = s; x < e; x++) {
			nhi_buf_addch(out, ops[x]);
			if (ops[x] == '+')
				nhi_buf_add(out, B.p[bi[x]], B.len[bi[x]]);
			else
				nhi_buf_add(out, A.p[ai[x]], A.len[ai[x]]);
			nhi_buf_addch(out, '\n');
		}
		k = e;
	}
	free(ai);
	free(bi);
	free(ops);
	free(A.p);
	free(A.len);
	free(B.p);
	free(B.len);
	return hunks;
}
