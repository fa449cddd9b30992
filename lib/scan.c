/* scan.c: the secret scanner (see scan.h). */
#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <zlib.h>

#include "buf.h"
#include "data.h"
#include "fingerprint.h"
#include "input.h"
#include "scan.h"
#include "xalloc.h"
#include "banned.h"

/* How far around an anchor a regular expression is tried, and the most
 * hits kept per buffer (a file of a million tokens is reported, not kept). */
#define WINDOW_BACK 256
#define WINDOW_FWD 4096
#define PEM_MAX 16384

enum check {
	CHECK_PLAIN,    /* a prefixed format: placeholder and sequence checks */
	CHECK_ID,       /* a public identifier (AWS key id): paired later */
	CHECK_CTX,      /* the secret is the value after a keyword */
	CHECK_CRC,      /* GitHub / npm: CRC32 base62 checksum */
	CHECK_JWT,      /* header and claims decode to JSON */
	CHECK_PEM,      /* a private key block with a real body */
	CHECK_GCP,      /* a service-account JSON with a private key */
	CHECK_DBURL,    /* the password of a connection URL */
	CHECK_AFTER_EQ, /* the value after '=' (AccountKey=, sig=) */
	CHECK_SKIP,     /* identifiers only: not loaded */
};

struct rule {
	char *name;
	regex_t re;
	enum check check;
	const char *provider, *type;
	char **anchors; /* lower case */
	size_t nanchors;
	size_t covered; /* buffer offset up to which this rule was tried */
};

struct anchor {
	const char *text; /* lower case, borrowed from the rule */
	size_t len;
	size_t rule;      /* index; SIZE_MAX for the keyword rules */
	struct anchor *next;
};

struct nhi_scanner {
	struct rule *rules;
	size_t nrules;
	struct anchor *table[65536]; /* by the first two bytes, lower case */
	uint64_t bits[1024];         /* which pairs start an anchor: 8 KiB, in cache */
	struct anchor *pool;
	size_t npool;
};

struct hit {
	struct nhi_scan_hit h;
	int generic; /* a keyword rule: loses to any format rule */
	int dropped;
	char key_id[64];
};

struct run {
	struct nhi_scanner *s;
	const char *buf;
	size_t len;
	struct hit *hits;
	size_t nhits, alloc;
	size_t *lines; /* start offset of each line */
	size_t nlines;
	struct nhi_buf scratch;
	size_t kw_covered;
	size_t over; /* hits past NHI_SCAN_MAX_HITS */
};

static const struct {
	const char *prefix, *provider, *type;
} kinds[] = {
	{ "aws_access_key_id", "aws", "aws_access_key" },
	{ "aws_secret", "aws", "aws_secret_key" },
	{ "aws_session", "aws", "aws_session_token" },
	{ "github", "github", "github_pat" },
	{ "gitlab", "gitlab", "gitlab_token" },
	{ "slack", "slack", "api_key" },
	{ "openai", "openai", "api_key" },
	{ "anthropic", "anthropic", "api_key" },
	{ "google_oauth", "gcp", "oauth_client_secret" },
	{ "google_access", "gcp", "oauth_token" },
	{ "google", "gcp", "api_key" },
	{ "gcp", "gcp", "gcp_sa_key" },
	{ "azure_client", "azure", "azure_sp_secret" },
	{ "azure", "azure", "api_key" },
	{ "okta", "okta", "api_key" },
	{ "stripe", "stripe", "api_key" },
	{ "sendgrid", "sendgrid", "api_key" },
	{ "npm", "npm", "package_token" },
	{ "pypi", "pypi", "package_token" },
	{ "dockerhub", "dockerhub", "registry_token" },
	{ "vault", "vault", "vault_token" },
	{ "datadog", "datadog", "api_key" },
	{ "huggingface", "huggingface", "api_key" },
	{ "supabase", "supabase", "api_key" },
	{ "figma", "figma", "api_key" },
	{ "pem", NULL, "private_key" },
	{ "jwt", NULL, "jwt" },
	{ "db_url", NULL, "password" },
};

static const unsigned char *lower_table(void)
{
	static unsigned char t[256];
	static int done;

	if (!done) {
		for (int i = 0; i < 256; i++)
			t[i] = (unsigned char)tolower(i);
		done = 1;
	}
	return t;
}

double nhi_scan_entropy(const char *s, size_t n)
{
	size_t count[256] = { 0 };
	double h = 0;

	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		count[(unsigned char)s[i]]++;
	for (int i = 0; i < 256; i++) {
		double p;

		if (!count[i])
			continue;
		p = (double)count[i] / (double)n;
		h -= p * log2(p);
	}
	return h;
}

static int contains_ci(const char *s, size_t n, const char *word)
{
	const unsigned char *lc = lower_table();
	size_t w = strlen(word);
	char low[1024];

	if (n <= sizeof(low)) {
		/* words are lower case: fold the haystack once, then memmem */
		for (size_t i = 0; i < n; i++)
			low[i] = (char)lc[(unsigned char)s[i]];
		return memmem(low, n, word, w) != NULL;
	}
	for (size_t i = 0; i + w <= n; i++)
		if (!strncasecmp(s + i, word, w))
			return 1;
	return 0;
}

#define W(s) { s, sizeof(s) - 1 }

int nhi_scan_placeholder(const char *v, size_t n)
{
	static const struct {
		const char *w;
		size_t n;
	} words[] = {
		W("example"), W("xxxx"), W("changeme"), W("change_me"), W("change-me"),
		W("placeholder"), W("dummy"), W("redacted"), W("your_"), W("your-"), W("yourkey"),
		W("_here"), W("-here"), W("****"), W("..."), W("fake"), W("${"), W("{{"), W("$("),
		W("<"), W(">"), W("%s"), W("todo"), W("insert"), W("replace"),
	};
	const unsigned char *lc = lower_table();
	char low[1024];
	size_t m = n < sizeof(low) ? n : sizeof(low);

	if (!n)
		return 1;
	if (v[0] == '$' || v[0] == '%' || v[0] == '@')
		return 1;
	/* fold once; the words are lower case */
	for (size_t i = 0; i < m; i++)
		low[i] = (char)lc[(unsigned char)v[i]];
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (memmem(low, m, words[i].w, words[i].n))
			return 1;
	if (n == 20 && !memcmp(v, "AKIAIOSFODNN7EXAMPLE", 20))
		return 1;
	return 0;
}

/* sequence: runs a person types (12345, abcde, 76543, qwert, 00000000)
 * are not random; real tokens almost never hold one of five. */
