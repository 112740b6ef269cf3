/*
 * observe: what the switches of an inventory hold, read before planning
 * (`spangen plan|render --live`, or `--observed DIR` for saved printouts),
 * in the form the planner takes (plan_observed_t).  Reading is read-only:
 * a live read connects as push does (host keys, credentials), types
 * `show running-config` (an Open vSwitch host runs `ovs-vsctl list-ports
 * BRIDGE` over an exec channel, a NETCONF Catalyst answers a get-config of
 * its monitor sessions) and nothing that changes anything.  Junos is not
 * read: it is planned from in_use alone.
 */
#ifndef SG_OBSERVE_H
#define SG_OBSERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "push/cfgtree.h"
#include "push/device.h"
#include "util/arena.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

typedef struct observe_opts {
	const char	*dir;		/* --observed DIR; NULL: read live */
	int		 jobs;
	device_opts_t	 dev;
} observe_opts_t;

typedef struct observation observation_t;

/*
 * Reads every switch of inv pushed over the SSH CLI, every Open vSwitch
 * pushed over ssh-exec and every Catalyst pushed over NETCONF.  A switch
 * that cannot be read, or whose printout cannot be read, has the reason
 * in its error (the planner says E209); the list holds NULL for the
 * switches not read.  Fails only on a bad option (SG_EINVAL in err).
 */
int	observe_run(const inventory_t *inv, const observe_opts_t *o,
	    observation_t **out, sg_err_t *err);
/* Per switch of the inventory, for plan_build_observed(). */
const plan_observed_t *const *observe_list(const observation_t *ob);
void	observe_free(observation_t *ob);

/*
 * The part of a printout the planner reads and the bundle keeps: every
 * top-level interface, vlan, monitor and mirror entry with its lines, as
 * printed, less any line that holds a key, password, secret or community,
 * so no secret reaches a bundle.  Push filters what it reads the same way
 * before comparing it with the bundle's copy.
 */
void	observe_filter(const char *text, size_t len, strbuf_t *out);

/*
 * Reads text (a filtered printout of a d switch) into *o: the numbered
 * sessions and the VLANs that are not spangen's, and every interface with
 * its lines and the session sending to it.  Strings live in a.
 */
void	observe_parse(cfg_dialect_t d, const char *text, size_t len,
	    arena_t *a, plan_observed_t *o);

/*
 * The exact rollback of intended on a switch that held what sn says
 * (bundle_exact_fn): cfgreview's inverse for a CLI configuration (ext
 * "cfg"), dev_netconf's for a NETCONF payload ("xml"), under a comment
 * naming when and where the switch was read.  NULL with err set when something spangen did
 * not create is in the way, or the inverse cannot be worked out.
 */
char	*observe_rollback(const vendor_t *v, const char *ext,
	    const plan_snapshot_t *sn, const char *intended, sg_err_t *err);

#endif
