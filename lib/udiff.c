#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "udiff.h"
#include "xalloc.h"
#include "banned.h"

struct lines {
	const char **p;
	size_t *len; /* with the newline, when there is one */
	size_t n;
};

static int split(const char *s, struct lines *l)
{
	size_t alloc = 0;

	l->p = NULL;
	l->len = NULL;
	l->n = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) + 1 : strlen(s);

		if (l->n == NHI_UDIFF_MAX_LINES)
			return -1;
		if (l->n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			l->p = xreallocarray(l->p, alloc, sizeof(*l->p));
			l->len = xreallocarray(l->len, alloc, sizeof(*l->len));
		}
		l->p[l->n] = s;
		l->len[l->n++] = len;
		s += len;
	}
	return 0;
}

static int same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && !memcmp(a->p[i], b->p[j], a->len[i]);
}

enum op { KEEP, DEL, ADD };

static void put_line(struct nhi_buf *out, char tag, const char *p, size_t len)
{
	nhi_buf_addch(out, tag);
	nhi_buf_add(out, p, len);
	if (!len || p[len - 1] != '\n')
		nhi_buf_adds(out, "\n\\ No newline at end of file\n");
}

int nhi_udiff(const char *a, const char *b, const char *old_name,
	      const char *new_name, int context, struct nhi_buf *out)
{
	struct lines la = { 0 }, lb = { 0 };
	unsigned *lcs;
	enum op *ops;
	size_t *oa, *ob, nops = 0, i, j, w;
	int rc = 0;

	if (split(a, &la) || split(b, &lb)) {
		rc = -1;
		goto done_lines;
	}
	/* lcs[i][j]: the longest common subsequence of a[i..] and b[j..]. */
	w = lb.n + 1;
	lcs = xcalloc((la.n + 1) * w, sizeof(*lcs));
	for (i = la.n; i-- > 0;)
		for (j = lb.n; j-- > 0;)
			lcs[i * w + j] = same(&la, i, &lb, j) ? lcs[(i + 1) * w + j + 1] + 1 :
				lcs[(i + 1) * w + j] > lcs[i * w + j + 1] ? lcs[(i + 1) * w + j] :
				lcs[i * w + j + 1];
	ops = xmalloc((la.n + lb.n + 1) * sizeof(*ops));
	oa = xmalloc((la.n + lb.n + 1) * sizeof(*oa));
	ob = xmalloc((la.n + lb.n + 1) * sizeof(*ob));
	for (i = 0, j = 0; i < la.n || j < lb.n;) {
		if (i < la.n && j < lb.n && same(&la, i, &lb, j)) {
			ops[nops] = KEEP, oa[nops] = i++, ob[nops++] = j++;
		} else if (j < lb.n && (i == la.n || lcs[i * w + j + 1] > lcs[(i + 1) * w + j])) {
			ops[nops] = ADD, oa[nops] = i, ob[nops++] = j++;
		} else {
			ops[nops] = DEL, oa[nops] = i++, ob[nops++] = j;
		}
	}
	free(lcs);
	for (size_t k = 0; k < nops;) {
		size_t start, end, last_change, sa, sb, ca = 0, cb = 0;

		if (ops[k] == KEEP) {
			k++;
			continue;
		}
		if (!out->len || !strstr(out->buf, "\n+++ "))
			nhi_buf_addf(out, "--- %s\n+++ %s\n", old_name, new_name);
		start = k > (size_t)context ? k - (size_t)context : 0;
		/* Extend the hunk while the next change is within 2*context. */
		last_change = k;
		end = k;
		while (end < nops) {
			if (ops[end] != KEEP)
				last_change = end;
			else if (end - last_change > (size_t)(2 * context))
				break;
			end++;
		}
		end = last_change + 1 + (size_t)context < nops ? last_change + 1 + (size_t)context : nops;
		sa = oa[start];
		sb = ob[start];
		for (size_t x = start; x < end; x++) {
			if (ops[x] != ADD)
				ca++;
			if (ops[x] != DEL)
				cb++;
		}
		nhi_buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ca ? sa + 1 : sa, ca, cb ? sb + 1 : sb, cb);
		for (size_t x = start; x < end; x++) {
			if (ops[x] == KEEP)
				put_line(out, ' ', la.p[oa[x]], la.len[oa[x]]);
			else if (ops[x] == DEL)
				put_line(out, '-', la.p[oa[x]], la.len[oa[x]]);
			else
				put_line(out, '+', lb.p[ob[x]], lb.len[ob[x]]);
		}
		k = end;
	}
	free(ops);
	free(oa);
	free(ob);
done_lines:
	free(la.p);
	free(la.len);
	free(lb.p);
	free(lb.len);
	return rc;
}
