/*
 * plan_choose: phase 1, pairing each DC with a sensor and the first path
 * kind, in the inventory's order of preference, whose requirements hold.
 * It only reads the topology and reserves nothing, so every sensor can be
 * compared for an unlisted DC, and a DC whose commit fails can be offered
 * the next one without undoing anything.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"
#include "util/xmalloc.h"

/* Support-matrix rows, shown as a pair's matrix_row. */
static const char row_vv_same[] = "virtual sensor, virtual DC on the same host";
static const char row_vv_other[] =
    "virtual sensor, virtual DC on a different host";
static const char row_vp[] = "virtual sensor, physical DC";
static const char row_pv[] = "physical sensor, virtual DC";
static const char row_pp_same[] =
    "physical sensor, physical DC on the same switch";
static const char row_pp_other[] =
    "physical sensor, physical DC on a different switch";

static void
reason(planner_t *p, struct choice *c, plan_kind_t kind, const char *why)
{
	if (p->quiet || c->nreasons == PLAN_NKINDS)
		return;
	c->reasons[c->nreasons].kind = kind;
	c->reasons[c->nreasons].why = why;
	c->nreasons++;
}

static const char row_tap[] = "network TAP on the DC's link";

/*
 * A TAP already delivers the DC to its sensor: nothing to configure, so
 * nothing else is tried.  The sensor takes a DC's traffic on one port
 * only, so a TAP with Rx and Tx on two outputs is refused.
 */
static void
try_tap(planner_t *p, struct choice *c, const inv_tap_t *t)
{
	const inv_sensor_t *sn = &p->inv->sensors[c->sensor];

	c->row = row_tap;
	if (sn->is_vm && sn->vm.capture_nic == INV_NONE) {
		reason(p, c, PLAN_TAP, fmt(p, "TAP %s needs a cable to virtual "
		    "sensor %s, which has no capture NIC", t->name, sn->name));
		c->error_code = "E205";
		return;
	}
	if (!t->aggregated) {
		reason(p, c, PLAN_TAP, fmt(p, "TAP %s puts Rx and Tx on two "
		    "outputs (aggregated: false), and the sensor does not take "
		    "a DC's two directions on two ports", t->name));
		c->error_code = "E207";
		return;
	}
	c->kind = PLAN_TAP;
}

/*
 * Records why a kind failed.  While sensors are only being compared
 * (p->quiet) nothing is formatted: thousands of DCs times hundreds of
 * sensors would otherwise fill the arena with reasons no one reads.
 */
#define WHY(p, c, kind, ...) \
	reason((p), (c), (kind), (p)->quiet ? NULL : fmt((p), __VA_ARGS__))

static bool
try_span(planner_t *p, struct choice *c, size_t s, size_t d)
{
	if (s != d) {
		reason(p, c, PLAN_SPAN, "DC and sensor are on different "
		    "switches");
		return false;
	}
	if (!sw_can(p, s, VENDOR_CAN_SPAN)) {
		WHY(p, c, PLAN_SPAN, "%s (%s) has no local SPAN",
		    dev_name(p, s), sw_vendor(p, s)->name);
		return false;
	}
	c->devices = 1;
	c->hops = 0;
	return true;
}

static bool
try_rspan(planner_t *p, struct choice *c, size_t s, size_t d)
{
	const struct bfs *b;

	if (s == d) {
		reason(p, c, PLAN_RSPAN, "DC and sensor are on the same switch");
		return false;
	}
	if (!sw_can(p, s, VENDOR_CAN_RSPAN_SOURCE)) {
		WHY(p, c, PLAN_RSPAN, "%s (%s) cannot be an RSPAN "
		    "source", dev_name(p, s), sw_vendor(p, s)->name);
		return false;
	}
	if (!sw_can(p, d, VENDOR_CAN_RSPAN_DESTINATION)) {
		WHY(p, c, PLAN_RSPAN, "%s (%s) cannot be an RSPAN "
		    "destination", dev_name(p, d), sw_vendor(p, d)->name);
		return false;
	}
	b = topo_search(p, d, false);
	if (bfs_dist(b, s) == UNREACHED) {
		WHY(p, c, PLAN_RSPAN, "no path of trunks through "
		    "RSPAN-capable switches from %s to %s", dev_name(p, s),
		    dev_name(p, d));
		return false;
	}
	c->devices = bfs_dist(b, s) + 1;
	c->hops = bfs_dist(b, s);
	return true;
}

