/*
 * review: text generation only; everything comes from the plan, in plan
 * order, so the files are byte-identical for the same inventory.
 */
#include <stdio.h>
#include <string.h>

#include "util/diag.h"
#include "render/checklist.h"
#include "render/review.h"
#include "render/view.h"
#include "util/strmap.h"
#include "version.h"

/* Markdown table cells must not break the table. */
static void
md_cell(strbuf_t *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|')
			strbuf_adds(out, "\\|");
		else
			strbuf_addc(out, *s);
	}
	if (s == NULL)
		strbuf_adds(out, "-");
}

static void
md_devices(strbuf_t *out, const plan_pair_t *p)
{
	size_t i;

	for (i = 0; i < p->ndevices; i++)
		strbuf_addf(out, "%s%s", i == 0 ? "" : " → ", p->devices[i]);
	if (p->ndevices == 0)
		strbuf_adds(out, "-");
}

static void
session_line(strbuf_t *out, const plan_session_t *s)
{
	size_t i;

	strbuf_addf(out, "- session %u, %s: ", s->id, plan_role_names[s->role]);
	for (i = 0; i < s->nsources; i++)
		strbuf_addf(out, "%s`%s`", i == 0 ? "" : ", ", s->sources[i]);
	strbuf_addf(out, " (both directions) → `%s` (", s->destination);
	for (i = 0; i < s->ndcs; i++)
		strbuf_addf(out, "%s%s", i == 0 ? "" : ", ", s->dcs[i]);
	strbuf_addf(out, " to %s)\n", s->sensor);
}

static void
md_paths(strbuf_t *out, const plan_t *plan)
{
	const plan_pair_t *p;
	size_t i, k, r;

	strbuf_adds(out, "## Paths\n\n| DC | sensor | path | the guide's "
	    "matrix row | devices | VLAN / ERSPAN id |\n|---|---|---|---|---|"
	    "---|\n");
	for (i = 0; i < plan->npairs; i++) {
		p = &plan->pairs[i];
		strbuf_addf(out, "| %s | ", p->dc);
		md_cell(out, p->sensor);
		strbuf_addf(out, p->kind == PLAN_NONE ? " | **%s** | " :
		    " | %s | ", plan_kind_names[p->kind]);
		md_cell(out, p->matrix_row);
		strbuf_adds(out, " | ");
		md_devices(out, p);
		strbuf_adds(out, " | ");
		if (p->rspan_vlan != PLAN_NO_ID)
			strbuf_addf(out, "VLAN %u ", p->rspan_vlan);
		if (p->erspan_id != PLAN_NO_ID)
			strbuf_addf(out, "ERSPAN %u via %s", p->erspan_id,
			    p->decapsulator);
		if (p->rspan_vlan == PLAN_NO_ID && p->erspan_id == PLAN_NO_ID)
			strbuf_adds(out, "-");
		strbuf_adds(out, " |\n");
	}
	strbuf_adds(out, "\nKinds tried first and not chosen:\n\n");
	for (i = 0, k = 0; i < plan->npairs; i++) {
		p = &plan->pairs[i];
		if (p->kind == PLAN_NONE)
			continue;	/* its error says why */
		for (r = 0; r < p->nnot_chosen; r++, k++)
			strbuf_addf(out, "- %s: not %s: %s\n", p->dc,
			    plan_kind_names[p->not_chosen[r].kind],
			    p->not_chosen[r].why);
	}
	if (k == 0)
		strbuf_adds(out, "- none\n");
}

static void
md_diagnostics(strbuf_t *out, const plan_t *plan)
{
	static const char *const sev[] = { "error", "warning", "info" };
	const diag_t *d;
	size_t i;

	strbuf_adds(out, "\n## Diagnostics\n\n");
	if (diag_count(plan->diags) == 0)
		strbuf_adds(out, "None.\n");
	for (i = 0; i < diag_count(plan->diags); i++) {
		d = diag_get(plan->diags, i);
		strbuf_addf(out, "- **%s %s**: %s  \n  Fix: %s\n", sev[d->severity],
		    d->code, d->message, d->hint);
	}
}

