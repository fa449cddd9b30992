#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "diag.h"
#include "finding.h"
#include "ndjson.h"
#include "num.h"
#include "opts.h"
#include "timefmt.h"
#include "banned.h"

struct nhi_common_opts nhi_opts = {
	.fail_on = -1,
	.max_record = NHI_MAX_RECORD_DEFAULT,
};

void nhi_usage_error(void (*usage)(int status), const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nhi_vwarn_at(NULL, 0, fmt, ap);
	va_end(ap);
	usage(NHI_EXIT_USAGE);
	exit(NHI_EXIT_USAGE);
}

int nhi_common_option(int c, const char *arg, char *const argv[],
		      void (*usage)(int status))
{
	const char *why;
	int64_t t;

	switch (c) {
	case 'h':
		usage(0);
		exit(0);
	case NHI_OPT_VERSION:
		printf("%s %s\n", nhi_prog, NHI_VERSION);
		exit(nhi_exit());
	case 'o':
		nhi_opts.output = arg;
		return 1;
	case NHI_OPT_CONFIG:
		nhi_opts.config = arg;
		return 1;
	case NHI_OPT_STRICT:
		nhi_opts.strict = 1;
		return 1;
	case NHI_OPT_REJECTS:
		nhi_opts.rejects = arg;
		return 1;
	case NHI_OPT_FAIL_ON:
		nhi_opts.fail_on = (int)nhi_severity_parse(arg);
		if (nhi_opts.fail_on < 0)
			nhi_usage_error(usage, "--fail-on: unknown severity '%s' (info, low, medium, high, critical)", arg);
		return 1;
	case NHI_OPT_NOW:
		if (nhi_time_parse(arg, &t) != NHI_TIME_SET)
			nhi_usage_error(usage, "--now: not a time: '%s'", arg);
		nhi_opts.now = t;
		nhi_opts.now_given = 1;
		return 1;
	case NHI_OPT_MAX_RECORD:
		why = nhi_parse_size(arg, &nhi_opts.max_record);
		if (why || nhi_opts.max_record < 16)
			nhi_usage_error(usage, "--max-record: %s: '%s'",
					why ? why : "too small", arg);
		return 1;
	case ':':
		nhi_usage_error(usage, "option '%s' needs an argument",
				argv[optind - 1]);
	case '?':
		if (optopt)
			nhi_usage_error(usage, "unknown option '-%c'", optopt);
		nhi_usage_error(usage, "unknown option '%s'", argv[optind - 1]);
	default:
		return 0;
	}
}

void nhi_common_start(void)
{
	if (nhi_opts.output && !freopen(nhi_opts.output, "w", stdout))
		nhi_die_errno(NHI_EXIT_SYSTEM, "%s", nhi_opts.output);
	if (!nhi_opts.now_given)
		nhi_opts.now = (int64_t)time(NULL);
	nhi_config_load(nhi_opts.config);
}
