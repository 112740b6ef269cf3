/*
 * plan_check: warnings about the committed plan (time sources, VM
 * mobility, MTU on ERSPAN paths, traffic a host keeps to itself, sensor
 * load).  They judge the result rather than whether a path can be built,
 * so they run once every DC is committed, and none of them takes a DC out
 * of the plan.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"
#include "util/xmalloc.h"

static bool
shares_ntp(const inv_dc_t *dc, const inv_sensor_t *sn)
{
	size_t i, j;

	for (i = 0; i < dc->nntp; i++)
		for (j = 0; j < sn->nntp; j++)
			if (strcmp(dc->ntp[i], sn->ntp[j]) == 0)
				return true;
	return false;
}

static void
check_time(planner_t *p, size_t dc)
{
	const inventory_t *inv = p->inv;
	const inv_dc_t *d = &inv->dcs[dc];
	const inv_sensor_t *sn = &inv->sensors[p->choices[dc].sensor];
	const char *objs[2] = { d->name, sn->name };

	if (shares_ntp(d, sn))
		return;
	planner_diag(p, "W304", d->pos, objs, 2, "point both at the same NTP "
	    "source and list it in their 'ntp'", d->nntp == 0 || sn->nntp == 0 ?
	    "%s and sensor %s share no declared time source (%s declares "
	    "none); they must agree within five minutes" : "%s and sensor %s "
	    "share no declared time source; they must agree within five "
	    "minutes", d->name, sn->name, d->nntp == 0 ? d->name : sn->name);
}

/* VM mobility: which mirrors a move inside a cluster would break. */
static void
check_mobility(planner_t *p, size_t dc)
{
	const inventory_t *inv = p->inv;
	const struct choice *c = &p->choices[dc];
	const inv_dc_t *d = &inv->dcs[dc];
	const inv_sensor_t *sn = &inv->sensors[c->sensor];
	const inv_hypervisor_t *dh = d->is_vm ?
	    &inv->hypervisors[d->vm.hypervisor] : NULL;
	const inv_hypervisor_t *sh = sn->is_vm ?
	    &inv->hypervisors[sn->vm.hypervisor] : NULL;
	const char *objs[2] = { d->name, sn->name };
	plan_affinity_t *a;
	size_t h, s;

	if (c->kind == PLAN_VSWITCH_LOCAL && dh->cluster != NULL) {
		if (inv->cluster_strategy == INV_CLUSTER_AFFINITY &&
		    !(dh->platform->caps & VENDOR_CAN_AFFINITY_RULE)) {
			planner_diag(p, "W303", d->pos, objs, 2, "create the "
			    "affinity rule by hand, or use cluster_strategy: "
			    "sensor-per-host",
			    "%s and its sensor %s can be separated within cluster "
			    "%s, and spangen cannot render an affinity rule for "
			    "%s", d->name, sn->name, dh->cluster,
			    dh->platform->name);
			return;
		}
		if (inv->cluster_strategy == INV_CLUSTER_AFFINITY) {
			p->plan->affinity = xreallocarray(p->plan->affinity,
			    p->plan->naffinity + 1, sizeof(*p->plan->affinity));
			a = &p->plan->affinity[p->plan->naffinity++];
			a->name = fmt(p, "spangen-%s-%s", d->name, sn->name);
			a->cluster = dh->cluster;
			a->hypervisor = dh->name;
			a->vms[0] = d->vm.name;
			a->vms[1] = sn->vm.name;
			return;
		}
		/* sensor-per-host: every host of the cluster needs a sensor */
		for (h = 0; h < inv->nhypervisors; h++) {
			if (inv->hypervisors[h].cluster == NULL ||
			    strcmp(inv->hypervisors[h].cluster, dh->cluster))
				continue;
			for (s = 0; s < inv->nsensors; s++)
				if (inv->sensors[s].is_vm &&
				    inv->sensors[s].vm.hypervisor == h)
					break;
			if (s == inv->nsensors) {
				planner_diag(p, "W303", d->pos, objs, 2,
				    "add a virtual sensor on that host, or use "
				    "cluster_strategy: affinity", "%s can move "
				    "to %s in cluster %s, which has no sensor",
				    d->name, inv->hypervisors[h].name,
				    dh->cluster);
				return;
			}
		}
		return;
	}
	if (dh != NULL && dh->cluster != NULL && c->kind != PLAN_VSWITCH_REMOTE
	    && c->kind != PLAN_VSWITCH_LOCAL)
		planner_diag(p, "W303", d->pos, objs, 2, "pin the VM to its "
		    "host with a VM-host rule, or watch it with a virtual "
		    "sensor on every host (sensor-per-host)", "%s can move "
		    "within cluster %s, but its mirror watches %s's uplinks "
		    "only", d->name, dh->cluster, dh->name);
	if (sh != NULL && sh->cluster != NULL && c->kind != PLAN_VSWITCH_LOCAL
	    && c->kind != PLAN_VSWITCH_REMOTE && !p->sensor_warned[c->sensor]) {
		p->sensor_warned[c->sensor] = true;
		planner_diag(p, "W303", sn->pos, &objs[1], 1, "pin the sensor "
		    "VM to its host with a VM-host rule", "sensor %s uses a "
		    "capture NIC of %s but can move within cluster %s",
		    sn->name, sh->name, sh->cluster);
	}
}

