/* Fuzz target: the vendor descriptor loader, on one file DIR/x.yaml. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/diag.h"
#include "inventory/vendor.h"
#include "util/strbuf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char path[128];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	snprintf(dir, sizeof(dir), "/tmp/sg-fuzz-vendor.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/x.yaml", dir);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	vendor_set_t *vs = NULL;
	strbuf_t sb = STRBUF_INIT(0);
	const vendor_t *v;
	FILE *f;
	size_t i;
	int rc;

	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	rc = vendor_set_load(&vs, dir, dl, &err);
	diag_sort(dl);
	diag_format_all(&sb, dl);
	if (vs != NULL) {
		(void)vendor_set_names(vs);
		for (i = 0; i < vendor_set_count(vs); i++) {
			v = vendor_set_at(vs, i);
			if (v->port_example != NULL) {
				(void)vendor_port_ok(v, v->port_example);
				(void)vendor_lag_ok(v, v->port_example);
				(void)vendor_port_mbps(v, v->port_example);
				(void)vendor_unsafe_char(v, v->port_example);
			}
			(void)vendor_is_uncertain(v, "limits.sessions");
			(void)vendor_set_find(vs, v->name);
		}
		vendor_set_free(vs);
	} else if (rc == 0) {
		abort();
	}
	strbuf_dispose(&sb);
	diag_list_free(dl);
	return 0;
}
