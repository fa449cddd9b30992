/* nhi-jit: time-bounded elevation instead of standing privilege.  A request
 * names an identity, a scope and a duration; an owner approves or denies
 * it; grant writes the artefact whose own conditions end it (an IAM policy
 * with aws:CurrentTime bounds, or a RoleBinding with an expiry); reap, from
 * cron, revokes what is past expiry. Every action is an audit record; the
 * state lives in an fsync'd journal. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "http.h"
#include "journal.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "secretenv.h"
#include "timefmt.h"
#include "banned.h"

enum { OPT_STATE = NHI_OPT_PROGRAM, OPT_IDENTITY, OPT_ACTION, OPT_RESOURCE, OPT_PROFILE,
       OPT_DURATION, OPT_REASON, OPT_REQUESTER, OPT_APPROVER, OPT_START, OPT_GRAPH, OPT_FORMAT };

static const char *state_path = "nhi-jit.journal", *identity, *profile, *reason, *requester,
		  *approver, *graph, *format = "records";
static json_t *actions, *resources, *owners;
static int64_t duration, start;
static struct nhi_journal *state;

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: nhi-jit [OPTION...] request --identity ID (--action A... --resource R... | --profile NAME)\n"
		"                           --duration DURATION --reason TEXT --requester PERSON\n"
		"       nhi-jit [OPTION...] approve|deny REQUEST --approver PERSON [--graph FILE]\n"
		"       nhi-jit [OPTION...] ingest [FILE...]\n"
		"       nhi-jit [OPTION...] grant REQUEST [--format records|policy|yaml]\n"
		"       nhi-jit [OPTION...] reap | list\n\n"
		"      --state FILE      the request journal (default nhi-jit.journal)\n"
		"      --identity ID     the identity to elevate\n"
		"      --action ACTION   an action the grant allows (repeatable)\n"
		"      --resource RES    a resource the grant allows (repeatable; default *)\n"
		"      --profile NAME    a named scope from jit_profiles in nhi.yaml\n"
		"      --duration DURATION  how long the grant lasts (e.g. 2h)\n"
		"      --start TIME      when the grant starts (default: when granted)\n"
		"      --reason TEXT     why, for the approver and the audit\n"
		"      --requester PERSON  who asks\n"
		"      --approver PERSON who approves or denies\n"
		"      --graph FILE      lineage records naming each identity's owners\n"
		"      --format FORMAT   with grant: records, policy (IAM JSON) or yaml (RoleBinding)\n"
		NHI_COMMON_USAGE);
	exit(status);
}

static void audit(const char *action, const char *req, json_t *before, json_t *after,
		  const char *who)
{
	json_t *a = nhi_record_new("audit");

	nhi_set_str(a, "action", action);
	nhi_set_str(a, "request", req);
	nhi_set_str(a, "identity", nhi_get_str(after ? after : before, "identity"));
	nhi_set_str(a, "by", who);
	if (before)
		json_object_set(a, "before", before);
	if (after)
		json_object_set(a, "after", after);
	nhi_set_time(a, "time", nhi_opts.now);
	nhi_emit_steal(a);
}

/* record_of: the request as its last journal line says, as a jit record. */
static json_t *record_of(const char *id)
{
	json_t *e = nhi_journal_entry(state, id), *r;
	const char *k;
	json_t *v;

	if (!e)
		return NULL;
	r = nhi_record_new("jit");
	nhi_set_str(r, "id", id);
	json_object_foreach(e, k, v)
		if (strcmp(k, "kind") && strcmp(k, "step"))
			json_object_set(r, k, v);
	return r;
}

static int save(const char *id, json_t *rec)
{
	json_t *extra = json_deep_copy(rec);
	int rc;

	json_object_del(extra, "kind");
	json_object_del(extra, "id");
	json_object_del(extra, "state");
	json_object_del(extra, "time");
	rc = nhi_journal_append(state, id, nhi_get_str(rec, "state"), nhi_opts.now, extra);
	json_decref(extra);
	return rc;
}

/* notify: post the request to the approval webhook, if one is set, and
 * write what came back as a record. The payload holds no secret. */
