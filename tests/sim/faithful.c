/*
 * devsim --faithful: the running configuration printed the way the devices
 * print it, and read back from that form.  Typed lines are brought to one
 * model form first (full interface names, explicit directions, one source
 * port a line, trunk lists as sets), so what was typed and what is printed
 * differ where they differ on the devices: short names and no "both" on
 * IOS XE, merged source lines, wrapped and re-printed trunk lists, blocks
 * in the device's order.  A read-back that compares text with what it
 * typed fails here as it would against a switch.  tests/sim/README.md
 * lists each choice and whether it is confirmed, documented or a guess.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "devsim.h"

#define TRUNK		"switchport trunk allowed vlan "
#define CX_TRUNK	"vlan trunk allowed "
#define CX_NATIVE	"vlan trunk native "
#define MAXRANGE	1024	/* ports one typed range may expand to */

/* Spaces per level in the printed form. */
static const int unit[NDIALECT] = { 1, 2, 3, 4 };

/* --- interface names --- */

struct itype {
	const char	*full, *abbr;
};

/*
 * The names each dialect prints in interface headers (full) and, on
 * IOS XE, in monitor session lines (abbr).  The order is the sort order
 * of merged IOS XE source lists.
 */
static const struct itype t_iosxe[] = {
	{ "GigabitEthernet", "Gi" }, { "TenGigabitEthernet", "Te" },
	{ "TwentyFiveGigE", "Twe" }, { "FortyGigabitEthernet", "Fo" },
	{ "HundredGigE", "Hu" }, { "TwoGigabitEthernet", "Tw" },
	{ "FiveGigabitEthernet", "Fi" }, { "FastEthernet", "Fa" },
	{ "AppGigabitEthernet", "Ap" }, { "Port-channel", "Po" },
	{ "Vlan", "Vl" }, { "Loopback", "Lo" }, { "Tunnel", "Tu" },
	{ NULL, NULL }
};
static const struct itype t_nxos[] = {
	{ "Ethernet", "Eth" }, { "port-channel", "Po" }, { "Vlan", "Vlan" },
	{ "loopback", "Lo" }, { "mgmt", "mgmt" }, { "Tunnel", "Tunnel" },
	{ "nve", "nve" }, { NULL, NULL }
};
static const struct itype t_eos[] = {
	{ "Ethernet", "Et" }, { "Port-Channel", "Po" }, { "Vlan", "Vl" },
	{ "Loopback", "Lo" }, { "Management", "Ma" }, { "Tunnel", "Tu" },
	{ "Vxlan", "Vx" }, { NULL, NULL }
};
static const struct itype t_aoscx[] = {
	{ "lag", "lag" }, { "vlan", "vlan" }, { "loopback", "loopback" },
	{ "tunnel", "tunnel" }, { "mgmt", "mgmt" }, { NULL, NULL }
};
static const struct itype *const types[NDIALECT] = {
	t_iosxe, t_nxos, t_eos, t_aoscx
};

/*
 * A parsed name: its type (an index in types[], -1 for AOS-CX's bare
 * "1/1/1") and its numbers with leading zeros dropped, so "Gi1/0/01" and
 * "GigabitEthernet1/0/1" are one port.
 */
struct ifname {
	int	 type;
	char	 num[48];
};

static int
type_lookup(enum dialect d, const char *s, size_t n)
{
	const struct itype *t = types[d];
	int i, hit = -1;

	for (i = 0; t[i].full != NULL; i++)
		if ((strlen(t[i].abbr) == n &&
		    strncasecmp(t[i].abbr, s, n) == 0) ||
		    (strlen(t[i].full) == n &&
		    strncasecmp(t[i].full, s, n) == 0))
			return i;
	/* an abbreviation the table does not list: a unique prefix */
	for (i = 0; t[i].full != NULL; i++)
		if (strlen(t[i].full) > n &&
		    strncasecmp(t[i].full, s, n) == 0) {
			if (hit >= 0)
				return -2;
			hit = i;
		}
	return hit >= 0 ? hit : -2;
}

/* s (n bytes, blanks allowed between type and number) -> f. */
static bool
parse_name(enum dialect d, const char *s, size_t n, struct ifname *f)
{
	size_t k = 0, o = 0, digits;

	while (k < n && (isalpha((unsigned char)s[k]) || (s[k] == '-' &&
	    k > 0 && k + 1 < n && isalpha((unsigned char)s[k + 1]))))
		k++;
	if (k == 0) {
		if (d != AOSCX)
			return false;
		f->type = -1;
	} else if ((f->type = type_lookup(d, s, k)) < 0)
		return false;
	while (k < n && s[k] == ' ')
		k++;
	if (k == n || !isdigit((unsigned char)s[k]))
		return false;
	while (k < n) {
		if (!isdigit((unsigned char)s[k])) {
			if (strchr("/.:", s[k]) == NULL || k + 1 == n ||
			    !isdigit((unsigned char)s[k + 1]) ||
			    o + 1 >= sizeof(f->num))
				return false;
			f->num[o++] = s[k++];
			continue;
		}
		while (k + 1 < n && s[k] == '0' &&
		    isdigit((unsigned char)s[k + 1]))
			k++;
		for (digits = 0; k < n && isdigit((unsigned char)s[k]);
		    k++, digits++)
			if (o + 1 >= sizeof(f->num) || digits > 6)
				return false;
			else
				f->num[o++] = s[k];
	}
	f->num[o] = '\0';
	return true;
}

/*
 * The full name.  AOS-CX writes a LAG "lag 45" in an interface header but
 * "lag45" inside a mirror session.
 */
static void
name_full(enum dialect d, const struct ifname *f, bool header, struct buf *b)
{
	if (f->type < 0)
		buf_adds(b, f->num);
	else
		buf_addf(b, "%s%s%s", types[d][f->type].full,
		    d == AOSCX && header ? " " : "", f->num);
}

static void
name_short(enum dialect d, const struct ifname *f, struct buf *b)
{
	if (f->type < 0)
		buf_adds(b, f->num);
	else
		buf_addf(b, "%s%s", types[d][f->type].abbr, f->num);
}

/*
 * The port an "interface ..." line names, and where the rest of the line
 * starts: "interface lag 7 multi-chassis static" names lag 7.
 */
static bool
header_name(enum dialect d, const char *l, struct ifname *f, const char **rest)
{
	const char *a = after(l, "interface "), *sp, *e;

	if (a == NULL)
		return false;
	sp = a + strcspn(a, " ");
	if (parse_name(d, a, (size_t)(sp - a), f)) {
		*rest = sp;
		return true;
	}
	if (*sp != ' ' || !isdigit((unsigned char)sp[1]))
		return false;
	e = sp + 1 + strcspn(sp + 1, " ");
	if (!parse_name(d, a, (size_t)(e - a), f))
		return false;
	*rest = e;
	return true;
}

