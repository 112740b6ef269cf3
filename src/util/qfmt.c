/*
 * qfmt: see qfmt.h.  The format is checked first, so nothing is consumed
 * from ap before a fallback to vsnprintf.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "util/qfmt.h"

enum width { W_INT, W_LONG, W_LLONG, W_SIZE };

/* Whether every directive in fmt is one qfmt formats itself. */
static bool
simple(const char *fmt)
{
	const char *p;

	for (p = strchr(fmt, '%'); p != NULL; p = strchr(p, '%')) {
		p++;
		if (*p == '%' || *p == 's' || *p == 'c') {
			p++;
			continue;
		}
		if (*p == 'z')
			p++;
		else if (*p == 'l' && *++p == 'l')
			p++;
		if (*p != 'd' && *p != 'u')
			return false;
		p++;
	}
	return true;
}

struct out {
	char	*buf;
	size_t	 size;
	size_t	 len;		/* as if buf had no end */
};

static void
put(struct out *o, const char *s, size_t n)
{
	size_t room;

	if (o->len < o->size) {
		room = o->size - 1 - o->len;
		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

static void
put_unsigned(struct out *o, unsigned long long v, bool negative)
{
	char digits[24], *d = digits + sizeof(digits);

	do
		*--d = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (negative)
		*--d = '-';
	put(o, d, (size_t)(digits + sizeof(digits) - d));
}

static void
put_signed(struct out *o, long long v)
{
	/* the magnitude of LLONG_MIN does not fit a long long */
	if (v < 0)
		put_unsigned(o, (unsigned long long)-(v + 1) + 1, true);
	else
		put_unsigned(o, (unsigned long long)v, false);
}

static void
directive(struct out *o, const char **pp, va_list *ap)
{
	const char *p = *pp, *s;
	enum width w = W_INT;
	char c;

	if (*p == 'z') {
		w = W_SIZE;
		p++;
	} else if (*p == 'l') {
		w = *++p == 'l' ? W_LLONG : W_LONG;
		if (w == W_LLONG)
			p++;
	}
	switch (*p) {
	case '%':
		put(o, "%", 1);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		put(o, &c, 1);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "(null)";	/* what glibc prints */
		put(o, s, strlen(s));
		break;
	case 'd':
		put_signed(o, w == W_INT ? va_arg(*ap, int) : w == W_LONG ?
		    va_arg(*ap, long) : w == W_LLONG ? va_arg(*ap, long long) :
		    (long long)va_arg(*ap, ssize_t));
		break;
	default:	/* 'u' */
		put_unsigned(o, w == W_INT ? va_arg(*ap, unsigned int) :
		    w == W_LONG ? va_arg(*ap, unsigned long) : w == W_LLONG ?
		    va_arg(*ap, unsigned long long) : va_arg(*ap, size_t),
		    false);
	}
	*pp = p + 1;
}

int
qfmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	const char *p = fmt, *pct;
	va_list cp;

	if (!simple(fmt))
		return vsnprintf(buf, size, fmt, ap);
	va_copy(cp, ap);
	while ((pct = strchr(p, '%')) != NULL) {
		put(&o, p, (size_t)(pct - p));
		p = pct + 1;
		directive(&o, &p, &cp);
	}
	put(&o, p, strlen(p));
	va_end(cp);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? -1 : (int)o.len;
}

int
qfmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = qfmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
