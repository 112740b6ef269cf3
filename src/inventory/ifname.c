/*
 * ifname: see ifname.h.  Each family lists its port types by full name
 * with the short forms its devices print; any other unambiguous prefix of
 * a full name is read the way the switch's parser reads it ("Giga",
 * "TenGig").
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "inventory/ifname.h"

struct iftype {
	const char	*full;
	const char	*shorts[3];	/* forms a prefix match would not find */
};

static const struct iftype ios_types[] = {
	{ "GigabitEthernet", { "Gi", NULL } },
	{ "TwoGigabitEthernet", { "Tw", NULL } },
	{ "FiveGigabitEthernet", { "Fi", NULL } },
	{ "TenGigabitEthernet", { "Te", NULL } },
	{ "TwentyFiveGigE", { "Twe", NULL } },
	{ "FortyGigabitEthernet", { "Fo", NULL } },
	{ "HundredGigE", { "Hu", NULL } },
	{ "TwoHundredGigE", { "TwoH", NULL } },
	{ "FourHundredGigE", { "FourH", NULL } },
	{ "AppGigabitEthernet", { "Ap", NULL } },
	{ "FastEthernet", { "Fa", NULL } },
	{ "Ethernet", { "Et", "Eth", NULL } },
	{ "Port-channel", { "Po", NULL } },
	{ "Vlan", { "Vl", NULL } },
	{ "Loopback", { "Lo", NULL } },
	{ "Tunnel", { "Tu", NULL } },
	{ NULL, { NULL } }
};

static const struct iftype nxos_types[] = {
	{ "Ethernet", { "Eth", "E", NULL } },
	{ "port-channel", { "Po", NULL } },
	{ "loopback", { "lo", NULL } },
	{ "Vlan", { "Vl", NULL } },
	{ "mgmt", { NULL } },
	{ "Tunnel", { NULL } },
	{ NULL, { NULL } }
};

static const struct iftype eos_types[] = {
	{ "Ethernet", { "Et", "Eth", NULL } },
	{ "Port-Channel", { "Po", NULL } },
	{ "Management", { "Ma", NULL } },
	{ "Loopback", { "Lo", NULL } },
	{ "Vlan", { "Vl", NULL } },
	{ "Vxlan", { "Vx", NULL } },
	{ "Tunnel", { "Tu", NULL } },
	{ NULL, { NULL } }
};

static const struct iftype aoscx_types[] = {
	{ "lag", { NULL } },
	{ "vlan", { NULL } },
	{ "loopback", { NULL } },
	{ "mgmt", { NULL } },
	{ NULL, { NULL } }
};

static const struct iftype junos_types[] = {
	{ "ge", { NULL } }, { "xe", { NULL } }, { "et", { NULL } },
	{ "mge", { NULL } }, { "ae", { NULL } }, { "fe", { NULL } },
	{ "em", { NULL } }, { "fxp", { NULL } }, { "irb", { NULL } },
	{ "lo", { NULL } }, { "vme", { NULL } },
	{ NULL, { NULL } }
};

static const struct {
	const char		*vendor;
	ifname_family_t		 family;
} vendor_families[] = {
	{ "cisco-iosxe", IFN_IOS },
	{ "cisco-nxos", IFN_NXOS },
	{ "arista-eos", IFN_EOS },
	{ "aruba-aoscx", IFN_AOSCX },
	{ "juniper-junos", IFN_JUNOS },
};

ifname_family_t
ifname_family(const char *vendor_name)
{
	size_t i;

	for (i = 0; i < sizeof(vendor_families) / sizeof(vendor_families[0]);
	    i++)
		if (strcmp(vendor_name, vendor_families[i].vendor) == 0)
			return vendor_families[i].family;
	return IFN_OTHER;
}

static const struct iftype *
types_of(ifname_family_t f)
{
	switch (f) {
	case IFN_IOS:
		return ios_types;
	case IFN_NXOS:
		return nxos_types;
	case IFN_EOS:
		return eos_types;
	case IFN_AOSCX:
		return aoscx_types;
	case IFN_JUNOS:
		return junos_types;
	case IFN_OTHER:
		break;
	}
	return NULL;
}

/* The full type name that s (len bytes, any case) stands for, or NULL. */
static const char *
type_find(const struct iftype *types, const char *s, size_t len)
{
	const char *found = NULL;
	size_t i, j;

	for (i = 0; types[i].full != NULL; i++) {
		if (strlen(types[i].full) == len &&
		    strncasecmp(types[i].full, s, len) == 0)
			return types[i].full;
		for (j = 0; types[i].shorts[j] != NULL; j++)
			if (strlen(types[i].shorts[j]) == len &&
			    strncasecmp(types[i].shorts[j], s, len) == 0)
				return types[i].full;
	}
	/* a longer abbreviation, as the CLI takes it: only when unambiguous */
	for (i = 0; types[i].full != NULL && len >= 2; i++)
		if (strlen(types[i].full) > len &&
		    strncasecmp(types[i].full, s, len) == 0) {
			if (found != NULL)
				return NULL;
			found = types[i].full;
		}
	return found;
}

/*
 * Appends the numbers part (digits and the separators / . : -) with each
 * run of digits written without leading zeros.
 */
static void
add_numbers(strbuf_t *out, const char *s, size_t len)
{
	size_t i = 0, j;

	while (i < len) {
		if (!isdigit((unsigned char)s[i])) {
			strbuf_addc(out, s[i++]);
			continue;
		}
		for (j = i; j + 1 < len && s[j] == '0' &&
		    isdigit((unsigned char)s[j + 1]); j++)
			continue;
		for (i = j; i < len && isdigit((unsigned char)s[i]); i++)
			strbuf_addc(out, s[i]);
	}
}

static bool
numbers_only(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || !isdigit((unsigned char)s[len - 1]))
		return false;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && strchr("/.:-", s[i]) ==
		    NULL)
			return false;
	return true;
}

bool
ifname_canon(ifname_family_t f, const char *name, size_t len, strbuf_t *out)
{
	const struct iftype *types = types_of(f);
	const char *type;
	size_t tlen = 0, at;

	if (types == NULL) {
		strbuf_add(out, name, len);
		return false;
	}
	/* the type: letters, and hyphens inside it ("Port-channel") */
	while (tlen < len && (isalpha((unsigned char)name[tlen]) ||
	    (name[tlen] == '-' && tlen > 0 && tlen + 1 < len &&
	    isalpha((unsigned char)name[tlen + 1]))))
		tlen++;
	for (at = tlen; at < len && name[at] == ' '; at++)
		continue;
	/* Junos writes ge-0/0/1: the hyphen belongs to the numbers */
	if (!numbers_only(name + at, len - at)) {
		strbuf_add(out, name, len);
		return false;
	}
	if (tlen == 0) {
		/* AOS-CX ports are bare numbers: member/slot/port */
		add_numbers(out, name + at, len - at);
		return f == IFN_AOSCX;
	}
	if ((type = type_find(types, name, tlen)) == NULL) {
		strbuf_add(out, name, tlen);
		add_numbers(out, name + at, len - at);
		return false;
	}
	strbuf_adds(out, type);
	add_numbers(out, name + at, len - at);
	return true;
}
