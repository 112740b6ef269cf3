/*
 * plan_output: the plan as text for people and as plan.json for machines.
 * Both walk the plan in its stored order, so output is byte-identical for
 * the same inventory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"
#include "util/json.h"
#include "util/xmalloc.h"

/* A left-aligned text table: rows of cells, widths from the widest. */
struct table {
	size_t		  ncols;
	const char	**cells;	/* row-major */
	char		**owned;	/* cells this table formatted */
	size_t		  ncells;
	size_t		  nowned;
};

static void
table_add(struct table *t, const char *cell)
{
	t->cells = xreallocarray(t->cells, t->ncells + 1, sizeof(*t->cells));
	t->cells[t->ncells++] = cell != NULL ? cell : "-";
}

static void
table_addf(struct table *t, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

static void
table_addf(struct table *t, const char *f, ...)
{
	strbuf_t sb = STRBUF_INIT(0);
	va_list ap;

	va_start(ap, f);
	strbuf_vaddf(&sb, f, ap);
	va_end(ap);
	t->owned = xreallocarray(t->owned, t->nowned + 1, sizeof(*t->owned));
	t->owned[t->nowned] = strbuf_detach(&sb, NULL);
	table_add(t, t->owned[t->nowned++]);
}

static void
table_print(strbuf_t *out, struct table *t, const char *indent)
{
	size_t widths[16] = { 0 }, i, c, len;

	for (i = 0; i < t->ncells; i++)
		if ((len = strlen(t->cells[i])) > widths[i % t->ncols])
			widths[i % t->ncols] = len;
	for (i = 0; i < t->ncells; i++) {
		c = i % t->ncols;
		if (c == 0)
			strbuf_adds(out, indent);
		if (c + 1 == t->ncols)
			strbuf_addf(out, "%s\n", t->cells[i]);
		else
			strbuf_addf(out, "%-*s  ", (int)widths[c], t->cells[i]);
	}
	for (i = 0; i < t->nowned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static void
join(strbuf_t *sb, const char *const *v, size_t n, const char *sep)
{
	size_t i;

	strbuf_reset(sb);
	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i == 0 ? "" : sep, v[i]);
	if (n == 0)
		strbuf_adds(sb, "-");
}

static void
format_pairs(strbuf_t *out, const plan_t *plan)
{
	struct table t = { 6, NULL, NULL, 0, 0 };
	strbuf_t sb = STRBUF_INIT(0);
	const plan_pair_t *pr;
	size_t i, k, nreasons = 0;

	table_add(&t, "DC");
	table_add(&t, "SENSOR");
	table_add(&t, "KIND");
	table_add(&t, "DEVICES");
	table_add(&t, "VLAN/ID");
	table_add(&t, "MATRIX ROW");
	for (i = 0; i < plan->npairs; i++) {
		pr = &plan->pairs[i];
		table_add(&t, pr->dc);
		table_add(&t, pr->sensor);
		table_add(&t, plan_kind_names[pr->kind]);
		join(&sb, pr->devices, pr->ndevices, ",");
		table_addf(&t, "%s", strbuf_str(&sb));
		strbuf_reset(&sb);
		if (pr->rspan_vlan != PLAN_NO_ID)
			strbuf_addf(&sb, "vlan %u", pr->rspan_vlan);
		if (pr->erspan_id != PLAN_NO_ID)
			strbuf_addf(&sb, "%serspan %u", sb.len > 0 ? " " : "",
			    pr->erspan_id);
		table_addf(&t, "%s", sb.len > 0 ? strbuf_str(&sb) : "-");
		table_add(&t, pr->matrix_row);
		nreasons += pr->kind != PLAN_NONE ? pr->nnot_chosen : 0;
	}
	table_print(out, &t, "");
	if (nreasons > 0) {
		strbuf_adds(out, "\nNot chosen:\n");
		for (i = 0; i < plan->npairs; i++) {
			pr = &plan->pairs[i];
			if (pr->kind == PLAN_NONE)
				continue;	/* its error says why */
			for (k = 0; k < pr->nnot_chosen; k++)
				strbuf_addf(out, "  %s: not %s: %s\n", pr->dc,
				    plan_kind_names[pr->not_chosen[k].kind],
				    pr->not_chosen[k].why);
		}
	}
	strbuf_dispose(&sb);
}

static void
format_sessions(strbuf_t *out, const plan_t *plan)
{
	struct table t = { 5, NULL, NULL, 0, 0 };
	strbuf_t sb = STRBUF_INIT(0);
	const plan_session_t *s;
	size_t i;

	if (plan->nsessions == 0)
		return;
	strbuf_adds(out, "\nSessions (both directions):\n");
	table_add(&t, "DEVICE");
	table_add(&t, "ID");
	table_add(&t, "ROLE");
	table_add(&t, "SOURCES");
	table_add(&t, "DESTINATION");
	for (i = 0; i < plan->nsessions; i++) {
		s = &plan->sessions[i];
		table_add(&t, s->device);
		table_addf(&t, "%u", s->id);
		table_add(&t, plan_role_names[s->role]);
		join(&sb, s->sources, s->nsources, ", ");
		table_addf(&t, "%s", strbuf_str(&sb));
		table_add(&t, s->destination);
	}
	table_print(out, &t, "  ");
	strbuf_dispose(&sb);
}

static void
format_vlans(strbuf_t *out, const plan_t *plan)
{
	strbuf_t sb = STRBUF_INIT(0);
	const plan_vlan_t *v;
	size_t i;

	if (plan->nvlans > 0)
		strbuf_adds(out, "\nRSPAN VLANs (created, and added to trunk "
		    "ports):\n");
	for (i = 0; i < plan->nvlans; i++) {
		v = &plan->vlans[i];
		join(&sb, v->trunk_ports, v->ntrunk_ports, ", ");
		strbuf_addf(out, "  %s vlan %u: %s\n", v->device, v->vlan,
		    strbuf_str(&sb));
	}
	if (plan->naffinity > 0)
		strbuf_adds(out, "\nAffinity rules:\n");
	for (i = 0; i < plan->naffinity; i++)
		strbuf_addf(out, "  %s: keep VMs '%s' and '%s' together in "
		    "cluster %s\n", plan->affinity[i].name,
		    plan->affinity[i].vms[0], plan->affinity[i].vms[1],
		    plan->affinity[i].cluster);
	strbuf_dispose(&sb);
}

void
plan_format_text(strbuf_t *out, const plan_t *plan)
{
	strbuf_addf(out, "Plan%s%s: %zu DC%s\n\n", plan->name != NULL ?
	    " for " : "", plan->name != NULL ? plan->name : "",
	    plan->npairs, plan->npairs == 1 ? "" : "s");
	format_pairs(out, plan);
	format_sessions(out, plan);
	format_vlans(out, plan);
}

void
plan_format_counts(strbuf_t *out, const plan_t *plan)
{
	strbuf_addf(out, "%zu error%s, %zu warning%s, %zu info\n",
	    plan_errors(plan), plan_errors(plan) == 1 ? "" : "s",
	    diag_severity_count(plan->diags, DIAG_WARNING),
	    diag_severity_count(plan->diags, DIAG_WARNING) == 1 ? "" : "s",
	    diag_severity_count(plan->diags, DIAG_INFO));
}

static void
json_strings(json_t *j, const char *const *v, size_t n)
{
	size_t i;

	json_begin_array(j, true);
	for (i = 0; i < n; i++)
		json_string(j, v[i]);
	json_end_array(j);
}

static void
json_id(json_t *j, uint32_t id)
{
	if (id == PLAN_NO_ID)
		json_null(j);
	else
		json_uint(j, id);
}

static void
json_pairs(json_t *j, const plan_t *plan)
{
	const plan_pair_t *pr;
	size_t i, k;

	json_key(j, "pairs");
	json_begin_array(j, false);
	for (i = 0; i < plan->npairs; i++) {
		pr = &plan->pairs[i];
		json_begin_object(j, false);
		json_key(j, "dc");
		json_string(j, pr->dc);
		json_key(j, "sensor");
		json_string(j, pr->sensor);
		json_key(j, "kind");
		json_string(j, plan_kind_names[pr->kind]);
		json_key(j, "matrix_row");
		json_string(j, pr->matrix_row);
		json_key(j, "devices");
		json_strings(j, pr->devices, pr->ndevices);
		json_key(j, "rspan_vlan");
		json_id(j, pr->rspan_vlan);
		json_key(j, "erspan_id");
		json_id(j, pr->erspan_id);
		json_key(j, "decapsulator");
		json_string(j, pr->decapsulator);
		json_key(j, "erspan_type");
		json_string(j, pr->erspan_type);
		json_key(j, "load_mbps");
		json_uint(j, pr->load_mbps);
		json_key(j, "not_chosen");
		json_begin_array(j, false);
		for (k = 0; k < pr->nnot_chosen; k++) {
			json_begin_object(j, true);
			json_key(j, "kind");
			json_string(j, plan_kind_names[pr->not_chosen[k].kind]);
			json_key(j, "why");
			json_string(j, pr->not_chosen[k].why);
			json_end_object(j);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
json_sessions(json_t *j, const plan_t *plan)
{
	const plan_session_t *s;
	size_t i;

	json_key(j, "sessions");
	json_begin_array(j, false);
	for (i = 0; i < plan->nsessions; i++) {
		s = &plan->sessions[i];
		json_begin_object(j, true);
		json_key(j, "device");
		json_string(j, s->device);
		json_key(j, "id");
		json_uint(j, s->id);
		json_key(j, "role");
		json_string(j, plan_role_names[s->role]);
		json_key(j, "sources");
		json_strings(j, s->sources, s->nsources);
		json_key(j, "direction");
		json_string(j, "both");
		json_key(j, "destination");
		json_string(j, s->destination);
		json_key(j, "dcs");
		json_strings(j, s->dcs, s->ndcs);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
json_extras(json_t *j, const plan_t *plan)
{
	size_t i;

	json_key(j, "rspan_vlans");
	json_begin_array(j, false);
	for (i = 0; i < plan->nvlans; i++) {
		json_begin_object(j, true);
		json_key(j, "device");
		json_string(j, plan->vlans[i].device);
		json_key(j, "vlan");
		json_uint(j, plan->vlans[i].vlan);
		json_key(j, "trunk_ports");
		json_strings(j, plan->vlans[i].trunk_ports,
		    plan->vlans[i].ntrunk_ports);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "affinity");
	json_begin_array(j, false);
	for (i = 0; i < plan->naffinity; i++) {
		json_begin_object(j, true);
		json_key(j, "name");
		json_string(j, plan->affinity[i].name);
		json_key(j, "cluster");
		json_string(j, plan->affinity[i].cluster);
		json_key(j, "vms");
		json_strings(j, plan->affinity[i].vms, 2);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
json_diags(json_t *j, const plan_t *plan)
{
	static const char *const sev[] = { "error", "warning", "info" };
	const diag_t *d;
	size_t i;

	json_key(j, "diagnostics");
	json_begin_array(j, false);
	for (i = 0; i < diag_count(plan->diags); i++) {
		d = diag_get(plan->diags, i);
		json_begin_object(j, false);
		json_key(j, "code");
		json_string(j, d->code);
		json_key(j, "severity");
		json_string(j, sev[d->severity]);
		json_key(j, "objects");
		json_strings(j, (const char *const *)d->objects, d->nobjects);
		json_key(j, "message");
		json_string(j, d->message);
		json_key(j, "hint");
		json_string(j, d->hint);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "diagnostics_not_shown");
	json_uint(j, diag_dropped(plan->diags));
}

void
plan_format_json(strbuf_t *out, const plan_t *plan)
{
	json_t j;

	json_init(&j, out);
	json_begin_object(&j, false);
	json_key(&j, "spangen");
	json_uint(&j, 1);
	json_key(&j, "name");
	json_string(&j, plan->name);
	json_pairs(&j, plan);
	json_sessions(&j, plan);
	json_extras(&j, plan);
	json_diags(&j, plan);
	json_end_object(&j);
}
