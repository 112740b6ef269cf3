/*
 * verify: a bounded parser (Ethernet, 802.1Q/802.1ad tags, IPv4, IPv6
 * with its common extension headers, TCP, UDP, GRE and VXLAN) that reads
 * nothing past the captured length.  Per DC it counts frames and bytes in
 * each direction, the DC protocols seen (by the DC's port), the VLAN tags,
 * frames that arrived still encapsulated, and frames seen twice.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/prom.h"
#include "util/xmalloc.h"

#define MAX_DEPTH	4	/* encapsulations followed, one inside another */
#define DUP_SLOTS	8192	/* recent frames, by hash: a direct-mapped cache */
#define DUP_WINDOW_US	50000	/* a copy within 50 ms is a double mirror */
#define NVLANS		8
/*
 * With no link MTU given (a capture file), the largest frame any link
 * here carries: a 9000-byte jumbo payload, its Ethernet header, two VLAN
 * tags and the FCS some captures keep.
 */
#define JUMBO_FRAME	(9000 + 14 + 8 + 4)

enum proto {
	P_KERBEROS, P_LDAP, P_LDAPS, P_GC, P_DNS, P_SMB, P_RPC, P_NTLM, NPROTOS
};
static const char *const proto_names[NPROTOS] = {
	"Kerberos", "LDAP", "LDAPS", "global catalog", "DNS", "SMB",
	"RPC endpoint mapper", "NTLM"
};

enum encap { E_GRE, E_ERSPAN1, E_ERSPAN2, E_ERSPAN3, E_VXLAN, NENCAPS };
static const char *const encap_names[NENCAPS] = {
	"GRE (transparent Ethernet)", "ERSPAN type I", "ERSPAN type II",
	"ERSPAN type III", "VXLAN"
};

struct dc {
	char		 text[64];
	int		 family;	/* 4 or 6 */
	uint8_t		 addr[16];
	uint64_t	 to_pkts, to_bytes, from_pkts, from_bytes;
	uint64_t	 encapsulated;	/* DC frames found inside a tunnel */
	uint64_t	 duplicates;
	uint64_t	 cut;		/* frames shorter than their IP packet */
	size_t		 cut_most;	/* the most bytes one of them missed */
	uint64_t	 oversized;	/* frames longer than the link allows */
	size_t		 oversized_most;
	bool		 proto[NPROTOS];
	uint16_t	 vlans[NVLANS];
	size_t		 nvlans;
};

struct dup {
	uint64_t	 hash;
	uint64_t	 usec;
};

struct verify {
	struct dc	*dcs;
	size_t		 ndcs;
	uint64_t	 frames, bytes, malformed;
	uint64_t	 encap[NENCAPS];
	size_t		 largest_frame;	/* the link's MTU plus its headers */
	uint64_t	 min_frames;	/* a DC passes with as many each way */
	char		 too_few[160];	/* why a DC with fewer fails */
	struct dup	 recent[DUP_SLOTS];
};

/* What one frame says, filled while parsing. */
struct seen {
	uint16_t	 vlans[NVLANS];
	size_t		 nvlans;
	int		 encap;		/* -1: not inside a tunnel */
	size_t		 snapped;	/* bytes the capture's snaplen left out */
	size_t		 missing;	/* bytes the network cut off the packet */
};

