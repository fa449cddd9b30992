/* A write-then-replay spool; see spool.h. */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "ndjson.h"
#include "spool.h"
#include "xalloc.h"
#include "banned.h"

struct nhi_spool {
	struct nhi_buf mem;
	size_t mem_limit;
	FILE *file; /* once the memory limit is passed */
};

struct nhi_spool *nhi_spool_new(size_t mem_limit)
{
	struct nhi_spool *sp = xcalloc(1, sizeof(*sp));

	nhi_buf_init(&sp->mem);
	sp->mem_limit = mem_limit;
	return sp;
}

static FILE *temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	struct nhi_buf path = NHI_BUF_INIT;
	FILE *f;
	int fd;

	nhi_buf_addf(&path, "%s/nhi-spool.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path.buf);
	if (fd < 0)
		nhi_die_errno(NHI_EXIT_SYSTEM, "cannot create a temporary file in %s",
			      dir && *dir ? dir : "/tmp");
	/* Unlinked at once: nothing is left behind, whatever ends the run. */
	unlink(path.buf);
	nhi_buf_release(&path);
	if (!(f = fdopen(fd, "w+")))
		nhi_die_errno(NHI_EXIT_SYSTEM, "temporary file");
	return f;
}

static void file_write(FILE *f, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, f) != n)
		nhi_die_errno(NHI_EXIT_SYSTEM, "temporary file: write error");
}

struct nhi_spool *nhi_spool_new_file(void)
{
	struct nhi_spool *sp = nhi_spool_new(0);

	sp->file = temp_file();
	return sp;
}

void nhi_spool_flush(struct nhi_spool *sp)
{
	if (sp->file && fflush(sp->file))
		nhi_die_errno(NHI_EXIT_SYSTEM, "temporary file: write error");
}

void nhi_spool_add(struct nhi_spool *sp, const char *data, size_t n)
{
	if (!sp->file && sp->mem.len + n > sp->mem_limit) {
		sp->file = temp_file();
		file_write(sp->file, sp->mem.buf, sp->mem.len);
		nhi_buf_release(&sp->mem);
	}
	if (sp->file)
		file_write(sp->file, data, n);
	else
		nhi_buf_add(&sp->mem, data, n);
}

void nhi_spool_drain(struct nhi_spool *sp)
{
	if (sp->file) {
		char chunk[65536];
		size_t n;

		if (fflush(sp->file) || fseek(sp->file, 0, SEEK_SET))
			nhi_die_errno(NHI_EXIT_SYSTEM, "temporary file");
		while ((n = fread(chunk, 1, sizeof(chunk), sp->file)) > 0)
			nhi_emit_text(chunk, n);
		if (ferror(sp->file))
			nhi_die_errno(NHI_EXIT_SYSTEM, "temporary file: read error");
		fclose(sp->file);
	} else {
		nhi_emit_text(sp->mem.buf, sp->mem.len);
	}
	nhi_buf_release(&sp->mem);
	free(sp);
}
