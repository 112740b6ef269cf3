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

/* Devices are numbered switches first, then hypervisors, as in the plan. */
const char	*view_device_name(const inventory_t *inv, size_t dev);
const vendor_t	*view_device_vendor(const inventory_t *inv, size_t dev);
const inv_access_t *view_device_access(const inventory_t *inv, size_t dev);
/* The device's index, or INV_NONE. */
size_t		 view_device_find(const inventory_t *inv, const char *name);
/* true when the plan configures something on the device. */
bool		 view_device_touched(const inventory_t *inv, const plan_t *plan,
		    size_t dev);

/* The view of device dev; lives in the arena. */
mvalue_t	*view_build(arena_t *a, const inventory_t *inv,
		    const plan_t *plan, size_t dev);
/* The view as JSON, keys in view order. */
void		 view_format_json(strbuf_t *out, const mvalue_t *view);

#endif
