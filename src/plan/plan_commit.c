/*
 * plan_commit: phase 2, where each chosen path claims what it needs:
 * sessions and their ids, RSPAN VLANs, ERSPAN ids, destination ports and
 * WAN headroom.  Every commit runs twice, a dry run that checks everything
 * and records nothing, then the real run, so a DC that fails any check
 * takes nothing and the DCs committed before it keep their plan.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"
#include "util/qfmt.h"
#include "util/xmalloc.h"

/* ---- sessions -------------------------------------------------------- */

static struct session *
find_session(planner_t *p, const char *key)
{
	size_t i;

	return strmap_get(&p->session_keys, key, &i) ? &p->sessions[i] : NULL;
}

static bool
role_has_local_sources(plan_role_t role)
{
	return role == ROLE_SPAN || role == ROLE_RSPAN_SOURCE ||
	    role == ROLE_ERSPAN_SOURCE || role == ROLE_VSWITCH_SOURCE;
}

static bool
id_taken(const planner_t *p, size_t dev, uint32_t id)
{
	if (id < p->use[dev].next_id)
		return true;
	return dev < p->inv->nswitches &&
	    ranges_contain(&p->taken_sessions[dev], id);
}

/*
 * A session the dry run would create.  Later sessions of the same commit
 * count it, so a path that puts two sessions on one device is checked as
 * a whole, and the real run can never fail where the dry run passed.
 */
struct pending {
	size_t		 dev;
	uint32_t	 id;
	uint32_t	 cost;
	bool		 local;
	char		 key[512];
};

static void
fail(struct commit *cm, const char *code, const char *hint, const char *why)
{
	if (cm->code != NULL)
		return;
	cm->code = code;
	cm->why = why;
	cm->hint = hint;
}

static void
touch_device(struct commit *cm, size_t dev)
{
	const char *name = dev_name(cm->p, dev);
	size_t i;

	for (i = 0; i < cm->ndevices; i++)
		if (strcmp(cm->devices[i], name) == 0)
			return;
	cm->devices = xreallocarray(cm->devices, cm->ndevices + 1,
	    sizeof(*cm->devices));
	cm->devices[cm->ndevices++] = name;
}