int
verify_new(verify_t **out, const char *const *dcs, size_t ndcs,
    sg_err_t *err)
{
	verify_t *v = xcalloc(1, sizeof(*v));
	struct dc *d;
	size_t i, j;

	*out = NULL;
	v->dcs = xcalloc(ndcs + 1, sizeof(*v->dcs));
	v->ndcs = ndcs;
	for (i = 0; i < ndcs; i++) {
		d = &v->dcs[i];
		(void)snprintf(d->text, sizeof(d->text), "%s", dcs[i]);
		if (inet_pton(AF_INET, dcs[i], d->addr) == 1)
			d->family = 4;
		else if (inet_pton(AF_INET6, dcs[i], d->addr) == 1)
			d->family = 6;
		else {
			verify_free(v);
			return sg_err_set(err, SG_EINVAL, "--dc %s is not an IPv4 "
			    "or IPv6 address", dcs[i]);
		}
		/* one DC counted twice would pass and fail at once */
		for (j = 0; j < i; j++)
			if (v->dcs[j].family == d->family &&
			    memcmp(v->dcs[j].addr, d->addr, sizeof(d->addr)) ==
			    0) {
				verify_free(v);
				return sg_err_set(err, SG_EINVAL, "--dc %s is "
				    "given twice (also as %s)", dcs[i],
				    dcs[j]);
			}
	}
	v->largest_frame = JUMBO_FRAME;
	verify_set_min_frames(v, 1);
	*out = v;
	return 0;
}

void
verify_set_link_mtu(verify_t *v, size_t mtu)
{
	/* the Ethernet header, an 802.1Q tag a trunk may keep, the FCS */
	v->largest_frame = mtu + 14 + 4 + 4;
}

void
verify_free(verify_t *v)
{
	if (v == NULL)
		return;
	free(v->dcs);
	free(v);
}

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static struct dc *
find_dc(verify_t *v, int family, const uint8_t *addr)
{
	size_t i;

	for (i = 0; i < v->ndcs; i++)
		if (v->dcs[i].family == family &&
		    memcmp(v->dcs[i].addr, addr, family == 4 ? 4 : 16) == 0)
			return &v->dcs[i];
	return NULL;
}

static void
classify(struct dc *d, int l4, uint16_t port, const uint8_t *payload,
    size_t plen)
{
	static const uint8_t ntlm[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };
	size_t i;

	switch (port) {
	case 88:
		d->proto[P_KERBEROS] = true;
		break;
	case 389:
		d->proto[P_LDAP] = true;
		break;
	case 636:
		d->proto[P_LDAPS] = true;
		break;
	case 3268:
	case 3269:
		d->proto[P_GC] = true;
		break;
	case 53:
		d->proto[P_DNS] = true;
		break;
	case 445:
	case 139:
		d->proto[P_SMB] = true;
		break;
	case 135:
		if (l4 == 6)
			d->proto[P_RPC] = true;
		break;
	default:
		break;
	}
	/* NTLM rides inside SMB, HTTP, LDAP...: look for its signature */
	for (i = 0; plen >= sizeof(ntlm) && i + sizeof(ntlm) <= plen &&
	    i < 512; i++)
		if (memcmp(payload + i, ntlm, sizeof(ntlm)) == 0) {
			d->proto[P_NTLM] = true;
			break;
		}
}

static void parse_ether(verify_t *v, const uint8_t *p, size_t n,
    size_t wire, uint64_t usec, struct seen *s, int depth);

static void
note_vlans(struct dc *d, const struct seen *s)
{
	size_t i, k;

	for (i = 0; i < s->nvlans; i++) {
		for (k = 0; k < d->nvlans; k++)
			if (d->vlans[k] == s->vlans[i])
				break;
		if (k == d->nvlans && d->nvlans < NVLANS)
			d->vlans[d->nvlans++] = s->vlans[i];
	}
}

/* A frame for a DC: count it, unless it is a copy of one just seen. */
static void
count(verify_t *v, struct dc *d, bool to_dc, size_t wire, uint64_t usec,
    uint64_t hash, const struct seen *s)
{
	struct dup *slot = &v->recent[hash & (DUP_SLOTS - 1)];

	if (s->encap >= 0) {
		d->encapsulated++;
		return;
	}
	if (slot->hash == hash && slot->usec != 0 && usec >= slot->usec &&
	    usec - slot->usec <= DUP_WINDOW_US) {
		d->duplicates++;
		return;
	}
	slot->hash = hash;
	slot->usec = usec != 0 ? usec : 1;
	note_vlans(d, s);
	if (s->missing > 0) {
		d->cut++;
		if (s->missing > d->cut_most)
			d->cut_most = s->missing;
	}
	if (s->encap < 0 && wire > v->largest_frame) {
		d->oversized++;
		if (wire > d->oversized_most)
			d->oversized_most = wire;
	}
	if (to_dc) {
		d->to_pkts++;
		d->to_bytes += wire;
	} else {
		d->from_pkts++;
		d->from_bytes += wire;
	}
}

