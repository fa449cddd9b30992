/* nhi-testserver: a loopback HTTP/1.1 server for tests that replays
 * scripted answers and logs every request, so no test touches a real API.
 *
 *   nhi-testserver --rules FILE --port-file FILE --log FILE [--max-seconds N]
 *
 * It listens on 127.0.0.1 on a free port (written to --port-file), answers
 * one connection at a time (Connection: close), and exits after
 * --max-seconds (default 60) so a test can never hang on it.
 *
 * Each line of the rules file: METHOD PATH STATUS BODYFILE [OPTION...]
 *   PATH      the path and query, exact, or a prefix when it ends in '*'
 *   BODYFILE  a file relative to the rules file's folder, or '-' for none;
 *             "{port}" in it becomes the server's port
 *   H:Name=Value  a header (%20 for a space, {port} for the port)
 *   delay=MS  wait before answering;  truncate=N  send N body bytes, close
 *   reset     close without answering
 * Rules for the same METHOD and PATH are used in order, the last one again
 * and again. Unmatched requests get 404. The log has one JSON line per
 * request: method, path, the headers (Bearer and token values shortened to
 * their length), and the body. */
#include "compat.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <sys/select.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "input.h"
#include "num.h"
#include "xalloc.h"
#include "banned.h"

struct rule {
	char *method, *path, *body_file;
	int status, delay_ms, truncate, reset, used;
	char **headers;
	size_t nheaders;
};

static struct rule *rules;
static size_t nrules;
static char *rules_dir;
static int port;

static void expand(struct nhi_buf *out, const char *s, size_t n)
{
	char p[16];

	snprintf(p, sizeof(p), "%d", port);
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(s + i, "{port}", 6) && i + 6 <= n) {
			nhi_buf_adds(out, p);
			i += 5;
		} else if (s[i] == '%' && i + 2 < n && !strncmp(s + i, "%20", 3)) {
			nhi_buf_addch(out, ' ');
			i += 2;
		} else {
			nhi_buf_addch(out, s[i]);
		}
	}
}

static void load_rules(const char *path)
{
	struct nhi_buf text = NHI_BUF_INIT;
	char *line, *save = NULL, *slash;
	const char *why = nhi_input_slurp(path, 1u << 20, &text);
	unsigned long lineno = 0;

	if (why)
		nhi_die(NHI_EXIT_SYSTEM, "%s: %s", path, why);
	rules_dir = xstrdup(path);
	slash = strrchr(rules_dir, '/');
	if (slash)
		*slash = '\0';
	else
		rules_dir[0] = '.', rules_dir[1] = '\0';
	for (line = strtok_r(text.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[64], *s2 = NULL, *w;
		size_t n = 0;
		long long v;
		struct rule *r;

		lineno++;
		if (line[0] == '#' || !line[strspn(line, " \t")])
			continue;
		for (w = strtok_r(line, " \t", &s2); w && n < 64; w = strtok_r(NULL, " \t", &s2))
			f[n++] = w;
		if (n < 4 || nhi_parse_int(f[2], 100, 599, &v))
			nhi_die(NHI_EXIT_USAGE, "%s:%lu: want METHOD PATH STATUS BODYFILE", path, lineno);
		rules = xreallocarray(rules, nrules + 1, sizeof(*rules));
		r = &rules[nrules++];
		memset(r, 0, sizeof(*r));
		r->method = xstrdup(f[0]);
		r->path = xstrdup(f[1]);
		r->status = (int)v;
		r->body_file = strcmp(f[3], "-") ? xstrdup(f[3]) : NULL;
		for (size_t i = 4; i < n; i++) {
			if (!strncmp(f[i], "H:", 2)) {
				r->headers = xreallocarray(r->headers, r->nheaders + 1, sizeof(char *));
				r->headers[r->nheaders++] = xstrdup(f[i] + 2);
			} else if (!strncmp(f[i], "delay=", 6) && !nhi_parse_int(f[i] + 6, 0, 60000, &v)) {
				r->delay_ms = (int)v;
			} else if (!strncmp(f[i], "truncate=", 9) && !nhi_parse_int(f[i] + 9, 0, 1 << 30, &v)) {
				r->truncate = (int)v + 1;
			} else if (!strcmp(f[i], "reset")) {
				r->reset = 1;
			} else {
				nhi_die(NHI_EXIT_USAGE, "%s:%lu: unknown option '%s'", path, lineno, f[i]);
			}
		}
	}
	nhi_buf_release(&text);
}

static int path_matches(const char *pattern, const char *path)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*')
		return !strncmp(pattern, path, n - 1);
	return !strcmp(pattern, path);
}