static void
md_devices_changes(strbuf_t *out, const inventory_t *inv, const plan_t *plan,
    const review_device_t *devs, size_t ndevs)
{
	const plan_vlan_t *v;
	size_t i, k, dev, t, n;

	strbuf_adds(out, "\n## Changes per device\n");
	(void)inv;
	for (i = 0; i < ndevs; i++) {
		dev = devs[i].index;
		strbuf_addf(out, "\n### %s (%s)\n\nFiles: "
		    "`devices/%s/intended.%s`, `devices/%s/rollback.%s`, "
		    "`devices/%s/verify.txt`\n\n", devs[i].name,
		    devs[i].vendor, devs[i].name, devs[i].ext, devs[i].name,
		    devs[i].ext, devs[i].name);
		for (n = plan_device_vlans(plan, dev, &k); n > 0; n--, k++) {
			v = &plan->vlans[k];
			strbuf_addf(out, "- RSPAN VLAN %u created", v->vlan);
			for (t = 0; t < v->ntrunk_ports; t++)
				strbuf_addf(out, "%s`%s`", t == 0 ? "; added "
				    "(never replacing the allowed list) to " :
				    ", ", v->trunk_ports[t]);
			strbuf_adds(out, "\n");
		}
		for (n = plan_device_sessions(plan, dev, &k); n > 0; n--, k++)
			session_line(out, &plan->sessions[k]);
		for (k = 0; k < plan->naffinity; k++)
			if (strcmp(plan->affinity[k].hypervisor,
			    devs[i].name) == 0)
				strbuf_addf(out, "- affinity rule `%s`: keep "
				    "VMs '%s' and '%s' together in cluster "
				    "%s\n", plan->affinity[k].name,
				    plan->affinity[k].vms[0],
				    plan->affinity[k].vms[1],
				    plan->affinity[k].cluster);
	}
}

static void
md_checklist(strbuf_t *out, const inventory_t *inv, const plan_t *plan,
    const review_device_t *devs, size_t ndevs)
{
	strbuf_t cmd = STRBUF_INIT(0);
	size_t i, k, s;

	strbuf_adds(out, "\n## Validation checklist\n\nThe guide asks to "
	    "validate that port mirroring works before the sensor is "
	    "installed.\n\n1. After the push, on each device, run its show "
	    "commands and check that every session is up with the sources "
	    "and destination listed above:\n");
	for (i = 0; i < ndevs; i++) {
		strbuf_addf(out, "\n   %s (`devices/%s/verify.txt`):\n\n   ```\n",
		    devs[i].name, devs[i].name);
		for (k = 0; devs[i].verify[k] != '\0'; k++) {
			if (k == 0 || devs[i].verify[k - 1] == '\n')
				strbuf_adds(out, "   ");
			strbuf_addc(out, devs[i].verify[k]);
		}
		if (k > 0 && devs[i].verify[k - 1] != '\n')
			strbuf_addc(out, '\n');
		strbuf_adds(out, "   ```\n");
	}
	strbuf_adds(out, "\n2. On each sensor's capture interface, prove that "
	    "every DC's traffic arrives, in both directions:\n\n");
	for (s = 0; s < inv->nsensors; s++) {
		strbuf_reset(&cmd);
		if (checklist_verify_command(&cmd, inv, plan, s) > 0)
			strbuf_addf(out, "   - %s: `%s`\n", inv->sensors[s].name,
			    strbuf_str(&cmd));
	}
	strbuf_dispose(&cmd);
}

/*
 * What spangen does not configure: a virtual sensor behind a capture NIC
 * receives what the switch mirrors to the NIC's port only once the host
 * hands that NIC's frames to the sensor VM.
 */
