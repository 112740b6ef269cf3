/*
 * view: a straight translation of the plan's sessions and VLANs for one
 * device into mvalue trees.  The plan keeps sessions and VLANs sorted by
 * device, so each device's share is found by a scan.
 */
#include <stdio.h>
#include <string.h>

#include "render/view.h"
#include "util/json.h"
#include "version.h"

bool
view_device_touched(const inventory_t *inv, const plan_t *plan, size_t dev)
{
	const char *name = inventory_device_name(inv, dev);
	size_t i;

	if (plan_device_sessions(plan, dev, &i) > 0 ||
	    plan_device_vlans(plan, dev, &i) > 0)
		return true;
	for (i = 0; i < plan->naffinity; i++)
		if (strcmp(plan->affinity[i].hypervisor, name) == 0)
			return true;
	return false;
}

static mvalue_t *
str_or_null(arena_t *a, const char *s)
{
	return s != NULL ? mvalue_string(a, s) : mvalue_null(a);
}

static mvalue_t *
id_or_null(arena_t *a, uint32_t id)
{
	return id != PLAN_NO_ID ? mvalue_stringf(a, "%u", id) : mvalue_null(a);
}

/* A list of single-key maps, {key: value}, so templates can name it. */
static mvalue_t *
keyed_list(arena_t *a, const char *key, const char *const *v, size_t n)
{
	mvalue_t *list = mvalue_list(a), *m;
	size_t i;

	for (i = 0; i < n; i++) {
		m = mvalue_map(a);
		mvalue_set(a, m, key, mvalue_string(a, v[i]));
		mvalue_append(a, list, m);
	}
	return list;
}

static mvalue_t *
session_view(arena_t *a, const plan_session_t *s, bool on_host)
{
	static const char *const flags[] = {
		"span", "rspan_source", "rspan_destination", "erspan_source",
		"erspan_destination", "vswitch_source", "vswitch_destination",
		"vswitch_span"
	};
	/* a span on a hypervisor mirrors VM to VM: its own role */
	size_t role = on_host && s->role == ROLE_SPAN ? 7 : (size_t)s->role;
	mvalue_t *m = mvalue_map(a);
	const char *const *dcs = s->dcs;
	bool to_vm = strncmp(s->destination, "vm ", 3) == 0;
	bool to_vlan = strncmp(s->destination, "vlan ", 5) == 0;
	bool to_port = strncmp(s->destination, "interface ", 10) == 0;
	size_t i;

	mvalue_set(a, m, "id", mvalue_stringf(a, "%u", s->id));
	mvalue_set(a, m, "name", mvalue_stringf(a, "spangen-%u", s->id));
	mvalue_set(a, m, "description", mvalue_stringf(a, "spangen: %s%s to "
	    "%s", dcs[0], s->ndcs > 1 ? " and others" : "", s->sensor));
	mvalue_set(a, m, "role", mvalue_string(a, role == 7 ? "vswitch-span" :
	    plan_role_names[role]));
	for (i = 0; i < 8; i++)
		mvalue_set(a, m, flags[i], mvalue_bool(a, i == role));
	if (s->role == ROLE_RSPAN_DESTINATION ||
	    s->role == ROLE_VSWITCH_DESTINATION || s->role ==
	    ROLE_ERSPAN_DESTINATION)
		mvalue_set(a, m, "sources", mvalue_list(a));
	else
		mvalue_set(a, m, "sources", keyed_list(a, "port", s->sources,
		    s->nsources));
	mvalue_set(a, m, "source_vlan", s->role == ROLE_RSPAN_DESTINATION ||
	    s->role == ROLE_VSWITCH_DESTINATION ? id_or_null(a, s->vlan) :
	    mvalue_null(a));
	mvalue_set(a, m, "destination_port", to_port ?
	    mvalue_string(a, s->dest_port) : mvalue_null(a));
	mvalue_set(a, m, "destination_vlan", to_vlan ? id_or_null(a, s->vlan) :
	    mvalue_null(a));
	mvalue_set(a, m, "destination_vm", to_vm ?
	    mvalue_string(a, s->destination + 3) : mvalue_null(a));
	mvalue_set(a, m, "erspan_id", id_or_null(a, s->erspan_id));
	mvalue_set(a, m, "erspan_origin", str_or_null(a, s->erspan_origin));
	mvalue_set(a, m, "erspan_address", str_or_null(a, s->erspan_address));
	mvalue_set(a, m, "erspan_type", str_or_null(a, s->erspan_type));
	mvalue_set(a, m, "erspan_mtu", s->erspan_mtu != 0 ?
	    mvalue_stringf(a, "%u", s->erspan_mtu) : mvalue_null(a));
	mvalue_set(a, m, "sensor", mvalue_string(a, s->sensor));
	mvalue_set(a, m, "dcs", keyed_list(a, "name", s->dcs, s->ndcs));
	return m;
}

/*
 * The same trunk changes by port: {port, vlans: [{vlan, name}]}, for
 * payloads keyed by interface, where a port may appear only once.
 */