/*
 * ERSPAN from s to a decapsulator, which delivers to the sensor port on
 * itself (its ERSPAN destination session sends to the port) or into an
 * RSPAN VLAN towards the sensor's switch d.
 */
static bool
try_erspan(planner_t *p, struct choice *c, size_t s, size_t d)
{
	const struct bfs *l3, *leg = NULL;
	uint32_t devices, hops, best_dev = UNREACHED, best_hops = UNREACHED;
	size_t i, dx, best = INV_NONE, typeless = INV_NONE;
	unsigned int common, best_type = 0;
	bool reachable = false, self = false, typed = false;

	if (!sw_can(p, s, VENDOR_CAN_ERSPAN_SOURCE)) {
		WHY(p, c, PLAN_ERSPAN, "%s (%s) cannot be an ERSPAN "
		    "source", dev_name(p, s), sw_vendor(p, s)->name);
		return false;
	}
	if (!sw_can(p, s, VENDOR_CAN_ERSPAN_ID)) {
		WHY(p, c, PLAN_ERSPAN, "%s (%s) mirrors to GRE without an "
		    "ERSPAN id, which decapsulators match sessions on",
		    dev_name(p, s), sw_vendor(p, s)->name);
		return false;
	}
	if (p->inv->switches[s].address == NULL) {
		WHY(p, c, PLAN_ERSPAN, "%s has no 'address' to send "
		    "ERSPAN from", dev_name(p, s));
		return false;
	}
	if (!p->sw_ipv4[s]) {
		WHY(p, c, PLAN_ERSPAN, "%s's address is IPv6; spangen "
		    "renders ERSPAN over IPv4 only", dev_name(p, s));
		return false;
	}
	if (p->ndecaps == 0) {
		reason(p, c, PLAN_ERSPAN, "no switch is marked decap: true");
		c->error_code = "E206";
		return false;
	}
	for (i = 0; i < p->ndecaps; i++) {
		dx = p->decaps[i];
		if (dx == s) {
			self = true;
			continue;
		}
		if (!p->sw_ipv4[dx])
			continue;	/* IPv6 ERSPAN is not rendered */
		l3 = topo_search(p, dx, true);
		if (bfs_dist(l3, s) == UNREACHED)
			continue;
		reachable = true;
		/* both ends must speak one encapsulation */
		common = sw_vendor(p, s)->erspan_sends &
		    sw_vendor(p, dx)->erspan_terminates;
		if (common == 0) {
			if (typeless == INV_NONE)
				typeless = dx;
			continue;
		}
		typed = true;
		if (dx == d) {
			devices = 2;
			hops = bfs_dist(l3, s);
		} else {
			if (!sw_can(p, dx, VENDOR_CAN_RSPAN_SOURCE) ||
			    !sw_can(p, d, VENDOR_CAN_RSPAN_DESTINATION))
				continue;
			leg = topo_search(p, d, false);
			if (bfs_dist(leg, dx) == UNREACHED)
				continue;
			devices = 2 + bfs_dist(leg, dx);
			hops = bfs_dist(l3, s) + bfs_dist(leg, dx);
		}
		if (devices < best_dev || (devices == best_dev &&
		    hops < best_hops)) {
			best = dx;
			best_dev = devices;
			best_hops = hops;
			/* type II first: the lowest bit is the one preferred */
			best_type = common & -common;
		}
	}
	if (best == INV_NONE) {
		char sends[64], takes[64];

		if (typeless != INV_NONE && !typed) {
			WHY(p, c, PLAN_ERSPAN, "%s (%s) sends %s, and no "
			    "decapsulator it reaches takes that (%s (%s) "
			    "terminates %s)", dev_name(p, s),
			    sw_vendor(p, s)->name, vendor_erspan_types(
			    sw_vendor(p, s)->erspan_sends, sends, sizeof(sends)),
			    dev_name(p, typeless), sw_vendor(p, typeless)->name,
			    vendor_erspan_types(sw_vendor(p, typeless)->
			    erspan_terminates, takes, sizeof(takes)));
			c->error_code = "E213";
		} else if (!reachable && self && p->ndecaps == 1) {
			WHY(p, c, PLAN_ERSPAN, "the only decapsulator is %s, "
			    "the DC's own switch", dev_name(p, s));
			c->error_code = "E206";
		} else if (!reachable) {
			WHY(p, c, PLAN_ERSPAN, "no decapsulator is "
			    "reachable from %s over routed or wan links",
			    dev_name(p, s));
			c->error_code = "E206";
		} else
			WHY(p, c, PLAN_ERSPAN, "no reachable "
			    "decapsulator can deliver to %s by SPAN or RSPAN",
			    dev_name(p, d));
		return false;
	}
	c->decap = best;
	c->erspan_type = best_type;
	c->devices = best_dev;
	c->hops = best_hops;
	return true;
}