static void
push_str(const char ***v, size_t *n, size_t *cap, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	if (*n == *cap) {
		*cap = *cap == 0 ? 4 : *cap * 2;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[(*n)++] = s;
}

/* One session a path needs, found or created by need_session(). */
struct session_need {
	size_t		 dev;
	plan_role_t	 role;
	const char	*destination;	/* "interface X", "vlan N", ... */
	const char	*dest_port;	/* a port the session claims, or NULL */
	const char *const *srcs;
	size_t		 nsrcs;
	uint32_t	 vlan;		/* PLAN_NO_ID: none */
	uint32_t	 erspan_id;	/* PLAN_NO_ID: none */
	const char	*origin;	/* erspan-source: local address */
	const char	*erspan_address;/* erspan-*: the decapsulator's */
	unsigned int	 erspan_type;	/* erspan-*: VENDOR_ERSPAN_* */
};

/* Mirror directions a session costs: a source session mirrors both. */
static uint32_t
session_cost(plan_role_t role)
{
	return role_has_local_sources(role) ? 2 : 1;
}

/* A destination port serves one session: E202 if another has it. */
static bool
port_free(struct commit *cm, const struct session_need *n,
    const struct session *s, const char *claim)
{
	planner_t *p = cm->p;
	size_t idx;

	if (!strmap_get(&p->dest_claims, claim, &idx) ||
	    (s != NULL && &p->sessions[idx] == s))
		return true;
	fail(cm, "E202", "a destination port serves one session; use another "
	    "sensor port, or mirror these DCs the same way", fmt(p, "%s port "
	    "%s is already the destination of %s session %u",
	    dev_name(p, n->dev), n->dest_port,
	    plan_role_names[p->sessions[idx].role], p->sessions[idx].id));
	return false;
}

/* An existing session takes the new sources up to the vendor's limit. */
static bool
sources_fit(struct commit *cm, const struct session_need *n,
    const struct session *s)
{
	planner_t *p = cm->p;
	const vendor_t *v = inventory_device_vendor(p->inv, n->dev);
	size_t i, j, added = 0;

	for (i = 0; i < n->nsrcs; i++) {
		for (j = 0; j < s->nsources; j++)
			if (strcmp(s->sources[j], n->srcs[i]) == 0)
				break;
		added += j == s->nsources;
	}
	if (v->limits.sources_per_session == 0 ||
	    s->nsources + added <= v->limits.sources_per_session)
		return true;
	fail(cm, "E203", "mirror fewer DCs to this sensor, or use a LAG port "
	    "as the source", fmt(p, "%s (%s) session %u would have %zu "
	    "sources; the vendor allows %u", dev_name(p, n->dev), v->name,
	    s->id, s->nsources + added, v->limits.sources_per_session));
	return false;
}

static bool
pending_has(const struct commit *cm, const char *key)
{
	size_t i;

	for (i = 0; i < cm->npending; i++)
		if (strcmp(cm->pending[i].key, key) == 0)
			return true;
	return false;
}

/*
 * Whether the device can run one more session of this kind, counting
 * those it runs, those earlier DCs took and those this commit's dry run
 * would add.  Sessions listed in in_use are of unknown kind: they count
 * against every limit, as source sessions in both directions.
 */
static bool
limits_allow(struct commit *cm, const struct session_need *n)
{
	planner_t *p = cm->p;
	const vendor_t *v = inventory_device_vendor(p->inv, n->dev);
	const struct device_use *u = &p->use[n->dev];
	struct device_use want = *u;
	bool local = role_has_local_sources(n->role);
	size_t i;

	for (i = 0; i < cm->npending; i++) {
		if (cm->pending[i].dev != n->dev)
			continue;
		want.sessions++;
		want.source_sessions += cm->pending[i].local;
		want.directions += cm->pending[i].cost;
	}
	want.sessions += u->in_use + 1;
	want.source_sessions += u->in_use + local;
	want.directions += 2 * u->in_use + session_cost(n->role);
	if (v->limits.sources_per_session != 0 &&
	    n->nsrcs > v->limits.sources_per_session) {
		fail(cm, "E203", "mirror a LAG instead of its members, or "
		    "split the DC's ports over sessions by hand",
		    fmt(p, "%s (%s) session would have %zu sources; the vendor "
		    "allows %u",
		    dev_name(p, n->dev), v->name, n->nsrcs,
		    v->limits.sources_per_session));
		return false;
	}
	if (v->limits.sessions != 0 && want.sessions > v->limits.sessions) {
		fail(cm, "E203", "free a session on the device (and remove it "
		    "from in_use), or move the sensor", fmt(p, "%s (%s) would "
		    "need %u sessions; the vendor allows %u (%u already in "
		    "use)", dev_name(p, n->dev), v->name, want.sessions,
		    v->limits.sessions, u->in_use));
		return false;
	}
	if (local && v->limits.source_sessions != 0 &&
	    want.source_sessions > v->limits.source_sessions) {
		fail(cm, "E203", u->in_use > 0 ? "sessions in in_use count as "
		    "source sessions: list only those that exist, or mirror "
		    "these DCs to a shared sensor" : "mirror these DCs to a "
		    "shared sensor so they share a session", fmt(p, "%s (%s) "
		    "would need %u source sessions; the vendor allows %u%s",
		    dev_name(p, n->dev), v->name, want.source_sessions,
		    v->limits.source_sessions, u->in_use > 0 ? fmt(p, " (%u "
		    "of them in in_use)", u->in_use) : ""));
		return false;
	}
	if (v->limits.directions != 0 &&
	    want.directions > v->limits.directions) {
		fail(cm, "E203", "each 'both' session costs two directions on "
		    "this platform", fmt(p, "%s (%s) would need %u mirror "
		    "directions; the vendor allows %u", dev_name(p, n->dev),
		    v->name, want.directions, v->limits.directions));
		return false;
	}
	return true;
}

/*
 * The lowest session id the vendor accepts that is free on the device
 * and not taken by this commit's dry run.
 */
static bool
free_id(struct commit *cm, size_t dev, uint32_t *out)
{
	planner_t *p = cm->p;
	const vendor_t *v = inventory_device_vendor(p->inv, dev);
	uint32_t id;
	size_t i;

	for (id = p->use[dev].next_id; id <= 65535; id++) {
		if (!ranges_contain(&v->limits.session_ids, id) ||
		    id_taken(p, dev, id))
			continue;
		for (i = 0; i < cm->npending; i++)
			if (cm->pending[i].dev == dev &&
			    cm->pending[i].id == id)
				break;
		if (i == cm->npending)
			break;
	}
	if (id > 65535) {
		fail(cm, "E203", "free a session id on the device",
		    fmt(p, "%s (%s) has no free session id", dev_name(p, dev),
		    v->name));
		return false;
	}
	*out = id;
	return true;
}

static void
add_pending(struct commit *cm, const struct session_need *n, uint32_t id,
    const char *key)
{
	struct pending *pd;

	cm->pending = xreallocarray(cm->pending, cm->npending + 1,
	    sizeof(*cm->pending));
	pd = &cm->pending[cm->npending++];
	pd->dev = n->dev;
	pd->id = id;
	pd->cost = session_cost(n->role);
	pd->local = role_has_local_sources(n->role);
	(void)qfmt_snprintf(pd->key, sizeof(pd->key), "%s", key);
}

/* Creates the session in the ledger; the real run only. */
static struct session *
add_session(struct commit *cm, const struct session_need *n, uint32_t id,
    const char *key, const char *claim)
{
	planner_t *p = cm->p;
	struct device_use *u = &p->use[n->dev];
	struct session *s;

	if (p->nsessions == p->cap_sessions) {
		p->cap_sessions = p->cap_sessions == 0 ? 16 :
		    p->cap_sessions * 2;
		p->sessions = xreallocarray(p->sessions, p->cap_sessions,
		    sizeof(*p->sessions));
	}
	s = &p->sessions[p->nsessions];
	memset(s, 0, sizeof(*s));
	s->device = n->dev;
	s->role = n->role;
	s->destination = n->destination;
	s->dest_port = n->dest_port;
	s->id = id;
	s->vlan = n->vlan;
	s->erspan_id = n->erspan_id;
	s->erspan_type = n->erspan_type;
	s->origin = n->origin;
	s->erspan_address = n->erspan_address;
	s->sensor = p->inv->sensors[p->choices[cm->dc].sensor].name;
	(void)strmap_add(&p->session_keys, arena_strdup(p->arena, key),
	    p->nsessions);
	if (n->dest_port != NULL)
		(void)strmap_add(&p->dest_claims, arena_strdup(p->arena, claim),
		    p->nsessions);
	p->nsessions++;
	u->sessions++;
	u->source_sessions += role_has_local_sources(n->role);
	u->directions += session_cost(n->role);
	u->next_id = id + 1;
	return s;
}

/*
 * Adds sources to the session (device, role, destination), creating it if
 * needed.  The dry run checks the vendor's limits and the destination port;
 * the real run records everything.
 */
static void
need_session(struct commit *cm, const struct session_need *n)
{
	planner_t *p = cm->p;
	struct session *s;
	char key[512], claim[512];
	size_t i;
	uint32_t id;

	touch_device(cm, n->dev);
	(void)qfmt_snprintf(key, sizeof(key), "%zu|%d|%s", n->dev, (int)n->role,
	    n->destination);
	s = find_session(p, key);
	if (n->dest_port != NULL) {
		(void)qfmt_snprintf(claim, sizeof(claim), "%zu|%s", n->dev,
		    n->dest_port);
		if (!port_free(cm, n, s, claim))
			return;
	}
	if (s != NULL) {
		if (!sources_fit(cm, n, s))
			return;
	} else {
		/* a session this commit creates already needs no second */
		if (pending_has(cm, key) || !limits_allow(cm, n) ||
		    !free_id(cm, n->dev, &id))
			return;
		if (!cm->apply) {
			add_pending(cm, n, id, key);
			return;
		}
		s = add_session(cm, n, id, key, claim);
	}
	if (!cm->apply)
		return;
	for (i = 0; i < n->nsrcs; i++)
		push_str(&s->sources, &s->nsources, &s->cap_sources,
		    n->srcs[i]);
	push_str(&s->dcs, &s->ndcs, &s->cap_dcs, p->inv->dcs[cm->dc].name);
}

/* The session on the sensor's switch that reads an RSPAN VLAN. */
static void
need_rspan_destination(struct commit *cm, const struct choice *c,
    uint32_t vlan)
{
	planner_t *p = cm->p;

	need_session(cm, &(struct session_need){ .dev = c->dst_sw,
	    .role = ROLE_RSPAN_DESTINATION,
	    .destination = fmt(p, "interface %s", c->dst_port),
	    .dest_port = c->dst_port,
	    .srcs = (const char *[]){ fmt(p, "vlan %u", vlan) }, .nsrcs = 1,
	    .vlan = vlan, .erspan_id = PLAN_NO_ID });
}

/* ---- RSPAN VLANs and ERSPAN ids -------------------------------------- */

static bool
vlan_fits(const planner_t *p, uint32_t vlan, const size_t *sws, size_t n,
    size_t *bad)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ranges_contain(&p->taken_vlans[sws[i]], vlan)
		    || !ranges_contain(&sw_vendor(p, sws[i])->limits.rspan_vlans,
		    vlan)) {
			*bad = sws[i];
			return false;
		}
	return true;
}

