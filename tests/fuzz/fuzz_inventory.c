/*
 * Fuzz target: the inventory loader, the planner on every inventory that
 * loads, and both plan formats.  Vendors come from $SG_FUZZ_VENDORS
 * (default ./vendors).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "inventory/inventory.h"
#include "plan/plan.h"
#include "inventory/vendor.h"
#include "util/strbuf.h"

static vendor_set_t *vs;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	const char *dir = getenv("SG_FUZZ_VENDORS");

	(void)argc; (void)argv;
	if (vendor_set_load(&vs, dir != NULL ? dir : "vendors", dl, &err) != 0 ||
	    vs == NULL) {
		fprintf(stderr, "vendor_set_load failed: %s\n", err.msg);
		abort();
	}
	diag_list_free(dl);
	return 0;
}

/* Diagnostics go to a terminal: whatever the input, no control byte other
 * than the line breaks between them may reach it. */
static void
format_diags(diag_list_t *dl)
{
	strbuf_t sb = STRBUF_INIT(0);
	const unsigned char *p;

	diag_sort(dl);
	diag_format_all(&sb, dl);
	for (p = (const unsigned char *)strbuf_str(&sb); *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			abort();
	strbuf_dispose(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list_t *dl = diag_list_new();
	inventory_t *inv = NULL;
	plan_t *plan;
	strbuf_t out = STRBUF_INIT(0);
	/* exact-size heap copy so ASan sees any read past the end */
	char *text = malloc(size ? size : 1);

	memcpy(text, data, size);
	(void)inventory_parse(&inv, "f.yaml", text, size, vs, dl);
	format_diags(dl);
	if (inv != NULL) {
		plan = plan_build(inv);
		plan_format_json(&out, plan);
		strbuf_reset(&out);
		plan_format_text(&out, plan);
		(void)plan_errors(plan);
		if (plan->diags != NULL)
			format_diags(plan->diags);
		plan_free(plan);
		inventory_free(inv);
	}
	strbuf_dispose(&out);
	diag_list_free(dl);
	free(text);
	return 0;
}
