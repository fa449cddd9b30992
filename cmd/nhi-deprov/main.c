/* nhi-deprov: remove orphaned and unused identities everywhere they live.
 * A dry-run plan by default; --apply disables what the owner approved,
 * --finalize deletes after the quarantine, --rollback undoes; every step is
 * journaled before and after it runs, so a rerun resumes. */
#include "compat.h"

#include <fnmatch.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "deprov.h"
#include "diag.h"
#include "input.h"
#include "journal.h"
#include "num.h"
#include "ndjson.h"
#include "opts.h"
#include "record.h"
#include "timefmt.h"
#include "xalloc.h"
#include "banned.h"

enum { OPT_ORPHANS = NHI_OPT_PROGRAM, OPT_UNUSED, OPT_MIGRATED, OPT_IDS, OPT_APPLY,
       OPT_FINALIZE, OPT_ROLLBACK, OPT_EMIT, OPT_JOURNAL, OPT_QUARANTINE, OPT_MIN_IDLE,
       OPT_FORCE, OPT_DRY_RUN };

static int orphans, migrated, force;
static int64_t unused, min_idle = -1, quarantine = -1;
static const char *ids_file, *journal_path = "nhi-deprov.journal", *emit;
static enum { MODE_PLAN, MODE_APPLY, MODE_FINALIZE, MODE_ROLLBACK } mode;

static json_t *wanted_ids, *approvals, *migrated_ids;

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: nhi-deprov [OPTION...] (--orphans | --unused DURATION | --migrated | --ids FILE)...\n"
		"                  [--apply | --finalize | --rollback] [--emit sh] [FILE...]\n\n"
		"Plan, and with --apply perform, the removal of identities everywhere they live.\n\n"
		"Selection:\n"
		"      --orphans         identities nhi-attribute marked orphaned\n"
		"      --unused DURATION identities not used for DURATION (e.g. 90d)\n"
		"      --migrated        identities whose nhi-migrate plan is retired\n"
		"      --ids FILE        identities listed in FILE, one id per line\n"
		"Action (default: a dry-run plan):\n"
		"      --dry-run         only plan (the default)\n"
		"      --apply           disable what the owner approved (reversible)\n"
		"      --finalize        delete what has been disabled for the quarantine\n"
		"      --rollback        undo what the journal says was done\n"
		"      --emit sh         write shell commands instead of calling APIs\n"
		"Safety:\n"
		"      --journal FILE    the step journal (default nhi-deprov.journal)\n"
		"      --quarantine DURATION  time between disable and delete (default 14d)\n"
		"      --min-idle DURATION    refuse identities used more recently (default 30d)\n"
		"      --force           remove identities used within --min-idle too\n"
		"Common:\n" NHI_COMMON_USAGE);
	exit(status);
}

static int64_t duration_arg(const char *opt, const char *arg)
{
	int64_t d;
	const char *why = nhi_duration_parse(arg, &d);

	if (why)
		nhi_usage_error(usage, "%s: %s: '%s'", opt, why, arg);
	return d;
}

