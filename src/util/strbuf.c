/* strbuf: see strbuf.h.  Invariant: ptr == NULL or ptr[len] == '\0'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sg_err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

void
strbuf_init(strbuf_t *sb, size_t max)
{
	sb->ptr = NULL;
	sb->len = sb->cap = 0;
	sb->max = max;
	sb->error = 0;
}

void
strbuf_dispose(strbuf_t *sb)
{
	if (sb == NULL)
		return;
	free(sb->ptr);
	strbuf_init(sb, sb->max);
}

static int
strbuf_grow(strbuf_t *sb, size_t extra)
{
	size_t want, cap;

	if (sb->error != 0)
		return -1;
	if (extra > (size_t)-1 / 2 - sb->len ||
	    (sb->max != 0 && sb->len + extra > sb->max)) {
		sb->error = SG_ETOOBIG;
		return -1;
	}
	want = sb->len + extra + 1;
	if (want <= sb->cap)
		return 0;
	cap = sb->cap < 64 ? 64 : sb->cap;
	while (cap < want)
		cap *= 2;
	sb->ptr = xreallocarray(sb->ptr, cap, 1);
	sb->cap = cap;
	return 0;
}

void
strbuf_add(strbuf_t *sb, const void *data, size_t len)
{
	if (strbuf_grow(sb, len) != 0)
		return;
	memcpy(sb->ptr + sb->len, data, len);
	sb->len += len;
	sb->ptr[sb->len] = '\0';
}

void
strbuf_adds(strbuf_t *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addc(strbuf_t *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void
strbuf_vaddf(strbuf_t *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (sb->error != 0)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || strbuf_grow(sb, (size_t)n) != 0) {
		sb->error = SG_ETOOBIG;
		return;
	}
	(void)vsnprintf(sb->ptr + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_addf(strbuf_t *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_reset(strbuf_t *sb)
{
	sb->len = 0;
	sb->error = 0;
	if (sb->ptr != NULL)
		sb->ptr[0] = '\0';
}

int
strbuf_error(const strbuf_t *sb)
{
	return sb->error;
}

const char *
strbuf_str(const strbuf_t *sb)
{
	return sb->ptr != NULL ? sb->ptr : "";
}

char *
strbuf_detach(strbuf_t *sb, size_t *lenp)
{
	char *p;

	p = sb->ptr != NULL ? sb->ptr : xstrdup("");
	if (lenp != NULL)
		*lenp = sb->len;
	strbuf_init(sb, sb->max);
	return p;
}

void
strbuf_add_xml(strbuf_t *sb, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			strbuf_adds(sb, "&amp;");
			break;
		case '<':
			strbuf_adds(sb, "&lt;");
			break;
		case '>':
			strbuf_adds(sb, "&gt;");
			break;
		case '"':
			strbuf_adds(sb, "&quot;");
			break;
		case '\'':
			strbuf_adds(sb, "&apos;");
			break;
		default:
			strbuf_addc(sb, *s);
		}
}
