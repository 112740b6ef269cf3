/*
 * verify: frames built here byte by byte (Ethernet, 802.1Q, IPv4/IPv6,
 * TCP/UDP, GRE with ERSPAN types I/II/III, VXLAN) and fed to the
 * verifier, then through pcap files written and read back with libpcap.
 */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "verify/capture.h"
#include "verify/verify.h"
#include "testutil.h"

struct frame {
	uint8_t	 b[4096];
	size_t	 n;
};

static void
put(struct frame *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void
put16(struct frame *f, uint16_t x)
{
	uint8_t b[2] = { (uint8_t)(x >> 8), (uint8_t)x };

	put(f, b, 2);
}

static void
ether(struct frame *f, int vlan, uint16_t type)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

	f->n = 0;
	put(f, macs, 12);
	if (vlan > 0) {
		put16(f, 0x8100);
		put16(f, (uint16_t)vlan);
	}
	put16(f, type);
}

/* IPv4 + TCP (proto 6) or UDP (17) between two addresses, with payload. */
static void
ipv4(struct frame *f, const char *src, const char *dst, int proto,
    uint16_t sport, uint16_t dport, const char *payload)
{
	size_t plen = strlen(payload), l4 = proto == 6 ? 20 : 8;
	uint8_t ip[20] = { 0x45, 0 }, a[4];

	ip[2] = (uint8_t)((20 + l4 + plen) >> 8);
	ip[3] = (uint8_t)(20 + l4 + plen);
	ip[8] = 64;
	ip[9] = (uint8_t)proto;
	(void)inet_pton(AF_INET, src, a);
	memcpy(ip + 12, a, 4);
	(void)inet_pton(AF_INET, dst, a);
	memcpy(ip + 16, a, 4);
	put(f, ip, 20);
	put16(f, sport);
	put16(f, dport);
	if (proto == 6) {
		uint8_t rest[16] = { 0 };

		rest[8] = 5 << 4;	/* data offset */
		put(f, rest, 16);
	} else {
		put16(f, (uint16_t)(8 + plen));
		put16(f, 0);
	}
	put(f, payload, plen);
}

static void
tcp4(struct frame *f, int vlan, const char *src, const char *dst,
    uint16_t sport, uint16_t dport, const char *payload)
{
	ether(f, vlan, 0x0800);
	ipv4(f, src, dst, 6, sport, dport, payload);
}

/* f wrapped in GRE (protocol, flags, extra header bytes) over IPv4. */
static void
gre(struct frame *out, const struct frame *in, uint16_t flags,
    uint16_t proto, size_t hdr)
{
	uint8_t ip[20] = { 0x45, 0 }, zeros[16] = { 0 };
	size_t total = 20 + 4 + ((flags & 0x1000) ? 4 : 0) + hdr + in->n;

	ether(out, 0, 0x0800);
	ip[2] = (uint8_t)(total >> 8);
	ip[3] = (uint8_t)total;
	ip[9] = 47;
	ip[12] = 198, ip[13] = 51, ip[14] = 100, ip[15] = 1;
	ip[16] = 198, ip[17] = 51, ip[18] = 100, ip[19] = 9;
	put(out, ip, 20);
	put16(out, flags);
	put16(out, proto);
	if (flags & 0x1000)
		put(out, zeros, 4);
	if (hdr > 0) {
		uint8_t h[12] = { 0x10, 0 };	/* Ver 1 for type II */

		if (hdr == 12)
			h[0] = 0x20;
		put(out, h, hdr);
	}
	put(out, in->b, in->n);
}

static verify_t *
new_verify(const char *const *dcs, size_t n)
{
	sg_err_t err = SG_ERR_INIT;
	verify_t *v = NULL;

	assert_int_equal(verify_new(&v, dcs, n, &err), 0);
	return v;
}

static char *
report(const verify_t *v)
{
	strbuf_t sb = STRBUF_INIT(0);

	verify_format_text(&sb, v, "test");
	return strbuf_detach(&sb, NULL);
}

static const char *const dc1[] = { "10.0.0.10" };