static void notify(json_t *req)
{
	const char *url = json_string_value(nhi_config_get("approval.webhook"));
	const char *type = json_string_value(nhi_config_get("approval.type"));
	const char *tok_env = json_string_value(nhi_config_get("approval.token_env"));
	struct nhi_buf body = NHI_BUF_INIT, text = NHI_BUF_INIT, auth = NHI_BUF_INIT;
	struct nhi_http_request hr = { 0 };
	struct nhi_http_response resp;
	const char *headers[3] = { "Content-Type: application/json", NULL, NULL };
	json_t *payload, *back;

	if (!url)
		return;
	nhi_buf_addf(&text, "nhi-jit %s: %s asks for %s on %s for %s: %s",
		     nhi_get_str(req, "id"), nhi_get_str(req, "requester"),
		     nhi_get_str(req, "profile") ? nhi_get_str(req, "profile") : "a scope",
		     nhi_get_str(req, "identity"), nhi_get_str(req, "duration"),
		     nhi_get_str(req, "reason"));
	if (type && !strcmp(type, "slack"))
		payload = json_pack("{s:s}", "text", text.buf);
	else if (type && !strcmp(type, "servicenow"))
		payload = json_pack("{s:s, s:s, s:s}", "short_description", text.buf,
				    "correlation_id", nhi_get_str(req, "id"), "category", "access");
	else
		payload = json_deep_copy(req);
	nhi_json_dump(payload, &body);
	json_decref(payload);
	if (tok_env) {
		char *tok = nhi_secret_env(tok_env);

		if (tok) {
			nhi_buf_addf(&auth, "Authorization: Bearer %s", tok);
			headers[1] = auth.buf;
		}
		nhi_secret_free(tok);
	}
	hr.method = "POST";
	hr.url = url;
	hr.body = body.buf;
	hr.body_len = body.len;
	hr.headers = headers;
	nhi_http_response_init(&resp);
	back = nhi_record_new("webhook");
	nhi_set_str(back, "request", nhi_get_str(req, "id"));
	nhi_set_str(back, "type", type ? type : "json");
	if (nhi_http_do(&hr, &resp)) {
		nhi_error(NHI_EXIT_REMOTE, "%s: %s", url, resp.error);
		nhi_set_str(back, "error", resp.error);
	} else {
		json_t *answer = json_loadb(resp.body.buf, resp.body.len, 0, NULL);

		nhi_set_int(back, "status", resp.status);
		nhi_set_int(back, "attempts", resp.attempts);
		if (answer)
			json_object_set_new(back, "response", answer);
	}
	nhi_emit_steal(back);
	nhi_http_response_release(&resp);
	if (auth.len)
		memset(auth.buf, 0, auth.len);
	nhi_buf_release(&auth);
	nhi_buf_release(&body);
	nhi_buf_release(&text);
}

static void cmd_request(void)
{
	json_t *req, *scope;
	struct nhi_buf id = NHI_BUF_INIT;
	char buf[NHI_TIME_BUFSZ];
	int64_t max = nhi_config_duration("jit_max_duration", 8 * 3600);

	if (!identity || !duration || !reason || !requester)
		nhi_usage_error(usage, "request needs --identity, --duration, --reason and --requester");
	if (duration > max)
		nhi_usage_error(usage, "--duration is longer than jit_max_duration");
	if (profile) {
		json_t *p = json_object_get(nhi_config_get("jit_profiles"), profile);

		if (!p)
			nhi_die(NHI_EXIT_USAGE, "no profile '%s' in jit_profiles", profile);
		scope = json_pack("{s:O, s:O}", "actions", json_object_get(p, "actions"),
				  "resources", json_object_get(p, "resources") ? json_object_get(p, "resources")
									      : json_pack("[s]", "*"));
	} else if (json_array_size(actions)) {
		if (!json_array_size(resources))
			json_array_append_new(resources, json_string("*"));
		scope = json_pack("{s:O, s:O}", "actions", actions, "resources", resources);
	} else {
		nhi_usage_error(usage, "request needs --action or --profile");
	}
	nhi_buf_addf(&id, "jit-%04zu", json_array_size(nhi_journal_steps(state)) + 1);
	req = nhi_record_new("jit");
	nhi_set_str(req, "id", id.buf);
	nhi_set_str(req, "identity", identity);
	nhi_set_str(req, "profile", profile);
	json_object_set_new(req, "scope", scope);
	snprintf(buf, sizeof(buf), "%llds", (long long)duration);
	nhi_set_str(req, "duration", buf);
	nhi_set_int(req, "seconds", (long long)duration);
	if (start)
		nhi_set_time(req, "start", start);
	nhi_set_str(req, "reason", reason);
	nhi_set_str(req, "requester", requester);
	nhi_set_str(req, "state", "requested");
	if (save(id.buf, req) == 0) {
		json_decref(req);
		req = record_of(id.buf);
		nhi_emit(req);
		audit("request", id.buf, NULL, req, requester);
		notify(req);
	}
	json_decref(req);
	nhi_buf_release(&id);
}

