#include "compat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "http.h"
#include "num.h"
#include "xalloc.h"
#include "banned.h"

/* Answers are bounded so a hostile server cannot exhaust memory. */
#define MAX_BODY (256u << 20)

void nhi_http_response_init(struct nhi_http_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	nhi_buf_init(&resp->body);
}

void nhi_http_response_release(struct nhi_http_response *resp)
{
	nhi_buf_release(&resp->body);
	free(resp->link_next);
	free(resp->retry_after);
	resp->link_next = resp->retry_after = NULL;
}

static size_t on_body(char *p, size_t size, size_t n, void *data)
{
	struct nhi_buf *b = data;

	if (b->len + size * n > MAX_BODY)
		return 0; /* makes libcurl fail with a write error */
	nhi_buf_add(b, p, size * n);
	return size * n;
}

char *nhi_http_link_next(const char *link)
{
	const char *p = link;

	/* Link: <url1>; rel="prev", <url2>; rel="next" */
	while (p && (p = strchr(p, '<'))) {
		const char *end = strchr(p, '>'), *params, *next;

		if (!end)
			return NULL;
		params = end + 1;
		next = strchr(params, '<');
		size_t plen = next ? (size_t)(next - params) : strlen(params);
		char *chunk = xmemdupz(params, plen);
		int is_next = strstr(chunk, "rel=\"next\"") || strstr(chunk, "rel=next");

		free(chunk);
		if (is_next)
			return xmemdupz(p + 1, (size_t)(end - p - 1));
		p = end;
	}
	return NULL;
}

static size_t on_header(char *p, size_t size, size_t n, void *data)
{
	struct nhi_http_response *resp = data;
	size_t len = size * n;
	char *line = xmemdupz(p, len), *colon, *v;

	/* A new status line (after a redirect or 100) starts afresh. */
	if (!strncmp(line, "HTTP/", 5)) {
		free(resp->link_next);
		free(resp->retry_after);
		resp->link_next = resp->retry_after = NULL;
	}
	colon = strchr(line, ':');
	if (colon) {
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		v[strcspn(v, "\r\n")] = '\0';
		if (!strcasecmp(line, "Link")) {
			free(resp->link_next);
			resp->link_next = nhi_http_link_next(v);
		} else if (!strcasecmp(line, "Retry-After") ||
			   (!strcasecmp(line, "X-RateLimit-Reset") && !resp->retry_after)) {
			free(resp->retry_after);
			resp->retry_after = xstrdup(v);
		}
	}
	free(line);
	return len;
}

static int retryable(long status, CURLcode rc)
{
	if (rc != CURLE_OK)
		return rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_CONNECT ||
		       rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR ||
		       rc == CURLE_GOT_NOTHING || rc == CURLE_PARTIAL_FILE;
	return status == 429 || status >= 500;
}

static long backoff_ms(int attempt, const char *retry_after)
{
	long long v, base = 500;
	const char *env = getenv("NHI_HTTP_BACKOFF_MS");
	long wait;

	if (env && !nhi_parse_int(env, 0, 60000, &v))
		base = v;
	wait = (long)(base << (attempt < 10 ? attempt : 10));
	if (retry_after && !nhi_parse_int(retry_after, 0, 1LL << 40, &v)) {
		/* Seconds to wait, or (X-RateLimit-Reset) the epoch second to wait for. */
		if (v > 1000000000LL)
			v -= (long long)time(NULL);
		if (v < 0)
			v = 0;
		wait = (long)(v * 1000 < base ? base : v * 1000);
		if (env)
			wait = (long)base; /* tests run fast: the base stands for any wait */
	}
	return wait > 30000 ? 30000 : wait;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static int has_userinfo(const char *url)
{
	const char *p = strstr(url, "://"), *end;

	if (!p)
		return 0;
	p += 3;
	end = p + strcspn(p, "/?#");
	return memchr(p, '@', (size_t)(end - p)) != NULL;
}

int nhi_http_do(const struct nhi_http_request *req, struct nhi_http_response *resp)
{
	static int inited;
	struct curl_slist *headers = NULL;
	char errbuf[CURL_ERROR_SIZE];
	int max = req->max_attempts > 0 ? req->max_attempts : 5;
	CURL *c;
	CURLcode rc = CURLE_OK;

	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = 1;
	}
	if (has_userinfo(req->url)) {
		snprintf(resp->error, sizeof(resp->error), "credentials in a URL are refused");
		return -1;
	}
	c = curl_easy_init();
	if (!c) {
		snprintf(resp->error, sizeof(resp->error), "cannot start libcurl");
		return -1;
	}
	for (const char *const *h = req->headers; h && *h; h++)
		headers = curl_slist_append(headers, *h);
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ? req->timeout_ms : 30000L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (req->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, req->ca_file);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "nhi/" NHI_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method ? req->method : "GET");
	if (req->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)req->body_len);
	}
	if (req->aws_sigv4) {
		curl_easy_setopt(c, CURLOPT_AWS_SIGV4, req->aws_sigv4);
		curl_easy_setopt(c, CURLOPT_USERNAME, req->aws_key_id);
		curl_easy_setopt(c, CURLOPT_PASSWORD, req->aws_secret);
	}
	for (resp->attempts = 1;; resp->attempts++) {
		errbuf[0] = '\0';
		nhi_buf_reset(&resp->body);
		resp->status = 0;
		rc = curl_easy_perform(c);
		if (rc == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
		if (resp->attempts >= max || !retryable(resp->status, rc))
			break;
		sleep_ms(backoff_ms(resp->attempts - 1, resp->retry_after));
	}
	if (rc != CURLE_OK)
		snprintf(resp->error, sizeof(resp->error), "(%d) %s", (int)rc,
			 errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else if (resp->status >= 400)
		snprintf(resp->error, sizeof(resp->error), "HTTP %ld", resp->status);
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	return rc == CURLE_OK && resp->status < 400 ? 0 : -1;
}
