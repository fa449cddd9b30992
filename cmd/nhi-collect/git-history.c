/* git-history.c: the "git-history" source.  Who created, and who last
 * changed, each infrastructure definition of a repository, from its
 * history: Terraform blocks (by address), Kubernetes objects in manifests
 * (Kind/namespace/name) and CI workflow files (by path).  One provisioner
 * signal per definition that exists at the newest commit, and one modifier
 * signal when someone changed it since.
 *
 * git runs without a shell (fork and exec, arguments as given).  The log is
 * read a line at a time, so memory grows with the number of definitions,
 * not with the length of the history. */
#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collect.h"
#include "diag.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "yamldoc.h"
#include "banned.h"

#define GIT_MAX_LINE (1u << 20) /* longer diff lines are cut; only their start matters */
#define HISTORY_WEIGHT 0.5

static const char *repo, *repo_name;

struct def {
	char *path, *address;
	char *c_email, *c_commit, *c_time; /* created */
	char *m_email, *m_commit, *m_time; /* last changed */
	unsigned long long hash;           /* manifests: the object's content */
	int removed;
};

static struct def *defs;
static size_t ndefs, adefs;
static json_t *index_; /* "path\taddress" -> position in defs */

struct commit {
	char hash[64], email[256], time[64];
};

static struct def *find(const char *path, const char *address)
{
	struct nhi_buf k = NHI_BUF_INIT;
	json_t *n;

	nhi_buf_addf(&k, "%s\t%s", path, address);
	n = json_object_get(index_, k.buf);
	nhi_buf_release(&k);
	return n ? &defs[json_integer_value(n)] : NULL;
}

static void set3(char **e, char **c, char **t, const struct commit *cm)
{
	free(*e);
	free(*c);
	free(*t);
	*e = xstrdup(cm->email);
	*c = xstrdup(cm->hash);
	*t = xstrdup(cm->time);
}

/* touch: a definition created (it was not there) or changed. */
static void touch(const char *path, const char *address, const struct commit *cm,
		  int created, unsigned long long hash)
{
	struct def *d = find(path, address);
	struct nhi_buf k = NHI_BUF_INIT;

	if (!d) {
		if (ndefs == adefs) {
			adefs = adefs ? 2 * adefs : 256;
			defs = xreallocarray(defs, adefs, sizeof(*defs));
		}
		d = &defs[ndefs];
		memset(d, 0, sizeof(*d));
		d->path = xstrdup(path);
		d->address = xstrdup(address);
		nhi_buf_addf(&k, "%s\t%s", path, address);
		json_object_set_new(index_, k.buf, json_integer((json_int_t)ndefs));
		nhi_buf_release(&k);
		ndefs++;
		created = 1;
	}
	d->hash = hash;
	if (created || d->removed) {
		/* Gone and back is a new definition: its creator is this author. */
		set3(&d->c_email, &d->c_commit, &d->c_time, cm);
		free(d->m_email);
		free(d->m_commit);
		free(d->m_time);
		d->m_email = d->m_commit = d->m_time = NULL;
		d->removed = 0;
		return;
	}
	set3(&d->m_email, &d->m_commit, &d->m_time, cm);
}

static void removed(const char *path, const char *address)
{
	struct def *d = find(path, address);

	if (d)
		d->removed = 1;
}

/* tf_block: the address a Terraform block header names, or 0. */
static int tf_block(const char *s, struct nhi_buf *out)
{
	const char *q[2][2];
	int kind, n = 0;

	nhi_buf_reset(out);
	if (!strncmp(s, "resource", 8) && (s[8] == ' ' || s[8] == '\t'))
		kind = 0, s += 8;
	else if (!strncmp(s, "data", 4) && (s[4] == ' ' || s[4] == '\t'))
		kind = 1, s += 4;
	else if (!strncmp(s, "module", 6) && (s[6] == ' ' || s[6] == '\t'))
		kind = 2, s += 6;
	else
		return 0;
	while (n < (kind == 2 ? 1 : 2)) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '"')
			return 0;
		q[n][0] = ++s;
		while (*s && *s != '"')
			s++;
		if (!*s || s == q[n][0])
			return 0;
		q[n][1] = s++;
		n++;
	}
	if (kind == 1)
		nhi_buf_adds(out, "data.");
	if (kind == 2)
		nhi_buf_addf(out, "module.%.*s", (int)(q[0][1] - q[0][0]), q[0][0]);
	else
		nhi_buf_addf(out, "%.*s.%.*s", (int)(q[0][1] - q[0][0]), q[0][0],
			     (int)(q[1][1] - q[1][0]), q[1][0]);
	return 1;
}

static int ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

enum ftype { F_NONE, F_TF, F_WORKFLOW, F_MANIFEST };

static enum ftype ftype_of(const char *path)
{
	int yaml = ends(path, ".yml") || ends(path, ".yaml");

