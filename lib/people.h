/* people.h: the workforce (person and team records) as an org chart, with
 * the names people go by in other systems, and the walk up a manager chain
 * to the first person still there.
 *
 * A person is found by any of: its id ("person:jane@acme.example"), its
 * email, its login (or okta_id, github, github_login, gitlab,
 * gitlab_login), an alias, an SSO session name ending in one of those
 * ("AWSReservedSSO_Admin_1a2b/jane@acme.example"), an IAM user ARN mapped
 * to it with nhi_people_alias(), or the local part of its email when no
 * other person shares it. Matching ignores case. A team is found by its id
 * ("team:payments"), its name, or "@org/slug" (CODEOWNERS) and
 * "group:default/slug" (Backstage). */
#ifndef NHI_PEOPLE_H
#define NHI_PEOPLE_H

#include <jansson.h>
#include <stdint.h>

#include "buf.h"

struct nhi_person {
	char *id, *email, *name, *status, *manager, *team;
	int64_t left;       /* 0 when not known */
};

struct nhi_team {
	char *id, *name, *manager, *parent;
	json_t *members; /* person names as the record gave them, or NULL */
};

struct nhi_people;

struct nhi_people *nhi_people_new(void);
void nhi_people_free(struct nhi_people *p);

/* nhi_people_add_person, nhi_people_add_team: index a person or team
 * record (borrowed). NULL when taken, else why it was refused. A later
 * record with the same id replaces the earlier one. */
const char *nhi_people_add_person(struct nhi_people *p, const json_t *rec);
const char *nhi_people_add_team(struct nhi_people *p, const json_t *rec);
/* nhi_people_alias: name is another name of person id (e.g. the ARN of
 * the IAM user a person signs in as). */
void nhi_people_alias(struct nhi_people *p, const char *name, const char *id);
/* nhi_people_depart: mark person id as gone at time t (the leaver sweep). */
void nhi_people_depart(struct nhi_people *p, const char *id, int64_t t);

/* nhi_people_settle: once every record is in, a person without a team
 * gets the first team (in input order) that lists them as a member, and a
 * team without a manager is led by the manager most of its members report
 * to. A later record of the same person fills in and overrides fields. */
void nhi_people_settle(struct nhi_people *p);

/* nhi_people_find: the person a raw name stands for, or NULL. */
const struct nhi_person *nhi_people_find(const struct nhi_people *p, const char *raw);
/* nhi_people_team: the team a raw name stands for, or NULL. */
const struct nhi_team *nhi_people_team(const struct nhi_people *p, const char *raw);
/* nhi_people_has_teams: whether any team record was given (so that a
 * team that is not among them can be said to be gone). */
int nhi_people_has_teams(const struct nhi_people *p);

/* nhi_person_active: not departed or suspended, and no left date at or
 * before now. */
int nhi_person_active(const struct nhi_person *who, int64_t now);

/* nhi_people_route: the first active person above start: its manager,
 * that one's manager, and so on; when the chain has a gap (a manager not in
 * the org chart), loops, or ends, the manager of start's team and then of
 * its parent teams. NULL when there is none. why gets the reason either
 * way, in words. */
const struct nhi_person *nhi_people_route(const struct nhi_people *p,
					  const struct nhi_person *start,
					  int64_t now, struct nhi_buf *why);
/* nhi_people_team_lead: the first active manager of team t or its parents
 * (cycle-safe), or NULL; why as above. */
const struct nhi_person *nhi_people_team_lead(const struct nhi_people *p,
					      const struct nhi_team *t,
					      int64_t now, struct nhi_buf *why);

#endif
