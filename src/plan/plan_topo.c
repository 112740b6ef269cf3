/*
 * plan_topo: the topology as the planner reads it, and where each DC's
 * traffic enters it and each sensor listens.  Links become adjacency
 * arrays per switch and are searched breadth-first, each search cached by
 * its start switch, because choosing compares hundreds of sensors against
 * the same few starts.  Places are worked out once, before any path is
 * tried, so a DC split over switches is reported as such rather than as a
 * failure of every path kind.
 */
#include <stdlib.h>

#include "plan/plan_int.h"
#include "util/xmalloc.h"

/* ---- topology -------------------------------------------------------- */

static size_t
link_other(const inv_link_t *l, size_t sw)
{
	return l->a.sw == sw ? l->b.sw : l->a.sw;
}

void
topo_adjacency(planner_t *p, bool l3, size_t **adj_out, size_t **off_out)
{
	const inventory_t *inv = p->inv;
	size_t *off, *adj, *fill, i, ends[2], e;
	const inv_link_t *l;

	off = xcalloc(inv->nswitches + 1, sizeof(*off));
	for (i = 0; i < inv->nlinks; i++) {
		l = &inv->links[i];
		if ((l->kind == INV_LINK_TRUNK) == l3)
			continue;
		off[l->a.sw + 1]++;
		off[l->b.sw + 1]++;
	}
	for (i = 0; i < inv->nswitches; i++)
		off[i + 1] += off[i];
	adj = xcalloc(off[inv->nswitches] + 1, sizeof(*adj));
	fill = xcalloc(inv->nswitches + 1, sizeof(*fill));
	for (i = 0; i < inv->nlinks; i++) {
		l = &inv->links[i];
		if ((l->kind == INV_LINK_TRUNK) == l3)
			continue;
		ends[0] = l->a.sw;
		ends[1] = l->b.sw;
		for (e = 0; e < 2; e++)
			adj[off[ends[e]] + fill[ends[e]]++] = i;
	}
	free(fill);
	*adj_out = adj;
	*off_out = off;
}

/*
 * Hops from start to every switch.  A trunk search passes only through
 * switches that can carry an RSPAN VLAN (the ends are checked by callers);
 * an L3 search passes through anything, since routers just forward GRE.
 */
const struct bfs *
topo_search_new(planner_t *p, size_t start, bool l3)
{
	struct bfs **cache = l3 ? p->l3_bfs : p->trunk_bfs;
	const size_t *adj = l3 ? p->l3_adj : p->trunk_adj;
	const size_t *off = l3 ? p->l3_off : p->trunk_off;
	size_t n = p->inv->nswitches, *queue, head = 0, tail = 0, u, v, k;
	struct bfs *b;

	/* every search lives as long as the planner: tens of MB on 10k switches */
	b = arena_alloc(&p->searches, sizeof(*b));
	b->dist = arena_array(&p->searches, n, sizeof(*b->dist));
	b->via = arena_array(&p->searches, n, sizeof(*b->via));
	for (u = 0; u < n; u++)
		b->dist[u] = b->via[u] = UNREACHED;
	queue = xreallocarray(NULL, n, sizeof(*queue));
	b->dist[start] = 0;
	queue[tail++] = start;
	while (head < tail) {
		u = queue[head++];
		if (!l3 && u != start && !sw_can(p, u, VENDOR_CAN_RSPAN_TRANSIT))
			continue;
		for (k = off[u]; k < off[u + 1]; k++) {
			v = link_other(&p->inv->links[adj[k]], u);
			if (b->dist[v] != UNREACHED)
				continue;
			b->dist[v] = b->dist[u] + 1;
			b->via[v] = (uint32_t)adj[k];
			queue[tail++] = v;
		}
	}
	free(queue);
	cache[start] = b;
	return b;
}

/* The links from sw back to the search's start, in that order. */
size_t
topo_walk(const planner_t *p, const struct bfs *b, size_t sw, size_t *links)
{
	size_t n = 0;

	while (b->via[sw] != UNREACHED) {
		links[n++] = b->via[sw];
		sw = link_other(&p->inv->links[b->via[sw]], sw);
	}
	return n;
}