	if (ends(path, ".tf"))
		return F_TF;
	if (yaml && (strstr(path, ".github/workflows/") == path ||
		     strstr(path, "/.github/workflows/") || ends(path, ".gitlab-ci.yml")))
		return F_WORKFLOW;
	if (yaml)
		return F_MANIFEST;
	return F_NONE;
}

/* run_git: git with args, standard output on *out; NULL on failure. */
static FILE *run_git(char *const args[], pid_t *pid)
{
	int fd[2];

	if (pipe(fd) != 0) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "pipe");
		return NULL;
	}
	*pid = fork();
	if (*pid < 0) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "fork");
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (*pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(fd[0]);
		close(fd[1]);
		/* REPO is the repository, whatever the caller's environment says. */
		unsetenv("GIT_DIR");
		unsetenv("GIT_WORK_TREE");
		unsetenv("GIT_INDEX_FILE");
		unsetenv("GIT_CEILING_DIRECTORIES");
		execvp("git", args);
		_exit(127);
	}
	close(fd[1]);
	return fdopen(fd[0], "r");
}

static int end_git(FILE *f, pid_t pid)
{
	int st = 0;

	if (f)
		fclose(f);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* read_line: one line, at most max bytes kept (the rest read and dropped). */
static int read_line(FILE *f, struct nhi_buf *b, size_t max)
{
	char chunk[8192];
	int got = 0;

	nhi_buf_reset(b);
	while (fgets(chunk, sizeof(chunk), f)) {
		size_t n = strlen(chunk);

		got = 1;
		if (b->len < max)
			nhi_buf_add(b, chunk, n < max - b->len ? n : max - b->len);
		if (n && chunk[n - 1] == '\n')
			break;
	}
	if (b->len && b->buf[b->len - 1] == '\n')
		nhi_buf_setlen(b, b->len - 1);
	return got;
}

static unsigned long long fnv(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* manifest: the objects of path at commit, against what was there. */
static void manifest(const char *path, const struct commit *cm, int deleted)
{
	struct nhi_buf spec = NHI_BUF_INIT, text = NHI_BUF_INIT;
	char *args[] = { "git", "-C", (char *)repo, "show", NULL, NULL };
	json_t *docs = NULL, *d, *seen = json_object();
	struct nhi_yaml_error err;
	FILE *f;
	pid_t pid;
	size_t i;

	if (!deleted) {
		nhi_buf_addf(&spec, "%s:%s", cm->hash, path);
		args[4] = spec.buf;
		f = run_git(args, &pid);
		if (f) {
			size_t n;
			char blk[65536];

			while ((n = fread(blk, 1, sizeof(blk), f)) > 0)
				if (text.len < COLLECT_MAX_FILE)
					nhi_buf_add(&text, blk, n);
			if (end_git(f, pid) != 0 || text.len >= COLLECT_MAX_FILE)
				collect_reject(path, 0, "at %.12s: cannot read it (git show failed or larger than the limit)", cm->hash);
			else
				docs = nhi_yaml_load(text.buf, text.len, NULL, &err);
		}
		/* Not YAML at this commit: nothing in it is a manifest then. */
	}
	json_array_foreach(docs, i, d) {
		const char *kind = nhi_get_path_str(d, "kind"), *name = nhi_get_path_str(d, "metadata.name");
		const char *ns = nhi_get_path_str(d, "metadata.namespace");
		struct nhi_buf a = NHI_BUF_INIT;
		char *dump;
		struct def *old;

		if (!kind || !name || !nhi_get_path_str(d, "apiVersion"))
			continue;
		nhi_buf_addf(&a, "%s/%s/%s", kind, ns ? ns : "default", name);
		dump = json_dumps(d, JSON_SORT_KEYS | JSON_COMPACT);
		old = find(path, a.buf);
		if (!old || old->removed)
			touch(path, a.buf, cm, 1, dump ? fnv(dump) : 0);
		else if (dump && old->hash != fnv(dump))
			touch(path, a.buf, cm, 0, fnv(dump));
		json_object_set_new(seen, a.buf, json_true());
		free(dump);
		nhi_buf_release(&a);
	}
	/* Objects of this file no longer in it were removed. */
	for (i = 0; i < ndefs; i++)
		if (!strcmp(defs[i].path, path) && !json_object_get(seen, defs[i].address))
			defs[i].removed = 1;
	json_decref(docs);
	json_decref(seen);
	nhi_buf_release(&spec);
	nhi_buf_release(&text);
}

struct file {
	char *path;
	int added, deleted, active;
	json_t *plus, *minus, *touched; /* Terraform addresses */
};

static void file_flush(struct file *fl, const struct commit *cm)
{
	const char *key;
	json_t *v;

	if (!fl->active || !fl->path)
		goto out;
	switch (ftype_of(fl->path)) {
	case F_TF:
		json_object_foreach(fl->plus, key, v)
			touch(fl->path, key, cm, !json_object_get(fl->minus, key) &&
						      (!find(fl->path, key) || find(fl->path, key)->removed),
			      0);
		json_object_foreach(fl->minus, key, v)
			if (!json_object_get(fl->plus, key))
				removed(fl->path, key);
		json_object_foreach(fl->touched, key, v)
			if (!json_object_get(fl->plus, key) && !json_object_get(fl->minus, key) &&
			    find(fl->path, key))
				touch(fl->path, key, cm, 0, 0);
		break;
	case F_WORKFLOW:
		if (fl->deleted)
			removed(fl->path, fl->path);
		else
			touch(fl->path, fl->path, cm, fl->added, 0);
		break;
	case F_MANIFEST:
		manifest(fl->path, cm, fl->deleted);
		break;
	case F_NONE:
		break;
	}
out:
	free(fl->path);
	fl->path = NULL;
	fl->added = fl->deleted = fl->active = 0;
	json_object_clear(fl->plus);
	json_object_clear(fl->minus);
	json_object_clear(fl->touched);
}

static char *unquote_path(const char *s)
{
	struct nhi_buf b = NHI_BUF_INIT;

	if (*s != '"')
		return xstrdup(s);
	/* git's C-style quoting, for names with odd characters */
	for (s++; *s && *s != '"'; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			if (*s >= '0' && *s <= '7' && s[1] && s[2]) {
				nhi_buf_addch(&b, (char)(((s[0] - '0') << 6) | ((s[1] - '0') << 3) | (s[2] - '0')));
				s += 2;
			} else {
				nhi_buf_addch(&b, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
			}
		} else {
			nhi_buf_addch(&b, *s);
		}
	}
	return nhi_buf_detach(&b, NULL);
}

static void emit_signal(const struct def *d, int creator)
{
	json_t *rec = nhi_record_new("signal");
	struct nhi_buf b = NHI_BUF_INIT;
	const char *email = creator ? d->c_email : d->m_email;

	nhi_buf_addf(&b, "repo:%s:%s", repo_name, d->path);
	if (strcmp(d->path, d->address))
		nhi_buf_addf(&b, "#%s", d->address);
	nhi_set_str(rec, "subject", b.buf);
	nhi_buf_reset(&b);
	if (ends(email, "@users.noreply.github.com")) {
		/* GitHub's private address: ID+login@ or login@; the login joins. */
		const char *plus = strchr(email, '+'), *at = strchr(email, '@');
		const char *login = plus && plus < at ? plus + 1 : email;

		nhi_buf_addf(&b, "@%.*s", (int)(at - login), login);
	} else {
		nhi_buf_adds(&b, "person:");
		for (const char *s = email; *s; s++)
			nhi_buf_addch(&b, tolower((unsigned char)*s));
	}
	nhi_set_str(rec, "person", *email ? b.buf : NULL);
	nhi_set_str(rec, "role", creator ? "provisioner" : "modifier");
	nhi_buf_reset(&b);
	nhi_buf_addf(&b, "%s %s in commit %.12s", creator ? "created" : "last changed",
		     d->address, creator ? d->c_commit : d->m_commit);
	nhi_set_str(rec, "evidence", b.buf);
	nhi_set_str(rec, "time", creator ? d->c_time : d->m_time);
	json_object_set_new(rec, "weight", json_real(HISTORY_WEIGHT));
	nhi_set_str(rec, "commit", creator ? d->c_commit : d->m_commit);
	nhi_set_str(rec, "path", d->path);
	nhi_set_str(rec, "address", d->address);
	nhi_buf_reset(&b);
	nhi_buf_addf(&b, "%s:%s", creator ? d->c_commit : d->m_commit, d->path);
	nhi_set_source(rec, "git-history", repo, 0, b.buf);
	nhi_emit_steal(rec);
	nhi_buf_release(&b);
}

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect git-history [--repo OWNER/REPO] [OPTION...] REPO [PATH...]\n\n"
		   "Options:\n"
		   "      --repo OWNER/REPO the repository's name in subjects (default: REPO)\n"
		   NHI_COMMON_USAGE);
	if (status)
		exit(status);
}

