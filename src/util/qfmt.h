#ifndef SG_QFMT_H
#define SG_QFMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * qfmt: vsnprintf for the formats spangen builds by the hundred thousand
 * on a large inventory (lookup keys, object labels, "interface %s").
 * glibc's printf spends about a thousand instructions on such a call;
 * these take about a third of that.  %s, %c, %d, %u, %zu, %lu, %llu (with
 * the l, ll and z forms of d too) and %% are formatted here; a format
 * with anything else (a width, a precision, a flag, %x, %p...) goes to
 * vsnprintf whole.  The result and the return value are vsnprintf's.
 */
int	qfmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	    __attribute__((format(printf, 3, 0)));
int	qfmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
