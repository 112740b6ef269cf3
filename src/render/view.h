/*
 * view: the data a device's templates receive (docs/templates.md), built
 * from the plan and the inventory.  Every key the document lists is always
 * present, with null or false where it does not apply, so templates can be
 * rendered strictly.
 */
#ifndef SG_VIEW_H
#define SG_VIEW_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "render/mustache.h"
#include "plan/plan.h"
#include "util/arena.h"
#include "util/strbuf.h"

/*
 * true when the plan configures something on device dev (numbered as
 * inventory_device_name() numbers them).
 */
bool		 view_device_touched(const inventory_t *inv, const plan_t *plan,
		    size_t dev);

/* The view of device dev; lives in the arena. */
mvalue_t	*view_build(arena_t *a, const inventory_t *inv,
		    const plan_t *plan, size_t dev);
/* The view as JSON, keys in view order. */
void		 view_format_json(strbuf_t *out, const mvalue_t *view);

#endif