int collect_git_history(int argc, char **argv)
{
	enum { OPT_REPO = NHI_OPT_PROGRAM };
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "repo", required_argument, NULL, OPT_REPO },
		{ 0 }
	};
	static const char *const fixed[] = {
		"git", "-c", "core.quotepath=on", "-c", "log.showSignature=false", "-C", NULL,
		"log", "--reverse", "--no-merges", "--no-renames", "--no-color", "--no-ext-diff",
		"--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", "-p", "-U0",
		"--format=%x01%H%x1f%ae%x1f%aI", "--",
	};
	struct nhi_buf line = NHI_BUF_INIT, addr = NHI_BUF_INIT;
	struct commit cm = { "", "", "" };
	struct file fl = { NULL, 0, 0, 0, NULL, NULL, NULL };
	char **args;
	size_t na = 0;
	FILE *f;
	pid_t pid;
	int c, st;

	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_REPO)
			repo_name = optarg;
		else
			nhi_common_option(c, optarg, argv, usage);
	}
	if (optind >= argc)
		nhi_usage_error(usage, "git-history needs a repository");
	nhi_common_start();
	repo = argv[optind++];
	if (!repo_name)
		repo_name = repo;
	args = xcalloc(ARRAY_SIZE(fixed) + (size_t)(argc - optind) + 1, sizeof(*args));
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		args[na++] = fixed[i] ? (char *)fixed[i] : (char *)repo;
	for (int i = optind; i < argc; i++)
		args[na++] = argv[i];
	index_ = json_object();
	fl.plus = json_object();
	fl.minus = json_object();
	fl.touched = json_object();
	f = run_git(args, &pid);
	while (f && read_line(f, &line, GIT_MAX_LINE)) {
		const char *s = line.buf;

		if (s[0] == '\x01') {
			char *p = line.buf + 1, *e1 = strchr(p, '\x1f'), *e2 = e1 ? strchr(e1 + 1, '\x1f') : NULL;

			file_flush(&fl, &cm);
			if (!e1 || !e2)
				continue;
			snprintf(cm.hash, sizeof(cm.hash), "%.*s", (int)(e1 - p), p);
			snprintf(cm.email, sizeof(cm.email), "%.*s", (int)(e2 - e1 - 1), e1 + 1);
			snprintf(cm.time, sizeof(cm.time), "%s",
				 nhi_time_normalize(e2 + 1) ? nhi_time_normalize(e2 + 1) : "");
		} else if (!strncmp(s, "diff --git ", 11)) {
			file_flush(&fl, &cm);
			fl.active = 1;
		} else if (!fl.active) {
			continue;
		} else if (!strncmp(s, "new file mode", 13)) {
			fl.added = 1;
		} else if (!strncmp(s, "deleted file mode", 17)) {
			fl.deleted = 1;
		} else if (!strncmp(s, "--- ", 4) && !fl.path) {
			if (!strncmp(s + 4, "a/", 2) || !strncmp(s + 4, "\"a/", 3)) {
				char *q = unquote_path(s + 4);

				fl.path = xstrdup(q + 2);
				free(q);
			}
		} else if (!strncmp(s, "+++ ", 4)) {
			if (!strncmp(s + 4, "b/", 2) || !strncmp(s + 4, "\"b/", 3)) {
				char *q = unquote_path(s + 4);

				free(fl.path);
				fl.path = xstrdup(q + 2);
				free(q);
			}
		} else if (!strncmp(s, "@@ ", 3)) {
			const char *ctx = strstr(s + 3, "@@");

			/* git names the block a hunk is in after the second @@. */
			if (!ctx || ctx[2] != ' ' || !tf_block(ctx + 3, &addr))
				nhi_buf_reset(&addr);
		} else if (fl.path && ftype_of(fl.path) == F_TF && (s[0] == '+' || s[0] == '-')) {
			struct nhi_buf h = NHI_BUF_INIT;

			if (tf_block(s + 1, &h)) {
				json_object_set_new(s[0] == '+' ? fl.plus : fl.minus, h.buf, json_true());
				nhi_buf_reset(&addr);
				nhi_buf_adds(&addr, h.buf);
			} else if (addr.len && s[1 + strspn(s + 1, " \t")] != '\0') {
				/* a blank line is as likely the gap before a new block */
				json_object_set_new(fl.touched, addr.buf, json_true());
			}
			nhi_buf_release(&h);
		}
	}
	file_flush(&fl, &cm);
	st = f ? end_git(f, pid) : -1;
	if (st != 0)
		nhi_error(NHI_EXIT_SYSTEM, "%s: git log failed (exit status %d): not a git repository?",
			  repo, st);
	for (size_t i = 0; i < ndefs; i++) {
		if (!defs[i].removed) {
			emit_signal(&defs[i], 1);
			if (defs[i].m_commit)
				emit_signal(&defs[i], 0);
		}
		free(defs[i].path);
		free(defs[i].address);
		free(defs[i].c_email);
		free(defs[i].c_commit);
		free(defs[i].c_time);
		free(defs[i].m_email);
		free(defs[i].m_commit);
		free(defs[i].m_time);
	}
	free(defs);
	free(args);
	json_decref(index_);
	json_decref(fl.plus);
	json_decref(fl.minus);
	json_decref(fl.touched);
	nhi_buf_release(&line);
	nhi_buf_release(&addr);
	return 0;
}
