/*
 * push: `spangen push` and `spangen rollback` over a rendered bundle.
 * What each does to a device, step by step, is in docs/push.md.
 */
#ifndef SG_PUSH_H
#define SG_PUSH_H

#include <stdbool.h>
#include <stdio.h>

#include "push/device.h"
#include "push/status.h"
#include "util/sg_err.h"

/* How a push that got as far as the devices ended. */
typedef enum {
	PUSH_UNCHANGED,		/* nothing needed changing (or no device) */
	PUSH_CHANGED,		/* every changed device holds the change */
	PUSH_DRY_RUN_CHANGES,	/* --dry-run: something would change */
	PUSH_FAILED,		/* a device failed, or nobody said yes */
	PUSH_BAD_OPTION		/* with an error: an option names what the
				   bundle does not hold (--device) */
} push_outcome_t;

typedef struct push_opts {
	const char	*dir;
	bool		 rollback;	/* apply the rollback files instead */
	bool		 dry_run;
	bool		 assume_yes;
	bool		 colour;
	bool		 progress;	/* a progress line on stderr */
	const char *const *only;	/* --device names; NULL: every device */
	/*
	 * --replaces: a bundle whose pushes' entries count as spangen's
	 * own too, for a bundle rendered to replace it
	 */
	const char	*replaces;
	size_t		 nonly;
	int		 jobs;
	device_opts_t	 dev;
	FILE		*out;
	/* asks the user once; NULL when there is no terminal to ask on */
	bool		(*ask)(const char *question);
} push_opts_t;

/*
 * Runs the whole push.  0 once it reached the devices, with how it ended
 * in *outcome and device failures reported on o->out; a problem before
 * any device was contacted (the bundle, the options) is returned and is
 * in err, with *outcome PUSH_FAILED.
 */
int	push_run(const push_opts_t *o, push_outcome_t *outcome, sg_err_t *err);

/*
 * `spangen status`: reads every device of the pushed bundle o->dir as
 * `push --dry-run` does, changing nothing and writing nothing into the
 * bundle, and reports through status_report().  A bundle whose last
 * recorded change is a rollback, or that no push changed, is an error.
 */
int	push_status(const push_opts_t *o, const status_opts_t *so,
	    status_outcome_t *outcome, sg_err_t *err);

#endif