static bool
try_method(planner_t *p, struct choice *c, inv_method_t m, size_t s, size_t d)
{
	switch (m) {
	case INV_METHOD_SPAN:
		return try_span(p, c, s, d) ? (c->kind = PLAN_SPAN, true) :
		    false;
	case INV_METHOD_RSPAN:
		return try_rspan(p, c, s, d) ? (c->kind = PLAN_RSPAN, true) :
		    false;
	default:
		return try_erspan(p, c, s, d) ? (c->kind = PLAN_ERSPAN, true) :
		    false;
	}
}

static void
try_vswitch(planner_t *p, struct choice *c, const struct place *dc,
    const struct place *sn)
{
	const inventory_t *inv = p->inv;
	const inv_hypervisor_t *dh = &inv->hypervisors[dc->host];
	const inv_hypervisor_t *sh = &inv->hypervisors[sn->host];
	const struct bfs *b;
	size_t u1, u2, x, h, i;

	if (dc->host == sn->host) {
		c->row = row_vv_same;
		if (!(dh->platform->caps & VENDOR_CAN_VSWITCH_MIRROR)) {
			WHY(p, c, PLAN_VSWITCH_LOCAL, "%s (%s) cannot "
			    "mirror one VM to another", dh->name,
			    dh->platform->name);
			return;
		}
		c->kind = PLAN_VSWITCH_LOCAL;
		c->devices = 1;
		return;
	}
	c->row = row_vv_other;
	if (!(dh->platform->caps & VENDOR_CAN_VSWITCH_REMOTE)) {
		WHY(p, c, PLAN_VSWITCH_REMOTE, "%s (%s) cannot mirror "
		    "a VM out of an uplink", dh->name, dh->platform->name);
		return;
	}
	if (!(sh->platform->caps & (VENDOR_CAN_VSWITCH_REMOTE |
	    VENDOR_CAN_RSPAN_DESTINATION))) {
		WHY(p, c, PLAN_VSWITCH_REMOTE, "%s (%s) cannot "
		    "deliver a mirror VLAN to a VM", sh->name,
		    sh->platform->name);
		return;
	}
	if (dh->nuplinks == 0 || sh->nuplinks == 0) {
		WHY(p, c, PLAN_VSWITCH_REMOTE, "%s declares no "
		    "uplinks", dh->nuplinks == 0 ? dh->name : sh->name);
		return;
	}
	/*
	 * The mirror VLAN leaves by whichever uplink the DC host uses and
	 * may arrive on any uplink of the sensor host: every uplink switch
	 * of both hosts must reach the sensor host's first one.
	 */
	u1 = dh->uplinks[0].sw;
	u2 = sh->uplinks[0].sw;
	b = topo_search(p, u2, false);
	for (h = 0; h < 2; h++) {
		const inv_hypervisor_t *hv = h == 0 ? dh : sh;

		for (i = 0; i < hv->nuplinks; i++) {
			x = hv->uplinks[i].sw;
			if (!sw_can(p, x, VENDOR_CAN_RSPAN_TRANSIT)) {
				WHY(p, c, PLAN_VSWITCH_REMOTE, "%s cannot "
				    "carry an RSPAN VLAN", dev_name(p, x));
				return;
			}
			if (bfs_dist(b, x) == UNREACHED) {
				WHY(p, c, PLAN_VSWITCH_REMOTE, "no path of "
				    "trunks through RSPAN-capable switches "
				    "from %s to %s", dev_name(p, x),
				    dev_name(p, u2));
				return;
			}
		}
	}
	c->kind = PLAN_VSWITCH_REMOTE;
	c->src_sw = u1;
	c->dst_sw = u2;
	c->devices = bfs_dist(b, u1) + 3;
	c->hops = bfs_dist(b, u1) + 2;
}