static void
check_mtu(planner_t *p, size_t dc)
{
	const inventory_t *inv = p->inv;
	const struct choice *c = &p->choices[dc];
	const struct bfs *l3 = topo_search(p, c->decap, true);
	const char *objs[1] = { inv->dcs[dc].name };
	size_t *links, n, i;
	const inv_link_t *l;
	uint32_t mtu;

	links = xreallocarray(NULL, bfs_dist(l3, c->src_sw) + 1,
	    sizeof(*links));
	n = topo_walk(p, l3, c->src_sw, links);
	for (i = 0; i < n; i++) {
		l = &inv->links[links[i]];
		mtu = l->mtu != 0 ? l->mtu : ASSUMED_MTU;
		if (mtu >= ERSPAN_MIN_MTU)
			continue;
		/*
		 * No truncation hint: a sensor needs whole frames.  Linux
		 * sources check the same rule (frame MTU + 50) themselves.
		 */
		planner_diag(p, "W302", l->pos, objs, 1, "raise the path MTU "
		    "to 1550 or more: ERSPAN adds 50 bytes to every mirrored "
		    "1500-byte frame", "link %s - %s carries ERSPAN for %s with "
		    "MTU %u%s; frames over %u bytes will be fragmented, "
		    "dropped or cut short",
		    inv->switches[l->a.sw].name, inv->switches[l->b.sw].name,
		    inv->dcs[dc].name, mtu, l->mtu == 0 ? " (assumed: none "
		    "declared)" : "", mtu - 50);
	}
	free(links);
}

static uint32_t
sensor_capacity(const planner_t *p, size_t s)
{
	const inv_sensor_t *sn = &p->inv->sensors[s];
	const struct place *pl = &p->sensors[s];

	if (sn->mbps != 0)
		return sn->mbps;
	if (pl->sw != INV_NONE)
		return inventory_port_mbps(p->inv, pl->sw, pl->ports[0]);
	return 0;
}

static void
check_oversubscription(planner_t *p)
{
	const inventory_t *inv = p->inv;
	strbuf_t parts = STRBUF_INIT(0);
	uint32_t cap;
	uint64_t load;
	size_t s, d;

	for (s = 0; s < inv->nsensors; s++) {
		if ((cap = sensor_capacity(p, s)) == 0)
			continue;
		load = 0;
		strbuf_reset(&parts);
		for (d = 0; d < inv->ndcs; d++) {
			if (p->plan->pairs[d].kind == PLAN_NONE ||
			    p->choices[d].sensor != s)
				continue;
			/* a TAP's output is cabled to the sensor apart */
			if (p->plan->pairs[d].kind == PLAN_TAP)
				continue;
			/* a capture port carries only the physical mirrors */
			if (inv->sensors[s].mbps == 0 &&
			    (p->plan->pairs[d].kind == PLAN_VSWITCH_LOCAL ||
			    p->plan->pairs[d].kind == PLAN_VSWITCH_REMOTE))
				continue;
			load += 2 * (uint64_t)topo_dc_mbps(p, d);
			strbuf_addf(&parts, "%s%s %u", parts.len > 0 ? " + " :
			    "", inv->dcs[d].name, topo_dc_mbps(p, d));
		}
		if (load <= cap)
			continue;
		planner_diag(p, "W301", inv->sensors[s].pos,
		    (const char *[]){ inv->sensors[s].name }, 1, "give DCs "
		    "measured mbps values, spread DCs over more sensors, or use "
		    "a faster sensor port", "%s %s%s is %u Mbit/s; mirrored "
		    "load is %llu Mbit/s (%s, both directions)",
		    inv->sensors[s].name, p->sensors[s].sw != INV_NONE ? "port "
		    : "", p->sensors[s].sw != INV_NONE ? p->sensors[s].ports[0]
		    : "capture interface", cap, (unsigned long long)load,
		    strbuf_str(&parts));
	}
	strbuf_dispose(&parts);
}