static void
md_manual(strbuf_t *out, const inventory_t *inv, const plan_t *plan)
{
	const inv_sensor_t *sn;
	const inv_hypervisor_t *hv;
	size_t s, d;
	bool any = false, used;

	for (s = 0; s < inv->nsensors; s++) {
		sn = &inv->sensors[s];
		if (!sn->is_vm || sn->vm.capture_nic == INV_NONE)
			continue;
		used = false;
		for (d = 0; d < plan->npairs; d++)
			if (plan->pairs[d].kind != PLAN_NONE &&
			    plan->pairs[d].sensor != NULL &&
			    strcmp(plan->pairs[d].sensor, sn->name) == 0)
				used = true;
		if (!used)
			continue;
		if (!any)
			strbuf_adds(out, "\n## Manual steps\n\nspangen does not "
			    "configure these; do them before the validation "
			    "checklist:\n\n");
		any = true;
		hv = &inv->hypervisors[sn->vm.hypervisor];
		strbuf_addf(out, "- On %s, deliver everything capture NIC %s "
		    "receives to sensor VM '%s' (a virtual switch or port group "
		    "of its own, promiscuous, or an external port in monitor "
		    "mode), and give the sensor no other traffic on it.\n",
		    hv->name, hv->capture_nics[sn->vm.capture_nic].name,
		    sn->vm.name);
	}
}

/* The sensor side, which spangen cannot configure but can name. */
static void
md_sensors(strbuf_t *out, const inventory_t *inv, const plan_t *plan)
{
	size_t s;

	if (inv->nsensors == 0)
		return;
	strbuf_adds(out, "\n## Sensor checklists\n\nA sensor still sees "
	    "nothing, or half, when its own side is wrong. Each is also in "
	    "`sensors/NAME/checklist.md`.\n\n");
	for (s = 0; s < inv->nsensors; s++) {
		if (s > 0)
			strbuf_addc(out, '\n');
		checklist_sensor_md(out, inv, plan, s, 3);
	}
}

static void
md_rollback(strbuf_t *out, const review_device_t *devs, size_t ndevs)
{
	size_t i, n = 0;
	int rank;

	strbuf_adds(out, "\n## Rollback\n\n`spangen rollback` applies the "
	    "rollback files to the devices a push changed. By hand, apply "
	    "them source side first, then transit, then destination (the "
	    "reverse of the push order), so no device is left sending "
	    "mirrored traffic into a VLAN or tunnel that no longer leads "
	    "anywhere:\n\n");
	for (rank = 0; rank < 3; rank++)
		for (i = 0; i < ndevs; i++)
			if (devs[i].rank == rank)
				strbuf_addf(out, "%zu. %s: `devices/%s/rollback."
				    "%s`\n", ++n, devs[i].name, devs[i].name,
				    devs[i].ext);
	strbuf_adds(out, "\nEach rollback removes only what spangen added: "
	    "its own sessions, the RSPAN VLANs it created, and those VLANs on "
	    "the trunks it added them to.\n");
}

/* What the switches were read to hold, when the plan was made around it. */
static void
md_observed(strbuf_t *out, const inventory_t *inv, const plan_t *plan)
{
	const plan_snapshot_t *sn;
	size_t i, n = 0;

	if (plan->snapshots == NULL)
		return;
	strbuf_adds(out, "## What the switches hold\n\nThe plan was made "
	    "around what these switches were read to hold: every session id "
	    "and VLAN in it counts as in use, besides `in_use`. Push refuses "
	    "a switch whose mirror entries changed since (re-render), and "
	    "each `devices/NAME/observed.txt` is the part that was read.\n\n"
	    "| switch | read | from |\n|---|---|---|\n");
	for (i = 0; i < inv->nswitches; i++) {
		sn = &plan->snapshots[i];
		if (sn->text == NULL)
			continue;
		strbuf_addf(out, "| %s | ", inv->switches[i].name);
		strbuf_add_display(out, sn->when);
		strbuf_adds(out, " | ");
		strbuf_add_display(out, sn->source);
		strbuf_adds(out, " |\n");
		n++;
	}
	if (n == 0)
		strbuf_adds(out, "| (none could be read) | | |\n");
	strbuf_addc(out, '\n');
}

