/* journal.h: an append-only, fsync'd NDJSON journal of steps, so that a run
 * interrupted by a crash, a kill or a network failure resumes without doing
 * any step twice, and a rollback knows exactly what was done.
 *
 * Each line is {"kind":"journal","step":ID,"state":"started|done|failed|
 * rolled_back","time":...,...}. A step's state is the last line naming it. */
#ifndef NHI_JOURNAL_H
#define NHI_JOURNAL_H

#include <jansson.h>
#include <stdint.h>

struct nhi_journal;

/* nhi_journal_open: read the journal at path (made when missing) and keep
 * it open for appending; NULL after a reported error (status 4). A last
 * line cut short by a crash is ignored, with a warning. */
struct nhi_journal *nhi_journal_open(const char *path);
/* nhi_journal_state: the step's last state ("started", "done", ...) or NULL. */
const char *nhi_journal_state(const struct nhi_journal *j, const char *step);
/* nhi_journal_entry: the step's last line (borrowed), or NULL. */
json_t *nhi_journal_entry(const struct nhi_journal *j, const char *step);
/* nhi_journal_append: add {"kind":"journal","step","state","time", extra's
 * fields} and fsync before returning; 0, or -1 after a reported error. */
int nhi_journal_append(struct nhi_journal *j, const char *step,
		       const char *state, int64_t time, json_t *extra);
/* nhi_journal_steps: every step id in the order first seen (borrowed array). */
json_t *nhi_journal_steps(const struct nhi_journal *j);
void nhi_journal_close(struct nhi_journal *j);

#endif
