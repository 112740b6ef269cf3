/*
 * plan_int: what the planner's files share and nothing outside src/plan/
 * may see: the planner's state, the results one phase hands to the next,
 * and the functions one file calls in another.  Keeping it out of plan.h
 * leaves the plan's users free of the planner's ledger, which changes
 * whenever a check does.
 */
#ifndef SG_PLAN_INT_H
#define SG_PLAN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"
#include "util/arena.h"
#include "util/strmap.h"

/* A formatted string that lives as long as the plan's arena. */
#define fmt(owner, ...)	arena_printf((owner)->arena, __VA_ARGS__)

#define UNREACHED	UINT32_MAX
/* A virtual DC without mbps is counted at this rate per direction. */
#define VM_DEFAULT_MBPS	1000
/* ERSPAN adds about 50 bytes per frame; at a 512-byte mean that is ~10%. */
#define ERSPAN_OVERHEAD_PCT	10
#define ERSPAN_MIN_MTU	1550
#define ASSUMED_MTU	1500
#define ERSPAN_HEADROOM	50	/* the outer headers ERSPAN adds to a frame */

struct plan_priv {
	arena_t		 arena;
};

/*
 * The switches and one kind of link between them: trunks, or routed and
 * WAN links.  A search can only reach the connected part its start is in,
 * so it keeps one entry per switch of that part, not one per switch: on a
 * campus of many sites that is the difference between kilobytes and tens
 * of megabytes, most of the planner's time on a large inventory.
 */
struct topo_graph {
	size_t		*adj;		/* CSR: links per switch */
	size_t		*off;
	uint32_t	*part;		/* per switch: its part */
	uint32_t	*local;		/* per switch: index in its part */
	uint32_t	*part_size;	/* per part: its switches */
	struct bfs	**bfs;		/* per start switch, lazily */
};

/* Breadth-first search result from one start switch. */
struct bfs {
	const struct topo_graph *g;
	uint32_t	 part;		/* the start's connected part */
	uint32_t	*dist;		/* by index in the part: hops, or
					   UNREACHED */
	uint32_t	*via;		/* by index in the part: the link */
};

/* Where a DC's traffic enters the network, or where a sensor listens. */
struct place {
	bool		 is_vm;
	size_t		 host;		/* hypervisor, when is_vm */
	size_t		 sw;		/* switch of ports, or INV_NONE */
	const char	**ports;	/* DC: sources; sensor: one destination */
	size_t		 nports;
	const char	*problem;	/* why ports cannot be used, or NULL */
	const char	*problem_code;
};

/* The outcome of trying to reach one sensor from one DC. */
struct choice {
	size_t		 sensor;
	plan_kind_t	 kind;		/* PLAN_NONE: nothing worked */
	const char	*row;
	uint32_t	 devices;	/* cost: devices configured */
	uint32_t	 hops;
	size_t		 decap;		/* erspan: the decapsulator */
	size_t		 src_sw;	/* physical source switch */
	size_t		 dst_sw;	/* physical destination switch */
	const char	*dst_port;
	unsigned int	 erspan_type;	/* erspan: one VENDOR_ERSPAN_* bit */
	plan_reason_t	 reasons[PLAN_NKINDS];
	size_t		 nreasons;
	const char	*error_code;	/* E205/E206/E207 instead of E201 */
};

/* A session under construction. */
struct session {
	size_t		 device;
	plan_role_t	 role;
	const char	*destination;
	const char	*dest_port;
	uint32_t	 id;
	uint32_t	 vlan;
	uint32_t	 erspan_id;
	const char	*origin;
	const char	*erspan_address;
	uint32_t	 erspan_mtu;
	unsigned int	 erspan_type;	/* VENDOR_ERSPAN_*, 0: not ERSPAN */
	const char	*sensor;
	const char	**sources;
	size_t		 nsources;
	size_t		 cap_sources;
	const char	**dcs;
	size_t		 ndcs;
	size_t		 cap_dcs;
};

struct device_use {
	uint32_t	 in_use;	/* sessions the inventory says exist */
	uint32_t	 sessions;
	uint32_t	 source_sessions;
	uint32_t	 directions;
	uint32_t	 next_id;	/* ids below it are taken; allocation is
					   lowest-free, so none above it is */
};

struct vlan_use {
	size_t		 device;
	uint32_t	 vlan;
	const char	**ports;
	size_t		 nports;
	size_t		 cap;
};

