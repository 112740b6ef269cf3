/*
 * prom: gauges in Prometheus's text exposition format, as node_exporter's
 * textfile collector reads them.  A sample is written as
 *
 *	prom_sample(out, "name");
 *	prom_label(out, "device", "acc1");	(any number of labels)
 *	prom_value(out, 1);
 */
#ifndef SG_PROM_H
#define SG_PROM_H

#include "util/strbuf.h"

/* The HELP and TYPE lines of a gauge; help is one line of plain text. */
void	prom_gauge(strbuf_t *out, const char *name, const char *help);
void	prom_sample(strbuf_t *out, const char *name);
/* A label, its value escaped (backslash, double quote, newline). */
void	prom_label(strbuf_t *out, const char *name, const char *value);
void	prom_value(strbuf_t *out, long long value);

#endif
