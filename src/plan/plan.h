/*
 * plan: a mirror path for every DC (docs/planning.md), with the sessions,
 * RSPAN VLANs, ERSPAN ids, trunk changes and affinity rules it needs, and
 * the diagnostics of every check.  Built once from an inventory, then
 * read-only.  A plan owns all its memory through one arena and copies every
 * name it shows, so it does not depend on the inventory once built.
 */
#ifndef SG_PLAN_H
#define SG_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "inventory/inventory.h"
#include "util/strbuf.h"

typedef enum {
	PLAN_NONE, PLAN_SPAN, PLAN_RSPAN, PLAN_ERSPAN, PLAN_VSWITCH_LOCAL,
	PLAN_VSWITCH_REMOTE,
	PLAN_TAP		/* a network TAP: no device is configured */
} plan_kind_t;
#define PLAN_NKINDS	7

typedef enum {
	ROLE_SPAN, ROLE_RSPAN_SOURCE, ROLE_RSPAN_DESTINATION,
	ROLE_ERSPAN_SOURCE, ROLE_ERSPAN_DESTINATION, ROLE_VSWITCH_SOURCE,
	ROLE_VSWITCH_DESTINATION
} plan_role_t;

#define PLAN_NO_ID	UINT32_MAX	/* no RSPAN VLAN / ERSPAN id */

typedef struct plan_reason {
	plan_kind_t	 kind;
	const char	*why;
} plan_reason_t;

typedef struct plan_pair {
	const char	*dc;
	const char	*sensor;	/* NULL: no sensor could be paired */
	plan_kind_t	 kind;		/* PLAN_NONE when an error left no path */
	const char	*matrix_row;	/* the guide's support-matrix row */
	const char	**devices;	/* devices configured, source first */
	size_t		 ndevices;
	uint32_t	 rspan_vlan;	/* PLAN_NO_ID: none */
	uint32_t	 erspan_id;	/* PLAN_NO_ID: none */
	const char	*decapsulator;	/* NULL: none */
	const char	*erspan_type;	/* "erspan2", "erspan3", "gre"; NULL: none */
	uint32_t	 load_mbps;	/* mirrored load, both directions */
	plan_reason_t	*not_chosen;	/* kinds tried before the chosen one */
	size_t		 nnot_chosen;
} plan_pair_t;

typedef struct plan_session {
	const char	*device;
	size_t		 device_index;	/* in plan devices (switches, then hosts) */
	uint32_t	 id;
	plan_role_t	 role;
	const char	**sources;
	size_t		 nsources;
	const char	*destination;	/* "interface X", "vlan N", ... */
	const char	*dest_port;	/* the port for interface/vm destinations */
	uint32_t	 vlan;		/* RSPAN VLAN it reads or writes, or PLAN_NO_ID */
	uint32_t	 erspan_id;	/* PLAN_NO_ID: none */
	const char	*erspan_origin;	/* erspan-source: local address */
	const char	*erspan_address;/* erspan-*: the decapsulator's address */
	uint32_t	 erspan_mtu;	/* erspan-source: the path's smallest MTU */
	const char	*erspan_type;	/* erspan-*: as plan_pair_t's */
	const char	*sensor;	/* the sensor it serves */
	const char	**dcs;		/* the DCs it mirrors */
	size_t		 ndcs;
} plan_session_t;

/* The RSPAN VLAN has to exist on a device, and be added to trunk ports. */
typedef struct plan_vlan {
	const char	*device;
	size_t		 device_index;
	uint32_t	 vlan;
	const char	**trunk_ports;	/* ports whose allowed list gets "add" */
	size_t		 ntrunk_ports;
} plan_vlan_t;

typedef struct plan_affinity {
	const char	*name;		/* rule name, e.g. spangen-DC11-S1 */
	const char	*cluster;
	const char	*hypervisor;
	const char	*vms[2];	/* DC VM, sensor VM */
} plan_affinity_t;