/* The state of one plan_build(): topology caches, choices, the ledger. */
typedef struct planner {
	const inventory_t	*inv;
	const plan_observed_t *const *observed;	/* per switch, or NULL */
	ranges_t		*taken_sessions;	/* per switch: in_use and
							   what was observed */
	ranges_t		*taken_vlans;
	plan_t			*plan;
	arena_t			*arena;
	diag_list_t		*dl;
	struct topo_graph	 trunk;
	struct topo_graph	 l3;
	arena_t			 searches;	/* holds every bfs */
	size_t			*decaps;
	size_t			 ndecaps;
	/*
	 * Per switch, read once: the pair loop asks these millions of times
	 * on a large inventory.
	 */
	unsigned int		*sw_caps;	/* its vendor's VENDOR_CAN_* */
	bool			*sw_ipv4;	/* 'address' is IPv4 */
	size_t			*sensor_rank;	/* per sensor: its place by name */
	size_t			 first_sensor;	/* the lowest name */
	struct place		*dcs;
	struct place		*sensors;
	struct choice		*choices;	/* per DC */
	/* ledger */
	struct session		*sessions;
	size_t			 nsessions;
	size_t			 cap_sessions;
	strmap_t		 session_keys;	/* "dev|role|dest" -> session */
	strmap_t		 dest_claims;	/* "dev|port" -> session */
	struct device_use	*use;
	struct vlan_use		*vlans;
	size_t			 nvlans;
	size_t			 cap_vlans;
	strmap_t		 vlan_keys;	/* "dev|vlan" -> vlans[] */
	/*
	 * RSPAN VLANs by slot: a sensor has two, one delivered to its port
	 * (rspan-destination) and one to its vNIC (vswitch-destination), so
	 * no mirror reaches it twice.  PLAN_NO_ID: none yet.
	 */
	uint32_t		*slot_vlan;
	size_t			**slot_sws;	/* switches each slot's paths cross */
	size_t			*slot_nsws;
	strmap_t		 erspan_keys;	/* "decap|sensor" -> id */
	bool			 vlan_taken[4096];
	bool			 erspan_taken[1024];
	bool			 erspan_common[1024];	/* plan_commit.c */
	bool			 erspan_common_known;
	uint64_t		*wan_load;	/* per link, Mbit/s */
	bool			*sensor_warned;	/* W303 said for the sensor */
	bool			*listed;	/* per DC: a sensor's monitors names it */
	bool			 quiet;		/* comparing costs: no reasons */
} planner_t;

struct pending;

/* What a commit needs; filled by the dry run, used by the real one. */
struct commit {
	planner_t	*p;
	size_t		 dc;
	bool		 apply;
	const char	*code;		/* the first failure */
	const char	*why;
	const char	*hint;
	const char	**devices;	/* the pair's device list */
	size_t		 ndevices;
	struct pending	*pending;	/* dry run: sessions it would add */
	size_t		 npending;
};

/* Shorthand: device names fill most messages. */
static inline const char *
dev_name(const planner_t *p, size_t dev)
{
	return inventory_device_name(p->inv, dev);
}

static inline const vendor_t *
sw_vendor(const planner_t *p, size_t sw)
{
	return p->inv->switches[sw].vendor;
}

static inline bool
sw_can(const planner_t *p, size_t sw, unsigned int cap)
{
	return (p->sw_caps[sw] & cap) != 0;
}

/* A sensor's RSPAN VLAN slot for a path: see planner_t.slot_vlan. */
static inline size_t
vlan_slot(const struct choice *c)
{
	return c->sensor * 2 + (c->kind == PLAN_VSWITCH_REMOTE);
}

/* plan.c */
void		 planner_diag(planner_t *p, const char *code, srcpos_t pos,
		    const char *const *objs, size_t nobjs, const char *hint,
		    const char *f, ...) __attribute__((format(printf, 7, 8)));

/* plan_observed.c */
/* in_use merged with what was observed, per switch; freed by observed_dispose */
void		 observed_init(planner_t *p);
void		 observed_dispose(planner_t *p);
/* E209, E210, E211, E212 for the switches that were read */
void		 observed_check(planner_t *p);
void		 observed_keep(planner_t *p);

/* plan_topo.c */
void		 topo_graph_init(planner_t *p, bool l3);
void		 topo_graph_dispose(planner_t *p, bool l3);
const struct bfs *topo_search_new(planner_t *p, size_t start, bool l3);

/* Hops from start to every switch, searched once per start. */
static inline const struct bfs *
topo_search(planner_t *p, size_t start, bool l3)
{
	const struct bfs *b = (l3 ? &p->l3 : &p->trunk)->bfs[start];

	return b != NULL ? b : topo_search_new(p, start, l3);
}

/* Hops from the search's start to switch sw, or UNREACHED. */
static inline uint32_t
bfs_dist(const struct bfs *b, size_t sw)
{
	return b->g->part[sw] == b->part ? b->dist[b->g->local[sw]] :
	    UNREACHED;
}
size_t		 topo_walk(const planner_t *p, const struct bfs *b, size_t sw,
		    size_t *links);
size_t		 topo_trunk_leg(planner_t *p, size_t from, size_t to,
		    size_t **links, size_t **sws);
void		 topo_locate(planner_t *p);
/* A DC's mirrored rate per direction, Mbit/s. */
uint32_t	 topo_dc_mbps(const planner_t *p, size_t dc);

/* plan_choose.c */
/* Fills p->choices and p->listed for every DC. */
void		 choose_all(planner_t *p);
void		 choose_evaluate(planner_t *p, size_t dc, size_t sn,
		    struct choice *c);

/* plan_commit.c */
/* Reserves each sensor's RSPAN VLANs before the first commit. */
void		 commit_prefer_vlans(planner_t *p);
bool		 commit_run(planner_t *p, size_t dc, const struct choice *c,
		    struct commit *cm);

/* plan_check.c */
/* The warnings on every planned pair, then on every sensor's load. */
void		 check_plan(planner_t *p);

#endif
