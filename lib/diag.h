/* diag.h: the program name, the one diagnostic format, and the exit status.
 *
 * Every message is "nhi-PROG: [FILE:LINE: ]reason", lower case, no full stop.
 * The exit status is graded (the table in every man page) and the worst one
 * raised during the run wins; nhi_exit() flushes and checks standard output
 * before it returns it. */
#ifndef NHI_DIAG_H
#define NHI_DIAG_H

#include <stdarg.h>

#include "compat.h"

enum nhi_exit {
	NHI_EXIT_OK = 0,       /* done */
	NHI_EXIT_GATE = 1,     /* the --fail-on gate tripped */
	NHI_EXIT_USAGE = 2,    /* usage error */
	NHI_EXIT_REJECTED = 3, /* some input was rejected, the rest processed */
	NHI_EXIT_SYSTEM = 4,   /* I/O, memory, configuration */
	NHI_EXIT_REMOTE = 5,   /* a remote API failed */
};

const char *nhi_exit_str(enum nhi_exit e);

extern const char *nhi_prog;

/* nhi_diag_init: set the program name from argv[0] and SIGPIPE to default. */
void nhi_diag_init(const char *argv0);

/* nhi_status_raise: remember s if it is worse than what was seen so far. */
void nhi_status_raise(enum nhi_exit s);
enum nhi_exit nhi_status(void);

void nhi_warn(const char *fmt, ...) NHI_PRINTF(1, 2);
/* nhi_warn_at: "nhi-PROG: FILE:LINE: reason"; line 0 leaves it out. */
void nhi_warn_at(const char *file, unsigned long line, const char *fmt, ...)
	NHI_PRINTF(3, 4);
void nhi_vwarn_at(const char *file, unsigned long line, const char *fmt,
		  va_list ap);
/* nhi_error: a warning that also raises the exit status to s. */
void nhi_error(enum nhi_exit s, const char *fmt, ...) NHI_PRINTF(2, 3);
/* nhi_die: the message, then exit(s) at once. */
NHI_NORETURN void nhi_die(enum nhi_exit s, const char *fmt, ...)
	NHI_PRINTF(2, 3);
/* nhi_die_errno: the message, ": ", strerror(errno), then exit(s). */
NHI_NORETURN void nhi_die_errno(enum nhi_exit s, const char *fmt, ...)
	NHI_PRINTF(2, 3);
void nhi_error_errno(enum nhi_exit s, const char *fmt, ...) NHI_PRINTF(2, 3);

/* nhi_exit: flush and close standard output (a failed write is status 4)
 * and return the worst status, for "return nhi_exit();" at the end of main. */
int nhi_exit(void);

#endif
