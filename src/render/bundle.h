/*
 * bundle: the change-review bundle that push reads (docs/push.md):
 * plan.md, plan.json, topology.mmd, topology.dot, targets.json,
 * devices/NAME/{intended,rollback,verify} (plus state.sh and expected.txt
 * for script devices), and MANIFEST with the sha256 of every other file.
 * It is built in memory here and written by render/bundledir.
 */
#ifndef SG_BUNDLE_H
#define SG_BUNDLE_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

typedef struct bundle_file {
	char	*path;		/* relative to the bundle directory */
	char	*data;
	size_t	 len;
} bundle_file_t;

typedef struct bundle {
	bundle_file_t	*files;		/* sorted by path; MANIFEST last */
	size_t		 nfiles;
	size_t		 ndevices;
} bundle_t;

/*
 * Renders every device the plan touches and the review files.  Template
 * problems come back as in render_device().  Free with bundle_free().
 */
int	bundle_build(bundle_t **out, const inventory_t *inv,
	    const plan_t *plan, const char *templates_dir, sg_err_t *err);
/*
 * A CLI or NETCONF device's exact rollback, worked out from what it was
 * read to hold
 * (plan snapshots): the lines to type (malloc'd), or NULL with err set.
 * The render layer cannot model a device's configuration; push can, and
 * the command line passes its function in.
 */
typedef char *(*bundle_exact_fn)(const vendor_t *v, const char *ext,
	    const plan_snapshot_t *sn, const char *intended, sg_err_t *err);
/*
 * As bundle_build(); exact (may be NULL) replaces the rendered rollback of
 * every CLI and NETCONF device the plan has a snapshot of.
 */
int	bundle_build_exact(bundle_t **out, const inventory_t *inv,
	    const plan_t *plan, const char *templates_dir,
	    bundle_exact_fn exact, sg_err_t *err);
void	bundle_free(bundle_t *b);
/* The sha256 of data as 64 lowercase hex digits plus NUL. */
void	bundle_sha256(char hex[65], const void *data, size_t len);

/*
 * MANIFEST has one "HEX  PATH" line per file, in the form sha256sum(1)
 * writes, so `sha256sum -c MANIFEST` checks a bundle too.  Render writes
 * it, and reads an old one before replacing that bundle; push reads it
 * before trusting any other file.
 */
/* Appends the MANIFEST lines of files (their sha256 and path) to sb. */
void	bundle_manifest_write(strbuf_t *sb, const bundle_file_t *files,
	    size_t nfiles);
/*
 * Called for each line of a MANIFEST: line is all of it, its first 64
 * characters the digest; path is what follows the two spaces.
 */
typedef int (*bundle_manifest_fn)(void *ctx, const char *line,
	    const char *path);
/*
 * Reads the MANIFEST text, splitting it into lines in place, up to the
 * first empty line.  Returns the first value other than 0 that fn
 * returned, which stops the reading, or SG_EINVAL (the message names
 * what) at a line not in that form; 0 otherwise.
 */
int	bundle_manifest_read(char *text, bundle_manifest_fn fn, void *ctx,
	    const char *what, sg_err_t *err);

#endif
