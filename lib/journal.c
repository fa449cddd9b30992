#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "input.h"
#include "journal.h"
#include "ndjson.h"
#include "record.h"
#include "xalloc.h"
#include "banned.h"

struct nhi_journal {
	char *path;
	int fd;
	json_t *last;  /* step id -> its last line */
	json_t *order; /* step ids, first seen first */
};

static void remember(struct nhi_journal *j, json_t *line)
{
	const char *step = nhi_get_str(line, "step");

	if (!step)
		return;
	if (!json_object_get(j->last, step))
		json_array_append_new(j->order, json_string(step));
	json_object_set(j->last, step, line);
}

struct nhi_journal *nhi_journal_open(const char *path)
{
	struct nhi_journal *j = xcalloc(1, sizeof(*j));
	struct nhi_buf text = NHI_BUF_INIT;
	const char *why;
	char *line, *save = NULL;
	unsigned long lineno = 0;

	j->path = xstrdup(path);
	j->last = json_object();
	j->order = json_array();
	j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (j->fd < 0) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", path);
		nhi_journal_close(j);
		return NULL;
	}
	why = nhi_input_slurp(path, 1u << 30, &text);
	if (why) {
		nhi_error(NHI_EXIT_SYSTEM, "%s: %s", path, why);
		nhi_buf_release(&text);
		nhi_journal_close(j);
		return NULL;
	}
	for (line = strtok_r(text.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_error_t err;
		json_t *o;

		lineno++;
		o = json_loads(line, 0, &err);
		if (!o || !nhi_get_str(o, "step")) {
			/* Only the last line can be torn by a crash mid-write. */
			nhi_warn_at(path, lineno, "ignoring a damaged journal line");
			json_decref(o);
			continue;
		}
		remember(j, o);
		json_decref(o);
	}
	/* A torn last line has no newline: start the next entry on its own line. */
	if (text.len && text.buf[text.len - 1] != '\n' && write(j->fd, "\n", 1) != 1)
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", path);
	nhi_buf_release(&text);
	return j;
}

json_t *nhi_journal_entry(const struct nhi_journal *j, const char *step)
{
	return json_object_get(j->last, step);
}

const char *nhi_journal_state(const struct nhi_journal *j, const char *step)
{
	return nhi_get_str(nhi_journal_entry(j, step), "state");
}

json_t *nhi_journal_steps(const struct nhi_journal *j)
{
	return j->order;
}

int nhi_journal_append(struct nhi_journal *j, const char *step,
		       const char *state, int64_t time, json_t *extra)
{
	struct nhi_buf b = NHI_BUF_INIT;
	json_t *o = nhi_record_new("journal");
	const char *key;
	json_t *v;
	int rc = 0;

	nhi_set_str(o, "step", step);
	nhi_set_str(o, "state", state);
	nhi_set_time(o, "time", time);
	if (extra)
		json_object_foreach(extra, key, v)
			json_object_set(o, key, v);
	nhi_json_dump(o, &b);
	nhi_buf_addch(&b, '\n');
	if (write(j->fd, b.buf, b.len) != (ssize_t)b.len || fsync(j->fd) != 0) {
		nhi_error_errno(NHI_EXIT_SYSTEM, "%s", j->path);
		rc = -1;
	} else {
		remember(j, o);
	}
	json_decref(o);
	nhi_buf_release(&b);
	return rc;
}

void nhi_journal_close(struct nhi_journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	json_decref(j->last);
	json_decref(j->order);
	free(j->path);
	free(j);
}