bool
iface_same(enum dialect d, const char *a, const char *b)
{
	struct ifname fa, fb;
	const char *ra, *rb;
	size_t na, nb;

	if (header_name(d, a, &fa, &ra) && header_name(d, b, &fb, &rb))
		return fa.type == fb.type && strcmp(fa.num, fb.num) == 0;
	/* names the tables do not know: the first word, exactly */
	a += strlen("interface ");
	b += strlen("interface ");
	na = strcspn(a, " ");
	nb = strcspn(b, " ");
	return na == nb && strncmp(a, b, na) == 0;
}

/* The numbers of two names of one type, component by component. */
static int
num_cmp(const char *a, const char *b)
{
	long x, y;
	char *ea, *eb;

	while (*a != '\0' && *b != '\0') {
		x = strtol(a, &ea, 10);
		y = strtol(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea != '\0' ? ea + 1 : ea;
		b = *eb != '\0' ? eb + 1 : eb;
	}
	return (*a != '\0') - (*b != '\0');
}

static int
name_cmp(const void *pa, const void *pb)
{
	const struct ifname *a = pa, *b = pb;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return num_cmp(a->num, b->num);
}

/* Where the last number of a name starts. */
static const char *
last_num(const char *num)
{
	const char *p = num + strlen(num);

	while (p > num && isdigit((unsigned char)p[-1]))
		p--;
	return p;
}

/* b follows a: one type, the same numbers but the last, that one plus 1. */
static bool
name_next(const struct ifname *a, const struct ifname *b)
{
	const char *la = last_num(a->num), *lb = last_num(b->num);

	return a->type == b->type && la - a->num == lb - b->num &&
	    strncmp(a->num, b->num, (size_t)(la - a->num)) == 0 &&
	    strtol(lb, NULL, 10) == strtol(la, NULL, 10) + 1;
}

/*
 * Natural order (EOS prints its sources so): runs of digits compare as
 * numbers, so Ethernet2 comes before Ethernet10.
 */
static int
natural_cmp(const char *a, const char *b)
{
	long x, y;
	char *ea, *eb;

	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			x = strtol(a, &ea, 10);
			y = strtol(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
		} else if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		else
			a++, b++;
	}
	return (*a != '\0') - (*b != '\0');
}