void
review_plan_md(strbuf_t *out, const inventory_t *inv, const plan_t *plan,
    const review_device_t *devs, size_t ndevs)
{
	size_t errors = plan_errors(plan), i, none = 0;

	for (i = 0; i < plan->npairs; i++)
		none += plan->pairs[i].kind == PLAN_NONE;
	strbuf_addf(out, "# Port mirroring change%s%s\n\nspangen %s. %zu DCs, "
	    "%zu sensors, %zu devices to change. %zu error%s%s.\n\n",
	    plan->name != NULL ? ": " : "", plan->name != NULL ? plan->name :
	    "", SPANGEN_VERSION, plan->npairs, inv->nsensors, ndevs, errors,
	    errors == 1 ? "" : "s", none > 0 ? ": the DCs marked none have no "
	    "path and are not configured" : "");
	md_paths(out, plan);
	md_observed(out, inv, plan);
	md_diagnostics(out, plan);
	md_devices_changes(out, inv, plan, devs, ndevs);
	md_manual(out, inv, plan);
	md_checklist(out, inv, plan, devs, ndevs);
	md_sensors(out, inv, plan);
	md_rollback(out, devs, ndevs);
}

/* Diagram node ids: n0, n1, ... by first appearance; labels carry names. */
static size_t
node(strbuf_t *out, strmap_t *ids, const char *name, bool mermaid,
    const char *shape)
{
	size_t id;

	if (strmap_get(ids, name, &id))
		return id;
	id = ids->n;
	(void)strmap_add(ids, name, id);
	if (mermaid)
		strbuf_addf(out, "  n%zu%c\"%s\"%c\n", id, shape[0], name,
		    shape[1]);
	else
		strbuf_addf(out, "  n%zu [label=\"%s\", shape=%s];\n", id, name,
		    shape);
	return id;
}

static void
diagram(strbuf_t *out, const plan_t *plan, bool mermaid)
{
	strmap_t ids = STRMAP_INIT;
	const plan_pair_t *p;
	size_t i, k, prev, cur;

	strbuf_adds(out, mermaid ? "flowchart LR\n" : "digraph spangen {\n"
	    "  rankdir=LR;\n");
	for (i = 0; i < plan->npairs; i++) {
		p = &plan->pairs[i];
		if (p->kind == PLAN_NONE)
			continue;
		prev = node(out, &ids, p->dc, mermaid, mermaid ? "()" :
		    "ellipse");
		for (k = 0; k < p->ndevices; k++) {
			cur = node(out, &ids, p->devices[k], mermaid, mermaid ?
			    "[]" : "box");
			if (mermaid && k == 0)
				strbuf_addf(out, "  n%zu -->|%s| n%zu\n", prev,
				    plan_kind_names[p->kind], cur);
			else if (mermaid)
				strbuf_addf(out, "  n%zu --> n%zu\n", prev, cur);
			else
				strbuf_addf(out, "  n%zu -> n%zu [label=\"%s\"];"
				    "\n", prev, cur, k == 0 ?
				    plan_kind_names[p->kind] : "");
			prev = cur;
		}
		cur = node(out, &ids, p->sensor, mermaid, mermaid ? "{}" :
		    "diamond");
		if (mermaid)
			strbuf_addf(out, "  n%zu --> n%zu\n", prev, cur);
		else
			strbuf_addf(out, "  n%zu -> n%zu;\n", prev, cur);
	}
	if (!mermaid)
		strbuf_adds(out, "}\n");
	strmap_dispose(&ids);
}

void
review_mermaid(strbuf_t *out, const plan_t *plan)
{
	diagram(out, plan, true);
}

void
review_dot(strbuf_t *out, const plan_t *plan)
{
	diagram(out, plan, false);
}