static void read_ids(const char *path)
{
	struct nhi_buf text = NHI_BUF_INIT;
	const char *why = nhi_input_slurp(path, 64u << 20, &text);
	char *line, *save = NULL;

	if (why)
		nhi_die(NHI_EXIT_SYSTEM, "%s: %s", path, why);
	for (line = strtok_r(text.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strcspn(line, "\r");

		line[n] = '\0';
		if (*line && *line != '#')
			json_object_set_new(wanted_ids, line, json_true());
	}
	nhi_buf_release(&text);
}

/* orphaned: whether nhi-attribute found every owner of l gone. */
static int orphaned(const json_t *l)
{
	const char *st = nhi_get_path_str(l, "owner.status");

	return json_is_true(nhi_get_path(l, "owner.orphaned")) || (st && !strcmp(st, "orphaned"));
}

/* owner_of: the person who approves for l: for an orphan the active
 * person it is routed to, else the accountable owner, else route_to. */
static const char *owner_of(const json_t *l)
{
	json_t *o = json_object_get(l, "owner");
	const char *p = orphaned(l) ? nhi_get_str(o, "route_to") : NULL;

	if (!p)
		p = nhi_get_path_str(o, "accountable.person");
	if (!p)
		p = nhi_get_str(o, "route_to");
	if (!p)
		p = nhi_get_path_str(o, "provisioner.person");
	return p;
}

static const char *class_of(const json_t *l)
{
	json_t *c;
	size_t i;
	const char *id = nhi_get_str(l, "id"), *name = nhi_get_str(l, "name");

	json_array_foreach(nhi_config_get("classes"), i, c) {
		const char *m = nhi_get_str(c, "match");

		if (m && ((id && !fnmatch(m, id, 0)) || (name && !fnmatch(m, name, 0))))
			return nhi_get_str(c, "class");
	}
	return NULL;
}

static int auto_approved(const json_t *l)
{
	const char *cls = class_of(l);
	json_t *c;
	size_t i;

	json_array_foreach(nhi_config_get("auto_approve"), i, c)
		if (cls && json_is_string(c) && !strcmp(json_string_value(c), cls))
			return 1;
	return 0;
}

/* last_use: the latest use anything says l had: the identity's own
 * last_used, its credentials', and what its consumers were last seen doing.
 * 0 when nothing says. */
static int64_t last_use(const json_t *l)
{
	static const char *const keys[] = { "last_used", "last_seen", "last" };
	static const char *const lists[] = { "credentials", "consumers" };
	int64_t last = nhi_get_time(l, "last_used"), t;
	json_t *c;
	size_t i;

	for (size_t k = 0; k < ARRAY_SIZE(lists); k++)
		json_array_foreach(json_object_get(l, lists[k]), i, c)
			for (size_t j = 0; j < ARRAY_SIZE(keys); j++)
				if (json_is_object(c) && (t = nhi_get_time(c, keys[j])) > last)
					last = t;
	return last;
}

/* active_static: whether l holds an active long-lived credential. */
static int active_static(const json_t *l)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(l, "credentials"), i, c) {
		const char *st = nhi_get_str(c, "status");

		if (json_is_true(json_object_get(c, "static")) && (!st || !strcmp(st, "active")))
			return 1;
	}
	return 0;
}

/* protected_why: why l is never removed by this program, or NULL. */
static const char *protected_why(const json_t *l)
{
	const char *id = nhi_get_str(l, "id"), *type = nhi_get_str(l, "type");
	const char *sys = nhi_get_str(l, "system"), *name = nhi_get_str(l, "name");
	size_t n = id ? strlen(id) : 0;

	if (!sys || !type)
		return NULL;
	if (!strcmp(sys, "aws") && (!strcmp(type, "aws_root") || (n > 5 && !strcmp(id + n - 5, ":root"))))
		return "the account's root user is never removed by a tool";
	if (!strcmp(sys, "aws") && (json_is_true(json_object_get(l, "service_linked")) ||
				    (id && strstr(id, ":role/aws-service-role/"))))
		return "a service-linked role is removed by the service that owns it";
	if (!strcmp(type, "iam_group"))
		return "a group does not authenticate: it goes when its members and policies do";
	if (!strcmp(sys, "k8s") && ((name && !strcmp(name, "default")) ||
				    (id && (strstr(id, "/sa/kube-system/") || strstr(id, "/sa/kube-public/") ||
					    strstr(id, "/sa/kube-node-lease/")))))
		return "a system service account, made and used by Kubernetes itself";
	return NULL;
}

/* reasons: why l is selected (an array), empty when it is not. */
static json_t *reasons(const json_t *l)
{
	json_t *r = json_array();
	const char *id = nhi_get_str(l, "id");
	int64_t last = last_use(l), created = nhi_get_time(l, "created");

	if (json_object_get(wanted_ids, id))
		json_array_append_new(r, json_string("listed"));
	if (orphans && orphaned(l))
		json_array_append_new(r, json_string("orphaned"));
	if (unused && ((last && last < nhi_opts.now - unused) ||
		       (!last && created && created < nhi_opts.now - unused)))
		json_array_append_new(r, json_string("unused"));
	if (migrated && json_object_get(migrated_ids, id))
		json_array_append_new(r, json_string("migrated"));
	return r;
}

static const char *step_state(struct nhi_journal *j, const json_t *s)
{
	const char *st = j ? nhi_journal_state(j, nhi_get_str(s, "id")) : NULL;

	return st ? st : "pending";
}