/*
 * What one switch was read to hold before planning (`spangen plan|render
 * --live` or `--observed`), as push/observe.c finds it in the device's own
 * text.  The planner takes every session id and VLAN in it as in use,
 * merged with the inventory's in_use, checks that every port the
 * inventory names on the switch is there, and checks each destination
 * port's configuration.
 */
typedef struct plan_port_seen {
	const char	*name;		/* spelled as the inventory spells it */
	const char	*lines;		/* its configuration lines, one a line */
	const char	*dest_of;	/* the session sending to it, or NULL */
	uint32_t	 dest_of_id;	/* that session's number, or PLAN_NO_ID */
} plan_port_seen_t;

typedef struct plan_observed {
	const char	*text;		/* what the device printed */
	size_t		 len;
	const char	*source;	/* the file, or "ssh HOST:PORT" */
	const char	*when;		/* UTC, as 2026-12-06T10:00:00Z */
	const char	*error;		/* NULL, or why it could not be read */
	ranges_t	 sessions;	/* numbered sessions not spangen's */
	ranges_t	 vlans;		/* VLANs that exist, not spangen's */
	ranges_t	 erspan_ids;	/* ERSPAN ids its sessions use, not
					   spangen's */
	bool		 ports_known;	/* false: the read does not list ports */
	plan_port_seen_t *ports;
	size_t		 nports;
} plan_observed_t;

/* What the plan keeps of an observation, for the bundle. */
typedef struct plan_snapshot {
	const char	*text;
	size_t		 len;
	const char	*source;
	const char	*when;
} plan_snapshot_t;

typedef struct plan {
	const char		*name;		/* inventory name, or NULL */
	/* per switch: what it was read to hold; text NULL: not read */
	plan_snapshot_t		*snapshots;
	plan_pair_t		*pairs;		/* one per DC, inventory order */
	size_t			 npairs;
	plan_session_t		*sessions;	/* by device, then id */
	size_t			 nsessions;
	plan_vlan_t		*vlans;		/* by device, then VLAN */
	size_t			 nvlans;
	plan_affinity_t		*affinity;
	size_t			 naffinity;
	diag_list_t		*diags;		/* owned */
	struct plan_priv	*priv;
} plan_t;

/*
 * Plans every DC of inv.  Problems become diagnostics in the plan (codes
 * E2xx, W3xx, I4xx); an error leaves that DC with kind PLAN_NONE and the
 * rest of the plan intact.  Never fails otherwise.  Free with plan_free().
 */
plan_t		*plan_build(const inventory_t *inv);
/*
 * As plan_build(), with observed[sw] what switch sw was read to hold
 * (NULL: not read).  A switch whose error is set gets E209 and is planned
 * from in_use alone.
 */
plan_t		*plan_build_observed(const inventory_t *inv,
		    const plan_observed_t *const *observed);
void		 plan_free(plan_t *plan);
size_t		 plan_errors(const plan_t *plan);
/*
 * The sessions (or VLANs) of device dev: *first is the index of the first,
 * the count is returned.  They are contiguous, as the plan keeps both
 * sorted by device.
 */
size_t		 plan_device_sessions(const plan_t *plan, size_t dev,
		    size_t *first);
size_t		 plan_device_vlans(const plan_t *plan, size_t dev,
		    size_t *first);

/*
 * The readable plan: one row per DC, reasons, sessions.  Its diagnostics
 * are not in it: the command line prints those on stderr, as every
 * command does.
 */
void		 plan_format_text(strbuf_t *out, const plan_t *plan);
/* "1 error, 2 warnings, 1 info" and a newline. */
void		 plan_format_counts(strbuf_t *out, const plan_t *plan);
/* plan.json, whose keys docs/planning.md lists. */
void		 plan_format_json(strbuf_t *out, const plan_t *plan);

extern const char *const plan_kind_names[PLAN_NKINDS];
extern const char *const plan_role_names[];

#endif
