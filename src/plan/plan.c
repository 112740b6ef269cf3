/*
 * plan: chooses and checks a mirror path for every DC in two phases.
 *
 * 1. Choice (plan_choose.c).  Each DC is paired with its sensor (the one
 *    whose monitors list it, else the cheapest valid one) and the first
 *    path kind in the preference order whose requirements hold is chosen.
 *    This phase only reads the topology, through breadth-first searches
 *    that are cached per start switch (plan_topo.c), so choosing among
 *    hundreds of sensors stays cheap.
 * 2. Commit (plan_commit.c).  In inventory order, each chosen path claims
 *    what it needs: sessions and session ids, an RSPAN VLAN, an ERSPAN id,
 *    the destination port, WAN headroom.  A commit runs twice, first as a
 *    dry run that only checks, then for real, so a DC that fails any check
 *    takes nothing and leaves the plan of every other DC intact.
 *
 * Warnings on the result come last (plan_check.c).  This file runs the
 * phases, gives an unlisted DC whose commit failed its other sensors, and
 * turns the planner's ledger into the plan.  Devices are numbered as
 * inventory_device_name() numbers them, switches first, then hypervisors.
 * Everything the plan shows is copied into its arena.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"
#include "util/arena.h"
#include "util/parse.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

const char *const plan_kind_names[PLAN_NKINDS] = {
	"none", "span", "rspan", "erspan", "vswitch-local", "vswitch-remote",
	"tap"
};
const char *const plan_role_names[] = {
	"span", "rspan-source", "rspan-destination", "erspan-source",
	"erspan-destination", "vswitch-source", "vswitch-destination"
};

/* ---- diagnostics ----------------------------------------------------- */

void
planner_diag(planner_t *p, const char *code, srcpos_t pos,
    const char *const *objs, size_t nobjs, const char *hint, const char *f,
    ...)
{
	strbuf_t sb = STRBUF_INIT(0);
	va_list ap;

	va_start(ap, f);
	strbuf_vaddf(&sb, f, ap);
	va_end(ap);
	diag_add(p->dl, code, pos, hint, "%s", strbuf_str(&sb));
	diag_set_objects(p->dl, objs, nobjs);
	strbuf_dispose(&sb);
}

/* ---- one DC ---------------------------------------------------------- */

static void
fail_pair(planner_t *p, size_t dc, const char *code, const char *hint,
    const char *why)
{
	const inventory_t *inv = p->inv;
	const struct choice *c = &p->choices[dc];
	const char *objs[2] = { inv->dcs[dc].name, c->sensor != INV_NONE ?
	    inv->sensors[c->sensor].name : NULL };

	p->plan->pairs[dc].kind = PLAN_NONE;
	planner_diag(p, code, inv->dcs[dc].pos, objs, objs[1] != NULL ? 2 : 1,
	    hint, "%s: %s", inv->dcs[dc].name, why);
}

static void
report_no_path(planner_t *p, size_t dc)
{
	const struct choice *c = &p->choices[dc];
	strbuf_t sb = STRBUF_INIT(0);
	const char *code = c->error_code != NULL ? c->error_code : "E201";
	const char *hint;
	size_t i;

	if (c->sensor == INV_NONE) {
		fail_pair(p, dc, "E201", "add a sensor, or list this DC in a "
		    "sensor's monitors", "no sensor is free to monitor it");
		return;
	}
	strbuf_addf(&sb, "no valid path to sensor %s",
	    p->inv->sensors[c->sensor].name);
	for (i = 0; i < c->nreasons; i++)
		strbuf_addf(&sb, "%s%s%s%s", i == 0 ? " (" : "; ",
		    c->reasons[i].kind == PLAN_NONE ? "" :
		    plan_kind_names[c->reasons[i].kind],
		    c->reasons[i].kind == PLAN_NONE ? "" : ": ",
		    c->reasons[i].why);
	if (c->nreasons > 0)
		strbuf_addc(&sb, ')');
	hint = strcmp(code, "E205") == 0 ? "give the sensor's host a "
	    "capture_nics entry cabled to a switch port, and name it in the "
	    "sensor's vm.capture_nic" : strcmp(code, "E213") == 0 ? "mark a "
	    "decapsulator whose platform terminates what the source sends "
	    "(each descriptor's erspan section lists both)" :
	    strcmp(code, "E206") == 0 ? "mark a "
	    "switch that can terminate ERSPAN decap: true and connect it "
	    "by routed or wan links" : strcmp(code, "E207") == 0 &&
	    p->inv->dcs[dc].tap != INV_NONE ? "use a TAP that aggregates both "
	    "directions on one output, or mirror the DC instead (remove the "
	    "taps entry)" : strcmp(code, "E207") == 0 &&
	    p->inv->dcs[dc].is_vm ? "keep the host's uplinks on one switch or "
	    "stack, or watch the VM with a virtual sensor on its host" :
	    strcmp(code, "E207") == 0 ? "mirror a LAG (lag: DEVICE:PORT) or "
	    "keep the DC's ports on one switch or stack" : "check the reasons; "
	    "'spangen vendors' shows what each platform supports";
	fail_pair(p, dc, code, hint, strbuf_str(&sb));
	strbuf_dispose(&sb);
}

