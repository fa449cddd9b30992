/* nhi-collect: read what official tools export (and live APIs) and write
 * identity, credential, sighting, policy, trust, workload, event, usage,
 * person, team and signal records.  One source per subcommand. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "diag.h"
#include "opts.h"
#include "saas.h"
#include "banned.h"

static const struct source {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} sources[] = {
	{ "azure", collect_azure, "Microsoft Graph / Entra ID and az exports, or --live" },
	{ "gcp", collect_gcp, "gcloud and IAM API exports, Cloud Audit Logs, or --live" },
	{ "github", collect_github, "GitHub organisation API exports, or --live" },
	{ "gitlab", collect_gitlab, "GitLab access and deploy tokens, or --live" },
	{ "okta", collect_okta, "Okta apps, client secrets, API tokens, System Log, or --live" },
	{ "vault", collect_vault, "Vault tokens, AppRoles, secret-ids, audit logs, or --live" },
};

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nhi-collect [OPTION...] SOURCE [SOURCE-OPTION...] [FILE...]\n"
		   "       nhi-collect SOURCE --help\n\n"
		   "Sources:\n");
	for (size_t i = 0; i < ARRAY_SIZE(sources); i++)
		fprintf(f, "  %-22s %s\n", sources[i].name, sources[i].summary);
	fprintf(f, "\nOptions:\n" NHI_COMMON_USAGE);
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = { NHI_COMMON_LONGOPTS, { 0 } };
	int c;

	nhi_diag_init(argv[0]);
	/* "+": options up to the source name are ours, the rest the source's. */
	while ((c = getopt_long(argc, argv, "+" NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
		nhi_common_option(c, optarg, argv, usage);
	if (optind >= argc)
		nhi_usage_error(usage, "no source given");
	for (size_t i = 0; i < ARRAY_SIZE(sources); i++) {
		if (strcmp(argv[optind], sources[i].name))
			continue;
		argc -= optind;
		argv += optind;
		optind = 1;
		sources[i].run(argc, argv);
		collect_unknown_report();
		return nhi_exit();
	}
	nhi_usage_error(usage, "unknown source '%s'", argv[optind]);
}
