/*
 * inventory: the user's YAML inventory (docs/inventory.md), loaded,
 * checked and resolved into the model the planner reads.  References are
 * resolved to indexes (a link end names switches[i]), defaults are applied,
 * and every object keeps its source position for later diagnostics.
 *
 * An inventory_t owns all its memory through one arena and is read-only
 * once loaded.  It borrows the vendor set it was loaded with: free the
 * inventory first, or keep the set alive as long as the inventory.
 */
#ifndef SG_INVENTORY_H
#define SG_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "inventory/vendor.h"
#include "util/ranges.h"
#include "util/sg_err.h"

#define INV_NONE	((size_t)-1)	/* an index that refers to nothing */

typedef enum { INV_AUTH_KEY, INV_AUTH_AGENT, INV_AUTH_PASSWORD } inv_auth_t;
typedef enum {
	INV_TR_SSH, INV_TR_NETCONF, INV_TR_SSH_EXEC, INV_TR_RENDER_ONLY
} inv_transport_t;
typedef enum { INV_LINK_TRUNK, INV_LINK_ROUTED, INV_LINK_WAN } inv_link_kind_t;
typedef enum { INV_METHOD_SPAN, INV_METHOD_RSPAN, INV_METHOD_ERSPAN } inv_method_t;
typedef enum {
	INV_CLUSTER_AFFINITY, INV_CLUSTER_SENSOR_PER_HOST
} inv_cluster_strategy_t;

#define INV_NMETHODS	3

/* How spangen reaches a device: defaults merged with the device's own. */
typedef struct inv_access {
	const char	*mgmt_host;	/* NULL: not reachable for push */
	uint32_t	 mgmt_port;	/* from mgmt "host:port", else port, else 22 */
	const char	*username;	/* NULL: the local user */
	inv_auth_t	 auth;
	const char	*key_file;	/* NULL: the SSH defaults */
	const char	*password_env;	/* with INV_AUTH_PASSWORD */
	inv_transport_t	 transport;
} inv_access_t;

/* DEVICE or DEVICE:PORT, resolved. */
typedef struct inv_endpoint {
	size_t		 sw;		/* index in switches */
	const char	*port;		/* NULL when only the device was named */
	srcpos_t	 pos;
} inv_endpoint_t;

typedef struct inv_port {
	const char	*name;
	uint32_t	 mbps;
	srcpos_t	 pos;
} inv_port_t;

typedef struct inv_switch {
	const char	*name;
	srcpos_t	 pos;
	const vendor_t	*vendor;
	inv_access_t	 access;
	const char	*address;	/* NULL: none; IPv4 or IPv6 text */
	bool		 decap;
	const char	*ovs_rundir;	/* NULL: Open vSwitch's default */
	const char	*bridge;	/* ovs: the bridge; NULL: the name */
	inv_port_t	*ports;
	size_t		 nports;
	ranges_t	 in_use_vlans;
	ranges_t	 in_use_sessions;
} inv_switch_t;

typedef struct inv_link {
	inv_link_kind_t	 kind;
	srcpos_t	 pos;
	inv_endpoint_t	 a;
	inv_endpoint_t	 b;
	bool		 has_allowed;	/* false: the trunk allows every VLAN */
	ranges_t	 allowed_vlans;
	uint32_t	 mbps;		/* 0: unknown */
	uint32_t	 headroom_mbps;	/* wan only; 0: unknown */
	uint32_t	 mtu;		/* 0: unknown */
} inv_link_t;

typedef struct inv_nic {
	const char	*name;
	inv_endpoint_t	 port;		/* the switch port it is cabled to */
	srcpos_t	 pos;
} inv_nic_t;

typedef struct inv_hypervisor {
	const char	*name;
	srcpos_t	 pos;
	const vendor_t	*platform;
	const char	*cluster;	/* NULL: not in a cluster */
	inv_endpoint_t	*uplinks;
	size_t		 nuplinks;
	inv_nic_t	*capture_nics;
	size_t		 ncapture_nics;
	inv_access_t	 access;
} inv_hypervisor_t;

typedef struct inv_vm {
	size_t		 hypervisor;	/* index in hypervisors */
	const char	*name;
	size_t		 capture_nic;	/* sensors: index in capture_nics, or INV_NONE */
	srcpos_t	 pos;
} inv_vm_t;

