/*
 * bench_netconf: times the NETCONF client's receive path on one large
 * <get-config> reply: the framer fed in 4096-byte reads (ncclient's
 * BUF_SIZE), then the reply's <data> written in canonical form, streamed
 * from libxml2's SAX2 parser, as netconf_get_config() does once the bytes
 * are in.  For
 * reference it also times netconf_canon() on the whole reply text, and a
 * bare xmlReadMemory() of the same bytes with the options spangen parses
 * with (the least a tree parse can cost), interleaved with the rest so
 * machine noise hits both alike.  Writes the framed bytes to a file so
 * that bench/netconf.sh can give ncclient exactly the same input.  Not
 * installed.
 *
 * usage: bench_netconf [-m MB] [-c CHUNK] [-r RUNS] FRAMED-OUT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "transport/ncframe.h"
#include "transport/netconf.h"
#include "util/strbuf.h"

#define READ_SIZE	4096

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A reply shaped like netconfd's: two-space indentation, interfaces with
 * units and VLAN members, and analyzers, until it reaches size bytes.
 */
static void
make_reply(strbuf_t *r, size_t size)
{
	size_t i, nif = 0, nan = 0;

	strbuf_adds(r, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rpc-reply message-id=\"101\" xmlns:nc=\"urn:ietf:params:xml:ns:"
	    "netconf:base:1.0\"\n  xmlns=\"urn:ietf:params:xml:ns:netconf:"
	    "base:1.0\">\n  <data>\n    <configuration xmlns=\"http://yang."
	    "juniper.net/junos-qfx/conf/root\">\n      <interfaces xmlns=\""
	    "http://yang.juniper.net/junos-qfx/conf/interfaces\">\n");
	/* two thirds interfaces, one third analyzers */
	while (r->len < size * 2 / 3) {
		strbuf_addf(r,
		    "        <interface>\n"
		    "          <name>ge-%zu/0/%zu</name>\n"
		    "          <description>leaf %zu port %zu &amp; uplink"
		    "</description>\n"
		    "          <unit>\n"
		    "            <name>0</name>\n"
		    "            <family>\n"
		    "              <ethernet-switching>\n"
		    "                <vlan>\n"
		    "                  <members>SPANGEN-RSPAN-%zu</members>\n"
		    "                </vlan>\n"
		    "              </ethernet-switching>\n"
		    "            </family>\n"
		    "          </unit>\n"
		    "        </interface>\n", nif / 48, nif % 48, nif / 48,
		    nif % 48, 900 + nif % 100);
		nif++;
	}
	strbuf_adds(r, "      </interfaces>\n      <forwarding-options xmlns="
	    "\"http://yang.juniper.net/junos-qfx/conf/forwarding-options\">\n");
	while (r->len < size - 200) {
		i = nan++;
		strbuf_addf(r,
		    "        <analyzer>\n"
		    "          <name>spangen-%zu</name>\n"
		    "          <input>\n"
		    "            <ingress>\n"
		    "              <interface>\n"
		    "                <name>ge-%zu/0/%zu.0</name>\n"
		    "              </interface>\n"
		    "            </ingress>\n"
		    "            <egress>\n"
		    "              <interface>\n"
		    "                <name>ge-%zu/0/%zu.0</name>\n"
		    "              </interface>\n"
		    "            </egress>\n"
		    "          </input>\n"
		    "          <output>\n"
		    "            <interface>ge-%zu/0/47.0</interface>\n"
		    "          </output>\n"
		    "        </analyzer>\n", i, i / 46, i % 46, i / 46, i % 46,
		    i / 46);
	}
	strbuf_adds(r, "      </forwarding-options>\n    </configuration>\n"
	    "  </data>\n</rpc-reply>");
}