/* load_owners: identity -> the people who may approve for it. */
static void load_owners(void)
{
	char *files[1];
	struct nhi_reader *r;
	struct nhi_line line;
	static const char *const lin[] = { "lineage", NULL };

	owners = json_object();
	if (!graph)
		return;
	files[0] = (char *)graph;
	r = nhi_reader_open(1, files);
	while (nhi_reader_next(r, &line)) {
		json_t *rec, *who;
		const char *p;

		if (nhi_line_kind_in(&line, lin) == 0 || !(rec = nhi_reader_parse(r, &line)))
			continue;
		who = json_array();
		if ((p = nhi_get_path_str(rec, "owner.accountable.person")))
			json_array_append_new(who, json_string(p));
		if ((p = nhi_get_path_str(rec, "owner.route_to")))
			json_array_append_new(who, json_string(p));
		if ((p = nhi_get_path_str(rec, "owner.consumer.person")))
			json_array_append_new(who, json_string(p));
		if (nhi_get_str(rec, "id"))
			json_object_set_new(owners, nhi_get_str(rec, "id"), who);
		else
			json_decref(who);
		json_decref(rec);
	}
	nhi_reader_close(r);
}

static int may_approve(const char *ident, const char *who, const char **why)
{
	json_t *list = json_object_get(owners, ident), *p;
	size_t i;

	if (!list) {
		*why = "no owner is known for the identity (--graph)";
		return 0;
	}
	json_array_foreach(list, i, p)
		if (!strcmp(json_string_value(p), who))
			return 1;
	*why = "the approver is not an owner of the identity";
	return 0;
}

static int decide(const char *id, const char *who, int yes, const char *why_text)
{
	json_t *before = record_of(id), *after;
	const char *why;
	int rc = -1;

	if (!before) {
		nhi_error(NHI_EXIT_USAGE, "%s: no such request", id);
		return -1;
	}
	if (strcmp(nhi_get_str(before, "state"), "requested")) {
		nhi_error(NHI_EXIT_REJECTED, "%s: already %s", id, nhi_get_str(before, "state"));
	} else if (nhi_get_str(before, "requester") && !strcmp(nhi_get_str(before, "requester"), who)) {
		nhi_error(NHI_EXIT_REJECTED, "%s: %s cannot approve their own request", id, who);
	} else if (yes && !may_approve(nhi_get_str(before, "identity"), who, &why)) {
		nhi_error(NHI_EXIT_REJECTED, "%s: %s: %s", id, who, why);
	} else {
		after = json_deep_copy(before);
		nhi_set_str(after, "state", yes ? "approved" : "denied");
		nhi_set_str(after, "approver", who);
		nhi_set_time(after, "decided", nhi_opts.now);
		nhi_set_str(after, "decision_reason", why_text);
		if (save(id, after) == 0) {
			nhi_emit(after);
			audit(yes ? "approve" : "deny", id, before, after, who);
			rc = 0;
		}
		json_decref(after);
	}
	json_decref(before);
	return rc;
}

static json_t *iam_policy(json_t *req, int64_t from, int64_t until)
{
	char a[NHI_TIME_BUFSZ], b[NHI_TIME_BUFSZ];
	json_t *scope = json_object_get(req, "scope");

	return json_pack("{s:s, s:[{s:s, s:s, s:O, s:O, s:{s:{s:s}, s:{s:s}}}]}",
			 "Version", "2012-10-17", "Statement", "Sid", "NhiJitTimeBound",
			 "Effect", "Allow", "Action", json_object_get(scope, "actions"),
			 "Resource", json_object_get(scope, "resources"), "Condition",
			 "DateGreaterThan", "aws:CurrentTime", nhi_time_format(from, a),
			 "DateLessThan", "aws:CurrentTime", nhi_time_format(until, b));
}

/* yaml_list: ["a", "b"] with each string quoted for YAML. */
static void yaml_list(struct nhi_buf *y, json_t *list)
{
	json_t *v;
	size_t i;

	nhi_buf_addch(y, '[');
	json_array_foreach(list, i, v) {
		struct nhi_buf q = NHI_BUF_INIT;

		nhi_json_dump(v, &q); /* a JSON string is a valid YAML scalar */
		nhi_buf_addf(y, "%s%s", i ? ", " : "", q.buf);
		nhi_buf_release(&q);
	}
	nhi_buf_addch(y, ']');
}

/* rolebinding: for a k8s identity, scope.actions are verbs and
 * scope.resources resource names; the Role and RoleBinding carry the
 * expiry for the reaper. */
