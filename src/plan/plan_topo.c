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
#include <string.h>

#include "plan/plan_int.h"
#include "util/xmalloc.h"

/* ---- topology -------------------------------------------------------- */

static size_t
link_other(const inv_link_t *l, size_t sw)
{
	return l->a.sw == sw ? l->b.sw : l->a.sw;
}

static void
adjacency(planner_t *p, bool l3, struct topo_graph *g)
{
	const inventory_t *inv = p->inv;
	size_t *fill, i, ends[2], e;
	const inv_link_t *l;

	g->off = xcalloc(inv->nswitches + 1, sizeof(*g->off));
	for (i = 0; i < inv->nlinks; i++) {
		l = &inv->links[i];
		if ((l->kind == INV_LINK_TRUNK) == l3)
			continue;
		g->off[l->a.sw + 1]++;
		g->off[l->b.sw + 1]++;
	}
	for (i = 0; i < inv->nswitches; i++)
		g->off[i + 1] += g->off[i];
	g->adj = xcalloc(g->off[inv->nswitches] + 1, sizeof(*g->adj));
	fill = xcalloc(inv->nswitches + 1, sizeof(*fill));
	for (i = 0; i < inv->nlinks; i++) {
		l = &inv->links[i];
		if ((l->kind == INV_LINK_TRUNK) == l3)
			continue;
		ends[0] = l->a.sw;
		ends[1] = l->b.sw;
		for (e = 0; e < 2; e++)
			g->adj[g->off[ends[e]] + fill[ends[e]]++] = i;
	}
	free(fill);
}

/* Numbers the connected parts, and each switch within its part. */
static void
number_parts(planner_t *p, struct topo_graph *g)
{
	size_t n = p->inv->nswitches, *queue, head, tail, s, u, v, k;
	uint32_t nparts = 0;

	g->part = xreallocarray(NULL, n + 1, sizeof(*g->part));
	g->local = xreallocarray(NULL, n + 1, sizeof(*g->local));
	g->part_size = xcalloc(n + 1, sizeof(*g->part_size));
	queue = xreallocarray(NULL, n + 1, sizeof(*queue));
	for (u = 0; u < n; u++)
		g->part[u] = UNREACHED;
	for (s = 0; s < n; s++) {
		if (g->part[s] != UNREACHED)
			continue;
		head = tail = 0;
		queue[tail++] = s;
		g->part[s] = nparts;
		while (head < tail) {
			u = queue[head++];
			g->local[u] = g->part_size[nparts]++;
			for (k = g->off[u]; k < g->off[u + 1]; k++) {
				v = link_other(&p->inv->links[g->adj[k]], u);
				if (g->part[v] == UNREACHED) {
					g->part[v] = nparts;
					queue[tail++] = v;
				}
			}
		}
		nparts++;
	}
	free(queue);
}

void
topo_graph_init(planner_t *p, bool l3)
{
	struct topo_graph *g = l3 ? &p->l3 : &p->trunk;

	adjacency(p, l3, g);
	number_parts(p, g);
	g->bfs = xcalloc(p->inv->nswitches + 1, sizeof(*g->bfs));
}

void
topo_graph_dispose(planner_t *p, bool l3)
{
	struct topo_graph *g = l3 ? &p->l3 : &p->trunk;

	free(g->adj);
	free(g->off);
	free(g->part);
	free(g->local);
	free(g->part_size);
	free(g->bfs);
	memset(g, 0, sizeof(*g));
}

/*
 * Hops from start to every switch of its part.  A trunk search passes only
 * through switches that can carry an RSPAN VLAN (the ends are checked by
 * callers); an L3 search passes through anything, since routers just
 * forward GRE.
 */
const struct bfs *
topo_search_new(planner_t *p, size_t start, bool l3)
{
	const struct topo_graph *g = l3 ? &p->l3 : &p->trunk;
	uint32_t size = g->part_size[g->part[start]], *queue, head = 0,
	    tail = 0, u, v;
	size_t k;
	struct bfs *b;

	b = arena_alloc(&p->searches, sizeof(*b));
	b->g = g;
	b->part = g->part[start];
	b->dist = arena_array(&p->searches, size, sizeof(*b->dist));
	b->via = arena_array(&p->searches, size, sizeof(*b->via));
	for (u = 0; u < size; u++)
		b->dist[u] = b->via[u] = UNREACHED;
	/* the queue holds switch numbers; dist and via, indexes in the part */
	queue = xreallocarray(NULL, size, sizeof(*queue));
	b->dist[g->local[start]] = 0;
	queue[tail++] = (uint32_t)start;
	while (head < tail) {
		u = queue[head++];
		if (!l3 && u != start && !sw_can(p, u, VENDOR_CAN_RSPAN_TRANSIT))
			continue;
		for (k = g->off[u]; k < g->off[u + 1]; k++) {
			v = (uint32_t)link_other(&p->inv->links[g->adj[k]], u);
			if (b->dist[g->local[v]] != UNREACHED)
				continue;
			b->dist[g->local[v]] = b->dist[g->local[u]] + 1;
			b->via[g->local[v]] = (uint32_t)g->adj[k];
			queue[tail++] = v;
		}
	}
	free(queue);
	g->bfs[start] = b;
	return b;
}

/* The links from sw back to the search's start, in that order. */
size_t
topo_walk(const planner_t *p, const struct bfs *b, size_t sw, size_t *links)
{
	size_t n = 0;
	uint32_t via;

	while (b->g->part[sw] == b->part &&
	    (via = b->via[b->g->local[sw]]) != UNREACHED) {
		links[n++] = via;
		sw = link_other(&p->inv->links[via], sw);
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

	*links = xreallocarray(NULL, bfs_dist(b, from) + 1, sizeof(**links));
	*sws = xreallocarray(NULL, bfs_dist(b, from) + 1, sizeof(**sws));
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