/* RFC 6242 chunks of at most chunk bytes. */
static void
frame(strbuf_t *out, const strbuf_t *msg, size_t chunk)
{
	size_t off, n;

	for (off = 0; off < msg->len; off += n) {
		n = msg->len - off < chunk ? msg->len - off : chunk;
		strbuf_addf(out, "\n#%zu\n", n);
		strbuf_add(out, msg->ptr + off, n);
	}
	strbuf_adds(out, "\n##\n");
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
die(const char *what, const sg_err_t *err)
{
	(void)fprintf(stderr, "bench_netconf: %s: %s\n", what,
	    err != NULL ? err->msg : "failed");
	exit(1);
}

int
main(int argc, char **argv)
{
	strbuf_t reply = STRBUF_INIT(0), framed = STRBUF_INIT(0);
	strbuf_t data = STRBUF_INIT(0), canon = STRBUF_INIT(0);
	size_t mb = 10, chunk = 4096, runs = 5, i, off, used, len = 0;
	double t[5], *ph[4];
	xmlDocPtr doc;
	sg_err_t err = SG_ERR_INIT;
	ncframe_t *f;
	char *msg = NULL;
	FILE *fp;
	int c, rc;

	while ((c = getopt(argc, argv, "m:c:r:")) != -1) {
		switch (c) {
		case 'm':
			mb = strtoul(optarg, NULL, 10);
			break;
		case 'c':
			chunk = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			runs = strtoul(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || mb == 0 || chunk == 0 || runs == 0)
		goto usage;
	make_reply(&reply, mb * 1024 * 1024);
	frame(&framed, &reply, chunk);
	if ((fp = fopen(argv[optind], "wb")) == NULL ||
	    fwrite(framed.ptr, 1, framed.len, fp) != framed.len ||
	    fclose(fp) != 0)
		die(argv[optind], NULL);
	for (i = 0; i < 4; i++)
		ph[i] = calloc(runs, sizeof(double));
	for (i = 0; i < runs; i++) {
		f = ncframe_new("bench", 64u * 1024 * 1024);
		ncframe_set_mode(f, NCFRAME_CHUNKED);
		t[0] = now();
		for (off = 0, rc = 0; off < framed.len && rc == 0;
		    off += used) {
			rc = ncframe_feed(f, framed.ptr + off, framed.len -
			    off < READ_SIZE ? framed.len - off : READ_SIZE,
			    &used, &err);
			if (rc < 0)
				die("framing", &err);
		}
		msg = ncframe_take(f, &len);
		t[1] = now();
		strbuf_reset(&data);
		if (netconf_reply_parse(msg, len, "bench", "get-config", &data,
		    &err) != 0)
			die("reply", &err);
		t[2] = now();
		strbuf_reset(&canon);
		if (netconf_canon(msg, len, &canon, &err) != 0)
			die("canon", &err);
		t[3] = now();
		if ((doc = xmlReadMemory(msg, (int)len, NULL, NULL,
		    XML_PARSE_NONET | XML_PARSE_NOBLANKS)) == NULL)
			die("bare xmlReadMemory", NULL);
		t[4] = now();
		xmlFreeDoc(doc);
		ph[0][i] = t[1] - t[0];
		ph[1][i] = t[2] - t[1];
		ph[2][i] = t[3] - t[2];
		ph[3][i] = t[4] - t[3];
		free(msg);
		ncframe_free(f);
	}
	for (i = 0; i < 4; i++)
		qsort(ph[i], runs, sizeof(double), cmp_double);
	(void)printf("reply %zu bytes in %zu-byte chunks (%zu bytes framed), "
	    "canonical data %zu bytes\n", reply.len, chunk, framed.len,
	    data.len);
	(void)printf("C, median of %zu: framer %.1f ms, parse + canonical data "
	    "%.1f ms, total %.1f ms\n", runs, ph[0][runs / 2] * 1e3,
	    ph[1][runs / 2] * 1e3, (ph[0][runs / 2] + ph[1][runs / 2]) * 1e3);
	(void)printf("C, netconf_canon() of the whole reply text: %.1f ms\n",
	    ph[2][runs / 2] * 1e3);
	(void)printf("bare xmlReadMemory() of the reply: %.1f ms (spread "
	    "%.1f-%.1f)\n", ph[3][runs / 2] * 1e3, ph[3][0] * 1e3,
	    ph[3][runs - 1] * 1e3);
	(void)printf("ratio: parse + canonical data is %.2fx the bare parse "
	    "(target 1.5x)\n", ph[1][runs / 2] / ph[3][runs / 2]);
	for (i = 0; i < 4; i++)
		free(ph[i]);
	strbuf_dispose(&reply);
	strbuf_dispose(&framed);
	strbuf_dispose(&data);
	strbuf_dispose(&canon);
	return 0;
 usage:
	(void)fprintf(stderr, "usage: bench_netconf [-m MB] [-c CHUNK] "
	    "[-r RUNS] FRAMED-OUT\n");
	return 2;
}
