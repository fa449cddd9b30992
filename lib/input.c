#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input.h"
#include "xalloc.h"
#include "banned.h"

struct nhi_input {
	gzFile gz;     /* NULL for a plain file read with read(2) */
	int fd;
	char *name;
	int gzip;
	const char *error;
	char errbuf[128];
};

struct nhi_input *nhi_input_open(const char *path)
{
	struct nhi_input *in;
	unsigned char magic[2];
	int fd, is_stdin = !strcmp(path, "-");
	ssize_t got = 0;
	off_t at;

	fd = is_stdin ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	in = xcalloc(1, sizeof(*in));
	in->name = xstrdup(is_stdin ? "<stdin>" : path);
	/* Peek at the magic only where we can seek back; zlib's transparent
	 * mode copes with plain input either way, so this is for reporting. */
	if ((at = lseek(fd, 0, SEEK_CUR)) >= 0) {
		got = pread(fd, magic, 2, at);
		in->gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
		if (!in->gzip) {
			/* Known plain: read(2) straight into the caller's
			 * buffer, without zlib's copy (a third of the time of
			 * a pass over a large file). */
			in->fd = fd;
			return in;
		}
	}
	in->fd = -1;
	in->gz = gzdopen(fd, "rb");
	if (!in->gz) {
		close(fd);
		free(in->name);
		free(in);
		errno = ENOMEM;
		return NULL;
	}
	gzbuffer(in->gz, 256 * 1024);
	return in;
}

const char *nhi_input_name(const struct nhi_input *in)
{
	return in->name;
}

int nhi_input_is_gzip(const struct nhi_input *in)
{
	return in->gzip || (in->gz && !gzdirect(in->gz));
}

long nhi_input_read(struct nhi_input *in, void *p, size_t n)
{
	int got, err;
	const char *msg;

	if (n > (1u << 30))
		n = 1u << 30;
	if (!in->gz) {
		ssize_t r;

		while ((r = read(in->fd, p, n)) < 0 && errno == EINTR)
			;
		if (r >= 0)
			return (long)r;
		snprintf(in->errbuf, sizeof(in->errbuf), "%s", strerror(errno));
		in->error = in->errbuf;
		return -1;
	}
	got = gzread(in->gz, p, (unsigned)n);
	msg = gzerror(in->gz, &err);
	/* zlib reports a stream cut short only as an error left behind. */
	if (got > 0 || (got == 0 && err == Z_OK))
		return got;
	if (err == Z_ERRNO)
		snprintf(in->errbuf, sizeof(in->errbuf), "%s", strerror(errno));
	else if (err == Z_BUF_ERROR)
		snprintf(in->errbuf, sizeof(in->errbuf), "truncated gzip input");
	else
		snprintf(in->errbuf, sizeof(in->errbuf), "corrupt gzip input: %s",
			 msg ? msg : "unknown error");
	in->error = in->errbuf;
	return -1;
}

const char *nhi_input_error(const struct nhi_input *in)
{
	return in->error ? in->error : "read error";
}

void nhi_input_close(struct nhi_input *in)
{
	if (!in)
		return;
	if (in->gz)
		gzclose(in->gz);
	else
		close(in->fd);
	free(in->name);
	free(in);
}

const char *nhi_input_slurp(const char *path, uint64_t max, struct nhi_buf *out)
{
	static char why[160];
	struct nhi_input *in = nhi_input_open(path);
	long got;

	if (!in) {
		snprintf(why, sizeof(why), "%s", strerror(errno));
		return why;
	}
	for (;;) {
		nhi_buf_grow(out, 65536);
		got = nhi_input_read(in, out->buf + out->len, 65536);
		if (got < 0) {
			snprintf(why, sizeof(why), "%s", nhi_input_error(in));
			nhi_input_close(in);
			return why;
		}
		if (got == 0)
			break;
		nhi_buf_setlen(out, out->len + (size_t)got);
		if (out->len > max) {
			nhi_input_close(in);
			snprintf(why, sizeof(why), "larger than %llu bytes",
				 (unsigned long long)max);
			return why;
		}
	}
	nhi_input_close(in);
	return NULL;
}
