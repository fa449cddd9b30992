/* gen-estate: write a synthetic estate of any size in the official export
 * formats, for benchmarks (bench/run compiles it; it is not installed).
 *
 *   gen-estate [--identities N] [--people N] [--events N] [--days N]
 *              [--per-file N] [--seed N] --out DIR
 *
 * DIR/auth.json              aws iam get-account-authorization-details
 * DIR/credential-report.csv  the IAM credential report
 * DIR/users.json             Okta /api/v1/users
 * DIR/cloudtrail/AWSLogs/... CloudTrail .json.gz files as delivered
 * DIR/sightings.ndjson       sighting records (nhi-records(5))
 *
 * The same options give the same bytes: one seeded generator, no clock.
 * Shapes follow the Acme estate (examples/acme); the mix is: 80% roles,
 * 20% users, a group per 50 identities, a manager per 8 people. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#define ACCOUNT 111122223333ULL
#define START 1793491200 /* 2026-11-01T00:00:00Z */

static uint64_t n_ident = 1000, n_people = 100, n_events = 100000;
static uint64_t n_days = 14, per_file = 1000, seed = 1;
static const char *outdir;
static uint64_t n_roles, n_users, n_groups;

static uint64_t rng_state;

/* splitmix64: small, fast, and the same on every platform. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* A skewed pick: a few principals make most of the calls, as in life. */
static uint64_t skewed(uint64_t n)
{
	double u = (double)(rnd() >> 11) / 9007199254740992.0;

	return (uint64_t)(u * u * u * (double)n) % (n ? n : 1);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen-estate: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(4);
}

static void mkdirs(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		die("%s: path too long", path);
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0777) && errno != EEXIST)
			die("%s: %s", buf, strerror(errno));
		*p = '/';
	}
	if (mkdir(buf, 0777) && errno != EEXIST)
		die("%s: %s", buf, strerror(errno));
}

static FILE *create(const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	if (!(f = fopen(path, "w")))
		die("%s: %s", path, strerror(errno));
	return f;
}

static void finish(FILE *f, const char *name)
{
	if (ferror(f) | fclose(f))
		die("%s: write error", name);
}

static void iso(char *buf, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* An access key id that encodes ACCOUNT as AWS's do (bits 7..46 of the
 * base32-decoded id), so tools that derive the account offline agree. */
