/*
 * spangen_bench: times each phase of `spangen render` on one inventory
 * (load, plan, render every device in memory, write the bundle) beside the
 * machine's limits measured in the same run (bare.h): a bare libyaml parse
 * of the file before each load, and a bare write of the same files next to
 * each bundle write, in turns, so disk noise hits both alike.  Prints the
 * median and the spread of each, their ratios and the peak memory.  Used
 * by bench/render.sh; not installed.
 *
 * usage: spangen_bench INVENTORY OUTDIR [RUNS]
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "bare.h"
#include "inventory/inventory.h"
#include "inventory/vendor.h"
#include "plan/plan.h"
#include "render/bundle.h"
#include "render/bundledir.h"
#include "render/render.h"
#include "render/view.h"
#include "util/datadir.h"

#define MAX_RUNS	50

enum { T_PARSE, T_LOAD, T_PLAN, T_RENDER, T_WRITE, T_BARE_WRITE, NT };

static const char *const names[NT] = {
	"bare libyaml parse", "load", "plan", "render", "write",
	"bare write loop",
};

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const char *msg)
{
	(void)fprintf(stderr, "spangen_bench: %s: %s\n", what, msg);
	exit(1);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

/* Between runs, untimed: five bundles of a large inventory fill a disk. */
static void
remove_tree(const char *dir)
{
	(void)nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(const double *v, int n, double *lo, double *hi)
{
	double s[MAX_RUNS];
	int i;

	for (i = 0; i < n; i++)
		s[i] = v[i];
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	*lo = s[0];
	*hi = s[n - 1];
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
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
		if (render_device(rs, inv, plan, dev, &rf, &err) != 0)
			die("render", err.msg);
		render_files_dispose(&rf);
	}
	t = now() - t;
	render_set_free(rs);
	return t;
}

/* One render, phase by phase, with the bare limits beside it. */
static void
run_once(const char *path, const char *outdir, int run,
    const vendor_set_t *vs, const char *templates, double t[NT],
    size_t counts[3])
{
	sg_err_t err = SG_ERR_INIT;
	strbuf_t notes = STRBUF_INIT(0);
	diag_list_t *dl = diag_list_new();
	inventory_t *inv = NULL;
	bundle_t *b = NULL;
	plan_t *plan;
	char mine[4096], bare[4096];
	double t0;
	int k;

	if ((t[T_PARSE] = bare_yaml_parse(path, &counts[2])) < 0)
		die(path, "does not parse");
	t0 = now();
	if (inventory_load(&inv, path, vs, dl, &err) != 0)
		die(path, "does not load");
	t[T_LOAD] = now() - t0;
	t0 = now();
	plan = plan_build(inv);
	t[T_PLAN] = now() - t0;
	t0 = now();
	if (bundle_build(&b, inv, plan, templates, &err) != 0)
		die("render", err.msg);
	t[T_RENDER] = now() - t0;
	(void)snprintf(mine, sizeof(mine), "%s/spangen-%d", outdir, run);
	(void)snprintf(bare, sizeof(bare), "%s/bare-%d", outdir, run);
	/* in turns, so neither always meets a disk the other just filled */
	t[T_WRITE] = t[T_BARE_WRITE] = 0;
	for (k = 0; k < 2; k++) {
		if ((k == 0) == (run % 2 == 0)) {
			t0 = now();
			if (bundle_write(b, mine, &notes, &err) != 0)
				die(mine, err.msg);
			t[T_WRITE] = now() - t0;
		} else if ((t[T_BARE_WRITE] = bare_write(b, bare)) < 0)
			die(bare, "the bare write failed");
	}
	counts[0] = b->ndevices;
	counts[1] = b->nfiles;
	remove_tree(mine);
	remove_tree(bare);
	(void)fputs(strbuf_str(&notes), stderr);
	strbuf_dispose(&notes);
	bundle_free(b);
	plan_free(plan);
	inventory_free(inv);
	diag_list_free(dl);
}

int
main(int argc, char **argv)
{
	sg_err_t err = SG_ERR_INIT;
	diag_list_t *dl = diag_list_new();
	vendor_set_t *vs = NULL;
	inventory_t *inv = NULL;
	plan_t *plan;
	struct rusage ru;
	char templates[4096];
	double t[NT][MAX_RUNS], row[NT], med[NT], lo, hi;
	size_t counts[3];
	int runs, r, k;

	runs = argc == 4 ? atoi(argv[3]) : 5;
	if ((argc != 3 && argc != 4) || runs < 1 || runs > MAX_RUNS) {
		(void)fprintf(stderr, "usage: spangen_bench INVENTORY OUTDIR "
		    "[RUNS (1-%d)]\n", MAX_RUNS);
		return 2;
	}
	if (vendor_set_load_default(&vs, dl, &err) != 0 ||
	    datadir_path(templates, sizeof(templates), "templates", &err) != 0)
		die("setup", err.msg);
	(void)mkdir(argv[2], 0755);
	for (r = 0; r < runs; r++) {
		run_once(argv[1], argv[2], r, vs, templates, row, counts);
		for (k = 0; k < NT; k++)
			t[k][r] = row[k];
	}
	(void)printf("%zu YAML events, %zu devices, %zu files; median of %d "
	    "runs (min-max)\n", counts[2], counts[0], counts[1], runs);
	for (k = 0; k < NT; k++) {
		med[k] = median(t[k], runs, &lo, &hi);
		(void)printf("  %-20s %.3f s (%.3f-%.3f)\n", names[k], med[k],
		    lo, hi);
	}
	(void)printf("ratios: load %.2fx the bare parse (target 2), plan "
	    "%.2fx load (target 1), write %.2fx the bare write (target 1.5)\n",
	    med[T_LOAD] / med[T_PARSE], med[T_PLAN] / med[T_LOAD],
	    med[T_WRITE] / med[T_BARE_WRITE]);
	(void)printf("total load + plan + render + write %.3f s\n",
	    med[T_LOAD] + med[T_PLAN] + med[T_RENDER] + med[T_WRITE]);
	if (inventory_load(&inv, argv[1], vs, dl, &err) != 0)
		die(argv[1], "does not load");
	plan = plan_build(inv);
	(void)printf("templates alone (views + intended, rollback, verify for "
	    "every device): %.3f s\n", time_templates(inv, plan, templates));
	(void)getrusage(RUSAGE_SELF, &ru);
	(void)printf("peak memory %ld MB\n", ru.ru_maxrss / 1024);
	plan_free(plan);
	inventory_free(inv);
	vendor_set_free(vs);
	diag_list_free(dl);
	return 0;
}
