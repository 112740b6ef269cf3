/*
 * push: `spangen push` and `spangen rollback` over a rendered bundle
 * (spec/cli-and-artifacts.md "Push, per device"; docs/push.md).
 */
#ifndef SG_PUSH_H
#define SG_PUSH_H

#include <stdbool.h>
#include <stdio.h>

#include "push/device.h"
#include "util/sg_err.h"

/* Exit codes (spec/cli-and-artifacts.md). */
#define PUSH_OK		0
#define PUSH_FAILED	1
#define PUSH_CHANGES	3	/* --dry-run found something to change */

typedef struct push_opts {
	const char	*dir;
	bool		 rollback;	/* apply the rollback files instead */
	bool		 dry_run;
	bool		 assume_yes;
	bool		 colour;
	bool		 progress;	/* a progress line on stderr */
	const char *const *only;	/* --device names; NULL: every device */
	size_t		 nonly;
	int		 jobs;
	device_opts_t	 dev;
	FILE		*out;
	/* asks the user once; NULL when there is no terminal to ask on */
	bool		(*ask)(const char *question);
} push_opts_t;

/*
 * Runs the whole push and returns its exit code.  A problem before any
 * device was contacted (the bundle, the options) is in err, with
 * PUSH_FAILED; device failures are reported on o->out.
 */
int	push_run(const push_opts_t *o, sg_err_t *err);

#endif
