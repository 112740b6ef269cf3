/*
 * inventory: loads docs/inventory.md's format in three passes over the
 * parsed YAML tree: (1) names and devices (switches, hypervisors), so every
 * later reference can be resolved whatever the order in the file; (2) links,
 * DCs, sensors and preferences, resolving references by name; (3) the
 * cross-object rules (ports used twice, monitors).  Every problem becomes a
 * diagnostic and the load goes on, so the user sees all of them at once.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/ifname.h"
#include "inventory/inventory.h"
#include "inventory/schema.h"
#include "util/ydoc.h"
#include "util/arena.h"
#include "util/parse.h"
#include "util/qfmt.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

/* A formatted string that lives as long as the inventory's arena. */
#define fmt(owner, ...)	arena_printf((owner)->arena, __VA_ARGS__)

#define NAME_MAX_LEN	63
#define VM_NAME_MAX_LEN	80
#define PORT_MAX_LEN	64	/* keeps every derived key and command short */
#define MBPS_MAX	10000000u	/* 10 Tbit/s: anything above is a typo */
#define PPS_MAX		1000000000u	/* a billion packets a second: a typo */

const char *const inv_transport_names[] = {
	"ssh", "netconf", "ssh-exec", "render-only", NULL
};
const char *const inv_method_names[] = { "span", "rspan", "erspan", NULL };
const char *const inv_link_kind_names[] = {
	"trunk", "routed", "wan", NULL
};
static const char *const auth_names[] = {
	"key", "agent", "password", NULL
};
static const char *const strategy_names[] = {
	"affinity", "sensor-per-host", NULL
};
/* the transports a user may ask for; render-only comes from descriptors */
static const char *const user_transport_names[] = {
	"ssh", "netconf", "ssh-exec", NULL
};

static const char *const top_keys[] = {
	"spangen", "name", "defaults", "pools", "switches", "links",
	"hypervisors", "domain_controllers", "sensors", "taps", "preferences",
	NULL
};
static const char *const tap_keys[] = {
	"name", "dc", "sensor", "aggregated", NULL
};
#define ACCESS_KEYS "username", "auth", "key_file", "password_env", \
	"transport", "port"
static const char *const defaults_keys[] = { ACCESS_KEYS, NULL };
static const char *const pools_keys[] = { "rspan_vlans", "erspan_ids", NULL };
static const char *const switch_keys[] = {
	"name", "vendor", "mgmt", "address", "decap", "ports", "in_use",
	"ovs_rundir", "bridge", ACCESS_KEYS, NULL
};
static const char *const port_keys[] = { "name", "mbps", NULL };
static const char *const in_use_keys[] = { "vlans", "sessions", NULL };
static const char *const link_keys[] = {
	"kind", "a", "b", "allowed_vlans", "mbps", "headroom_mbps", "mtu", NULL
};
static const char *const hypervisor_keys[] = {
	"name", "platform", "cluster", "uplinks", "capture_nics", "mgmt",
	ACCESS_KEYS, NULL
};
static const char *const nic_keys[] = { "name", "port", NULL };
static const char *const dc_keys[] = {
	"name", "address", "ports", "lag", "vm", "mbps", "busy_pps", "ntp",
	NULL
};
static const char *const dc_vm_keys[] = { "hypervisor", "name", NULL };
static const char *const sensor_keys[] = {
	"name", "port", "vm", "monitors", "mbps", "max_busy_pps", "ntp", NULL
};
static const char *const sensor_vm_keys[] = {
	"hypervisor", "name", "capture_nic", NULL
};
static const char *const pref_keys[] = {
	"methods", "cluster_strategy", NULL
};

struct inventory_priv {
	arena_t		 arena;
	strmap_t	 switches;	/* name -> index */
	strmap_t	 hypervisors;
	strmap_t	 dcs;
	strmap_t	 sensors;
};

/* Where a name or a port was first used, for "already used" messages. */
struct owner {
	const char	*what;		/* "switch", "trunk link", ... */
	srcpos_t	 pos;
};

/* Access settings as written in one mapping; -1 / 0 / NULL when absent. */
struct access_in {
	const char	*username;
	int		 auth;
	const char	*key_file;
	const char	*password_env;
	bool		 bad_password_env;	/* given, and already reported */
	int		 transport;
	uint32_t	 port;
	srcpos_t	 key_file_pos;
	srcpos_t	 auth_pos;
	srcpos_t	 transport_pos;
};

/*
 * What a vendor's patterns say of one port name.  The same names recur on
 * every switch of a vendor, so each is matched (regexec) and made
 * canonical once per load.
 */
struct port_name {
	bool		 port_ok;
	bool		 lag_ok;
	const char	*canonical;	/* NULL until asked for */
};

struct vendor_ports {
	const vendor_t	*vendor;
	strmap_t	 names;		/* port name -> memo[] */
};

typedef struct loader {
	schema_t		 sc;
	diag_list_t		*dl;
	inventory_t		*inv;
	arena_t			*arena;
	const vendor_set_t	*vendors;
	struct access_in	 defaults;
	strmap_t		 names;		/* every object name -> owners[] */
	strmap_t		 ports;		/* "dev:port" -> owners[] */
	strmap_t		 addresses;	/* canonical DC address -> owners[] */
	strmap_t		 vms;		/* "hypervisor/vm" -> owners[] */
	strmap_t		 nics;		/* "hypervisor/nic" -> owners[] */
	struct owner		*owners;
	size_t			 nowners;
	size_t			 capowners;
	size_t			 *dc_monitor;	/* per DC: sensor index or INV_NONE */
	struct vendor_ports	*memo_vendors;	/* port name memo, by vendor */
	size_t			 nmemo_vendors;
	struct port_name	*memo;
	size_t			 nmemo;
} loader_t;

static bool
name_char_ok(char c, bool vm)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    (vm && (c == ' ' || c == '(' || c == ')'));
}

/*
 * A per-object label for messages: "switch 'acc1'", or "switch #3" when
 * the object has no usable name.  The name is peeked before it is checked,
 * so the first message about an object already names it; a name that will
 * be refused is not echoed.
 */
static const char *
label(loader_t *ld, const char *kind, const ynode_t *map, size_t index)
{
	const ynode_t *v = schema_find(map, "name");
	const char *name = NULL;
	char buf[128];
	size_t i;

	if (v != NULL && v->kind == YNODE_SCALAR && v->len > 0 &&
	    v->len <= NAME_MAX_LEN) {
		name = v->str;
		for (i = 0; i < v->len; i++)
			if (!name_char_ok(name[i], false)) {
				name = NULL;
				break;
			}
	}
	if (name != NULL)
		(void)qfmt_snprintf(buf, sizeof(buf), "%s '%s'", kind, name);
	else
		(void)qfmt_snprintf(buf, sizeof(buf), "%s #%zu", kind,
		    index + 1);
	return arena_strdup(ld->arena, buf);
}

static size_t
add_owner(loader_t *ld, const char *what, srcpos_t pos)
{
	if (ld->nowners == ld->capowners) {
		ld->capowners = ld->capowners == 0 ? 256 : ld->capowners * 2;
		ld->owners = xreallocarray(ld->owners, ld->capowners,
		    sizeof(*ld->owners));
	}
	ld->owners[ld->nowners].what = what;
	ld->owners[ld->nowners].pos = pos;
	return ld->nowners++;
}

/* Bytes in the UTF-8 character at s (1 for ASCII or a stray byte). */
static int
utf8_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1, i;

	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/*
 * Object names end up in file names, descriptions and scripts, so they
 * are held to a small safe alphabet instead of being escaped later.
 */
static bool
check_name_text(loader_t *ld, const char *name, srcpos_t pos,
    const char *key, const char *what, bool vm)
{
	size_t i, len = strlen(name), max = vm ? VM_NAME_MAX_LEN : NAME_MAX_LEN;

	for (i = 0; i < len; i++)
		if (!name_char_ok(name[i], vm)) {
			diag_add(ld->dl, "E112", pos, vm ? "use letters, "
			    "digits, spaces, '.', '_', '-', '(' and ')'" :
			    "use letters, digits, '.', '_' and '-'",
			    "'%s' in %s contains '%.*s', which is not allowed "
			    "in a name", key, what, utf8_len(name + i),
			    name + i);
			return false;
		}
	/* "--" would end an XML comment in a NETCONF payload's header */
	if (strstr(name, "--") != NULL) {
		diag_add(ld->dl, "E112", pos, "use a single '-'", "'%s' in %s "
		    "contains '--'", key, what);
		return false;
	}
	/* a leading '-' would read as an option to a shell command */
	if (!isalnum((unsigned char)name[0])) {
		diag_add(ld->dl, "E112", pos, "start the name with a letter or "
		    "digit", "'%s' in %s must start with a letter or digit",
		    key, what);
		return false;
	}
	if (name[len - 1] == ' ') {
		diag_add(ld->dl, "E112", pos, "remove the trailing space",
		    "'%s' in %s ends with a space", key, what);
		return false;
	}
	if (len > max) {
		diag_add(ld->dl, "E107", pos, "shorten the name", "'%s' in %s "
		    "is %zu characters long; the limit is %zu", key, what, len,
		    max);
		return false;
	}
	return true;
}

