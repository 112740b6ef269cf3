/* spangen verify: prove on the sensor's port that each DC's traffic arrives. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "verify/capture.h"
#include "verify/verify.h"
#include "util/file.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

static const char verify_usage[] = "spangen verify (--iface IF | --pcap FILE) "
    "--dc ADDRESS... [--duration SEC | --seconds SEC] [--min-packets N] "
    "[--json] [--metrics FILE]";
static const struct cli_opt verify_opts[] = {
	{ "iface", 'i', "IF", "listen on the sensor's capture interface" },
	{ "pcap", 'r', "FILE", "read a capture file instead" },
	{ "dc", 'd', "ADDRESS", "a DC's IP address (repeat, or separate with "
	    "commas)" },
	{ "duration", 's', "SEC", "how long to listen on --iface, 1-86400 "
	    "(default 30)" },
	{ "seconds", 0, "SEC", "the same as --duration" },
	{ "min-packets", 0, "N", "a DC passes with at least N frames each way, "
	    "1-1000000000 (default 1)" },
	{ "json", 0, NULL, "print the result as JSON" },
	{ "metrics", 0, "FILE", "also write it as a Prometheus textfile "
	    "(written beside FILE, then renamed over it)" },
	{ NULL, 0, NULL, NULL }
};

struct verify_opts {
	const char	*iface;
	const char	*pcap;
	char		**dcs;
	size_t		 ndcs;
	uint32_t	 seconds;
	uint32_t	 min_frames;
	const char	*metrics;
	bool		 json;
	bool		 bad_seconds;
	bool		 bad_min;
};

static void
add_dcs(struct verify_opts *o, const char *arg)
{
	const char *p = arg, *comma;
	size_t n;

	while (*p != '\0') {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (n > 0) {
			o->dcs = xreallocarray(o->dcs, o->ndcs + 1,
			    sizeof(*o->dcs));
			o->dcs[o->ndcs++] = xstrndup(p, n);
		}
		p += n + (comma != NULL);
	}
}

static int
verify_opt(void *ctx, const char *name, const char *arg)
{
	struct verify_opts *o = ctx;

	if (strcmp(name, "iface") == 0)
		o->iface = arg;
	else if (strcmp(name, "pcap") == 0)
		o->pcap = arg;
	else if (strcmp(name, "dc") == 0)
		add_dcs(o, arg);
	else if (strcmp(name, "duration") == 0 ||
	    strcmp(name, "seconds") == 0)
		o->bad_seconds = parse_u32(arg, 86400, &o->seconds) != 0 ||
		    o->seconds == 0;
	else if (strcmp(name, "min-packets") == 0)
		o->bad_min = parse_u32(arg, 1000000000, &o->min_frames) != 0 ||
		    o->min_frames == 0;
	else if (strcmp(name, "metrics") == 0)
		o->metrics = arg;
	else
		o->json = true;
	return 0;
}

static int
write_metrics(const verify_t *v, const struct verify_opts *o, strbuf_t *out,
    sg_err_t *err)
{
	strbuf_reset(out);
	verify_format_metrics(out, v, o->iface != NULL ? o->iface : o->pcap,
	    (long)time(NULL));
	return file_replace(o->metrics, strbuf_str(out), out->len, err);
}

int
cmd_verify(int argc, char **argv)
{
	struct verify_opts opts = { NULL, NULL, NULL, 0, 30, 1, NULL, false,
	    false, false };
	char what[4200];
	sg_err_t err = SG_ERR_INIT;
	strbuf_t out = STRBUF_INIT(0), source = STRBUF_INIT(0);
	verify_t *v = NULL;
	int first, done, i, rc, status = EXIT_USAGE;

	first = cli_parse(argc, argv, verify_usage, "Checks on the sensor's "
	    "capture port (or in a capture file) that each DC's\ntraffic "
	    "arrives in both directions, not still encapsulated in ERSPAN, "
	    "GRE or\nVXLAN, and not twice; lists the DC protocols and VLAN "
	    "tags seen.  Exit status 0\nwhen every DC passes, 1 otherwise, 2 "
	    "on bad usage.", verify_opts, verify_opt, &opts, &done);
	if (done >= 0) {
		status = done;
		goto out;
	}
	for (i = first; i < argc; i++)
		add_dcs(&opts, argv[i]);
	if ((opts.iface == NULL) == (opts.pcap == NULL)) {
		cli_usage_error(verify_usage, "give exactly one of --iface and "
		    "--pcap");
		goto out;
	}
	if (opts.ndcs == 0) {
		cli_usage_error(verify_usage, "give the DCs' addresses with --dc");
		goto out;
	}
	if (opts.bad_seconds) {
		cli_usage_error(verify_usage, "--duration takes a whole number "
		    "of seconds from 1 to 86400");
		goto out;
	}
	if (opts.bad_min) {
		cli_usage_error(verify_usage, "--min-packets takes a whole "
		    "number from 1 to 1000000000");
		goto out;
	}
	/* a timer's mistake shows before it waits out a capture */
	if (opts.metrics != NULL) {
		(void)snprintf(what, sizeof(what), "--metrics %s",
		    opts.metrics);
		if (file_dir_writable(opts.metrics, what, &err) != 0) {
			cli_usage_error(verify_usage, "%s", err.msg);
			goto out;
		}
	}
	if ((rc = verify_new(&v, (const char *const *)opts.dcs, opts.ndcs,
	    &err)) != 0) {
		cli_usage_error(verify_usage, "%s", err.msg);
		goto out;
	}
	verify_set_min_frames(v, opts.min_frames);
	if (opts.pcap != NULL) {
		strbuf_adds(&source, opts.pcap);
		rc = capture_file(v, opts.pcap, &err);
	} else {
		strbuf_addf(&source, "%s (%u s)", opts.iface, opts.seconds);
		rc = capture_live(v, opts.iface, (int)opts.seconds, &err);
	}
	if (rc != 0) {
		status = cli_fail(&err);
		/*
		 * a capture that failed passes no DC, whatever it read before
		 * it failed: the file says so, with nothing counted
		 */
		verify_free(v);
		v = NULL;
		if (opts.metrics != NULL && verify_new(&v, (const char *const *)
		    opts.dcs, opts.ndcs, &err) == 0)
			(void)write_metrics(v, &opts, &out, &err);
		goto out;
	}
	if (opts.json)
		verify_format_json(&out, v, strbuf_str(&source));
	else
		verify_format_text(&out, v, strbuf_str(&source));
	(void)fputs(strbuf_str(&out), stdout);
	status = verify_passed(v) ? EXIT_OK : EXIT_FAIL;
	if (opts.metrics != NULL && write_metrics(v, &opts, &out, &err) != 0)
		status = cli_fail(&err);
 out:
	for (i = 0; i < (int)opts.ndcs; i++)
		free(opts.dcs[i]);
	free(opts.dcs);
	verify_free(v);
	strbuf_dispose(&out);
	strbuf_dispose(&source);
	return status;
}
