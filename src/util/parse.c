/* parse: see parse.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "util/parse.h"
#include "util/sg_err.h"

int
parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return SG_EINVAL;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return SG_EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return SG_EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

int
parse_range(const char *s, uint32_t max, uint32_t *lo, uint32_t *hi)
{
	const char *dash;
	char buf[16];
	size_t n;

	if ((dash = strchr(s, '-')) == NULL) {
		if (parse_u32(s, max, lo) != 0)
			return SG_EINVAL;
		*hi = *lo;
		return 0;
	}
	if ((n = (size_t)(dash - s)) == 0 || n >= sizeof(buf))
		return SG_EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_u32(buf, max, lo) != 0 || parse_u32(dash + 1, max, hi) != 0)
		return SG_EINVAL;
	return *lo <= *hi ? 0 : SG_EINVAL;
}

int
parse_ip(const char *s)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, s, buf) == 1)
		return ADDR_IPV4;
	if (inet_pton(AF_INET6, s, buf) == 1)
		return ADDR_IPV6;
	return ADDR_NONE;
}

int
ip_canonical(const char *s, char *out, size_t outlen)
{
	unsigned char buf[16];
	int af;

	if (inet_pton(AF_INET, s, buf) == 1)
		af = AF_INET;
	else if (inet_pton(AF_INET6, s, buf) == 1)
		af = AF_INET6;
	else
		return SG_EINVAL;
	return inet_ntop(af, buf, out, (socklen_t)outlen) != NULL ? 0 :
	    SG_EINVAL;
}

bool
valid_hostname(const char *s)
{
	size_t label = 0, total = 0;
	char prev = '.';

	for (; *s != '\0'; s++, total++) {
		if (*s == '.') {
			if (label == 0 || prev == '-')
				return false;
			label = 0;
		} else if (isalnum((unsigned char)*s) || *s == '-') {
			if (label == 0 && *s == '-')
				return false;
			if (++label > 63)
				return false;
		} else
			return false;
		prev = *s;
	}
	if (total == 0 || total > 253 || prev == '-' || prev == '.')
		return false;
	/* an all-digit last label is a mistyped address, not a name */
	return strspn(s - label, "0123456789") != label;
}

static int
copy_host(char *host, size_t hostlen, const char *s, size_t n)
{
	if (n == 0 || n >= hostlen)
		return SG_EINVAL;
	memcpy(host, s, n);
	host[n] = '\0';
	return 0;
}

int
parse_hostport(const char *s, char *host, size_t hostlen, uint32_t *port)
{
	const char *colon, *close;

	*port = 0;
	if (*s == '[') {
		if ((close = strchr(s, ']')) == NULL ||
		    copy_host(host, hostlen, s + 1, (size_t)(close - s - 1)) != 0 ||
		    parse_ip(host) != ADDR_IPV6)
			return SG_EINVAL;
		if (close[1] == '\0')
			return 0;
		if (close[1] != ':' || parse_u32(close + 2, 65535, port) != 0 ||
		    *port == 0)
			return SG_EINVAL;
		return 0;
	}
	colon = strchr(s, ':');
	if (colon != NULL && strchr(colon + 1, ':') != NULL) {
		/* two colons: a bare IPv6 address, which cannot carry a port */
		if (copy_host(host, hostlen, s, strlen(s)) != 0)
			return SG_EINVAL;
		return parse_ip(host) == ADDR_IPV6 ? 0 : SG_EINVAL;
	}
	if (copy_host(host, hostlen, s,
	    colon != NULL ? (size_t)(colon - s) : strlen(s)) != 0)
		return SG_EINVAL;
	if (parse_ip(host) != ADDR_IPV4 && !valid_hostname(host))
		return SG_EINVAL;
	if (colon != NULL &&
	    (parse_u32(colon + 1, 65535, port) != 0 || *port == 0))
		return SG_EINVAL;
	return 0;
}

bool
valid_env_name(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (s++; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}
