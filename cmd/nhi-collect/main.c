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
	{ "aws-access-keys", collect_aws_access_keys, "aws iam list-access-keys, get-access-key-last-used" },
	{ "aws-credential-report", collect_aws_credential_report, "the IAM credential report (CSV or get-credential-report JSON)" },
	{ "aws-iam", collect_aws_iam, "aws iam get-account-authorization-details" },
	{ "aws-organizations", collect_aws_organizations, "aws organizations SCPs, their targets and the OU tree" },
	{ "azure", collect_azure, "Microsoft Graph / Entra ID and az exports, or --live" },
	{ "backstage", collect_backstage, "Backstage catalog-info.yaml entities" },
	{ "cloudtrail", collect_cloudtrail, "CloudTrail log files, trees, exports, LookupEvents" },
	{ "codeowners", collect_codeowners, "CODEOWNERS (GitHub, GitLab sections)" },
	{ "gcp", collect_gcp, "gcloud and IAM API exports, Cloud Audit Logs, or --live" },
	{ "gha", collect_gha, "GitHub Actions workflows and GitLab CI files" },
	{ "git-history", collect_git_history, "who created and changed each definition (git log)" },
	{ "github", collect_github, "GitHub organisation API exports, or --live" },
	{ "gitlab", collect_gitlab, "GitLab access and deploy tokens, or --live" },
	{ "k8s", collect_k8s, "Kubernetes objects (kubectl get -o json|yaml), or --live" },
	{ "k8s-audit", collect_k8s_audit, "Kubernetes API server audit events" },
	{ "mcp", collect_mcp, "MCP client configurations" },
	{ "okta", collect_okta, "Okta apps, client secrets, API tokens, System Log, or --live" },
	{ "okta-groups", collect_okta_groups, "Okta Groups API, with members per group" },
	{ "okta-users", collect_okta_users, "Okta Users API (GET /api/v1/users)" },
	{ "people-csv", collect_people_csv, "an HR export as CSV with a header row" },
	{ "secrets", collect_secrets, "secrets in files, trees and git history" },
	{ "terraform", collect_terraform, "terraform show -json state or plan, raw state files" },
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