static int all_in_state(struct nhi_journal *j, json_t *steps, const char *phase,
			const char *state, int64_t *latest)
{
	json_t *s;
	size_t i;
	int any = 0;

	json_array_foreach(steps, i, s) {
		if (strcmp(nhi_get_str(s, "phase"), phase))
			continue;
		any = 1;
		if (strcmp(step_state(j, s), state))
			return 0;
		if (latest) {
			int64_t t = nhi_get_time(nhi_journal_entry(j, nhi_get_str(s, "id")), "time");
			if (t > *latest)
				*latest = t;
		}
	}
	return any;
}

static void lifecycle(const json_t *l, const json_t *s, const char *operation,
		      const char *result, const char *approver, const char *why)
{
	json_t *r = nhi_record_new("lifecycle");

	nhi_set_str(r, "identity", nhi_get_str(l, "id"));
	nhi_set_str(r, "owner", owner_of(l));
	nhi_set_str(r, "approver", approver);
	nhi_set_str(r, "step", nhi_get_str(s, "id"));
	nhi_set_str(r, "operation", operation);
	nhi_set_str(r, "target", nhi_get_str(s, "target"));
	nhi_set_str(r, "result", result);
	nhi_set_str(r, "error", why && *why ? why : NULL);
	nhi_set_time(r, "time", nhi_opts.now);
	nhi_emit_steal(r);
}

/* kill_point: the tests' way to kill -9 the program at a step boundary:
 * $NHI_TEST_KILL_AFTER_STEPS=N sends SIGKILL to ourselves after the N-th
 * step of this run is journaled as done. */
static void kill_point(void)
{
	static long long done;
	long long n;
	const char *env = getenv("NHI_TEST_KILL_AFTER_STEPS");

	if (env && !nhi_parse_int(env, 1, 1000000, &n) && ++done == n) {
		fflush(stdout);
		raise(SIGKILL);
	}
}

/* run_step: one step (or its rollback) through the journal. 0 on success. */
static int run_step(struct nhi_journal *j, const json_t *l, const json_t *s,
		    int back, const char *approver)
{
	const char *id = nhi_get_str(s, "id");
	json_t *roll = json_object_get(s, "rollback");
	const char *operation = back ? nhi_get_str(roll, "operation") : nhi_get_str(s, "operation");
	json_t *args = json_deep_copy(back ? json_object_get(roll, "args") : json_object_get(s, "args"));
	json_t *saved = NULL, *extra;
	char why[512];
	int rc;

	if (back && !strcmp(operation, "CreateFromSaved")) {
		json_t *m = json_object_get(nhi_journal_entry(j, id), "saved");

		if (!m) {
			lifecycle(l, s, operation, "skipped", approver, "nothing was saved to restore");
			json_decref(args);
			return 0;
		}
		json_object_set(args, "body", m);
	}
	extra = json_pack("{s:s}", "operation", operation);
	if (nhi_journal_append(j, id, back ? "rolling_back" : "started", nhi_opts.now, extra)) {
		json_decref(extra);
		json_decref(args);
		return -1;
	}
	rc = deprov_exec(s, operation, args, back ? NULL : &saved, why, sizeof(why));
	if (rc >= 0) {
		if (saved)
			json_object_set_new(extra, "saved", saved);
		nhi_set_str(extra, "result", rc == 1 ? "already-gone" : "done");
		nhi_journal_append(j, id, back ? "rolled_back" : "done", nhi_opts.now, extra);
		lifecycle(l, s, operation, rc == 1 ? "already-gone" : "done", approver, NULL);
		kill_point();
	} else {
		nhi_set_str(extra, "error", why);
		nhi_journal_append(j, id, "failed", nhi_opts.now, extra);
		nhi_error(NHI_EXIT_REMOTE, "%s: %s: %s", id, operation, why);
		lifecycle(l, s, operation, "failed", approver, why);
	}
	json_decref(extra);
	json_decref(args);
	return rc >= 0 ? 0 : -1;
}

