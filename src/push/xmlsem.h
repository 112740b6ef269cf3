/*
 * xmlsem: what changes between two NETCONF configurations, said the way
 * cfg_semantic() says it for CLI text: one line per configuration object.
 *
 * Both inputs are the contents of a <data> element (any number of top-level
 * elements, as netconf_get_config() returns them).  An object is the first
 * list entry on a path, such as /native/monitor/session with id 2, and is
 * named by its path, each list entry with its key:
 * "native/monitor/session[id=2]".  A list entry is recognised by a first child
 * leaf named "name" or "id" (YANG puts keys first, and those are the keys of
 * every list spangen writes on Junos and IOS XE).  A leaf outside any list
 * belongs to its parent container.  Lines look like:
 *
 *	native/monitor/session[id=2]: add: source/interface[name=Gi1/0/1]/direction both; ...
 *	configuration/forwarding-options/analyzer[name=spangen-1]: remove
 *	native/monitor/session[id=1]: change: type/erspan-source/destination/erspan-id 100 -> 101; add ...
 *
 * Leaves are compared by path, and a path that repeats (a leaf-list) by
 * path and value.  Objects come in before order, then the new ones in
 * after order.  Returns the number of lines appended: 0 when nothing
 * changes, and also when either side is not well-formed XML, holds more
 * than 2,000 leaves or would copy more than 256 KiB of paths and values
 * (the unified diff still shows those).  A changed leaf shows an empty
 * value as "".
 */
#ifndef SG_XMLSEM_H
#define SG_XMLSEM_H

#include <stddef.h>

#include "util/strbuf.h"

size_t	xml_semantic(const char *before, size_t blen, const char *after,
	    size_t alen, strbuf_t *out);

/*
 * The objects (as above) that a change from before to after alters or
 * removes and that spangen does not own: owned (olen bytes) lists the
 * objects earlier pushes created, one a line; an object also is spangen's
 * when its name key starts "spangen-" or a description leaf in it starts
 * "spangen".  Each such object is appended to foreign as "OBJECT: ..."
 * and its leaves, indented, and counted in *nforeign.  owned_out gets the
 * objects spangen owns once the change is in (owned, plus those after
 * adds, less those it removes).  -1 when either side cannot be read or is
 * over the limits above: then nothing can be said to be safe.
 */
int	xml_review(const char *before, size_t blen, const char *after,
	    size_t alen, const char *owned, size_t olen, strbuf_t *foreign,
	    size_t *nforeign, strbuf_t *owned_out);

/*
 * Whether a device changed since a snapshot of it was taken (snap, a
 * get-config body): some object that before or after holds, and that
 * starts with prefix, has other leaves in snap than in before.  Objects
 * are compared leaf by leaf, in any order.  -1 when a side cannot be read.
 */
int	xml_changed_since(const char *snap, size_t slen, const char *before,
	    size_t blen, const char *after, size_t alen, const char *prefix);

#endif