static void
test_verify__both_directions_pass(void **state)
{
	verify_t *v = new_verify(dc1, 1);
	struct frame f;
	char *r;

	(void)state;
	tcp4(&f, 20, "10.0.0.20", "10.0.0.10", 50000, 88, "AS-REQ");
	verify_frame(v, f.b, f.n, f.n, 1000);
	tcp4(&f, 20, "10.0.0.10", "10.0.0.20", 389, 50001, "bind");
	verify_frame(v, f.b, f.n, f.n, 2000);
	assert_true(verify_passed(v));
	r = report(v);
	assert_non_null(strstr(r, "DC 10.0.0.10: PASS\n"));
	assert_non_null(strstr(r, "  to the DC:   1 frames, 64 bytes\n"));
	assert_non_null(strstr(r, "  protocols: Kerberos, LDAP\n"));
	assert_non_null(strstr(r, "  VLAN tags: 20\n"));
	assert_null(strstr(r, "warning"));
	free(r);
	verify_free(v);
}

/* A timer asks for enough frames to tell a working mirror from a trickle. */
static void
test_verify__min_frames_each_way(void **state)
{
	verify_t *v = new_verify(dc1, 1);
	struct frame f;
	char *r;
	int i;

	(void)state;
	verify_set_min_frames(v, 3);
	for (i = 0; i < 3; i++) {
		tcp4(&f, 0, "10.0.0.20", "10.0.0.10", 50000, 88, "AS-REQ");
		verify_frame(v, f.b, f.n, f.n, 1000 + (uint64_t)i * 100000);
	}
	tcp4(&f, 0, "10.0.0.10", "10.0.0.20", 88, 50000, "AS-REP");
	verify_frame(v, f.b, f.n, f.n, 900000);
	assert_false(verify_passed(v));
	r = report(v);
	assert_non_null(strstr(r, "DC 10.0.0.10: FAIL\n  fewer frames than "
	    "the 3 each way asked for"));
	free(r);
	for (i = 0; i < 2; i++) {
		tcp4(&f, 0, "10.0.0.10", "10.0.0.20", 88, 50000, "AS-REP");
		verify_frame(v, f.b, f.n, f.n, 2000000 + (uint64_t)i * 100000);
	}
	assert_true(verify_passed(v));
	verify_free(v);
}

static void
test_verify__metrics_per_dc(void **state)
{
	static const char *const two[] = { "10.0.0.10", "10.0.0.11" };
	verify_t *v = new_verify(two, 2);
	strbuf_t m = STRBUF_INIT(0);
	struct frame f;

	(void)state;
	tcp4(&f, 0, "10.0.0.20", "10.0.0.10", 50000, 88, "AS-REQ");
	verify_frame(v, f.b, f.n, f.n, 1000);
	tcp4(&f, 0, "10.0.0.10", "10.0.0.20", 389, 50001, "bind");
	verify_frame(v, f.b, f.n, f.n, 2000);
	verify_format_metrics(&m, v, "eth1", 1765100000);
	assert_non_null(strstr(m.ptr, "spangen_verify_checked_timestamp_seconds"
	    "{capture=\"eth1\"} 1765100000\n"));
	assert_non_null(strstr(m.ptr, "spangen_verify_passed{capture=\"eth1\","
	    "dc=\"10.0.0.10\"} 1\n"));
	assert_non_null(strstr(m.ptr, "spangen_verify_passed{capture=\"eth1\","
	    "dc=\"10.0.0.11\"} 0\n"));
	assert_non_null(strstr(m.ptr, "spangen_verify_frames{capture=\"eth1\","
	    "dc=\"10.0.0.10\",direction=\"from\"} 1\n"));
	assert_non_null(strstr(m.ptr, "spangen_verify_protocol_seen{capture="
	    "\"eth1\",dc=\"10.0.0.10\",protocol=\"Kerberos\"} 1\n"));
	assert_non_null(strstr(m.ptr, "spangen_verify_protocol_seen{capture="
	    "\"eth1\",dc=\"10.0.0.10\",protocol=\"SMB\"} 0\n"));
	assert_non_null(strstr(m.ptr, "# TYPE spangen_verify_frames gauge\n"));
	strbuf_dispose(&m);
	verify_free(v);
}

