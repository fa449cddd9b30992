/* deprov.h: what the parts of nhi-deprov share: the step model (plan.c
 * builds steps from lineage records) and the executors (exec.c runs a step
 * against a live API, or writes it as a shell command). */
#ifndef NHI_DEPROV_H
#define NHI_DEPROV_H

#include <jansson.h>

/* A step is a JSON object:
 *   {"kind":"step","id","plan","seq","phase":"disable|finalize","system":
 *    "aws|github|gitlab|k8s|okta|vault|file","operation","target","args":{},
 *    "rollback":{"operation","args"}|null,"reversible":bool,"state"}
 * For aws, args are the IAM Query API parameters of operation.
 * For the REST systems, args are {"method","path","body"?}; k8s steps may
 * carry "save":true (GET the object first, keep its manifest for rollback).
 * For file, args are {"path","line"}. */

/* deprov_plan_steps: the steps that remove lineage record l, in order. */
json_t *deprov_plan_steps(const json_t *l, const char *plan_id);

/* deprov_exec: perform op/args of a step on its system. Returns 0 done,
 * 1 done because the target was already gone, -1 failed (why set).
 * *saved receives a manifest to keep for rollback, when the step asks. */
int deprov_exec(const json_t *step, const char *operation, const json_t *args,
		json_t **saved, char *why, size_t whylen);

/* deprov_emit_sh: operation/args of step as one safely quoted shell
 * command (aws, gh, kubectl, curl, sed) appended to out. */
struct nhi_buf;
void deprov_emit_sh(const json_t *step, const char *operation,
		    const json_t *args, struct nhi_buf *out);

#endif
