/* prom: see prom.h. */
#include <string.h>

#include "util/prom.h"

void
prom_gauge(strbuf_t *out, const char *name, const char *help)
{
	strbuf_addf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

void
prom_sample(strbuf_t *out, const char *name)
{
	strbuf_adds(out, name);
	strbuf_addc(out, '{');
}

void
prom_label(strbuf_t *out, const char *name, const char *value)
{
	const char *p;

	if (out->len > 0 && out->ptr[out->len - 1] != '{')
		strbuf_addc(out, ',');
	strbuf_adds(out, name);
	strbuf_adds(out, "=\"");
	for (p = value; *p != '\0'; p++) {
		if (*p == '\n') {
			strbuf_adds(out, "\\n");
			continue;
		}
		if (*p == '\\' || *p == '"')
			strbuf_addc(out, '\\');
		strbuf_addc(out, *p);
	}
	strbuf_addc(out, '"');
}

void
prom_value(strbuf_t *out, long long value)
{
	/* a sample without labels reads "name 1", not "name{} 1" */
	if (out->len > 0 && out->ptr[out->len - 1] == '{')
		strbuf_truncate(out, out->len - 1);
	else
		strbuf_addc(out, '}');
	strbuf_addf(out, " %lld\n", value);
}