/*
 * The RSPAN VLAN for a sensor: one per destination, shared by every
 * source switch sending to it, because a destination session reads one
 * remote VLAN and a destination port serves one session.
 */
static uint32_t
need_vlan(struct commit *cm, size_t slot, const size_t *sws, size_t n)
{
	planner_t *p = cm->p;
	const ranges_t *pool = &p->inv->rspan_vlans;
	uint32_t vlan = p->slot_vlan[slot];
	size_t i, bad, sensor = slot / 2;

	if (vlan != PLAN_NO_ID) {
		if (!vlan_fits(p, vlan, sws, n, &bad))
			fail(cm, "E204", "take the VLAN out of in_use there if "
			    "it is free, or give this DC another sensor",
			    fmt(p, "RSPAN VLAN %u of sensor %s cannot be used "
			    "on %s", vlan, p->inv->sensors[sensor].name,
			    dev_name(p, bad)));
		return vlan;
	}
	if (pool->n == 0) {
		fail(cm, "E204", "add pools.rspan_vlans, e.g. [\"900-909\"]",
		    "the inventory has no pools.rspan_vlans to allocate an "
		    "RSPAN VLAN from");
		return PLAN_NO_ID;
	}
	for (i = 0; i < pool->n; i++)
		for (vlan = pool->v[i].lo; vlan <= pool->v[i].hi; vlan++)
			if (!p->vlan_taken[vlan] &&
			    vlan_fits(p, vlan, sws, n, &bad)) {
				if (cm->apply) {
					p->slot_vlan[slot] = vlan;
					p->vlan_taken[vlan] = true;
				}
				return vlan;
			}
	fail(cm, "E204", "widen pools.rspan_vlans or free VLANs listed in "
	    "in_use", fmt(p, "pools.rspan_vlans has no VLAN free on every "
	    "switch of the path (%zu switches)", n));
	return PLAN_NO_ID;
}