static void rolebinding(struct nhi_buf *y, json_t *req, int64_t until)
{
	const char *ident = nhi_get_str(req, "identity"), *id = nhi_get_str(req, "id");
	char ns[256] = "", name[256] = "", t[NHI_TIME_BUFSZ];

	sscanf(ident, "k8s:%*[^/]/sa/%255[^/]/%255s", ns, name);
	nhi_time_format(until, t);
	nhi_buf_addf(y, "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n"
		     "  name: %s\n  namespace: \"%s\"\n  annotations:\n    nhi.dev/expires: \"%s\"\n"
		     "rules:\n  - apiGroups: [\"*\"]\n    verbs: ", id, ns, t);
	yaml_list(y, nhi_get_path(req, "scope.actions"));
	nhi_buf_adds(y, "\n    resources: ");
	yaml_list(y, nhi_get_path(req, "scope.resources"));
	nhi_buf_addf(y, "\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n"
		     "  name: %s\n  namespace: \"%s\"\n  annotations:\n    nhi.dev/expires: \"%s\"\n"
		     "subjects:\n  - kind: ServiceAccount\n    name: \"%s\"\n    namespace: \"%s\"\n"
		     "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: %s\n",
		     id, ns, t, name, ns, id);
}

static void cmd_grant(const char *id)
{
	json_t *before = record_of(id), *after, *art;
	int64_t from, until;
	int is_k8s;

	if (!before)
		nhi_die(NHI_EXIT_USAGE, "%s: no such request", id);
	if (strcmp(nhi_get_str(before, "state"), "approved")) {
		nhi_error(NHI_EXIT_REJECTED, "%s: not approved (%s)", id, nhi_get_str(before, "state"));
		json_decref(before);
		return;
	}
	from = nhi_get_time(before, "start") ? nhi_get_time(before, "start") : nhi_opts.now;
	until = from + (int64_t)json_integer_value(json_object_get(before, "seconds"));
	is_k8s = !strncmp(nhi_get_str(before, "identity"), "k8s:", 4);
	after = json_deep_copy(before);
	nhi_set_str(after, "state", "granted");
	nhi_set_time(after, "granted", nhi_opts.now);
	nhi_set_time(after, "start", from);
	nhi_set_time(after, "expires", until);
	art = json_object();
	if (is_k8s) {
		struct nhi_buf y = NHI_BUF_INIT;

		rolebinding(&y, before, until);
		nhi_set_str(art, "manifests", y.buf);
		nhi_buf_release(&y);
	} else {
		struct nhi_buf name = NHI_BUF_INIT;

		json_object_set_new(art, "policy", iam_policy(before, from, until));
		nhi_buf_addf(&name, "nhi-jit-%s", id);
		nhi_set_str(art, "policy_name", name.buf);
		nhi_buf_release(&name);
	}
	json_object_set_new(after, "artifact", art);
	if (save(id, after) == 0) {
		if (!strcmp(format, "policy") && json_object_get(art, "policy")) {
			struct nhi_buf b = NHI_BUF_INIT;

			nhi_json_dump(json_object_get(art, "policy"), &b);
			printf("%s\n", b.buf);
			nhi_buf_release(&b);
		} else if (!strcmp(format, "yaml") && nhi_get_str(art, "manifests")) {
			fputs(nhi_get_str(art, "manifests"), stdout);
		} else {
			nhi_emit(after);
			audit("grant", id, before, after, NULL);
		}
	}
	json_decref(before);
	json_decref(after);
}

static void cmd_reap(void)
{
	json_t *steps = nhi_journal_steps(state), *s;
	size_t i;

	json_array_foreach(steps, i, s) {
		const char *id = json_string_value(s);
		json_t *before = record_of(id), *after, *rev;
		struct nhi_buf name = NHI_BUF_INIT;

		if (strcmp(nhi_get_str(before, "state"), "granted") ||
		    nhi_get_time(before, "expires") > nhi_opts.now) {
			json_decref(before);
			continue;
		}
		rev = nhi_record_new("step");
		nhi_buf_addf(&name, "nhi-jit-%s", id);
		nhi_set_str(rev, "plan", id);
		nhi_set_str(rev, "identity", nhi_get_str(before, "identity"));
		if (!strncmp(nhi_get_str(before, "identity"), "k8s:", 4)) {
			nhi_set_str(rev, "system", "k8s");
			nhi_set_str(rev, "operation", "DeleteRoleBinding");
			nhi_set_str(rev, "target", id);
		} else {
			nhi_set_str(rev, "system", "aws");
			nhi_set_str(rev, "operation", strstr(nhi_get_str(before, "identity"), ":user/") ?
				    "DeleteUserPolicy" : "DeleteRolePolicy");
			nhi_set_str(rev, "target", name.buf);
		}
		nhi_set_str(rev, "state", "pending");
		nhi_emit_steal(rev);
		after = json_deep_copy(before);
		nhi_set_str(after, "state", "expired");
		nhi_set_time(after, "reaped", nhi_opts.now);
		if (save(id, after) == 0)
			audit("reap", id, before, after, NULL);
		json_decref(before);
		json_decref(after);
		nhi_buf_release(&name);
	}
}

