/*
 * checklist: the sensor side of the change, one checklist per sensor.
 * spangen mirrors the DCs' traffic to the sensor's port; the sensor still
 * sees nothing, or half, when its own capture NIC, capture driver or
 * settings are wrong.  The checklist names each of those settings for
 * the sensor as the inventory describes it, and the DCs to list in it.
 * It goes into plan.md and, whole, into sensors/NAME/checklist.md.
 */
#ifndef SG_CHECKLIST_H
#define SG_CHECKLIST_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "util/strbuf.h"

/*
 * Appends the checklist of sensor s (an index in inv->sensors) to out,
 * under a heading of level depth (1: "#", 2: "##", ...).
 */
void	checklist_sensor_md(strbuf_t *out, const inventory_t *inv,
	    const plan_t *plan, size_t s, int depth);

/*
 * Appends "spangen verify --iface IFACE --dc ADDRESS..." for the DCs
 * planned to sensor s, and returns how many there are (0: nothing is
 * appended).
 */
size_t	checklist_verify_command(strbuf_t *out, const inventory_t *inv,
	    const plan_t *plan, size_t s);

#endif