static int sequence(const char *s, size_t n)
{
	static const char *const rows[] = { "qwertyuiop", "asdfghjkl", "zxcvbnm", NULL };
	const unsigned char *lc = lower_table();
	size_t up = 1, down = 1, same = 1, m = n < 1024 ? n : 1024;
	char low[1024];

	for (size_t i = 0; i < m; i++)
		low[i] = (char)lc[(unsigned char)s[i]];
	for (size_t i = 1; i < m; i++) {
		int a = (unsigned char)low[i - 1], b = (unsigned char)low[i];
		int alnum = isalnum(a) && isalnum(b);

		up = alnum && b == a + 1 ? up + 1 : 1;
		down = alnum && b == a - 1 ? down + 1 : 1;
		same = a == b ? same + 1 : 1;
		if (up >= 5 || down >= 5 || same >= 8)
			return 1;
	}
	for (int r = 0; rows[r]; r++)
		for (size_t k = 0; rows[r][k + 4]; k++)
			if (memmem(low, m, rows[r] + k, 5))
				return 1;
	return 0;
}

static int classes(const char *s, size_t n)
{
	int lo = 0, up = 0, dg = 0, ot = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (islower(c))
			lo = 1;
		else if (isupper(c))
			up = 1;
		else if (isdigit(c))
			dg = 1;
		else
			ot = 1;
	}
	return lo + up + dg + ot;
}

/* Anchors: the literals a rule cannot match without, derived from its
 * expression, so most lines never reach regexec. */

struct lits {
	char **v;
	size_t n;
};

static void lits_free(struct lits *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static size_t lits_min(const struct lits *l)
{
	size_t m = SIZE_MAX;

	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) < m)
			m = strlen(l->v[i]);
	return l->n ? m : 0;
}

static void lits_add(struct lits *l, const char *s, size_t n)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xmemdupz(s, n);
}

/* skip_atom: index just past the bracket expression or group at p[i]. */
static size_t skip_bracket(const char *p, size_t n, size_t i)
{
	i++;
	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++;
	while (i < n && p[i] != ']') {
		if (p[i] == '[' && i + 1 < n && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
			char end = p[i + 1];

			for (i += 2; i + 1 < n && !(p[i] == end && p[i + 1] == ']'); i++)
				;
			i += 2;
			continue;
		}
		i++;
	}
	return i < n ? i + 1 : n;
}

static size_t skip_group(const char *p, size_t n, size_t i)
{
	int depth = 0;

	while (i < n) {
		if (p[i] == '\\') {
			i += 2;
			continue;
		}
		if (p[i] == '[') {
			i = skip_bracket(p, n, i);
			continue;
		}
		if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && --depth == 0)
			return i + 1;
		i++;
	}
	return n;
}

static int optional_quant(const char *p, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	if (p[i] == '?' || p[i] == '*')
		return 1;
	if (p[i] == '{' && i + 1 < n && p[i + 1] == '0')
		return 1;
	return 0;
}

static int is_quant(char c)
{
	return c == '?' || c == '*' || c == '+' || c == '{';
}

static size_t skip_quant(const char *p, size_t n, size_t i)
{
	while (i < n && is_quant(p[i])) {
		if (p[i] == '{') {
			while (i < n && p[i] != '}')
				i++;
		}
		i++;
	}
	return i;
}

static void best_factor(const char *p, size_t n, struct lits *best);

/* split_alts: the best factor of each top-level alternative of p; all
 * must have one, else the group gives nothing. */
static void group_factor(const char *p, size_t n, struct lits *out)
{
	size_t start = 0, i = 0;

	while (i <= n) {
		if (i == n || p[i] == '|') {
			struct lits one = { 0 };

			best_factor(p + start, i - start, &one);
			if (!one.n) {
				lits_free(out);
				return;
			}
			for (size_t k = 0; k < one.n; k++)
				lits_add(out, one.v[k], strlen(one.v[k]));
			lits_free(&one);
			start = ++i;
			continue;
		}
		if (p[i] == '\\')
			i += 2;
		else if (p[i] == '[')
			i = skip_bracket(p, n, i);
		else if (p[i] == '(')
			i = skip_group(p, n, i);
		else
			i++;
	}
}

static void consider(struct lits *best, struct lits *cand)
{
	if (cand->n && lits_min(cand) > lits_min(best)) {
		lits_free(best);
		*best = *cand;
	} else {
		lits_free(cand);
	}
	cand->v = NULL;
	cand->n = 0;
}

static void best_factor(const char *p, size_t n, struct lits *best)
{
	struct nhi_buf run = NHI_BUF_INIT;
	size_t i = 0;

	while (i < n) {
		struct lits cand = { 0 };
		char c = p[i];

		if (c == '(') {
			size_t end = skip_group(p, n, i);

			if (!optional_quant(p, n, end) && end - i >= 2)
				group_factor(p + i + 1, end - i - 2, &cand);
			/* the run before the group and the group compete */
			{
				struct lits r = { 0 };

				if (run.len >= 2)
					lits_add(&r, run.buf, run.len);
				consider(best, &r);
			}
			nhi_buf_reset(&run);
			consider(best, &cand);
			i = skip_quant(p, n, end);
			continue;
		}
		if (c == '[' || c == '.' || c == '^' || c == '$' || c == '|' || is_quant(c)) {
			struct lits r = { 0 };

			if (run.len >= 2)
				lits_add(&r, run.buf, run.len);
			consider(best, &r);
			nhi_buf_reset(&run);
			if (c == '|') {
				/* a top-level alternation: no single factor */
				lits_free(best);
				nhi_buf_release(&run);
				return;
			}
			i = c == '[' ? skip_bracket(p, n, i) : i + 1;
			i = skip_quant(p, n, i);
			continue;
		}
		if (c == '\\' && i + 1 < n) {
			c = p[i + 1];
			i++;
		}
		i++;
		if (optional_quant(p, n, i) || (i < n && is_quant(p[i]))) {
			int keep = !optional_quant(p, n, i);
			struct lits r = { 0 };

			if (keep)
				nhi_buf_addch(&run, (unsigned char)tolower((unsigned char)c));
			if (run.len >= 2)
				lits_add(&r, run.buf, run.len);
			consider(best, &r);
			nhi_buf_reset(&run);
			i = skip_quant(p, n, i);
			continue;
		}
		nhi_buf_addch(&run, (unsigned char)tolower((unsigned char)c));
	}
	{
		struct lits r = { 0 };

		if (run.len >= 2)
			lits_add(&r, run.buf, run.len);
		consider(best, &r);
	}
	nhi_buf_release(&run);
}