static const char *
read_name(loader_t *ld, const ynode_t *map, const char *key,
    const char *what, bool required, bool vm)
{
	const char *s;

	if (!schema_str(&ld->sc, map, key, what, required, &s) ||
	    !check_name_text(ld, s, schema_pos(map, key), key, what, vm))
		return NULL;
	return s;
}

/*
 * Registers key in map, or reports it as a duplicate of the first use.
 * what_dup describes the clash ("name 'acc1'"), hint says how to fix it.
 */
static bool
register_unique(loader_t *ld, strmap_t *map, const char *key, srcpos_t pos,
    const char *use, const char *what_dup, const char *hint)
{
	size_t prev;

	if (strmap_get(map, key, &prev)) {
		diag_add(ld->dl, "E105", pos, hint, "duplicate %s: already "
		    "used by %s at line %u", what_dup, ld->owners[prev].what,
		    ld->owners[prev].pos.line);
		return false;
	}
	(void)strmap_add(map, key, add_owner(ld, use, pos));
	return true;
}

/*
 * Names are unique across every kind of object, ignoring case: they name
 * directories in the review bundle, and acc1 and ACC1 would collide on a
 * case-insensitive file system.
 */
static bool
register_name(loader_t *ld, const char *name, srcpos_t pos, const char *kind)
{
	char *folded = arena_strdup(ld->arena, name), *p, dup[128];

	for (p = folded; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	(void)qfmt_snprintf(dup, sizeof(dup), "name '%s'", name);
	return register_unique(ld, &ld->names, folded, pos,
	    arena_strdup(ld->arena, kind), dup, "give every switch, "
	    "hypervisor, DC and sensor its own name (names are compared "
	    "without case)");
}

/*
 * Claims a value that only one object may have (a DC address, a VM on a
 * hypervisor, a capture NIC).  Addresses compare in canonical form.
 */
static void
claim_unique(loader_t *ld, strmap_t *map, const char *value, bool address,
    srcpos_t pos, const char *owner, const char *noun, const char *hint)
{
	char canon[64], dup[256];

	if (address && ip_canonical(value, canon, sizeof(canon)) == 0)
		value = canon;
	(void)qfmt_snprintf(dup, sizeof(dup), "%s %s", noun, value);
	(void)register_unique(ld, map, arena_strdup(ld->arena, value), pos,
	    owner, dup, hint);
}

/* A physical port serves one purpose: a trunk end, an uplink, a DC... */
static void
claim_port(loader_t *ld, const inv_endpoint_t *ep, const char *use)
{
	const char *dev, *key;
	size_t prev, dlen, plen;
	char *k;

	if (ep->port == NULL || ep->sw == INV_NONE)
		return;
	dev = ld->inv->switches[ep->sw].name;
	dlen = strlen(dev);
	plen = strlen(ep->port);
	k = arena_alloc(ld->arena, dlen + plen + 2);
	memcpy(k, dev, dlen);
	k[dlen] = ':';
	memcpy(k + dlen + 1, ep->port, plen + 1);
	key = k;
	/* the message is only formatted for a clash */
	if (strmap_get(&ld->ports, key, &prev)) {
		diag_add(ld->dl, "E105", ep->pos, "each port has one role: "
		    "check the cabling in the inventory", "duplicate use of "
		    "port %s for %s: already used by %s at line %u", key, use,
		    ld->owners[prev].what, ld->owners[prev].pos.line);
		return;
	}
	(void)strmap_add(&ld->ports, key, add_owner(ld, use, ep->pos));
}

/* ---- values ---------------------------------------------------------- */

static const char *
read_address(loader_t *ld, const ynode_t *map, const char *key,
    const char *what, bool required)
{
	const char *s;

	if (!schema_str(&ld->sc, map, key, what, required, &s))
		return NULL;
	if (parse_ip(s) == ADDR_NONE) {
		diag_add(ld->dl, "E110", schema_pos(map, key), "write an IPv4 "
		    "address like 192.0.2.10 or an IPv6 address like "
		    "2001:db8::10", "'%s' in %s is '%s', not an IP address",
		    key, what, s);
		return NULL;
	}
	return s;
}

static void
read_ntp(loader_t *ld, const ynode_t *map, const char *what,
    const char ***out, size_t *nout)
{
	const ynode_t *seq;
	const char *s;
	size_t i, j;

	if ((seq = schema_seq(&ld->sc, map, "ntp", what, false)) == NULL)
		return;
	*out = arena_array(ld->arena, seq->n, sizeof(**out));
	for (i = 0; i < seq->n; i++) {
		if (!schema_str_node(&ld->sc, seq->items[i], "ntp", what, &s))
			continue;
		if (parse_ip(s) == ADDR_NONE && !valid_hostname(s)) {
			diag_add(ld->dl, "E110", seq->items[i]->pos, "write the "
			    "time server's IP address or host name", "ntp "
			    "source '%s' in %s is not an address or host name",
			    s, what);
			continue;
		}
		for (j = 0; j < *nout; j++)
			if (strcmp((*out)[j], s) == 0)
				break;
		if (j < *nout) {
			diag_add(ld->dl, "E105", seq->items[i]->pos, "list each "
			    "time source once", "ntp source '%s' is listed "
			    "twice in %s", s, what);
			continue;
		}
		(*out)[(*nout)++] = s;
	}
}

/*
 * The switch reads "TenGigabitEthernet1/1/01" as TenGigabitEthernet1/1/1:
 * one port, so one spelling for every check and every rendered line.
 */
static ifname_family_t
port_family(const vendor_t *v)
{
	/* a platform speaking a known dialect spells ports as its switches do */
	switch (v->has_cli ? v->cli.dialect : VENDOR_DIALECT_NONE) {
	case VENDOR_DIALECT_IOSXE:
		return IFN_IOS;
	case VENDOR_DIALECT_NXOS:
		return IFN_NXOS;
	case VENDOR_DIALECT_EOS:
		return IFN_EOS;
	case VENDOR_DIALECT_AOSCX:
		return IFN_AOSCX;
	case VENDOR_DIALECT_NONE:
		break;
	}
	return ifname_family(v->name);
}

static const char *
canonical_port(loader_t *ld, const vendor_t *v, const char *port)
{
	strbuf_t sb = STRBUF_INIT(0);
	const char *s;

	(void)ifname_canon(port_family(v), port, strlen(port), &sb);
	s = strcmp(strbuf_str(&sb), port) == 0 ? port :
	    arena_strdup(ld->arena, strbuf_str(&sb));
	strbuf_dispose(&sb);
	return s;
}

/* The memo entry of port on vendor v, matched on first use. */
static struct port_name *
port_name(loader_t *ld, const vendor_t *v, const char *port)
{
	struct vendor_ports *vp;
	struct port_name *pn;
	size_t i, idx;

	/* by vendor, not name: a platform and a switch vendor may share one */
	for (i = 0; i < ld->nmemo_vendors; i++)
		if (ld->memo_vendors[i].vendor == v)
			break;
	if (i == ld->nmemo_vendors) {
		ld->memo_vendors = xreallocarray(ld->memo_vendors, i + 1,
		    sizeof(*ld->memo_vendors));
		ld->memo_vendors[i].vendor = v;
		memset(&ld->memo_vendors[i].names, 0,
		    sizeof(ld->memo_vendors[i].names));
		ld->nmemo_vendors++;
	}
	vp = &ld->memo_vendors[i];
	if (strmap_get(&vp->names, port, &idx))
		return &ld->memo[idx];
	ld->memo = xreallocarray(ld->memo, ld->nmemo + 1, sizeof(*ld->memo));
	pn = &ld->memo[ld->nmemo];
	pn->port_ok = vendor_port_ok(v, port);
	pn->lag_ok = vendor_lag_ok(v, port);
	pn->canonical = NULL;
	/* the name is in the inventory's arena, which outlives the memo */
	(void)strmap_add(&vp->names, port, ld->nmemo);
	return &ld->memo[ld->nmemo++];
}

/*
 * The spelling the device uses for pn, port's entry (valid until the
 * next port_name()), shared by every use of the name.
 */
static const char *
memo_canonical(loader_t *ld, const vendor_t *v, struct port_name *pn,
    const char *port)
{
	if (pn->canonical == NULL)
		pn->canonical = canonical_port(ld, v, port);
	return pn->canonical;
}

/*
 * DEVICE or DEVICE:PORT.  Splits at the first colon (device names have
 * none; Junos channelised ports like xe-0/0/0:1 do), resolves the device
 * to a switch and checks the port name against the vendor's pattern.
 */
enum { EP_DEVICE_OK = 1, EP_NEED_PORT = 2, EP_LAG_OK = 4, EP_LAG_ONLY = 8 };

static bool
parse_endpoint(loader_t *ld, const ynode_t *node, const char *key,
    const char *what, int flags, inv_endpoint_t *out)
{
	const inventory_t *inv = ld->inv;
	const inv_switch_t *sw;
	struct port_name *pn;
	const char *s, *colon, *dev;
	size_t idx;

	out->sw = INV_NONE;
	out->port = NULL;
	out->pos = node->pos;
	if (!schema_str_node(&ld->sc, node, key, what, &s))
		return false;
	colon = strchr(s, ':');
	dev = colon != NULL ? arena_strndup(ld->arena, s, (size_t)(colon - s)) :
	    s;
	if (colon == NULL && (flags & EP_NEED_PORT)) {
		diag_add(ld->dl, "E107", node->pos, "write DEVICE:PORT, e.g. "
		    "acc1:GigabitEthernet1/0/5", "'%s' in %s is '%s' and names "
		    "no port", key, what, s);
		return false;
	}
	if (!strmap_get(&inv->priv->switches, dev, &idx)) {
		if (strmap_get(&inv->priv->hypervisors, dev, NULL))
			diag_add(ld->dl, "E106", node->pos, "a hypervisor's "
			    "cabling goes in its 'uplinks' and "
			    "'capture_nics'", "'%s' in %s names hypervisor "
			    "'%s'; it must name a switch", key, what, dev);
		else
			diag_add(ld->dl, "E106", node->pos, "declare the device "
			    "under 'switches' or fix the spelling", "'%s' in "
			    "%s names unknown device '%s'", key, what, dev);
		return false;
	}
	out->sw = idx;
	if (colon == NULL)
		return true;
	out->port = colon + 1;
	sw = &inv->switches[idx];
	if (strlen(out->port) > PORT_MAX_LEN) {
		diag_add(ld->dl, "E107", node->pos, "no interface name is that "
		    "long; check the value", "'%s' in %s has a port name of "
		    "%zu characters; the limit is %d", key, what,
		    strlen(out->port), PORT_MAX_LEN);
		return false;
	}
	if (*out->port == '\0') {
		diag_add(ld->dl, "E107", node->pos, "write DEVICE:PORT",
		    "'%s' in %s has an empty port name", key, what);
		return false;
	}
	if (sw->vendor == NULL)		/* already reported at the switch */
		return true;
	pn = port_name(ld, sw->vendor, out->port);
	if ((flags & EP_LAG_ONLY) ? pn->lag_ok : (pn->port_ok ||
	    ((flags & EP_LAG_OK) && pn->lag_ok))) {
		out->port = memo_canonical(ld, sw->vendor, pn, out->port);
		return true;
	}
	if (flags & EP_LAG_ONLY)
		diag_add(ld->dl, "E111", node->pos, sw->vendor->lag_pattern ?
		    "write the port-channel's full name, as the vendor's "
		    "lag_pattern in vendors/ expects" : "this vendor has no "
		    "LAG port names", "'%s' on %s is not a LAG name of vendor "
		    "%s (pattern %s)", out->port, sw->name, sw->vendor->name,
		    sw->vendor->lag_pattern ? sw->vendor->lag_pattern : "none");
	else {
		char hint[160];

		if (pn->lag_ok)
			(void)snprintf(hint, sizeof(hint), "list the LAG's "
			    "member ports here and put %s in 'lag'",
			    out->port);
		else
			(void)snprintf(hint, sizeof(hint), "write the full "
			    "interface name, e.g. %s",
			    sw->vendor->port_example);
		diag_add(ld->dl, "E111", node->pos, hint, "'%s' on %s is not "
		    "an interface name of vendor %s", out->port, sw->name,
		    sw->vendor->name);
	}
	return false;
}

static bool
endpoint_field(loader_t *ld, const ynode_t *map, const char *key,
    const char *what, int flags, bool required, inv_endpoint_t *out)
{
	const ynode_t *v;

	out->sw = INV_NONE;
	out->port = NULL;
	v = required ? schema_need(&ld->sc, map, key, what) :
	    schema_find(map, key);
	return v != NULL && parse_endpoint(ld, v, key, what, flags, out);
}

/* ---- access ---------------------------------------------------------- */

static void
read_access(loader_t *ld, const ynode_t *map, const char *what,
    struct access_in *a)
{
	uint32_t port;
	int v;

	memset(a, 0, sizeof(*a));
	a->auth = a->transport = -1;
	(void)schema_str(&ld->sc, map, "username", what, false, &a->username);
	if (schema_enum(&ld->sc, map, "auth", what, auth_names, false, &v)) {
		a->auth = v;
		a->auth_pos = schema_pos(map, "auth");
	}
	if (schema_str(&ld->sc, map, "key_file", what, false, &a->key_file))
		a->key_file_pos = schema_pos(map, "key_file");
	if (schema_str(&ld->sc, map, "password_env", what, false,
	    &a->password_env) && !valid_env_name(a->password_env)) {
		diag_add(ld->dl, "E107", schema_pos(map, "password_env"),
		    "name the environment variable that holds the password, "
		    "e.g. SPANGEN_PASSWORD", "'password_env' in %s is '%s', "
		    "not an environment variable name", what, a->password_env);
		a->password_env = NULL;
		a->bad_password_env = true;
	}
	if (schema_enum(&ld->sc, map, "transport", what, user_transport_names,
	    false, &v)) {
		a->transport = v;
		a->transport_pos = schema_pos(map, "transport");
	}
	if (schema_u32(&ld->sc, map, "port", what, 1, 65535, false, &port))
		a->port = port;
	/* one mapping saying both: the key file would be silently unused */
	if (a->key_file != NULL && a->auth == INV_AUTH_PASSWORD)
		diag_add(ld->dl, "E107", a->key_file_pos, "remove key_file, "
		    "or use auth: key", "key_file only applies to auth: key, "
		    "and %s uses auth: password", what);
}

static void
read_mgmt(loader_t *ld, const ynode_t *map, const char *what,
    inv_access_t *acc, uint32_t *port)
{
	char host[256];
	const char *s;

	*port = 0;
	if (!schema_str(&ld->sc, map, "mgmt", what, false, &s))
		return;
	if (parse_hostport(s, host, sizeof(host), port) != 0) {
		diag_add(ld->dl, "E110", schema_pos(map, "mgmt"), "write host, "
		    "host:port or [IPv6]:port", "'mgmt' in %s is '%s', not a "
		    "host or host:port", what, s);
		return;
	}
	acc->mgmt_host = arena_strdup(ld->arena, host);
}

/*
 * Merges a device's own settings over the defaults.  An explicit transport
 * on the device must be one its vendor supports; a transport from the
 * defaults only applies where the vendor supports it, so one inventory can
 * mix CLI switches with hosts driven over ssh-exec.
 */
static void
resolve_access(loader_t *ld, const ynode_t *map, const char *what,
    const vendor_t *vendor, inv_access_t *acc)
{
	const struct access_in *d = &ld->defaults;
	struct access_in own;
	uint32_t mgmt_port;
	int transport = -1;

	read_access(ld, map, what, &own);
	read_mgmt(ld, map, what, acc, &mgmt_port);
	acc->username = own.username != NULL ? own.username : d->username;
	acc->auth = (inv_auth_t)(own.auth >= 0 ? own.auth :
	    d->auth >= 0 ? d->auth : INV_AUTH_KEY);
	acc->key_file = own.key_file != NULL ? own.key_file : d->key_file;
	acc->password_env = own.password_env != NULL ? own.password_env :
	    d->password_env;
	if (acc->auth == INV_AUTH_PASSWORD && acc->password_env == NULL &&
	    !own.bad_password_env && !d->bad_password_env)
		diag_add(ld->dl, "E104", own.auth >= 0 ? own.auth_pos :
		    d->auth >= 0 ? d->auth_pos : map->pos, "add password_env: "
		    "NAME and export the password in that variable",
		    "%s uses auth: password but no password_env", what);
	if (own.key_file != NULL && own.auth < 0 &&
	    acc->auth == INV_AUTH_PASSWORD)
		diag_add(ld->dl, "E107", own.key_file_pos, "remove key_file, "
		    "or add auth: key to it", "key_file only applies to auth: "
		    "key, and %s uses auth: password from 'defaults'", what);
	/*
	 * A device can override auth but cannot unset a key_file it
	 * inherits, so refusing that would leave no way to write one
	 * password device among key devices.
	 */
	if (own.key_file == NULL && acc->auth == INV_AUTH_PASSWORD)
		acc->key_file = NULL;
	if (mgmt_port != 0 && own.port != 0)
		diag_add(ld->dl, "E107", schema_pos(map, "port"), "give the "
		    "port once", "%s gives a port both in 'mgmt' and in "
		    "'port'", what);
	if (vendor == NULL)
		return;
	if (own.transport >= 0) {
		if (vendor->transports & (1u << own.transport))
			transport = own.transport;
		else
			diag_add(ld->dl, "E107", own.transport_pos, "use a "
			    "transport listed by 'spangen vendors'", "%s: "
			    "vendor '%s' does not support transport '%s'", what,
			    vendor->name, inv_transport_names[own.transport]);
	}
	if (transport < 0 && d->transport >= 0 &&
	    (vendor->transports & (1u << d->transport)))
		transport = d->transport;
	if (transport < 0 && vendor->ntransport_order > 0)
		transport = vendor->transport_order[0];
	acc->transport = (inv_transport_t)(transport < 0 ? INV_TR_RENDER_ONLY :
	    transport);
	acc->mgmt_port = mgmt_port != 0 ? mgmt_port : own.port != 0 ?
	    own.port : d->port != 0 ? d->port :
	    acc->transport == INV_TR_NETCONF ? 830 : 22;
}

static const vendor_t *
read_vendor(loader_t *ld, const ynode_t *map, const char *key,
    const char *what, bool required, bool vswitch_only)
{
	const vendor_t *v;
	const char *s;
	char hint[512];

	if (!schema_str(&ld->sc, map, key, what, required, &s))
		return NULL;
	if ((v = vendor_set_find(ld->vendors, s)) == NULL) {
		(void)snprintf(hint, sizeof(hint), "known: %s",
		    vendor_set_names(ld->vendors));
		diag_add(ld->dl, "E106", schema_pos(map, key), hint, "'%s' in "
		    "%s is '%s', which no descriptor in vendors/ defines", key,
		    what, s);
		return NULL;
	}
	if (vswitch_only && v->kind != VENDOR_VSWITCH) {
		diag_add(ld->dl, "E107", schema_pos(map, key), "use a virtual "
		    "switch platform: vmware-vds, vmware-vss, hyperv or ovs",
		    "platform '%s' of %s is not a virtual switch", s, what);
		return NULL;
	}
	return v;
}

/* ---- pass 1: switches and hypervisors ------------------------------- */

static void
read_switch_ports(loader_t *ld, const ynode_t *map, const char *what,
    inv_switch_t *sw)
{
	const char *entry = fmt(ld, "a port entry of %s", what);
	const ynode_t *seq, *item;
	inv_port_t *p;
	struct port_name *pn;
	size_t i, j;
	bool ok;

	if ((seq = schema_seq(&ld->sc, map, "ports", what, false)) == NULL)
		return;
	sw->ports = arena_array(ld->arena, seq->n, sizeof(*sw->ports));
	for (i = 0; i < seq->n; i++) {
		item = seq->items[i];
		p = &sw->ports[sw->nports];
		if (!schema_map(&ld->sc, item, entry, port_keys))
			continue;
		p->pos = item->pos;
		/* read both, so both problems are reported */
		ok = schema_str(&ld->sc, item, "name", entry, true, &p->name);
		ok = schema_u32(&ld->sc, item, "mbps", entry, 1, MBPS_MAX, true,
		    &p->mbps) && ok;
		if (!ok)
			continue;
		if (strlen(p->name) > PORT_MAX_LEN) {
			diag_add(ld->dl, "E107", schema_pos(item, "name"), "no "
			    "interface name is that long; check the value",
			    "'name' in %s is %zu characters long; the limit is "
			    "%d", entry, strlen(p->name), PORT_MAX_LEN);
			continue;
		}
		pn = sw->vendor != NULL ? port_name(ld, sw->vendor, p->name) :
		    NULL;
		if (pn != NULL && !pn->port_ok && !pn->lag_ok) {
			char hint[160];

			(void)snprintf(hint, sizeof(hint), "write the full "
			    "interface name, e.g. %s",
			    sw->vendor->port_example);
			diag_add(ld->dl, "E111", schema_pos(item, "name"), hint,
			    "'%s' on %s is not an interface name of vendor %s",
			    p->name, sw->name, sw->vendor->name);
			continue;
		}
		/* the spelling the endpoints use, so their speed is found */
		if (pn != NULL)
			p->name = memo_canonical(ld, sw->vendor, pn, p->name);
		for (j = 0; j < sw->nports; j++)
			if (strcmp(sw->ports[j].name, p->name) == 0)
				break;
		if (j < sw->nports) {
			diag_add(ld->dl, "E105", item->pos, "list each port "
			    "once", "port '%s' is listed twice in %s (first "
			    "at line %u)", p->name, what, sw->ports[j].pos.line);
			continue;
		}
		sw->nports++;
	}
}

/*
 * The directory holding an Open vSwitch's db.sock and control sockets, for
 * an instance that does not run at the default place.  It reaches a shell
 * on the device, so only plain absolute paths are taken.
 */
static void
read_ovs_rundir(loader_t *ld, const ynode_t *map, const char *what,
    inv_switch_t *sw)
{
	const char *dir, *c;

	if (!schema_str(&ld->sc, map, "ovs_rundir", what, false, &dir))
		return;
	if (sw->vendor != NULL && strcmp(sw->vendor->name, "ovs") != 0) {
		diag_add(ld->dl, "E107", schema_pos(map, "ovs_rundir"),
		    "remove 'ovs_rundir': it only applies to vendor ovs",
		    "%s has 'ovs_rundir' but vendor '%s'", what,
		    sw->vendor->name);
		return;
	}
	for (c = dir; *c != '\0'; c++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_./-", *c) == NULL)
			break;
	if (dir[0] != '/' || *c != '\0' || strstr(dir, "/../") != NULL ||
	    strlen(dir) > 200) {
		diag_add(ld->dl, "E112", schema_pos(map, "ovs_rundir"),
		    "write an absolute path of letters, digits and _ . / -, "
		    "at most 200 characters", "'ovs_rundir' of %s must be a "
		    "plain absolute path", what);
		return;
	}
	sw->ovs_rundir = dir;
}

/*
 * The Open vSwitch bridge the switch stands for: the name by default, so
 * two hosts that both call theirs br-int can be two switches.  It reaches
 * a shell and OVSDB, so only a plain interface name is taken.
 */
static void
read_ovs_bridge(loader_t *ld, const ynode_t *map, const char *what,
    inv_switch_t *sw)
{
	const char *br;

	if (!schema_str(&ld->sc, map, "bridge", what, false, &br))
		return;
	if (sw->vendor != NULL && strcmp(sw->vendor->name, "ovs") != 0) {
		diag_add(ld->dl, "E107", schema_pos(map, "bridge"),
		    "remove 'bridge': it only applies to vendor ovs",
		    "%s has 'bridge' but vendor '%s'", what, sw->vendor->name);
		return;
	}
	if (br[0] == '\0' || br[0] == '-' || strlen(br) > 15 ||
	    strspn(br, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_.-") != strlen(br)) {
		diag_add(ld->dl, "E112", schema_pos(map, "bridge"),
		    "write the bridge's name as `ovs-vsctl list-br` prints it: "
		    "1 to 15 letters, digits and _ . -, not starting with -",
		    "'bridge' of %s is not a bridge name", what);
		return;
	}
	sw->bridge = br;
}

static void
read_switch(loader_t *ld, const ynode_t *map, size_t index)
{
	inventory_t *inv = ld->inv;
	inv_switch_t *sw = &inv->switches[index];
	const ynode_t *in_use;
	const char *what;

	sw->pos = map->pos;
	what = label(ld, "switch", map, index);
	if (!schema_map(&ld->sc, map, what, switch_keys))
		return;
	if ((sw->name = read_name(ld, map, "name", what, true, false)) != NULL) {
		if (register_name(ld, sw->name, schema_pos(map, "name"),
		    "a switch"))
			(void)strmap_add(&inv->priv->switches, sw->name, index);
	}
	sw->vendor = read_vendor(ld, map, "vendor", what, true, false);
	resolve_access(ld, map, what, sw->vendor, &sw->access);
	sw->address = read_address(ld, map, "address", what, false);
	(void)schema_bool(&ld->sc, map, "decap", what, false, &sw->decap);
	if (sw->decap && sw->vendor != NULL &&
	    !(sw->vendor->caps & VENDOR_CAN_ERSPAN_TERMINATION))
		diag_add(ld->dl, "E116", schema_pos(map, "decap"), "choose a "
		    "device whose descriptor has can.erspan_termination: true "
		    "(see spangen vendors)", "%s cannot terminate ERSPAN: "
		    "vendor '%s' does not support it", what, sw->vendor->name);
	if (sw->decap && schema_find(map, "address") == NULL)
		diag_add(ld->dl, "E104", schema_pos(map, "decap"), "add the "
		    "local IP address that ERSPAN sources will send to",
		    "%s is a decapsulator but has no 'address'", what);
	read_ovs_rundir(ld, map, what, sw);
	read_ovs_bridge(ld, map, what, sw);
	read_switch_ports(ld, map, what, sw);
	what = fmt(ld, "'in_use' of %s", what);
	if ((in_use = schema_find(map, "in_use")) != NULL &&
	    schema_map(&ld->sc, in_use, what, in_use_keys)) {
		(void)schema_ranges(&ld->sc, in_use, "vlans", what, 1, 4094,
		    "E108", "VLAN", false, &sw->in_use_vlans);
		(void)schema_ranges(&ld->sc, in_use, "sessions", what, 0, 65535,
		    "E109", "session id", false, &sw->in_use_sessions);
	}
}

static void
read_hypervisor_name(loader_t *ld, const ynode_t *map, size_t index)
{
	inventory_t *inv = ld->inv;
	inv_hypervisor_t *hv = &inv->hypervisors[index];
	const char *what = label(ld, "hypervisor", map, index);

	hv->pos = map->pos;
	if (map->kind != YNODE_MAP)
		return;		/* reported in pass 2 */
	if ((hv->name = read_name(ld, map, "name", what, true, false)) != NULL &&
	    register_name(ld, hv->name, schema_pos(map, "name"),
	    "a hypervisor"))
		(void)strmap_add(&inv->priv->hypervisors, hv->name, index);
}

/* ---- pass 2: everything that refers to something -------------------- */

static void
read_hypervisor(loader_t *ld, const ynode_t *map, size_t index)
{
	inv_hypervisor_t *hv = &ld->inv->hypervisors[index];
	const ynode_t *seq, *item;
	inv_nic_t *nic;
	const char *what;
	size_t i, j;
	bool ok;

	what = label(ld, "hypervisor", map, index);
	if (!schema_map(&ld->sc, map, what, hypervisor_keys))
		return;
	hv->platform = read_vendor(ld, map, "platform", what, true, true);
	resolve_access(ld, map, what, hv->platform, &hv->access);
	if (schema_str(&ld->sc, map, "cluster", what, false, &hv->cluster) &&
	    !check_name_text(ld, hv->cluster, schema_pos(map, "cluster"),
	    "cluster", what, false))
		hv->cluster = NULL;
	if ((seq = schema_seq(&ld->sc, map, "uplinks", what, false)) != NULL) {
		hv->uplinks = arena_array(ld->arena, seq->n,
		    sizeof(*hv->uplinks));
		for (i = 0; i < seq->n; i++)
			if (parse_endpoint(ld, seq->items[i], "uplinks", what,
			    EP_NEED_PORT | EP_LAG_OK,
			    &hv->uplinks[hv->nuplinks])) {
				claim_port(ld, &hv->uplinks[hv->nuplinks],
				    arena_strdup(ld->arena, "an uplink"));
				hv->nuplinks++;
			}
	}
	if ((seq = schema_seq(&ld->sc, map, "capture_nics", what, false)) ==
	    NULL)
		return;
	hv->capture_nics = arena_array(ld->arena, seq->n,
	    sizeof(*hv->capture_nics));
	what = fmt(ld, "a capture_nics entry of %s", what);
	for (i = 0; i < seq->n; i++) {
		item = seq->items[i];
		nic = &hv->capture_nics[hv->ncapture_nics];
		nic->pos = item->pos;
		if (!schema_map(&ld->sc, item, what, nic_keys))
			continue;
		/* read both, so both problems are reported */
		ok = schema_str(&ld->sc, item, "name", what, true, &nic->name);
		ok = endpoint_field(ld, item, "port", what, EP_NEED_PORT, true,
		    &nic->port) && ok;
		if (!ok)
			continue;
		if (hv->platform != NULL &&
		    !port_name(ld, hv->platform, nic->name)->port_ok) {
			char hint[160];

			(void)snprintf(hint, sizeof(hint), "write the host's "
			    "NIC name, e.g. %s", hv->platform->port_example);
			diag_add(ld->dl, "E111", schema_pos(item, "name"), hint,
			    "'%s' on %s is not a NIC name of platform %s",
			    nic->name, hv->name, hv->platform->name);
			continue;
		}
		for (j = 0; j < hv->ncapture_nics; j++)
			if (strcmp(hv->capture_nics[j].name, nic->name) == 0)
				break;
		if (j < hv->ncapture_nics) {
			diag_add(ld->dl, "E105", schema_pos(item, "name"),
			    "list each NIC once", "capture NIC '%s' is listed "
			    "twice in %s", nic->name, what);
			continue;
		}
		claim_port(ld, &nic->port, arena_strdup(ld->arena,
		    "a capture NIC"));
		hv->ncapture_nics++;
	}
}

static void
read_link(loader_t *ld, const ynode_t *map, size_t index)
{
	inv_link_t *l = &ld->inv->links[index];
	const char *what = label(ld, "link", NULL, index), *use;
	int kind, flags;

	l->pos = map->pos;
	if (!schema_map(&ld->sc, map, what, link_keys))
		return;
	if (!schema_enum(&ld->sc, map, "kind", what, inv_link_kind_names, true,
	    &kind))
		kind = -1;
	l->kind = (inv_link_kind_t)(kind < 0 ? INV_LINK_TRUNK : kind);
	flags = kind == INV_LINK_TRUNK ? EP_NEED_PORT | EP_LAG_OK :
	    EP_DEVICE_OK | EP_LAG_OK;
	use = kind == INV_LINK_TRUNK ? "a trunk link end" : "a link end";
	if (endpoint_field(ld, map, "a", what, flags, true, &l->a))
		claim_port(ld, &l->a, use);
	if (endpoint_field(ld, map, "b", what, flags, true, &l->b))
		claim_port(ld, &l->b, use);
	if (l->a.sw != INV_NONE && l->a.sw == l->b.sw)
		diag_add(ld->dl, "E107", schema_pos(map, "b"), "a link joins "
		    "two different devices", "%s connects %s to itself", what,
		    ld->inv->switches[l->a.sw].name);
	if (schema_find(map, "allowed_vlans") != NULL) {
		if (kind != INV_LINK_TRUNK && kind >= 0)
			diag_add(ld->dl, "E107", schema_pos(map,
			    "allowed_vlans"), "remove it, or make the link a "
			    "trunk", "allowed_vlans only applies to trunk "
			    "links, and %s is %s", what,
			    inv_link_kind_names[kind]);
		else
			l->has_allowed = schema_ranges(&ld->sc, map,
			    "allowed_vlans", what, 1, 4094, "E108", "VLAN",
			    true, &l->allowed_vlans);
	}
	(void)schema_u32(&ld->sc, map, "mbps", what, 1, MBPS_MAX, false,
	    &l->mbps);
	if (schema_find(map, "headroom_mbps") != NULL && kind != INV_LINK_WAN &&
	    kind >= 0)
		diag_add(ld->dl, "E107", schema_pos(map, "headroom_mbps"),
		    "remove it, or make the link kind: wan", "headroom_mbps "
		    "only applies to wan links, and %s is %s", what,
		    inv_link_kind_names[kind]);
	else if (schema_u32(&ld->sc, map, "headroom_mbps", what, 0, MBPS_MAX,
	    false, &l->headroom_mbps) && l->mbps != 0 &&
	    l->headroom_mbps > l->mbps)
		diag_add(ld->dl, "E109", schema_pos(map, "headroom_mbps"),
		    "headroom is the spare part of the link's capacity",
		    "headroom_mbps %u of %s is more than its mbps %u",
		    l->headroom_mbps, what, l->mbps);
	(void)schema_u32(&ld->sc, map, "mtu", what, 576, 65535, false, &l->mtu);
}

static bool
read_vm(loader_t *ld, const ynode_t *vmnode, const char *what, bool sensor,
    inv_vm_t *vm)
{
	const inv_hypervisor_t *hv;
	const char *vmwhat = fmt(ld, "'vm' of %s", what), *hvname, *nic;
	char bad;
	size_t i;

	vm->hypervisor = vm->capture_nic = INV_NONE;
	vm->pos = vmnode->pos;
	if (!schema_map(&ld->sc, vmnode, vmwhat, sensor ? sensor_vm_keys :
	    dc_vm_keys))
		return false;
	vm->name = read_name(ld, vmnode, "name", vmwhat, true, true);
	if (!schema_str(&ld->sc, vmnode, "hypervisor", vmwhat, true, &hvname))
		return false;
	if (!strmap_get(&ld->inv->priv->hypervisors, hvname, &vm->hypervisor)) {
		diag_add(ld->dl, "E106", schema_pos(vmnode, "hypervisor"),
		    "declare it under 'hypervisors' or fix the spelling", "%s "
		    "runs on unknown hypervisor '%s'", what, hvname);
		return false;
	}
	hv = &ld->inv->hypervisors[vm->hypervisor];
	if (vm->name != NULL && hv->name != NULL) {
		char key[256];

		(void)qfmt_snprintf(key, sizeof(key), "%s/%s", hv->name,
		    vm->name);
		claim_unique(ld, &ld->vms, key, false, schema_pos(vmnode,
		    "name"), what, "VM", "each VM is one DC or one sensor");
	}
	if (vm->name != NULL && hv->platform != NULL &&
	    (bad = vendor_unsafe_char(hv->platform, vm->name)) != '\0')
		diag_add(ld->dl, "E112", schema_pos(vmnode, "name"), "rename "
		    "the VM or leave the character out", "VM name '%s' in %s "
		    "contains '%c', which %s treats as special", vm->name, what,
		    bad, hv->platform->name);
	if (!sensor || !schema_str(&ld->sc, vmnode, "capture_nic", vmwhat,
	    false, &nic))
		return vm->name != NULL;
	for (i = 0; i < hv->ncapture_nics; i++)
		if (strcmp(hv->capture_nics[i].name, nic) == 0)
			vm->capture_nic = i;
	if (vm->capture_nic == INV_NONE)
		diag_add(ld->dl, "E106", schema_pos(vmnode, "capture_nic"),
		    "list the NIC under the hypervisor's 'capture_nics'",
		    "capture_nic '%s' of %s is not a capture NIC of "
		    "hypervisor '%s'", nic, what, hv->name);
	else {
		char key[256];

		(void)qfmt_snprintf(key, sizeof(key), "%s/%s", hv->name, nic);
		claim_unique(ld, &ld->nics, key, false, schema_pos(vmnode,
		    "capture_nic"), what, "capture NIC", "a capture NIC "
		    "feeds one sensor");
	}
	return vm->name != NULL && vm->capture_nic != INV_NONE;
}

/* A DC and a sensor are each either physical or virtual, never both. */
static bool
one_of(loader_t *ld, const ynode_t *map, const char *what, const char *a,
    const char *b)
{
	bool has_a = schema_find(map, a) != NULL, has_b = schema_find(map, b) !=
	    NULL;

	if (has_a != has_b)
		return true;
	diag_add(ld->dl, "E114", has_a ? schema_pos(map, b) : map->pos,
	    has_a ? "keep one: a physical machine has a switch port, a "
	    "virtual one a 'vm'" : "add its switch port or its 'vm'",
	    "%s has %s '%s' %s '%s'; it needs exactly one", what,
	    has_a ? "both" : "neither", a, has_a ? "and" : "nor", b);
	return false;
}

static void
read_dc_ports(loader_t *ld, const ynode_t *map, const char *what,
    inv_dc_t *dc)
{
	const ynode_t *seq;
	inv_endpoint_t *ep;
	size_t i;

	if ((seq = schema_seq(&ld->sc, map, "ports", what, true)) == NULL)
		return;
	if (seq->n == 0) {
		diag_add(ld->dl, "E104", seq->pos, "list the DC's switch port, "
		    "or its LAG member ports", "'ports' of %s is empty", what);
		return;
	}
	dc->ports = arena_array(ld->arena, seq->n, sizeof(*dc->ports));
	for (i = 0; i < seq->n; i++) {
		ep = &dc->ports[dc->nports];
		if (!parse_endpoint(ld, seq->items[i], "ports", what,
		    EP_NEED_PORT, ep))
			continue;
		claim_port(ld, ep, arena_strdup(ld->arena, what));
		dc->nports++;
	}
	if (!endpoint_field(ld, map, "lag", what, EP_NEED_PORT | EP_LAG_ONLY,
	    false, &dc->lag))
		return;
	dc->has_lag = true;
	claim_port(ld, &dc->lag, arena_strdup(ld->arena, what));
	for (i = 0; i < dc->nports; i++)
		if (dc->ports[i].sw != dc->lag.sw)
			diag_add(ld->dl, "E107", dc->ports[i].pos, "a LAG's "
			    "members are on the device that holds the LAG",
			    "member port of %s is on %s but its lag is on %s",
			    what, ld->inv->switches[dc->ports[i].sw].name,
			    ld->inv->switches[dc->lag.sw].name);
}

static void
read_dc(loader_t *ld, const ynode_t *map, size_t index)
{
	inventory_t *inv = ld->inv;
	inv_dc_t *dc = &inv->dcs[index];
	const ynode_t *vm;
	const char *what = label(ld, "DC", map, index);

	dc->pos = map->pos;
	if (!schema_map(&ld->sc, map, what, dc_keys))
		return;
	if ((dc->name = read_name(ld, map, "name", what, true, false)) != NULL) {
		if (register_name(ld, dc->name, schema_pos(map, "name"), "a DC"))
			(void)strmap_add(&inv->priv->dcs, dc->name, index);
	}
	if ((dc->address = read_address(ld, map, "address", what, true)) !=
	    NULL)
		claim_unique(ld, &ld->addresses, dc->address, true,
		    schema_pos(map, "address"), what, "address", "each DC has "
		    "its own address; verify matches traffic by it");
	(void)schema_u32(&ld->sc, map, "mbps", what, 1, MBPS_MAX, false,
	    &dc->mbps);
	(void)schema_u32(&ld->sc, map, "busy_pps", what, 1, PPS_MAX, false,
	    &dc->busy_pps);
	read_ntp(ld, map, what, &dc->ntp, &dc->nntp);
	if (!one_of(ld, map, what, "ports", "vm"))
		return;
	if ((vm = schema_find(map, "vm")) != NULL) {
		dc->is_vm = true;
		(void)read_vm(ld, vm, what, false, &dc->vm);
		if (schema_find(map, "lag") != NULL)
			diag_add(ld->dl, "E107", schema_pos(map, "lag"), "a "
			    "virtual DC has no switch ports; remove 'lag'",
			    "%s is virtual but has a 'lag'", what);
	} else
		read_dc_ports(ld, map, what, dc);
}

static void
read_monitors(loader_t *ld, const ynode_t *map, const char *what,
    size_t index)
{
	inv_sensor_t *sn = &ld->inv->sensors[index];
	const ynode_t *seq;
	const char *name;
	size_t i, dc;

	if ((seq = schema_seq(&ld->sc, map, "monitors", what, false)) == NULL)
		return;
	sn->monitors = arena_array(ld->arena, seq->n, sizeof(*sn->monitors));
	for (i = 0; i < seq->n; i++) {
		if (!schema_str_node(&ld->sc, seq->items[i], "monitors", what,
		    &name))
			continue;
		if (!strmap_get(&ld->inv->priv->dcs, name, &dc)) {
			diag_add(ld->dl, "E106", seq->items[i]->pos, "name a DC "
			    "declared under 'domain_controllers'", "%s monitors "
			    "unknown DC '%s'", what, name);
			continue;
		}
		if (ld->dc_monitor[dc] == index) {
			diag_add(ld->dl, "E105", seq->items[i]->pos, "list each "
			    "DC once", "DC '%s' is listed twice in the monitors "
			    "of %s", name, what);
			continue;
		}
		if (ld->dc_monitor[dc] != INV_NONE) {
			diag_add(ld->dl, "E105", seq->items[i]->pos, "each DC "
			    "is mirrored to exactly one sensor", "DC '%s' is "
			    "already monitored by sensor '%s'", name,
			    ld->inv->sensors[ld->dc_monitor[dc]].name ?
			    ld->inv->sensors[ld->dc_monitor[dc]].name : "?");
			continue;
		}
		ld->dc_monitor[dc] = index;
		sn->monitors[sn->nmonitors++] = dc;
	}
}

static void
read_sensor(loader_t *ld, const ynode_t *map, size_t index)
{
	inventory_t *inv = ld->inv;
	inv_sensor_t *sn = &inv->sensors[index];
	const ynode_t *vm;
	const char *what = label(ld, "sensor", map, index);

	sn->pos = map->pos;
	sn->vm.capture_nic = INV_NONE;
	if (!schema_map(&ld->sc, map, what, sensor_keys))
		return;
	if ((sn->name = read_name(ld, map, "name", what, true, false)) != NULL) {
		if (register_name(ld, sn->name, schema_pos(map, "name"),
		    "a sensor"))
			(void)strmap_add(&inv->priv->sensors, sn->name, index);
	}
	(void)schema_u32(&ld->sc, map, "mbps", what, 1, MBPS_MAX, false,
	    &sn->mbps);
	(void)schema_u32(&ld->sc, map, "max_busy_pps", what, 1, PPS_MAX, false,
	    &sn->max_busy_pps);
	read_ntp(ld, map, what, &sn->ntp, &sn->nntp);
	read_monitors(ld, map, what, index);
	if (!one_of(ld, map, what, "port", "vm"))
		return;
	if ((vm = schema_find(map, "vm")) != NULL) {
		sn->is_vm = true;
		(void)read_vm(ld, vm, what, true, &sn->vm);
	} else if (endpoint_field(ld, map, "port", what, EP_NEED_PORT, true,
	    &sn->port))
		claim_port(ld, &sn->port, arena_strdup(ld->arena, what));
}

/* The object that the name under key refers to: its index, or INV_NONE. */
static size_t
read_ref(loader_t *ld, const ynode_t *map, const char *key, const char *what,
    const strmap_t *names, const char *section, const char *noun)
{
	const char *name;
	char hint[80];
	size_t index;

	if (!schema_str(&ld->sc, map, key, what, true, &name))
		return INV_NONE;
	if (!strmap_get(names, name, &index)) {
		(void)snprintf(hint, sizeof(hint), "name one declared under "
		    "'%s'", section);
		diag_add(ld->dl, "E106", schema_pos(map, key), hint, "%s names "
		    "unknown %s '%s'", what, noun, name);
		return INV_NONE;
	}
	return index;
}

/*
 * A TAP stands on a DC's cable: the DC is physical, has one TAP, and the
 * TAP's sensor is the DC's sensor.  Whether the TAP aggregates is read
 * here and judged by the planner, which refuses the DC (E207) otherwise.
 */
static void
read_tap(loader_t *ld, const ynode_t *map, size_t index)
{
	inventory_t *inv = ld->inv;
	inv_tap_t *t = &inv->taps[index];
	char what[160];

	(void)snprintf(what, sizeof(what), "taps entry #%zu", index + 1);
	t->pos = map->pos;
	t->dc = t->sensor = INV_NONE;
	if (!schema_map(&ld->sc, map, what, tap_keys))
		return;
	if ((t->name = read_name(ld, map, "name", what, true, false)) != NULL) {
		(void)snprintf(what, sizeof(what), "TAP '%s'", t->name);
		(void)register_name(ld, t->name, schema_pos(map, "name"),
		    "a TAP");
	}
	t->dc = read_ref(ld, map, "dc", what, &inv->priv->dcs,
	    "domain_controllers", "DC");
	t->sensor = read_ref(ld, map, "sensor", what, &inv->priv->sensors,
	    "sensors", "sensor");
	(void)schema_bool(&ld->sc, map, "aggregated", what, true,
	    &t->aggregated);
	if (t->dc == INV_NONE)
		return;
	if (inv->dcs[t->dc].is_vm) {
		diag_add(ld->dl, "E107", schema_pos(map, "dc"), "put the TAP "
		    "on a physical DC's link, or mirror the VM", "%s is on "
		    "DC '%s', a virtual machine, which has no cable to tap",
		    what, inv->dcs[t->dc].name);
		t->dc = INV_NONE;
		return;
	}
	if (inv->dcs[t->dc].tap != INV_NONE) {
		diag_add(ld->dl, "E105", schema_pos(map, "dc"), "give each DC "
		    "one TAP", "DC '%s' already has TAP '%s'",
		    inv->dcs[t->dc].name, inv->taps[inv->dcs[t->dc].tap].name ?
		    inv->taps[inv->dcs[t->dc].tap].name : "?");
		t->dc = INV_NONE;
		return;
	}
	if (t->sensor != INV_NONE && ld->dc_monitor[t->dc] != INV_NONE &&
	    ld->dc_monitor[t->dc] != t->sensor) {
		diag_add(ld->dl, "E105", schema_pos(map, "sensor"), "a TAP's "
		    "DC is seen by the TAP's sensor: name that sensor, or "
		    "remove the DC from the other's monitors", "%s feeds "
		    "sensor '%s', but DC '%s' is monitored by sensor '%s'",
		    what, inv->sensors[t->sensor].name, inv->dcs[t->dc].name,
		    inv->sensors[ld->dc_monitor[t->dc]].name != NULL ?
		    inv->sensors[ld->dc_monitor[t->dc]].name : "?");
		return;
	}
	inv->dcs[t->dc].tap = index;
}

static void
read_preferences(loader_t *ld, const ynode_t *map)
{
	inventory_t *inv = ld->inv;
	const ynode_t *seq;
	const char *name;
	const char *what = "'preferences'";
	size_t i, j, m;
	int strategy;

	if (!schema_map(&ld->sc, map, what, pref_keys))
		return;
	if (schema_enum(&ld->sc, map, "cluster_strategy", what, strategy_names,
	    false, &strategy))
		inv->cluster_strategy = (inv_cluster_strategy_t)strategy;
	if ((seq = schema_seq(&ld->sc, map, "methods", what, false)) == NULL)
		return;
	if (seq->n == 0)
		diag_add(ld->dl, "E107", seq->pos, "list span, rspan and/or "
		    "erspan in the order to try them", "'methods' is empty");
	inv->nmethods = 0;
	for (i = 0; i < seq->n; i++) {
		/* as every other text: a NUL or a control byte is E112 */
		if (!schema_str_node(&ld->sc, seq->items[i], "methods", what,
		    &name))
			continue;
		for (m = 0; m < INV_NMETHODS; m++)
			if (strcmp(name, inv_method_names[m]) == 0)
				break;
		if (m == INV_NMETHODS) {
			diag_add(ld->dl, "E107", seq->items[i]->pos, "use span, "
			    "rspan or erspan", "unknown method '%s' in 'methods'",
			    name);
			continue;
		}
		for (j = 0; j < inv->nmethods; j++)
			if (inv->methods[j] == (inv_method_t)m)
				break;
		if (j < inv->nmethods) {
			diag_add(ld->dl, "E105", seq->items[i]->pos, "list each "
			    "method once", "method '%s' is listed twice",
			    inv_method_names[m]);
			continue;
		}
		inv->methods[inv->nmethods++] = (inv_method_t)m;
	}
	if (inv->nmethods == 0) {
		for (m = 0; m < INV_NMETHODS; m++)
			inv->methods[m] = (inv_method_t)m;
		inv->nmethods = INV_NMETHODS;
	}
}

/* ---- top level ------------------------------------------------------- */

/* The list under key, with room for its entries allocated in the arena. */
static const ynode_t *
section(loader_t *ld, const ynode_t *root, const char *key, size_t size,
    void **arr, size_t *n)
{
	const ynode_t *seq;

	*arr = NULL;
	*n = 0;
	if ((seq = schema_seq(&ld->sc, root, key, "the inventory", false)) ==
	    NULL)
		return NULL;
	*arr = arena_array(ld->arena, seq->n, size);
	*n = seq->n;
	return seq;
}

static void
read_top(loader_t *ld, const ynode_t *root)
{
	inventory_t *inv = ld->inv;
	const ynode_t *sw, *hv, *links, *dcs, *sensors, *taps, *node;
	uint32_t version;
	size_t i;

	if (!schema_map(&ld->sc, root, "the inventory", top_keys))
		return;
	if (schema_u32(&ld->sc, root, "spangen", "the inventory", 0, UINT32_MAX,
	    true, &version) && version != 1)
		diag_add(ld->dl, "E115", schema_pos(root, "spangen"), "this "
		    "spangen reads inventory format 1", "inventory format "
		    "version %u is not supported", version);
	inv->name = read_name(ld, root, "name", "the inventory", false, false);
	if ((node = schema_find(root, "defaults")) != NULL &&
	    schema_map(&ld->sc, node, "'defaults'", defaults_keys))
		read_access(ld, node, "'defaults'", &ld->defaults);
	if ((node = schema_find(root, "pools")) != NULL &&
	    schema_map(&ld->sc, node, "'pools'", pools_keys)) {
		(void)schema_ranges(&ld->sc, node, "rspan_vlans", "'pools'", 1,
		    4094, "E108", "VLAN", false, &inv->rspan_vlans);
		(void)schema_ranges(&ld->sc, node, "erspan_ids", "'pools'", 0,
		    1023, "E109", "ERSPAN id", false, &inv->erspan_ids);
	}

	sw = section(ld, root, "switches", sizeof(inv_switch_t),
	    (void **)&inv->switches, &inv->nswitches);
	hv = section(ld, root, "hypervisors", sizeof(inv_hypervisor_t),
	    (void **)&inv->hypervisors, &inv->nhypervisors);
	links = section(ld, root, "links", sizeof(inv_link_t),
	    (void **)&inv->links, &inv->nlinks);
	dcs = section(ld, root, "domain_controllers", sizeof(inv_dc_t),
	    (void **)&inv->dcs, &inv->ndcs);
	sensors = section(ld, root, "sensors", sizeof(inv_sensor_t),
	    (void **)&inv->sensors, &inv->nsensors);
	taps = section(ld, root, "taps", sizeof(inv_tap_t),
	    (void **)&inv->taps, &inv->ntaps);

	for (i = 0; i < inv->nswitches; i++)
		read_switch(ld, sw->items[i], i);
	for (i = 0; i < inv->nhypervisors; i++)
		read_hypervisor_name(ld, hv->items[i], i);
	for (i = 0; i < inv->nhypervisors; i++)
		read_hypervisor(ld, hv->items[i], i);
	for (i = 0; i < inv->nlinks; i++)
		read_link(ld, links->items[i], i);
	for (i = 0; i < inv->ndcs; i++)
		read_dc(ld, dcs->items[i], i);
	ld->dc_monitor = xreallocarray(NULL, inv->ndcs, sizeof(size_t));
	for (i = 0; i < inv->ndcs; i++)
		ld->dc_monitor[i] = INV_NONE;
	for (i = 0; i < inv->nsensors; i++)
		read_sensor(ld, sensors->items[i], i);
	for (i = 0; i < inv->ndcs; i++)
		inv->dcs[i].tap = INV_NONE;
	for (i = 0; i < inv->ntaps; i++)
		read_tap(ld, taps->items[i], i);
	if ((node = schema_find(root, "preferences")) != NULL)
		read_preferences(ld, node);
}

static inventory_t *
inventory_new(const char *path)
{
	inventory_t *inv;
	size_t m;

	inv = xcalloc(1, sizeof(*inv));
	inv->priv = xcalloc(1, sizeof(*inv->priv));
	arena_init(&inv->priv->arena);
	inv->path = arena_strdup(&inv->priv->arena, path);
	for (m = 0; m < INV_NMETHODS; m++)
		inv->methods[m] = (inv_method_t)m;
	inv->nmethods = INV_NMETHODS;
	inv->cluster_strategy = INV_CLUSTER_AFFINITY;
	return inv;
}

/* Fills inv from doc; positions point at inv->path, which inv owns. */
static int
load_doc(inventory_t **out, inventory_t *inv, const ydoc_t *doc,
    const vendor_set_t *vendors, diag_list_t *dl)
{
	size_t errors_before = diag_errors(dl), i;
	loader_t ld;

	*out = NULL;
	memset(&ld, 0, sizeof(ld));
	ld.dl = dl;
	ld.inv = inv;
	ld.arena = &inv->priv->arena;
	ld.sc.dl = dl;
	ld.sc.arena = ld.arena;
	ld.vendors = vendors;
	ld.defaults.auth = ld.defaults.transport = -1;
	if (doc->root == NULL)
		diag_add(dl, "E104", (srcpos_t){ inv->path, 1, 1 }, "start "
		    "from an example in inventories/", "the inventory is "
		    "empty");
	else
		read_top(&ld, doc->root);
	strmap_dispose(&ld.names);
	strmap_dispose(&ld.ports);
	strmap_dispose(&ld.addresses);
	strmap_dispose(&ld.vms);
	strmap_dispose(&ld.nics);
	for (i = 0; i < ld.nmemo_vendors; i++)
		strmap_dispose(&ld.memo_vendors[i].names);
	free(ld.memo_vendors);
	free(ld.memo);
	free(ld.owners);
	free(ld.dc_monitor);
	if (diag_errors(dl) > errors_before) {
		inventory_free(inv);
		return SG_EINVAL;
	}
	/* success */
	*out = inv;
	return 0;
}

int
inventory_parse(inventory_t **out, const char *path, const char *text,
    size_t len, const vendor_set_t *vendors, diag_list_t *dl)
{
	inventory_t *inv = inventory_new(path);
	ydoc_t *doc = NULL;
	int rc;

	*out = NULL;
	if ((rc = ydoc_parse(&doc, inv->path, text, len, dl)) != 0) {
		inventory_free(inv);
		return rc;
	}
	rc = load_doc(out, inv, doc, vendors, dl);
	ydoc_free(doc);
	return rc;
}

int
inventory_load(inventory_t **out, const char *path,
    const vendor_set_t *vendors, diag_list_t *dl, sg_err_t *err)
{
	inventory_t *inv = inventory_new(path);
	ydoc_t *doc = NULL;
	int rc;

	*out = NULL;
	if ((rc = ydoc_load(&doc, inv->path, dl, err)) != 0) {
		inventory_free(inv);
		return rc;
	}
	rc = load_doc(out, inv, doc, vendors, dl);
	ydoc_free(doc);
	return rc;
}

void
inventory_free(inventory_t *inv)
{
	if (inv == NULL)
		return;
	strmap_dispose(&inv->priv->switches);
	strmap_dispose(&inv->priv->hypervisors);
	strmap_dispose(&inv->priv->dcs);
	strmap_dispose(&inv->priv->sensors);
	arena_dispose(&inv->priv->arena);
	free(inv->priv);
	free(inv);
}

size_t
inventory_find_switch(const inventory_t *inv, const char *name)
{
	size_t i;

	return strmap_get(&inv->priv->switches, name, &i) ? i : INV_NONE;
}

size_t
inventory_ndevices(const inventory_t *inv)
{
	return inv->nswitches + inv->nhypervisors;
}

size_t
inventory_hypervisor_device(const inventory_t *inv, size_t hypervisor)
{
	return inv->nswitches + hypervisor;
}

const char *
inventory_device_name(const inventory_t *inv, size_t dev)
{
	return dev < inv->nswitches ? inv->switches[dev].name :
	    inv->hypervisors[dev - inv->nswitches].name;
}

const vendor_t *
inventory_device_vendor(const inventory_t *inv, size_t dev)
{
	return dev < inv->nswitches ? inv->switches[dev].vendor :
	    inv->hypervisors[dev - inv->nswitches].platform;
}

const inv_access_t *
inventory_device_access(const inventory_t *inv, size_t dev)
{
	return dev < inv->nswitches ? &inv->switches[dev].access :
	    &inv->hypervisors[dev - inv->nswitches].access;
}

size_t
inventory_find_device(const inventory_t *inv, const char *name)
{
	size_t i;

	for (i = 0; i < inventory_ndevices(inv); i++)
		if (strcmp(inventory_device_name(inv, i), name) == 0)
			return i;
	return INV_NONE;
}

uint32_t
inventory_port_mbps(const inventory_t *inv, size_t sw, const char *port)
{
	const inv_switch_t *s = &inv->switches[sw];
	size_t i;

	for (i = 0; i < s->nports; i++)
		if (strcmp(s->ports[i].name, port) == 0)
			return s->ports[i].mbps;
	return vendor_port_mbps(s->vendor, port);
}