static void key_id(char *out, uint64_t idx, const char *prefix)
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char b[10];
	uint64_t z = (1ULL << 47) | (ACCOUNT << 7) | (idx & 0x7f);
	uint64_t lo = idx >> 7;
	int bits = 0, o = 4;
	uint32_t acc = 0;

	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(z >> (40 - 8 * i));
	for (int i = 0; i < 4; i++)
		b[6 + i] = (unsigned char)(lo >> (24 - 8 * i));
	memcpy(out, prefix, 4);
	for (int i = 0; i < 10; i++) {
		acc = (acc << 8) | b[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[o] = 0;
}

static void hexs(char *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = "0123456789abcdef"[below(16)];
	out[n] = 0;
}

static const char *const services[] = {
	"s3", "dynamodb", "sqs", "sns", "kms", "lambda", "ecr", "ecs",
	"glue", "athena", "logs", "secretsmanager", "ec2", "rds", "iam",
};

/* Calls the synthetic workloads make: eventSource host, eventName, and
 * whether CloudTrail logs it as a data event. */
static const struct call {
	const char *src, *name;
	int data;
} calls[] = {
	{ "s3", "GetObject", 1 }, { "s3", "PutObject", 1 },
	{ "s3", "ListObjects", 1 }, { "dynamodb", "GetItem", 1 },
	{ "dynamodb", "PutItem", 1 }, { "dynamodb", "Query", 1 },
	{ "sqs", "ReceiveMessage", 0 }, { "sqs", "SendMessage", 0 },
	{ "kms", "Decrypt", 0 }, { "sts", "GetCallerIdentity", 0 },
	{ "lambda", "Invoke", 1 }, { "ecr", "GetAuthorizationToken", 0 },
	{ "ecs", "DescribeServices", 0 }, { "glue", "GetTable", 0 },
	{ "athena", "StartQueryExecution", 0 }, { "logs", "PutLogEvents", 0 },
	{ "secretsmanager", "GetSecretValue", 0 }, { "ec2", "DescribeInstances", 0 },
	{ "iam", "GetRole", 0 }, { "rds", "DescribeDBInstances", 0 },
};

static const char *const actions[] = {
	"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:*",
	"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:*",
	"sqs:SendMessage", "sqs:ReceiveMessage", "kms:Decrypt", "lambda:InvokeFunction",
	"ecr:GetAuthorizationToken", "ecs:UpdateService", "glue:GetTable",
	"athena:StartQueryExecution", "logs:PutLogEvents", "secretsmanager:GetSecretValue",
	"ec2:Describe*", "iam:PassRole", "iam:GetRole", "*",
};

static void policy_doc(FILE *f)
{
	int n = 1 + (int)below(3);

	fputs("{\"Version\":\"2012-10-17\",\"Statement\":[", f);
	for (int s = 0; s < n; s++) {
		int na = 1 + (int)below(5);

		fprintf(f, "%s{\"Effect\":\"%s\",\"Action\":[", s ? "," : "",
			below(20) ? "Allow" : "Deny");
		for (int a = 0; a < na; a++) {
			/* "*" alone is rare: one statement in a few hundred */
			size_t k = below((sizeof(actions) / sizeof(actions[0])) - (below(50) ? 1 : 0));
			fprintf(f, "%s\"%s\"", a ? "," : "", actions[k]);
		}
		if (below(3))
			fputs("],\"Resource\":\"*\"}", f);
		else
			fprintf(f, "],\"Resource\":\"arn:aws:%s:::acme-%s-%" PRIu64 "/*\"}",
				services[below(3)], services[below(15)], below(500));
	}
	fputs("]}", f);
}

static void write_auth(void)
{
	FILE *f = create("auth.json");
	char t[32];
	uint64_t n_pol = 200;

	fputs("{\"UserDetailList\":[", f);
	for (uint64_t i = 0; i < n_users; i++) {
		iso(t, sizeof(t), START - 86400 * (int64_t)(30 + below(1500)));
		fprintf(f, "%s\n{\"Path\":\"/\",\"UserName\":\"svc-%06" PRIu64 "\","
			"\"UserId\":\"AIDA%017" PRIu64 "\",\"Arn\":\"arn:aws:iam::%llu:user/svc-%06" PRIu64 "\","
			"\"CreateDate\":\"%s\",\"UserPolicyList\":[",
			i ? "," : "", i, i, (unsigned long long)ACCOUNT, i, t);
		if (below(3) == 0) {
			fputs("{\"PolicyName\":\"inline\",\"PolicyDocument\":", f);
			policy_doc(f);
			fputs("}", f);
		}
		fprintf(f, "],\"GroupList\":[\"group-%04" PRIu64 "\"],\"AttachedManagedPolicies\":[]",
			below(n_groups));
		if (n_people)
			fprintf(f, ",\"Tags\":[{\"Key\":\"owner\",\"Value\":\"person%05" PRIu64 "@acme.example\"}]",
				below(n_people));
		fputs("}", f);
	}
	fputs("],\n\"GroupDetailList\":[", f);
	for (uint64_t i = 0; i < n_groups; i++) {
		fprintf(f, "%s\n{\"Path\":\"/\",\"GroupName\":\"group-%04" PRIu64 "\","
			"\"GroupId\":\"AGPA%017" PRIu64 "\",\"Arn\":\"arn:aws:iam::%llu:group/group-%04" PRIu64 "\","
			"\"CreateDate\":\"2022-01-01T00:00:00Z\",\"GroupPolicyList\":[],"
			"\"AttachedManagedPolicies\":[{\"PolicyName\":\"policy-%03" PRIu64 "\","
			"\"PolicyArn\":\"arn:aws:iam::%llu:policy/policy-%03" PRIu64 "\"}]}",
			i ? "," : "", i, i, (unsigned long long)ACCOUNT, i, i % n_pol,
			(unsigned long long)ACCOUNT, i % n_pol);
	}
	fputs("],\n\"RoleDetailList\":[", f);
	for (uint64_t i = 0; i < n_roles; i++) {
		uint64_t m = below(4);

		iso(t, sizeof(t), START - 86400 * (int64_t)(30 + below(1500)));
		fprintf(f, "%s\n{\"Path\":\"/\",\"RoleName\":\"role-%06" PRIu64 "\","
			"\"RoleId\":\"AROA%017" PRIu64 "\",\"Arn\":\"arn:aws:iam::%llu:role/role-%06" PRIu64 "\","
			"\"CreateDate\":\"%s\",\"AssumeRolePolicyDocument\":",
			i ? "," : "", i, i, (unsigned long long)ACCOUNT, i, t);
		switch (below(4)) {
		case 0:
			fprintf(f, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
				"\"Principal\":{\"AWS\":\"arn:aws:iam::%012" PRIu64 ":root\"},\"Action\":\"sts:AssumeRole\"}]}",
				(uint64_t)(100000000000ULL + below(900000000000ULL)));
			break;
		default:
			fprintf(f, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
				"\"Principal\":{\"Service\":\"%s.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
				below(2) ? "lambda" : "ecs-tasks");
		}
		fputs(",\"InstanceProfileList\":[],\"RolePolicyList\":[", f);
		if (below(2)) {
			fputs("{\"PolicyName\":\"inline\",\"PolicyDocument\":", f);
			policy_doc(f);
			fputs("}", f);
		}
		fputs("],\"AttachedManagedPolicies\":[", f);
		for (uint64_t k = 0; k < m; k++) {
			uint64_t p = below(n_pol);
			fprintf(f, "%s{\"PolicyName\":\"policy-%03" PRIu64 "\",\"PolicyArn\":\"arn:aws:iam::%llu:policy/policy-%03" PRIu64 "\"}",
				k ? "," : "", p, (unsigned long long)ACCOUNT, p);
		}
		iso(t, sizeof(t), START + 86400 * (int64_t)n_days - (int64_t)below(86400 * 400));
		fprintf(f, "],\"Tags\":[{\"Key\":\"team\",\"Value\":\"team-%02" PRIu64 "\"}],"
			"\"RoleLastUsed\":{\"LastUsedDate\":\"%s\",\"Region\":\"us-east-1\"}}", below(40), t);
	}
	fputs("],\n\"Policies\":[", f);
	for (uint64_t i = 0; i < n_pol; i++) {
		fprintf(f, "%s\n{\"PolicyName\":\"policy-%03" PRIu64 "\",\"PolicyId\":\"ANPA%017" PRIu64 "\","
			"\"Arn\":\"arn:aws:iam::%llu:policy/policy-%03" PRIu64 "\",\"Path\":\"/\","
			"\"DefaultVersionId\":\"v1\",\"AttachmentCount\":1,\"PermissionsBoundaryUsageCount\":0,"
			"\"IsAttachable\":true,\"CreateDate\":\"2022-01-01T00:00:00Z\",\"UpdateDate\":\"2022-01-01T00:00:00Z\","
			"\"PolicyVersionList\":[{\"Document\":",
			i ? "," : "", i, i, (unsigned long long)ACCOUNT, i);
		policy_doc(f);
		fputs(",\"VersionId\":\"v1\",\"IsDefaultVersion\":true,\"CreateDate\":\"2022-01-01T00:00:00Z\"}]}", f);
	}
	fputs("]}\n", f);
	finish(f, "auth.json");
}

static void write_report(void)
{
	FILE *f = create("credential-report.csv");
	char t[32], u[32];

	fputs("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
	      "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
	      "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
	      "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
	      "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
	      "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n", f);
	fprintf(f, "<root_account>,arn:aws:iam::%llu:root,2021-06-01T07:58:00+00:00,not_supported,"
		"2025-02-03T09:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,"
		"false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n", (unsigned long long)ACCOUNT);
	for (uint64_t i = 0; i < n_users; i++) {
		fprintf(f, "svc-%06" PRIu64 ",arn:aws:iam::%llu:user/svc-%06" PRIu64 ",2022-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false",
			i, (unsigned long long)ACCOUNT, i);
		for (int k = 0; k < 2; k++) {
			if (k && below(4)) {
				fputs(",false,N/A,N/A,N/A,N/A", f);
				continue;
			}
			iso(t, sizeof(t), START - 86400 * (int64_t)(30 + below(1500)));
			iso(u, sizeof(u), START + 86400 * (int64_t)n_days - (int64_t)below(86400 * 500));
			t[19] = u[19] = 0;
			fprintf(f, ",%s,%s+00:00,%s+00:00,us-east-1,%s", below(10) ? "true" : "false",
				t, u, services[below(15)]);
		}
		fputs(",false,N/A,false,N/A\n", f);
	}
	finish(f, "credential-report.csv");
}

static void write_people(void)
{
	FILE *f = create("users.json");

	fputs("[", f);
	for (uint64_t i = 0; i < n_people; i++) {
		uint64_t r = below(100);
		const char *st = r < 5 ? "DEPROVISIONED" : r < 7 ? "SUSPENDED" : "ACTIVE";

		fprintf(f, "%s\n{\"id\":\"00u%017" PRIu64 "\",\"status\":\"%s\",\"created\":\"2021-01-04T09:00:00.000Z\","
			"\"activated\":\"2021-01-04T09:05:00.000Z\",\"statusChanged\":%s,\"lastLogin\":\"2026-11-10T08:00:00.000Z\","
			"\"lastUpdated\":\"2026-10-01T12:00:00.000Z\",\"passwordChanged\":\"2021-01-04T09:10:00.000Z\","
			"\"type\":{\"id\":\"oty1a2b3c4d5e6f7g8h9\"},\"profile\":{\"firstName\":\"Person\",\"lastName\":\"%05" PRIu64 "\","
			"\"mobilePhone\":null,\"secondEmail\":null,\"login\":\"person%05" PRIu64 "@acme.example\","
			"\"email\":\"person%05" PRIu64 "@acme.example\",\"title\":\"Engineer\",\"department\":\"Engineering\"",
			i ? "," : "", i, st, r < 7 ? "\"2026-09-30T17:00:00.000Z\"" : "null", i, i, i);
		if (i)
			fprintf(f, ",\"managerId\":\"person%05" PRIu64 "@acme.example\"", (i - 1) / 8);
		fputs("},\"credentials\":{\"password\":{},\"provider\":{\"type\":\"OKTA\",\"name\":\"OKTA\"}}}", f);
	}
	fputs("\n]\n", f);
	finish(f, "users.json");
}

static void write_sightings(void)
{
	FILE *f = create("sightings.ndjson");
	char k[24], fp[17], c[41];

	for (uint64_t i = 0; i < n_users; i += 3) {
		key_id(k, i, "AKIA");
		hexs(fp, 16);
		hexs(c, 40);
		fprintf(f, "{\"kind\":\"sighting\",\"rule\":\"aws_access_key_id\",\"key_id\":\"%s\","
			"\"fingerprint\":\"hmac-sha256:%s\",\"provider\":\"aws\",\"location\":{\"type\":\"git\","
			"\"repo\":\"acme/repo-%03" PRIu64 "\",\"path\":\"config/settings-%" PRIu64 ".env\",\"line\":%" PRIu64 ","
			"\"commit\":\"%s\",\"time\":\"2025-06-01T10:00:00Z\"},"
			"\"source\":{\"collector\":\"secrets\",\"file\":\"acme/repo-%03" PRIu64 "\",\"line\":%" PRIu64 "}}\n",
			k, fp, below(300), i, 1 + below(40), c, below(300), 1 + below(40));
	}
	finish(f, "sightings.ndjson");
}

static const char *const regions[] = { "us-east-1", "eu-west-1", "us-west-2" };
#define N_REGIONS 3

struct trail {
	gzFile gz;
	uint64_t n;
	int64_t day; /* a file holds one day: its folder names the day */
	char path[4096];
};

static void trail_close(struct trail *tr)
{
	if (!tr->gz)
		return;
	gzputs(tr->gz, "]}\n");
	if (gzclose(tr->gz) != Z_OK)
		die("%s: write error", tr->path);
	tr->gz = NULL;
}

static void trail_open(struct trail *tr, int r, int64_t t)
{
	static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	time_t tt = (time_t)t;
	struct tm tm;
	char dir[3800], id[17];

	gmtime_r(&tt, &tm);
	if (strlen(outdir) > 3000)
		die("%s: path too long", outdir);
	snprintf(dir, sizeof(dir), "%s/cloudtrail/AWSLogs/%llu/CloudTrail/%s/%04d/%02d/%02d",
		 outdir, (unsigned long long)ACCOUNT, regions[r], tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	mkdirs(dir);
	for (int i = 0; i < 16; i++)
		id[i] = b62[below(62)];
	id[16] = 0;
	snprintf(tr->path, sizeof(tr->path), "%s/%llu_CloudTrail_%s_%04d%02d%02dT%02d%02dZ_%s.json.gz",
		 dir, (unsigned long long)ACCOUNT, regions[r], tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min - tm.tm_min % 5, id);
	/* "wb1": speed over size, a 10M-event estate must not take all day */
	if (!(tr->gz = gzopen(tr->path, "wb1")))
		die("%s: %s", tr->path, strerror(errno));
	gzputs(tr->gz, "{\"Records\":[");
	tr->n = 0;
	tr->day = t / 86400;
}

static void write_trail(void)
{
	struct trail tr[N_REGIONS] = { 0 };
	int64_t span = 86400 * (int64_t)n_days;
	char t[32], kid[24], u1[9], u2[5], u3[4], u4[4], u5[13], rq[17];

	for (uint64_t e = 0; e < n_events; e++) {
		int64_t now = START + (int64_t)((double)e * (double)span / (double)n_events);
		int r = below(10) < 7 ? 0 : 1 + (int)below(2);
		const struct call *c = &calls[below(sizeof(calls) / sizeof(calls[0]))];
		uint64_t who = skewed(n_ident);
		int denied = below(200) == 0;

		if (tr[r].gz && (tr[r].n >= per_file || now / 86400 != tr[r].day))
			trail_close(&tr[r]);
		if (!tr[r].gz)
			trail_open(&tr[r], r, now);
		iso(t, sizeof(t), now);
		hexs(u1, 8), hexs(u2, 4), hexs(u3, 3), hexs(u4, 3), hexs(u5, 12), hexs(rq, 16);
		gzputs(tr[r].gz, tr[r].n ? "," : "");
		if (who < n_roles) {
			key_id(kid, e, "ASIA");
			gzprintf(tr[r].gz, "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\","
				 "\"principalId\":\"AROA%017" PRIu64 ":session-%" PRIu64 "\",\"arn\":\"arn:aws:sts::%llu:assumed-role/role-%06" PRIu64 "/session-%" PRIu64 "\","
				 "\"accountId\":\"%llu\",\"accessKeyId\":\"%s\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
				 "\"principalId\":\"AROA%017" PRIu64 "\",\"arn\":\"arn:aws:iam::%llu:role/role-%06" PRIu64 "\",\"accountId\":\"%llu\","
				 "\"userName\":\"role-%06" PRIu64 "\"},\"attributes\":{\"creationDate\":\"%s\",\"mfaAuthenticated\":\"false\"}}}",
				 who, e / 1000, (unsigned long long)ACCOUNT, who, e / 1000, (unsigned long long)ACCOUNT, kid,
				 who, (unsigned long long)ACCOUNT, who, (unsigned long long)ACCOUNT, who, t);
		} else {
			uint64_t u = who - n_roles;
			key_id(kid, u, "AKIA");
			gzprintf(tr[r].gz, "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\","
				 "\"principalId\":\"AIDA%017" PRIu64 "\",\"arn\":\"arn:aws:iam::%llu:user/svc-%06" PRIu64 "\","
				 "\"accountId\":\"%llu\",\"accessKeyId\":\"%s\",\"userName\":\"svc-%06" PRIu64 "\"}",
				 u, (unsigned long long)ACCOUNT, u, (unsigned long long)ACCOUNT, kid, u);
		}
		gzprintf(tr[r].gz, ",\"eventTime\":\"%s\",\"eventSource\":\"%s.amazonaws.com\",\"eventName\":\"%s\","
			 "\"awsRegion\":\"%s\",\"sourceIPAddress\":\"10.%d.%d.%d\",\"userAgent\":\"aws-sdk-go-v2/1.32.4 os/linux lang/go#1.23.3\"",
			 t, c->src, c->name, regions[r], (int)below(256), (int)below(256), (int)below(256));
		if (denied)
			gzputs(tr[r].gz, ",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"not authorized\"");
		if (!strcmp(c->src, "s3"))
			gzprintf(tr[r].gz, ",\"requestParameters\":{\"bucketName\":\"acme-bucket-%" PRIu64 "\",\"key\":\"data/%" PRIu64 ".json\"},"
				 "\"responseElements\":null,\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::acme-bucket-%" PRIu64 "/data/%" PRIu64 ".json\"}]",
				 who % 97, e % 10007, who % 97, e % 10007);
		else
			gzputs(tr[r].gz, ",\"requestParameters\":null,\"responseElements\":null");
		gzprintf(tr[r].gz, ",\"requestID\":\"%s\",\"eventID\":\"%s-%s-4%s-a%s-%s\",\"readOnly\":%s,"
			 "\"eventType\":\"AwsApiCall\",\"managementEvent\":%s,\"recipientAccountId\":\"%llu\","
			 "\"eventCategory\":\"%s\"}",
			 rq, u1, u2, u3, u4, u5, c->name[0] == 'G' || c->name[0] == 'L' || c->name[0] == 'D' ? "true" : "false",
			 c->data ? "false" : "true", (unsigned long long)ACCOUNT, c->data ? "Data" : "Management");
		tr[r].n++;
	}
	for (int r = 0; r < N_REGIONS; r++)
		trail_close(&tr[r]);
}

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: gen-estate [--identities N] [--people N] [--events N] [--days N]\n"
		"                  [--per-file N] [--seed N] --out DIR\n");
	exit(status);
}

static uint64_t number(const char *s, const char *opt)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		die("%s: '%s' is not a number", opt, s);
	return v;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "identities", required_argument, NULL, 'i' },
		{ "people", required_argument, NULL, 'p' },
		{ "events", required_argument, NULL, 'e' },
		{ "days", required_argument, NULL, 'd' },
		{ "per-file", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': n_ident = number(optarg, "--identities"); break;
		case 'p': n_people = number(optarg, "--people"); break;
		case 'e': n_events = number(optarg, "--events"); break;
		case 'd': n_days = number(optarg, "--days"); break;
		case 'f': per_file = number(optarg, "--per-file"); break;
		case 's': seed = number(optarg, "--seed"); break;
		case 'o': outdir = optarg; break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (!outdir || optind != argc)
		usage(2);
	if (!n_ident || !n_days || !per_file)
		die("--identities, --days and --per-file must be at least 1");
	n_users = n_ident / 5;
	n_roles = n_ident - n_users;
	n_groups = n_ident / 50 + 1;
	mkdirs(outdir);
	rng_state = seed;
	write_auth();
	write_report();
	write_people();
	write_sightings();
	write_trail();
	return 0;
}
