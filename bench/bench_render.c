/*
 * spangen_bench: times each phase of `spangen render` on one inventory
 * (load, plan, render every device in memory, write the bundle) and prints
 * the peak memory.  Used by bench/render.sh; not installed.
 *
 * usage: spangen_bench INVENTORY OUTDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "render/bundle.h"
#include "render/bundledir.h"
#include "inventory/inventory.h"
#include "plan/plan.h"
#include "render/render.h"
#include "render/view.h"
#include "inventory/vendor.h"
#include "util/datadir.h"

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The templates alone: what pystache is compared with. */
static double
time_templates(const inventory_t *inv, const plan_t *plan,
    const char *templates)
{
	render_set_t *rs = render_set_new(templates);
	sg_err_t err = SG_ERR_INIT;
	render_files_t rf;
	double t = now();
	size_t dev;

	for (dev = 0; dev < inv->nswitches + inv->nhypervisors; dev++) {
		if (!view_device_touched(inv, plan, dev))
			continue;
		if (render_device(rs, inv, plan, dev, &rf, &err) != 0) {
			(void)fprintf(stderr, "spangen_bench: %s\n", err.msg);
			exit(1);
		}
		render_files_dispose(&rf);
	}
	t = now() - t;
	render_set_free(rs);
	return t;
}

int
main(int argc, char **argv)
{
	sg_err_t err = SG_ERR_INIT;
	strbuf_t notes = STRBUF_INIT(0);
	diag_list_t *dl = diag_list_new();
	vendor_set_t *vs = NULL;
	inventory_t *inv = NULL;
	bundle_t *b = NULL;
	plan_t *plan;
	struct rusage ru;
	char templates[4096];
	double t0, t1, t2, t3, t4, templates_time;

	if (argc != 3) {
		(void)fprintf(stderr, "usage: spangen_bench INVENTORY OUTDIR\n");
		return 2;
	}
	if (vendor_set_load_default(&vs, dl, &err) != 0 ||
	    datadir_path(templates, sizeof(templates), "templates", &err) != 0) {
		(void)fprintf(stderr, "spangen_bench: %s\n", err.msg);
		return 1;
	}
	t0 = now();
	if (inventory_load(&inv, argv[1], vs, dl, &err) != 0) {
		(void)fprintf(stderr, "spangen_bench: %s: does not load\n",
		    argv[1]);
		return 1;
	}
	t1 = now();
	plan = plan_build(inv);
	t2 = now();
	if (bundle_build(&b, inv, plan, templates, &err) != 0) {
		(void)fprintf(stderr, "spangen_bench: %s\n", err.msg);
		return 1;
	}
	t3 = now();
	if (bundle_write(b, argv[2], &notes, &err) != 0) {
		(void)fprintf(stderr, "spangen_bench: %s\n", err.msg);
		return 1;
	}
	t4 = now();
	templates_time = time_templates(inv, plan, templates);
	(void)getrusage(RUSAGE_SELF, &ru);
	(void)printf("load %.3f s, plan %.3f s, render %.3f s (%zu devices, "
	    "%zu files), write %.3f s; plan + render %.3f s; peak memory "
	    "%ld MB\n", t1 - t0, t2 - t1, t3 - t2, b->ndevices, b->nfiles,
	    t4 - t3, t3 - t1, ru.ru_maxrss / 1024);
	(void)printf("templates alone (views + intended, rollback, verify for "
	    "every device): %.3f s\n", templates_time);
	(void)fputs(strbuf_str(&notes), stderr);
	strbuf_dispose(&notes);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
	vendor_set_free(vs);
	diag_list_free(dl);
	return 0;
}
