/* sg_err: see sg_err.h. */
#include <stdarg.h>
#include <stdio.h>

#include "util/sg_err.h"

int
sg_err_set(sg_err_t *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->code != 0)
		return code;
	err->code = code;
	va_start(ap, fmt);
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
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