typedef struct inv_dc {
	const char	*name;
	srcpos_t	 pos;
	const char	*address;
	bool		 is_vm;
	inv_vm_t	 vm;		/* when is_vm */
	inv_endpoint_t	*ports;		/* when !is_vm: one, or the LAG members */
	size_t		 nports;
	bool		 has_lag;
	inv_endpoint_t	 lag;
	uint32_t	 mbps;		/* 0: the port speed */
	uint32_t	 busy_pps;	/* busy-hour packets per second; 0: not given */
	size_t		 tap;		/* index in taps, or INV_NONE */
	const char	**ntp;
	size_t		 nntp;
} inv_dc_t;

/*
 * What one standalone sensor is taken to handle without max_busy_pps: the
 * busy packets per second above which Microsoft's Defender for Identity
 * sizing tool no longer answers "Yes" for a sensor (docs/planning.md).
 */
#define INV_SENSOR_BUSY_PPS	60000u

typedef struct inv_sensor {
	const char	*name;
	srcpos_t	 pos;
	bool		 is_vm;
	inv_vm_t	 vm;
	inv_endpoint_t	 port;		/* when !is_vm */
	size_t		*monitors;	/* indexes in dcs */
	size_t		 nmonitors;
	uint32_t	 mbps;		/* 0: the port speed */
	uint32_t	 max_busy_pps;	/* 0: INV_SENSOR_BUSY_PPS */
	const char	**ntp;
	size_t		 nntp;
} inv_sensor_t;

/*
 * A network TAP on a DC's link whose monitor output is cabled to a
 * sensor's capture NIC: the sensor sees the DC without any device being
 * configured.  aggregated: both directions leave on one output.
 */
typedef struct inv_tap {
	const char	*name;
	srcpos_t	 pos;
	size_t		 dc;		/* index in dcs */
	size_t		 sensor;	/* index in sensors */
	bool		 aggregated;
} inv_tap_t;

typedef struct inventory {
	const char		*path;
	const char		*name;		/* NULL: none given */
	ranges_t		 rspan_vlans;	/* pools; empty when not given */
	ranges_t		 erspan_ids;
	inv_switch_t		*switches;
	size_t			 nswitches;
	inv_link_t		*links;
	size_t			 nlinks;
	inv_hypervisor_t	*hypervisors;
	size_t			 nhypervisors;
	inv_dc_t		*dcs;
	size_t			 ndcs;
	inv_sensor_t		*sensors;
	size_t			 nsensors;
	inv_tap_t		*taps;
	size_t			 ntaps;
	inv_method_t		 methods[INV_NMETHODS];
	size_t			 nmethods;
	inv_cluster_strategy_t	 cluster_strategy;
	struct inventory_priv	*priv;		/* arena and lookup tables */
} inventory_t;

/*
 * Loads and checks an inventory.  Every problem in the file is added to dl
 * (E1xx codes, positions in path) and the load carries on, so one run shows
 * all of them; then SG_EINVAL is returned and *out stays NULL.  A file that
 * cannot be read is SG_EIO in err.  Free with inventory_free().
 */
int		 inventory_load(inventory_t **out, const char *path,
		    const vendor_set_t *vendors, diag_list_t *dl,
		    sg_err_t *err);
/* The same from memory; path only names the text in positions. */
int		 inventory_parse(inventory_t **out, const char *path,
		    const char *text, size_t len, const vendor_set_t *vendors,
		    diag_list_t *dl);
void		 inventory_free(inventory_t *inv);

/* Index of a switch by name, or INV_NONE. */
size_t		 inventory_find_switch(const inventory_t *inv, const char *name);

/*
 * Devices, the things a plan configures, are numbered switches first, then
 * hypervisors: device i < nswitches is switches[i], the others are
 * hypervisors[i - nswitches].  Plans and rendered views use these numbers.
 */
size_t		 inventory_ndevices(const inventory_t *inv);
size_t		 inventory_hypervisor_device(const inventory_t *inv,
		    size_t hypervisor);
const char	*inventory_device_name(const inventory_t *inv, size_t dev);
/* A switch's vendor, a hypervisor's platform. */
const vendor_t	*inventory_device_vendor(const inventory_t *inv, size_t dev);
const inv_access_t *inventory_device_access(const inventory_t *inv,
		    size_t dev);
/* The device's number by name, or INV_NONE. */
size_t		 inventory_find_device(const inventory_t *inv,
		    const char *name);
/* Speed of a port: the listed one, else the vendor's default for its name. */
uint32_t	 inventory_port_mbps(const inventory_t *inv, size_t sw,
		    const char *port);

extern const char *const inv_transport_names[];
extern const char *const inv_method_names[];
extern const char *const inv_link_kind_names[];

#endif
