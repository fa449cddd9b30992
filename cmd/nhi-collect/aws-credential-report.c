/* aws-credential-report: the IAM credential report (the CSV itself, the
 * JSON of `aws iam get-credential-report` with the CSV in base64 Content,
 * or rows as objects) into identity and credential records: access keys 1
 * and 2, signing certificates 1 and 2, the console password, MFA.
 * The report names no access key id: a key is "aws:key:<user ARN>#N"
 * unless --access-keys gives list-access-keys output to match it by date. */
#include "compat.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "diag.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

#define COLLECTOR "aws-credential-report"
#define MAX_FIELDS 64

static json_t *known_keys; /* AccessKeyMetadata entries from --access-keys */

/* A row, whichever way it came: names and values side by side. */
struct row {
	const char *const *names;
	const char *const *values;
	size_t n;
	const json_t *obj; /* or an object */
};

static const char *get(const struct row *r, const char *name)
{
	const char *v = NULL;

	if (r->obj) {
		const json_t *x = json_object_get(r->obj, name);

		if (json_is_string(x))
			v = json_string_value(x);
		else if (json_is_true(x))
			v = "true";
		else if (json_is_false(x))
			v = "false";
	} else {
		for (size_t i = 0; i < r->n; i++)
			if (!strcmp(r->names[i], name)) {
				v = r->values[i];
				break;
			}
	}
	return v && *v ? v : NULL;
}

static int truthy(const char *v)
{
	return v && !strcmp(v, "true");
}

static void set_time(json_t *rec, const char *key, const char *v)
{
	if (v)
		nhi_set_str(rec, key, nhi_time_normalize(v));
}

/* value: a report value that is not one of its "no value" sentinels. */
static const char *value(const char *v)
{
	if (!v || !strcmp(v, "N/A") || !strcmp(v, "no_information") ||
	    !strcmp(v, "not_supported"))
		return NULL;
	return v;
}

/* set_last_used: the identity's last use, the latest of its password's
 * and its keys'. */
static void set_last_used(json_t *rec, const struct row *r)
{
	static const char *const cols[] = {
		"password_last_used", "access_key_1_last_used_date",
		"access_key_2_last_used_date",
	};
	int64_t best = 0, t;

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		const char *v = value(get(r, cols[i]));

		if (v && nhi_time_parse(v, &t) == NHI_TIME_SET && t > best)
			best = t;
	}
	nhi_set_time(rec, "last_used", best);
}

static const char *known_key(const char *user, const char *created)
{
	size_t i;
	json_t *k;
	const char *c = created ? nhi_time_normalize(created) : NULL;
	char norm[NHI_TIME_BUFSZ];

	if (!c)
		return NULL;
	snprintf(norm, sizeof(norm), "%s", c);
	json_array_foreach(known_keys, i, k) {
		const char *u = nhi_get_str(k, "UserName");
		const char *d = nhi_get_str(k, "CreateDate");
		const char *kd = d ? nhi_time_normalize(d) : NULL;

		if (u && !strcmp(u, user) && kd && !strcmp(kd, norm))
			return nhi_get_str(k, "AccessKeyId");
	}
	return NULL;
}

static void source(json_t *rec, const char *file, unsigned long line,
		   const char *pointer)
{
	nhi_set_source(rec, COLLECTOR, file, line, pointer);
}