/* Tries every allowed kind from DC dc to sensor sn, in preference order. */
void
choose_evaluate(planner_t *p, size_t dc, size_t sn, struct choice *c)
{
	const struct place *dp = &p->dcs[dc], *sp = &p->sensors[sn];
	const inventory_t *inv = p->inv;
	size_t m;

	/*
	 * Field by field rather than a memset: this runs for every DC and
	 * sensor pair, and reasons[] is only read up to nreasons.
	 */
	c->sensor = sn;
	c->kind = PLAN_NONE;
	c->row = NULL;
	c->devices = c->hops = 0;
	c->decap = c->src_sw = c->dst_sw = INV_NONE;
	c->dst_port = NULL;
	c->erspan_type = 0;
	c->nreasons = 0;
	c->error_code = NULL;
	if (inv->dcs[dc].tap != INV_NONE) {
		try_tap(p, c, &inv->taps[inv->dcs[dc].tap]);
		return;
	}
	if (dp->is_vm && sp->is_vm) {
		try_vswitch(p, c, dp, sp);
		return;
	}
	c->row = sp->is_vm ? row_vp : dp->is_vm ? row_pv :
	    dp->sw == sp->sw ? row_pp_same : row_pp_other;
	if (sp->problem != NULL || dp->problem != NULL) {
		const struct place *bad = dp->problem != NULL ? dp : sp;

		reason(p, c, PLAN_NONE, bad->problem);
		c->error_code = bad->problem_code;
		return;
	}
	c->src_sw = dp->sw;
	c->dst_sw = sp->sw;
	c->dst_port = sp->ports[0];
	for (m = 0; m < inv->nmethods; m++)
		if (try_method(p, c, inv->methods[m], dp->sw, sp->sw))
			return;
}

/* The cost of an unlisted DC's cheapest sensor so far. */
struct best {
	size_t		 sensor;	/* INV_NONE: none can take it yet */
	uint32_t	 devices;
	uint32_t	 hops;
};

static bool
cheaper(const planner_t *p, const struct choice *a, const struct best *b)
{
	if (a->devices != b->devices)
		return a->devices < b->devices;
	if (a->hops != b->hops)
		return a->hops < b->hops;
	return p->sensor_rank[a->sensor] < p->sensor_rank[b->sensor];
}

/* Compares sensor s for unlisted DC d with the cheapest one so far. */
static void
compare(planner_t *p, size_t d, size_t s, struct choice *c, struct best *best)
{
	choose_evaluate(p, d, s, c);
	if (c->kind != PLAN_NONE && (best->sensor == INV_NONE ||
	    cheaper(p, c, best))) {
		best->sensor = s;
		best->devices = c->devices;
		best->hops = c->hops;
	}
}

/*
 * The DCs a physical sensor can be compared with.  A physical DC reaches
 * one on another switch only over the trunks of one connected part
 * (RSPAN) or from a switch with an IPv4 address (ERSPAN): so the unlisted
 * physical DCs of each trunk part are listed together (part_dcs, from
 * part_off), and every other unlisted DC (virtual, behind a TAP, with a
 * problem, or on a switch ERSPAN could start from) in anywhere.  On a
 * campus of many sites most DC and sensor pairs are in different parts;
 * only pairs that could find no path are left out.
 */
struct candidates {
	size_t		*part_off;	/* per part, into part_dcs */
	size_t		*part_dcs;
	size_t		*anywhere;
	size_t		 nanywhere;
};

static bool
bound_to_part(const planner_t *p, size_t d)
{
	const struct place *dp = &p->dcs[d];

	return !dp->is_vm && dp->problem == NULL &&
	    p->inv->dcs[d].tap == INV_NONE && !p->sw_ipv4[dp->sw];
}

