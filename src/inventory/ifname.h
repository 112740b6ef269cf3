/*
 * ifname: one spelling per switch port.  Switches accept a port under
 * several names and print it under one of their own: IOS XE takes
 * "Gi1/0/1", "gig1/0/1", "GigabitEthernet1/0/01" and "GigabitEthernet
 * 1/0/1" for one port and prints "Gi1/0/1" in monitor lines but
 * "GigabitEthernet1/0/1" in interface headers.  Inventory checks and the
 * push read-back compare the canonical form: the platform's full type
 * name in its own capitals, no blank before the number, and numbers
 * without leading zeros.
 */
#ifndef SG_IFNAME_H
#define SG_IFNAME_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

typedef enum {
	IFN_OTHER,		/* names are compared as written */
	IFN_IOS,		/* Cisco IOS XE */
	IFN_NXOS,		/* Cisco NX-OS */
	IFN_EOS,		/* Arista EOS */
	IFN_AOSCX,		/* HPE Aruba AOS-CX */
	IFN_JUNOS		/* Juniper Junos */
} ifname_family_t;

/* The naming family of a vendor descriptor's name ("cisco-iosxe", ...). */
ifname_family_t	ifname_family(const char *vendor_name);

/*
 * Appends the canonical spelling of the port name (len bytes) to out:
 * "Gi1/0/01" -> "GigabitEthernet1/0/1", "eth1/5" -> "Ethernet1/5" on
 * NX-OS, "Po5" -> "Port-channel5" (IOS XE), "Port-Channel5" (EOS),
 * "port-channel5" (NX-OS), "lag 7" -> "lag7" (AOS-CX), "ge-0/0/05" ->
 * "ge-0/0/5".  A name whose type the family does not know, or that is not
 * a type followed by numbers, is appended with only its leading zeros
 * dropped from numbers that follow a '/', '-', ':' or '.'.  Returns
 * whether the type was recognised.
 */
bool	ifname_canon(ifname_family_t f, const char *name, size_t len,
	    strbuf_t *out);

#endif
