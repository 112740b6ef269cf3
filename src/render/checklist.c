/*
 * checklist: text only, from the inventory and the plan, in their order,
 * so the same inventory gives the same bytes.  The settings and their
 * reasons are the ones Microsoft's Defender for Identity documentation
 * gives for standalone sensors (docs/planning.md, "Sensor checklists", carries them over).
 */
#include <stdbool.h>
#include <string.h>

#include "render/checklist.h"

static void
heading(strbuf_t *out, int depth, const char *text, const char *name)
{
	int i;

	for (i = 0; i < depth; i++)
		strbuf_addc(out, '#');
	strbuf_addf(out, " %s%s\n\n", text, name);
}

static bool
watches(const plan_t *plan, size_t d, const char *sensor)
{
	const plan_pair_t *p = &plan->pairs[d];

	return p->kind != PLAN_NONE && p->sensor != NULL &&
	    strcmp(p->sensor, sensor) == 0;
}

size_t
checklist_verify_command(strbuf_t *out, const inventory_t *inv,
    const plan_t *plan, size_t s)
{
	size_t d, n = 0;

	for (d = 0; d < plan->npairs; d++) {
		if (!watches(plan, d, inv->sensors[s].name))
			continue;
		if (n++ == 0)
			strbuf_adds(out, "spangen verify --iface IFACE");
		strbuf_addf(out, " --dc %s", inv->dcs[d].address);
	}
	return n;
}

/* Where the sensor's capture NIC gets its frames from. */
static void
where(strbuf_t *out, const inventory_t *inv, const plan_t *plan,
    const inv_sensor_t *sn)
{
	const inv_hypervisor_t *hv;
	const inv_nic_t *nic;
	const plan_session_t *ss;
	size_t i, n = 0;

	if (!sn->is_vm) {
		strbuf_addf(out, "Physical sensor. Its capture NIC is cabled to "
		    "%s port %s, where the mirrored frames arrive.\n\n",
		    inv->switches[sn->port.sw].name, sn->port.port);
		return;
	}
	hv = &inv->hypervisors[sn->vm.hypervisor];
	strbuf_addf(out, "Virtual sensor: VM '%s' on %s (%s).", sn->vm.name,
	    hv->name, hv->platform->title);
	if (sn->vm.capture_nic != INV_NONE) {
		nic = &hv->capture_nics[sn->vm.capture_nic];
		strbuf_addf(out, " Its capture NIC is %s's %s, cabled to %s "
		    "port %s, for what physical switches mirror.", hv->name,
		    nic->name, inv->switches[nic->port.sw].name,
		    nic->port.port);
	}
	strbuf_adds(out, " What the virtual switch mirrors reaches its "
	    "capture adapter.\n\n");
	for (i = 0; i < plan->nsessions; i++) {
		ss = &plan->sessions[i];
		/* the sessions whose destination is the VM itself */
		if (ss->sensor == NULL || strcmp(ss->sensor, sn->name) != 0 ||
		    strncmp(ss->destination, "vm ", 3) != 0)
			continue;
		strbuf_addf(out, "- [ ] %s %s session %u (`devices/%s/`) has "
		    "the VM's capture adapter as its destination; the adapter "
		    "stays on that virtual switch.\n", ss->device,
		    plan_role_names[ss->role], ss->id, ss->device);
		n++;
	}
	if (n > 0)
		strbuf_addc(out, '\n');
}

void
checklist_sensor_md(strbuf_t *out, const inventory_t *inv,
    const plan_t *plan, size_t s, int depth)
{
	const inv_sensor_t *sn = &inv->sensors[s];
	const inv_hypervisor_t *hv;
	size_t d, n = 0;

	heading(out, depth, "Sensor ", sn->name);
	where(out, inv, plan, sn);

	heading(out, depth + 1, "DCs to list in its settings", "");
	for (d = 0; d < plan->npairs; d++) {
		if (!watches(plan, d, sn->name))
			continue;
		if (plan->pairs[d].kind == PLAN_TAP)
			strbuf_addf(out, "- [ ] %s (%s), through TAP %s\n",
			    inv->dcs[d].name, inv->dcs[d].address,
			    inv->taps[inv->dcs[d].tap].name);
		else
			strbuf_addf(out, "- [ ] %s (%s), mirrored by %s\n",
			    inv->dcs[d].name, inv->dcs[d].address,
			    plan_kind_names[plan->pairs[d].kind]);
		n++;
	}
	if (n == 0)
		strbuf_adds(out, "No DC is mirrored to this sensor in this "
		    "plan.\n");
	else
		strbuf_adds(out, "\nList each of them, by its fully qualified "
		    "name, in the sensor's Domain Controllers list in the "
		    "Defender portal, with at least one global catalog among "
		    "them: the sensor analyses the traffic of the DCs it lists."
		    "\n");

	strbuf_addc(out, '\n');
	heading(out, depth + 1, "On the sensor", "");
	strbuf_adds(out, "- [ ] The capture NIC has no default gateway and no "
	    "DNS servers; the sensor's management NIC has both.\n"
	    "- [ ] Receive Segment Coalescing is off on the capture NIC: "
	    "`Disable-NetAdapterRsc -Name CAPTURE-NIC`.\n");
	if (sn->is_vm)
		strbuf_adds(out, "- [ ] Large send offload is off on the VM's "
		    "network adapters, which Microsoft requires for a sensor "
		    "on a VMware virtual machine: `Disable-NetAdapterLso -Name "
		    "NIC`.\n");
	strbuf_adds(out, "- [ ] Npcap 1.0 or later is the capture driver (the "
	    "sensor's installer brings it). Installed by hand, it needs "
	    "`/loopback_support=no /winpcap_mode=yes /admin_only=no`. NIC "
	    "teaming needs Npcap, not WinPcap.\n"
	    "- [ ] In the sensor's settings, the capture adapter is the capture "
	    "NIC above.\n"
	    "- [ ] After Wireshark or any other capture ran on the sensor, "
	    "restart the sensor service, or it stops capturing.\n");
	if (sn->is_vm && sn->vm.capture_nic != INV_NONE) {
		hv = &inv->hypervisors[sn->vm.hypervisor];
		strbuf_addf(out, "- [ ] On %s, everything %s receives reaches "
		    "the VM and nothing else does (a port group or virtual "
		    "switch of its own, promiscuous, or an external port in "
		    "monitor mode): spangen does not configure this.\n",
		    hv->name, hv->capture_nics[sn->vm.capture_nic].name);
	}
	if (n > 0) {
		strbuf_adds(out, "- [ ] The DCs' traffic arrives in both "
		    "directions: `");
		(void)checklist_verify_command(out, inv, plan, s);
		strbuf_adds(out, "` at the capture NIC's port before the sensor is "
		    "installed, or `--pcap FILE` on a capture saved there.\n");
	}
}
