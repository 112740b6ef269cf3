/*
 * bench_cfgtree: times what push does with one device's printout: read a
 * 20,000-line running configuration, model spangen's lines on it
 * (cfg_preview) and compare the managed parts (cfg_same), as the preview
 * and the read-back both do.  The printout is an IOS XE access switch in
 * the printed form: hundreds of interfaces, a banner, a certificate block,
 * wrapped trunk lists and existing monitor sessions.  A second case is the
 * worst this code meets: as many typed lines as the render limits allow
 * (66 sessions of 64 sources each) onto the same printout.  Not installed.
 *
 * usage: bench_cfgtree [-l LINES] [-r RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "push/cfgtree.h"
#include "util/strbuf.h"

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
make_running(strbuf_t *r, size_t lines)
{
	size_t n = 0, i, sw = 1, port = 1;

	strbuf_adds(r, "Building configuration...\n\nCurrent configuration : "
	    "912345 bytes\n!\nversion 17.9\nhostname acc1\n!\n"
	    "banner motd ^C\nAuthorised access only !\n  interface text "
	    "in a banner\n^C\n!\ncrypto pki certificate chain TP-self-signed\n"
	    " certificate self-signed 01\n");
	for (i = 0; i < 40; i++)
		strbuf_adds(r, "  3082024A 30820133 A0030201 02020101 300D0609 "
		    "2A864886 F70D0101 05050030\n");
	strbuf_adds(r, "  \tquit\n!\n");
	for (i = 2; i < 200; i++)
		strbuf_addf(r, "vlan %zu\n name prod-%zu\n!\n", i, i);
	n = 700;
	for (i = 0; n < lines; i++) {
		strbuf_addf(r, "interface GigabitEthernet%zu/0/%zu\n"
		    " description desk %zu\n switchport access vlan %zu\n"
		    " switchport mode access\n spanning-tree portfast\n!\n",
		    sw, port, i, 2 + i % 198);
		n += 6;
		if (++port > 48) {
			port = 1;
			sw++;
		}
		if (i % 50 == 0) {
			strbuf_addf(r, "interface TenGigabitEthernet%zu/1/%zu\n"
			    " switchport trunk allowed vlan 2,3,5-9,11,13,15,"
			    "17,19,21,23,25,27,29,31,33,35,37,39,41\n"
			    " switchport trunk allowed vlan add 43,45,47,49,"
			    "51,53,55-199\n switchport mode trunk\n!\n",
			    sw, i % 4 + 1);
			n += 5;
		}
	}
	for (i = 1; i <= 4; i++)
		strbuf_addf(r, "monitor session %zu source interface Gi1/0/%zu "
		    "- %zu\nmonitor session %zu destination interface "
		    "Gi1/0/%zu\n", i, i, i + 2, i, 40 + i);
	strbuf_adds(r, "end\n");
}

/* The lines of a render: sessions sessions of sources sources each. */
static void
make_lines(strbuf_t *l, size_t sessions, size_t sources)
{
	size_t s, i;

	strbuf_adds(l, "vlan 901\n remote-span\n exit\n"
	    "interface TenGigabitEthernet1/1/1\n"
	    " switchport trunk allowed vlan add 901\n exit\n");
	for (s = 1; s <= sessions; s++) {
		strbuf_addf(l, "no monitor session %zu\n", s);
		for (i = 0; i < sources; i++)
			strbuf_addf(l, "monitor session %zu source interface "
			    "GigabitEthernet%zu/0/%zu both\n", s, 1 + i / 48,
			    1 + i % 48);
		strbuf_addf(l, "monitor session %zu destination interface "
		    "GigabitEthernet%zu/0/48\n", s, 1 + s % 8);
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median time of runs previews and comparisons, in milliseconds. */
static double
time_case(const strbuf_t *running, const strbuf_t *lines, int runs)
{
	strbuf_t before = STRBUF_INIT(0), after = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	double *t = calloc((size_t)runs, sizeof(*t)), start, median;
	int i;

	for (i = 0; i < runs; i++) {
		start = now();
		if (cfg_preview(CFG_IOSXE, running->ptr, running->len,
		    lines->ptr, lines->len, &before, &after, &err) != 0) {
			(void)fprintf(stderr, "bench_cfgtree: %s\n", err.msg);
			exit(1);
		}
		(void)cfg_same(before.ptr, before.len, after.ptr, after.len);
		t[i] = (now() - start) * 1e3;
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	median = t[runs / 2];
	free(t);
	strbuf_dispose(&before);
	strbuf_dispose(&after);
	return median;
}

int
main(int argc, char **argv)
{
	strbuf_t running = STRBUF_INIT(0), usual = STRBUF_INIT(0),
	    worst = STRBUF_INIT(0);
	size_t want = 20000, nlines = 0, i;
	int runs = 21, ch;

	while ((ch = getopt(argc, argv, "l:r:")) != -1)
		switch (ch) {
		case 'l':
			want = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			runs = (int)strtol(optarg, NULL, 10);
			break;
		default:
			(void)fprintf(stderr, "usage: bench_cfgtree [-l LINES] "
			    "[-r RUNS]\n");
			return 2;
		}
	if (runs < 1)
		runs = 1;
	make_running(&running, want);
	for (i = 0; i < running.len; i++)
		nlines += running.ptr[i] == '\n';
	make_lines(&usual, 4, 2);
	make_lines(&worst, 66, 64);
	(void)printf("cfgtree: %zu-line running config (%.1f KB): read, model "
	    "and compare %.1f ms (render-sized lines), %.1f ms (66 sessions "
	    "x 64 sources), median of %d\n", nlines,
	    (double)running.len / 1024, time_case(&running, &usual, runs),
	    time_case(&running, &worst, runs), runs);
	strbuf_dispose(&running);
	strbuf_dispose(&usual);
	strbuf_dispose(&worst);
	return 0;
}