static void
fill_pair(planner_t *p, size_t dc, const struct commit *cm)
{
	const struct choice *c = &p->choices[dc];
	plan_pair_t *pair = &p->plan->pairs[dc];
	size_t i;

	pair->kind = c->kind;
	pair->devices = arena_array(p->arena, cm->ndevices,
	    sizeof(*pair->devices));
	for (i = 0; i < cm->ndevices; i++)
		pair->devices[i] = cm->devices[i];
	pair->ndevices = cm->ndevices;
	if (c->decap != INV_NONE)
		pair->decapsulator = p->inv->switches[c->decap].name;
	pair->erspan_type = vendor_erspan_type_name(c->erspan_type);
	if (c->kind == PLAN_RSPAN || c->kind == PLAN_VSWITCH_REMOTE ||
	    (c->kind == PLAN_ERSPAN && c->decap != c->dst_sw))
		pair->rspan_vlan = p->slot_vlan[vlan_slot(c)];
	if (c->kind == PLAN_ERSPAN) {
		char key[64];
		size_t id;

		(void)snprintf(key, sizeof(key), "%zu|%zu", c->decap,
		    c->sensor);
		if (strmap_get(&p->erspan_keys, key, &id))
			pair->erspan_id = (uint32_t)id;
	}
	pair->load_mbps = 2 * topo_dc_mbps(p, dc);
}

struct candidate {
	size_t		 sensor;
	uint32_t	 devices;
	uint32_t	 hops;
	const char	*name;
};

static int
cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->devices != y->devices)
		return x->devices < y->devices ? -1 : 1;
	if (x->hops != y->hops)
		return x->hops < y->hops ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * The cheapest sensor of an unlisted DC could not take it (its port or
 * sessions are used up, its VLAN pool is empty...): try the others in
 * order of cost before giving up.  Only runs on that failure path.
 */
static bool
commit_elsewhere(planner_t *p, size_t dc, struct commit *cm)
{
	const inventory_t *inv = p->inv;
	struct candidate *cands;
	struct commit other;
	struct choice c;
	size_t s, n = 0, i;
	bool ok = false;

	cands = xcalloc(inv->nsensors + 1, sizeof(*cands));
	p->quiet = true;
	for (s = 0; s < inv->nsensors; s++) {
		if (s == p->choices[dc].sensor)
			continue;
		choose_evaluate(p, dc, s, &c);
		if (c.kind == PLAN_NONE)
			continue;
		cands[n].sensor = s;
		cands[n].devices = c.devices;
		cands[n].hops = c.hops;
		cands[n++].name = inv->sensors[s].name;
	}
	p->quiet = false;
	qsort(cands, n, sizeof(*cands), cmp_candidate);
	for (i = 0; i < n && !ok; i++) {
		choose_evaluate(p, dc, cands[i].sensor, &c);
		if ((ok = commit_run(p, dc, &c, &other))) {
			p->choices[dc] = c;
			free(cm->devices);
			*cm = other;
		} else
			free(other.devices);
	}
	free(cands);
	return ok;
}

static void
plan_dc(planner_t *p, size_t dc)
{
	plan_pair_t *pair = &p->plan->pairs[dc];
	const struct choice *c = &p->choices[dc];
	struct commit cm;
	bool ok;
	size_t i;

	pair->dc = p->inv->dcs[dc].name;
	pair->rspan_vlan = pair->erspan_id = PLAN_NO_ID;
	if (c->kind == PLAN_NONE)
		ok = false;
	else if (!(ok = commit_run(p, dc, c, &cm)) && !p->listed[dc])
		ok = commit_elsewhere(p, dc, &cm);
	/* the choice may have moved to another sensor */
	pair->matrix_row = c->row;
	if (c->sensor != INV_NONE)
		pair->sensor = p->inv->sensors[c->sensor].name;
	pair->not_chosen = arena_array(p->arena, c->nreasons,
	    sizeof(*pair->not_chosen));
	for (i = 0; i < c->nreasons; i++)
		pair->not_chosen[pair->nnot_chosen++] = c->reasons[i];
	if (c->kind == PLAN_NONE)
		report_no_path(p, dc);
	else if (!ok)
		fail_pair(p, dc, cm.code, cm.hint, cm.why);
	else
		fill_pair(p, dc, &cm);
	if (c->kind != PLAN_NONE)
		free(cm.devices);
}

