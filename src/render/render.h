/*
 * render: a device's intended, rollback and verify files from the
 * templates in templates/VENDOR/ (docs/templates.md).  Templates are read
 * and parsed once per vendor and kept in a render_set_t.
 */
#ifndef SG_RENDER_H
#define SG_RENDER_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "util/sg_err.h"

#define RENDER_MAX	(4u * 1024 * 1024)	/* one rendered file */

typedef struct render_set render_set_t;

typedef struct render_files {
	const char	*ext;		/* "cfg", "xml", "sh" or "ps1" */
	char		*intended;	/* free each with free() */
	char		*rollback;
	char		*verify;
	char		*state;		/* NULL: the vendor has no state script */
	char		*expected;	/* what state prints once intended is in */
} render_files_t;

/* templates_dir holds one directory per vendor.  Free with render_set_free(). */
render_set_t	*render_set_new(const char *templates_dir);
void		 render_set_free(render_set_t *rs);
/*
 * Renders device dev (switches first, then hypervisors).  SG_ENOTFOUND
 * when the vendor has no templates, SG_EINVAL for a template error (with
 * its file, line and column), SG_ETOOBIG over RENDER_MAX, SG_EIO when a
 * template cannot be read.
 */
int		 render_device(render_set_t *rs, const inventory_t *inv,
		    const plan_t *plan, size_t dev, render_files_t *out,
		    sg_err_t *err);
void		 render_files_dispose(render_files_t *f);

#endif