/* Computed once: ids every ERSPAN-capable switch of the inventory takes. */
static bool
all_sources_accept(planner_t *p, uint32_t id)
{
	const vendor_t *last = NULL;
	size_t i;
	uint32_t k;

	if (!p->erspan_common_known) {
		for (k = 0; k < 1024; k++)
			p->erspan_common[k] = true;
		/* a vendor seen just before adds nothing: skip the run */
		for (i = 0; i < p->inv->nswitches; i++) {
			if (!sw_can(p, i, VENDOR_CAN_ERSPAN_SOURCE) ||
			    sw_vendor(p, i) == last)
				continue;
			last = sw_vendor(p, i);
			for (k = 0; k < 1024; k++)
				p->erspan_common[k] &= ranges_contain(
				    &last->limits.erspan_ids, k);
		}
		p->erspan_common_known = true;
	}
	return id < 1024 && p->erspan_common[id];
}

static uint32_t
need_erspan_id(struct commit *cm, size_t s, size_t dx, size_t sensor)
{
	planner_t *p = cm->p;
	const ranges_t *pool = &p->inv->erspan_ids;
	char key[64];
	size_t i, have;
	uint32_t id;
	int pass;

	(void)qfmt_snprintf(key, sizeof(key), "%zu|%zu", dx, sensor);
	if (strmap_get(&p->erspan_keys, key, &have)) {
		if (!ranges_contain(&sw_vendor(p, s)->limits.erspan_ids,
		    (uint32_t)have))
			fail(cm, "E204", "give this DC a sensor of its own",
			    fmt(p, "ERSPAN id %zu, shared by the sessions to "
			    "%s, is outside what %s (%s) accepts", have,
			    p->inv->sensors[sensor].name, dev_name(p, s),
			    sw_vendor(p, s)->name));
		return (uint32_t)have;
	}
	if (pool->n == 0) {
		fail(cm, "E204", "add pools.erspan_ids, e.g. [\"100-199\"]",
		    "the inventory has no pools.erspan_ids to allocate an "
		    "ERSPAN id from");
		return PLAN_NO_ID;
	}
	/*
	 * Prefer an id every ERSPAN source of the inventory accepts: other
	 * switches may join this decapsulator and sensor later.
	 */
	for (pass = 0; pass < 2; pass++)
	for (i = 0; i < pool->n; i++)
		for (id = pool->v[i].lo; id <= pool->v[i].hi; id++)
			if (!p->erspan_taken[id] && ranges_contain(
			    &sw_vendor(p, s)->limits.erspan_ids, id) &&
			    ranges_contain(&sw_vendor(p, dx)->limits.erspan_ids,
			    id) && (pass == 1 || all_sources_accept(p, id))) {
				if (cm->apply) {
					p->erspan_taken[id] = true;
					(void)strmap_add(&p->erspan_keys,
					    arena_strdup(p->arena, key), id);
				}
				return id;
			}
	fail(cm, "E204", "widen pools.erspan_ids", "pools.erspan_ids has no "
	    "free id both ends accept");
	return PLAN_NO_ID;
}

