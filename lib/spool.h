/* spool.h: bytes held until the end of a run — in memory while they are
 * few, in an unlinked temporary file ($TMPDIR, else /tmp) past a limit —
 * then written to standard output in order.  nhi-lineage spools its
 * finding records, which must follow every lineage record. */
#ifndef NHI_SPOOL_H
#define NHI_SPOOL_H

#include <stddef.h>

struct nhi_spool;

/* nhi_spool_new: a spool keeping up to mem_limit bytes in memory. */
struct nhi_spool *nhi_spool_new(size_t mem_limit);
/* nhi_spool_new_file: a spool in a temporary file from the start, which a
 * child process (fork) can fill and its parent drain. */
struct nhi_spool *nhi_spool_new_file(void);
void nhi_spool_add(struct nhi_spool *sp, const char *data, size_t n);
/* nhi_spool_flush: what was added, out of stdio's buffer into the file. */
void nhi_spool_flush(struct nhi_spool *sp);
/* nhi_spool_drain: write everything held to stdout and free the spool;
 * write and temporary-file errors end the program with NHI_EXIT_SYSTEM. */
void nhi_spool_drain(struct nhi_spool *sp);

#endif