/* ---- the plan -------------------------------------------------------- */

static int
cmp_session(const void *a, const void *b)
{
	const plan_session_t *x = a, *y = b;

	if (x->device_index != y->device_index)
		return x->device_index < y->device_index ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_vlan(const void *a, const void *b)
{
	const plan_vlan_t *x = a, *y = b;

	if (x->device_index != y->device_index)
		return x->device_index < y->device_index ? -1 : 1;
	return x->vlan < y->vlan ? -1 : x->vlan > y->vlan;
}

static const char **
copy_strs(planner_t *p, const char *const *v, size_t n)
{
	const char **out = arena_array(p->arena, n, sizeof(*out));
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = arena_strdup(p->arena, v[i]);
	return out;
}

/* Moves the ledger into the plan's arena, in a stable order. */
static void
export(planner_t *p)
{
	plan_t *plan = p->plan;
	plan_session_t *ps;
	struct session *s;
	plan_vlan_t *pv;
	size_t i;

	plan->sessions = arena_array(p->arena, p->nsessions,
	    sizeof(*plan->sessions));
	for (i = 0; i < p->nsessions; i++) {
		s = &p->sessions[i];
		ps = &plan->sessions[plan->nsessions++];
		ps->device = dev_name(p, s->device);
		ps->device_index = s->device;
		ps->id = s->id;
		ps->role = s->role;
		ps->sources = copy_strs(p, s->sources, s->nsources);
		ps->nsources = s->nsources;
		ps->destination = s->destination;
		ps->dest_port = s->dest_port;
		ps->vlan = s->vlan;
		ps->erspan_id = s->erspan_id;
		ps->erspan_origin = s->origin;
		ps->erspan_address = s->erspan_address;
		ps->erspan_mtu = s->erspan_mtu;
		ps->erspan_type = vendor_erspan_type_name(s->erspan_type);
		ps->sensor = s->sensor;
		ps->dcs = copy_strs(p, s->dcs, s->ndcs);
		ps->ndcs = s->ndcs;
	}
	qsort(plan->sessions, plan->nsessions, sizeof(*plan->sessions),
	    cmp_session);
	plan->vlans = arena_array(p->arena, p->nvlans, sizeof(*plan->vlans));
	for (i = 0; i < p->nvlans; i++) {
		pv = &plan->vlans[plan->nvlans++];
		pv->device = dev_name(p, p->vlans[i].device);
		pv->device_index = p->vlans[i].device;
		pv->vlan = p->vlans[i].vlan;
		pv->trunk_ports = copy_strs(p, p->vlans[i].ports,
		    p->vlans[i].nports);
		pv->ntrunk_ports = p->vlans[i].nports;
	}
	qsort(plan->vlans, plan->nvlans, sizeof(*plan->vlans), cmp_vlan);
}

static void
copy_names(planner_t *p)
{
	plan_t *plan = p->plan;
	size_t i, k;

	/* everything else points into the inventory until here */
	for (i = 0; i < plan->npairs; i++) {
		plan_pair_t *pr = &plan->pairs[i];

		pr->dc = arena_strdup(p->arena, pr->dc);
		if (pr->sensor != NULL)
			pr->sensor = arena_strdup(p->arena, pr->sensor);
		if (pr->decapsulator != NULL)
			pr->decapsulator = arena_strdup(p->arena,
			    pr->decapsulator);
		for (k = 0; k < pr->ndevices; k++)
			pr->devices[k] = arena_strdup(p->arena, pr->devices[k]);
	}
	for (i = 0; i < plan->nsessions; i++) {
		plan_session_t *s = &plan->sessions[i];

		s->device = arena_strdup(p->arena, s->device);
		if (s->dest_port != NULL)
			s->dest_port = arena_strdup(p->arena, s->dest_port);
		if (s->erspan_origin != NULL)
			s->erspan_origin = arena_strdup(p->arena,
			    s->erspan_origin);
		if (s->erspan_address != NULL)
			s->erspan_address = arena_strdup(p->arena,
			    s->erspan_address);
		s->sensor = arena_strdup(p->arena, s->sensor);
	}
	for (i = 0; i < plan->nvlans; i++)
		plan->vlans[i].device = arena_strdup(p->arena,
		    plan->vlans[i].device);
	for (i = 0; i < plan->naffinity; i++) {
		plan_affinity_t *a = &plan->affinity[i];

		a->cluster = arena_strdup(p->arena, a->cluster);
		a->hypervisor = arena_strdup(p->arena, a->hypervisor);
		a->vms[0] = arena_strdup(p->arena, a->vms[0]);
		a->vms[1] = arena_strdup(p->arena, a->vms[1]);
	}
	if (plan->name != NULL)
		plan->name = arena_strdup(p->arena, plan->name);
}

/* ---- the planner ----------------------------------------------------- */

static int
cmp_range(const void *a, const void *b)
{
	const range_t *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Distinct session ids a switch already uses (ranges may overlap). */
static uint32_t
count_in_use(const ranges_t *r)
{
	range_t *v;
	uint32_t n = 0, end = 0;
	bool started = false;
	size_t i;

	if (r->n == 0)
		return 0;
	v = xreallocarray(NULL, r->n, sizeof(*v));
	memcpy(v, r->v, r->n * sizeof(*v));
	qsort(v, r->n, sizeof(*v), cmp_range);
	for (i = 0; i < r->n; i++) {
		if (started && v[i].hi <= end)
			continue;
		n += v[i].hi - (started && v[i].lo <= end ? end + 1 : v[i].lo)
		    + 1;
		end = v[i].hi;
		started = true;
	}
	free(v);
	return n;
}

static void
planner_dispose(planner_t *p)
{
	size_t i;

	arena_dispose(&p->searches);
	for (i = 0; i < p->nsessions; i++) {
		free(p->sessions[i].sources);
		free(p->sessions[i].dcs);
	}
	for (i = 0; i < p->nvlans; i++)
		free(p->vlans[i].ports);
	free(p->sessions);
	free(p->vlans);
	free(p->use);
	topo_graph_dispose(p, false);
	topo_graph_dispose(p, true);
	free(p->decaps);
	free(p->sw_caps);
	free(p->sw_ipv4);
	free(p->sensor_rank);
	free(p->choices);
	for (i = 0; i < 2 * p->inv->nsensors; i++)
		free(p->slot_sws[i]);
	free(p->slot_vlan);
	free(p->slot_sws);
	free(p->slot_nsws);
	free(p->wan_load);
	free(p->sensor_warned);
	free(p->listed);
	strmap_dispose(&p->session_keys);
	strmap_dispose(&p->dest_claims);
	strmap_dispose(&p->vlan_keys);
	strmap_dispose(&p->erspan_keys);
	observed_dispose(p);
}

struct named {
	const char	*name;
	size_t		 index;
};

static int
cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
	    ((const struct named *)b)->name);
}

