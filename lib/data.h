/* data.h: where the run-time data files (data/ in the tree, installed in
 * $(PREFIX)/share/nhi) are found: $NHI_DATA_DIR, then the data/ folder next
 * to the program's bin/ or cmd/ folder (an uninstalled build), then the
 * installed folder. */
#ifndef NHI_DATA_H
#define NHI_DATA_H

/* nhi_data_path: the path of data file name (static buffer), or NULL. */
const char *nhi_data_path(const char *name);

#endif
