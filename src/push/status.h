/*
 * status: what `spangen status` makes of a pushed bundle's devices once
 * each was read as a dry run of the bundle's change reads it: each device
 * in place, drifted, removed or unreadable, each DC of the plan covered or
 * not, as text or JSON, and optionally as a Prometheus textfile.
 */
#ifndef SG_STATUS_H
#define SG_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "push/device.h"
#include "util/sg_err.h"

typedef enum {
	STATUS_IN_PLACE,	/* holds what the push applied */
	STATUS_DRIFTED,		/* holds something else */
	STATUS_REMOVED,		/* holds what it held before the push */
	STATUS_UNREADABLE	/* could not be reached or read */
} status_state_t;

/* How the check ended, worst first: drift outranks an unread device. */
typedef enum {
	STATUS_ALL_IN_PLACE,
	STATUS_SOME_DRIFT,	/* a device drifted or lost the change */
	STATUS_SOME_UNREAD,	/* none drifted, but one could not be read */
	STATUS_NOT_CHECKED	/* stopped before any device was read */
} status_outcome_t;

typedef struct status_device {
	const device_t	*d;		/* previewed against the change */
	/*
	 * What the device's managed state was before each push of the
	 * bundle that changed it (those pushes' before files): holding one
	 * of them again, the device has lost the change.
	 */
	push_text_t	*pushed_from;
	size_t		 npushed_from;
} status_device_t;

typedef struct status_opts {
	bool		 json;
	const char	*metrics;	/* a textfile to write, or NULL */
	bool		 colour;
	FILE		*out;
} status_opts_t;

extern const char *const status_state_names[];

/* The state a previewed device is in. */
status_state_t	status_of(const status_device_t *sd);

/*
 * Whether path can take the metrics file: its directory exists and is
 * writable.  Checked before any device is contacted.
 */
int	status_metrics_check(const char *path, sg_err_t *err);

/*
 * Reports on the n devices of the bundle in dir (its plan.json names the
 * DCs each pair depends on) and writes the metrics file when asked.
 * checked is when the devices were read (seconds since the epoch).
 */
int	status_report(const char *dir, const char *bundle_id,
	    const status_device_t *devs, size_t n, long checked,
	    const status_opts_t *o, status_outcome_t *outcome, sg_err_t *err);

#endif