static void
test_verify__one_direction_fails(void **state)
{
	verify_t *v = new_verify(dc1, 1);
	struct frame f;
	char *r;

	(void)state;
	tcp4(&f, 0, "10.0.0.20", "10.0.0.10", 50000, 445, "smb");
	verify_frame(v, f.b, f.n, f.n, 1000);
	assert_false(verify_passed(v));
	r = report(v);
	assert_non_null(strstr(r, "DC 10.0.0.10: FAIL\n  traffic to it only: "
	    "the mirror misses what it sends\n"));
	assert_non_null(strstr(r, "protocols: SMB"));
	free(r);
	verify_free(v);
}

static void
test_verify__encapsulated_traffic_is_flagged(void **state)
{
	static const struct { uint16_t flags, proto; size_t hdr; const char *name; }
	    kinds[] = {
		{ 0x1000, 0x88be, 8, "ERSPAN type II: 2" },
		{ 0x1000, 0x22eb, 12, "ERSPAN type III: 2" },
		{ 0x0000, 0x88be, 0, "ERSPAN type I: 2" },
		{ 0x0000, 0x6558, 0, "GRE (transparent Ethernet): 2" },
	};
	struct frame in, out;
	verify_t *v;
	size_t k;
	char *r;

	(void)state;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		v = new_verify(dc1, 1);
		tcp4(&in, 0, "10.0.0.20", "10.0.0.10", 50000, 88, "x");
		gre(&out, &in, kinds[k].flags, kinds[k].proto, kinds[k].hdr);
		verify_frame(v, out.b, out.n, out.n, 1000);
		tcp4(&in, 0, "10.0.0.10", "10.0.0.20", 88, 50000, "y");
		gre(&out, &in, kinds[k].flags, kinds[k].proto, kinds[k].hdr);
		verify_frame(v, out.b, out.n, out.n, 2000);
		assert_false(verify_passed(v));
		r = report(v);
		assert_non_null(strstr(r, "its traffic arrives only "
		    "encapsulated: the sensor is receiving encapsulated mirror "
		    "traffic, decapsulate it first"));
		assert_non_null(strstr(r, kinds[k].name));
		free(r);
		verify_free(v);
	}
}

static void
test_verify__vxlan_and_ipv6(void **state)
{
	static const char *const dcs[] = { "2001:db8::10", "10.0.0.10" };
	verify_t *v = new_verify(dcs, 2);
	struct frame in, f;
	uint8_t ip6[40] = { 0x60, 0 }, vx[8] = { 0x08, 0 };
	char *r;
	int dir;

	(void)state;
	for (dir = 0; dir < 2; dir++) {
		ether(&f, 0, 0x86dd);
		ip6[4] = 0;
		ip6[5] = 8 + 3;
		ip6[6] = 17;
		memset(ip6 + 8, 0, 32);
		(void)inet_pton(AF_INET6, dir ? "2001:db8::10" : "2001:db8::20",
		    ip6 + 8);
		(void)inet_pton(AF_INET6, dir ? "2001:db8::20" : "2001:db8::10",
		    ip6 + 24);
		put(&f, ip6, 40);
		put16(&f, dir ? 53 : 40000);
		put16(&f, dir ? 40000 : 53);
		put16(&f, 11);
		put16(&f, 0);
		put(&f, "dns", 3);
		verify_frame(v, f.b, f.n, f.n, 1000 + (uint64_t)dir);
	}
	/* the IPv4 DC only inside VXLAN */
	tcp4(&in, 0, "10.0.0.20", "10.0.0.10", 50000, 389, "z");
	ether(&f, 0, 0x0800);
	ipv4(&f, "198.51.100.1", "198.51.100.9", 17, 40000, 4789, "");
	f.n -= 0;
	put(&f, vx, 8);
	put(&f, in.b, in.n);
	verify_frame(v, f.b, f.n, f.n, 3000);
	r = report(v);
	assert_non_null(strstr(r, "DC 2001:db8::10: PASS\n"));
	assert_non_null(strstr(r, "protocols: DNS"));
	assert_non_null(strstr(r, "DC 10.0.0.10: FAIL\n  its traffic arrives "
	    "only encapsulated"));
	assert_non_null(strstr(r, "VXLAN: 1"));
	free(r);
	verify_free(v);
}

