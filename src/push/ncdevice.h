/*
 * ncdevice: the device steps (push/device.h) for a device reached over
 * NETCONF.  The managed part is the subtrees the bundle's payload names;
 * "after" is what the device itself makes of the payload in its candidate
 * datastore, read back and thrown away, so the preview is the device's own
 * merge rather than a model of it.
 */
#ifndef SG_NCDEVICE_H
#define SG_NCDEVICE_H

#include <stdbool.h>

#include "push/device.h"
#include "util/strbuf.h"
#include "util/sg_err.h"

int	ncdevice_preview(device_t *d);
int	ncdevice_apply(device_t *d);
int	ncdevice_check(device_t *d);
int	ncdevice_confirm(device_t *d);
void	ncdevice_undo(device_t *d);
void	ncdevice_close(device_t *d);
/* Drops a session that is gone without talking to the device. */
void	ncdevice_forget(device_t *d);
/*
 * A subtree filter selecting what payload touches: list entries by their
 * name key, other containers by their contents; operation attributes and
 * comments dropped.  Exposed for the tests.
 */
int	ncdevice_filter(const char *payload, size_t len, strbuf_t *out,
	    sg_err_t *err);

#endif