/* Keyword rules: identifiers whose parts name a secret, then a value. */
static const char *const kw_anchors[] = {
	"pass", "pwd", "secret", "token", "key", "auth", "cred", "bearer",
	"identified", NULL,
};

static void add_anchor(struct nhi_scanner *s, const char *text, size_t rule)
{
	struct anchor *a;

	if (strlen(text) < 2)
		return;
	s->pool = xreallocarray(s->pool, s->npool + 1, sizeof(*s->pool));
	a = &s->pool[s->npool++];
	a->text = text;
	a->len = strlen(text);
	a->rule = rule;
	a->next = NULL;
}

static void link_anchors(struct nhi_scanner *s)
{
	/* The pool moved while it grew, so the table is built at the end. */
	for (size_t i = 0; i < s->npool; i++) {
		struct anchor *a = &s->pool[i];
		unsigned k = (unsigned)(unsigned char)a->text[0] << 8 | (unsigned char)a->text[1];

		a->next = s->table[k];
		s->table[k] = a;
		s->bits[k >> 6] |= (uint64_t)1 << (k & 63);
	}
}

static enum check check_of(const char *name)
{
	size_t n = strlen(name);

	if (n > 7 && !strcmp(name + n - 7, "_PUBLIC"))
		return CHECK_SKIP;
	if (n > 3 && !strcmp(name + n - 3, "_ID"))
		return CHECK_SKIP;
	if (!strcmp(name, "aws_access_key_id"))
		return CHECK_ID;
	if (n > 4 && !strcmp(name + n - 4, "_ctx"))
		return CHECK_CTX;
	if (!strcmp(name, "github_classic") || !strcmp(name, "npm"))
		return CHECK_CRC;
	if (!strcmp(name, "jwt"))
		return CHECK_JWT;
	if (!strcmp(name, "pem_private_key"))
		return CHECK_PEM;
	if (!strcmp(name, "gcp_sa_json_marker"))
		return CHECK_GCP;
	if (!strcmp(name, "db_url_password"))
		return CHECK_DBURL;
	if (!strcmp(name, "azure_storage_key") || !strcmp(name, "azure_sas_sig"))
		return CHECK_AFTER_EQ;
	return CHECK_PLAIN;
}

void nhi_scan_free(struct nhi_scanner *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nrules; i++) {
		free(s->rules[i].name);
		regfree(&s->rules[i].re);
		for (size_t k = 0; k < s->rules[i].nanchors; k++)
			free(s->rules[i].anchors[k]);
		free(s->rules[i].anchors);
	}
	free(s->rules);
	free(s->pool);
	free(s);
}

struct nhi_scanner *nhi_scan_load(const char *path, const char **why)
{
	static char reason[256];
	struct nhi_buf text = NHI_BUF_INIT;
	struct nhi_scanner *s;
	const char *err;
	char *line, *save = NULL;
	unsigned long lineno = 0;