static void
test_verify__double_mirroring_is_a_warning(void **state)
{
	verify_t *v = new_verify(dc1, 1);
	struct frame f;
	char *r;

	(void)state;
	tcp4(&f, 0, "10.0.0.20", "10.0.0.10", 50000, 88, "AS-REQ");
	verify_frame(v, f.b, f.n, f.n, 1000000);
	verify_frame(v, f.b, f.n, f.n, 1000020);	/* 20 us later */
	verify_frame(v, f.b, f.n, f.n, 3000000);	/* a retry, 2 s on */
	tcp4(&f, 0, "10.0.0.10", "10.0.0.20", 88, 50000,
	    "xx NTLMSSP\0 yy");
	verify_frame(v, f.b, f.n, f.n, 3100000);
	assert_true(verify_passed(v));
	r = report(v);
	assert_non_null(strstr(r, "  to the DC:   2 frames"));
	assert_non_null(strstr(r, "warning: 1 frames arrived twice within 50 "
	    "ms: the DC may be mirrored by two sessions"));
	free(r);
	verify_free(v);
}

/* RSPAN mirrored at two hops: the same frame untagged, then tagged. */
static void
test_verify__a_copy_with_a_vlan_tag_is_a_duplicate(void **state)
{
	verify_t *v = new_verify(dc1, 1);
	struct frame f;
	char *r;

	(void)state;
	tcp4(&f, 0, "10.0.0.20", "10.0.0.10", 50000, 88, "AS-REQ");
	verify_frame(v, f.b, f.n, f.n, 1000000);
	tcp4(&f, 901, "10.0.0.20", "10.0.0.10", 50000, 88, "AS-REQ");
	verify_frame(v, f.b, f.n, f.n, 1000030);
	/* another frame, tagged alike, is no copy */
	tcp4(&f, 901, "10.0.0.20", "10.0.0.10", 50000, 88, "TGS-REQ");
	verify_frame(v, f.b, f.n, f.n, 1000060);
	r = report(v);
	assert_non_null(strstr(r, "  to the DC:   2 frames"));
	assert_non_null(strstr(r, "warning: 1 frames arrived twice within 50 "
	    "ms"));
	free(r);
	verify_free(v);
}

static void
test_verify__truncated_frames_never_crash(void **state)
{
	verify_t *v = new_verify(dc1, 1);
	struct frame in, out;
	size_t cut;
	char *r;

	(void)state;
	tcp4(&in, 30, "10.0.0.20", "10.0.0.10", 50000, 88, "AS-REQ NTLMSSP");
	gre(&out, &in, 0x1000, 0x88be, 8);
	for (cut = 0; cut <= out.n; cut++)
		verify_frame(v, out.b, cut, out.n, 1000 + cut);
	r = report(v);
	assert_non_null(strstr(r, "malformed or truncated"));
	free(r);
	verify_free(v);
}

/* Both directions of one exchange with a payload of n bytes. */
static void
exchange(struct frame *to, struct frame *from, size_t n)
{
	char payload[1500];

	memset(payload, 'k', n);
	payload[n] = '\0';
	tcp4(to, 0, "10.0.0.20", "10.0.0.10", 50000, 88, payload);
	tcp4(from, 0, "10.0.0.10", "10.0.0.20", 88, 50000, payload);
}

static void
test_verify__frames_cut_in_the_network_fail(void **state)
{
	verify_t *v = new_verify(dc1, 1);
	struct frame to, from;
	char *r;
	const char *j;
	strbuf_t sb = STRBUF_INIT(0);

	(void)state;
	/* a 1500-byte underlay into a 1450-byte tunnel: 50 bytes gone */
	exchange(&to, &from, 1446);
	verify_frame(v, to.b, to.n - 50, to.n - 50, 1000);
	verify_frame(v, from.b, from.n - 50, from.n - 50, 2000);
	exchange(&to, &from, 100);
	verify_frame(v, to.b, to.n, to.n, 3000);
	verify_frame(v, from.b, from.n, from.n, 4000);
	assert_false(verify_passed(v));
	r = report(v);
	assert_non_null(strstr(r, "DC 10.0.0.10: FAIL\n  frames arrive cut "
	    "short"));
	assert_non_null(strstr(r, "Check the MTU on the mirror path"));
	assert_non_null(strstr(r, "  2 frames arrived cut short, up to 50 "
	    "bytes missing\n"));
	verify_format_json(&sb, v, "test");
	j = strbuf_str(&sb);
	assert_non_null(strstr(j, "\"cut_frames\": 2"));
	assert_non_null(strstr(j, "\"cut_bytes_most\": 50"));
	strbuf_dispose(&sb);
	free(r);
	verify_free(v);
}

