/* config.h: nhi.yaml, found as nhi-config(5) says (--config, $NHI_CONFIG,
 * ./nhi.yaml, $XDG_CONFIG_HOME/nhi/config.yaml, /etc/nhi/config.yaml) and
 * checked against one schema: an unknown key or a wrong type stops the
 * program with FILE:LINE:COLUMN and status 4. */
#ifndef NHI_CONFIG_H
#define NHI_CONFIG_H

#include <jansson.h>
#include <stdint.h>

/* nhi_config_load: load explicit (may be NULL) or the first file found;
 * no file at all is an empty configuration. */
void nhi_config_load(const char *explicit_path);
/* nhi_config_file: the file loaded, or NULL. */
const char *nhi_config_file(void);
/* nhi_config_get: the value at a dotted path ("windows.ci"), borrowed. */
json_t *nhi_config_get(const char *path);
/* nhi_config_duration: a duration setting in seconds, or dflt. */
int64_t nhi_config_duration(const char *path, int64_t dflt);
/* nhi_config_check: validate root against the schema; NULL when valid,
 * else the reason with the offending JSON pointer in *where (static). */
const char *nhi_config_check(const json_t *root, const char **where);

#endif
