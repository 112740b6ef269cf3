/*
 * plan_observed: planning against what the switches were read to hold.
 * The inventory's in_use is what someone wrote down; a snapshot is what
 * the device has.  Both count: an id or VLAN taken in either is not
 * picked, a port the inventory names must exist, and a destination port
 * must be one a mirror can safely take over.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"
#include "util/xmalloc.h"

static const plan_observed_t *
seen(const planner_t *p, size_t sw)
{
	const plan_observed_t *o;

	if (p->observed == NULL || sw >= p->inv->nswitches)
		return NULL;
	o = p->observed[sw];
	return o != NULL && o->error == NULL ? o : NULL;
}

/* a and b as one list (ranges_contain() does not need them merged) */
static void
ranges_join(ranges_t *out, const ranges_t *a, const ranges_t *b)
{
	out->n = a->n + (b != NULL ? b->n : 0);
	out->v = xcalloc(out->n + 1, sizeof(*out->v));
	if (a->n > 0)
		memcpy(out->v, a->v, a->n * sizeof(*out->v));
	if (b != NULL && b->n > 0)
		memcpy(out->v + a->n, b->v, b->n * sizeof(*out->v));
}

void
observed_init(planner_t *p)
{
	const plan_observed_t *o;
	size_t i, k, n = p->inv->nswitches;
	uint32_t id;

	p->taken_sessions = xcalloc(n + 1, sizeof(*p->taken_sessions));
	p->taken_vlans = xcalloc(n + 1, sizeof(*p->taken_vlans));
	for (i = 0; i < n; i++) {
		o = seen(p, i);
		ranges_join(&p->taken_sessions[i],
		    &p->inv->switches[i].in_use_sessions,
		    o != NULL ? &o->sessions : NULL);
		ranges_join(&p->taken_vlans[i],
		    &p->inv->switches[i].in_use_vlans,
		    o != NULL ? &o->vlans : NULL);
		/* an ERSPAN id in use anywhere is not handed out again */
		for (k = 0; o != NULL && k < o->erspan_ids.n; k++)
			for (id = o->erspan_ids.v[k].lo; id <=
			    o->erspan_ids.v[k].hi && id < 1024; id++)
				p->erspan_taken[id] = true;
	}
}

void
observed_dispose(planner_t *p)
{
	size_t i;

	if (p->taken_sessions == NULL)
		return;
	for (i = 0; i < p->inv->nswitches; i++) {
		free(p->taken_sessions[i].v);
		free(p->taken_vlans[i].v);
	}
	free(p->taken_sessions);
	free(p->taken_vlans);
	p->taken_sessions = p->taken_vlans = NULL;
}

static const plan_port_seen_t *
find_port(const plan_observed_t *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->nports; i++)
		if (strcmp(o->ports[i].name, name) == 0)
			return &o->ports[i];
	return NULL;
}

/* E210 once per missing port. */
static void
need_port(planner_t *p, strmap_t *said, inv_endpoint_t e)
{
	const plan_observed_t *o = seen(p, e.sw);
	const char *objs[1], *key;
	size_t x;

	if (o == NULL || !o->ports_known || e.port == NULL ||
	    find_port(o, e.port) != NULL)
		return;
	key = fmt(p, "%zu|%s", e.sw, e.port);
	if (strmap_get(said, key, &x))
		return;
	(void)strmap_add(said, key, 0);
	objs[0] = dev_name(p, e.sw);
	planner_diag(p, "E210", e.pos, objs, 1, "check the port's name "
	    "against the device, or read the device again", "%s:%s is not on "
	    "the device: what it printed (%s, %s) has no interface %s",
	    dev_name(p, e.sw), e.port, o->source, o->when, e.port);
}

static void
check_ports(planner_t *p)
{
	const inventory_t *inv = p->inv;
	strmap_t said = STRMAP_INIT;
	size_t i, k;

	for (i = 0; i < inv->nswitches; i++)
		for (k = 0; k < inv->switches[i].nports; k++)
			need_port(p, &said, (inv_endpoint_t){ i,
			    inv->switches[i].ports[k].name,
			    inv->switches[i].ports[k].pos });
	for (i = 0; i < inv->ndcs; i++) {
		for (k = 0; !inv->dcs[i].is_vm && k < inv->dcs[i].nports; k++)
			need_port(p, &said, inv->dcs[i].ports[k]);
		if (inv->dcs[i].has_lag)
			need_port(p, &said, inv->dcs[i].lag);
	}
	for (i = 0; i < inv->nsensors; i++)
		if (!inv->sensors[i].is_vm)
			need_port(p, &said, inv->sensors[i].port);
	for (i = 0; i < inv->nlinks; i++) {
		need_port(p, &said, inv->links[i].a);
		need_port(p, &said, inv->links[i].b);
	}
	for (i = 0; i < inv->nhypervisors; i++) {
		for (k = 0; k < inv->hypervisors[i].nuplinks; k++)
			need_port(p, &said, inv->hypervisors[i].uplinks[k]);
		for (k = 0; k < inv->hypervisors[i].ncapture_nics; k++)
			need_port(p, &said,
			    inv->hypervisors[i].capture_nics[k].port);
	}
	strmap_dispose(&said);
}