static void
test_verify__frames_cut_by_the_snaplen_pass(void **state)
{
	verify_t *v = new_verify(dc1, 1);
	struct frame to, from;
	char *r;

	(void)state;
	exchange(&to, &from, 1446);
	verify_frame(v, to.b, 96, to.n, 1000);
	verify_frame(v, from.b, 96, from.n, 2000);
	assert_true(verify_passed(v));
	r = report(v);
	assert_null(strstr(r, "cut short"));
	free(r);
	verify_free(v);
}

static void
test_verify__merged_frames_are_a_warning(void **state)
{
	verify_t *v = new_verify(dc1, 1), *jumbo = new_verify(dc1, 1);
	struct frame to, from;
	char *r;

	(void)state;
	/* the link carries 1000-byte packets; GRO handed on 1400-byte ones */
	verify_set_link_mtu(v, 1000);
	exchange(&to, &from, 1400);
	verify_frame(v, to.b, to.n, to.n, 1000);
	verify_frame(v, from.b, from.n, from.n, 2000);
	verify_frame(jumbo, to.b, to.n, to.n, 1000);
	verify_frame(jumbo, from.b, from.n, from.n, 2000);
	assert_true(verify_passed(v));
	r = report(v);
	assert_non_null(strstr(r, "  warning: 2 frames were longer than the "
	    "link carries (the longest 1454 bytes, the link 1022)"));
	assert_non_null(strstr(r, "ethtool -K DEV gro off"));
	free(r);
	/* a capture file's link is not known: only jumbo frames are too long */
	r = report(jumbo);
	assert_null(strstr(r, "warning"));
	free(r);
	verify_free(jumbo);
	verify_free(v);
}

static void
test_verify__bad_address_is_refused(void **state)
{
	static const char *const bad[] = { "10.0.0.300" };
	sg_err_t err = SG_ERR_INIT;
	verify_t *v = NULL;

	(void)state;
	assert_int_equal(verify_new(&v, bad, 1, &err), SG_EINVAL);
	assert_null(v);
	assert_string_equal(err.msg, "--dc 10.0.0.300 is not an IPv4 or IPv6 "
	    "address");
}

/* One DC twice would be counted as two DCs, one passing and one failing. */
static void
test_verify__a_dc_given_twice_is_refused(void **state)
{
	static const char *const twice[] = { "10.0.0.10", "10.0.0.11",
	    "10.0.0.10" };
	static const char *const spelled[] = { "2001:db8::1", "2001:db8:0::1" };
	static const char *const apart[] = { "10.0.0.10", "::ffff:10.0.0.11" };
	sg_err_t err = SG_ERR_INIT;
	verify_t *v = NULL;

	(void)state;
	assert_int_equal(verify_new(&v, twice, 3, &err), SG_EINVAL);
	assert_null(v);
	assert_string_equal(err.msg, "--dc 10.0.0.10 is given twice (also as "
	    "10.0.0.10)");
	sg_err_clear(&err);
	assert_int_equal(verify_new(&v, spelled, 2, &err), SG_EINVAL);
	assert_string_equal(err.msg, "--dc 2001:db8:0::1 is given twice (also "
	    "as 2001:db8::1)");
	assert_int_equal(verify_new(&v, apart, 2, &err), 0);
	verify_free(v);
}

/* Writes frames to a pcap file through libpcap. */
static void
write_pcap(const char *path, int linktype, const struct frame *frames,
    size_t n)
{
	pcap_t *p = pcap_open_dead(linktype, 65535);
	pcap_dumper_t *d = pcap_dump_open(p, path);
	struct pcap_pkthdr h;
	size_t i;

	assert_non_null(d);
	for (i = 0; i < n; i++) {
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = (time_t)(1 + i);
		h.caplen = h.len = (bpf_u_int32)frames[i].n;
		pcap_dump((u_char *)d, &h, frames[i].b);
	}
	pcap_dump_close(d);
	pcap_close(p);
}