static void
parse_gre(verify_t *v, const uint8_t *p, size_t n, size_t wire,
    uint64_t usec, struct seen *s, int depth)
{
	uint16_t flags, type;
	size_t off = 4;
	int kind;

	if (n < 4 || depth >= MAX_DEPTH) {
		v->malformed++;
		return;
	}
	flags = be16(p);
	type = be16(p + 2);
	/* GRE version 0 only, without the obsolete source routing (RFC 2784) */
	if ((flags & 0x0007) != 0 || (flags & 0x4000) != 0)
		return;
	off += (flags & 0x8000) ? 4 : 0;	/* checksum */
	off += (flags & 0x2000) ? 4 : 0;	/* key */
	off += (flags & 0x1000) ? 4 : 0;	/* sequence */
	if (type == 0x88be && !(flags & 0x1000))
		kind = E_ERSPAN1;
	else if (type == 0x88be) {
		kind = E_ERSPAN2;
		off += 8;
	} else if (type == 0x22eb) {
		kind = E_ERSPAN3;
		off += 12;
		/* an 8-byte platform subheader follows when O is set */
		if (n >= off && (p[off - 1] & 0x01))
			off += 8;
	} else if (type == 0x6558)
		kind = E_GRE;
	else
		return;
	v->encap[kind]++;
	if (n <= off)
		return;
	s->encap = kind;
	parse_ether(v, p + off, n - off, wire, usec, s, depth + 1);
}

static void
parse_l4(verify_t *v, int l4, const uint8_t *p, size_t n, size_t wire,
    uint64_t usec, struct seen *s, int depth, struct dc *src, struct dc *dst,
    uint64_t hash)
{
	size_t hl;
	uint16_t sport = 0, dport = 0;
	const uint8_t *payload = NULL;
	size_t plen = 0;

	if (l4 == 47) {
		parse_gre(v, p, n, wire, usec, s, depth);
		return;
	}
	if ((l4 == 6 && n >= 20) || (l4 == 17 && n >= 8)) {
		sport = be16(p);
		dport = be16(p + 2);
		hl = l4 == 6 ? (size_t)(p[12] >> 4) * 4 : 8;
		if (hl >= 8 && hl <= n) {
			payload = p + hl;
			plen = n - hl;
		}
		if (l4 == 17 && dport == 4789 && plen > 8 &&
		    depth < MAX_DEPTH) {
			v->encap[E_VXLAN]++;
			s->encap = E_VXLAN;
			parse_ether(v, payload + 8, plen - 8, wire, usec, s,
			    depth + 1);
			return;
		}
	}
	if (src != NULL) {
		classify(src, l4, sport, payload, plen);
		count(v, src, false, wire, usec, hash, s);
	}
	if (dst != NULL && dst != src) {
		classify(dst, l4, dport, payload, plen);
		count(v, dst, true, wire, usec, hash, s);
	}
}

