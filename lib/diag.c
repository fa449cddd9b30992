#include "compat.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "banned.h"

const char *nhi_prog = "nhi";
static enum nhi_exit worst = NHI_EXIT_OK;

static const char *const exit_names[] = {
	[NHI_EXIT_OK] = "done",
	[NHI_EXIT_GATE] = "the --fail-on gate tripped",
	[NHI_EXIT_USAGE] = "usage error",
	[NHI_EXIT_REJECTED] = "some input was rejected",
	[NHI_EXIT_SYSTEM] = "system error",
	[NHI_EXIT_REMOTE] = "a remote API failed",
};

const char *nhi_exit_str(enum nhi_exit e)
{
	if ((unsigned)e < ARRAY_SIZE(exit_names))
		return exit_names[e];
	return "unknown status";
}

void nhi_diag_init(const char *argv0)
{
	const char *slash;

	if (argv0 && *argv0) {
		slash = strrchr(argv0, '/');
		nhi_prog = slash ? slash + 1 : argv0;
	}
	/* A closed pipe ends the program quietly, as for any filter. */
	signal(SIGPIPE, SIG_DFL);
}

void nhi_status_raise(enum nhi_exit s)
{
	if (s > worst)
		worst = s;
}

enum nhi_exit nhi_status(void)
{
	return worst;
}

void nhi_vwarn_at(const char *file, unsigned long line, const char *fmt,
		  va_list ap)
{
	/* One fprintf per part is fine: stderr is unbuffered but each message
	 * is short, and we build it first so it reaches the terminal whole. */
	char msg[4096];
	int n = 0;

	if (file && line)
		n = snprintf(msg, sizeof(msg), "%s: %s:%lu: ", nhi_prog, file, line);
	else if (file)
		n = snprintf(msg, sizeof(msg), "%s: %s: ", nhi_prog, file);
	else
		n = snprintf(msg, sizeof(msg), "%s: ", nhi_prog);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", msg);
}

void nhi_warn_at(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nhi_vwarn_at(file, line, fmt, ap);
	va_end(ap);
}

void nhi_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nhi_vwarn_at(NULL, 0, fmt, ap);
	va_end(ap);
}

void nhi_error(enum nhi_exit s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nhi_vwarn_at(NULL, 0, fmt, ap);
	va_end(ap);
	nhi_status_raise(s);
}

static void with_errno(int e, const char *fmt, va_list ap)
{
	char msg[3072];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	nhi_warn("%s: %s", msg, strerror(e));
}

void nhi_error_errno(enum nhi_exit s, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	with_errno(e, fmt, ap);
	va_end(ap);
	nhi_status_raise(s);
}

void nhi_die(enum nhi_exit s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nhi_vwarn_at(NULL, 0, fmt, ap);
	va_end(ap);
	exit(s);
}

void nhi_die_errno(enum nhi_exit s, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	with_errno(e, fmt, ap);
	va_end(ap);
	exit(s);
}

int nhi_exit(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		nhi_error_errno(NHI_EXIT_SYSTEM, "write error");
	else if (fclose(stdout) != 0)
		nhi_error_errno(NHI_EXIT_SYSTEM, "write error");
	return worst;
}