/* The RSPAN leg from switch from to switch to along a trunk search. */
size_t
topo_trunk_leg(planner_t *p, size_t from, size_t to, size_t **links,
    size_t **sws)
{
	const struct bfs *b = topo_search(p, to, false);
	size_t n, i, sw = from;

	*links = xreallocarray(NULL, b->dist[from] + 1, sizeof(**links));
	*sws = xreallocarray(NULL, b->dist[from] + 1, sizeof(**sws));
	n = topo_walk(p, b, from, *links);
	for (i = 0; i <= n; i++) {
		(*sws)[i] = sw;
		if (i < n)
			sw = link_other(&p->inv->links[(*links)[i]], sw);
	}
	return n;
}

/* ---- where things are ------------------------------------------------ */

static void
place_ports(planner_t *p, struct place *pl, const inv_endpoint_t *eps,
    size_t n, bool host)
{
	const char *a, *b;
	size_t i;

	pl->ports = arena_array(p->arena, n, sizeof(*pl->ports));
	pl->sw = n > 0 ? eps[0].sw : INV_NONE;
	for (i = 0; i < n; i++) {
		pl->ports[pl->nports++] = eps[i].port;
		if (eps[i].sw == pl->sw || pl->problem != NULL)
			continue;
		a = p->inv->switches[pl->sw].name;
		b = p->inv->switches[eps[i].sw].name;
		pl->problem = host ? fmt(p, "the host's uplinks are on %s and "
		    "%s, so its traffic can leave by either", a, b) :
		    fmt(p, "its ports are on %s and %s, so its traffic is "
		    "split between switches", a, b);
		pl->problem_code = "E207";
	}
}

void
topo_locate(planner_t *p)
{
	const inventory_t *inv = p->inv;
	const inv_hypervisor_t *hv;
	struct place *pl;
	size_t i;

	p->dcs = arena_array(p->arena, inv->ndcs, sizeof(*p->dcs));
	for (i = 0; i < inv->ndcs; i++) {
		const inv_dc_t *dc = &inv->dcs[i];

		pl = &p->dcs[i];
		pl->sw = INV_NONE;
		if (dc->is_vm) {
			pl->is_vm = true;
			pl->host = dc->vm.hypervisor;
			hv = &inv->hypervisors[pl->host];
			if (hv->nuplinks == 0) {
				pl->problem = fmt(p, "hypervisor %s declares "
				    "no uplinks", hv->name);
				pl->problem_code = "E201";
			} else
				place_ports(p, pl, hv->uplinks, hv->nuplinks,
				    true);
		} else if (dc->has_lag)
			place_ports(p, pl, &dc->lag, 1, false);
		else
			place_ports(p, pl, dc->ports, dc->nports, false);
	}
	p->sensors = arena_array(p->arena, inv->nsensors, sizeof(*p->sensors));
	for (i = 0; i < inv->nsensors; i++) {
		const inv_sensor_t *sn = &inv->sensors[i];

		pl = &p->sensors[i];
		pl->sw = INV_NONE;
		if (sn->is_vm) {
			pl->is_vm = true;
			pl->host = sn->vm.hypervisor;
			hv = &inv->hypervisors[pl->host];
			if (sn->vm.capture_nic != INV_NONE)
				place_ports(p, pl,
				    &hv->capture_nics[sn->vm.capture_nic].port,
				    1, false);
			else {
				pl->problem = fmt(p, "virtual sensor %s has no "
				    "dedicated capture NIC on %s", sn->name,
				    hv->name);
				pl->problem_code = "E205";
			}
		} else
			place_ports(p, pl, &sn->port, 1, false);
	}
}

/* ---- what a DC sends ------------------------------------------------- */

uint32_t
topo_dc_mbps(const planner_t *p, size_t dc)
{
	const inv_dc_t *d = &p->inv->dcs[dc];
	uint32_t sum = 0;
	size_t i;

	if (d->mbps != 0)
		return d->mbps;
	if (d->is_vm)
		return VM_DEFAULT_MBPS;
	for (i = 0; i < d->nports; i++)
		sum += inventory_port_mbps(p->inv, d->ports[i].sw,
		    d->ports[i].port);
	return sum;
}
