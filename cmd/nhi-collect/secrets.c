/* secrets.c: nhi-collect secrets — scan files, trees and git history for
 * credential material and write one sighting per secret found: its rule,
 * public key id when the format has one, and keyed fingerprint. The
 * secret itself never leaves lib/scan.c.
 *
 * Trees are walked in sorted order without following symbolic links;
 * .git folders are skipped (--git reads history instead), binary files
 * (a NUL byte in the first 8 KiB) are skipped, larger files than
 * --max-size are reported. A .nhiignore file at the root of a tree lists
 * gitignore-like globs of paths to leave out. Docker config.json auths
 * and kubeconfig users are decoded and read structurally as well. */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "collect.h"
#include "diag.h"
#include "input.h"
#include "ndjson.h"
#include "num.h"
#include "opts.h"
#include "record.h"
#include "sighting.h"
#include "timefmt.h"
#include "yamldoc.h"
#include "xalloc.h"
#include "banned.h"

#define DEFAULT_MAX_SIZE (10u << 20)

enum { OPT_GIT = NHI_OPT_PROGRAM, OPT_REPO, OPT_MAX_SIZE };

static int opt_git;
static const char *opt_repo;
static uint64_t max_size = DEFAULT_MAX_SIZE;

struct ignore {
	char **pat;
	size_t n;
};

/* What a file scan needs to know to write its records. */
struct target {
	const char *path;   /* as printed */
	const char *repo;   /* history: the repository */
	const char *commit; /* history: the commit that introduced the blob */
	const char *author;
	int64_t time;
	json_t *seen;       /* fingerprints and positions already written */
};

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect secrets [OPTION...] [PATH...]\n"
		   "       nhi-collect secrets --git [OPTION...] REPOSITORY...\n\n"
		   "Options:\n"
		   "      --git             scan every blob in the history of each repository\n"
		   "      --repo NAME       the repository name to write (default: the path)\n"
		   "      --max-size SIZE   largest file scanned (default 10M)\n"
		   NHI_COMMON_USAGE);
	exit(status);
}

static void emit_hit(const struct nhi_scan_hit *h, struct target *t)
{
	json_t *rec, *loc;
	struct nhi_buf key = NHI_BUF_INIT, pos = NHI_BUF_INIT;

	/* The same secret found twice at one place (a structural reading
	 * and a format rule on its encoded form) is one sighting. */
	nhi_buf_addf(&key, "%s@%lu", h->fingerprint, h->line);
	nhi_buf_addf(&pos, "@%lu:%lu", h->line, h->column);
	if ((h->fingerprint[0] && json_object_get(t->seen, key.buf)) ||
	    (h->line && json_object_get(t->seen, pos.buf))) {
		nhi_buf_release(&key);
		nhi_buf_release(&pos);
		return;
	}
	if (h->fingerprint[0])
		json_object_set_new(t->seen, key.buf, json_true());
	if (h->line)
		json_object_set_new(t->seen, pos.buf, json_true());
	nhi_buf_release(&key);
	nhi_buf_release(&pos);
	rec = sighting_new(h, "secrets", t->commit ? "git" : "file", t->path);
	loc = sighting_location(rec);
	nhi_set_str(loc, "repo", t->repo);
	nhi_set_str(loc, "commit", t->commit);
	nhi_set_str(loc, "author", t->author);
	nhi_set_time(loc, "time", t->time);
	nhi_emit_steal(rec);
}

static void on_hit(const struct nhi_scan_hit *h, void *ctx)
{
	emit_hit(h, ctx);
}

/* Structural readers: secrets a text scan cannot see because they are
 * encoded (docker's base64 user:password) or have no shape of their own
 * (a kubeconfig bearer token). */

static const char *b64_alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_decode(const char *s, size_t n, struct nhi_buf *out)
{
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		const char *p;

		if (s[i] == '=' || s[i] == '\n' || s[i] == '\r')
			continue;
		p = s[i] ? strchr(b64_alpha, s[i]) : NULL;
		if (!p)
			return 0;
		acc = (acc << 6) | (unsigned)(p - b64_alpha);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			nhi_buf_addch(out, (int)((acc >> bits) & 0xff));
		}
	}
	return 1;
}

