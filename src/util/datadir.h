/*
 * datadir: where spangen's data (vendors/, templates/) lives.  An install
 * puts it in PREFIX/share/spangen beside PREFIX/bin/spangen, and the build
 * tree mirrors that layout, so the same lookup works for both; the
 * SPANGEN_DATADIR environment variable overrides it.
 */
#ifndef SG_DATADIR_H
#define SG_DATADIR_H

#include <stddef.h>

#include "util/sg_err.h"

/*
 * Writes DATADIR/sub into out.  0, SG_ENOTFOUND when no data directory can
 * be found, or SG_ETOOBIG when the path does not fit.
 */
int	datadir_path(char *out, size_t outlen, const char *sub, sg_err_t *err);

#endif
