/*
 * device: one device during a push or rollback, over whichever transport
 * its target names.  It reads the managed state, works out what the change
 * would do, applies it with the vendor's safest commit, checks it, and
 * confirms or undoes it (docs/push.md gives the model per vendor).  Each
 * transport is a back end behind this face (push/device_int.h), so what
 * includes this header sees no transport.
 */
#ifndef SG_DEVICE_H
#define SG_DEVICE_H

#include <stdbool.h>
#include <stdio.h>

#include "inventory/vendor.h"
#include "push/pbundle.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

typedef enum {
	DEV_UNCHANGED,		/* nothing was sent that changes anything */
	DEV_APPLIED,		/* changed, not yet confirmed */
	DEV_CONFIRMED,		/* holds the change, confirmed and saved */
	DEV_REVERTED,		/* changed, then undone: as before (read back) */
	DEV_UNKNOWN		/* changed, and not read back as before */
} dev_state_t;

typedef struct device_opts {
	const char	*known_hosts;		/* NULL: ~/.ssh/known_hosts */
	bool		 accept_new_host_keys;
	int		 timeout_s;
	int		 confirm_timeout_s;	/* the device's revert timer */
	const char	*session_name;		/* checkpoint / session name */
	/*
	 * Only read the managed state (planning with --live): a back end
	 * that would try the change in a scratch datastore does not.
	 */
	bool		 read_only;
} device_opts_t;

struct device_ops;

typedef struct device {
	const push_target_t *t;
	const vendor_t	*v;
	const device_opts_t *o;
	const struct device_ops *ops;	/* the back end of its transport */
	void		*be;		/* the back end's sessions and state */
	const push_text_t *change;	/* what is entered: intended or rollback */
	const push_text_t *undo;	/* what undoes it */
	const char	*want;		/* scripts: the state after change */
	size_t		 want_len;
	FILE		*log;		/* the device's session log */
	bool		 timer_running;	/* its revert timer would fire */
	strbuf_t	 raw;		/* what the device printed for its state */
	strbuf_t	 before;	/* managed state now */
	strbuf_t	 after;		/* managed state once change is in */
	bool		 changes;
	/*
	 * Back ends that model the change on the device's own state work
	 * out what it may touch and how to take it back (push/cfgreview.h):
	 * owned_in lists spangen's entries on the device before (from this
	 * bundle's logs), owned what they are once the change is in,
	 * foreign the entries in the way, and exact the inverse of change,
	 * which undo then points at.  exact.data is NULL where the back end
	 * does not work these out.
	 */
	push_text_t	 owned_in;
	bool		 reviewed;	/* owned was worked out */
	strbuf_t	 owned;
	strbuf_t	 foreign;
	strbuf_t	 inverse;
	push_text_t	 exact;
	/*
	 * The preview was refused for what the device holds, not because it
	 * could not be read: something spangen did not create in the way, a
	 * change since the bundle was reviewed, or (a state script's exit
	 * status 3) a bridge or port the bundle names missing.
	 */
	bool		 refused_for_state;
	dev_state_t	 state;
	sg_err_t	 err;		/* the first failure */
	const char	*failed_step;
} device_t;

/* SG_EINVAL when the vendor or transport cannot be pushed by this build. */
int	device_init(device_t *d, const push_target_t *t, const vendor_t *v,
	    const device_opts_t *o, bool rollback, FILE *log, sg_err_t *err);
void	device_dispose(device_t *d);
/* Connects and reads the managed state: fills raw, before and after. */
int	device_preview(device_t *d);
/* Enters the change with the vendor's timer running where it has one. */
int	device_apply(device_t *d);
/* Reads back: the device must now hold after. */
int	device_check(device_t *d);
/* Confirms (stops the timer) and saves the configuration. */
int	device_confirm(device_t *d);
/*
 * Undoes an applied change (reconnecting when the session dropped), then
 * reads the state back: DEV_REVERTED when it is as before, else
 * DEV_UNKNOWN.
 */
void	device_undo(device_t *d);
/*
 * Appends a summary of before -> after, one line per object (session,
 * VLAN, list entry) and returns the number of lines; 0 where the
 * transport has no model of objects to name.
 */
size_t	device_summarise(const device_t *d, strbuf_t *out);
/* The name push saves the managed state under ("before.cfg"). */
const char *device_before_file(const device_t *d);
const char *device_state_name(dev_state_t s);
/*
 * Sets up what the back ends share across threads; call it on the thread
 * that summarises previews, before any worker thread starts.
 */
void	device_threads_init(void);

#endif