/* ---- paths ----------------------------------------------------------- */

/* Records the RSPAN VLAN on a switch and a trunk port to add it to. */
static void
vlan_on(struct commit *cm, size_t sw, uint32_t vlan, const char *port)
{
	planner_t *p = cm->p;
	struct vlan_use *vu;
	char key[64];
	size_t i;

	touch_device(cm, sw);
	if (!cm->apply)
		return;
	(void)qfmt_snprintf(key, sizeof(key), "%zu|%u", sw, vlan);
	if (!strmap_get(&p->vlan_keys, key, &i)) {
		if (p->nvlans == p->cap_vlans) {
			p->cap_vlans = p->cap_vlans == 0 ? 16 : p->cap_vlans * 2;
			p->vlans = xreallocarray(p->vlans, p->cap_vlans,
			    sizeof(*p->vlans));
		}
		i = p->nvlans++;
		memset(&p->vlans[i], 0, sizeof(p->vlans[i]));
		p->vlans[i].device = sw;
		p->vlans[i].vlan = vlan;
		(void)strmap_add(&p->vlan_keys, arena_strdup(p->arena, key), i);
	}
	vu = &p->vlans[i];
	if (port != NULL)
		push_str(&vu->ports, &vu->nports, &vu->cap, port);
}

static void
apply_leg(struct commit *cm, const size_t *links, const size_t *sws,
    size_t n, uint32_t vlan)
{
	const inv_link_t *l;
	size_t i;

	for (i = 0; i <= n; i++)
		vlan_on(cm, sws[i], vlan, NULL);
	for (i = 0; i < n; i++) {
		l = &cm->p->inv->links[links[i]];
		/*
		 * A trunk whose declared allowed list already carries the VLAN
		 * needs no change, and its rollback must not take it away.
		 */
		if (l->has_allowed && ranges_contain(&l->allowed_vlans, vlan))
			continue;
		vlan_on(cm, l->a.sw, vlan, l->a.port);
		vlan_on(cm, l->b.sw, vlan, l->b.port);
	}
}

static uint64_t
erspan_load(uint32_t mbps)
{
	/* both directions, plus the encapsulation, rounded up */
	return ((uint64_t)mbps * 2 * (100 + ERSPAN_OVERHEAD_PCT) + 99) / 100;
}

