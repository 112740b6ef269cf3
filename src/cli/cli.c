/* cli: see cli.h. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

static void
print_help(FILE *fp, const char *usage, const char *description,
    const struct cli_opt *opts)
{
	char left[64];
	size_t i;

	(void)fprintf(fp, "usage: %s\n", usage);
	if (description != NULL)
		(void)fprintf(fp, "\n%s\n", description);
	(void)fprintf(fp, "\noptions:\n");
	/* long names line up whether or not there is a short one */
	for (i = 0; opts[i].name != NULL; i++) {
		(void)snprintf(left, sizeof(left), "%c%c%c --%s%s%s",
		    opts[i].short_name ? '-' : ' ',
		    opts[i].short_name ? opts[i].short_name : ' ',
		    opts[i].short_name ? ',' : ' ', opts[i].name,
		    opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		(void)fprintf(fp, "  %-28s %s\n", left, opts[i].help);
	}
	(void)fprintf(fp, "  %-28s %s\n", "-h, --help", "show this help");
}

void
cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	(void)fprintf(stderr, "spangen: ");
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fprintf(stderr, "\nusage: %s\n", usage);
}

int
cli_parse(int argc, char **argv, const char *usage, const char *description,
    const struct cli_opt *opts, int (*on_opt)(void *, const char *,
    const char *), void *ctx, int *done)
{
	static const struct cli_opt no_opts[] = { { NULL, 0, NULL, NULL } };
	struct option *lopts;
	strbuf_t shorts = STRBUF_INIT(0);
	size_t n, i;
	int c, idx, rc;

	*done = -1;
	if (opts == NULL)
		opts = no_opts;
	for (n = 0; opts[n].name != NULL; n++)
		;
	lopts = xcalloc(n + 2, sizeof(*lopts));
	strbuf_adds(&shorts, "h");
	for (i = 0; i < n; i++) {
		lopts[i].name = opts[i].name;
		lopts[i].has_arg = opts[i].arg ? required_argument : no_argument;
		lopts[i].val = 256 + (int)i;
		if (opts[i].short_name) {
			strbuf_addc(&shorts, (char)opts[i].short_name);
			if (opts[i].arg)
				strbuf_addc(&shorts, ':');
		}
	}
	lopts[n].name = "help";
	lopts[n].val = 'h';
	optind = 1;
	opterr = 0;
	while (*done < 0 && (c = getopt_long(argc, argv, strbuf_str(&shorts),
	    lopts, &idx)) != -1) {
		if (c == 'h') {
			print_help(stdout, usage, description, opts);
			*done = EXIT_OK;
			break;
		}
		if (c == '?' || c == ':') {
			if (optopt != 0 && optopt < 256)
				cli_usage_error(usage, "unknown option -%c or "
				    "missing argument", optopt);
			else
				cli_usage_error(usage, "unknown option or "
				    "missing argument: %s", argv[optind - 1]);
			*done = EXIT_USAGE;
			break;
		}
		for (i = 0; i < n; i++)
			if (c == 256 + (int)i || c == opts[i].short_name)
				break;
		if ((rc = on_opt(ctx, opts[i].name, optarg)) != 0)
			*done = rc;
	}
	free(lopts);
	strbuf_dispose(&shorts);
	return optind;
}

int
cli_fail(const sg_err_t *err)
{
	(void)fprintf(stderr, "spangen: %s\n", err->msg[0] != '\0' ? err->msg :
	    "unknown error");
	return EXIT_FAIL;
}

void
cli_print_diags(diag_list_t *dl)
{
	strbuf_t out = STRBUF_INIT(0);

	diag_sort(dl);
	diag_format_all(&out, dl);
	(void)fputs(strbuf_str(&out), stderr);
	strbuf_dispose(&out);
}

int
cli_load(const char *path, vendor_set_t **vendors, inventory_t **inv)
{
	sg_err_t err = SG_ERR_INIT;
	diag_list_t *dl = diag_list_new();
	int vendors_rc, inventory_rc, status = EXIT_OK;

	*vendors = NULL;
	*inv = NULL;
	/* a descriptor's mistakes are diagnostics, shown with the inventory's */
	vendors_rc = vendor_set_load_default(vendors, dl, &err);
	if (vendors_rc != 0 && vendors_rc != SG_EINVAL) {
		status = cli_fail(&err);
		goto out;
	}
	inventory_rc = inventory_load(inv, path, *vendors, dl, &err);
	if (err.code != 0) {
		status = cli_fail(&err);
		goto out;
	}
	if (vendors_rc != 0 || inventory_rc != 0) {
		cli_print_diags(dl);
		(void)fprintf(stderr, "%s: %zu error%s\n", path,
		    diag_errors(dl), diag_errors(dl) == 1 ? "" : "s");
		status = EXIT_FAIL;
	}
 out:
	if (status != EXIT_OK) {
		inventory_free(*inv);
		vendor_set_free(*vendors);
		*inv = NULL;
		*vendors = NULL;
	}
	diag_list_free(dl);
	return status;
}