static void
parse_ip(verify_t *v, int family, const uint8_t *p, size_t n, size_t wire,
    uint64_t usec, struct seen *s, int depth, uint64_t hash)
{
	struct dc *src, *dst;
	size_t hl, total;
	int l4;

	if (family == 4) {
		if (n < 20 || (p[0] >> 4) != 4 || (hl = (size_t)(p[0] & 15) * 4)
		    < 20 || hl > n) {
			v->malformed++;
			return;
		}
		src = find_dc(v, 4, p + 12);
		dst = find_dc(v, 4, p + 16);
		l4 = p[9];
		total = be16(p + 2);
		/* later fragments carry no ports */
		if ((be16(p + 6) & 0x1fff) != 0)
			l4 = -1;
	} else {
		if (n < 40 || (p[0] >> 4) != 6) {
			v->malformed++;
			return;
		}
		src = find_dc(v, 6, p + 8);
		dst = find_dc(v, 6, p + 24);
		l4 = p[6];
		hl = 40;
		/* a jumbogram's length (RFC 2675) is in an option: not judged */
		total = be16(p + 4) == 0 ? 0 : 40 + (size_t)be16(p + 4);
		/* hop-by-hop, routing, destination options: skip them */
		while ((l4 == 0 || l4 == 43 || l4 == 60) && hl + 8 <= n) {
			l4 = p[hl];
			hl += (size_t)(p[hl + 1] + 1) * 8;
		}
		if (hl > n) {
			v->malformed++;
			return;
		}
	}
	/*
	 * The packet says how long it is; what the snaplen left out is
	 * explained, anything else shorter was cut off on the way, most
	 * often by a tunnel whose MTU leaves no room for the whole frame.
	 */
	s->missing = total > n + s->snapped ? total - (n + s->snapped) : 0;
	parse_l4(v, l4, p + hl, n - hl, wire, usec, s, depth, src, dst, hash);
}

static void
parse_ether(verify_t *v, const uint8_t *p, size_t n, size_t wire,
    uint64_t usec, struct seen *s, int depth)
{
	uint64_t hash;
	uint16_t type;
	size_t off = 14;

	if (n < 14) {
		v->malformed++;
		return;
	}
	type = be16(p + 12);
	while ((type == 0x8100 || type == 0x88a8) && off + 4 <= n) {
		if (s->nvlans < NVLANS)
			s->vlans[s->nvlans++] = be16(p + off) & 0x0fff;
		type = be16(p + off + 2);
		off += 4;
	}
	/*
	 * A frame is the same frame with or without VLAN tags: mirrored at
	 * two hops of an RSPAN path, it arrives once tagged, once not.
	 */
	hash = fnv1a_more(fnv1a(p, 12), p + off - 2, n - (off - 2));
	if (type == 0x0800)
		parse_ip(v, 4, p + off, n - off, wire, usec, s, depth, hash);
	else if (type == 0x86dd)
		parse_ip(v, 6, p + off, n - off, wire, usec, s, depth, hash);
}

void
verify_frame(verify_t *v, const uint8_t *frame, size_t caplen, size_t len,
    uint64_t usec)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	s.encap = -1;
	s.snapped = len > caplen ? len - caplen : 0;
	v->frames++;
	v->bytes += len;
	parse_ether(v, frame, caplen, len, usec, &s, 0);
}

void
verify_set_min_frames(verify_t *v, uint64_t n)
{
	v->min_frames = n > 0 ? n : 1;
	(void)snprintf(v->too_few, sizeof(v->too_few), "fewer frames than the "
	    "%llu each way asked for: the mirror may be partial, or the DC "
	    "quiet during the capture", (unsigned long long)v->min_frames);
}

/* Why a DC fails, or NULL when it passes. */
static const char *
verdict(const verify_t *v, const struct dc *d)
{
	if (d->cut > 0)
		return "frames arrive cut short: a sensor misses what the lost "
		    "bytes held. Check the MTU on the mirror path: ERSPAN and "
		    "GRE need 50 bytes more than the largest mirrored frame";
	if (d->to_pkts >= v->min_frames && d->from_pkts >= v->min_frames)
		return NULL;
	if (d->to_pkts > 0 && d->from_pkts > 0)
		return v->too_few;
	if (d->to_pkts + d->from_pkts == 0 && d->encapsulated > 0)
		return "its traffic arrives only encapsulated: the sensor is "
		    "receiving encapsulated mirror traffic, decapsulate it "
		    "first";
	if (d->to_pkts + d->from_pkts == 0)
		return "no traffic to or from it";
	return d->to_pkts == 0 ? "traffic from it only: the mirror misses "
	    "what it receives" : "traffic to it only: the mirror misses what "
	    "it sends";
}

bool
verify_passed(const verify_t *v)
{
	size_t i;

	for (i = 0; i < v->ndcs; i++)
		if (verdict(v, &v->dcs[i]) != NULL)
			return false;
	return true;
}

