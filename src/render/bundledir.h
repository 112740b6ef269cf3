/*
 * bundledir: a bundle written into its directory (docs/push.md, "The
 * bundle directory").  The new bundle is written beside the old one and
 * swapped in by one rename, so the directory always holds a whole bundle.
 * The old bundle's push-* logs, the record of what was pushed, move into
 * the new one and are never removed.
 */
#ifndef SG_BUNDLEDIR_H
#define SG_BUNDLEDIR_H

#include "render/bundle.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

/*
 * Writes b as directory dir, replacing an earlier bundle there.  It first
 * cleans up what an interrupted render left beside dir (dir.tmp-XXXXXX,
 * dir.old-XXXXXX).  A bundle whose push may have left a device changed is
 * not replaced.  One line per thing the user should know (what was
 * cleaned up, what could not be removed) is appended to notes.
 * SG_EINVAL when dir is not a bundle render may replace, SG_EIO on a file
 * system error, SG_EINTR when bundle_write_stop() was called: what was
 * written is removed and dir is as it was.
 */
int	bundle_write(const bundle_t *b, const char *dir, strbuf_t *notes,
	    sg_err_t *err);
/*
 * For a signal handler (async-signal-safe): a bundle_write() that is
 * writing files stops and removes them.
 */
void	bundle_write_stop(int sig);
/* The signal bundle_write_stop() was given, or 0. */
int	bundle_write_stopped(void);

#endif