static void
test_verify__pcap_files(void **state)
{
	char path[] = "/tmp/sg-verify-XXXXXX";
	struct frame f[2];
	sg_err_t err = SG_ERR_INIT;
	verify_t *v = new_verify(dc1, 1);
	FILE *fp;
	long size;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	tcp4(&f[0], 0, "10.0.0.20", "10.0.0.10", 50000, 88, "AS-REQ");
	tcp4(&f[1], 0, "10.0.0.10", "10.0.0.20", 88, 50000, "AS-REP");
	write_pcap(path, DLT_EN10MB, f, 2);
	assert_int_equal(capture_file(v, path, &err), 0);
	assert_true(verify_passed(v));
	verify_free(v);

	/* cut in the middle of the second record */
	assert_non_null(fp = fopen(path, "r+"));
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	assert_int_equal(ftruncate(fileno(fp), size - 10), 0);
	(void)fclose(fp);
	v = new_verify(dc1, 1);
	assert_int_equal(capture_file(v, path, &err), SG_EINVAL);
	assert_non_null(strstr(err.msg, "truncated"));
	verify_free(v);
	sg_err_clear(&err);

	/* not a capture at all */
	assert_non_null(fp = fopen(path, "w"));
	(void)fputs("spangen: 1\n", fp);
	(void)fclose(fp);
	v = new_verify(dc1, 1);
	assert_int_equal(capture_file(v, path, &err), SG_EINVAL);
	verify_free(v);
	sg_err_clear(&err);

	/* a capture of something other than Ethernet */
	write_pcap(path, DLT_RAW, f, 1);
	v = new_verify(dc1, 1);
	assert_int_equal(capture_file(v, path, &err), SG_EINVAL);
	assert_non_null(strstr(err.msg, "is not Ethernet"));
	verify_free(v);
	sg_err_clear(&err);

	(void)unlink(path);
	v = new_verify(dc1, 1);
	assert_int_equal(capture_file(v, path, &err), SG_EIO);
	sg_err_clear(&err);
	assert_int_equal(capture_live(v, "sg-no-such0", 1, &err),
	    SG_ENOTFOUND);
	assert_string_equal(err.msg, "sg-no-such0: no such interface");
	verify_free(v);
}

/*
 * Captures from the Open vSwitch lab (tests/lab/capture-fixtures.sh): what
 * the sensor received from spangen's real mirrors of DC 192.0.2.10, while a
 * client pinged it and opened TCP to ports 88 and 389.
 */
static const char *const lab_dc[] = { "192.0.2.10" };

/* The verifier's report on a lab fixture; *passed gets its verdict. */
static char *
lab_report(const char *fixture, bool *passed)
{
	sg_err_t err = SG_ERR_INIT;
	verify_t *v = new_verify(lab_dc, 1);
	char *path = test_path("SG_TEST_DATA", fixture), *r;

	assert_int_equal(capture_file(v, path, &err), 0);
	*passed = verify_passed(v);
	r = report(v);
	verify_free(v);
	free(path);
	return r;
}

/* The frames the report counts in one direction ("to" or "from"). */
static unsigned long
lab_frames(const char *r, const char *dir)
{
	char key[32], *end;
	const char *p;
	unsigned long n = 0;

	(void)snprintf(key, sizeof(key), "  %s the DC: ", dir);
	assert_non_null(p = strstr(r, key));
	n = strtoul(p + strlen(key), &end, 10);
	assert_true(end > p + strlen(key));
	assert_int_equal(strncmp(end, " frames", 7), 0);
	return n;
}

/* The lab's traffic per direction (tests/integration/test_lab.sh): client to DC
 * 3 ICMP + 5 + 5 TCP segments, DC to client 3 + 3 + 3. */
#define LAB_TO		13
#define LAB_FROM	9

static void
test_verify__lab_span_passes(void **state)
{
	bool passed;
	char *r = lab_report("pcap/span-both.pcap", &passed);

	(void)state;
	assert_true(passed);
	assert_non_null(strstr(r, "DC 192.0.2.10: PASS\n"));
	assert_true(lab_frames(r, "to") >= LAB_TO);
	assert_true(lab_frames(r, "from") >= LAB_FROM);
	assert_non_null(strstr(r, "  protocols: Kerberos, LDAP\n"));
	assert_non_null(strstr(r, "  VLAN tags: none\n"));
	assert_null(strstr(r, "warning"));
	assert_null(strstr(r, "encapsulated"));
	free(r);
}

