/*
 * vendors_table: fixed-width text.  A capability cell is "y" or "-", with
 * "?" appended when the descriptor marks that fact uncertain.
 */
#include <stdio.h>

#include "inventory/vendors_table.h"

static void
cap_cell(strbuf_t *out, const vendor_t *v, unsigned int bit)
{
	char field[64];
	size_t i;

	for (i = 0; i < VENDOR_NCAPS; i++)
		if ((1u << i) == bit)
			break;
	(void)snprintf(field, sizeof(field), "can.%s", vendor_cap_names[i]);
	strbuf_addf(out, "%-3s", (v->caps & bit) ?
	    (vendor_is_uncertain(v, field) ? "y?" : "y") :
	    (vendor_is_uncertain(v, field) ? "-?" : "-"));
}

static void
limit_cell(char *buf, size_t len, const vendor_t *v, uint32_t n,
    const char *field)
{
	const char *mark = vendor_is_uncertain(v, field) ? "?" : "";

	if (n == 0)
		(void)snprintf(buf, len, "any%s", mark);
	else
		(void)snprintf(buf, len, "%u%s", n, mark);
}

void
vendors_table_format(strbuf_t *out, const vendor_set_t *vs)
{
	strbuf_t transports = STRBUF_INIT(0);
	char src[16], total[16], sessions[40];
	const vendor_t *v;
	size_t i, t;

	strbuf_addf(out, "%-14s %-8s %-4s %-9s %-9s %-7s %-10s %-22s %s\n",
	    "VENDOR", "KIND", "SPAN", "RSPAN", "ERSPAN", "VSWITCH",
	    "SESSIONS", "TRANSPORTS", "COMMIT");
	strbuf_addf(out, "%-14s %-8s %-4s %-9s %-9s %-7s %-10s\n", "", "",
	    "", "s  t  d", "s  t  i", "l  r", "src/all");
	for (i = 0; i < vendor_set_count(vs); i++) {
		v = vendor_set_at(vs, i);
		strbuf_reset(&transports);
		for (t = 0; t < v->ntransport_order; t++)
			strbuf_addf(&transports, "%s%s",
			    transports.len > 0 ? "," : "",
			    vendor_transport_names[v->transport_order[t]]);
		limit_cell(src, sizeof(src), v, v->limits.source_sessions,
		    "limits.source_sessions");
		limit_cell(total, sizeof(total), v, v->limits.sessions,
		    "limits.sessions");
		(void)snprintf(sessions, sizeof(sessions), "%s/%s", src, total);
		strbuf_addf(out, "%-14s %-8s ", v->name,
		    vendor_kind_names[v->kind]);
		cap_cell(out, v, VENDOR_CAN_SPAN);
		strbuf_adds(out, "  ");
		cap_cell(out, v, VENDOR_CAN_RSPAN_SOURCE);
		cap_cell(out, v, VENDOR_CAN_RSPAN_TRANSIT);
		cap_cell(out, v, VENDOR_CAN_RSPAN_DESTINATION);
		strbuf_adds(out, " ");
		cap_cell(out, v, VENDOR_CAN_ERSPAN_SOURCE);
		cap_cell(out, v, VENDOR_CAN_ERSPAN_TERMINATION);
		cap_cell(out, v, VENDOR_CAN_ERSPAN_ID);
		strbuf_adds(out, " ");
		cap_cell(out, v, VENDOR_CAN_VSWITCH_MIRROR);
		cap_cell(out, v, VENDOR_CAN_VSWITCH_REMOTE);
		strbuf_addf(out, "  %-10s %-22s %s\n", sessions,
		    strbuf_str(&transports), vendor_commit_names[v->commit]);
	}
	strbuf_dispose(&transports);
	strbuf_adds(out, "\nRSPAN: s source, t transit, d destination.  "
	    "ERSPAN: s source, t termination,\ni sends the ERSPAN id a "
	    "decapsulator matches on.  VSWITCH: l mirroring on one "
	    "host, r remote mirroring out of an uplink.\nSESSIONS: source "
	    "sessions / all sessions per device.  ? marks a fact the\nvendor "
	    "reference could not confirm (see the descriptor's 'uncertain' "
	    "list).\n");
	/* ports are written in full, so show what a full name looks like */
	strbuf_adds(out, "\nInterface names, written in full (an example "
	    "port of each vendor):\n");
	for (i = 0; i < vendor_set_count(vs); i++) {
		v = vendor_set_at(vs, i);
		if (v->port_example != NULL)
			strbuf_addf(out, "  %-14s %s\n", v->name,
			    v->port_example);
	}
}
