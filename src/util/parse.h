/*
 * parse: strict parsers for the small values inventories and descriptors
 * carry: numbers, ranges, addresses, host names.  They accept exactly the
 * documented forms (no signs, no spaces, no hex) and never touch errno.
 */
#ifndef SG_PARSE_H
#define SG_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decimal digits only, value <= max.  0, or SG_EINVAL. */
int	parse_u32(const char *s, uint32_t max, uint32_t *out);
/* "N" or "LOW-HIGH" with LOW <= HIGH <= max.  0, or SG_EINVAL. */
int	parse_range(const char *s, uint32_t max, uint32_t *lo, uint32_t *hi);

enum { ADDR_NONE = 0, ADDR_IPV4 = 4, ADDR_IPV6 = 6 };
/* ADDR_IPV4, ADDR_IPV6, or ADDR_NONE when s is neither. */
int	parse_ip(const char *s);
/*
 * The canonical text of an IP address (so 2001:DB8::0:1 and 2001:db8::1
 * compare equal), written into out.  0, or SG_EINVAL.
 */
int	ip_canonical(const char *s, char *out, size_t outlen);
/* A DNS host name: dot-separated labels of letters, digits and '-'. */
bool	valid_hostname(const char *s);
/*
 * "host", "host:port", "[ipv6]:port" or a bare IPv6 address.  Writes the
 * host (without brackets) into host (hostlen bytes) and the port, or 0 when
 * none was given.  0, or SG_EINVAL.
 */
int	parse_hostport(const char *s, char *host, size_t hostlen,
	    uint32_t *port);
/* A POSIX environment variable name: [A-Za-z_][A-Za-z0-9_]*. */
bool	valid_env_name(const char *s);

#endif
