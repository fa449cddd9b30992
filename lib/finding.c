#include "compat.h"

#include <string.h>

#include "diag.h"
#include "finding.h"
#include "opts.h"
#include "record.h"
#include "banned.h"

static const char *const names[] = { "info", "low", "medium", "high", "critical" };

int nhi_severity_parse(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}

const char *nhi_severity_str(enum nhi_severity s)
{
	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "info";
}

void nhi_gate_count(enum nhi_severity sev)
{
	if (nhi_opts.fail_on >= 0 && (int)sev >= nhi_opts.fail_on)
		nhi_status_raise(NHI_EXIT_GATE);
}

json_t *nhi_finding_new(const char *rule, enum nhi_severity sev,
			const char *nhi_top10, const char *identity,
			const char *message)
{
	json_t *f = nhi_record_new("finding");

	nhi_set_str(f, "rule", rule);
	nhi_set_str(f, "severity", nhi_severity_str(sev));
	nhi_set_str(f, "nhi_top10", nhi_top10);
	nhi_set_str(f, "identity", identity);
	nhi_set_str(f, "message", message);
	json_object_set_new(f, "evidence", json_array());
	nhi_gate_count(sev);
	return f;
}
