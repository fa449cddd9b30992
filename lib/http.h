/* http.h: one HTTP request with libcurl, retried the way remote APIs ask.
 *
 * TLS verification is always on; proxies come from the environment (libcurl
 * reads http_proxy, https_proxy, no_proxy). Credentials go in headers or in
 * libcurl's AWS SigV4 signer, never in URLs: nhi_http_do refuses a URL with
 * user information. 429 and 5xx answers and transport errors are retried
 * with exponential backoff (base 500 ms, capped at 30 s per wait),
 * honouring Retry-After and X-RateLimit-Reset. $NHI_HTTP_BACKOFF_MS, for
 * tests, sets the base and also stands for any Retry-After wait, so a test
 * of rate limiting takes milliseconds. */
#ifndef NHI_HTTP_H
#define NHI_HTTP_H

#include "buf.h"

struct nhi_http_request {
	const char *method;        /* "GET" when NULL */
	const char *url;
	const char *body;          /* NULL: none */
	size_t body_len;
	const char *const *headers; /* NULL-terminated "Name: value" lines, or NULL */
	const char *aws_sigv4;     /* e.g. "aws:amz:us-east-1:iam", or NULL */
	const char *aws_key_id;    /* with aws_sigv4 */
	const char *aws_secret;
	long timeout_ms;           /* whole request; 0: 30 s */
	int max_attempts;          /* 0: 5 */
	const char *ca_file;       /* PEM CA bundle to verify with, or NULL: libcurl's store */
};

struct nhi_http_response {
	long status;               /* 0 when no answer was had */
	struct nhi_buf body;
	char *link_next;           /* the Link header's rel="next" URL, or NULL */
	char *retry_after;         /* raw Retry-After, or NULL */
	int attempts;
	char error[320];           /* "(28) Timeout was reached" on transport failure */
};

/* nhi_http_do: perform req; 0 when an answer with status < 400 came, else
 * -1 with resp->status (the last answer's, or 0) and resp->error set.
 * resp must be released with nhi_http_response_release(). */
int nhi_http_do(const struct nhi_http_request *req, struct nhi_http_response *resp);
void nhi_http_response_init(struct nhi_http_response *resp);
void nhi_http_response_release(struct nhi_http_response *resp);
/* nhi_http_link_next: the rel="next" URL of a Link header value (new
 * string), or NULL. */
char *nhi_http_link_next(const char *link);

#endif