/*
 * Sensors by name, once: ties between sensors are broken by name for
 * every DC, and comparing ranks spares millions of string compares.
 */
static void
rank_sensors(planner_t *p)
{
	const inventory_t *inv = p->inv;
	struct named *v = xcalloc(inv->nsensors + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < inv->nsensors; i++) {
		v[i].name = inv->sensors[i].name;
		v[i].index = i;
	}
	qsort(v, inv->nsensors, sizeof(*v), cmp_named);
	p->sensor_rank = xcalloc(inv->nsensors + 1, sizeof(*p->sensor_rank));
	for (i = 0; i < inv->nsensors; i++)
		p->sensor_rank[v[i].index] = i;
	p->first_sensor = inv->nsensors > 0 ? v[0].index : INV_NONE;
	free(v);
}

static void
planner_init(planner_t *p, const inventory_t *inv,
    const plan_observed_t *const *observed, plan_t *plan)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->inv = inv;
	p->observed = observed;
	p->plan = plan;
	p->arena = &plan->priv->arena;
	p->dl = plan->diags;
	topo_graph_init(p, false);
	topo_graph_init(p, true);
	arena_init(&p->searches);
	p->decaps = xcalloc(inv->nswitches + 1, sizeof(*p->decaps));
	p->sw_caps = xcalloc(inv->nswitches + 1, sizeof(*p->sw_caps));
	p->sw_ipv4 = xcalloc(inv->nswitches + 1, sizeof(*p->sw_ipv4));
	for (i = 0; i < inv->nswitches; i++) {
		const inv_switch_t *sw = &inv->switches[i];

		if (sw->decap)
			p->decaps[p->ndecaps++] = i;
		p->sw_caps[i] = sw->vendor->caps;
		p->sw_ipv4[i] = sw->address != NULL &&
		    parse_ip(sw->address) == ADDR_IPV4;
	}
	rank_sensors(p);
	observed_init(p);
	p->use = xcalloc(inventory_ndevices(inv) + 1, sizeof(*p->use));
	for (i = 0; i < inv->nswitches; i++)
		p->use[i].in_use = count_in_use(&p->taken_sessions[i]);
	p->listed = xcalloc(inv->ndcs + 1, sizeof(*p->listed));
	p->slot_vlan = xcalloc(2 * inv->nsensors + 1, sizeof(*p->slot_vlan));
	p->slot_sws = xcalloc(2 * inv->nsensors + 1, sizeof(*p->slot_sws));
	p->slot_nsws = xcalloc(2 * inv->nsensors + 1, sizeof(*p->slot_nsws));
	for (i = 0; i < 2 * inv->nsensors; i++)
		p->slot_vlan[i] = PLAN_NO_ID;
	p->wan_load = xcalloc(inv->nlinks + 1, sizeof(*p->wan_load));
	p->sensor_warned = xcalloc(inv->nsensors + 1,
	    sizeof(*p->sensor_warned));
	p->choices = xcalloc(inv->ndcs + 1, sizeof(*p->choices));
	topo_locate(p);
}