static void sh_comment(struct nhi_buf *out, const char *s)
{
	nhi_buf_adds(out, "# ");
	for (; *s; s++)
		nhi_buf_addch(out, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
	nhi_buf_addch(out, '\n');
}

/* execute: perform (or write as sh) the steps of one plan for the mode. */
static void execute(struct nhi_journal *j, const json_t *l, json_t *plan, json_t *steps,
		    const char *approver, struct nhi_buf *sh)
{
	const char *id = nhi_get_str(l, "id");
	const char *phase = mode == MODE_FINALIZE ? "finalize" : "disable";
	int64_t disabled_at = 0;
	size_t n = json_array_size(steps);

	if (mode == MODE_FINALIZE && !emit) {
		if (!all_in_state(j, steps, "disable", "done", &disabled_at) &&
		    json_array_size(steps) && strcmp(nhi_get_str(json_array_get(steps, 0), "phase"), "finalize")) {
			nhi_set_str(plan, "message", "not disabled yet: run --apply first");
			return;
		}
		if (disabled_at && nhi_opts.now < disabled_at + quarantine) {
			char buf[NHI_TIME_BUFSZ];

			nhi_buf_reset(sh);
			nhi_set_str(plan, "message", "in quarantine");
			nhi_set_str(plan, "quarantine_until",
				    nhi_time_format(disabled_at + quarantine, buf));
			return;
		}
	}
	if (mode == MODE_ROLLBACK) {
		for (size_t i = 0; i < n; i++) {
			json_t *s = json_array_get(steps, i);

			if (!strcmp(nhi_get_str(s, "phase"), "finalize") &&
			    !strcmp(step_state(j, s), "done") && json_is_null(json_object_get(s, "rollback"))) {
				nhi_warn("%s: already finalized; irreversible steps cannot be rolled back", id);
				nhi_set_str(plan, "message", "finalized: cannot roll back");
				return;
			}
		}
		for (size_t i = n; i-- > 0;) {
			json_t *s = json_array_get(steps, i);

			if (json_is_null(json_object_get(s, "rollback")) ||
			    (!emit && strcmp(step_state(j, s), "done")))
				continue;
			if (emit) {
				deprov_emit_sh(s, nhi_get_str(json_object_get(s, "rollback"), "operation"),
					       json_object_get(json_object_get(s, "rollback"), "args"), sh);
			} else if (run_step(j, l, s, 1, approver)) {
				return;
			}
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(steps, i);
		const char *st = step_state(j, s);

		if (strcmp(nhi_get_str(s, "phase"), phase))
			continue;
		if (emit) {
			deprov_emit_sh(s, nhi_get_str(s, "operation"), json_object_get(s, "args"), sh);
			continue;
		}
		if (!strcmp(st, "done"))
			continue; /* resumed: never twice */
		if (run_step(j, l, s, 0, approver))
			return; /* later steps depend on this one */
	}
}

static const char *stage_of(struct nhi_journal *j, json_t *steps)
{
	json_t *s;
	size_t i;

	json_array_foreach(steps, i, s)
		if (!strcmp(step_state(j, s), "rolled_back"))
			return "rolled_back";
	if (all_in_state(j, steps, "finalize", "done", NULL))
		return "finalized";
	if (all_in_state(j, steps, "disable", "done", NULL))
		return "quarantined";
	return NULL;
}

static void plan_one(struct nhi_journal *j, const json_t *l, struct nhi_buf *sh)
{
	const char *id = nhi_get_str(l, "id"), *owner = owner_of(l), *approver = NULL, *stage;
	json_t *why = reasons(l), *plan, *steps, *appr, *s;
	struct nhi_buf pid = NHI_BUF_INIT;
	int64_t last = last_use(l);
	int refused = 0;
	size_t i;

	if (!json_array_size(why)) {
		json_decref(why);
		return;
	}
	nhi_buf_addf(&pid, "deprov:%s", id);
	plan = nhi_record_new("plan");
	nhi_set_str(plan, "id", pid.buf);
	nhi_set_str(plan, "identity", id);
	nhi_set_str(plan, "system", nhi_get_str(l, "system"));
	json_object_set_new(plan, "reasons", why);
	nhi_set_str(plan, "owner", owner);
	steps = deprov_plan_steps(l, pid.buf);
	appr = json_object_get(approvals, id);
	if (appr && (!owner || !strcmp(owner, nhi_get_str(appr, "approver"))))
		approver = nhi_get_str(appr, "approver");
	else if (appr)
		nhi_warn("%s: approval by %s ignored: the owner is %s", id,
			 nhi_get_str(appr, "approver"), owner);
	if (!approver && auto_approved(l))
		approver = "auto";
	if (protected_why(l)) {
		refused = 1;
		nhi_set_str(plan, "stage", "protected");
		nhi_set_str(plan, "message", protected_why(l));
		json_array_clear(steps);
	} else if (last && last > nhi_opts.now - min_idle && !force) {
		char buf[NHI_TIME_BUFSZ];

		refused = 1;
		nhi_set_str(plan, "stage", "refused");
		nhi_buf_reset(&pid);
		nhi_buf_addf(&pid, "used %s, within --min-idle; --force to override",
			     nhi_time_format(last, buf));
		nhi_set_str(plan, "message", pid.buf);
	} else if (!last && active_static(l) && !force) {
		/* An active key with no known use may be in use: the data is
		 * missing, not the use. */
		refused = 1;
		nhi_set_str(plan, "stage", "refused");
		nhi_set_str(plan, "message", "an active static credential with no known last use; --force to override");
	} else {
		nhi_set_str(plan, "stage", approver ? "approved" : "planned");
		if (!approver)
			nhi_set_str(plan, "message", owner ? "needs the owner's approval" : "needs an approval: no owner known");
	}
	nhi_set_str(plan, "approver", approver && strcmp(approver, "auto") ? approver : NULL);
	nhi_set_bool(plan, "auto_approved", approver && !strcmp(approver, "auto"));
	nhi_set_int(plan, "steps", (long long)json_array_size(steps));
	if (!json_array_size(steps) && !refused) {
		/* Said in the plan, not dropped: a person removes it. */
		nhi_set_str(plan, "stage", "manual");
		nhi_set_str(plan, "message", "no API step is known for this type: remove it by hand");
	}
	if (emit && !refused) {
		sh_comment(sh, id);
		execute(j, l, plan, steps, approver, sh);
	} else if (!refused && mode != MODE_PLAN) {
		if (!approver && mode != MODE_ROLLBACK)
			nhi_warn("%s: not approved by its owner; skipped", id);
		else
			execute(j, l, plan, steps, approver, sh);
	}
	if ((stage = stage_of(j, steps)))
		nhi_set_str(plan, "stage", stage);
	if (!emit) {
		nhi_emit(plan);
		json_array_foreach(steps, i, s) {
			nhi_set_str(s, "state", step_state(j, s));
			nhi_emit(s);
		}
	}
	json_decref(plan);
	json_decref(steps);
	nhi_buf_release(&pid);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(nhi_get_str(*(json_t *const *)a, "id"), nhi_get_str(*(json_t *const *)b, "id"));
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		NHI_COMMON_LONGOPTS,
		{ "orphans", no_argument, NULL, OPT_ORPHANS },
		{ "unused", required_argument, NULL, OPT_UNUSED },
		{ "migrated", no_argument, NULL, OPT_MIGRATED },
		{ "ids", required_argument, NULL, OPT_IDS },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "apply", no_argument, NULL, OPT_APPLY },
		{ "finalize", no_argument, NULL, OPT_FINALIZE },
		{ "rollback", no_argument, NULL, OPT_ROLLBACK },
		{ "emit", required_argument, NULL, OPT_EMIT },
		{ "journal", required_argument, NULL, OPT_JOURNAL },
		{ "quarantine", required_argument, NULL, OPT_QUARANTINE },
		{ "min-idle", required_argument, NULL, OPT_MIN_IDLE },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ 0 }
	};
	static const char *const consumed[] = { "lineage", "approval", "plan", NULL };
	struct nhi_reader *r;
	struct nhi_journal *j = NULL;
	struct nhi_line line;
	struct nhi_buf sh = NHI_BUF_INIT;
	json_t *lineages = json_array();
	size_t i;
	int c, modes = 0;

	nhi_diag_init(argv[0]);
	wanted_ids = json_object();
	approvals = json_object();
	migrated_ids = json_object();
	while ((c = getopt_long(argc, argv, NHI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ORPHANS: orphans = 1; break;
		case OPT_UNUSED: unused = duration_arg("--unused", optarg); break;
		case OPT_MIGRATED: migrated = 1; break;
		case OPT_IDS: ids_file = optarg; break;
		case OPT_DRY_RUN: mode = MODE_PLAN; modes++; break;
		case OPT_APPLY: mode = MODE_APPLY; modes++; break;
		case OPT_FINALIZE: mode = MODE_FINALIZE; modes++; break;
		case OPT_ROLLBACK: mode = MODE_ROLLBACK; modes++; break;
		case OPT_EMIT:
			if (strcmp(optarg, "sh"))
				nhi_usage_error(usage, "--emit: only 'sh' is known, not '%s'", optarg);
			emit = optarg;
			break;
		case OPT_JOURNAL: journal_path = optarg; break;
		case OPT_QUARANTINE: quarantine = duration_arg("--quarantine", optarg); break;
		case OPT_MIN_IDLE: min_idle = duration_arg("--min-idle", optarg); break;
		case OPT_FORCE: force = 1; break;
		default: nhi_common_option(c, optarg, argv, usage);
		}
	}
	if (modes > 1)
		nhi_usage_error(usage, "choose one of --dry-run, --apply, --finalize, --rollback");
	if (!orphans && !unused && !migrated && !ids_file)
		nhi_usage_error(usage, "choose what to remove: --orphans, --unused, --migrated or --ids");
	nhi_common_start();
	if (quarantine < 0)
		quarantine = nhi_config_duration("quarantine", 14 * 86400);
	if (min_idle < 0)
		min_idle = nhi_config_duration("min_idle", 30 * 86400);
	if (ids_file)
		read_ids(ids_file);
	/* A dry run reads the journal when there is one, to show progress. */
	if ((mode != MODE_PLAN && !emit) || !access(journal_path, F_OK)) {
		j = nhi_journal_open(journal_path);
		if (!j)
			return nhi_exit();
	}

	r = nhi_reader_open(argc - optind, argv + optind);
	while (nhi_reader_next(r, &line)) {
		json_t *rec;

		if (nhi_line_kind_in(&line, consumed) == 0) {
			if (!emit)
				nhi_emit_line(&line);
			continue;
		}
		if (!(rec = nhi_reader_parse(r, &line)))
			continue;
		/* Every input record goes on; ours are added at the end. */
		if (!emit)
			nhi_emit(rec);
		if (nhi_kind_is(rec, "lineage") && nhi_get_str(rec, "id")) {
			json_array_append(lineages, rec);
		} else if (nhi_kind_is(rec, "approval") && nhi_get_str(rec, "identity") &&
			   nhi_get_str(rec, "approver")) {
			const char *d = nhi_get_str(rec, "decision");

			if (!d || !strncmp(d, "approve", 7))
				json_object_set(approvals, nhi_get_str(rec, "identity"), rec);
			else
				json_object_del(approvals, nhi_get_str(rec, "identity"));
		} else if (nhi_kind_is(rec, "plan") && nhi_get_str(rec, "identity") &&
			   nhi_get_str(rec, "stage") &&
			   (!strcmp(nhi_get_str(rec, "stage"), "retired") ||
			    !strcmp(nhi_get_str(rec, "stage"), "validated")) &&
			   strncmp(nhi_get_str(rec, "id") ? nhi_get_str(rec, "id") : "", "deprov:", 7)) {
			json_object_set_new(migrated_ids, nhi_get_str(rec, "identity"), json_true());
		}
		json_decref(rec);
	}
	nhi_reader_close(r);

	{
		size_t n = json_array_size(lineages);
		json_t **v = xreallocarray(NULL, n ? n : 1, sizeof(*v));

		for (i = 0; i < n; i++)
			v[i] = json_array_get(lineages, i);
		qsort(v, n, sizeof(*v), by_id);
		if (emit)
			nhi_buf_adds(&sh, "#!/bin/sh\n# nhi-deprov --emit sh: review, then run\nset -eu\n");
		for (i = 0; i < n; i++)
			plan_one(j, v[i], &sh);
		free(v);
	}
	/* With --emit sh the script is the whole output, instead of records. */
	if (emit && fputs(sh.buf, stdout) == EOF)
		nhi_error_errno(NHI_EXIT_SYSTEM, "write error");
	json_decref(lineages);
	json_decref(wanted_ids);
	json_decref(approvals);
	json_decref(migrated_ids);
	nhi_journal_close(j);
	nhi_buf_release(&sh);
	return nhi_exit();
}
