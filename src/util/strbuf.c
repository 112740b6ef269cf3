/* strbuf: see strbuf.h.  Invariant: ptr == NULL or ptr[len] == '\0'. */
#include <stdbool.h>
#include <stdint.h>
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
	/* an empty buffer's ptr may be NULL, and memcpy must not see it */
	if (len > 0)
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
	/* the JSON and config writers append byte by byte: skip the checks */
	if (sb->error == 0 && sb->len + 2 <= sb->cap &&
	    (sb->max == 0 || sb->len + 1 <= sb->max)) {
		sb->ptr[sb->len++] = c;
		sb->ptr[sb->len] = '\0';
		return;
	}
	strbuf_add(sb, &c, 1);
}

void
strbuf_vaddf(strbuf_t *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (sb->error != 0)
		return;
	/* one pass when the text fits the room already there */
	va_copy(cp, ap);
	n = sb->ptr != NULL ? vsnprintf(sb->ptr + sb->len, sb->cap - sb->len,
	    fmt, cp) : vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n >= 0 && sb->ptr != NULL && (size_t)n < sb->cap - sb->len &&
	    (sb->max == 0 || sb->len + (size_t)n <= sb->max)) {
		sb->len += (size_t)n;
		return;
	}
	if (sb->ptr != NULL)
		sb->ptr[sb->len] = '\0';
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

bool
strbuf_equal(const strbuf_t *a, const strbuf_t *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->ptr, b->ptr, a->len) == 0);
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
strbuf_truncate(strbuf_t *sb, size_t len)
{
	if (len >= sb->len)
		return;
	sb->len = len;
	sb->ptr[len] = '\0';
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

/*
 * Code points that change how text around them displays, vanish, or pass
 * for a plain space (a no-break space in a name would be refused with a
 * message that seems to quote an ordinary blank).
 */
static bool
hides_or_reorders(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xa0 || cp == 0xad ||
	    cp == 0x61c || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x202f || cp == 0x205f || cp == 0x3000 ||
	    cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
	    (cp >= 0xe0000 && cp <= 0xe007f);
}

/*
 * Length of the well-formed UTF-8 sequence at p (1 to 4, within avail
 * bytes) and its code point, or 0 when the bytes are not one (overlong,
 * surrogate, cut short).
 */
static size_t
utf8_decode(const unsigned char *p, size_t avail, uint32_t *cpp)
{
	size_t n, i;
	uint32_t cp, min;

	if (p[0] < 0x80) {
		*cpp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0)
		n = 2, cp = p[0] & 0x1f, min = 0x80;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3, cp = p[0] & 0x0f, min = 0x800;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*cpp = cp;
	return n;
}

static void
add_display(strbuf_t *sb, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	uint32_t cp;
	size_t n;

	while (p < end) {
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f) {
			strbuf_addf(sb, "\\x%02x", *p);
			p++;
		} else if (hides_or_reorders(cp)) {
			strbuf_addf(sb, "\\u{%04X}", (unsigned)cp);
			p += n;
		} else {
			strbuf_add(sb, p, n);
			p += n;
		}
	}
}

void
strbuf_add_display(strbuf_t *sb, const char *s)
{
	add_display(sb, (const unsigned char *)s, strlen(s));
}

void
strbuf_add_display_lines(strbuf_t *sb, const char *s, size_t len)
{
	const char *nl, *end = s + len;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		add_display(sb, (const unsigned char *)s,
		    (size_t)((nl != NULL ? nl : end) - s));
		if (nl == NULL)
			break;
		strbuf_addc(sb, '\n');
		s = nl + 1;
	}
}