static void
commit_erspan(struct commit *cm, const struct choice *c, const char *dcname,
    const char *const *srcs, size_t nsrcs)
{
	planner_t *p = cm->p;
	const inventory_t *inv = p->inv;
	const struct bfs *l3 = topo_search(p, c->decap, true);
	const inv_switch_t *dx = &inv->switches[c->decap];
	size_t *l3links, n, i, *links = NULL, *sws = NULL, nleg = 0;
	uint64_t load = erspan_load(topo_dc_mbps(p, cm->dc));
	const inv_link_t *l;
	uint32_t id, vlan = PLAN_NO_ID;

	l3links = xreallocarray(NULL, bfs_dist(l3, c->src_sw) + 1,
	    sizeof(*l3links));
	n = topo_walk(p, l3, c->src_sw, l3links);
	for (i = 0; i < n; i++) {
		l = &inv->links[l3links[i]];
		if (l->kind != INV_LINK_WAN ||
		    p->wan_load[l3links[i]] + load <= l->headroom_mbps)
			continue;
		fail(cm, "E208", l->headroom_mbps == 0 ? "declare the link's "
		    "headroom_mbps, or mirror this DC to a sensor on its own "
		    "side of the WAN" : "give the DC a measured mbps, add "
		    "headroom, or put a sensor on the DC's side of the WAN",
		    fmt(p, "WAN link %s - %s has %u Mbit/s headroom; ERSPAN "
		    "load would be %llu Mbit/s (%s %u, both directions, plus "
		    "%d%% encapsulation%s)", inv->switches[l->a.sw].name,
		    inv->switches[l->b.sw].name, l->headroom_mbps,
		    (unsigned long long)(p->wan_load[l3links[i]] + load),
		    dcname, topo_dc_mbps(p, cm->dc), ERSPAN_OVERHEAD_PCT,
		    p->wan_load[l3links[i]] > 0 ? ", plus earlier DCs" : ""));
	}
	id = need_erspan_id(cm, c->src_sw, c->decap, c->sensor);
	if (c->decap != c->dst_sw) {
		nleg = topo_trunk_leg(p, c->decap, c->dst_sw, &links, &sws);
		vlan = need_vlan(cm, vlan_slot(c), sws, nleg + 1);
	}
	need_session(cm, &(struct session_need){ .dev = c->src_sw,
	    .role = ROLE_ERSPAN_SOURCE,
	    .destination = fmt(p, "erspan-id %u to %s", id, dx->address),
	    .srcs = srcs, .nsrcs = nsrcs, .vlan = PLAN_NO_ID, .erspan_id = id,
	    .origin = inv->switches[c->src_sw].address,
	    .erspan_address = dx->address, .erspan_type = c->erspan_type });
	/* the decapsulator sends to the sensor's port, or into its VLAN */
	need_session(cm, &(struct session_need){ .dev = c->decap,
	    .role = ROLE_ERSPAN_DESTINATION,
	    .destination = c->decap == c->dst_sw ?
	    fmt(p, "interface %s", c->dst_port) : fmt(p, "vlan %u", vlan),
	    .dest_port = c->decap == c->dst_sw ? c->dst_port : NULL,
	    .srcs = (const char *[]){ fmt(p, "erspan-id %u", id) }, .nsrcs = 1,
	    .vlan = vlan, .erspan_id = id, .erspan_address = dx->address,
	    .erspan_type = c->erspan_type });
	if (c->decap != c->dst_sw) {
		apply_leg(cm, links, sws, nleg, vlan);
		need_rspan_destination(cm, c, vlan);
	}
	if (cm->apply && cm->code == NULL) {
		uint32_t mtu = 9000;
		struct session *src;
		char key[512];

		for (i = 0; i < n; i++) {
			p->wan_load[l3links[i]] += load;
			l = &inv->links[l3links[i]];
			if ((l->mtu != 0 ? l->mtu : ASSUMED_MTU) < mtu)
				mtu = l->mtu != 0 ? l->mtu : ASSUMED_MTU;
		}
		/*
		 * Leave room for the outer headers (docs/planning.md,
		 * ERSPAN): safe whether the device counts the outer packet or
		 * the mirrored frame.
		 */
		mtu = mtu - ERSPAN_HEADROOM < 176 ? 176 : mtu - ERSPAN_HEADROOM;
		(void)qfmt_snprintf(key, sizeof(key),
		    "%zu|%d|erspan-id %u to %s",
		    c->src_sw, (int)ROLE_ERSPAN_SOURCE, id, dx->address);
		if ((src = find_session(p, key)) != NULL)
			src->erspan_mtu = mtu;
	}
	free(l3links);
	free(links);
	free(sws);
}

