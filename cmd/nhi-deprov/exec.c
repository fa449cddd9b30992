/* exec.c: performing a step on a live system through lib/http, or writing
 * it as one safely quoted shell command. Base URLs come from nhi.yaml
 * (api.aws, api.github, ...), tokens from the environment, never argv. */
#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "deprov.h"
#include "http.h"
#include "input.h"
#include "ndjson.h"
#include "record.h"
#include "secretenv.h"
#include "xalloc.h"
#include "banned.h"

static const struct api {
	const char *system, *default_base, *token_env, *header_fmt;
} apis[] = {
	{ "aws", "https://iam.amazonaws.com", NULL, NULL },
	{ "github", "https://api.github.com", "GITHUB_TOKEN", "Authorization: Bearer %s" },
	{ "gitlab", "https://gitlab.com", "GITLAB_TOKEN", "PRIVATE-TOKEN: %s" },
	{ "k8s", NULL, "KUBE_TOKEN", "Authorization: Bearer %s" },
	{ "okta", NULL, "OKTA_API_TOKEN", "Authorization: SSWS %s" },
	{ "vault", NULL, "VAULT_TOKEN", "X-Vault-Token: %s" },
};

static const struct api *api_of(const char *system)
{
	for (size_t i = 0; i < ARRAY_SIZE(apis); i++)
		if (!strcmp(apis[i].system, system))
			return &apis[i];
	return NULL;
}

static const char *base_url(const struct api *a)
{
	char key[64];
	const char *v;

	snprintf(key, sizeof(key), "api.%s", a->system);
	v = json_string_value(nhi_config_get(key));
	if (!v && !strcmp(a->system, "vault"))
		v = getenv("VAULT_ADDR");
	return v ? v : a->default_base;
}


/* Client-side rate limit: rate_limit.SYSTEM calls per second. */
static void pace(const char *system)
{
	static struct { char system[16]; struct timespec last; } seen[8];
	char key[64];
	double rate;
	struct timespec now;

	snprintf(key, sizeof(key), "rate_limit.%s", system);
	rate = json_number_value(nhi_config_get(key));
	if (rate <= 0)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(seen); i++) {
		if (seen[i].system[0] && strcmp(seen[i].system, system))
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (seen[i].system[0]) {
			double gap = (double)(now.tv_sec - seen[i].last.tv_sec) +
				     (double)(now.tv_nsec - seen[i].last.tv_nsec) / 1e9;
			double wait = 1.0 / rate - gap;

			if (wait > 0) {
				struct timespec ts = { (time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9) };
				nanosleep(&ts, NULL);
			}
		}
		snprintf(seen[i].system, sizeof(seen[i].system), "%s", system);
		clock_gettime(CLOCK_MONOTONIC, &seen[i].last);
		return;
	}
}

static void form_escape(struct nhi_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			nhi_buf_addch(b, c);
		else
			nhi_buf_addf(b, "%%%02X", c);
	}
}

/* aws_error_code: the <Code> of an IAM Query API error answer. */
static void aws_error_code(const char *xml, char *out, size_t n)
{
	const char *a = strstr(xml, "<Code>"), *e;

	out[0] = '\0';
	if (a && (e = strstr(a, "</Code>")))
		snprintf(out, n, "%.*s", (int)(e - a - 6), a + 6);
}

