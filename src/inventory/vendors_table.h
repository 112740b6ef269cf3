/*
 * vendors_table: the capability table `spangen vendors` prints, built from
 * the descriptors alone so a new platform shows up without code changes.
 */
#ifndef SG_VENDORS_TABLE_H
#define SG_VENDORS_TABLE_H

#include "inventory/vendor.h"
#include "util/strbuf.h"

/* Appends the table, one row per descriptor, and its legend. */
void	vendors_table_format(strbuf_t *out, const vendor_set_t *vs);

#endif