static void
commit_vswitch_remote(struct commit *cm, const struct choice *c)
{
	planner_t *p = cm->p;
	const inventory_t *inv = p->inv;
	const inv_dc_t *dc = &inv->dcs[cm->dc];
	const inv_sensor_t *sn = &inv->sensors[c->sensor];
	const inv_hypervisor_t *hosts[2] = {
		&inv->hypervisors[dc->vm.hypervisor],
		&inv->hypervisors[sn->vm.hypervisor]
	};
	size_t *links[2 * 64], *sws[2 * 64], nlegs = 0, n[2 * 64], h, i, k;
	size_t *all = NULL, nall = 0;
	uint32_t vlan;

	/* one trunk leg from every uplink switch to the sensor host's first */
	for (h = 0; h < 2; h++)
		for (i = 0; i < hosts[h]->nuplinks && nlegs < 2 * 64; i++) {
			for (k = 0; k < nlegs; k++)
				if (sws[k][0] == hosts[h]->uplinks[i].sw)
					break;
			if (k < nlegs)
				continue;
			n[nlegs] = topo_trunk_leg(p, hosts[h]->uplinks[i].sw,
			    c->dst_sw, &links[nlegs], &sws[nlegs]);
			all = xreallocarray(all, nall + n[nlegs] + 1,
			    sizeof(*all));
			memcpy(all + nall, sws[nlegs], (n[nlegs] + 1) *
			    sizeof(*all));
			nall += n[nlegs] + 1;
			nlegs++;
		}
	vlan = need_vlan(cm, vlan_slot(c), all, nall);
	need_session(cm, &(struct session_need){
	    .dev = inventory_hypervisor_device(inv, dc->vm.hypervisor),
	    .role = ROLE_VSWITCH_SOURCE, .destination = fmt(p, "vlan %u", vlan),
	    .srcs = &dc->vm.name, .nsrcs = 1, .vlan = vlan,
	    .erspan_id = PLAN_NO_ID });
	for (k = 0; k < nlegs; k++)
		apply_leg(cm, links[k], sws[k], n[k], vlan);
	for (h = 0; h < 2; h++)
		for (i = 0; i < hosts[h]->nuplinks; i++)
			vlan_on(cm, hosts[h]->uplinks[i].sw, vlan,
			    hosts[h]->uplinks[i].port);
	need_session(cm, &(struct session_need){
	    .dev = inventory_hypervisor_device(inv, sn->vm.hypervisor),
	    .role = ROLE_VSWITCH_DESTINATION,
	    .destination = fmt(p, "vm %s", sn->vm.name),
	    .srcs = (const char *[]){ fmt(p, "vlan %u", vlan) }, .nsrcs = 1,
	    .vlan = vlan, .erspan_id = PLAN_NO_ID });
	for (k = 0; k < nlegs; k++) {
		free(links[k]);
		free(sws[k]);
	}
	free(all);
}

static void
commit_choice(struct commit *cm, const struct choice *c)
{
	planner_t *p = cm->p;
	const inventory_t *inv = p->inv;
	const struct place *dp = &p->dcs[cm->dc];
	const inv_dc_t *dc = &inv->dcs[cm->dc];
	size_t *links = NULL, *sws = NULL, n;
	uint32_t vlan;

	switch (c->kind) {
	case PLAN_SPAN:
		need_session(cm, &(struct session_need){ .dev = c->src_sw,
		    .role = ROLE_SPAN,
		    .destination = fmt(p, "interface %s", c->dst_port),
		    .dest_port = c->dst_port, .srcs = dp->ports,
		    .nsrcs = dp->nports, .vlan = PLAN_NO_ID,
		    .erspan_id = PLAN_NO_ID });
		break;
	case PLAN_RSPAN:
		n = topo_trunk_leg(p, c->src_sw, c->dst_sw, &links, &sws);
		vlan = need_vlan(cm, vlan_slot(c), sws, n + 1);
		need_session(cm, &(struct session_need){ .dev = c->src_sw,
		    .role = ROLE_RSPAN_SOURCE,
		    .destination = fmt(p, "vlan %u", vlan), .srcs = dp->ports,
		    .nsrcs = dp->nports, .vlan = vlan,
		    .erspan_id = PLAN_NO_ID });
		apply_leg(cm, links, sws, n, vlan);
		need_rspan_destination(cm, c, vlan);
		free(links);
		free(sws);
		break;
	case PLAN_ERSPAN:
		commit_erspan(cm, c, dc->name, dp->ports, dp->nports);
		break;
	case PLAN_VSWITCH_LOCAL:
		/*
		 * A sensor VM may receive several mirrors (one vNIC takes
		 * many sources on every virtual switch spangen knows), so
		 * its vNIC is not claimed like a physical destination port.
		 */
		need_session(cm, &(struct session_need){
		    .dev = inventory_hypervisor_device(inv, dp->host),
		    .role = ROLE_SPAN, .destination = fmt(p, "vm %s",
		    inv->sensors[c->sensor].vm.name), .srcs = &dc->vm.name,
		    .nsrcs = 1, .vlan = PLAN_NO_ID, .erspan_id = PLAN_NO_ID });
		break;
	case PLAN_VSWITCH_REMOTE:
		commit_vswitch_remote(cm, c);
		break;
	default:
		break;
	}
}