plan_t *
plan_build(const inventory_t *inv)
{
	return plan_build_observed(inv, NULL);
}

plan_t *
plan_build_observed(const inventory_t *inv,
    const plan_observed_t *const *observed)
{
	planner_t p;
	plan_t *plan;
	size_t d;

	plan = xcalloc(1, sizeof(*plan));
	plan->priv = xcalloc(1, sizeof(*plan->priv));
	arena_init(&plan->priv->arena);
	plan->diags = diag_list_new();
	plan->name = inv->name;
	planner_init(&p, inv, observed, plan);
	choose_all(&p);
	commit_prefer_vlans(&p);
	plan->pairs = arena_array(p.arena, inv->ndcs, sizeof(*plan->pairs));
	plan->npairs = inv->ndcs;
	for (d = 0; d < inv->ndcs; d++)
		plan_dc(&p, d);
	check_plan(&p);
	observed_check(&p);
	/* a note on a plan that has errors would only bury them */
	if (inv->nsensors > 0 && diag_errors(plan->diags) == 0)
		planner_diag(&p, "I401", (srcpos_t){ NULL, 0, 0 }, NULL, 0,
		    "where possible, install the Defender for Identity sensor "
		    "on the DC itself", "standalone sensors do not collect ETW "
		    "events; a sensor installed on the DC covers more "
		    "detections");
	export(&p);
	copy_names(&p);
	observed_keep(&p);
	planner_dispose(&p);
	diag_sort(plan->diags);
	return plan;
}

void
plan_free(plan_t *plan)
{
	if (plan == NULL)
		return;
	diag_list_free(plan->diags);
	free(plan->affinity);
	arena_dispose(&plan->priv->arena);
	free(plan->priv);
	free(plan);
}

size_t
plan_errors(const plan_t *plan)
{
	return diag_errors(plan->diags);
}

/* Lower bound of dev in an array sorted by device_index. */
#define LOWER_BOUND(arr, n, dev, out) do {				\
	size_t lo_ = 0, hi_ = (n);					\
	while (lo_ < hi_) {						\
		size_t mid_ = lo_ + (hi_ - lo_) / 2;			\
		if ((arr)[mid_].device_index < (dev))			\
			lo_ = mid_ + 1;					\
		else							\
			hi_ = mid_;					\
	}								\
	(out) = lo_;							\
} while (0)

size_t
plan_device_sessions(const plan_t *plan, size_t dev, size_t *first)
{
	size_t i;

	LOWER_BOUND(plan->sessions, plan->nsessions, dev, *first);
	for (i = *first; i < plan->nsessions &&
	    plan->sessions[i].device_index == dev; i++)
		;
	return i - *first;
}

size_t
plan_device_vlans(const plan_t *plan, size_t dev, size_t *first)
{
	size_t i;

	LOWER_BOUND(plan->vlans, plan->nvlans, dev, *first);
	for (i = *first; i < plan->nvlans && plan->vlans[i].device_index == dev;
	    i++)
		;
	return i - *first;
}