static mvalue_t *
trunks_view(arena_t *a, const mvalue_t *vlans)
{
	mvalue_t *trunks = mvalue_list(a), *t, *v;
	const mvalue_t *ports, *port;
	size_t i, k, j;

	for (i = 0; i < vlans->n; i++) {
		ports = mvalue_get(vlans->items[i], "trunk_ports");
		for (k = 0; k < ports->n; k++) {
			port = mvalue_get(ports->items[k], "port");
			for (j = 0; j < trunks->n; j++)
				if (strcmp(mvalue_get(trunks->items[j],
				    "port")->string, port->string) == 0)
					break;
			if (j == trunks->n) {
				t = mvalue_map(a);
				mvalue_set(a, t, "port", (mvalue_t *)port);
				mvalue_set(a, t, "vlans", mvalue_list(a));
				mvalue_append(a, trunks, t);
			}
			t = trunks->items[j];
			v = mvalue_map(a);
			mvalue_set(a, v, "vlan", (mvalue_t *)mvalue_get(
			    vlans->items[i], "vlan"));
			mvalue_set(a, v, "name", (mvalue_t *)mvalue_get(
			    vlans->items[i], "name"));
			mvalue_append(a, (mvalue_t *)mvalue_get(t, "vlans"), v);
		}
	}
	return trunks;
}

mvalue_t *
view_build(arena_t *a, const inventory_t *inv, const plan_t *plan, size_t dev)
{
	const vendor_t *v = inventory_device_vendor(inv, dev);
	const char *name = inventory_device_name(inv, dev);
	mvalue_t *view = mvalue_map(a), *d = mvalue_map(a), *list, *m;
	size_t i, n;

	mvalue_set(a, view, "spangen_version", mvalue_string(a,
	    SPANGEN_VERSION));
	mvalue_set(a, d, "name", mvalue_string(a, name));
	mvalue_set(a, d, "vendor", mvalue_string(a, v->name));
	mvalue_set(a, d, "title", mvalue_string(a, v->title));
	mvalue_set(a, d, "mgmt", str_or_null(a,
	    inventory_device_access(inv, dev)->mgmt_host));
	mvalue_set(a, d, "address", str_or_null(a, dev < inv->nswitches ?
	    inv->switches[dev].address : NULL));
	mvalue_set(a, d, "ovs_rundir", str_or_null(a, dev < inv->nswitches ?
	    inv->switches[dev].ovs_rundir : NULL));
	mvalue_set(a, d, "bridge", mvalue_string(a, dev < inv->nswitches &&
	    inv->switches[dev].bridge != NULL ? inv->switches[dev].bridge :
	    name));
	mvalue_set(a, d, "commit", mvalue_string(a,
	    vendor_commit_names[v->commit]));
	mvalue_set(a, view, "device", d);

	list = mvalue_list(a);
	for (n = plan_device_vlans(plan, dev, &i); n > 0; n--, i++) {
		const plan_vlan_t *pv = &plan->vlans[i];

		m = mvalue_map(a);
		mvalue_set(a, m, "vlan", mvalue_stringf(a, "%u", pv->vlan));
		mvalue_set(a, m, "name", mvalue_stringf(a, "SPANGEN-RSPAN-%u",
		    pv->vlan));
		mvalue_set(a, m, "trunk_ports", keyed_list(a, "port",
		    pv->trunk_ports, pv->ntrunk_ports));
		mvalue_append(a, list, m);
	}
	mvalue_set(a, view, "vlans", list);
	mvalue_set(a, view, "has_vlans", mvalue_bool(a, list->n > 0));
	mvalue_set(a, view, "trunks", trunks_view(a, list));

	list = mvalue_list(a);
	for (n = plan_device_sessions(plan, dev, &i); n > 0; n--, i++)
		mvalue_append(a, list, session_view(a, &plan->sessions[i],
		    dev >= inv->nswitches));
	mvalue_set(a, view, "sessions", list);

	list = mvalue_list(a);
	for (i = 0; i < plan->naffinity; i++) {
		const plan_affinity_t *af = &plan->affinity[i];

		if (strcmp(af->hypervisor, name) != 0)
			continue;
		m = mvalue_map(a);
		mvalue_set(a, m, "name", mvalue_string(a, af->name));
		mvalue_set(a, m, "cluster", mvalue_string(a, af->cluster));
		mvalue_set(a, m, "dc_vm", mvalue_string(a, af->vms[0]));
		mvalue_set(a, m, "sensor_vm", mvalue_string(a, af->vms[1]));
		mvalue_append(a, list, m);
	}
	mvalue_set(a, view, "affinity", list);
	return view;
}

static void
json_value(json_t *j, const mvalue_t *v, int depth)
{
	size_t i;

	switch (v->kind) {
	case MVALUE_NULL:
		json_null(j);
		break;
	case MVALUE_BOOL:
		json_bool(j, v->boolean);
		break;
	case MVALUE_STRING:
		json_string(j, v->string);
		break;
	case MVALUE_LIST:
		json_begin_array(j, depth >= 3);
		for (i = 0; i < v->n; i++)
			json_value(j, v->items[i], depth + 1);
		json_end_array(j);
		break;
	case MVALUE_MAP:
		json_begin_object(j, depth >= 3);
		for (i = 0; i < v->n; i++) {
			json_key(j, v->pairs[i].key);
			json_value(j, v->pairs[i].value, depth + 1);
		}
		json_end_object(j);
		break;
	}
}

void
view_format_json(strbuf_t *out, const mvalue_t *view)
{
	json_t j;

	json_init(&j, out);
	json_value(&j, view, 0);
}