static void structural(struct target *t, const char *buf, size_t len,
		       const char *rule, const char *provider, const char *type,
		       const char *key_id, const char *raw, const void *secret,
		       size_t slen)
{
	struct nhi_scan_hit h = { 0 };
	const char *at = raw && *raw ? memmem(buf, len, raw, strlen(raw)) : NULL;

	if (!slen || nhi_scan_placeholder(secret, slen))
		return;
	h.rule = rule;
	h.provider = provider;
	h.type = type;
	h.key_id = key_id;
	h.confidence = "high";
	if (at)
		sighting_line_of(buf, (size_t)(at - buf), &h.line, &h.column);
	nhi_fingerprint(secret, slen, h.fingerprint);
	emit_hit(&h, t);
}

static void docker_config(struct target *t, const char *buf, size_t len)
{
	json_t *doc = json_loadb(buf, len, 0, NULL), *auths, *v;
	const char *reg;

	auths = json_object_get(doc, "auths");
	json_object_foreach(auths, reg, v) {
		const char *auth = nhi_get_str(v, "auth"), *tok = nhi_get_str(v, "identitytoken");
		const char *prov = strstr(reg, "docker.io") ? "dockerhub" : NULL;
		struct nhi_buf dec = NHI_BUF_INIT;

		if (auth && b64_decode(auth, strlen(auth), &dec)) {
			char *colon = memchr(dec.buf, ':', dec.len);

			if (colon) {
				*colon = 0;
				structural(t, buf, len, "docker_config_auth", prov, "registry_token",
					   dec.buf, auth, colon + 1,
					   dec.len - (size_t)(colon + 1 - dec.buf));
			}
		}
		if (tok)
			structural(t, buf, len, "docker_config_identitytoken", prov,
				   "registry_token", NULL, tok, tok, strlen(tok));
		nhi_buf_release(&dec);
	}
	json_decref(doc);
}

