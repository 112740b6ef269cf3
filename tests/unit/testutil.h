/*
 * Helpers shared by the unit tests: where test data lives, and the
 * diagnostics of a run as text ("LINE:COL: error CODE: message" lines,
 * without the file name and hints), which is what the tests compare.
 */
#ifndef SG_TESTUTIL_H
#define SG_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "inventory/vendor.h"
#include "util/strbuf.h"

static inline const char *
test_env(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL) {
		(void)fprintf(stderr, "%s is not set; run the tests with "
		    "ctest\n", name);
		exit(1);
	}
	return v;
}

/* Joins a directory from the environment and a relative path. */
static inline char *
test_path(const char *env, const char *rel)
{
	strbuf_t sb = STRBUF_INIT(0);

	strbuf_addf(&sb, "%s/%s", test_env(env), rel);
	return strbuf_detach(&sb, NULL);
}

static inline char *
test_diag_lines(diag_list_t *dl)
{
	static const char *const sev[] = { "error", "warning", "info" };
	strbuf_t sb = STRBUF_INIT(0);
	const diag_t *d;
	size_t i;

	diag_sort(dl);
	for (i = 0; i < diag_count(dl); i++) {
		d = diag_get(dl, i);
		strbuf_addf(&sb, "%u:%u: %s %s: %s\n", d->pos.line, d->pos.col,
		    sev[d->severity], d->code, d->message);
	}
	return strbuf_detach(&sb, NULL);
}

/* A whole file as a string; fails the test when it cannot be read. */
static inline char *
test_slurp(const char *path)
{
	strbuf_t sb = STRBUF_INIT(0);
	char buf[4096];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		(void)fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	(void)fclose(fp);
	return strbuf_detach(&sb, NULL);
}

static inline vendor_set_t *
test_vendors(void)
{
	vendor_set_t *vs = NULL;
	diag_list_t *dl = diag_list_new();
	sg_err_t err = SG_ERR_INIT;
	char *dir = test_path("SG_SOURCE_DIR", "vendors");

	if (vendor_set_load(&vs, dir, dl, &err) != 0) {
		char *lines = test_diag_lines(dl);

		(void)fprintf(stderr, "vendors/ does not load: %s%s\n",
		    err.msg, lines);
		exit(1);
	}
	free(dir);
	diag_list_free(dl);
	return vs;
}

#endif
