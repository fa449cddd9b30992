/* secretenv.h: API tokens come from the environment or from a file the
 * environment names, never from the command line. */
#ifndef NHI_SECRETENV_H
#define NHI_SECRETENV_H

/* nhi_secret_env: $NAME, else the contents of the file $NAME_FILE names
 * (trailing white space dropped); malloc'd, or NULL when neither is set.
 * The caller wipes (nhi_secret_free) and frees it. */
char *nhi_secret_env(const char *name);
void nhi_secret_free(char *secret);

#endif