	if (!path)
		path = nhi_data_path("credential-formats.tsv");
	if (!path) {
		*why = "credential-formats.tsv not found (set NHI_DATA_DIR)";
		return NULL;
	}
	err = nhi_input_slurp(path, 1u << 20, &text);
	if (err) {
		snprintf(reason, sizeof(reason), "%s: %s", path, err);
		*why = reason;
		nhi_buf_release(&text);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	for (line = strtok_r(text.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { 0 }, *p = line;
		struct rule *r;
		struct lits best = { 0 };
		int rc;

		lineno++;
		if (*line == '#' || !*line)
			continue;
		for (int i = 0; i < 4 && p; i++) {
			f[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = 0;
		}
		if (!f[2])
			continue;
		if (check_of(f[0]) == CHECK_SKIP)
			continue;
		s->rules = xreallocarray(s->rules, s->nrules + 1, sizeof(*s->rules));
		r = &s->rules[s->nrules];
		memset(r, 0, sizeof(*r));
		rc = regcomp(&r->re, f[2], REG_EXTENDED | (f[1][0] == '1' ? REG_ICASE : 0));
		if (rc) {
			char msg[128];

			regerror(rc, &r->re, msg, sizeof(msg));
			snprintf(reason, sizeof(reason), "%s:%lu: rule %s: %s", path, lineno, f[0], msg);
			*why = reason;
			nhi_buf_release(&text);
			nhi_scan_free(s);
			return NULL;
		}
		r->name = xstrdup(f[0]);
		r->check = check_of(f[0]);
		for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
			if (!strncmp(f[0], kinds[k].prefix, strlen(kinds[k].prefix))) {
				r->provider = kinds[k].provider;
				r->type = kinds[k].type;
				break;
			}
		best_factor(f[2], strlen(f[2]), &best);
		r->anchors = best.v;
		r->nanchors = best.n;
		s->nrules++;
	}
	nhi_buf_release(&text);
	for (size_t i = 0; i < s->nrules; i++) {
		if (!s->rules[i].nanchors) {
			snprintf(reason, sizeof(reason), "%s: rule %s has no literal to anchor on",
				 path, s->rules[i].name);
			*why = reason;
			nhi_scan_free(s);
			return NULL;
		}
		for (size_t k = 0; k < s->rules[i].nanchors; k++)
			add_anchor(s, s->rules[i].anchors[k], i);
	}
	for (int i = 0; kw_anchors[i]; i++)
		add_anchor(s, kw_anchors[i], SIZE_MAX);
	link_anchors(s);
	return s;
}

/* Positions. */

static void index_lines(struct run *r)
{
	size_t alloc = 1024;

	if (r->lines)
		return;
	r->lines = xreallocarray(NULL, alloc, sizeof(*r->lines));
	r->lines[r->nlines++] = 0;
	for (const char *p = r->buf; (p = memchr(p, '\n', (size_t)(r->buf + r->len - p))); p++) {
		if (r->nlines == alloc) {
			alloc *= 2;
			r->lines = xreallocarray(r->lines, alloc, sizeof(*r->lines));
		}
		r->lines[r->nlines++] = (size_t)(p - r->buf) + 1;
	}
}

static size_t line_of(struct run *r, size_t off)
{
	size_t lo = 0, hi;

	index_lines(r);
	hi = r->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t line_start(const char *buf, size_t off)
{
	while (off > 0 && buf[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const char *buf, size_t len, size_t off)
{
	const char *nl = memchr(buf + off, '\n', len - off);

	return nl ? (size_t)(nl - buf) : len;
}

static int word_char(int c)
{
	return isalnum(c);
}

static int allowlisted_line(struct run *r, size_t off)
{
	size_t a = line_start(r->buf, off), b = line_end(r->buf, r->len, off);

	return contains_ci(r->buf + a, b - a, "pragma: allowlist secret") ||
	       contains_ci(r->buf + a, b - a, "nhi:allow");
}

static struct hit *add_hit(struct run *r, const char *rule, const char *provider,
			   const char *type, const char *confidence, size_t off,
			   size_t len, const char *secret, size_t slen)
{
	struct hit *h;
	size_t l;

	if (allowlisted_line(r, off))
		return NULL;
	if (r->nhits >= NHI_SCAN_MAX_HITS) {
		r->over++;
		return NULL;
	}
	if (r->nhits == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 16;
		r->hits = xreallocarray(r->hits, r->alloc, sizeof(*r->hits));
	}
	h = &r->hits[r->nhits++];
	memset(h, 0, sizeof(*h));
	h->h.rule = rule;
	h->h.provider = provider;
	h->h.type = type;
	h->h.confidence = confidence;
	h->h.offset = off;
	h->h.length = len;
	l = line_of(r, off);
	h->h.line = (unsigned long)l + 1;
	h->h.column = (unsigned long)(off - r->lines[l]) + 1;
	if (secret)
		nhi_fingerprint(secret, slen, h->h.fingerprint);
	return h;
}

/* Checks. */

static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* crc_ok: the last six characters of body are the base62 CRC32 of the
 * rest (GitHub's and npm's token checksum). */
static int crc_ok(const char *body, size_t n)
{
	char want[7];
	unsigned long c;

	if (n < 12)
		return 0;
	c = crc32(0L, (const unsigned char *)body, (uInt)(n - 6));
	for (int i = 5; i >= 0; i--) {
		want[i] = b62[c % 62];
		c /= 62;
	}
	return !memcmp(want, body + n - 6, 6);
}

static int b64val(int c, int url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

/* base64_decode: padding and a trailing partial quantum tolerated; 0 on
 * a character outside the alphabet. */
static int base64_decode(const char *s, size_t n, int url, struct nhi_buf *out)
{
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		int v;

		if (s[i] == '=')
			break;
		v = b64val((unsigned char)s[i], url);
		if (v < 0)
			return 0;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			nhi_buf_addch(out, (int)((acc >> bits) & 0xff));
		}
	}
	return 1;
}

static int json_part(const char *s, size_t n, const char *need)
{
	struct nhi_buf d = NHI_BUF_INIT;
	json_t *v = NULL;
	int ok = 0;

	if (base64_decode(s, n, 1, &d))
		v = json_loadb(d.buf, d.len, 0, NULL);
	if (v && json_is_object(v))
		ok = !need || json_is_string(json_object_get(v, need));
	json_decref(v);
	nhi_buf_release(&d);
	return ok;
}

static int jwt_ok(const char *s, size_t n)
{
	const char *d1 = memchr(s, '.', n), *d2;

	if (!d1)
		return 0;
	d2 = memchr(d1 + 1, '.', n - (size_t)(d1 + 1 - s));
	if (!d2)
		return 0;
	return json_part(s, (size_t)(d1 - s), "alg") &&
	       json_part(d1 + 1, (size_t)(d2 - d1 - 1), NULL);
}

/* pem_body: the base64 characters between the BEGIN line at off and the
 * END marker, with the \n escapes and string quoting of source code
 * dropped; the end offset in *end. 0 when there is no real key. */
static int pem_body(struct run *r, size_t off, struct nhi_buf *body, size_t *end)
{
	const char *b = r->buf, *e;
	size_t i, j, stop = r->len - off > PEM_MAX ? off + PEM_MAX : r->len;
	size_t words = 0;

	if (stop - off < 10)
		return 0;
	/* past the BEGIN marker */
	e = memmem(b + off + 5, stop - off - 5, "-----", 5);
	if (!e)
		return 0;
	i = (size_t)(e - b) + 5;
	e = memmem(b + i, stop - i, "-----END", 8);
	if (!e)
		return 0;
	*end = (size_t)(e - b) + 8;
	/* prose inside ("not a real key") or an ellipsis marks a fake */
	for (j = i; j < (size_t)(e - b);) {
		size_t t = j;

		while (t < (size_t)(e - b) && islower((unsigned char)b[t]))
			t++;
		if (t > j && t - j <= 5 && (j == i || b[j - 1] == ' ') &&
		    (t == (size_t)(e - b) || b[t] == ' '))
			words++;
		j = t > j ? t : j + 1;
	}
	if (words >= 3 || memmem(b + i, (size_t)(e - b) - i, "...", 3))
		return 0;
	for (; i < (size_t)(e - b); i++) {
		int c = (unsigned char)b[i];

		if (c == '\\') {
			while (i + 1 < (size_t)(e - b) && b[i + 1] == '\\')
				i++;
			if (i + 1 < (size_t)(e - b) && strchr("nrt", b[i + 1]))
				i++;
			continue;
		}
		/* armour headers (Proc-Type:, Version:) are not key material */
		if (c == ':') {
			while (i < (size_t)(e - b) && b[i] != '\n')
				i++;
			continue;
		}
		if (b64val(c, 0) >= 0 || c == '=')
			nhi_buf_addch(body, c);
	}
	if (body->len < 64)
		return 0;
	return nhi_scan_entropy(body->buf, body->len) >= 4.5;
}

static const char *find_json_string(const char *b, size_t from, size_t to,
				    const char *key, size_t *vlen)
{
	const char *k = memmem(b + from, to - from, key, strlen(key));
	const char *p, *q;

	if (!k)
		return NULL;
	p = k + strlen(key);
	while (p < b + to && (*p == ' ' || *p == ':' || *p == '\t'))
		p++;
	if (p >= b + to || *p != '"')
		return NULL;
	for (q = ++p; q < b + to && *q != '"'; q++)
		if (*q == '\\')
			q++;
	if (q >= b + to)
		return NULL;
	*vlen = (size_t)(q - p);
	return p;
}

static void check_gcp(struct run *r, size_t off, size_t len)
{
	size_t from = off > 8192 ? off - 8192 : 0;
	size_t to = r->len - off > 16384 ? off + 16384 : r->len, klen = 0, idlen = 0, end;
	const char *key = find_json_string(r->buf, from, to, "\"private_key\"", &klen);
	const char *id = find_json_string(r->buf, from, to, "\"private_key_id\"", &idlen);
	struct nhi_buf body = NHI_BUF_INIT;
	struct run sub = *r;
	struct hit *h;
	size_t start, stop;

	(void)len;
	if (!key)
		return;
	sub.buf = key;
	sub.len = klen;
	if (!memmem(key, klen, "-----BEGIN", 10) ||
	    !pem_body(&sub, (size_t)((const char *)memmem(key, klen, "-----BEGIN", 10) - key), &body, &end)) {
		nhi_buf_release(&body);
		return;
	}
	start = off < (size_t)(key - r->buf) ? off : (size_t)(key - r->buf);
	stop = (size_t)(key - r->buf) + klen;
	if (stop < off + len)
		stop = off + len;
	h = add_hit(r, "gcp_sa_json", "gcp", "gcp_sa_key", "high", start, stop - start,
		    body.buf, body.len);
	if (h) {
		/* report the line of the "type" marker, where a reader looks */
		size_t l = line_of(r, off);

		h->h.line = (unsigned long)l + 1;
		h->h.column = (unsigned long)(off - r->lines[l]) + 1;
		if (id && idlen < sizeof(h->key_id) && idlen > 0) {
			memcpy(h->key_id, id, idlen);
			h->key_id[idlen] = 0;
			h->h.key_id = h->key_id;
		}
	}
	nhi_buf_release(&body);
}

static int value_char(int c)
{
	return c && !strchr(" \t\"'=:>", c);
}

static void on_match(struct run *r, struct rule *ru, size_t off, size_t len)
{
	const char *b = r->buf, *m = b + off;
	struct hit *h;

	/* word boundaries */
	if (off > 0 && word_char((unsigned char)b[off - 1]) && ru->check != CHECK_CTX &&
	    ru->check != CHECK_AFTER_EQ)
		return;
	if (ru->check == CHECK_CRC) {
		while (off + len < r->len && isalnum((unsigned char)b[off + len]))
			len++;
	} else if (!strcmp(ru->name, "gcp_sa_json_b64")) {
		while (off + len < r->len && (isalnum((unsigned char)b[off + len]) ||
					      b[off + len] == '+' || b[off + len] == '/' ||
					      b[off + len] == '='))
			len++;
	}
	if (off + len < r->len && word_char((unsigned char)b[off + len]) &&
	    ru->check != CHECK_DBURL && ru->check != CHECK_GCP)
		return;

	switch (ru->check) {
	case CHECK_ID:
		if (nhi_scan_placeholder(m, len))
			return;
		h = add_hit(r, ru->name, ru->provider, ru->type, "medium", off, len, NULL, 0);
		if (h && len < sizeof(h->key_id)) {
			memcpy(h->key_id, m, len);
			h->key_id[len] = 0;
			h->h.key_id = h->key_id;
		}
		return;
	case CHECK_CTX: {
		size_t v = len;

		while (v > 0 && value_char((unsigned char)m[v - 1]))
			v--;
		if (nhi_scan_placeholder(m + v, len - v) || sequence(m + v, len - v) ||
		    nhi_scan_entropy(m + v, len - v) < 3.0)
			return;
		add_hit(r, ru->name, ru->provider, ru->type, "medium", off + v, len - v, m + v, len - v);
		return;
	}
	case CHECK_CRC: {
		const char *u = memchr(m, '_', len);
		size_t body = u ? len - (size_t)(u + 1 - m) : 0;

		if (!u || !crc_ok(u + 1, body))
			return;
		add_hit(r, ru->name, ru->provider, ru->type, "high", off, len, m, len);
		return;
	}
	case CHECK_JWT:
		if (nhi_scan_placeholder(m, len) || !jwt_ok(m, len))
			return;
		add_hit(r, ru->name, ru->provider, ru->type, "high", off, len, m, len);
		return;
	case CHECK_PEM: {
		struct nhi_buf body = NHI_BUF_INIT;
		size_t end = 0;

		if (pem_body(r, off, &body, &end))
			add_hit(r, ru->name, ru->provider, ru->type, "high", off, end - off,
				body.buf, body.len);
		nhi_buf_release(&body);
		return;
	}
	case CHECK_GCP:
		check_gcp(r, off, len);
		return;
	case CHECK_DBURL: {
		const char *s = memmem(m, len, "://", 3), *c, *at;

		if (!s)
			return;
		s += 3;
		c = memchr(s, ':', len - (size_t)(s - m));
		at = c ? memchr(c, '@', len - (size_t)(c - m)) : NULL;
		if (!c || !at || at == c + 1)
			return;
		if (nhi_scan_placeholder(c + 1, (size_t)(at - c - 1)) ||
		    (size_t)(at - c - 1) < 3)
			return;
		add_hit(r, ru->name, ru->provider, ru->type, "medium", (size_t)(c + 1 - b),
			(size_t)(at - c - 1), c + 1, (size_t)(at - c - 1));
		return;
	}
	case CHECK_AFTER_EQ: {
		const char *eq = memchr(m, '=', len);

		if (!eq)
			return;
		eq++;
		if (nhi_scan_placeholder(eq, len - (size_t)(eq - m)))
			return;
		/* Azurite's published development key is not a secret */
		if (len - (size_t)(eq - m) > 10 && !memcmp(eq, "Eby8vdM02xNOcqF", 10))
			return;
		add_hit(r, ru->name, ru->provider, ru->type, "medium", (size_t)(eq - b),
			len - (size_t)(eq - m), eq, len - (size_t)(eq - m));
		return;
	}
	case CHECK_PLAIN:
	default:
		if (nhi_scan_placeholder(m, len) || sequence(m, len))
			return;
		add_hit(r, ru->name, ru->provider, ru->type, "medium", off, len, m, len);
		return;
	case CHECK_SKIP:
		return;
	}
}

static void try_rule(struct run *r, size_t ri, size_t at)
{
	struct rule *ru = &r->s->rules[ri];
	size_t ls = line_start(r->buf, at), le = line_end(r->buf, r->len, at);
	size_t ws = at - ls > WINDOW_BACK ? at - WINDOW_BACK : ls;
	size_t we = le - at > WINDOW_FWD ? at + WINDOW_FWD : le;
	size_t pos;

	if (at < ru->covered)
		return;
	if (ws < ru->covered)
		ws = ru->covered;
	ru->covered = we;
	nhi_buf_reset(&r->scratch);
	nhi_buf_add(&r->scratch, r->buf + ws, we - ws);
	/* a NUL inside the window would end the string early: blank it */
	for (size_t i = 0; i < r->scratch.len; i++)
		if (!r->scratch.buf[i])
			r->scratch.buf[i] = ' ';
	pos = 0;
	while (pos < r->scratch.len) {
		regmatch_t m[1];
		int flags = pos > 0 || ws > ls ? REG_NOTBOL : 0;

		if (regexec(&ru->re, r->scratch.buf + pos, 1, m, flags))
			break;
		if (m[0].rm_eo <= m[0].rm_so) {
			pos += (size_t)m[0].rm_so + 1;
			continue;
		}
		on_match(r, ru, ws + pos + (size_t)m[0].rm_so, (size_t)(m[0].rm_eo - m[0].rm_so));
		pos += (size_t)m[0].rm_eo;
	}
}

/* The keyword rules. */

enum kwclass { KW_NONE, KW_PASSWORD, KW_SECRET, KW_KEY };

static enum kwclass classify_part(const char *p, size_t n, const char *next, size_t nn)
{
	static const struct {
		const char *w;
		size_t n;
		enum kwclass k;
	} words[] = {
		{ "password", 8, KW_PASSWORD }, { "passwd", 6, KW_PASSWORD }, { "pwd", 3, KW_PASSWORD },
		{ "pass", 4, KW_PASSWORD }, { "passphrase", 10, KW_PASSWORD }, { "pw", 2, KW_PASSWORD },
		{ "secret", 6, KW_SECRET }, { "token", 5, KW_SECRET }, { "apikey", 6, KW_SECRET },
		{ "credential", 10, KW_SECRET }, { "credentials", 11, KW_SECRET },
		{ "bearer", 6, KW_SECRET }, { "authtoken", 9, KW_SECRET }, { "auth", 4, KW_SECRET },
		{ "key", 3, KW_KEY },
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (n == words[i].n && !strncasecmp(p, words[i].w, n))
			return words[i].k;
	if (next && n == 3 && !strncasecmp(p, "api", 3) && nn == 3 && !strncasecmp(next, "key", 3))
		return KW_SECRET;
	return KW_NONE;
}

/* ident_class: split an identifier at _ - . and camelCase and see whether
 * one of its parts names a secret. "api" "key", "access" "key", "private"
 * "key" are secrets; a lone "key" needs a stronger value. */
static enum kwclass ident_class(const char *s, size_t n)
{
	size_t starts[64], lens[64], np = 0, i = 0;
	enum kwclass best = KW_NONE;

	while (i < n && np < 64) {
		size_t j;

		while (i < n && !isalnum((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		j = i + 1;
		while (j < n && isalnum((unsigned char)s[j])) {
			int a = (unsigned char)s[j - 1], c = (unsigned char)s[j];

			if (islower(a) && isupper(c))
				break;
			if (isupper(a) && isupper(c) && j + 1 < n && islower((unsigned char)s[j + 1]))
				break;
			j++;
		}
		starts[np] = i;
		lens[np++] = j - i;
		i = j;
	}
	/* what the name ends with says what it holds */
	if (np > 1) {
		static const struct {
			const char *w;
			size_t n;
		} tail[] = {
			W("id"), W("ids"), W("identifier"), W("name"), W("names"), W("type"), W("types"),
			W("url"), W("uri"), W("path"), W("file"), W("date"), W("time"), W("at"),
			W("count"), W("changed"), W("rotation"), W("rotated"), W("created"),
			W("updated"), W("expiry"), W("expires"), W("expiration"), W("status"),
			W("enabled"), W("required"), W("length"), W("len"), W("size"), W("version"),
			W("format"), W("ttl"), W("policy"), W("header"), W("field"), W("label"),
			W("prompt"), W("description"), W("endpoint"), W("issuer"), W("audience"),
			W("scope"), W("scopes"), W("kind"), W("mode"), W("regex"), W("pattern"),
		};
		const char *q = s + starts[np - 1];
		size_t ql = lens[np - 1];

		for (size_t t = 0; t < ARRAY_SIZE(tail); t++)
			if (ql == tail[t].n && !strncasecmp(q, tail[t].w, ql))
				return KW_NONE;
	}
	for (size_t k = 0; k < np; k++) {
		const char *nx = k + 1 < np ? s + starts[k + 1] : NULL;
		size_t nl = k + 1 < np ? lens[k + 1] : 0;
		enum kwclass c = classify_part(s + starts[k], lens[k], nx, nl);

		if (c == KW_KEY && k > 0 &&
		    (classify_part(s + starts[k - 1], lens[k - 1], NULL, 0) != KW_NONE ||
		     (lens[k - 1] == 6 && (!strncasecmp(s + starts[k - 1], "access", 6) ||
					   !strncasecmp(s + starts[k - 1], "secret", 6))) ||
		     (lens[k - 1] == 7 && !strncasecmp(s + starts[k - 1], "private", 7)) ||
		     (lens[k - 1] == 3 && !strncasecmp(s + starts[k - 1], "api", 3))))
			c = KW_SECRET;
		/* "public key", "key id", "key name" are not secrets */
		if (k + 1 < np && c != KW_NONE) {
			const char *q = s + starts[k + 1];
			size_t ql = lens[k + 1];

			if ((ql == 2 && !strncasecmp(q, "id", 2)) || (ql == 4 && !strncasecmp(q, "name", 4)) ||
			    (ql == 4 && !strncasecmp(q, "file", 4)) || (ql == 4 && !strncasecmp(q, "path", 4)) ||
			    (ql == 3 && !strncasecmp(q, "url", 3)) || (ql == 4 && !strncasecmp(q, "type", 4)) ||
			    (ql == 6 && !strncasecmp(q, "length", 6)) || (ql == 3 && !strncasecmp(q, "ref", 3)) ||
			    (ql == 5 && !strncasecmp(q, "field", 5)) || (ql == 3 && !strncasecmp(q, "env", 3)) ||
			    (ql == 4 && !strncasecmp(q, "hash", 4)) || (ql == 6 && !strncasecmp(q, "policy", 6)) ||
			    (ql == 4 && !strncasecmp(q, "last", 4)) || (ql == 6 && !strncasecmp(q, "prefix", 6)) ||
			    (ql == 4 && !strncasecmp(q, "spec", 4)) || (ql == 3 && !strncasecmp(q, "ttl", 3)) ||
			    (ql == 7 && !strncasecmp(q, "expires", 7)) || (ql == 6 && !strncasecmp(q, "bundle", 6)))
				c = KW_NONE;
		}
		if (k > 0 && c != KW_NONE) {
			const char *q = s + starts[k - 1];
			size_t ql = lens[k - 1];

			if ((ql == 6 && !strncasecmp(q, "public", 6)) || (ql == 2 && !strncasecmp(q, "no", 2)) ||
			    (ql == 6 && !strncasecmp(q, "hashed", 6)) || (ql == 4 && !strncasecmp(q, "hash", 4)) ||
			    (ql == 3 && !strncasecmp(q, "csrf", 4)) || (ql == 4 && !strncasecmp(q, "csrf", 4)) ||
			    (ql == 4 && !strncasecmp(q, "sort", 4)) || (ql == 7 && !strncasecmp(q, "foreign", 7)) ||
			    (ql == 7 && !strncasecmp(q, "primary", 7)) || (ql == 5 && !strncasecmp(q, "cache", 5)) ||
			    (ql == 4 && !strncasecmp(q, "next", 4)) || (ql == 4 && !strncasecmp(q, "page", 4)))
				c = KW_NONE;
		}
		/* "PASS:" is a test result, $PWD a folder: alone they are no
		 * password, "db_pass" is */
		if (c == KW_PASSWORD && np == 1 && lens[k] <= 4)
			c = KW_NONE;
		if (c > best && !(c == KW_KEY && best != KW_NONE))
			best = c;
	}
	return best;
}

static int ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

static int dotted_name(const char *v, size_t n)
{
	int dot = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i] == '.')
			dot = 1;
		else if (!isalnum((unsigned char)v[i]) && v[i] != '_')
			return 0;
	}
	return dot;
}

static int value_ok(enum kwclass k, const char *v, size_t n, int quoted)
{
	double e;
	int hex = 1;

	/* the cheap checks first: most candidates are code, not secrets */
	if ((k == KW_PASSWORD && (n < 8 || n > 128)) || (k == KW_SECRET && (n < 16 || n > 512)) ||
	    (k == KW_KEY && (!quoted || n < 20 || n > 512)))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c < 0x21 || c >= 0x7f || strchr("()[]{}`,;|^", c))
			return 0;
		if (!isxdigit(c) && c != '-')
			hex = 0;
	}
	if (dotted_name(v, n) || memmem(v, n, "://", 3) || v[0] == '/' || v[0] == '.')
		return 0;
	/* hashes (Vault's audit HMACs) are not secrets; prefixed tokens are
	 * for their format rules (and their checksums) to judge */
	if (!strncasecmp(v, "hmac-", 5) || !strncasecmp(v, "sha1:", 5) ||
	    !strncasecmp(v, "sha256:", 7) || !strncasecmp(v, "sha512", 6) ||
	    !strncasecmp(v, "md5:", 4) || (n > 4 && v[0] == 'g' && v[1] == 'h' && v[3] == '_') ||
	    !strncmp(v, "npm_", 4) || !strncmp(v, "github_pat_", 11))
		return 0;
	/* "label:" is prose */
	if (v[n - 1] == ':')
		return 0;
	/* a path or a file name is not a secret */
	if (memchr(v, '/', n) && memchr(v, '.', n) && k != KW_SECRET)
		return 0;
	/* a date is not a secret */
	if (n >= 10 && isdigit((unsigned char)v[0]) && isdigit((unsigned char)v[3]) && v[4] == '-' &&
	    isdigit((unsigned char)v[5]) && v[7] == '-')
		return 0;
	/* a secret of letters only is a word ("credentialSpecValue"); a
	 * password of letters and _ is a name (Err_NoUser) */
	if (k == KW_PASSWORD && strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") >= n)
		return 0;
	if (k != KW_PASSWORD) {
		size_t i;

		for (i = 0; i < n && !isdigit((unsigned char)v[i]); i++)
			;
		if (i == n)
			return 0;
	}
	if (nhi_scan_placeholder(v, n) || sequence(v, n))
		return 0;
	e = nhi_scan_entropy(v, n);
	switch (k) {
	case KW_PASSWORD:
		return n >= 8 && n <= 128 && classes(v, n) >= 3 && e >= 2.5;
	case KW_SECRET:
		if (n < 16 || n > 512 || classes(v, n) < 2)
			return 0;
		return hex ? e >= 3.0 : e >= 3.5;
	case KW_KEY:
		return quoted && n >= 20 && n <= 512 && classes(v, n) >= 2 && e >= 4.0;
	default:
		return 0;
	}
}

static void keyword_at(struct run *r, size_t at, size_t le)
{
	const char *b = r->buf;
	size_t is = at, ie = at, p, vs, ve, ws;
	enum kwclass k;
	int quoted = 0, sql = 0;
	char q = 0;

	while (is > 0 && ident_char((unsigned char)b[is - 1]))
		is--;
	while (ie < le && ident_char((unsigned char)b[ie]))
		ie++;
	r->kw_covered = ie;
	if (ie - is > 200)
		return;
	if (ie - is == 10 && !strncasecmp(b + is, "identified", 10))
		k = KW_PASSWORD, sql = 1;
	else
		k = ident_class(b + is, ie - is);
	if (k == KW_NONE)
		return;
	p = ie;
	/* the closing quote or bracket of a key: "password": x, ['token'] = x */
	if (p + 1 < le && b[p] == '\\' && (b[p + 1] == '"' || b[p + 1] == '\''))
		p++;
	if (p < le && (b[p] == '"' || b[p] == '\''))
		p++;
	if (p < le && b[p] == ']')
		p++;
	ws = p;
	while (p < le && (b[p] == ' ' || b[p] == '\t'))
		p++;
	if (sql) {
		if (p + 3 <= le && !strncasecmp(b + p, "by", 2) && (b[p + 2] == ' ' || b[p + 2] == '\t'))
			p += 2;
		else
			return;
	} else if (p < le && (b[p] == '=' || b[p] == ':')) {
		if (p + 1 < le && (b[p + 1] == '=' || b[p + 1] == ':') && b[p] == b[p + 1])
			return; /* == and :: compare and scope */
		if (b[p] == ':' && p + 2 < le && b[p + 1] == '/' && b[p + 2] == '/')
			return;
		p++;
		if (p < le && (b[p] == '=' || b[p] == '>'))
			p++;
	} else if (p + 1 < le && b[p] == '-' && b[p + 1] == '>') {
		p += 2;
	} else if (k == KW_PASSWORD && p > ws && p < le && (b[p] == '\'' || b[p] == '"')) {
		/* SQL: PASSWORD 'x' */
	} else if (p < le && b[p] == '(' && k == KW_PASSWORD) {
		p++;
	} else if (k == KW_SECRET && p > ws && ie - is == 6 && !strncasecmp(b + is, "bearer", 6)) {
		/* Authorization: Bearer TOKEN */
	} else {
		return;
	}
	while (p < le && (b[p] == ' ' || b[p] == '\t' || b[p] == '('))
		p++;
	if (p < le && b[p] == '\\' && p + 1 < le && (b[p + 1] == '"' || b[p + 1] == '\''))
		p++;
	if (p < le && (b[p] == '"' || b[p] == '\'')) {
		q = b[p++];
		quoted = 1;
	}
	vs = p;
	if (quoted) {
		while (p < le && b[p] != q && !(b[p] == '\\' && p + 1 < le && b[p + 1] == q))
			p++;
		if (p >= le)
			return;
	} else {
		while (p < le && !strchr(" \t\r\"',;<)\\", b[p]))
			p++;
	}
	ve = p;
	if (ve <= vs || !value_ok(k, b + vs, ve - vs, quoted))
		return;
	add_hit(r, k == KW_PASSWORD ? "generic_password" : "generic_secret", NULL,
		k == KW_PASSWORD ? "password" : "api_key", "low", vs, ve - vs, b + vs, ve - vs);
	if (r->nhits)
		r->hits[r->nhits - 1].generic = 1;
}

static void try_keywords(struct run *r, size_t at)
{
	size_t le = line_end(r->buf, r->len, at);

	/* each identifier once, whichever of its keywords came first */
	if (at < r->kw_covered)
		return;
	keyword_at(r, at, le);
}

/* AWS pairing: a secret access key and the key id near it are one
 * credential; a 40-character key next to a lone id is one too. */
static int aws_secret_shape(const char *s, size_t n)
{
	if (n != 40)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '/' && s[i] != '+')
			return 0;
	return classes(s, n) >= 3 && nhi_scan_entropy(s, n) >= 4.0 && !sequence(s, n);
}

static void pair_aws(struct run *r)
{
	size_t n = r->nhits;

	for (size_t i = 0; i < n; i++) {
		struct hit *id = &r->hits[i];
		size_t best = SIZE_MAX;
		unsigned long dist = 7;

		if (strcmp(id->h.rule, "aws_access_key_id"))
			continue;
		for (size_t j = 0; j < n; j++) {
			struct hit *s = &r->hits[j];
			unsigned long d;

			if (s->dropped || strcmp(s->h.rule, "aws_secret_key_ctx") || s->h.key_id)
				continue;
			d = s->h.line > id->h.line ? s->h.line - id->h.line : id->h.line - s->h.line;
			if (d < dist) {
				dist = d;
				best = j;
			}
		}
		if (best == SIZE_MAX) {
			/* a bare 40-character key within three lines */
			size_t l = id->h.line - 1, from = l > 3 ? l - 3 : 0, to = l + 4;

			for (size_t ln = from; ln < to && ln < r->nlines && best == SIZE_MAX; ln++) {
				size_t a = r->lines[ln], e = line_end(r->buf, r->len, a);

				for (size_t p = a; p < e;) {
					size_t t = p;

					while (t < e && (isalnum((unsigned char)r->buf[t]) || r->buf[t] == '/' || r->buf[t] == '+'))
						t++;
					if (t - p == 40 && aws_secret_shape(r->buf + p, 40) &&
					    !nhi_scan_placeholder(r->buf + p, 40)) {
						struct hit *h = add_hit(r, "aws_secret_key_ctx", "aws", "aws_secret_key",
									"medium", p, 40, r->buf + p, 40);

						id = &r->hits[i]; /* add_hit may move the array */
						if (h)
							best = (size_t)(h - r->hits);
						break;
					}
					p = t > p ? t : p + 1;
				}
			}
		}
		if (best == SIZE_MAX)
			continue;
		memcpy(r->hits[best].key_id, id->key_id, sizeof(id->key_id));
		r->hits[best].h.key_id = r->hits[best].key_id;
		r->hits[best].h.confidence = "high";
		id->dropped = 1;
	}
}

static int cmp_hits(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->h.offset != y->h.offset)
		return x->h.offset < y->h.offset ? -1 : 1;
	if (x->h.length != y->h.length)
		return x->h.length > y->h.length ? -1 : 1;
	return strcmp(x->h.rule, y->h.rule);
}

/* drop_overlaps: a keyword hit loses to a format hit on the same bytes;
 * a hit inside another (a PEM key inside a service-account JSON) goes. */
static void drop_overlaps(struct run *r)
{
	for (size_t i = 0; i < r->nhits; i++) {
		struct hit *a = &r->hits[i];

		if (a->dropped)
			continue;
		for (size_t j = 0; j < r->nhits; j++) {
			struct hit *b = &r->hits[j];
			size_t ae = a->h.offset + a->h.length, be = b->h.offset + b->h.length;

			if (i == j || b->dropped)
				continue;
			if (b->h.offset >= ae || a->h.offset >= be)
				continue;
			if (a->generic && !b->generic) {
				a->dropped = 1;
				break;
			}
			if (a->generic == b->generic && a->h.offset >= b->h.offset && ae <= be &&
			    (a->h.offset != b->h.offset || ae != be || i > j)) {
				a->dropped = 1;
				break;
			}
		}
	}
}

size_t nhi_scan_buffer(struct nhi_scanner *s, const char *buf, size_t len,
		       nhi_scan_fn *fn, void *ctx)
{
	const unsigned char *lc = lower_table();
	const unsigned char *u = (const unsigned char *)buf;
	struct run r = { 0 };

	r.s = s;
	r.buf = buf;
	r.len = len;
	nhi_buf_init(&r.scratch);
	for (size_t i = 0; i < s->nrules; i++)
		s->rules[i].covered = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned key = (unsigned)lc[u[i]] << 8 | lc[u[i + 1]];
		struct anchor *a;

		if (!(s->bits[key >> 6] & ((uint64_t)1 << (key & 63))))
			continue;
		a = s->table[key];

		for (; a; a = a->next) {
			size_t k;

			if (a->len > len - i)
				continue;
			for (k = 2; k < a->len && lc[u[i + k]] == (unsigned char)a->text[k]; k++)
				;
			if (k < a->len)
				continue;
			if (a->rule == SIZE_MAX)
				try_keywords(&r, i);
			else
				try_rule(&r, a->rule, i);
		}
	}
	if (r.nhits) {
		index_lines(&r);
		pair_aws(&r);
		qsort(r.hits, r.nhits, sizeof(*r.hits), cmp_hits);
		for (size_t i = 0; i < r.nhits; i++)
			if (r.hits[i].h.key_id)
				r.hits[i].h.key_id = r.hits[i].key_id;
		drop_overlaps(&r);
		for (size_t i = 0; i < r.nhits; i++)
			if (!r.hits[i].dropped)
				fn(&r.hits[i].h, ctx);
	}
	free(r.hits);
	free(r.lines);
	nhi_buf_release(&r.scratch);
	return r.over;
}