static void
protocols(strbuf_t *out, const struct dc *d)
{
	size_t i, n = 0;

	for (i = 0; i < NPROTOS; i++)
		if (d->proto[i])
			strbuf_addf(out, "%s%s", n++ ? ", " : "", proto_names[i]);
	if (n == 0)
		strbuf_adds(out, "none");
}

void
verify_format_text(strbuf_t *out, const verify_t *v, const char *source)
{
	const struct dc *d;
	size_t i, k;
	bool any = false;

	strbuf_addf(out, "%s: %llu frames, %llu bytes", source,
	    (unsigned long long)v->frames, (unsigned long long)v->bytes);
	if (v->malformed > 0)
		strbuf_addf(out, ", %llu malformed or truncated",
		    (unsigned long long)v->malformed);
	strbuf_adds(out, "\n\n");
	for (i = 0; i < v->ndcs; i++) {
		d = &v->dcs[i];
		strbuf_addf(out, "DC %s: %s\n", d->text, verdict(v, d) == NULL ?
		    "PASS" : "FAIL");
		if (verdict(v, d) != NULL)
			strbuf_addf(out, "  %s\n", verdict(v, d));
		strbuf_addf(out, "  to the DC:   %llu frames, %llu bytes\n"
		    "  from the DC: %llu frames, %llu bytes\n",
		    (unsigned long long)d->to_pkts,
		    (unsigned long long)d->to_bytes,
		    (unsigned long long)d->from_pkts,
		    (unsigned long long)d->from_bytes);
		strbuf_adds(out, "  protocols: ");
		protocols(out, d);
		strbuf_adds(out, "\n  VLAN tags: ");
		for (k = 0; k < d->nvlans; k++)
			strbuf_addf(out, "%s%u", k ? ", " : "", d->vlans[k]);
		strbuf_adds(out, d->nvlans == 0 ? "none\n" : "\n");
		if (d->encapsulated > 0)
			strbuf_addf(out, "  warning: %llu frames arrived still "
			    "encapsulated\n", (unsigned long long)d->encapsulated);
		if (d->cut > 0)
			strbuf_addf(out, "  %llu frames arrived cut short, up "
			    "to %zu bytes missing\n", (unsigned long long)d->cut,
			    d->cut_most);
		if (d->duplicates > 0)
			strbuf_addf(out, "  warning: %llu frames arrived twice "
			    "within 50 ms: the DC may be mirrored by two sessions\n",
			    (unsigned long long)d->duplicates);
		if (d->oversized > 0)
			strbuf_addf(out, "  warning: %llu frames were longer "
			    "than the link carries (the longest %zu bytes, the link "
			    "%zu): segments were merged on the way, most often by "
			    "GRO on the decapsulating device; turn it off there "
			    "(ethtool -K DEV gro off) and receive offloads on the "
			    "sensor's NIC\n", (unsigned long long)d->oversized,
			    d->oversized_most, v->largest_frame);
	}
	for (k = 0; k < NENCAPS; k++)
		if (v->encap[k] > 0) {
			if (!any)
				strbuf_adds(out, "\nthe sensor is receiving "
				    "encapsulated mirror traffic: decapsulate it "
				    "first (");
			strbuf_addf(out, "%s%s: %llu", any ? ", " : "",
			    encap_names[k], (unsigned long long)v->encap[k]);
			any = true;
		}
	if (any)
		strbuf_adds(out, " frames)\n");
}

