/* sg_err: see sg_err.h. */
#include <stdarg.h>
#include <stdio.h>

#include "util/sg_err.h"
#include "util/strbuf.h"

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