/* pick: the first unused rule for the request, else the last one used. */
static struct rule *pick(const char *method, const char *path)
{
	struct rule *last = NULL;

	for (size_t i = 0; i < nrules; i++) {
		struct rule *r = &rules[i];

		if (strcmp(r->method, method) || !path_matches(r->path, path))
			continue;
		if (!r->used) {
			r->used = 1;
			return r;
		}
		last = r;
	}
	return last;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void log_request(FILE *log, const char *method, const char *path,
			json_t *headers, const char *body, size_t body_len)
{
	json_t *o = json_object(), *b;
	char *s;

	json_object_set_new(o, "method", json_string(method));
	json_object_set_new(o, "path", json_string(path));
	json_object_set(o, "headers", headers);
	b = json_stringn(body, body_len);
	json_object_set_new(o, "body", b ? b : json_string("<binary>"));
	s = json_dumps(o, JSON_COMPACT);
	fprintf(log, "%s\n", s);
	fflush(log);
	free(s);
	json_decref(o);
}

/* shorten: what a log may keep of a header value: a bearer or token value
 * becomes its scheme and length; SigV4's credential scope is public. */
static json_t *shorten(const char *name, const char *value)
{
	char buf[512];
	const char *sp;

	if (strcasecmp(name, "authorization") && strcasecmp(name, "private-token") &&
	    strcasecmp(name, "x-vault-token") && strcasecmp(name, "x-api-key") &&
	    strcasecmp(name, "x-amz-security-token"))
		return json_string(value);
	if (!strncmp(value, "AWS4-HMAC-SHA256 ", 17)) {
		const char *sig = strstr(value, "Signature=");
		snprintf(buf, sizeof(buf), "%.*s", sig ? (int)(sig - value) + 10 : 17, value);
		return json_string(buf);
	}
	sp = strchr(value, ' ');
	if (sp)
		snprintf(buf, sizeof(buf), "%.*s <%zu chars>", (int)(sp - value), value, strlen(sp + 1));
	else
		snprintf(buf, sizeof(buf), "<%zu chars>", strlen(value));
	return json_string(buf);
}

static void serve(int fd, FILE *log)
{
	struct nhi_buf req = NHI_BUF_INIT, out = NHI_BUF_INIT, body = NHI_BUF_INIT;
	char method[16], path[4096], *hdr_end = NULL, *line, *save = NULL;
	size_t clen = 0;
	json_t *headers = json_object();
	struct rule *r;
	struct timeval tv = { 5, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (;;) {
		char buf[65536];
		ssize_t got = read(fd, buf, sizeof(buf));

		if (got <= 0)
			goto done;
		nhi_buf_add(&req, buf, (size_t)got);
		if (!hdr_end && (hdr_end = strstr(req.buf, "\r\n\r\n"))) {
			char *cl = strcasestr(req.buf, "\r\ncontent-length:");

			if (cl && cl < hdr_end)
				clen = strtoul(cl + 17, NULL, 10);
		}
		if (hdr_end && req.len >= (size_t)(hdr_end - req.buf) + 4 + clen)
			break;
		if (req.len > (64u << 20))
			goto done;
	}
	*hdr_end = '\0';
	if (sscanf(req.buf, "%15s %4095s", method, path) != 2)
		goto done;
	line = strtok_r(req.buf, "\r\n", &save);
	for (line = strtok_r(NULL, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char *colon = strchr(line, ':'), *v;

		if (!colon)
			continue;
		*colon = '\0';
		for (v = colon + 1; *v == ' '; v++)
			;
		for (char *p = line; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		json_object_set_new(headers, line, shorten(line, v));
	}
	log_request(log, method, path, headers, hdr_end + 4, clen);
	r = pick(method, path);
	if (r && r->delay_ms) {
		struct timespec ts = { r->delay_ms / 1000, (r->delay_ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	if (r && r->reset)
		goto done;
	if (r && r->body_file) {
		struct nhi_buf p = NHI_BUF_INIT, raw = NHI_BUF_INIT;
		const char *why;

		nhi_buf_addf(&p, "%s/%s", rules_dir, r->body_file);
		why = nhi_input_slurp(p.buf, 64u << 20, &raw);
		if (why)
			nhi_warn("%s: %s", p.buf, why);
		else
			expand(&body, raw.buf, raw.len);
		nhi_buf_release(&p);
		nhi_buf_release(&raw);
	}
	nhi_buf_addf(&out, "HTTP/1.1 %d %s\r\nConnection: close\r\nContent-Length: %zu\r\n",
		     r ? r->status : 404, r ? "Scripted" : "Not Found", body.len);
	if (r && r->body_file && !strstr(r->body_file, ".xml"))
		nhi_buf_adds(&out, "Content-Type: application/json\r\n");
	else if (r && r->body_file)
		nhi_buf_adds(&out, "Content-Type: text/xml\r\n");
	for (size_t i = 0; r && i < r->nheaders; i++) {
		const char *eq = strchr(r->headers[i], '=');

		if (!eq)
			continue;
		nhi_buf_add(&out, r->headers[i], (size_t)(eq - r->headers[i]));
		nhi_buf_adds(&out, ": ");
		expand(&out, eq + 1, strlen(eq + 1));
		nhi_buf_adds(&out, "\r\n");
	}
	nhi_buf_adds(&out, "\r\n");
	write_all(fd, out.buf, out.len);
	write_all(fd, body.buf, r && r->truncate ? (size_t)(r->truncate - 1) < body.len ? (size_t)(r->truncate - 1) : body.len : body.len);
done:
	json_decref(headers);
	nhi_buf_release(&req);
	nhi_buf_release(&out);
	nhi_buf_release(&body);
	close(fd);
}

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: nhi-testserver --rules FILE --port-file FILE --log FILE [--max-seconds N]\n");
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "port-file", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'l' },
		{ "max-seconds", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *rules_path = NULL, *port_file = NULL, *log_path = NULL;
	long long max_seconds = 60;
	struct sockaddr_in addr;
	socklen_t alen = sizeof(addr);
	FILE *log, *pf;
	int c, s, one = 1;
	time_t end;

	nhi_diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': rules_path = optarg; break;
		case 'p': port_file = optarg; break;
		case 'l': log_path = optarg; break;
		case 'm':
			if (nhi_parse_int(optarg, 1, 3600, &max_seconds))
				usage(2);
			break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (!rules_path || !port_file || !log_path)
		usage(2);
	signal(SIGPIPE, SIG_IGN);
	load_rules(rules_path);
	log = fopen(log_path, "w");
	if (!log)
		nhi_die_errno(NHI_EXIT_SYSTEM, "%s", log_path);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof(addr)) || listen(s, 16) ||
	    getsockname(s, (struct sockaddr *)&addr, &alen))
		nhi_die_errno(NHI_EXIT_SYSTEM, "cannot listen on 127.0.0.1");
	port = ntohs(addr.sin_port);
	/* Written last and renamed into place, so a waiting test reads a whole number. */
	{
		struct nhi_buf tmp = NHI_BUF_INIT;

		nhi_buf_addf(&tmp, "%s.tmp", port_file);
		pf = fopen(tmp.buf, "w");
		if (!pf || fprintf(pf, "%d\n", port) < 0 || fclose(pf) || rename(tmp.buf, port_file))
			nhi_die_errno(NHI_EXIT_SYSTEM, "%s", port_file);
		nhi_buf_release(&tmp);
	}
	end = time(NULL) + (time_t)max_seconds;
	while (time(NULL) < end) {
		struct timeval tv = { 1, 0 };
		fd_set rd;
		int fd;

		FD_ZERO(&rd);
		FD_SET(s, &rd);
		if (select(s + 1, &rd, NULL, NULL, &tv) <= 0)
			continue;
		fd = accept(s, NULL, NULL);
		if (fd >= 0)
			serve(fd, log);
	}
	fclose(log);
	close(s);
	return 0;
}