static void kubeconfig(struct target *t, const char *buf, size_t len)
{
	struct nhi_yaml_error err;
	json_t *docs = nhi_yaml_load(buf, len, NULL, &err), *doc, *u;
	size_t i, k;

	json_array_foreach(docs, i, doc) {
		json_array_foreach(json_object_get(doc, "users"), k, u) {
			const char *name = nhi_get_str(u, "name");
			json_t *user = json_object_get(u, "user");
			const char *tok = nhi_get_str(user, "token");
			const char *pw = nhi_get_str(user, "password");
			const char *ckd = nhi_get_str(user, "client-key-data");
			struct nhi_buf dec = NHI_BUF_INIT;

			(void)name;
			if (tok)
				structural(t, buf, len, "kubeconfig_token", "k8s", "k8s_token",
					   NULL, tok, tok, strlen(tok));
			if (pw)
				structural(t, buf, len, "kubeconfig_password", "k8s", "password",
					   NULL, pw, pw, strlen(pw));
			if (ckd && b64_decode(ckd, strlen(ckd), &dec))
				structural(t, buf, len, "kubeconfig_client_key", "k8s", "private_key",
					   NULL, ckd, dec.buf, dec.len);
			nhi_buf_release(&dec);
		}
	}
	json_decref(docs);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void scan_text(struct target *t, const char *buf, size_t len)
{
	const char *base = base_name(t->path);
	size_t over;

	t->seen = json_object();
	if ((!strcmp(base, "config.json") || strstr(base, "docker")) &&
	    memmem(buf, len, "\"auths\"", 7))
		docker_config(t, buf, len);
	if (memmem(buf, len, "users:", 6) && memmem(buf, len, "clusters:", 9) &&
	    (memmem(buf, len, "kind: Config", 12) || !strcmp(base, "config") ||
	     strstr(base, "kubeconfig")))
		kubeconfig(t, buf, len);
	over = nhi_scan_buffer(sighting_scanner(), buf, len, on_hit, t);
	if (over)
		collect_reject(t->path, 0, "more than %d secrets; %zu more not reported",
			       NHI_SCAN_MAX_HITS, over);
	json_decref(t->seen);
	t->seen = NULL;
}

static int binary(const char *buf, size_t len)
{
	return memchr(buf, 0, len < 8192 ? len : 8192) != NULL;
}

/* .nhiignore: one glob a line; "#" comments; a leading "/" anchors at the
 * root; a pattern without "/" matches a name at any depth; a trailing
 * "/" matches folders only; "!" re-includes; "**" spans folders. */
static void ignore_load(struct ignore *ig, const char *root)
{
	struct nhi_buf path = NHI_BUF_INIT, text = NHI_BUF_INIT;
	char *line, *save = NULL;

	nhi_buf_addf(&path, "%s/.nhiignore", root);
	if (nhi_input_slurp(path.buf, 1u << 20, &text)) {
		nhi_buf_release(&path);
		nhi_buf_release(&text);
		return;
	}
	for (line = strtok_r(text.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line);

		while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = 0;
		if (!n || line[0] == '#')
			continue;
		ig->pat = xreallocarray(ig->pat, ig->n + 1, sizeof(*ig->pat));
		ig->pat[ig->n++] = xstrdup(line);
	}
	nhi_buf_release(&path);
	nhi_buf_release(&text);
}

static void ignore_free(struct ignore *ig)
{
	for (size_t i = 0; i < ig->n; i++)
		free(ig->pat[i]);
	free(ig->pat);
}

static int glob_match(const char *pat, const char *rel)
{
	const char *p;

	if (!strncmp(pat, "**/", 3)) {
		for (p = rel; p; p = strchr(p, '/'), p = p ? p + 1 : NULL)
			if (glob_match(pat + 3, p))
				return 1;
		return 0;
	}
	return fnmatch(pat, rel, FNM_PATHNAME | FNM_PERIOD) == 0 ||
	       (strstr(pat, "/**") && fnmatch(pat, rel, 0) == 0);
}

static int ignored(const struct ignore *ig, const char *rel, int dir)
{
	int out = 0;

	for (size_t i = 0; i < ig->n; i++) {
		const char *pat = ig->pat[i];
		int neg = pat[0] == '!';
		char buf[1024];
		size_t n;

		if (neg)
			pat++;
		n = strlen(pat);
		if (n >= sizeof(buf))
			continue;
		memcpy(buf, pat, n + 1);
		if (n > 1 && buf[n - 1] == '/') {
			if (!dir)
				continue;
			buf[--n] = 0;
		}
		if (buf[0] == '/' ? glob_match(buf + 1, rel)
				  : strchr(buf, '/') ? glob_match(buf, rel)
						     : fnmatch(buf, base_name(rel), 0) == 0)
			out = !neg;
	}
	return out;
}

static void scan_file(const char *path)
{
	struct nhi_buf text = NHI_BUF_INIT;
	struct target t = { 0 };
	const char *why;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	int fd;
	char head[8192];
	ssize_t got;

	collect_strict_check();

	why = nhi_input_slurp(path, max_size, &text);
	if (why && !strncmp(why, "larger", 6)) {
		/* a large binary is skipped as any binary is */
		fd = open(path, O_RDONLY);
		got = fd >= 0 ? read(fd, head, sizeof(head)) : -1;
		if (fd >= 0)
			close(fd);
		if (got > 0 && memchr(head, 0, (size_t)got))
			goto out;
		collect_reject(name, 0, "skipped: %s (--max-size)", why);
		goto out;
	}
	if (why) {
		if (strstr(why, "gzip"))
			collect_reject(name, 0, "%s", why);
		else
			nhi_error(NHI_EXIT_SYSTEM, "%s: %s", name, why);
		goto out;
	}
	if (binary(text.buf, text.len))
		goto out;
	t.path = name;
	scan_text(&t, text.buf, text.len);
out:
	nhi_buf_release(&text);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *path, const char *rel, const struct ignore *ig)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	if (lstat(path, &st) != 0) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", path);
		return;
	}
	/* Links are never followed: one could lead out of the tree. */
	if (S_ISLNK(st.st_mode))
		return;
	if (*rel && ignored(ig, rel, S_ISDIR(st.st_mode)))
		return;
	if (S_ISREG(st.st_mode)) {
		scan_file(path);
		return;
	}
	if (!S_ISDIR(st.st_mode))
		return;
	d = opendir(path);
	if (!d) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", path);
		return;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, ".git"))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct nhi_buf child = NHI_BUF_INIT, crel = NHI_BUF_INIT;

		nhi_buf_addf(&child, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
			     names[i]);
		nhi_buf_addf(&crel, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		walk(child.buf, crel.buf, ig);
		nhi_buf_release(&child);
		nhi_buf_release(&crel);
		free(names[i]);
	}
	free(names);
}

