#!/bin/sh
# gen-cloudtrail.sh [DIR]: write two weeks (2026-11-01..14) of Acme's
# CloudTrail, as CloudTrail delivers it, under DIR (default: the aws/cloudtrail
# folder next to this script):
#   AWSLogs/111122223333/CloudTrail/<region>/2026/11/<DD>/
#     111122223333_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<id>.json.gz
# each a gzipped {"Records":[...]}.  Deterministic: a fixed-seed generator,
# sorted records, gzip -n; running it twice gives the same bytes.
#
# The story the events tell is in README (same folder).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/aws/cloudtrail}
LC_ALL=C
export LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/acme-ct.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

awk -v OFS='\t' '
function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
function hex(n,   s) { s = ""; while (n-- > 0) s = s substr("0123456789abcdef", rnd(16) + 1, 1); return s }
function b32(n,   s) { s = ""; while (n-- > 0) s = s substr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", rnd(32) + 1, 1); return s }
function uuid() { return hex(8) "-" hex(4) "-4" hex(3) "-a" hex(3) "-" hex(12) }
function q(s) { return "\"" s "\"" }
function ts(d, h, m, s) { return sprintf("2026-11-%02dT%02d:%02d:%02dZ", d, h, m, s) }

# userIdentity shapes
function u_user(name, key) {
	return "{\"type\":\"IAMUser\",\"principalId\":" q(uid[name]) ",\"arn\":\"arn:aws:iam::" A ":user/" name "\",\"accountId\":" q(A) ",\"accessKeyId\":" q(key) ",\"userName\":" q(name) "}"
}
function u_role(role, sess, t, mfa,   path) {
	path = (role ~ /^AWSReservedSSO_/) ? "/aws-reserved/sso.amazonaws.com/" : "/"
	if (!(role SUBSEP sess SUBSEP t in asia)) asia[role, sess, t] = "ASIA" b32(16)
	return "{\"type\":\"AssumedRole\",\"principalId\":\"" rid[role] ":" sess "\",\"arn\":\"arn:aws:sts::" A ":assumed-role/" role "/" sess "\",\"accountId\":" q(A) ",\"accessKeyId\":" q(asia[role, sess, t]) ",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":" q(rid[role]) ",\"arn\":\"arn:aws:iam::" A ":role" path role "\",\"accountId\":" q(A) ",\"userName\":" q(role) "},\"attributes\":{\"creationDate\":" q(t) ",\"mfaAuthenticated\":\"" (mfa ? "true" : "false") "\"}}}"
}
function u_account(acct) {
	return "{\"type\":\"AWSAccount\",\"principalId\":\"AIDAQ4VENDOR7EXAMPLE:monitoring-collector\",\"accountId\":" q(acct) "}"
}
function u_web(host, subj,   arn) {	# an OIDC provider of this account
	arn = "arn:aws:iam::" A ":oidc-provider/" host
	return "{\"type\":\"WebIdentityUser\",\"principalId\":\"" arn ":sts.amazonaws.com:" subj "\",\"userName\":" q(subj) ",\"identityProvider\":" q(arn) "}"
}

# ev: one record.  who = userIdentity JSON; src = eventSource host part.
function ev(region, t, who, src, name, ip, ua, req, resp, opts,   r, ro, cat, typ, k, rs) {
	ro = (name ~ /^(Get|List|Describe|Head|Lookup)/) ? "true" : "false"
	cat = (opts ~ /data/) ? "Data" : "Management"
	typ = (opts ~ /signin/) ? "AwsConsoleSignIn" : "AwsApiCall"
	r = "{\"eventVersion\":\"1.09\",\"userIdentity\":" who ",\"eventTime\":" q(t) ",\"eventSource\":\"" src ".amazonaws.com\",\"eventName\":" q(name) ",\"awsRegion\":" q(region) ",\"sourceIPAddress\":" q(ip) ",\"userAgent\":" q(ua)
	if (errcode != "") r = r ",\"errorCode\":" q(errcode) ",\"errorMessage\":" q(errmsg)
	r = r ",\"requestParameters\":" (req == "" ? "null" : req) ",\"responseElements\":" (resp == "" ? "null" : resp)
	if (addl != "") r = r ",\"additionalEventData\":" addl
	if (opts !~ /signin/) r = r ",\"requestID\":" q(toupper(hex(16)))
	r = r ",\"eventID\":" q(uuid()) ",\"readOnly\":" ro
	if (res != "") r = r ",\"resources\":" res
	r = r ",\"eventType\":" q(typ) ",\"managementEvent\":" (cat == "Data" ? "false" : "true") ",\"recipientAccountId\":" q(A)
	if (shared != "") r = r ",\"sharedEventID\":" q(shared)
	r = r ",\"eventCategory\":" q(cat)
	if (opts !~ /signin/ && ip !~ /amazonaws.com$/) r = r ",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"" host(src, region) "\"}"
	r = r "}"
	print t, region, r
	errcode = errmsg = addl = res = shared = ""
	n++
}
function host(src, region) {
	if (src == "iam" || src == "signin") return src ".amazonaws.com"
	return src "." region ".amazonaws.com"
}
function s3res(bucket, key) {
	if (key == "") return "[{\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::" bucket "\"}]"
	return "[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::" bucket "/" key "\"},{\"accountId\":" q(A) ",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::" bucket "\"}]"
}
function s3(region, t, who, name, bucket, key, ip, ua) {
	res = s3res(bucket, key)
	ev(region, t, who, "s3", name, ip, ua, key == "" ? "{\"bucketName\":" q(bucket) ",\"Host\":\"" bucket ".s3." region ".amazonaws.com\"}" : "{\"bucketName\":" q(bucket) ",\"Host\":\"" bucket ".s3." region ".amazonaws.com\",\"key\":" q(key) "}", "", "data")
}
function ddb(region, t, who, name, table, ip, ua) {
	res = "[{\"accountId\":" q(A) ",\"type\":\"AWS::DynamoDB::Table\",\"ARN\":\"arn:aws:dynamodb:" region ":" A ":table/" table "\"}]"
	ev(region, t, who, "dynamodb", name, ip, ua, "{\"tableName\":" q(table) ",\"key\":{\"pk\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}}", "", "data")
}

BEGIN {
	seed = 20261101
	A = "111122223333"
	# principal ids as in auth.json
	uid["ci-deploy"] = "AIDAUO6GZ4DTW2CJNO3CJ"; uid["backup-agent"] = "AIDAURL36Y7W5LIKRJ7CK"
	uid["payments-legacy"] = "AIDABNRLLNVGF7I23ABKW"
	rid["etl-pipeline"] = "AROAC5XLRGCIY2BDDJSWB"; rid["app-api-us-east-1"] = "AROAPFIBPTRF3GHPKLXJJ"
	rid["app-api-eu-west-1"] = "AROAIYHKKBRMPTKH24TV7"; rid["vendor-monitoring"] = "AROA5X4G2WSX42J2HXFNP"
	rid["gha-deploy"] = "AROA6FH5ESPS6QLOYSEGT"; rid["payments-api"] = "AROANQ6CGD4ZW7UHYJH4K"
	rid["external-secrets"] = "AROA4XXH4LSDIKKWJAGZG"; rid["batch-reports"] = "AROAC7RXALFVORIFQR2Z7"
	rid["lambda-builder"] = "AROAYGFMSHCYFGFNXSIDG"; rid["ops-automation"] = "AROACL52N2FAZV5H7KIG3"
	rid["AWSReservedSSO_AdministratorAccess_8f2d41c7a9e03b65"] = "AROAQG64Q3XPWW3MTVJTL"
	KCI = "AKIARTX3GSDSU2DEQ7VF"; KBK = "AKIARTX3GSDSS4PUP33E"; KPL = "AKIARTX3GSDSWI7ZT5LN"
	SSOADM = "AWSReservedSSO_AdministratorAccess_8f2d41c7a9e03b65"
	EKS = "oidc.eks.us-east-1.amazonaws.com/id/5C2B8E1F0D7A4E3B9A61C0D4F2E8B7A1"
	SDK = "aws-sdk-go-v2/1.32.4 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/s3#1.66.3"
	GLUE = "aws-internal/3 aws-sdk-java/1.12.770 Linux/5.10.227 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS java/17.0.13 vendor/Amazon.com_Inc. cfg/retry-mode/standard"
	BOTO = "Boto3/1.35.60 md/Botocore#1.35.60 ua/2.0 os/linux#5.10.227 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.60"
	CLIGH = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/GitHub-Actions cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off command#ecs.update-service"
	CLIMAC = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off command#s3.ls"
	BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
	VENDOR = "aws-sdk-java/2.29.6 Linux/6.1.112 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/adaptive"
	RUNNER_IP = "20.109.42.17"

	for (d = 1; d <= 14; d++) {
		wd = (d + 6) % 7	# 2026-11-01 is a Sunday: wd 0 Sunday .. 6 Saturday
		weekday = (wd >= 1 && wd <= 5)

		# etl-pipeline: the nightly Glue run; ten actions out of "*"
		t0 = ts(d, 1, 0, 7); sess = "etl-run-" sprintf("202611%02d", d)
		who = u_role("etl-pipeline", sess, t0, 0)
		ev("us-east-1", ts(d, 1, 0, 9), who, "glue", "StartJobRun", "glue.amazonaws.com", GLUE, "{\"jobName\":\"raw-to-curated\"}", "{\"jobRunId\":\"jr_" hex(40) "\"}", "")
		for (i = 0; i < 5; i++) {
			ev("us-east-1", ts(d, 1, 2, i * 7), who, "glue", "GetTable", "glue.amazonaws.com", GLUE, "{\"databaseName\":\"raw\",\"name\":\"events\"}", "", "")
			ev("us-east-1", ts(d, 1, 3, i * 7), who, "glue", "GetPartitions", "glue.amazonaws.com", GLUE, "{\"databaseName\":\"raw\",\"tableName\":\"events\"}", "", "")
			s3("us-east-1", ts(d, 1, 4, i * 9), who, "ListObjects", "acme-raw-data", "", "glue.amazonaws.com", GLUE)
		}
		for (i = 0; i < 40; i++)
			s3("us-east-1", ts(d, 1, 5 + int(i / 4), (i * 13) % 60), who, "GetObject", "acme-raw-data", sprintf("2026/11/%02d/part-%05d.json.gz", d, i), "glue.amazonaws.com", GLUE)
		for (i = 0; i < 20; i++)
			s3("us-east-1", ts(d, 1, 20 + int(i / 2), (i * 17) % 60), who, "PutObject", "acme-curated", sprintf("events/dt=2026-11-%02d/part-%05d.parquet", d, i), "glue.amazonaws.com", GLUE)
		for (i = 0; i < 6; i++)
			ev("us-east-1", ts(d, 1, 35 + i * 2, 0), who, "glue", "GetJobRun", "glue.amazonaws.com", GLUE, "{\"jobName\":\"raw-to-curated\"}", "", "")
		for (i = 0; i < 3; i++) {
			ev("us-east-1", ts(d, 2, 10 + i, 1), who, "athena", "StartQueryExecution", "10.0.21.14", BOTO, "{\"workGroup\":\"etl\",\"queryExecutionContext\":{\"database\":\"curated\"}}", "{\"queryExecutionId\":\"" uuid() "\"}", "")
			ev("us-east-1", ts(d, 2, 10 + i, 20), who, "athena", "GetQueryExecution", "10.0.21.14", BOTO, "{\"queryExecutionId\":\"" uuid() "\"}", "", "")
			ev("us-east-1", ts(d, 2, 10 + i, 40), who, "athena", "GetQueryExecution", "10.0.21.14", BOTO, "{\"queryExecutionId\":\"" uuid() "\"}", "", "")
			ev("us-east-1", ts(d, 2, 11 + i, 2), who, "athena", "GetQueryResults", "10.0.21.14", BOTO, "{\"queryExecutionId\":\"" uuid() "\"}", "", "")
		}
		if (d == 7)	# the weekly customer export: rare, and sensitive
			s3("us-east-1", ts(d, 2, 30, 0), who, "GetObject", "acme-customer-data", "exports/2026-11-07/customers.csv.gz", "10.0.21.14", BOTO)

		# ci-deploy: static key in GitHub Actions secrets, two deploys a weekday
		if (weekday) for (k = 0; k < 2; k++) {
			h = 10 + k * 5; who = u_user("ci-deploy", KCI)
			ev("us-east-1", ts(d, h, 2, 1), who, "ecr", "GetAuthorizationToken", RUNNER_IP, CLIGH, "{}", "", "")
			ev("us-east-1", ts(d, h, 2, 9), who, "ecr", "InitiateLayerUpload", RUNNER_IP, CLIGH, "{\"repositoryName\":\"app-api\"}", "", "")
			ev("us-east-1", ts(d, h, 2, 30), who, "ecr", "CompleteLayerUpload", RUNNER_IP, CLIGH, "{\"repositoryName\":\"app-api\"}", "", "")
			ev("us-east-1", ts(d, h, 2, 41), who, "ecr", "PutImage", RUNNER_IP, CLIGH, "{\"repositoryName\":\"app-api\",\"imageTag\":\"2026.11." d "\"}", "", "")
			ev("us-east-1", ts(d, h, 3, 5), who, "ecs", "RegisterTaskDefinition", RUNNER_IP, CLIGH, "{\"family\":\"app-api\"}", "", "")
			ev("us-east-1", ts(d, h, 3, 9), who, "ecs", "UpdateService", RUNNER_IP, CLIGH, "{\"cluster\":\"prod\",\"service\":\"app-api\"}", "", "")
			ev("us-east-1", ts(d, h, 3, 40), who, "ecs", "DescribeServices", RUNNER_IP, CLIGH, "{\"cluster\":\"prod\",\"services\":[\"app-api\"]}", "", "")
		}
		if (d == 5) {	# the same key from a laptop: the .env copy in use
			who = u_user("ci-deploy", KCI)
			ev("us-east-1", ts(d, 22, 41, 3), who, "sts", "GetCallerIdentity", "198.51.100.23", CLIMAC, "", "", "")
			s3("us-east-1", ts(d, 22, 41, 30), who, "ListObjects", "acme-app-assets", "", "198.51.100.23", CLIMAC)
			errcode = "AccessDenied"; errmsg = "User: arn:aws:iam::" A ":user/ci-deploy is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::" A ":user/ because no identity-based policy allows the iam:ListUsers action"
			ev("us-east-1", ts(d, 22, 42, 2), who, "iam", "ListUsers", "198.51.100.23", CLIMAC, "", "", "")
		}

		# gha-deploy: the OIDC release workflow, once a weekday
		if (weekday) {
			t0 = ts(d, 16, 5, 0); subj = "repo:acme/infra:ref:refs/heads/main"; sess = "GitHubActions"
			shared = uuid()
			res = "[{\"accountId\":" q(A) ",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::" A ":role/gha-deploy\"}]"
			ev("us-east-1", t0, u_web("token.actions.githubusercontent.com", subj), "sts", "AssumeRoleWithWebIdentity", RUNNER_IP, CLIGH,
			   "{\"roleArn\":\"arn:aws:iam::" A ":role/gha-deploy\",\"roleSessionName\":\"GitHubActions\",\"durationSeconds\":3600}",
			   "{\"subjectFromWebIdentityToken\":\"" subj "\",\"assumedRoleUser\":{\"assumedRoleId\":\"" rid["gha-deploy"] ":GitHubActions\",\"arn\":\"arn:aws:sts::" A ":assumed-role/gha-deploy/GitHubActions\"},\"provider\":\"arn:aws:iam::" A ":oidc-provider/token.actions.githubusercontent.com\",\"audience\":\"sts.amazonaws.com\"}", "")
			who = u_role("gha-deploy", sess, t0, 0)
			ev("us-east-1", ts(d, 16, 5, 12), who, "ecr", "GetAuthorizationToken", RUNNER_IP, CLIGH, "{}", "", "")
			ev("us-east-1", ts(d, 16, 6, 2), who, "ecr", "PutImage", RUNNER_IP, CLIGH, "{\"repositoryName\":\"app-web\",\"imageTag\":\"2026.11." d "\"}", "", "")
			ev("us-east-1", ts(d, 16, 6, 30), who, "ecs", "UpdateService", RUNNER_IP, CLIGH, "{\"cluster\":\"prod\",\"service\":\"app-web\"}", "", "")
		}

		# backup-agent: nightly uploads; its console password gets used on the 6th
		who = u_user("backup-agent", KBK)
		s3("us-east-1", ts(d, 2, 0, 0), who, "ListObjects", "acme-backups", "", "10.0.30.9", BOTO)
		for (i = 0; i < 10; i++)
			s3("us-east-1", ts(d, 2, 1 + i, 5), who, "PutObject", "acme-backups", sprintf("db/2026-11-%02d/chunk-%03d.tar.zst", d, i), "10.0.30.9", BOTO)
		if (d == 6) {
			addl = "{\"LoginTo\":\"https://console.aws.amazon.com/console/home?region=us-east-1\",\"MobileVersion\":\"No\",\"MFAUsed\":\"No\"}"
			ev("us-east-1", ts(d, 21, 14, 9), "{\"type\":\"IAMUser\",\"principalId\":" q(uid["backup-agent"]) ",\"arn\":\"arn:aws:iam::" A ":user/backup-agent\",\"accountId\":" q(A) ",\"userName\":\"backup-agent\"}",
			   "signin", "ConsoleLogin", "203.0.113.77", BROWSER, "", "{\"ConsoleLogin\":\"Success\"}", "signin")
			s3("us-east-1", ts(d, 21, 16, 40), u_user("backup-agent", "ASIARTX3GSDSCONSOLE7"), "GetObject", "acme-customer-data", "exports/2026-11-01/customers.csv.gz", "203.0.113.77", BROWSER)
		}

		# payments-legacy: the static key in the payments-worker Secret
		who = u_user("payments-legacy", KPL)
		for (h = 0; h < 24; h += 2) {
			ddb("us-east-1", ts(d, h, 7, rnd(60)), who, "PutItem", "payments-ledger", "10.0.12.55", BOTO)
			ddb("us-east-1", ts(d, h, 8, rnd(60)), who, "Query", "payments-ledger", "10.0.12.55", BOTO)
			ev("us-east-1", ts(d, h, 9, rnd(60)), who, "sqs", "ReceiveMessage", "10.0.12.55", BOTO, "{\"queueUrl\":\"https://sqs.us-east-1.amazonaws.com/" A "/payments-settlement\"}", "", "")
		}

		# payments-api: IRSA; the SDK exchanges the projected token hourly
		for (h = 0; h < 24; h += 2) {
			t0 = ts(d, h, 0, 1); subj = "system:serviceaccount:payments:payments-api"; sess = "botocore-session-17" sprintf("%02d%02d", d, h)
			ev("us-east-1", t0, u_web(EKS, subj), "sts", "AssumeRoleWithWebIdentity", "10.0.12.52", BOTO,
			   "{\"roleArn\":\"arn:aws:iam::" A ":role/payments-api\",\"roleSessionName\":\"" sess "\"}", "{\"subjectFromWebIdentityToken\":\"" subj "\",\"audience\":\"sts.amazonaws.com\",\"provider\":\"arn:aws:iam::" A ":oidc-provider/" EKS "\"}", "")
			who = u_role("payments-api", sess, t0, 0)
			ddb("us-east-1", ts(d, h, 12, rnd(60)), who, "GetItem", "payments-ledger", "10.0.12.52", BOTO)
			ddb("us-east-1", ts(d, h, 13, rnd(60)), who, "Query", "payments-ledger", "10.0.12.52", BOTO)
			ev("us-east-1", ts(d, h, 14, rnd(60)), who, "kms", "Decrypt", "10.0.12.52", BOTO, "{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}", "",  "")
		}

		# app-api in two regions: the same policy, the same calls
		for (r = 0; r < 2; r++) {
			region = r ? "eu-west-1" : "us-east-1"; role = "app-api-" region
			for (h = 1; h < 24; h += 3) {
				t0 = ts(d, h, 0, 0); sess = sprintf("%s-task-%08x", role, rnd(2147483647))
				who = u_role(role, sess, t0, 0)
				ddb(region, ts(d, h, 10, rnd(60)), who, "GetItem", "app-sessions", r ? "10.1.4.20" : "10.0.4.20", SDK)
				s3(region, ts(d, h, 11, rnd(60)), who, "GetObject", "acme-app-assets", sprintf("static/v%d/app.js", d), r ? "10.1.4.20" : "10.0.4.20", SDK)
				ev(region, ts(d, h, 12, rnd(60)), who, "sqs", "SendMessage", r ? "10.1.4.20" : "10.0.4.20", SDK, "{\"queueUrl\":\"https://sqs." region ".amazonaws.com/" A "/app-jobs\"}", "", "")
			}
		}

		# vendor-monitoring: a third party polling with ReadOnlyAccess
		for (h = 0; h < 24; h += 4) {
			t0 = ts(d, h, 30, 0); sess = "monitoring-" sprintf("%02d%02d", d, h)
			res = "[{\"accountId\":" q(A) ",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::" A ":role/vendor-monitoring\"}]"
			ev("us-east-1", t0, u_account("444455556666"), "sts", "AssumeRole", "198.18.7.21", VENDOR,
			   "{\"roleArn\":\"arn:aws:iam::" A ":role/vendor-monitoring\",\"roleSessionName\":\"" sess "\"}", "{\"assumedRoleUser\":{\"assumedRoleId\":\"" rid["vendor-monitoring"] ":" sess "\",\"arn\":\"arn:aws:sts::" A ":assumed-role/vendor-monitoring/" sess "\"}}", "")
			who = u_role("vendor-monitoring", sess, t0, 0)
			ev("us-east-1", ts(d, h, 30, 20), who, "ec2", "DescribeInstances", "198.18.7.21", VENDOR, "{\"maxResults\":1000}", "", "")
			ev("us-east-1", ts(d, h, 30, 40), who, "monitoring", "GetMetricData", "198.18.7.21", VENDOR, "{\"startTime\":\"" t0 "\"}", "", "")
			ev("us-east-1", ts(d, h, 31, 0), who, "rds", "DescribeDBInstances", "198.18.7.21", VENDOR, "{}", "", "")
			if (h == 12) {
				errcode = "AccessDenied"; errmsg = "User: arn:aws:sts::" A ":assumed-role/vendor-monitoring/" sess " is not authorized to perform: secretsmanager:GetSecretValue because no identity-based policy allows the secretsmanager:GetSecretValue action"
				ev("us-east-1", ts(d, h, 31, 30), who, "secretsmanager", "GetSecretValue", "198.18.7.21", VENDOR, "{\"secretId\":\"app/db-password\"}", "", "")
			}
		}

		# external-secrets syncing app secrets every six hours
		for (h = 0; h < 24; h += 6) {
			t0 = ts(d, h, 45, 0); sess = sprintf("external-secrets-%02d%02d", d, h)
			who = u_role("external-secrets", sess, t0, 0)
			ev("us-east-1", ts(d, h, 45, 10), who, "secretsmanager", "GetSecretValue", "10.0.12.80", SDK, "{\"secretId\":\"app/db-password\"}", "", "")
		}

		# batch-reports: the daily report task ...
		t0 = ts(d, 6, 0, 0); sess = sprintf("batch-reports-%02d", d); who = u_role("batch-reports", sess, t0, 0)
		ev("us-east-1", ts(d, 6, 0, 30), who, "athena", "StartQueryExecution", "10.0.21.30", BOTO, "{\"workGroup\":\"reports\"}", "", "")
		ev("us-east-1", ts(d, 6, 2, 0), who, "athena", "GetQueryResults", "10.0.21.30", BOTO, "{}", "", "")
		s3("us-east-1", ts(d, 6, 3, 0), who, "PutObject", "acme-athena-results", sprintf("reports/2026-11-%02d.csv", d), "10.0.21.30", BOTO)
	}

	# ... and a human switching into it from the console (NHI10)
	t0 = ts(10, 14, 20, 5); who = u_role(SSOADM, "tom.becker@acme.example", ts(10, 14, 0, 0), 1)
	shared = uuid()
	ev("us-east-1", t0, who, "sts", "AssumeRole", "203.0.113.50", "AWS Internal",
	   "{\"roleArn\":\"arn:aws:iam::" A ":role/batch-reports\",\"roleSessionName\":\"tom.becker@acme.example\"}", "{\"assumedRoleUser\":{\"assumedRoleId\":\"" rid["batch-reports"] ":tom.becker@acme.example\",\"arn\":\"arn:aws:sts::" A ":assumed-role/batch-reports/tom.becker@acme.example\"}}", "")
	addl = "{\"SwitchFrom\":\"arn:aws:sts::" A ":assumed-role/" SSOADM "/tom.becker@acme.example\",\"RedirectTo\":\"https://us-east-1.console.aws.amazon.com/athena/home\"}"
	ev("us-east-1", ts(10, 14, 20, 6), who, "signin", "SwitchRole", "203.0.113.50", BROWSER, "", "{\"SwitchRole\":\"Success\"}", "signin")
	who = u_role("batch-reports", "tom.becker@acme.example", t0, 0)
	ev("us-east-1", ts(10, 14, 21, 0), who, "athena", "StartQueryExecution", "203.0.113.50", BROWSER, "{\"workGroup\":\"primary\"}", "", "")
	s3("us-east-1", ts(10, 14, 22, 10), who, "GetObject", "acme-curated", "events/dt=2026-11-09/part-00000.parquet", "203.0.113.50", BROWSER)

	# lambda-builder: PassRole into a new function (the escalation path, used once)
	t0 = ts(12, 10, 30, 0); who = u_role("lambda-builder", "AWSCodeBuild-7d3c1f0e", t0, 0)
	ev("us-east-1", ts(12, 10, 30, 5), who, "lambda", "CreateFunction20150331", "10.0.40.11", BOTO, "{\"functionName\":\"thumbnailer\",\"role\":\"arn:aws:iam::" A ":role/app-api-us-east-1\",\"runtime\":\"python3.12\"}", "", "")
	ev("us-east-1", ts(12, 10, 31, 0), who, "lambda", "UpdateFunctionCode20150331v2", "10.0.40.11", BOTO, "{\"functionName\":\"thumbnailer\"}", "", "")

	# ops-automation: a denied attempt outside its policy
	t0 = ts(10, 4, 0, 0); who = u_role("ops-automation", "ops-automation-nightly", t0, 0)
	ev("us-east-1", ts(10, 4, 0, 3), who, "iam", "GetPolicyVersion", "lambda.amazonaws.com", BOTO, "{\"policyArn\":\"arn:aws:iam::" A ":policy/deploy-app\",\"versionId\":\"v1\"}", "", "")
	errcode = "AccessDenied"; errmsg = "User: arn:aws:sts::" A ":assumed-role/ops-automation/ops-automation-nightly is not authorized to perform: iam:AttachRolePolicy on resource: role etl-pipeline because no identity-based policy allows the iam:AttachRolePolicy action"
	ev("us-east-1", ts(10, 4, 0, 9), who, "iam", "AttachRolePolicy", "lambda.amazonaws.com", BOTO, "{\"roleName\":\"etl-pipeline\",\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}", "", "")

	# the SSO admin session of a platform engineer, day to day
	for (d = 2; d <= 13; d += 4) {
		t0 = ts(d, 9, 0, 0); who = u_role(SSOADM, "raj.patel@acme.example", t0, 1)
		ev("us-east-1", ts(d, 9, 5, 0), who, "iam", "GetRole", "203.0.113.50", BROWSER, "{\"roleName\":\"etl-pipeline\"}", "", "")
		ev("us-east-1", ts(d, 9, 6, 0), who, "cloudtrail", "LookupEvents", "203.0.113.50", BROWSER, "{\"maxResults\":50}", "", "")
	}
}' | sort -t "$(printf '\t')" -k2,2 -k1,1 -s >"$tmp/events"

# Deliver: one file per region and six-hour slice, named as CloudTrail does.
rm -rf "$out/AWSLogs"
awk -F '\t' -v out="$out" -v tmp="$tmp" '
function flush() {
	if (file == "") return
	print "]}" >file
	close(file)
	files[nf++] = file
}
function fid(s,   i, h, r) {	# a stable 16-character id from the file name
	h = 5381
	for (i = 1; i <= length(s); i++) h = (h * 33 + index("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-abcdefghijklmnopqrstuvwxyz", substr(s, i, 1))) % 2147483647
	r = ""
	for (i = 0; i < 16; i++) { h = (h * 16807) % 2147483647; r = r substr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", h % 62 + 1, 1) }
	return r
}
{
	day = substr($1, 9, 2); hh = substr($1, 12, 2); slot = sprintf("%02d", int(hh / 6) * 6)
	key = $2 "/" day "/" slot
	if (key != cur) {
		flush()
		cur = key
		dir = out "/AWSLogs/111122223333/CloudTrail/" $2 "/2026/11/" day
		system("mkdir -p \"" dir "\"")
		stamp = "202611" day "T" sprintf("%02d", slot + 6 > 23 ? 23 : slot + 5) (slot + 6 > 23 ? "55" : "05") "Z"
		name = "111122223333_CloudTrail_" $2 "_" stamp
		file = dir "/" name "_" fid(name) ".json"
		printf "{\"Records\":[" >file
		sep = ""
	}
	printf "%s%s", sep, $3 >file
	sep = ","
}
END {
	flush()
	for (i = 0; i < nf; i++) print files[i] >(tmp "/files")
}' "$tmp/events"
while read -r f; do gzip -n -9 -f "$f"; done <"$tmp/files"
printf 'gen-cloudtrail: %s records in %s files under %s\n' \
	"$(wc -l <"$tmp/events" | tr -d ' ')" "$(wc -l <"$tmp/files" | tr -d ' ')" "$out/AWSLogs"