/*
 * The first line of a port's configuration that makes it unsafe to turn
 * into a mirror destination, which stops forwarding its own traffic: an
 * address (a routed port someone uses), a port-channel member (the
 * channel would lose a link), a trunk (it carries VLANs for others).
 */
static const char *
unsafe_line(planner_t *p, const char *lines, const char **why)
{
	static const struct {
		const char	*starts;
		const char	*why;
	} rules[] = {
		{ "ip address ", "it has an IP address" },
		{ "ipv6 address ", "it has an IP address" },
		{ "channel-group ", "it is a port-channel member" },
		{ "lag ", "it is a LAG member" },
		{ "switchport mode trunk", "it is a trunk" },
		{ "vlan trunk ", "it is a trunk" },
	};
	const char *l = lines, *nl, *s;
	size_t i, n;

	for (; l != NULL && *l != '\0'; l = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(l, '\n');
		n = nl != NULL ? (size_t)(nl - l) : strlen(l);
		for (s = l; s < l + n && *s == ' '; s++)
			continue;
		for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
			if (strncmp(s, rules[i].starts,
			    strlen(rules[i].starts)) == 0 &&
			    (size_t)(s - l) + strlen(rules[i].starts) <= n) {
				*why = rules[i].why;
				return fmt(p, "%.*s", (int)(l + n - s), s);
			}
	}
	return NULL;
}

/* Where the inventory names the sensor a session serves. */
static srcpos_t
sensor_pos(const planner_t *p, const struct session *s)
{
	size_t i;

	for (i = 0; s->sensor != NULL && i < p->inv->nsensors; i++)
		if (strcmp(p->inv->sensors[i].name, s->sensor) == 0)
			return p->inv->sensors[i].pos;
	return p->inv->switches[s->device].pos;
}

static void
check_destinations(planner_t *p)
{
	const struct session *s;
	const plan_observed_t *o;
	const plan_port_seen_t *port;
	const char *objs[2], *line, *why;
	strmap_t said = STRMAP_INIT;
	size_t i, x;

	for (i = 0; i < p->nsessions; i++) {
		s = &p->sessions[i];
		if ((o = seen(p, s->device)) == NULL || s->dest_port == NULL ||
		    (port = find_port(o, s->dest_port)) == NULL ||
		    strmap_get(&said, fmt(p, "%zu|%s", s->device,
		    s->dest_port), &x))
			continue;
		(void)strmap_add(&said, fmt(p, "%zu|%s", s->device,
		    s->dest_port), 0);
		objs[0] = dev_name(p, s->device);
		objs[1] = s->sensor;
		if ((line = unsafe_line(p, port->lines, &why)) != NULL)
			planner_diag(p, "E211", sensor_pos(p, s),
			    objs, 2, "give the sensor a port that is no "
			    "routed port, no channel member and no trunk",
			    "%s:%s cannot be a mirror destination: %s ('%s' in "
			    "what the device printed, %s)", dev_name(p,
			    s->device), s->dest_port, why, line, o->source);
		if (port->dest_of != NULL && port->dest_of_id != s->id)
			planner_diag(p, "E212", sensor_pos(p, s),
			    objs, 2, "remove that session first (roll back "
			    "the bundle that made it), or give the sensor "
			    "another port", "%s:%s is already the destination "
			    "of %s on the device (%s), and a port is the "
			    "destination of one session", dev_name(p,
			    s->device), s->dest_port, port->dest_of,
			    o->source);
	}
	strmap_dispose(&said);
}

void
observed_check(planner_t *p)
{
	const plan_observed_t *o;
	const char *objs[1];
	size_t i;

	if (p->observed == NULL)
		return;
	for (i = 0; i < p->inv->nswitches; i++) {
		o = p->observed[i];
		if (o == NULL || o->error == NULL)
			continue;
		objs[0] = dev_name(p, i);
		planner_diag(p, "E209", p->inv->switches[i].pos, objs, 1,
		    "check the device is reachable (or the saved file), or "
		    "use --allow-errors to render the rest",
		    "%s could not be read, so it is planned from in_use "
		    "alone: %s", dev_name(p, i), o->error);
	}
	check_ports(p);
	check_destinations(p);
}

/* The snapshots go into the plan, which the bundle is rendered from. */
void
observed_keep(planner_t *p)
{
	const plan_observed_t *o;
	plan_snapshot_t *sn;
	size_t i;

	if (p->observed == NULL)
		return;
	p->plan->snapshots = arena_array(p->arena, p->inv->nswitches + 1,
	    sizeof(*p->plan->snapshots));
	for (i = 0; i < p->inv->nswitches; i++) {
		sn = &p->plan->snapshots[i];
		memset(sn, 0, sizeof(*sn));
		if ((o = seen(p, i)) == NULL)
			continue;
		sn->text = arena_strndup(p->arena, o->text, o->len);
		sn->len = o->len;
		sn->source = arena_strdup(p->arena, o->source);
		sn->when = arena_strdup(p->arena, o->when);
	}
}