void
verify_format_json(strbuf_t *out, const verify_t *v, const char *source)
{
	const struct dc *d;
	json_t j;
	size_t i, k;

	json_init(&j, out);
	json_begin_object(&j, false);
	json_key(&j, "source");
	json_string(&j, source);
	json_key(&j, "frames");
	json_uint(&j, v->frames);
	json_key(&j, "bytes");
	json_uint(&j, v->bytes);
	json_key(&j, "malformed");
	json_uint(&j, v->malformed);
	json_key(&j, "passed");
	json_bool(&j, verify_passed(v));
	json_key(&j, "encapsulated");
	json_begin_object(&j, true);
	for (k = 0; k < NENCAPS; k++)
		if (v->encap[k] > 0) {
			json_key(&j, encap_names[k]);
			json_uint(&j, v->encap[k]);
		}
	json_end_object(&j);
	json_key(&j, "dcs");
	json_begin_array(&j, false);
	for (i = 0; i < v->ndcs; i++) {
		d = &v->dcs[i];
		json_begin_object(&j, false);
		json_key(&j, "address");
		json_string(&j, d->text);
		json_key(&j, "passed");
		json_bool(&j, verdict(v, d) == NULL);
		json_key(&j, "why");
		json_string(&j, verdict(v, d));
		json_key(&j, "to_frames");
		json_uint(&j, d->to_pkts);
		json_key(&j, "to_bytes");
		json_uint(&j, d->to_bytes);
		json_key(&j, "from_frames");
		json_uint(&j, d->from_pkts);
		json_key(&j, "from_bytes");
		json_uint(&j, d->from_bytes);
		json_key(&j, "encapsulated_frames");
		json_uint(&j, d->encapsulated);
		json_key(&j, "duplicate_frames");
		json_uint(&j, d->duplicates);
		json_key(&j, "cut_frames");
		json_uint(&j, d->cut);
		json_key(&j, "cut_bytes_most");
		json_uint(&j, d->cut_most);
		json_key(&j, "oversized_frames");
		json_uint(&j, d->oversized);
		json_key(&j, "oversized_bytes_most");
		json_uint(&j, d->oversized_most);
		json_key(&j, "protocols");
		json_begin_array(&j, true);
		for (k = 0; k < NPROTOS; k++)
			if (d->proto[k])
				json_string(&j, proto_names[k]);
		json_end_array(&j);
		json_key(&j, "vlans");
		json_begin_array(&j, true);
		for (k = 0; k < d->nvlans; k++)
			json_uint(&j, d->vlans[k]);
		json_end_array(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
}

void
verify_format_metrics(strbuf_t *out, const verify_t *v, const char *source,
    long checked)
{
	static const char *const direction[] = { "to", "from" };
	const struct dc *d;
	size_t i, k;

	prom_gauge(out, "spangen_verify_checked_timestamp_seconds", "When "
	    "spangen verify last finished reading the capture.");
	prom_sample(out, "spangen_verify_checked_timestamp_seconds");
	prom_label(out, "capture", source);
	prom_value(out, checked);
	prom_gauge(out, "spangen_verify_passed", "Whether the DC's traffic "
	    "arrived as the sensor needs it (1) or not (0).");
	for (i = 0; i < v->ndcs; i++) {
		prom_sample(out, "spangen_verify_passed");
		prom_label(out, "capture", source);
		prom_label(out, "dc", v->dcs[i].text);
		prom_value(out, verdict(v, &v->dcs[i]) == NULL);
	}
	prom_gauge(out, "spangen_verify_frames", "Frames of the DC's traffic "
	    "seen, to it and from it.");
	for (i = 0; i < v->ndcs; i++)
		for (k = 0; k < 2; k++) {
			d = &v->dcs[i];
			prom_sample(out, "spangen_verify_frames");
			prom_label(out, "capture", source);
			prom_label(out, "dc", d->text);
			prom_label(out, "direction", direction[k]);
			prom_value(out, (long long)(k == 0 ? d->to_pkts :
			    d->from_pkts));
		}
	prom_gauge(out, "spangen_verify_protocol_seen", "Whether a DC protocol "
	    "was seen in the DC's traffic (1) or not (0).");
	for (i = 0; i < v->ndcs; i++)
		for (k = 0; k < NPROTOS; k++) {
			prom_sample(out, "spangen_verify_protocol_seen");
			prom_label(out, "capture", source);
			prom_label(out, "dc", v->dcs[i].text);
			prom_label(out, "protocol", proto_names[k]);
			prom_value(out, v->dcs[i].proto[k]);
		}
}