static void do_row(const struct row *r, const char *file, unsigned long line,
		   const char *pointer)
{
	const char *user = get(r, "user"), *arn = get(r, "arn");
	int root = user && !strcmp(user, "<root_account>");
	int mfa = truthy(get(r, "mfa_active"));
	struct nhi_buf id = NHI_BUF_INIT, cid = NHI_BUF_INIT, key = NHI_BUF_INIT;
	json_t *rec;
	const char *acct_end, *acct;

	if (!user || !arn || strncmp(arn, "arn:", 4)) {
		collect_reject(file, line, "%s%srow has no user or arn",
			       pointer ? pointer : "", pointer ? ": " : "");
		return;
	}
	nhi_buf_addf(&id, "aws:%s", arn);
	rec = nhi_record_new("identity");
	nhi_set_str(rec, "id", id.buf);
	nhi_set_str(rec, "system", "aws");
	nhi_set_str(rec, "type", root ? "aws_root" : "iam_user");
	nhi_set_str(rec, "name", root ? "root" : user);
	acct = arn;
	for (int k = 0; k < 4 && acct; k++)
		if ((acct = strchr(acct, ':')))
			acct++;
	acct_end = acct ? strchr(acct, ':') : NULL;
	if (acct_end && acct_end > acct)
		nhi_set_strn(rec, "account", acct, (size_t)(acct_end - acct));
	nhi_set_str(rec, "arn", arn);
	set_time(rec, "created", value(get(r, "user_creation_time")));
	set_last_used(rec, r);
	nhi_set_bool(rec, "mfa", mfa);
	source(rec, file, line, pointer);
	nhi_emit_steal(rec);

	/* The console password; the root user's is always there. */
	if (truthy(get(r, "password_enabled")) ||
	    (root && value(get(r, "password_last_used")))) {
		rec = nhi_record_new("credential");
		nhi_buf_addf(&cid, "aws:password:%s", arn);
		nhi_set_str(rec, "id", cid.buf);
		nhi_set_str(rec, "identity", id.buf);
		nhi_set_str(rec, "type", "aws_console_password");
		nhi_set_bool(rec, "static", 1);
		nhi_set_str(rec, "status", "active");
		set_time(rec, "created", value(get(r, "password_last_changed")));
		set_time(rec, "expires", value(get(r, "password_next_rotation")));
		set_time(rec, "last_used", value(get(r, "password_last_used")));
		nhi_set_bool(rec, "mfa", mfa);
		source(rec, file, line, pointer);
		nhi_emit_steal(rec);
	}
	for (int n = 1; n <= 2; n++) {
		char f[64];
		const char *active, *rotated, *kid;

		snprintf(f, sizeof(f), "access_key_%d_active", n);
		active = get(r, f);
		snprintf(f, sizeof(f), "access_key_%d_last_rotated", n);
		rotated = value(get(r, f));
		if (!truthy(active) && !rotated)
			continue; /* no such key */
		kid = known_key(user, rotated);
		rec = nhi_record_new("credential");
		nhi_buf_reset(&cid);
		if (kid)
			nhi_buf_addf(&cid, "aws:key:%s", kid);
		else
			nhi_buf_addf(&cid, "aws:key:%s#%d", arn, n);
		nhi_set_str(rec, "id", cid.buf);
		nhi_set_str(rec, "identity", id.buf);
		nhi_set_str(rec, "type", "aws_access_key");
		nhi_set_str(rec, "key_id", kid);
		nhi_set_bool(rec, "static", 1);
		nhi_set_str(rec, "status", truthy(active) ? "active" : "inactive");
		set_time(rec, "created", rotated);
		snprintf(f, sizeof(f), "access_key_%d_last_used_date", n);
		set_time(rec, "last_used", value(get(r, f)));
		snprintf(f, sizeof(f), "access_key_%d_last_used_service", n);
		nhi_set_str(rec, "last_used_service", value(get(r, f)));
		snprintf(f, sizeof(f), "access_key_%d_last_used_region", n);
		nhi_set_str(rec, "last_used_region", value(get(r, f)));
		nhi_set_int(rec, "slot", n);
		source(rec, file, line, pointer);
		nhi_emit_steal(rec);
	}
	for (int n = 1; n <= 2; n++) {
		char f[64];
		const char *active, *rotated;

		snprintf(f, sizeof(f), "cert_%d_active", n);
		active = get(r, f);
		snprintf(f, sizeof(f), "cert_%d_last_rotated", n);
		rotated = value(get(r, f));
		if (!truthy(active) && !rotated)
			continue;
		rec = nhi_record_new("credential");
		nhi_buf_reset(&cid);
		nhi_buf_addf(&cid, "aws:cert:%s#%d", arn, n);
		nhi_set_str(rec, "id", cid.buf);
		nhi_set_str(rec, "identity", id.buf);
		nhi_set_str(rec, "type", "aws_signing_certificate");
		nhi_set_bool(rec, "static", 1);
		nhi_set_str(rec, "status", truthy(active) ? "active" : "inactive");
		set_time(rec, "created", rotated);
		nhi_set_int(rec, "slot", n);
		source(rec, file, line, pointer);
		nhi_emit_steal(rec);
	}
	nhi_buf_release(&id);
	nhi_buf_release(&cid);
	nhi_buf_release(&key);
}

/* split: one CSV record (RFC 4180 quotes, no newline inside a field, as
 * the report never has one) into fields, in place. -1 when malformed. */
static int split(char *s, char **fields, int max)
{
	int n = 0;
	char *w = s;

	for (;;) {
		char *start = w;

		if (n == max)
			return -1;
		if (*s == '"') {
			s++;
			for (;;) {
				if (!*s)
					return -1;
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*w++ = *s++;
				}
			}
			if (*s && *s != ',')
				return -1;
		} else {
			while (*s && *s != ',')
				*w++ = *s++;
		}
		fields[n++] = start;
		if (!*s) {
			*w = 0;
			return n;
		}
		*w++ = 0;
		s++;
	}
}

