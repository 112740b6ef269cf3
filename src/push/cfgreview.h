/*
 * cfgreview: before a change is entered on a CLI switch, what it may touch
 * and how to take it back exactly.
 *
 * The device is the truth: a session, a VLAN or a trunk list spangen did
 * not create must come through a push and a rollback unchanged, and a
 * rollback must leave the device printing what it printed before.  The
 * rollback a bundle was rendered with cannot know that (it was written
 * without seeing the device), so the push computes the rollback from what
 * it read.
 */
#ifndef SG_CFGREVIEW_H
#define SG_CFGREVIEW_H

#include <stddef.h>

#include "push/cfgtree.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

typedef struct cfg_review {
	/*
	 * Configuration lines that, entered after the change, put every
	 * entry it touches back as the running configuration had it:
	 * sessions it created are removed and sessions it altered are typed
	 * again as they were; VLANs that existed stay; a trunk list gets
	 * its old value back (no line when every VLAN was allowed); lines
	 * it added to an interface are taken off and lines it removed come
	 * back.  Empty when the change changes nothing.
	 */
	strbuf_t	 inverse;
	/*
	 * The entries in the way, each as "KEY:" and the lines the device
	 * holds for it, indented: a session or VLAN that exists, was not
	 * created by spangen, and the change would alter or remove.
	 */
	strbuf_t	 foreign;
	size_t		 nforeign;
	/*
	 * The keys ("monitor session 2", "vlan 901") of spangen's entries
	 * once the change is in, one a line: the owned keys given, plus what
	 * the change creates, less what it removes.
	 */
	strbuf_t	 owned;
} cfg_review_t;

void	cfg_review_init(cfg_review_t *rv);
void	cfg_review_dispose(cfg_review_t *rv);

/*
 * Reviews lines (llen bytes, as cfg_preview() reads them) against running
 * (rlen bytes, what `show running-config` printed).  owned (olen bytes)
 * holds the keys of the entries earlier pushes of spangen created on this
 * device, one a line.  An entry is spangen's when its key is there or
 * when it carries spangen's mark: a session whose description or comment
 * starts "spangen", an EOS session named "spangen-...", a VLAN named
 * "SPANGEN-RSPAN-...".  A VLAN the lines create that the device already
 * holds inside a list ("vlan 1,42,48-49") is in the way too.
 *
 * The inverse is checked by applying the lines and then the inverse to
 * the running configuration: SG_EINVAL, naming the entry, when that does
 * not give back every entry as it was.  SG_EINVAL as cfg_preview() for
 * lines it cannot read.
 */
int	cfg_review(cfg_dialect_t d, const char *running, size_t rlen,
	    const char *lines, size_t llen, const char *owned, size_t olen,
	    cfg_review_t *rv, sg_err_t *err);

#endif