static int exec_aws(const char *operation, const json_t *args, char *why, size_t whylen)
{
	struct nhi_http_request req = { 0 };
	struct nhi_http_response resp;
	struct nhi_buf body = NHI_BUF_INIT, url = NHI_BUF_INIT, tok = NHI_BUF_INIT;
	const char *headers[3] = { "Content-Type: application/x-www-form-urlencoded; charset=utf-8", NULL, NULL };
	char *key = nhi_secret_env("AWS_ACCESS_KEY_ID"), *secret = nhi_secret_env("AWS_SECRET_ACCESS_KEY"),
	     *session = nhi_secret_env("AWS_SESSION_TOKEN"), code[128];
	const char *k;
	json_t *v;
	int rc;

	if (!key || !secret) {
		snprintf(why, whylen, "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
		nhi_secret_free(key);
		nhi_secret_free(secret);
		nhi_secret_free(session);
		return -1;
	}
	nhi_buf_adds(&body, "Action=");
	form_escape(&body, operation);
	nhi_buf_adds(&body, "&Version=2010-05-08");
	json_object_foreach((json_t *)args, k, v) {
		if (!json_is_string(v))
			continue;
		nhi_buf_addf(&body, "&%s=", k);
		form_escape(&body, json_string_value(v));
	}
	if (session) {
		nhi_buf_addf(&tok, "X-Amz-Security-Token: %s", session);
		headers[1] = tok.buf;
	}
	nhi_buf_addf(&url, "%s/", base_url(api_of("aws")));
	req.method = "POST";
	req.url = url.buf;
	req.body = body.buf;
	req.body_len = body.len;
	req.headers = headers;
	req.aws_sigv4 = "aws:amz:us-east-1:iam";
	req.aws_key_id = key;
	req.aws_secret = secret;
	nhi_http_response_init(&resp);
	pace("aws");
	rc = nhi_http_do(&req, &resp);
	if (rc) {
		aws_error_code(resp.body.buf, code, sizeof(code));
		if (!strcmp(code, "NoSuchEntity")) {
			rc = 1;
		} else {
			snprintf(why, whylen, "%s: %s%s%s", url.buf, resp.error,
				 code[0] ? " " : "", code);
			rc = -1;
		}
	}
	nhi_http_response_release(&resp);
	nhi_buf_release(&body);
	nhi_buf_release(&url);
	if (tok.len)
		memset(tok.buf, 0, tok.len);
	nhi_buf_release(&tok);
	nhi_secret_free(key);
	nhi_secret_free(secret);
	nhi_secret_free(session);
	return rc;
}

/* strip_server_fields: what the API server set is dropped before a saved
 * manifest is created again. */
static void strip_server_fields(json_t *m)
{
	json_t *md = json_object_get(m, "metadata");
	static const char *const drop[] = { "resourceVersion", "uid", "creationTimestamp",
					    "managedFields", "selfLink", "generation" };

	for (size_t i = 0; i < ARRAY_SIZE(drop); i++)
		json_object_del(md, drop[i]);
	json_object_del(m, "status");
}

static int exec_rest(const char *system, const char *method, const char *path,
		     const json_t *jbody, json_t **answer, char *why, size_t whylen)
{
	const struct api *a = api_of(system);
	struct nhi_http_request req = { 0 };
	struct nhi_http_response resp;
	struct nhi_buf url = NHI_BUF_INIT, auth = NHI_BUF_INIT, body = NHI_BUF_INIT;
	const char *headers[4] = { "Accept: application/json", NULL, NULL, NULL };
	char *token;
	int rc;

	if (!a || !base_url(a)) {
		snprintf(why, whylen, "no base URL for %s: set api.%s in nhi.yaml", system, system);
		return -1;
	}
	token = nhi_secret_env(a->token_env);
	if (!token) {
		snprintf(why, whylen, "no %s token: set %s or %s_FILE", system, a->token_env, a->token_env);
		return -1;
	}
	nhi_buf_addf(&auth, a->header_fmt, token);
	headers[1] = auth.buf;
	nhi_buf_addf(&url, "%s%s", base_url(a), path);
	if (jbody) {
		nhi_json_dump(jbody, &body);
		headers[2] = "Content-Type: application/json";
		req.body = body.buf;
		req.body_len = body.len;
	}
	req.method = method;
	req.url = url.buf;
	req.headers = headers;
	nhi_http_response_init(&resp);
	pace(system);
	rc = nhi_http_do(&req, &resp);
	if (rc && resp.status == 404 && !strcmp(method, "DELETE")) {
		rc = 1; /* already gone */
	} else if (rc) {
		snprintf(why, whylen, "%s: %s", url.buf, resp.error);
	} else if (answer) {
		*answer = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	}
	nhi_http_response_release(&resp);
	memset(auth.buf, 0, auth.len);
	nhi_secret_free(token);
	nhi_buf_release(&auth);
	nhi_buf_release(&url);
	nhi_buf_release(&body);
	return rc;
}

static int delete_line(const char *path, long long line, char *why, size_t whylen)
{
	struct nhi_buf in = NHI_BUF_INIT, out = NHI_BUF_INIT, tmp = NHI_BUF_INIT;
	const char *err = nhi_input_slurp(path, 64u << 20, &in);
	long long n = 1;
	struct stat st;
	FILE *f;
	int rc = 0;

	if (err) {
		snprintf(why, whylen, "%s: %s", path, err);
		nhi_buf_release(&in);
		return errno == ENOENT ? 1 : -1;
	}
	for (size_t i = 0; i < in.len; i++) {
		if (n != line)
			nhi_buf_addch(&out, in.buf[i]);
		if (in.buf[i] == '\n')
			n++;
	}
	if (line > n || (line == n && (!in.len || in.buf[in.len - 1] == '\n'))) {
		snprintf(why, whylen, "%s: has no line %lld", path, line);
		rc = -1;
		goto done;
	}
	nhi_buf_addf(&tmp, "%s.nhi-tmp", path);
	f = fopen(tmp.buf, "w");
	if (!f || fwrite(out.buf, 1, out.len, f) != out.len || fclose(f) != 0 ||
	    (stat(path, &st) == 0 && chmod(tmp.buf, st.st_mode & 07777) != 0) ||
	    rename(tmp.buf, path) != 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
done:
	memset(in.buf, 0, in.len);
	memset(out.buf, 0, out.len);
	nhi_buf_release(&in);
	nhi_buf_release(&out);
	nhi_buf_release(&tmp);
	return rc;
}

int deprov_exec(const json_t *step, const char *operation, const json_t *args,
		json_t **saved, char *why, size_t whylen)
{
	const char *system = nhi_get_str(step, "system");

	why[0] = '\0';
	if (!strcmp(system, "aws"))
		return exec_aws(operation, args, why, whylen);
	if (!strcmp(system, "file"))
		return delete_line(nhi_get_str(args, "path"),
				   json_integer_value(json_object_get(args, "line")), why, whylen);
	if (json_is_true(json_object_get(args, "save")) && saved) {
		int rc = exec_rest(system, "GET", nhi_get_str(args, "path"), NULL, saved, why, whylen);

		if (rc == 1 || (rc == -1 && strstr(why, "HTTP 404"))) {
			why[0] = '\0';
			return 1;
		}
		if (rc)
			return rc;
		if (*saved)
			strip_server_fields(*saved);
	}
	return exec_rest(system, nhi_get_str(args, "method"), nhi_get_str(args, "path"),
			 json_object_get(args, "body"), NULL, why, whylen);
}

/* kebab: UpdateAccessKey -> update-access-key. */
static void kebab(struct nhi_buf *b, const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		if (isupper((unsigned char)s[i]) && i &&
		    (islower((unsigned char)s[i - 1]) || (s[i + 1] && islower((unsigned char)s[i + 1]))))
			nhi_buf_addch(b, '-');
		nhi_buf_addch(b, tolower((unsigned char)s[i]));
	}
}

void deprov_emit_sh(const json_t *step, const char *operation, const json_t *args,
		    struct nhi_buf *out)
{
	const char *system = nhi_get_str(step, "system"), *k;
	json_t *v;

	if (!strcmp(system, "aws")) {
		nhi_buf_adds(out, "aws iam ");
		kebab(out, operation);
		json_object_foreach((json_t *)args, k, v) {
			if (!json_is_string(v))
				continue;
			nhi_buf_adds(out, " --");
			kebab(out, k);
			nhi_buf_addch(out, ' ');
			nhi_buf_add_shell_quoted(out, json_string_value(v));
		}
	} else if (!strcmp(system, "file")) {
		nhi_buf_addf(out, "sed -i -e '%lldd' -- ",
			     (long long)json_integer_value(json_object_get(args, "line")));
		nhi_buf_add_shell_quoted(out, nhi_get_str(args, "path"));
	} else {
		const struct api *a = api_of(system);
		json_t *body = json_object_get(args, "body");
		struct nhi_buf url = NHI_BUF_INIT;

		if (body) {
			struct nhi_buf j = NHI_BUF_INIT;

			nhi_json_dump(body, &j);
			nhi_buf_adds(out, "printf '%s' ");
			nhi_buf_add_shell_quoted(out, j.buf);
			nhi_buf_adds(out, " | ");
			nhi_buf_release(&j);
		}
		nhi_buf_addf(&url, "%s%s", a && base_url(a) ? base_url(a) : "", nhi_get_str(args, "path"));
		nhi_buf_adds(out, "curl -fsS -X ");
		nhi_buf_adds(out, nhi_get_str(args, "method"));
		if (a) {
			/* The token stays in the environment: "$VAR" expands when run. */
			const char *pct = strstr(a->header_fmt, "%s");

			nhi_buf_addf(out, " -H \"%.*s$%s\"", (int)(pct - a->header_fmt),
				     a->header_fmt, a->token_env);
		}
		if (body)
			nhi_buf_adds(out, " -H 'Content-Type: application/json' --data-binary @-");
		nhi_buf_adds(out, " -- ");
		nhi_buf_add_shell_quoted(out, url.buf);
		nhi_buf_release(&url);
	}
	nhi_buf_addch(out, '\n');
}