static void csv(const char *name, const char *buf, size_t len)
{
	char *text = xmemdupz(buf, len), *p = text, *nl;
	char *names[MAX_FIELDS], *values[MAX_FIELDS];
	int nnames = -1;
	unsigned long line = 0;

	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	for (; p && *p; p = nl) {
		size_t n;
		int nv;

		nl = strchr(p, '\n');
		if (nl)
			*nl++ = 0;
		line++;
		n = strlen(p);
		if (n && p[n - 1] == '\r')
			p[--n] = 0;
		if (!n)
			continue;
		if (nnames < 0) {
			nnames = split(p, names, MAX_FIELDS);
			if (nnames < 2 || strcmp(names[0], "user") || strcmp(names[1], "arn")) {
				collect_reject(name, line, "not a credential report: the header is not user,arn,...");
				break;
			}
			continue;
		}
		nv = split(p, values, MAX_FIELDS);
		if (nv < 0) {
			collect_reject(name, line, "malformed quoted field");
			continue;
		}
		if (nv != nnames) {
			collect_reject(name, line, "expected %d fields, found %d", nnames, nv);
			continue;
		}
		do_row(&(struct row){ (const char *const *)names,
				      (const char *const *)values, (size_t)nv, NULL },
		       name, line, NULL);
	}
	free(text);
}

static int b64(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* base64: s decoded into out; 0 when it is not base64. */
static int base64(const char *s, size_t n, struct nhi_buf *out)
{
	unsigned v = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		int d;

		if (s[i] == '=' || s[i] == '\n' || s[i] == '\r')
			continue;
		if ((d = b64((unsigned char)s[i])) < 0)
			return 0;
		v = (v << 6) | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			nhi_buf_addch(out, (int)((v >> bits) & 0xff));
		}
	}
	return 1;
}

static void rows(const json_t *a, const char *name, const char *base)
{
	size_t i;
	json_t *e;
	struct nhi_buf ptr = NHI_BUF_INIT;

	json_array_foreach(a, i, e) {
		nhi_buf_reset(&ptr);
		nhi_buf_addf(&ptr, "%s/%zu", base, i);
		if (!json_is_object(e)) {
			collect_reject(name, 0, "%s: row is not an object", ptr.buf);
			continue;
		}
		do_row(&(struct row){ NULL, NULL, 0, e }, name, 0, ptr.buf);
	}
	nhi_buf_release(&ptr);
}

static json_t *parse(const char *name, const char *buf, size_t len)
{
	json_error_t err;
	json_t *v = json_loadb(buf, len, 0, &err);

	if (!v)
		collect_reject(name, (unsigned long)(err.line > 0 ? err.line : 0),
			       "invalid JSON: %s at column %d", nhi_json_error_text(&err),
			       err.column);
	return v;
}

static void read_file(const char *name, const char *buf, size_t len, void *ctx)
{
	size_t k = 0;
	json_t *v;
	const json_t *content;

	(void)ctx;
	while (k < len && strchr(" \t\r\n", buf[k]))
		k++;
	if (k >= len || (buf[k] != '{' && buf[k] != '[')) {
		csv(name, buf, len);
		return;
	}
	v = parse(name, buf, len);
	if (!v)
		return;
	content = json_object_get(v, "Content");
	if (json_is_array(v)) {
		rows(v, name, "");
	} else if (json_is_array(json_object_get(v, "CredentialReport"))) {
		rows(json_object_get(v, "CredentialReport"), name, "/CredentialReport");
	} else if (json_is_string(content)) {
		struct nhi_buf text = NHI_BUF_INIT;

		if (base64(json_string_value(content), json_string_length(content), &text))
			csv(name, text.buf, text.len);
		else
			collect_reject(name, 0, "/Content: not base64");
		nhi_buf_release(&text);
	} else {
		collect_reject(name, 0, "not a credential report: no Content");
	}
	json_decref(v);
}

static void read_keys(const char *name, const char *buf, size_t len, void *ctx)
{
	json_t *v = parse(name, buf, len);
	json_t *m = json_object_get(v, "AccessKeyMetadata");

	(void)ctx;
	if (v && !json_is_array(m))
		collect_reject(name, 0, "not list-access-keys output: no AccessKeyMetadata");
	else if (v)
		json_array_extend(known_keys, m);
	json_decref(v);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect aws-credential-report [OPTION...] [FILE...]\n\n"
		   "Options:\n"
		   "      --access-keys FILE  list-access-keys output naming the keys\n"
		   NHI_COMMON_USAGE);
	exit(status);
}

int collect_aws_credential_report(int argc, char **argv)
{
	enum { OPT_KEYS = NHI_OPT_PROGRAM };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "access-keys", required_argument, NULL, OPT_KEYS },
		{ 0 }
	};
	char *keyfiles[64];
	int nkeys = 0, c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_KEYS) {
			if (nkeys == (int)ARRAY_SIZE(keyfiles))
				nhi_usage_error(usage, "--access-keys: at most %zu files",
						ARRAY_SIZE(keyfiles));
			keyfiles[nkeys++] = optarg;
		} else {
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	nhi_common_start();
	known_keys = json_array();
	if (nkeys)
		collect_each_file(nkeys, keyfiles, NULL, read_keys, NULL);
	collect_each_file(argc - optind, argv + optind, NULL, read_file, NULL);
	json_decref(known_keys);
	return 0;
}
