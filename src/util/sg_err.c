/* sg_err: see sg_err.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/sg_err.h"
#include "util/strbuf.h"

/*
 * Where to cut the displayable text s (len bytes) to fit max bytes: never
 * inside a UTF-8 character or inside one of the escapes strbuf_add_display
 * writes, so the message stays valid UTF-8 and no escape is left half.
 */
static size_t
display_cut(const char *s, size_t len, size_t max)
{
	size_t cut, p;

	if (len <= max)
		return len;
	cut = max;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	/* an escape is at most 9 bytes ("\u{E007F}"); does one span the cut? */
	for (p = cut; p > 0 && cut - p < 9; p--)
		if (s[p - 1] == '\\') {
			const char *end = s[p] == 'x' ? s + p + 2 :
			    s[p] == 'u' ? memchr(s + p, '}', len - p) : NULL;

			if (end != NULL && (size_t)(end - s) >= cut)
				cut = p - 1;
			break;
		}
	return cut;
}

int
sg_err_set(sg_err_t *err, int code, const char *fmt, ...)
{
	va_list ap;
	strbuf_t raw = STRBUF_INIT(0), shown = STRBUF_INIT(0);

	if (err == NULL || err->code != 0)
		return code;
	err->code = code;
	/* messages quote device replies and user values; every one of them
	 * ends up on a terminal or in a log read on one */
	va_start(ap, fmt);
	strbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	strbuf_add_display(&shown, strbuf_str(&raw));
	strbuf_truncate(&shown, display_cut(strbuf_str(&shown), shown.len,
	    sizeof(err->msg) - 1));
	(void)snprintf(err->msg, sizeof(err->msg), "%s", strbuf_str(&shown));
	strbuf_dispose(&raw);
	strbuf_dispose(&shown);
	return code;
}

void
sg_err_clear(sg_err_t *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}