/*
 * A sensor is sized by the packets per second its DCs send at their
 * busiest, summed over every DC it watches.  Only what the inventory
 * gives counts: a DC without busy_pps adds nothing, and with none at all
 * the check stays silent rather than guess.
 */
static void
check_sizing(planner_t *p)
{
	const inventory_t *inv = p->inv;
	strbuf_t parts = STRBUF_INIT(0);
	uint64_t *load = xcalloc(inv->nsensors + 1, sizeof(*load));
	size_t *unknown = xcalloc(inv->nsensors + 1, sizeof(*unknown));
	uint32_t cap;
	size_t s, d;

	/* one pass over the DCs; their names only for a sensor warned of */
	for (d = 0; d < inv->ndcs; d++) {
		if (p->plan->pairs[d].kind == PLAN_NONE)
			continue;
		s = p->choices[d].sensor;
		if (inv->dcs[d].busy_pps == 0)
			unknown[s]++;
		else
			load[s] += inv->dcs[d].busy_pps;
	}
	for (s = 0; s < inv->nsensors; s++) {
		cap = inv->sensors[s].max_busy_pps != 0 ?
		    inv->sensors[s].max_busy_pps : INV_SENSOR_BUSY_PPS;
		if (load[s] <= cap)
			continue;
		strbuf_reset(&parts);
		for (d = 0; d < inv->ndcs; d++)
			if (p->plan->pairs[d].kind != PLAN_NONE &&
			    p->choices[d].sensor == s && inv->dcs[d].busy_pps != 0)
				strbuf_addf(&parts, "%s%s %u", parts.len > 0 ?
				    " + " : "", inv->dcs[d].name,
				    inv->dcs[d].busy_pps);
		if (unknown[s] > 0)
			strbuf_addf(&parts, "; %zu DC%s no busy_pps", unknown[s],
			    unknown[s] == 1 ? " gives" : "s give");
		planner_diag(p, "W306", inv->sensors[s].pos,
		    (const char *[]){ inv->sensors[s].name }, 1, "spread the "
		    "DCs over more sensors, or size this sensor for the load "
		    "(Microsoft's sizing tool) and set its max_busy_pps",
		    "sensor %s would take %llu busy packets per second (%s); "
		    "it is sized for %u%s", inv->sensors[s].name,
		    (unsigned long long)load[s], strbuf_str(&parts), cap,
		    inv->sensors[s].max_busy_pps != 0 ? " (its max_busy_pps)" :
		    " (the default)");
	}
	strbuf_dispose(&parts);
	free(load);
	free(unknown);
}

/*
 * Mirrored from its host's uplinks, a VM is seen only in what leaves the
 * host: its traffic to other VMs there stays on the virtual switch.
 */
static void
check_host_traffic(planner_t *p, size_t dc)
{
	const inventory_t *inv = p->inv;
	const inv_dc_t *d = &inv->dcs[dc];

	if (!d->is_vm || inv->sensors[p->choices[dc].sensor].is_vm)
		return;
	planner_diag(p, "W305", d->pos, (const char *[]){ d->name }, 1,
	    "check that the virtual switch sends the VM's traffic out of the "
	    "mirrored uplinks (no local switching to other VMs)", "%s is "
	    "mirrored from %s's uplinks: traffic between it and other VMs on "
	    "the host never reaches them", d->name,
	    inv->hypervisors[d->vm.hypervisor].name);
}

void
check_plan(planner_t *p)
{
	size_t d;

	for (d = 0; d < p->inv->ndcs; d++) {
		if (p->plan->pairs[d].kind == PLAN_NONE)
			continue;
		check_time(p, d);
		check_mobility(p, d);
		if (p->choices[d].kind == PLAN_ERSPAN)
			check_mtu(p, d);
		check_host_traffic(p, d);
	}
	check_oversubscription(p);
	check_sizing(p);
}
