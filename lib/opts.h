/* opts.h: the options every program shares, parsed in each program's own
 * getopt_long loop.  A program lists NHI_COMMON_LONGOPTS in its option
 * table, starts its short options with NHI_COMMON_SHORTOPTS, hands every
 * option it does not know to nhi_common_option(), and calls
 * nhi_common_start() once the loop is done. */
#ifndef NHI_OPTS_H
#define NHI_OPTS_H

#include <getopt.h>
#include <stdint.h>

#include "compat.h"

struct nhi_common_opts {
	const char *output;  /* -o FILE */
	const char *config;  /* --config FILE */
	const char *rejects; /* --rejects FILE */
	int strict;          /* --strict */
	int fail_on;         /* --fail-on SEVERITY; -1 when not given */
	int64_t now;         /* --now TIME, else the clock */
	int now_given;
	uint64_t max_record; /* --max-record SIZE */
};

extern struct nhi_common_opts nhi_opts;

enum {
	NHI_OPT_VERSION = 0x100,
	NHI_OPT_CONFIG,
	NHI_OPT_STRICT,
	NHI_OPT_REJECTS,
	NHI_OPT_FAIL_ON,
	NHI_OPT_NOW,
	NHI_OPT_MAX_RECORD,
	NHI_OPT_PROGRAM = 0x200 /* a program's own long-only options start here */
};

/* The leading ':' makes getopt return ':' for a missing argument. */
#define NHI_COMMON_SHORTOPTS ":ho:"
#define NHI_COMMON_LONGOPTS                                              \
	{ "help", no_argument, NULL, 'h' },                              \
	{ "version", no_argument, NULL, NHI_OPT_VERSION },               \
	{ "output", required_argument, NULL, 'o' },                      \
	{ "config", required_argument, NULL, NHI_OPT_CONFIG },           \
	{ "strict", no_argument, NULL, NHI_OPT_STRICT },                 \
	{ "rejects", required_argument, NULL, NHI_OPT_REJECTS },         \
	{ "fail-on", required_argument, NULL, NHI_OPT_FAIL_ON },         \
	{ "now", required_argument, NULL, NHI_OPT_NOW },                 \
	{ "max-record", required_argument, NULL, NHI_OPT_MAX_RECORD }

/* The common part of every usage text, one line per option. */
#define NHI_COMMON_USAGE                                                   \
	"  -h, --help            print this help and exit\n"              \
	"      --version         print the version and exit\n"            \
	"  -o, --output FILE     write the records to FILE\n"             \
	"      --config FILE     read the configuration from FILE\n"      \
	"      --strict          stop at the first rejected record\n"     \
	"      --rejects FILE    keep every rejected line in FILE\n"      \
	"      --fail-on SEVERITY  exit 1 when a finding is this severe\n" \
	"      --now TIME        the time to judge ages against\n"        \
	"      --max-record SIZE longest line accepted (default 64M)\n"

/* nhi_common_option: handle option c (from getopt_long, with optarg arg);
 * returns 1 when it was a common one. -h calls usage(0); an unknown option
 * or a missing argument is reported and calls usage(2). */
int nhi_common_option(int c, const char *arg, char *const argv[],
		      void (*usage)(int status));
/* nhi_usage_error: "nhi-x: reason" then usage(2). */
NHI_NORETURN void nhi_usage_error(void (*usage)(int status), const char *fmt, ...)
	NHI_PRINTF(2, 3);
/* nhi_common_start: reopen standard output on -o, load the configuration,
 * set the clock. */
void nhi_common_start(void);

#endif
