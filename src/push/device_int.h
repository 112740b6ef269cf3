/*
 * device_int: what push/device.c and its back ends share.  A back end
 * (push/dev_*.c, one per transport) is a const struct device_ops; device.c
 * picks the one whose transport the target names and calls every step
 * through it, and a back end keeps its sessions in d->be and calls back
 * only into the helpers declared here.  Only device.c, the back ends,
 * observe.c (which reads devices through them and renders NETCONF's exact
 * rollback) and their unit tests include this header, so the transports
 * stay out of push.c and the CLI.
 */
#ifndef SG_DEVICE_INT_H
#define SG_DEVICE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "push/device.h"
#include "transport/ssh.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

/* The most of a device's state that is read, modelled or kept. */
#define DEVICE_STATE_MAX	(32u * 1024 * 1024)

struct device_ops {
	push_transport_t transport;	/* the targets it pushes */
	size_t		 be_size;	/* device_init allocates d->be so */
	const char	*before_file;	/* see device_before_file() */
	/*
	 * Whether the target and its vendor can be pushed this way:
	 * SG_EINVAL in err with the reason when they cannot.
	 */
	int		(*init)(device_t *d, bool rollback, sg_err_t *err);
	/*
	 * The steps of device.h; device.c names the failed step unless the
	 * back end named a finer one (device_fail()).  apply is entered
	 * with d->state DEV_APPLIED and sets DEV_UNCHANGED when it sent
	 * nothing that changes the device; device.c sets DEV_CONFIRMED when
	 * confirm succeeds.
	 */
	int		(*preview)(device_t *d);
	int		(*apply)(device_t *d);
	int		(*check)(device_t *d);
	int		(*confirm)(device_t *d);
	/*
	 * Undoes an applied change and reads the device back into d->state;
	 * device.c puts back the first failure in d->err afterwards.
	 */
	void		(*undo)(device_t *d);
	/*
	 * Drops a session that failed on the network or timed out, so that
	 * undo starts from a fresh one.
	 */
	void		(*forget)(device_t *d);
	/* Ends every session and frees what d->be holds (not d->be). */
	void		(*close)(device_t *d);
	/* As device_summarise(). */
	size_t		(*summarise)(const device_t *d, strbuf_t *out);
	/*
	 * Whether two managed states (before, after, a read-back) mean the
	 * same configuration: byte for byte for canonical forms, by meaning
	 * for CLI printouts (docs/push.md says what is compared).  Needed by
	 * the back ends that use device_text_check() and
	 * device_text_reverted(); NULL for the others.
	 */
	bool		(*same)(const strbuf_t *a, const strbuf_t *b);
};

extern const struct device_ops dev_cli_ops;	/* push/dev_cli.c */
extern const struct device_ops dev_script_ops;	/* push/dev_script.c */
extern const struct device_ops dev_netconf_ops;	/* push/dev_netconf.c */

/*
 * Fails d at "review": n entries that spangen did not create would be
 * changed or removed (listed in d->foreign).
 */
int	device_refuse_foreign(device_t *d, size_t n);
/*
 * Fails d at "stale check": it changed since the bundle was reviewed;
 * d->foreign gets the diff of was (what the bundle's snapshot says) and
 * now.
 */
int	device_refuse_stale(device_t *d, const char *was, size_t wlen,
	    const char *now, size_t nlen);
/* Records step as where d failed, unless one is already; returns rc. */
int	device_fail(device_t *d, const char *step, int rc);
/* How to reach the device, with the push's host-key policy. */
void	device_ssh_target(const device_t *d, ssh_target_t *st);
/* Connects and authenticates to the device; failures are in d->err. */
int	device_ssh_open(device_t *d, ssh_conn_t **conn);

/*
 * For the back ends that read their state as text and model the change
 * on it themselves (CLI, scripts): read_fn reads the device into raw and
 * models before and after on it.
 */
typedef int (*device_read_fn)(device_t *d, strbuf_t *raw, strbuf_t *before,
	    strbuf_t *after);
/* Reads again: SG_EDEVICE unless the device now holds d->after. */
int	device_text_check(device_t *d, device_read_fn read_fn);
/* Reads again: whether the device holds d->before once more. */
bool	device_text_reverted(device_t *d, device_read_fn read_fn);

/*
 * dev_netconf's subtree filter selecting what payload touches: list
 * entries by their name key, other containers by their contents;
 * operation attributes and comments dropped.  Exposed for the tests.
 */
int	dev_netconf_filter(const char *payload, size_t len, strbuf_t *out,
	    sg_err_t *err);

/*
 * dev_netconf's exact inverse of payload on a device whose managed part
 * (a get-config <data> body) is before: every list entry or leaf the
 * payload names is replaced by its old copy, or removed when it was not
 * there.  Exposed for the tests.
 */
int	dev_netconf_inverse(const char *payload, size_t plen,
	    const char *before, size_t blen, strbuf_t *out, sg_err_t *err);

#endif