static void
candidates_init(planner_t *p, const size_t *monitor, struct candidates *cd)
{
	const inventory_t *inv = p->inv;
	const uint32_t *part = p->trunk.part;
	size_t d, sw, *fill;

	cd->part_off = xcalloc(inv->nswitches + 2, sizeof(*cd->part_off));
	cd->part_dcs = xcalloc(inv->ndcs + 1, sizeof(*cd->part_dcs));
	cd->anywhere = xcalloc(inv->ndcs + 1, sizeof(*cd->anywhere));
	cd->nanywhere = 0;
	for (d = 0; d < inv->ndcs; d++)
		if (monitor[d] == INV_NONE && bound_to_part(p, d))
			cd->part_off[part[p->dcs[d].sw] + 1]++;
	for (sw = 0; sw < inv->nswitches; sw++)
		cd->part_off[sw + 1] += cd->part_off[sw];
	fill = xcalloc(inv->nswitches + 1, sizeof(*fill));
	for (d = 0; d < inv->ndcs; d++) {
		if (monitor[d] != INV_NONE)
			continue;
		if (bound_to_part(p, d)) {
			size_t k = part[p->dcs[d].sw];

			cd->part_dcs[cd->part_off[k] + fill[k]++] = d;
		} else
			cd->anywhere[cd->nanywhere++] = d;
	}
	free(fill);
}

static void
candidates_dispose(struct candidates *cd)
{
	free(cd->part_off);
	free(cd->part_dcs);
	free(cd->anywhere);
}

/*
 * A DC some sensor's monitors lists is bound to that sensor; any other
 * DC gets the cheapest sensor that can take it.  Sensors are the outer
 * loop: every DC then reads one sensor's search from the cache while it
 * is hot, where DC by DC each pair would fetch a different one.  Nothing
 * is reserved here, so the order does not change what is chosen.
 */
void
choose_all(planner_t *p)
{
	const inventory_t *inv = p->inv;
	struct choice c = { 0 };
	struct best *best;
	struct candidates cd;
	const struct place *sp;
	size_t *monitor, i, k, d, s, shown, part;

	monitor = xcalloc(inv->ndcs + 1, sizeof(*monitor));
	best = xcalloc(inv->ndcs + 1, sizeof(*best));
	for (d = 0; d < inv->ndcs; d++) {
		monitor[d] = INV_NONE;
		best[d].sensor = INV_NONE;
	}
	for (i = 0; i < inv->nsensors; i++)
		for (k = 0; k < inv->sensors[i].nmonitors; k++)
			monitor[inv->sensors[i].monitors[k]] = i;
	/* a TAP's DC is bound to the sensor its output is cabled to */
	for (i = 0; i < inv->ntaps; i++)
		if (inv->taps[i].dc != INV_NONE &&
		    inv->taps[i].sensor != INV_NONE)
			monitor[inv->taps[i].dc] = inv->taps[i].sensor;
	candidates_init(p, monitor, &cd);
	p->quiet = true;
	for (s = 0; s < inv->nsensors; s++) {
		sp = &p->sensors[s];
		if (sp->is_vm || sp->problem != NULL) {
			for (d = 0; d < inv->ndcs; d++)
				if (monitor[d] == INV_NONE)
					compare(p, d, s, &c, &best[d]);
			continue;
		}
		part = p->trunk.part[sp->sw];
		for (k = cd.part_off[part]; k < cd.part_off[part + 1]; k++) {
			d = cd.part_dcs[k];
			compare(p, d, s, &c, &best[d]);
		}
		for (k = 0; k < cd.nanywhere; k++) {
			d = cd.anywhere[k];
			compare(p, d, s, &c, &best[d]);
		}
	}
	p->quiet = false;
	candidates_dispose(&cd);
	/* again for the one that is shown, with its reasons */
	for (d = 0; d < inv->ndcs; d++) {
		p->listed[d] = monitor[d] != INV_NONE;
		shown = p->listed[d] ? monitor[d] : best[d].sensor != INV_NONE ?
		    best[d].sensor : p->first_sensor;
		if (shown != INV_NONE)
			choose_evaluate(p, d, shown, &p->choices[d]);
		else {
			memset(&p->choices[d], 0, sizeof(p->choices[d]));
			p->choices[d].sensor = INV_NONE;
		}
	}
	free(best);
	free(monitor);
}
