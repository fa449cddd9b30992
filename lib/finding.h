/* finding.h: severities, finding records, and the --fail-on gate. */
#ifndef NHI_FINDING_H
#define NHI_FINDING_H

#include <jansson.h>

enum nhi_severity {
	NHI_SEV_INFO,
	NHI_SEV_LOW,
	NHI_SEV_MEDIUM,
	NHI_SEV_HIGH,
	NHI_SEV_CRITICAL,
};

/* nhi_severity_parse: -1 for an unknown name. */
int nhi_severity_parse(const char *s);
const char *nhi_severity_str(enum nhi_severity s);

/* nhi_finding_new: {"kind":"finding","rule":..,"severity":..,"nhi_top10":..,
 * "identity":..,"message":..,"evidence":[]} (new reference; identity may be
 * NULL), and counts it for the gate. */
json_t *nhi_finding_new(const char *rule, enum nhi_severity sev,
			const char *nhi_top10, const char *identity,
			const char *message);
/* nhi_gate_count: note a finding of severity sev (nhi_finding_new does);
 * when --fail-on is given and sev reaches it, the exit status becomes 1. */
void nhi_gate_count(enum nhi_severity sev);

#endif