/* ---- before the first commit ----------------------------------------- */

static void
slot_add(planner_t *p, size_t slot, size_t sw)
{
	p->slot_sws[slot] = xreallocarray(p->slot_sws[slot],
	    p->slot_nsws[slot] + 1, sizeof(size_t));
	p->slot_sws[slot][p->slot_nsws[slot]++] = sw;
}

static void
slot_add_leg(planner_t *p, size_t slot, size_t from, size_t to)
{
	size_t *links = NULL, *sws = NULL, n, i;

	n = topo_trunk_leg(p, from, to, &links, &sws);
	for (i = 0; i <= n; i++)
		slot_add(p, slot, sws[i]);
	free(links);
	free(sws);
}

/*
 * Before any DC is committed, reserve for each sensor's slot the lowest
 * pool VLAN that is free on every switch all its DCs' paths cross, so the
 * first DC does not pick a VLAN a later one cannot use.  A slot without
 * such a VLAN gets one DC by DC, as before.
 */
void
commit_prefer_vlans(planner_t *p)
{
	const inventory_t *inv = p->inv;
	const ranges_t *pool = &inv->rspan_vlans;
	const struct choice *c;
	size_t d, slot, i, h, bad;
	uint32_t vlan;

	for (d = 0; d < inv->ndcs; d++) {
		c = &p->choices[d];
		slot = vlan_slot(c);
		if (c->kind == PLAN_RSPAN)
			slot_add_leg(p, slot, c->src_sw, c->dst_sw);
		else if (c->kind == PLAN_ERSPAN && c->decap != c->dst_sw)
			slot_add_leg(p, slot, c->decap, c->dst_sw);
		else if (c->kind == PLAN_VSWITCH_REMOTE)
			for (h = 0; h < 2; h++) {
				const inv_hypervisor_t *hv = &inv->hypervisors[
				    h == 0 ? inv->dcs[d].vm.hypervisor :
				    inv->sensors[c->sensor].vm.hypervisor];

				for (i = 0; i < hv->nuplinks; i++)
					slot_add_leg(p, slot, hv->uplinks[i].sw,
					    c->dst_sw);
			}
	}
	for (slot = 0; slot < 2 * inv->nsensors; slot++) {
		if (p->slot_nsws[slot] == 0)
			continue;
		for (i = 0; i < pool->n && p->slot_vlan[slot] == PLAN_NO_ID;
		    i++)
			for (vlan = pool->v[i].lo; vlan <= pool->v[i].hi; vlan++)
				if (!p->vlan_taken[vlan] && vlan_fits(p, vlan,
				    p->slot_sws[slot], p->slot_nsws[slot],
				    &bad)) {
					p->slot_vlan[slot] = vlan;
					p->vlan_taken[vlan] = true;
					break;
				}
	}
}

/* ---- a commit -------------------------------------------------------- */

/* Runs both phases of a commit; false (with cm->code set) on failure. */
bool
commit_run(planner_t *p, size_t dc, const struct choice *c, struct commit *cm)
{
	bool ok;

	memset(cm, 0, sizeof(*cm));
	cm->p = p;
	cm->dc = dc;
	commit_choice(cm, c);
	free(cm->pending);
	free(cm->devices);
	cm->pending = NULL;
	cm->npending = 0;
	cm->devices = NULL;
	cm->ndevices = 0;
	if ((ok = cm->code == NULL)) {
		cm->apply = true;
		commit_choice(cm, c);
		/* the dry run saw every check the real run makes */
		assert(cm->code == NULL);
	}
	return ok;
}