static int
natural_qcmp(const void *pa, const void *pb)
{
	return natural_cmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* --- lists of interfaces as typed --- */

/* s without blanks: "Gi1/0/1 - 3" and "ethernet 1/1" parse as one word. */
static char *
unblank(const char *s, size_t n)
{
	char *o = xrealloc(NULL, n + 1);
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (s[i] != ' ')
			o[k++] = s[i];
	o[k] = '\0';
	return o;
}

/*
 * "Gi1/0/1 - 3 , Gi1/0/5" or "Ethernet1-2,Ethernet4" -> the full names,
 * each followed by '\n', appended to out.  False when an item is not a
 * name this dialect knows.
 */
static bool
expand_list(enum dialect d, const char *s, struct buf *out)
{
	struct ifname f;
	const char *item, *end;
	char *w, *dash;
	long lo, hi, v;
	size_t start = out->len, n;
	bool ok = true;

	for (item = s; ok && *item != '\0';
	    item = *end == ',' ? end + 1 : end) {
		end = item + strcspn(item, ",");
		w = unblank(item, (size_t)(end - item));
		dash = strrchr(w, '-');
		/* a range: "-N" after a digit ("Port-channel5" is no range) */
		if (dash != NULL && dash > w &&
		    isdigit((unsigned char)dash[-1]) && dash[1] != '\0' &&
		    strspn(dash + 1, "0123456789") == strlen(dash + 1)) {
			*dash = '\0';
			ok = parse_name(d, w, strlen(w), &f);
			lo = ok ? strtol(last_num(f.num), NULL, 10) : 0;
			hi = strtol(dash + 1, NULL, 10);
			ok = ok && hi >= lo && hi - lo < MAXRANGE;
			n = ok ? (size_t)(last_num(f.num) - f.num) : 0;
			for (v = lo; ok && v <= hi; v++) {
				(void)snprintf(f.num + n, sizeof(f.num) - n,
				    "%ld", v);
				name_full(d, &f, false, out);
				buf_adds(out, "\n");
			}
		} else if ((ok = w[0] != '\0' && parse_name(d, w, strlen(w),
		    &f))) {
			name_full(d, &f, false, out);
			buf_adds(out, "\n");
		}
		free(w);
	}
	if (!ok || out->len == start) {
		out->len = start;
		if (out->p != NULL)
			out->p[start] = '\0';
		return false;
	}
	return true;
}

static bool
is_dir(const char *w)
{
	return is(w, "both") || is(w, "rx") || is(w, "tx");
}

/* --- typed lines in the model's form --- */

enum skind { S_NONE, S_NXOS, S_IOSXE, S_AOSCX };

/* The kind of monitor (mirror) session block ctx is, if it is one. */
static enum skind
session_kind(enum dialect d, const struct node *ctx)
{
	if (ctx == NULL || ctx->text == NULL || ctx->parent == NULL ||
	    ctx->parent->text != NULL)
		return S_NONE;
	if (d == NXOS && after(ctx->text, "monitor session ") != NULL)
		return S_NXOS;
	if (d == IOSXE && after(ctx->text, "monitor session ") != NULL &&
	    strstr(ctx->text, " type ") != NULL)
		return S_IOSXE;
	if (d == AOSCX && after(ctx->text, "mirror session ") != NULL)
		return S_AOSCX;
	return S_NONE;
}

/*
 * "LIST [DIR]" after pfx ("source interface ", EOS "... source "): one
 * line a port, "PFX NAME DIR".  A "no" without a direction names the port
 * in every direction.  dflt is the direction the device assumes (NULL:
 * one must be typed).  1 done, 0 not a port list, -1 refused.
 */
static int
canon_sources(enum dialect d, const char *pfx, const char *s,
    const char *dflt, bool neg, struct buf *out)
{
	struct buf names = { 0 };
	const char *sp = strrchr(s, ' '), *dir = NULL;
	char *list, *p, *nl;
	int r = 1;

	if (sp != NULL && is_dir(sp + 1)) {
		dir = sp + 1;
		list = unblank(s, (size_t)(sp - s));
	} else
		list = xstrdup(s);
	if (dir == NULL && !neg && (dir = dflt) == NULL)
		r = -1;
	else if (!expand_list(d, list, &names))
		r = 0;
	else
		for (p = names.p; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			buf_addf(out, "%s%s%.*s%s%s\n", neg ? "no " : "", pfx,
			    (int)(nl - p), p, dir != NULL ? " " : "",
			    dir != NULL ? dir : "");
	free(names.p);
	free(list);
	return r;
}

static struct node *kid_prefixed(const struct node *n, const char *pfx,
    size_t *at);

/* "LIST[ encapsulation ...|ingress ...]" after pfx: one line a port. */
static int
canon_dests(enum dialect d, const char *pfx, const char *s, bool neg,
    struct buf *out)
{
	static const char *const opts[] = { " encapsulation ", " ingress " };
	struct buf names = { 0 };
	const char *extra = s + strlen(s), *o;
	char *list, *p, *nl;
	size_t i;
	int r = 1;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if ((o = strstr(s, opts[i])) != NULL && o < extra)
			extra = o;
	list = unblank(s, (size_t)(extra - s));
	if (!expand_list(d, list, &names))
		r = 0;
	else
		for (p = names.p; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			buf_addf(out, "%s%s%.*s%s\n", neg ? "no " : "", pfx,
			    (int)(nl - p), p, extra);
	free(names.p);
	free(list);
	return r;
}

int
fm_canon(enum dialect d, const struct node *ctx, const char *l,
    struct buf *out)
{
	struct buf pfx = { 0 };
	struct ifname f;
	const char *a, *rest, *typed = l;
	enum skind k = session_kind(d, ctx);
	bool neg = false;
	int r = 0;

	if ((a = after(l, "no ")) != NULL) {
		neg = true;
		l = a;
	}
	/*
	 * NX-OS prints no bare "switchport" on a port of a switch whose
	 * ports are switchports by default: on one that shows switchport
	 * lines already, typing it changes nothing printed.
	 */
	if (d == NXOS && !neg && is(l, "switchport") && ctx->text != NULL &&
	    after(ctx->text, "interface ") != NULL &&
	    kid_prefixed(ctx, "switchport ", NULL) != NULL)
		return 0;
	if (header_name(d, l, &f, &rest)) {
		buf_addf(out, "%sinterface ", neg ? "no " : "");
		name_full(d, &f, true, out);
		buf_addf(out, "%s\n", rest);
		return 0;
	}
	/* IOS XE's and EOS's flat session lines, typed anywhere */
	if ((d == IOSXE || d == EOS) &&
	    (a = after(l, "monitor session ")) != NULL) {
		rest = a + strcspn(a, " ");
		if (d == IOSXE && after(rest, " source interface ") != NULL) {
			buf_addf(&pfx, "monitor session %.*s source interface ",
			    (int)(rest - a), a);
			r = canon_sources(d, pfx.p, rest + 18, "both", neg,
			    out);
		} else if (d == IOSXE &&
		    after(rest, " destination interface ") != NULL) {
			buf_addf(&pfx, "monitor session %.*s destination "
			    "interface ", (int)(rest - a), a);
			r = canon_dests(d, pfx.p, rest + 23, neg, out);
		} else if (d == EOS && after(rest, " source ") != NULL) {
			buf_addf(&pfx, "monitor session %.*s source ",
			    (int)(rest - a), a);
			r = canon_sources(d, pfx.p, rest + 8, "both", neg, out);
		} else if (d == EOS && after(rest, " destination ") != NULL) {
			buf_addf(&pfx, "monitor session %.*s destination ",
			    (int)(rest - a), a);
			r = canon_dests(d, pfx.p, rest + 13, neg, out);
		}
		free(pfx.p);
	} else if (k != S_NONE && (a = after(l, "source interface ")) != NULL)
		r = canon_sources(d, "source interface ", a,
		    k == S_AOSCX ? NULL : "both", neg, out);
	else if (k != S_NONE &&
	    (a = after(l, "destination interface ")) != NULL)
		r = canon_dests(d, "destination interface ", a, neg, out);
	else if ((k == S_NXOS || k == S_IOSXE) &&
	    (is(l, "shut") || is(l, "shutdown"))) {
		/* NX-OS prints "no shut", IOS XE "no shutdown" */
		buf_addf(out, "%s%s\n", neg ? "no " : "",
		    k == S_NXOS ? "shut" : "shutdown");
		r = 1;
	} else if (k == S_AOSCX && !neg && is(l, "disable")) {
		buf_adds(out, "no enable\n");
		r = 1;
	}
	if (r < 0)
		return -1;
	if (r == 0)
		buf_addf(out, "%s\n", typed);
	return 0;
}

bool
fm_replaces(const char *l, const char *old)
{
	const char *sp = strrchr(l, ' '), *src = strstr(l, "source ");
	size_t head;

	if (sp == NULL || !is_dir(sp + 1) || after(l, "no ") != NULL ||
	    src == NULL || src > sp || (src != l && src[-1] != ' '))
		return false;
	head = (size_t)(sp - l);
	return strncmp(old, l, head) == 0 && old[head] == ' ' &&
	    is_dir(old + head + 1) && strcmp(old, l) != 0;
}

/* --- trunk VLAN lists --- */

static struct node *
kid_prefixed(const struct node *n, const char *pfx, size_t *at)
{
	size_t i;

	for (i = 0; i < n->nkid; i++)
		if (after(n->kid[i]->text, pfx) != NULL) {
			if (at != NULL)
				*at = i;
			return n->kid[i];
		}
	return NULL;
}

static void
kid_drop(struct node *n, const struct node *k)
{
	size_t i;

	for (i = 0; i < n->nkid; i++)
		if (n->kid[i] == k) {
			node_unlink(n, i);
			return;
		}
}

/*
 * The allowed line becomes "PFX LIST" for cur, or goes when cur is every
 * VLAN: the devices hide the default (AOS-CX prints it as "all", which
 * the printer adds back).
 */
static void
trunk_store(struct node *iface, struct node *leaf, const char *pfx,
    const struct vset *cur, bool none_is_all)
{
	struct buf b = { 0 };
	int x;
	bool any = false;

	for (x = 1; x <= 4094 && !any; x++)
		any = cur->on[x];
	if (vset_full(cur) || (!any && none_is_all)) {
		if (leaf != NULL)
			kid_drop(iface, leaf);
		return;
	}
	buf_adds(&b, pfx);
	vset_format(cur, &b);
	if (leaf == NULL)
		(void)node_new(iface, b.p);
	else
		node_set_text(leaf, b.p);
	free(b.p);
}

/*
 * AOS-CX: "vlan trunk allowed LIST" adds to the list, "no vlan trunk
 * allowed LIST" takes VLANs out, "vlan trunk allowed all" allows all.  A
 * port that was no trunk becomes one with native VLAN 1, which the device
 * then prints.
 */
static int
aoscx_trunk(struct node *iface, const char *l)
{
	struct node *leaf = kid_prefixed(iface, CX_TRUNK, NULL);
	bool trunk = leaf != NULL || kid_prefixed(iface, CX_NATIVE, NULL);
	struct vset cur, v;
	const char *a;
	bool neg = after(l, "no ") != NULL;
	int x;

	if (neg)
		l += 3;
	if (is(l, "vlan trunk allowed") && neg)
		a = "all";
	else if ((a = after(l, CX_TRUNK)) == NULL)
		return 0;
	if (vset_parse(&v, a) != 0)
		return -1;
	if (leaf == NULL || vset_parse(&cur, leaf->text + strlen(CX_TRUNK)))
		(void)vset_parse(&cur, trunk ? "all" : "none");
	if (neg && !trunk)
		return 1;
	for (x = 1; x <= 4094; x++)
		if (v.on[x])
			cur.on[x] = !neg;
	if (neg && is(a, "all"))
		(void)vset_parse(&cur, "all");
	if (!trunk)
		(void)node_new(iface, CX_NATIVE "1");
	trunk_store(iface, leaf, CX_TRUNK, &cur, true);
	return 1;
}

int
fm_trunk_edit(enum dialect d, struct node *ctx, const char *l)
{
	struct node *leaf;
	struct vset cur, v;
	const char *a;
	int op = 0, x;	/* 1 add, -1 remove, 2 except, 0 replace */

	if (ctx->text == NULL || after(ctx->text, "interface ") == NULL)
		return 0;
	if (d == AOSCX)
		return aoscx_trunk(ctx, l);
	if ((a = after(l, TRUNK)) == NULL)
		return 0;
	if (after(a, "add ") != NULL)
		op = 1, a += 4;
	else if (after(a, "remove ") != NULL)
		op = -1, a += 7;
	else if (after(a, "except ") != NULL)
		op = 2, a += 7;
	if (vset_parse(&v, a) != 0)
		return -1;
	/* no line: the trunk allows every VLAN */
	leaf = kid_prefixed(ctx, TRUNK, NULL);
	if (leaf == NULL || vset_parse(&cur, leaf->text + strlen(TRUNK)) != 0)
		(void)vset_parse(&cur, "all");
	for (x = 1; x <= 4094; x++)
		if (op == 0)
			cur.on[x] = v.on[x];
		else if (op == 2)
			cur.on[x] = !v.on[x];
		else if (v.on[x])
			cur.on[x] = op > 0;
	trunk_store(ctx, leaf, TRUNK, &cur, false);
	return 1;
}

/* --- reading the printed form --- */

struct reader {
	const char	*p;
};

/* The next line without its end ("\n" or "\r\n"), or NULL at the end. */
static char *
next_line(struct reader *r)
{
	size_t n;
	char *l;

	if (*r->p == '\0')
		return NULL;
	n = strcspn(r->p, "\n");
	l = xrealloc(NULL, n + 1);
	memcpy(l, r->p, n);
	l[n] = '\0';
	if (n > 0 && l[n - 1] == '\r')
		l[n - 1] = '\0';
	r->p += r->p[n] == '\n' ? n + 1 : n;
	return l;
}

/* s with blanks trimmed and runs of blanks made one space. */
static char *
squeeze(const char *s)
{
	char *o = xrealloc(NULL, strlen(s) + 1);
	size_t k = 0;
	bool gap = false;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t') {
			gap = k > 0;
			continue;
		}
		if (gap)
			o[k++] = ' ';
		gap = false;
		o[k++] = *s;
	}
	o[k] = '\0';
	return o;
}

/*
 * The lines above the configuration: IOS XE's "Building configuration..."
 * and byte count, NX-OS's and EOS's "! Command" and "! device", AOS-CX's
 * "Current configuration:" and the '!' after it.  st is how far in.
 */
static bool
header_line(enum dialect d, const char *l, int *st)
{
	switch (d) {
	case IOSXE:
		if (is(l, "Building configuration...")) {
			*st = 1;
			return true;
		}
		if (after(l, "Current configuration :") != NULL) {
			*st = 2;
			return true;
		}
		return *st == 1 && l[0] == '\0';
	case NXOS:
		return after(l, "!Command:") != NULL ||
		    after(l, "!Time:") != NULL ||
		    after(l, "!Running configuration last done at:") != NULL;
	case EOS:
		return after(l, "! Command:") != NULL ||
		    after(l, "! device:") != NULL;
	default:
		if (is(l, "Current configuration:")) {
			*st = 1;
			return true;
		}
		if (*st == 1 && is(l, "!")) {
			*st = 2;
			return true;
		}
		return false;
	}
}

/*
 * The text that ends a banner that starts on line l, or NULL when l starts
 * no banner.  IOS XE, NX-OS and AOS-CX close it with the character that
 * opened it (IOS XE shows ETX as "^C"); EOS with a line "EOF".
 */
static const char *
banner_end(enum dialect d, const char *l, char delim[3])
{
	const char *a = after(l, "banner ");

	if (a == NULL)
		return NULL;
	if (d == EOS)
		return is(a, "login") || is(a, "motd") ? "EOF" : NULL;
	a += strcspn(a, " ");
	if (*a++ != ' ' || *a == '\0')
		return NULL;
	delim[0] = a[0];
	delim[1] = a[0] == '^' && a[1] == 'C' ? 'C' : '\0';
	delim[2] = '\0';
	return delim;
}

/*
 * The rest of a banner, its lines joined to the first in b.  A banner
 * that never closes is no banner (it would swallow the rest of the file,
 * and on the next reading the "end" printed after it): false, and the
 * reader is back after the first line.
 */
static bool
read_banner(struct reader *r, enum dialect d, const char *first,
    const char *end, struct buf *b)
{
	const char *open = after(first, "banner "), *back = r->p;
	char *l;

	buf_adds(b, first);
	if (d != EOS) {
		open += strcspn(open, " ") + 1 + strlen(end);
		if (strstr(open, end) != NULL)
			return true;	/* opened and closed on one line */
	}
	while ((l = next_line(r)) != NULL) {
		buf_addf(b, "\n%s", l);
		if (d == EOS ? is(l, end) : strstr(l, end) != NULL) {
			free(l);
			return true;
		}
		free(l);
	}
	r->p = back;
	return false;
}

static void
add_kept(struct node *root, const char *orig, unsigned flags)
{
	char *t = squeeze(orig);
	struct node *n = node_new(root, t);

	n->orig = xstrdup(orig);
	n->flags = flags;
	free(t);
}

static bool
is_session(enum dialect d, const struct node *n)
{
	return after(n->text, d == AOSCX ? "mirror session " :
	    "monitor session ") != NULL;
}

/* Replaces kid i of n by the lines of a ('\n' after each); how many. */
static size_t
kid_replace(struct node *n, size_t i, const char *a)
{
	const char *nl;
	char *t;
	size_t k = 0;

	node_unlink(n, i);
	for (; (nl = strchr(a, '\n')) != NULL; a = nl + 1, k++) {
		t = xrealloc(NULL, (size_t)(nl - a) + 1);
		memcpy(t, a, (size_t)(nl - a));
		t[nl - a] = '\0';
		(void)node_insert(n, i + k, t);
		free(t);
	}
	return k;
}

/* Modelled lines are printed from the model, not as they were read. */
static void
forget_orig(struct node *n)
{
	size_t i;

	free(n->orig);
	n->orig = NULL;
	for (i = 0; i < n->nkid; i++)
		forget_orig(n->kid[i]);
}

/*
 * Kid i of n (an interface header or session line of the root, or a line
 * of a session block n) in the model's form; how many lines it became.
 * A line the device would refuse stays as read.
 */
static size_t
adopt_line(enum dialect d, struct node *n, size_t i)
{
	struct node *k = n->kid[i];
	struct buf b = { 0 };
	size_t cnt = 1;

	buf_adds(&b, "");
	if (fm_canon(d, n, k->text, &b) == 0) {
		if (strchr(b.p, '\n') == b.p + b.len - 1) {
			/* one line: renamed in place, its block kept */
			b.p[b.len - 1] = '\0';
			node_set_text(k, b.p);
		} else if (k->nkid == 0)
			cnt = kid_replace(n, i, b.p);
	}
	free(b.p);
	return cnt;
}

/*
 * A trunk's allowed lines as one set: the first line and the "add"
 * continuation lines a long list wraps into (AOS-CX: its lines together).
 */
static void
adopt_trunk(enum dialect d, struct node *iface)
{
	const char *pfx = d == AOSCX ? CX_TRUNK : TRUNK, *a;
	struct node *first = NULL;
	struct vset cur, v;
	size_t i;
	int x;

	for (i = 0; i < iface->nkid; i++) {
		if ((a = after(iface->kid[i]->text, pfx)) == NULL)
			continue;
		if (first == NULL) {
			if (vset_parse(&cur, a) != 0)
				return;
			first = iface->kid[i];
			continue;
		}
		if (d != AOSCX && (a = after(a, "add ")) == NULL)
			continue;
		if (vset_parse(&v, a) != 0)
			continue;
		for (x = 1; x <= 4094; x++)
			cur.on[x] |= v.on[x];
		node_unlink(iface, i--);
	}
	if (first != NULL)
		trunk_store(iface, first, pfx, &cur, false);
}

/* The tree as read becomes the model: names, directions, lists. */
static void
adopt(enum dialect d, struct node *root)
{
	struct node *n;
	size_t i, j;

	for (i = 0; i < root->nkid; i++) {
		n = root->kid[i];
		if ((n->flags & (N_SPACER | N_VERBATIM)) != 0)
			continue;
		if (after(n->text, "interface ") != NULL) {
			i += adopt_line(d, root, i) - 1;
			adopt_trunk(d, root->kid[i]);
		} else if (is_session(d, n) && (n->nkid > 0 ||
		    session_kind(d, n) != S_NONE)) {
			forget_orig(n);
			for (j = 0; j < n->nkid; j += adopt_line(d, n, j))
				;
		} else if (is_session(d, n))
			i += adopt_line(d, root, i) - 1;
	}
}

struct node *
fm_parse(enum dialect d, const char *text)
{
	struct reader r = { text };
	struct node *root = node_new(NULL, NULL), *stack[64];
	struct buf b = { 0 };
	const char *end;
	char *l, *t, delim[3];
	int depth[64], ind, st = 0;
	size_t sp = 0;
	bool head = true;

	stack[0] = root;
	depth[0] = -1;
	for (; (l = next_line(&r)) != NULL; free(l)) {
		if (head && header_line(d, l, &st))
			continue;
		head = false;
		for (ind = 0; l[ind] == ' ' || l[ind] == '\t'; ind++)
			;
		if (ind == 0 && is(l, "end") && (d == IOSXE || d == EOS)) {
			free(l);
			break;
		}
		/* '!' and blank lines at the top stay where they are */
		if (l[ind] == '\0' || (ind == 0 && l[0] == '!')) {
			add_kept(root, l, N_SPACER);
			sp = 0;
			continue;
		}
		b.len = 0;
		if (ind == 0 && (((end = banner_end(d, l, delim)) != NULL &&
		    read_banner(&r, d, l, end, &b)) ||
		    after(l, "crypto pki certificate chain ") != NULL)) {
			t = squeeze(l);
			if (end == NULL) {
				/* the hex lines and "quit", byte for byte */
				buf_adds(&b, l);
				while (*r.p == ' ' || *r.p == '\t') {
					free(l);
					l = next_line(&r);
					buf_addf(&b, "\n%s", l);
				}
			}
			add_kept(root, b.p, N_VERBATIM);
			/* "no banner motd" matches the first line */
			free(root->kid[root->nkid - 1]->text);
			root->kid[root->nkid - 1]->text = t;
			sp = 0;
			continue;
		}
		while (sp > 0 && depth[sp] >= ind)
			sp--;
		if (sp == 63)
			sp--;
		t = squeeze(l);
		stack[sp + 1] = node_new(stack[sp], t);
		stack[sp + 1]->orig = xstrdup(l);
		depth[++sp] = ind;
		free(t);
	}
	free(b.p);
	adopt(d, root);
	return root;
}

/* --- printing --- */

struct pr {
	enum dialect	 d;
	struct buf	*b;
};

static void
put_line(struct pr *p, const struct node *n, int depth, const char *text)
{
	if (n != NULL && n->orig != NULL)
		buf_addf(p->b, "%s\n", n->orig);
	else
		buf_addf(p->b, "%*s%s\n", depth * unit[p->d], "", text);
}

/*
 * A trunk's allowed list as the device prints it.  Runs of VLANs become
 * ranges; IOS XE (and AOS-CX, as devsim chooses) keeps a pair as "2,3".
 * IOS XE wraps before column 80 and NX-OS at 76 then 70 columns, into
 * "... allowed vlan add" lines; EOS and AOS-CX print one line.
 */
static void
put_trunk(struct pr *p, const char *list, int depth)
{
	static const int first[NDIALECT] = { 79, 76, 0, 0 };
	static const int more[NDIALECT] = { 79, 70, 0, 0 };
	const char *kw = p->d == AOSCX ? CX_TRUNK : TRUNK, *it, *e;
	struct buf items = { 0 }, ln = { 0 };
	struct vset v;
	int lo, hi, lim = first[p->d], count = 0;
	bool pairs = p->d == IOSXE || p->d == AOSCX;

	buf_adds(&items, "");
	if (vset_parse(&v, list) != 0)
		buf_adds(&items, list);
	else if (vset_full(&v))
		buf_adds(&items, p->d == AOSCX ? "all" : "1-4094");
	else
		for (lo = 1; lo <= 4094; lo = hi + 1) {
			hi = lo;
			if (!v.on[lo])
				continue;
			while (hi < 4094 && v.on[hi + 1])
				hi++;
			buf_addf(&items, items.len > 0 ? ",%d" : "%d", lo);
			if (hi > lo)
				buf_addf(&items, "%c%d",
				    hi == lo + 1 && pairs ? ',' : '-', hi);
		}
	if (items.len == 0)
		buf_adds(&items, "none");
	buf_addf(&ln, "%*s%s", depth * unit[p->d], "", kw);
	for (it = items.p; *it != '\0'; it = *e == ',' ? e + 1 : e) {
		e = it + strcspn(it, ",");
		if (count > 0 && lim > 0 &&
		    ln.len + 1 + (size_t)(e - it) > (size_t)lim) {
			buf_addf(p->b, "%s\n", ln.p);
			ln.len = 0;
			buf_addf(&ln, "%*s%sadd ", depth * unit[p->d], "", kw);
			count = 0;
			lim = more[p->d];
		}
		buf_addf(&ln, "%s%.*s", count++ > 0 ? "," : "", (int)(e - it),
		    it);
	}
	buf_addf(p->b, "%s\n", ln.p);
	free(items.p);
	free(ln.p);
}

/*
 * Full names as IOS XE lists them in one monitor line: short names,
 * sorted, neighbours as ranges: "Gi1/0/1 - 3 , Gi1/0/5".
 */
static void
put_iflist(enum dialect d, char **names, size_t n, struct buf *b)
{
	struct ifname *f = xrealloc(NULL, (n + 1) * sizeof(*f));
	size_t i, j, k = 0, start = b->len;

	for (i = 0; i < n; i++)
		if (parse_name(d, names[i], strlen(names[i]), &f[k]))
			k++;
	qsort(f, k, sizeof(*f), name_cmp);
	for (i = 0; i < k; i = j + 1) {
		for (j = i; j + 1 < k && name_next(&f[j], &f[j + 1]); j++)
			;
		if (b->len > start)
			buf_adds(b, " , ");
		name_short(d, &f[i], b);
		if (j > i)
			buf_addf(b, " - %s", last_num(f[j].num));
	}
	for (i = 0; i < n; i++)
		if (!parse_name(d, names[i], strlen(names[i]), &f[0]))
			buf_addf(b, "%s%s", b->len > start ? " , " : "",
			    names[i]);
	free(f);
}

/*
 * IOS XE's merged source (or destination) line: rest[i] is "NAME DIR"
 * (or "NAME"), one line per direction, "both" left out.
 */
static void
put_merged(struct pr *p, int depth, const char *head, const char **rest,
    size_t n, bool dirs)
{
	static const char *const order[] = { "both", "rx", "tx" };
	struct buf b = { 0 };
	char **names = xrealloc(NULL, (n + 1) * sizeof(*names));
	const char *sp;
	size_t i, k, len;
	int o;

	for (o = 0; o < (dirs ? 3 : 1); o++) {
		for (i = k = 0; i < n; i++) {
			sp = strrchr(rest[i], ' ');
			if (dirs && (sp == NULL || !is(sp + 1, order[o])))
				continue;
			len = dirs ? (size_t)(sp - rest[i]) : strlen(rest[i]);
			names[k] = xrealloc(NULL, len + 1);
			memcpy(names[k], rest[i], len);
			names[k++][len] = '\0';
		}
		if (k == 0)
			continue;
		b.len = 0;
		buf_addf(&b, "%*s%s", depth * unit[p->d], "", head);
		put_iflist(p->d, names, k, &b);
		if (o > 0)
			buf_addf(&b, " %s", order[o]);
		buf_addf(p->b, "%s\n", b.p);
		while (k > 0)
			free(names[--k]);
	}
	free(names);
	free(b.p);
}

/* --- blocks --- */

static bool
word(const char *t, const char *w)
{
	return after_word(t, w) != NULL;
}

/* What comes after "monitor session N " or "mirror session N ". */
static const char *
session_type(const char *t)
{
	t += strcspn(t, " ") + 1;	/* "session ..." */
	t += strcspn(t, " ");
	t += *t == ' ';
	t += strcspn(t, " ");
	return *t == ' ' ? t + 1 : t;
}

/*
 * The place of a line in a session block, lower first, typed order
 * within a rank; 10 hides it (a shut session prints no state line).
 */
static int
session_rank(enum dialect d, const char *type, const char *t)
{
	bool shut = is(t, "shut") || is(t, "shutdown");
	bool noshut = is(t, "no shut") || is(t, "no shutdown");

	if (word(t, "description") || word(t, "comment"))
		return 0;
	switch (d) {
	case NXOS:
		if (shut)
			return 10;
		if (noshut)
			return 9;
		if (after(type, "type erspan-source") != NULL)
			return word(t, "erspan-id") ? 1 : word(t, "vrf") ? 2 :
			    word(t, "destination ip") ? 3 :
			    word(t, "source") ? 5 : word(t, "filter") ? 6 : 4;
		if (after(type, "type erspan-destination") != NULL)
			return word(t, "erspan-id") ? 1 : word(t, "vrf") ? 2 :
			    word(t, "source ip") ? 3 :
			    word(t, "destination") ? 4 : 5;
		return word(t, "source") ? 1 : word(t, "filter") ? 2 :
		    word(t, "destination") ? 3 : 4;
	case IOSXE:
		if (shut)
			return 10;
		if (after(type, "type erspan-destination") != NULL)
			return word(t, "destination") ? 1 : noshut ? 3 :
			    word(t, "source") ? 4 : 2;
		return word(t, "source") && !is(t, "source") ? 1 :
		    word(t, "filter") ? 2 : noshut ? 4 :
		    is(t, "destination") ? 5 : 3;
	default:
		return is(t, "disable") ? 10 : is(t, "enable") ? 9 :
		    word(t, "destination") ? 1 : word(t, "source") ? 2 : 3;
	}
}

/* IOS XE ERSPAN "destination" sub-mode: the data model's order. */
static int
erspan_dst_rank(const char *t)
{
	static const char *const order[] = { "ip address", "ip ttl",
	    "ip dscp", "erspan-id", "mtu", "vrf", "origin", NULL };
	int i;

	for (i = 0; order[i] != NULL; i++)
		if (word(t, order[i]))
			return i;
	return i;
}

static void	put_node(struct pr *, const struct node *, int);

/* Kids of n at depth, in rank order (rank NULL: as typed). */
static void
put_ranked(struct pr *p, const struct node *n, int depth,
    int (*rank)(const char *))
{
	int r;
	size_t i;

	for (r = 0; r < 10; r++)
		for (i = 0; i < n->nkid; i++)
			if ((rank != NULL ? rank(n->kid[i]->text) : 0) == r)
				put_node(p, n->kid[i], depth);
}

/* Leaf kids of n starting with head: what follows head; how many. */
static size_t
collect(const struct node *n, const char *head, const char **rest)
{
	const char *a;
	size_t i, k = 0;

	for (i = 0; i < n->nkid; i++)
		if (n->kid[i]->nkid == 0 &&
		    (a = after(n->kid[i]->text, head)) != NULL)
			rest[k++] = a;
	return k;
}

static const char *const merged[] = {
	"source interface ", "destination interface "
};

/* Which of merged[] an IOS XE session kid is, or -1. */
static int
merged_kind(enum dialect d, const struct node *k)
{
	int m;

	for (m = 0; d == IOSXE && k->nkid == 0 && m < 2; m++)
		if (after(k->text, merged[m]) != NULL)
			return m;
	return -1;
}

/*
 * NX-OS "monitor session", IOS XE "monitor session N type ...", AOS-CX
 * "mirror session": lines in the device's order, IOS XE's ports merged
 * and shortened, the state line last or, for a shut session, absent.
 */
static void
put_session(struct pr *p, const struct node *n)
{
	const char *type = session_type(n->text), *t;
	const char **rest = xrealloc(NULL, (n->nkid + 1) * sizeof(*rest));
	const struct node *k;
	bool done[2] = { false, false };
	bool erspan_src = after(type, "type erspan-source") != NULL;
	size_t i;
	int r, m;

	put_line(p, n, 0, n->text);
	for (r = 0; r < 10; r++)
		for (i = 0; i < n->nkid; i++) {
			k = n->kid[i];
			t = k->text;
			if (session_rank(p->d, type, t) != r)
				continue;
			if ((m = merged_kind(p->d, k)) >= 0) {
				/* all of them where the first one is */
				if (!done[m])
					put_merged(p, 1, merged[m], rest,
					    collect(n, merged[m], rest),
					    m == 0);
				done[m] = true;
			} else if (p->d == NXOS && is(t, "no shutdown"))
				put_line(p, NULL, 1, "no shut");
			else if (p->d == IOSXE && is(t, "no shut"))
				put_line(p, NULL, 1, "no shutdown");
			else if (p->d == IOSXE && k->nkid > 0) {
				put_line(p, k, 1, t);
				put_ranked(p, k, 2, erspan_src &&
				    is(t, "destination") ? erspan_dst_rank :
				    NULL);
			} else
				put_node(p, k, 1);
		}
	free(rest);
}

/*
 * An interface block as typed, but for the trunk list, which IOS XE and
 * EOS print above "switchport mode trunk", NX-OS below it and AOS-CX
 * after "vlan trunk native" (with "all" when there is no list).
 */
static void
put_iface(struct pr *p, const struct node *n)
{
	const char *kw = p->d == AOSCX ? CX_TRUNK : TRUNK;
	const struct node *t = NULL, *k;
	size_t i, anchor = n->nkid;

	put_line(p, n, 0, n->text);
	for (i = 0; i < n->nkid; i++) {
		k = n->kid[i];
		/* a list devsim could not read stays as it was */
		if (t == NULL && k->nkid == 0 && k->orig == NULL &&
		    after(k->text, kw) != NULL)
			t = k;
		if (anchor == n->nkid && (p->d == AOSCX ?
		    after(k->text, CX_NATIVE) != NULL :
		    is(k->text, "switchport mode trunk")))
			anchor = i;
	}
	for (i = 0; i < n->nkid; i++) {
		k = n->kid[i];
		if (k == t) {
			if (anchor == n->nkid)
				put_trunk(p, after(t->text, kw), 1);
			continue;
		}
		if (i == anchor && t != NULL && (p->d == IOSXE || p->d == EOS))
			put_trunk(p, after(t->text, kw), 1);
		put_node(p, k, 1);
		if (i == anchor && t != NULL && (p->d == NXOS || p->d == AOSCX))
			put_trunk(p, after(t->text, kw), 1);
		else if (i == anchor && p->d == AOSCX)
			put_trunk(p, "all", 1);
	}
}

/*
 * The top-level entries from "at" on that are flat lines of the session
 * "monitor session ID" (at's): what follows "monitor session ID "; each
 * is marked done, so the session prints once, where its first line is.
 */
static size_t
flat_members(const struct node *root, size_t at, bool *done,
    const char *head, const char **rest)
{
	const struct node *k;
	const char *a;
	size_t i, n = 0;

	for (i = at; i < root->nkid; i++) {
		k = root->kid[i];
		if ((done[i] && i != at) ||
		    (k->flags & (N_SPACER | N_VERBATIM)) != 0 || k->nkid > 0 ||
		    (a = after(k->text, head)) == NULL || *a != ' ' ||
		    after(a, " type ") != NULL)
			continue;
		rest[n++] = a + 1;
		done[i] = true;
	}
	return n;
}

/*
 * A flat session, its lines in a fixed order whatever order they were
 * typed in (cat[]; anything else last).  IOS XE merges the source ports
 * into one line per direction and the destination ports into one, in
 * short names; EOS lists its sources one a line, natural-sorted.  Neither
 * prints the default direction "both".
 */
static void
put_flat(struct pr *p, const struct node *root, size_t at, bool *done)
{
	static const char *const cat_iosxe[] = { "source interface ",
	    "source vlan ", "source remote vlan ", "filter ",
	    "destination interface ", "destination remote vlan ", NULL };
	static const char *const cat_eos[] = { "ip access-group ", "source ",
	    "destination ", "truncate", "sample ", "rate-limit ",
	    "header remove ", "encapsulation ", NULL };
	const char *const *cat = p->d == IOSXE ? cat_iosxe : cat_eos;
	const char *t = root->kid[at]->text + strlen("monitor session ");
	const char **rest = xrealloc(NULL, (root->nkid + 1) * sizeof(*rest));
	const char **sel = xrealloc(NULL, (root->nkid + 1) * sizeof(*sel));
	struct buf head = { 0 }, sub = { 0 };
	struct ifname f;
	size_t i, j, n, k, len;
	int c, m, ncat;

	for (ncat = 0; cat[ncat] != NULL; ncat++)
		;
	buf_addf(&head, "monitor session %.*s", (int)strcspn(t, " "), t);
	n = flat_members(root, at, done, head.p, rest);
	/* category ncat: the lines no category names, last */
	for (c = 0; c <= ncat; c++) {
		for (i = k = 0; i < n; i++) {
			for (m = 0; m < ncat && after(rest[i], cat[m]) == NULL;
			    m++)
				;
			if (m == c)
				sel[k++] = rest[i];
		}
		if (k == 0)
			continue;
		if (p->d == IOSXE && (c == 0 || c == 4)) {
			/* ports with no option after them merge */
			for (i = j = 0; i < k; i++) {
				t = sel[i] + strlen(cat[c]);
				if (c == 0 || strchr(t, ' ') == NULL)
					sel[j++] = t;
				else {
					len = strcspn(t, " ");
					sub.len = 0;
					buf_addf(&sub, "%s %s", head.p, cat[c]);
					if (parse_name(p->d, t, len, &f))
						name_short(p->d, &f, &sub);
					else
						buf_addf(&sub, "%.*s", (int)len,
						    t);
					buf_addf(p->b, "%s%s\n", sub.p,
					    t + len);
				}
			}
			sub.len = 0;
			buf_addf(&sub, "%s %s", head.p, cat[c]);
			if (j > 0)
				put_merged(p, 0, sub.p, sel, j, c == 0);
			continue;
		}
		if (p->d == EOS && c == 1)
			qsort(sel, k, sizeof(*sel), natural_qcmp);
		for (i = 0; i < k; i++) {
			len = strlen(sel[i]);
			/* "source vlan" (IOS XE), "source" (EOS) */
			if (c == 1 && len > 5 && is(sel[i] + len - 5, " both"))
				len -= 5;
			buf_addf(p->b, "%s %.*s\n", head.p, (int)len, sel[i]);
		}
	}
	free(head.p);
	free(sub.p);
	free(rest);
	free(sel);
}

static void
put_node(struct pr *p, const struct node *n, int depth)
{
	size_t i;

	if ((n->flags & (N_SPACER | N_VERBATIM)) != 0) {
		buf_addf(p->b, "%s\n", n->orig != NULL ? n->orig : n->text);
		return;
	}
	if (depth == 0 && after(n->text, "interface ") != NULL) {
		put_iface(p, n);
		return;
	}
	if (depth == 0 && session_kind(p->d, n) != S_NONE) {
		put_session(p, n);
		return;
	}
	put_line(p, n, depth, n->text);
	for (i = 0; i < n->nkid; i++)
		put_node(p, n->kid[i], depth + 1);
}

/* The last line of b is l. */
static bool
ends_with_line(const struct buf *b, const char *l)
{
	size_t n = strlen(l);

	return b->len >= n + 1 && b->p[b->len - 1] == '\n' &&
	    strncmp(b->p + b->len - 1 - n, l, n) == 0 &&
	    (b->len == n + 1 || b->p[b->len - n - 2] == '\n');
}

static size_t
first_word(const char *t)
{
	return strcspn(t, " ");
}

/*
 * A '!' after what was typed here: IOS XE and EOS close every block and
 * every group of global lines with one.  What came from the state file
 * keeps the separators the file had.
 */
static bool
needs_bang(const struct node *n, const struct node *next)
{
	if ((n->flags & N_FRESH) == 0 || next == NULL ||
	    (next->flags & N_SPACER) != 0)
		return false;
	return n->nkid > 0 || next->nkid > 0 || (next->flags & N_FRESH) == 0 ||
	    first_word(n->text) != first_word(next->text) ||
	    strncmp(n->text, next->text, first_word(n->text)) != 0;
}

void
fm_print(struct buf *out, enum dialect d, const struct node *root,
    const char *hostname, const char *filter, int flags)
{
	struct buf body = { 0 }, e = { 0 };
	struct pr p = { d, &e };
	bool *done = xrealloc(NULL, root->nkid + 1);
	size_t i, j, fl = filter != NULL ? strlen(filter) : 0;
	const struct node *n;

	memset(done, 0, root->nkid + 1);
	buf_adds(&body, "");
	buf_adds(&e, "");
	for (i = 0; i < root->nkid; i++) {
		if (done[i])
			continue;
		n = root->kid[i];
		done[i] = true;
		if (fl > 0 && (n->flags & N_SPACER) != 0)
			continue;
		e.len = 0;
		if ((d == IOSXE || d == EOS) && is_session(d, n) &&
		    n->nkid == 0 && session_kind(d, n) == S_NONE)
			put_flat(&p, root, i, done);
		else
			put_node(&p, n, 0);
		if (fl > 0) {
			/* "interface Gi1/0/1" shows GigabitEthernet1/0/1 */
			if ((strncmp(e.p, filter, fl) == 0 &&
			    (e.p[fl] == ' ' || e.p[fl] == '\n')) ||
			    (after(filter, "interface ") != NULL &&
			    after(n->text, "interface ") != NULL &&
			    iface_same(d, n->text, filter)))
				buf_add(&body, e.p, e.len);
			continue;
		}
		/* NX-OS: a blank line before each interface and new block */
		if (d == NXOS && (after(n->text, "interface ") != NULL ||
		    ((n->flags & N_FRESH) != 0 && n->nkid > 0)) &&
		    !ends_with_line(&body, ""))
			buf_adds(&body, "\n");
		buf_add(&body, e.p, e.len);
		for (j = i + 1; j < root->nkid && done[j]; j++)
			;
		if ((d == IOSXE || d == EOS) && needs_bang(n,
		    j < root->nkid ? root->kid[j] : NULL))
			buf_adds(&body, "!\n");
	}
	if ((flags & FM_HEADER) != 0 && fl == 0 && (d == IOSXE || d == EOS) &&
	    !ends_with_line(&body, "!"))
		buf_adds(&body, "!\n");
	if ((flags & FM_HEADER) == 0)
		buf_add(out, body.p, body.len);
	else if (d == IOSXE)
		buf_addf(out, "Building configuration...\n\n"
		    "Current configuration : %zu bytes\n%send\n",
		    body.len + 4, body.p);
	else if (d == NXOS)
		buf_addf(out, "!Command: show running-config\n%s", body.p);
	else if (d == EOS)
		buf_addf(out, "! Command: show running-config\n"
		    "! device: %s (vEOS, EOS-4.23.0.1F)\n%send\n", hostname,
		    body.p);
	else
		buf_addf(out, "Current configuration:\n!\n%s", body.p);
	free(body.p);
	free(e.p);
	free(done);
}