static void
test_verify__lab_rspan_passes_with_its_vlan_tag(void **state)
{
	bool passed;
	char *r = lab_report("pcap/rspan-vlan300.pcap", &passed);

	(void)state;
	assert_true(passed);
	assert_non_null(strstr(r, "DC 192.0.2.10: PASS\n"));
	assert_true(lab_frames(r, "to") >= LAB_TO);
	assert_true(lab_frames(r, "from") >= LAB_FROM);
	assert_non_null(strstr(r, "  protocols: Kerberos, LDAP\n"));
	/* the RSPAN VLAN, not the DC's own access VLAN 10, which the
	 * source's output-vlan replaced */
	assert_non_null(strstr(r, "  VLAN tags: 300\n"));
	assert_null(strstr(r, "warning"));
	free(r);
}

static void
test_verify__lab_erspan_underlay_is_encapsulated(void **state)
{
	bool passed;
	char *r = lab_report("pcap/erspan-underlay.pcap", &passed), *w, *end;
	unsigned long n = 0;

	(void)state;
	assert_false(passed);
	assert_non_null(strstr(r, "DC 192.0.2.10: FAIL\n  its traffic arrives "
	    "only encapsulated: the sensor is receiving encapsulated mirror "
	    "traffic, decapsulate it first\n"));
	assert_int_equal(lab_frames(r, "to"), 0);
	assert_int_equal(lab_frames(r, "from"), 0);
	/* every DC frame of the lab was found inside the tunnel */
	assert_non_null(w = strstr(r, "  warning: "));
	n = strtoul(w + strlen("  warning: "), &end, 10);
	assert_int_equal(strncmp(end, " frames arrived still encapsulated",
	    34), 0);
	assert_true(n >= LAB_TO + LAB_FROM);
	/* OVS erspan_ver=1 is type II (GRE protocol 0x88be, sequence bit) */
	assert_non_null(strstr(r, "decapsulate it first (ERSPAN type II: "));
	assert_null(strstr(r, "type III"));
	free(r);
}

static void
test_verify__lab_one_direction_fails(void **state)
{
	bool passed;
	char *r = lab_report("pcap/span-to-dc-only.pcap", &passed);

	(void)state;
	assert_false(passed);
	assert_non_null(strstr(r, "DC 192.0.2.10: FAIL\n  traffic to it only: "
	    "the mirror misses what it sends\n"));
	assert_true(lab_frames(r, "to") >= LAB_TO);
	assert_int_equal(lab_frames(r, "from"), 0);
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify__both_directions_pass),
		cmocka_unit_test(test_verify__one_direction_fails),
		cmocka_unit_test(test_verify__min_frames_each_way),
		cmocka_unit_test(test_verify__metrics_per_dc),
		cmocka_unit_test(test_verify__encapsulated_traffic_is_flagged),
		cmocka_unit_test(test_verify__vxlan_and_ipv6),
		cmocka_unit_test(test_verify__double_mirroring_is_a_warning),
		cmocka_unit_test(test_verify__truncated_frames_never_crash),
		cmocka_unit_test(test_verify__frames_cut_in_the_network_fail),
		cmocka_unit_test(test_verify__frames_cut_by_the_snaplen_pass),
		cmocka_unit_test(test_verify__merged_frames_are_a_warning),
		cmocka_unit_test(test_verify__bad_address_is_refused),
		cmocka_unit_test(test_verify__a_dc_given_twice_is_refused),
		cmocka_unit_test(
		    test_verify__a_copy_with_a_vlan_tag_is_a_duplicate),
		cmocka_unit_test(test_verify__pcap_files),
		cmocka_unit_test(test_verify__lab_span_passes),
		cmocka_unit_test(test_verify__lab_rspan_passes_with_its_vlan_tag),
		cmocka_unit_test(test_verify__lab_erspan_underlay_is_encapsulated),
		cmocka_unit_test(test_verify__lab_one_direction_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