static void cmd_ingest(int argc, char **argv)
{
	struct nhi_reader *r = nhi_reader_open(argc, argv);
	struct nhi_line line;
	static const char *const kinds[] = { "approval", NULL };

	while (nhi_reader_next(r, &line)) {
		json_t *rec;
		const char *req, *who, *d;

		if (nhi_line_kind_in(&line, kinds) == 0 || !(rec = nhi_reader_parse(r, &line)))
			continue;
		req = nhi_get_str(rec, "request");
		who = nhi_get_str(rec, "approver");
		d = nhi_get_str(rec, "decision");
		if (!req || !who || !d)
			nhi_reader_reject(r, &line, "an approval needs request, approver and decision");
		else
			decide(req, who, !strncmp(d, "approve", 7), nhi_get_str(rec, "reason"));
		json_decref(rec);
	}
	nhi_reader_close(r);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "state", required_argument, NULL, OPT_STATE },
		{ "identity", required_argument, NULL, OPT_IDENTITY },
		{ "action", required_argument, NULL, OPT_ACTION },
		{ "resource", required_argument, NULL, OPT_RESOURCE },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "start", required_argument, NULL, OPT_START },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "requester", required_argument, NULL, OPT_REQUESTER },
		{ "approver", required_argument, NULL, OPT_APPROVER },
		{ "graph", required_argument, NULL, OPT_GRAPH },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ 0 }
	};
	const char *cmd;
	int c;

	nhi_diag_init(argv[0]);
	actions = json_array();
	resources = json_array();
	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_STATE: state_path = optarg; break;
		case OPT_IDENTITY: identity = optarg; break;
		case OPT_ACTION: json_array_append_new(actions, json_string(optarg)); break;
		case OPT_RESOURCE: json_array_append_new(resources, json_string(optarg)); break;
		case OPT_PROFILE: profile = optarg; break;
		case OPT_DURATION:
			if (nhi_duration_parse(optarg, &duration) || duration <= 0)
				nhi_usage_error(usage, "--duration: not a duration: '%s'", optarg);
			break;
		case OPT_START:
			if (nhi_time_parse(optarg, &start) != NHI_TIME_SET)
				nhi_usage_error(usage, "--start: not a time: '%s'", optarg);
			break;
		case OPT_REASON: reason = optarg; break;
		case OPT_REQUESTER: requester = optarg; break;
		case OPT_APPROVER: approver = optarg; break;
		case OPT_GRAPH: graph = optarg; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "records") && strcmp(optarg, "policy") && strcmp(optarg, "yaml"))
				nhi_usage_error(usage, "--format: records, policy or yaml, not '%s'", optarg);
			format = optarg;
			break;
		default: nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (optind >= argc)
		nhi_usage_error(usage, "no command given");
	cmd = argv[optind++];
	nhi_common_start();
	if (!(state = nhi_journal_open(state_path)))
		return nhi_exit();
	if (!strcmp(cmd, "request")) {
		cmd_request();
	} else if (!strcmp(cmd, "approve") || !strcmp(cmd, "deny")) {
		if (optind >= argc || !approver)
			nhi_usage_error(usage, "%s needs a REQUEST and --approver", cmd);
		load_owners();
		decide(argv[optind], approver, !strcmp(cmd, "approve"), reason);
	} else if (!strcmp(cmd, "ingest")) {
		load_owners();
		cmd_ingest(argc - optind, argv + optind);
	} else if (!strcmp(cmd, "grant")) {
		if (optind >= argc)
			nhi_usage_error(usage, "grant needs a REQUEST");
		cmd_grant(argv[optind]);
	} else if (!strcmp(cmd, "reap")) {
		cmd_reap();
	} else if (!strcmp(cmd, "list")) {
		json_t *s;
		size_t i;

		json_array_foreach(nhi_journal_steps(state), i, s) {
			json_t *rec = record_of(json_string_value(s));

			nhi_emit_steal(rec);
		}
	} else {
		nhi_usage_error(usage, "unknown command '%s'", cmd);
	}
	nhi_journal_close(state);
	json_decref(actions);
	json_decref(resources);
	json_decref(owners);
	return nhi_exit();
}