static void scan_path(const char *path)
{
	struct ignore ig = { 0 };
	struct stat st;

	if (!strcmp(path, "-")) {
		scan_file("-");
		return;
	}
	/* A path named on the command line is read even through a link. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		scan_file(path);
		return;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct nhi_buf dir = NHI_BUF_INIT;

		ignore_load(&ig, path);
		/* "link/" makes lstat follow a link named on the command line */
		nhi_buf_addf(&dir, "%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/");
		lstat(path, &st);
		walk(S_ISLNK(st.st_mode) ? dir.buf : path, "", &ig);
		nhi_buf_release(&dir);
	} else {
		walk(path, "", &ig);
	}
	ignore_free(&ig);
}

/* History: git log names each blob with the commit that added it, oldest
 * first; git cat-file --batch hands over its bytes. Both run as children
 * (fork and exec, no shell); memory is the set of blob ids seen plus one
 * blob at a time. */

struct child {
	pid_t pid;
	FILE *in, *out; /* our ends: write to its stdin, read its stdout */
};

static int spawn(struct child *c, char *const argv[], int want_stdin)
{
	int in[2] = { -1, -1 }, out[2];

	if (pipe(out) != 0 || (want_stdin && pipe(in) != 0)) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "pipe");
		return -1;
	}
	c->pid = fork();
	if (c->pid < 0) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "fork");
		return -1;
	}
	if (c->pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(want_stdin ? in[0] : null, 0);
		dup2(out[1], 1);
		/* git's own complaints would not be in our format */
		dup2(null, 2);
		close(out[0]);
		close(out[1]);
		if (want_stdin) {
			close(in[0]);
			close(in[1]);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	c->out = fdopen(out[0], "r");
	c->in = NULL;
	if (want_stdin) {
		close(in[0]);
		c->in = fdopen(in[1], "w");
	}
	return 0;
}

static int reap(struct child *c)
{
	int st = 0;

	if (c->in)
		fclose(c->in);
	if (c->out)
		fclose(c->out);
	while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* read_blob: one "SHA blob SIZE\n<bytes>\n" answer; the bytes in out when
 * not larger than the limit, else skipped. 1 for a blob, 0 otherwise. */
static int read_blob(FILE *f, struct nhi_buf *out, uint64_t *size)
{
	char hdr[256], type[32];
	unsigned long long n;

	nhi_buf_reset(out);
	if (!fgets(hdr, sizeof(hdr), f))
		return -1;
	if (sscanf(hdr, "%*s %31s %llu", type, &n) != 2)
		return 0; /* "missing" */
	*size = n;
	if (n > max_size || strcmp(type, "blob")) {
		char skip[8192];

		for (unsigned long long left = n + 1; left;) {
			size_t k = left > sizeof(skip) ? sizeof(skip) : (size_t)left;

			if (fread(skip, 1, k, f) != k)
				return -1;
			left -= k;
		}
		return 0;
	}
	nhi_buf_grow(out, (size_t)n + 1);
	if (fread(out->buf, 1, (size_t)n + 1, f) != (size_t)n + 1)
		return -1;
	nhi_buf_setlen(out, (size_t)n);
	return 1;
}

static void scan_history(const char *repo)
{
	char *log_argv[] = { "git", "-C", (char *)repo, "log", "--all", "--reverse",
			     "--date-order", "--root", "--no-renames", "--raw", "-z",
			     "--no-abbrev", "--format=%x01%H %at %ae", NULL };
	char *cat_argv[] = { "git", "-C", (char *)repo, "cat-file", "--batch", NULL };
	struct child log = { 0 }, cat = { 0 };
	json_t *seen = json_object();
	char *rec = NULL, commit[64] = "", author[256] = "";
	size_t cap = 0;
	ssize_t n;
	int64_t when = 0;
	struct nhi_buf blob = NHI_BUF_INIT;
	const char *name = opt_repo ? opt_repo : repo;
	int rc;

	if (spawn(&log, log_argv, 0) || spawn(&cat, cat_argv, 1)) {
		json_decref(seen);
		return;
	}
	/* -z: the header ends at the first NUL after the format; then
	 * ":old new oldsha newsha X" NUL path NUL pairs. */
	while ((n = getdelim(&rec, &cap, 0, log.out)) > 0) {
		char *p = rec, *hdr, *path;
		char mode[16], sha[64], status;

		if (rec[n - 1] == 0)
			n--;
		rec[n] = 0;
		while (*p == '\n')
			p++;
		if ((hdr = strchr(p, '\001'))) {
			long long t;
			char *nl;

			if (sscanf(hdr + 1, "%63s %lld %255s", commit, &t, author) < 2)
				continue;
			when = t;
			/* a commit without changes leaves its raw line after a newline */
			nl = strchr(hdr + 1, '\n');
			if (!nl)
				continue;
			p = nl + 1;
			while (*p == '\n')
				p++;
			if (!*p)
				continue;
		}
		if (*p != ':')
			continue;
		if (sscanf(p, ":%*s %15s %*s %63s %c", mode, sha, &status) != 3)
			continue;
		n = getdelim(&rec, &cap, 0, log.out);
		if (n <= 0)
			break;
		path = rec;
		if (status == 'D' || strncmp(mode, "100", 3) || json_object_get(seen, sha))
			continue;
		json_object_set_new(seen, sha, json_true());
		fprintf(cat.in, "%s\n", sha);
		fflush(cat.in);
		{
			uint64_t size = 0;
			int got = read_blob(cat.out, &blob, &size);
			struct target t = { 0 };
			struct nhi_buf label = NHI_BUF_INIT;

			if (got < 0) {
				nhi_error(NHI_EXIT_SYSTEM, "%s: git cat-file stopped", repo);
				break;
			}
			nhi_buf_addf(&label, "%s", path);
			if (!got && size > max_size)
				collect_reject(name, 0, "%s@%.12s: skipped: larger than %llu bytes (--max-size)",
					       label.buf, commit, (unsigned long long)max_size);
			if (got && !binary(blob.buf, blob.len)) {
				t.path = label.buf;
				t.repo = name;
				t.commit = commit;
				t.author = author;
				t.time = when;
				scan_text(&t, blob.buf, blob.len);
			}
			nhi_buf_release(&label);
		}
	}
	free(rec);
	nhi_buf_release(&blob);
	rc = reap(&log);
	if (rc == 127)
		nhi_error(NHI_EXIT_SYSTEM, "%s: cannot run git", repo);
	else if (rc)
		nhi_error(NHI_EXIT_SYSTEM, "%s: not a git repository, or git log failed (status %d)",
			  repo, rc);
	fclose(cat.in);
	cat.in = NULL;
	reap(&cat);
	json_decref(seen);
}

int collect_secrets(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "git", no_argument, NULL, OPT_GIT },
		{ "repo", required_argument, NULL, OPT_REPO },
		{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
		NHI_COMMON_LONGOPTS,
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		const char *why;

		switch (c) {
		case OPT_GIT:
			opt_git = 1;
			break;
		case OPT_REPO:
			opt_repo = optarg;
			break;
		case OPT_MAX_SIZE:
			if ((why = nhi_parse_size(optarg, &max_size)))
				nhi_usage_error(usage, "--max-size: %s", why);
			break;
		default:
			nhi_common_option(c, optarg, argv, usage);
		}
	}
	nhi_common_start();
	sighting_scanner();
	if (opt_git) {
		if (optind >= argc)
			nhi_usage_error(usage, "--git needs a repository");
		for (int i = optind; i < argc; i++)
			scan_history(argv[i]);
		return 0;
	}
	if (optind >= argc)
		scan_path("-");
	for (int i = optind; i < argc; i++)
		scan_path(argv[i]);
	return 0;
}
