/*
 * cfgtree: see cfgtree.h.
 *
 * One tree holds both states.  Each node carries the text it had in the
 * running configuration (btext, NULL when the lines created it) and its
 * text now (text, with alive false once removed), so before and after are
 * two walks of the same tree.  Removing only marks a node dead: entering
 * the same text again brings it back in place, which is what keeps the
 * usual "no monitor session 2" followed by the same session lines from
 * looking like a change when the device already holds them.
 *
 * Invariants: a dead node's descendants are dead; a node brought back
 * keeps its children dead until the lines enter them again; new nodes go
 * after their siblings.  Everything lives in one arena per call.
 *
 * Top-level lookups go through hash chains (a running config has
 * thousands of top-level entries); lookups below scan a node's children,
 * which are few.
 */
#include <assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/ifname.h"
#include "push/cfgtree.h"
#include "push/cfgtree_int.h"
#include "util/arena.h"
#include "util/parse.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

int
cfg_dialect_of(const vendor_t *v)
{
	if (v == NULL || !v->has_cli)
		return -1;
	switch (v->cli.dialect) {
	case VENDOR_DIALECT_IOSXE:
		return CFG_IOSXE;
	case VENDOR_DIALECT_NXOS:
		return CFG_NXOS;
	case VENDOR_DIALECT_EOS:
		return CFG_EOS;
	case VENDOR_DIALECT_AOSCX:
		return CFG_AOSCX;
	case VENDOR_DIALECT_NONE:
		break;
	}
	return -1;
}

/* ---- small text helpers ------------------------------------------------ */

/* s is x, or x followed by a space and more words. */
static bool
names(const char *s, size_t len, const char *x, size_t xlen)
{
	return len >= xlen && memcmp(s, x, xlen) == 0 &&
	    (len == xlen || s[xlen] == ' ');
}

static size_t
first_word(const char *s, size_t len)
{
	const char *sp = memchr(s, ' ', len);

	return sp != NULL ? (size_t)(sp - s) : len;
}

bool
ct_is_shut(const char *s, size_t len)
{
	return eq(s, len, "shut") || eq(s, len, "shutdown");
}

bool
ct_is_no_shut(const char *s, size_t len)
{
	return eq(s, len, "no shut") || eq(s, len, "no shutdown");
}

/*
 * The length of "monitor session ID" or "mirror session ID" at the start
 * of s, or 0.
 */
size_t
ct_session_prefix(const char *s, size_t len)
{
	size_t n;

	if (starts(s, len, "monitor session "))
		n = sizeof("monitor session ") - 1;
	else if (starts(s, len, "mirror session "))
		n = sizeof("mirror session ") - 1;
	else
		return 0;
	if (n == len || s[n] == ' ')
		return 0;
	return n + first_word(s + n, len - n);
}

/*
 * Where the ports of a mirror source or destination line start, or 0:
 * only in a session's own lines, a flat "monitor session N source
 * interface ..." or a "source interface ..." line inside a session block
 * (IOS XE ERSPAN, NX-OS, AOS-CX), never in a description that happens to
 * say so.  EOS names the port straight after "source" or "destination".
 * *source says which of the two it is.
 */
size_t
ct_mirror_ports(cfg_dialect_t d, const node_t *parent, const char *s,
    size_t len, bool *source)
{
	static const char src[] = "source interface ",
	    dst[] = "destination interface ";
	const char *r = s;
	size_t sp = 0, rl = len;

	*source = false;
	if (parent->parent == NULL) {
		if ((sp = ct_session_prefix(s, len)) == 0 || sp == len ||
		    s[sp] != ' ')
			return 0;
		r = s + sp + 1;
		rl = len - sp - 1;
	} else if (parent->parent->parent != NULL ||
	    ct_session_prefix(parent->text, parent->len) == 0)
		return 0;
	if (starts(r, rl, src) && rl > sizeof(src) - 1) {
		*source = true;
		return (size_t)(r - s) + sizeof(src) - 1;
	}
	if (starts(r, rl, dst) && rl > sizeof(dst) - 1)
		return (size_t)(r - s) + sizeof(dst) - 1;
	if (d != CFG_EOS || sp == 0)
		return 0;
	if (starts(r, rl, "source ") && rl > 7 && isupper((unsigned char)r[7])) {
		*source = true;
		return (size_t)(r - s) + 7;
	}
	if (starts(r, rl, "destination ") && rl > 12 &&
	    isupper((unsigned char)r[12]))
		return (size_t)(r - s) + 12;
	return 0;
}

/*
 * A source line the device printed without a direction: "both" is the
 * default, and IOS XE leaves it out of show running-config, while
 * spangen's lines always say it.  The model adds it back.
 */
static bool
lacks_direction(cfg_dialect_t d, const node_t *parent, const char *s,
    size_t len)
{
	static const char *const dirs[] = { " both", " rx", " tx", NULL };
	bool source;
	size_t i, n;

	if (ct_mirror_ports(d, parent, s, len, &source) == 0 || !source)
		return false;
	for (i = 0; dirs[i] != NULL; i++) {
		n = strlen(dirs[i]);
		if (len > n && memcmp(s + len - n, dirs[i], n) == 0)
			return false;
	}
	return true;
}

static bool
next_line(struct cursor *c, struct cline *l)
{
	const char *s = c->p, *e, *nl;

	if (c->p >= c->end)
		return false;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	e = nl != NULL ? nl : c->end;
	c->p = nl != NULL ? nl + 1 : c->end;
	l->lineno = ++c->lineno;
	l->nul = memchr(s, '\0', (size_t)(e - s)) != NULL;
	l->indent = 0;
	while (s < e && (*s == ' ' || *s == '\t')) {
		s++;
		l->indent++;
	}
	/* trailing blanks and the \r of a \r\n */
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	l->s = s;
	l->len = (size_t)(e - s);
	return true;
}

/* ---- VLAN sets ---------------------------------------------------------- */

void
ct_vset_fill(vset_t *v, bool all)
{
	uint32_t i;

	memset(v->bits, 0, sizeof(v->bits));
	if (all)
		for (i = 1; i <= VLAN_MAX; i++)
			v->bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

bool
ct_vset_has(const vset_t *v, uint32_t i)
{
	return (v->bits[i / 8] >> (i % 8)) & 1;
}

bool
ct_vset_full(const vset_t *v)
{
	vset_t all;

	ct_vset_fill(&all, true);
	return memcmp(v->bits, all.bits, sizeof(all.bits)) == 0;
}

static bool
vset_empty(const vset_t *v)
{
	size_t i;

	for (i = 0; i < sizeof(v->bits); i++)
		if (v->bits[i] != 0)
			return false;
	return true;
}

/* "1-899,901", "all", "none".  0, or -1 when s is none of these forms. */
int
ct_vset_parse(vset_t *v, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *comma;
	uint32_t lo, hi, i;
	char buf[16];
	size_t n;

	if (eq(s, len, "all") || eq(s, len, "none")) {
		ct_vset_fill(v, s[0] == 'a');
		return 0;
	}
	ct_vset_fill(v, false);
	for (;;) {
		comma = memchr(p, ',', (size_t)(end - p));
		n = (size_t)((comma != NULL ? comma : end) - p);
		if (n == 0 || n >= sizeof(buf))
			return -1;
		memcpy(buf, p, n);
		buf[n] = '\0';
		if (parse_range(buf, VLAN_MAX, &lo, &hi) != 0 || lo == 0)
			return -1;
		for (i = lo; i <= hi; i++)
			v->bits[i / 8] |= (uint8_t)(1u << (i % 8));
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

void
ct_vset_format(strbuf_t *out, const vset_t *v)
{
	uint32_t i, j;
	bool first = true;

	if (vset_empty(v)) {
		strbuf_adds(out, "none");
		return;
	}
	for (i = 1; i <= VLAN_MAX; i = j + 1) {
		if (!ct_vset_has(v, i)) {
			j = i;
			continue;
		}
		for (j = i; j + 1 <= VLAN_MAX && ct_vset_has(v, j + 1); j++)
			continue;
		strbuf_addf(out, first ? "%u" : ",%u", i);
		if (j > i)
			strbuf_addf(out, "-%u", j);
		first = false;
	}
}

/* a \ b into out */
static void
vset_minus(vset_t *out, const vset_t *a, const vset_t *b)
{
	size_t i;

	for (i = 0; i < sizeof(out->bits); i++)
		out->bits[i] = a->bits[i] & (uint8_t)~b->bits[i];
}

bool
ct_trunk_dialect(cfg_dialect_t d)
{
	return d == CFG_IOSXE || d == CFG_NXOS || d == CFG_EOS;
}

/* What a dialect's trunk list lines start with. */
static const char *
trunk_pfx(cfg_dialect_t d)
{
	return d == CFG_AOSCX ? CX_TRUNK_PFX : TRUNK_PFX;
}

/* ---- the tree ----------------------------------------------------------- */

node_t *
ct_chain_find(struct tree *t, int which, const char *s, size_t len)
{
	size_t idx;

	strbuf_reset(&t->key);
	strbuf_add(&t->key, s, len);
	return strmap_get(&t->chains[which].map, strbuf_str(&t->key), &idx) ?
	    t->chains[which].head[idx] : NULL;
}

/* Appends n to the chain of k, a string that lives as long as the tree. */
static void
chain_add(struct tree *t, int which, const char *k, node_t *n)
{
	struct chains *c = &t->chains[which];
	size_t idx;

	if (strmap_get(&c->map, k, &idx)) {
		c->tail[idx]->chain[which] = n;
		c->tail[idx] = n;
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 64 : c->cap * 2;
		c->head = xreallocarray(c->head, c->cap, sizeof(*c->head));
		c->tail = xreallocarray(c->tail, c->cap, sizeof(*c->tail));
	}
	c->head[c->n] = c->tail[c->n] = n;
	(void)strmap_add(&c->map, k, c->n++);
}

static node_t *
node_add(struct tree *t, node_t *parent, const char *s, size_t len,
    bool running)
{
	node_t *n = arena_alloc(&t->arena, sizeof(*n)), **kids;
	size_t sp;

	n->text = arena_strndup(&t->arena, s, len);
	n->len = len;
	if (running) {
		n->btext = n->text;
		n->blen = len;
	}
	n->parent = parent;
	n->alive = true;
	if (parent->nkids == parent->capkids) {
		parent->capkids = parent->capkids == 0 ? 4 :
		    parent->capkids * 2;
		kids = arena_array(&t->arena, parent->capkids, sizeof(*kids));
		if (parent->nkids > 0)
			memcpy(kids, parent->kids, parent->nkids *
			    sizeof(*kids));
		parent->kids = kids;
	}
	parent->kids[parent->nkids++] = n;
	if (parent == &t->root) {
		chain_add(t, BY_TEXT, n->text, n);
		if ((sp = ct_session_prefix(s, len)) != 0)
			chain_add(t, BY_SESSION, arena_strndup(&t->arena, s,
			    sp), n);
	}
	return n;
}

static node_t *
find_alive(struct tree *t, const node_t *parent, const char *s, size_t len)
{
	node_t *n;
	size_t i;

	if (parent == &t->root) {
		for (n = ct_chain_find(t, BY_TEXT, s, len); n != NULL;
		    n = n->chain[BY_TEXT])
			if (n->alive && n->len == len &&
			    memcmp(n->text, s, len) == 0)
				return n;
		return NULL;
	}
	for (i = 0; i < parent->nkids; i++)
		if (parent->kids[i]->alive && parent->kids[i]->len == len &&
		    memcmp(parent->kids[i]->text, s, len) == 0)
			return parent->kids[i];
	return NULL;
}

static void
kill(node_t *n)
{
	size_t i;

	if (!n->alive)
		return;
	n->alive = false;
	for (i = 0; i < n->nkids; i++)
		kill(n->kids[i]);
}

/*
 * Enters s at parent's level: the live entry with that text, else a
 * removed one brought back in its old place, else a new one at the end.
 */
static node_t *
enter(struct tree *t, node_t *parent, const char *s, size_t len)
{
	node_t *n;
	size_t i;

	if ((n = find_alive(t, parent, s, len)) != NULL)
		return n;
	if (parent == &t->root) {
		for (n = ct_chain_find(t, BY_TEXT, s, len); n != NULL;
		    n = n->chain[BY_TEXT])
			if (!n->alive && n->len == len &&
			    memcmp(n->text, s, len) == 0) {
				n->alive = true;
				return n;
			}
		return node_add(t, parent, s, len, false);
	}
	for (i = 0; i < parent->nkids; i++) {
		n = parent->kids[i];
		if (!n->alive && n->len == len &&
		    memcmp(n->text, s, len) == 0) {
			n->alive = true;
			return n;
		}
	}
	return node_add(t, parent, s, len, false);
}

/* Whether s, entered under parent, puts the device in a sub-mode. */
static bool
is_opener(cfg_dialect_t d, const node_t *parent, const char *s, size_t len)
{
	size_t sp;

	if (parent->parent != NULL) {
		/* IOS XE ERSPAN sessions nest one level more */
		return d == CFG_IOSXE && parent->parent->parent == NULL &&
		    starts(parent->text, parent->len, "monitor session ") &&
		    (eq(s, len, "destination") || eq(s, len, "source"));
	}
	if (starts(s, len, "interface ") || starts(s, len, "vlan "))
		return true;
	if ((sp = ct_session_prefix(s, len)) == 0)
		return false;
	switch (d) {
	case CFG_IOSXE:
		return names(s + sp, len - sp, " type", 5);
	case CFG_NXOS:
		return starts(s, len, "monitor ") && (sp == len ||
		    names(s + sp, len - sp, " type", 5));
	case CFG_AOSCX:
		return starts(s, len, "mirror ");
	case CFG_EOS:
		break;
	}
	return false;
}

/* Whether the words after the trunk prefix edit a list ("add 901"). */
bool
ct_trunk_edit_words(const char *r, size_t rl)
{
	return starts(r, rl, "add ") || starts(r, rl, "remove ") ||
	    starts(r, rl, "except ");
}

/*
 * The one live trunk list line ("switchport trunk allowed vlan LIST", on
 * AOS-CX "vlan trunk allowed LIST") under parent, or with alive false, the
 * first removed one.
 */
static node_t *
find_trunk(cfg_dialect_t d, const node_t *parent, bool alive)
{
	const char *pfx = trunk_pfx(d), *r;
	size_t i, n = strlen(pfx), rl;
	const node_t *k;

	for (i = 0; i < parent->nkids; i++) {
		k = parent->kids[i];
		if (k->alive != alive || !starts(k->text, k->len, pfx))
			continue;
		r = k->text + n;
		rl = k->len - n;
		if (!ct_trunk_edit_words(r, rl))
			return parent->kids[i];
	}
	return NULL;
}

/*
 * The one form of a trunk list line, as trunk_edit() and cx_trunk_edit()
 * write it: ascending ranges, and on AOS-CX "all" for every VLAN (the
 * others write no line then).
 */
static void
trunk_line(strbuf_t *out, cfg_dialect_t d, const vset_t *v)
{
	strbuf_adds(out, trunk_pfx(d));
	if (d == CFG_AOSCX && ct_vset_full(v))
		strbuf_adds(out, "all");
	else
		ct_vset_format(out, v);
}

static const char *
trunk_text(struct tree *t, const vset_t *v, size_t *lenp)
{
	strbuf_t sb = STRBUF_INIT(0);
	const char *s;

	trunk_line(&sb, t->d, v);
	s = arena_strndup(&t->arena, sb.ptr, sb.len);
	*lenp = sb.len;
	strbuf_dispose(&sb);
	return s;
}

/*
 * A running-config continuation line "switchport trunk allowed vlan add
 * LIST" joins the line before it.  false when s is not one that can.
 */
static bool
merge_continuation(struct tree *t, node_t *parent, const char *s, size_t len)
{
	size_t skip = TRUNK_PFXLEN + 4, i;
	node_t *base;
	vset_t cur, more;

	if (!starts(s, len, TRUNK_PFX "add ") ||
	    ct_vset_parse(&more, s + skip, len - skip) != 0)
		return false;
	if ((base = find_trunk(t->d, parent, true)) == NULL) {
		base = node_add(t, parent, TRUNK_PFX, TRUNK_PFXLEN, true);
		ct_vset_fill(&cur, false);
	} else if (ct_vset_parse(&cur, base->text + TRUNK_PFXLEN, base->len -
	    TRUNK_PFXLEN) != 0)
		return false;
	for (i = 0; i < sizeof(cur.bits); i++)
		cur.bits[i] |= more.bits[i];
	base->text = base->btext = trunk_text(t, &cur, &base->len);
	base->blen = base->len;
	return true;
}

/* A trunk VLAN list command inside an interface, in the lines. */
static int
trunk_edit(struct tree *t, node_t *parent, const struct cline *l,
    sg_err_t *err)
{
	enum { T_SET, T_ADD, T_REMOVE, T_EXCEPT } op = T_SET;
	const char *r = l->s + TRUNK_PFXLEN;
	size_t rl = l->len - TRUNK_PFXLEN, i, len;
	vset_t arg, cur, next;
	node_t *leaf;
	const char *s;

	if (starts(r, rl, "add ")) {
		op = T_ADD;
		r += 4;
		rl -= 4;
	} else if (starts(r, rl, "remove ")) {
		op = T_REMOVE;
		r += 7;
		rl -= 7;
	} else if (starts(r, rl, "except ")) {
		op = T_EXCEPT;
		r += 7;
		rl -= 7;
	}
	if (ct_vset_parse(&arg, r, rl) != 0)
		return sg_err_set(err, SG_EINVAL, "line %zu: bad VLAN list "
		    "'%.*s'", l->lineno, (int)rl, r);
	/* no line is the device default: every VLAN */
	if ((leaf = find_trunk(t->d, parent, true)) == NULL)
		ct_vset_fill(&cur, true);
	else if (ct_vset_parse(&cur, leaf->text + TRUNK_PFXLEN, leaf->len -
	    TRUNK_PFXLEN) != 0)
		return sg_err_set(err, SG_EINVAL, "line %zu: cannot edit "
		    "'%s' from the running config", l->lineno, leaf->text);
	for (i = 0; i < sizeof(next.bits); i++)
		switch (op) {
		case T_SET:
			next.bits[i] = arg.bits[i];
			break;
		case T_ADD:
			next.bits[i] = cur.bits[i] | arg.bits[i];
			break;
		case T_REMOVE:
			next.bits[i] = cur.bits[i] & (uint8_t)~arg.bits[i];
			break;
		case T_EXCEPT:
			next.bits[i] = (uint8_t)~arg.bits[i];
			break;
		}
	next.bits[0] &= (uint8_t)~1u;		/* there is no VLAN 0 */
	next.bits[VLAN_MAX / 8] &= (uint8_t)((1u << (VLAN_MAX % 8 + 1)) - 1);
	if (memcmp(next.bits, cur.bits, sizeof(cur.bits)) == 0)
		return 0;
	if (ct_vset_full(&next)) {
		kill(leaf);	/* not NULL: cur was not full */
		return 0;
	}
	s = trunk_text(t, &next, &len);
	/*
	 * A list is one setting: a new one takes the place of a removed one,
	 * whatever VLANs that held, as it will in the device's output.
	 */
	if (leaf == NULL)
		leaf = find_trunk(t->d, parent, false);
	if (leaf != NULL) {
		leaf->alive = true;
		leaf->text = s;
		leaf->len = len;
	} else
		(void)enter(t, parent, s, len);
	return 0;
}

static bool
cx_has_native(const node_t *parent)
{
	size_t i;

	for (i = 0; i < parent->nkids; i++)
		if (parent->kids[i]->alive && starts(parent->kids[i]->text,
		    parent->kids[i]->len, "vlan trunk native "))
			return true;
	return false;
}

/*
 * AOS-CX edits a trunk's list by adding and taking out: "vlan trunk
 * allowed LIST" adds, "no vlan trunk allowed LIST" takes out, "no vlan
 * trunk allowed" (or "... all") allows every VLAN again.  The device
 * prints one line, "vlan trunk allowed all" when every VLAN is allowed; a
 * trunk port (one with a native VLAN) with no line allows every VLAN, any
 * other port none.  A port that was no trunk becomes one, with native
 * VLAN 1, which the device prints too.
 */
static int
cx_trunk_edit(struct tree *t, node_t *parent, const struct cline *l,
    sg_err_t *err)
{
	bool neg = starts(l->s, l->len, "no ");
	const char *r = l->s + (neg ? 3 : 0) + CX_TRUNK_PFXLEN - 1;
	size_t rl = l->len - (size_t)(r - l->s), i, len;
	node_t *leaf = find_trunk(t->d, parent, true);
	bool trunk = leaf != NULL || cx_has_native(parent);
	vset_t arg, cur, next;
	const char *txt;

	while (rl > 0 && *r == ' ') {
		r++;
		rl--;
	}
	if (rl == 0 && neg)
		ct_vset_fill(&arg, true);
	else if (ct_vset_parse(&arg, r, rl) != 0)
		return sg_err_set(err, SG_EINVAL, "line %zu: bad VLAN list "
		    "'%.*s'", l->lineno, (int)rl, r);
	if (leaf == NULL)
		ct_vset_fill(&cur, trunk);
	else if (ct_vset_parse(&cur, leaf->text + CX_TRUNK_PFXLEN,
	    leaf->len - CX_TRUNK_PFXLEN) != 0)
		return sg_err_set(err, SG_EINVAL, "line %zu: cannot edit "
		    "'%s' from the running config", l->lineno, leaf->text);
	if (neg && ct_vset_full(&arg))
		ct_vset_fill(&next, true);
	else
		for (i = 0; i < sizeof(next.bits); i++)
			next.bits[i] = neg ? cur.bits[i] & (uint8_t)~arg.bits[i] :
			    cur.bits[i] | arg.bits[i];
	if (memcmp(next.bits, cur.bits, sizeof(cur.bits)) == 0)
		return 0;
	if (!trunk)
		(void)enter(t, parent, "vlan trunk native 1", 19);
	if (vset_empty(&next)) {
		kill(leaf);	/* not NULL: cur was not empty */
		return 0;
	}
	txt = trunk_text(t, &next, &len);
	if (leaf == NULL)
		leaf = find_trunk(t->d, parent, false);
	if (leaf != NULL) {
		leaf->alive = true;
		leaf->text = txt;
		leaf->len = len;
	} else
		(void)enter(t, parent, txt, len);
	return 0;
}

/* The live "shut" or "shutdown" entry (no: "no shut[down]"), or NULL. */
static node_t *
find_shut(const node_t *parent, bool no)
{
	const node_t *k;
	size_t i;

	for (i = 0; i < parent->nkids; i++) {
		k = parent->kids[i];
		if (k->alive && (no ? ct_is_no_shut(k->text, k->len) :
		    ct_is_shut(k->text, k->len)))
			return parent->kids[i];
	}
	return NULL;
}

/*
 * NX-OS does not print a bare "switchport" on a switch whose ports are
 * switchports by default, so on a port that shows switchport lines
 * already, typing it changes nothing the device prints.
 */
static bool
is_switchport_already(cfg_dialect_t d, const node_t *parent, const char *s,
    size_t len)
{
	size_t i;

	if (d != CFG_NXOS || !eq(s, len, "switchport") ||
	    parent->parent == NULL || !starts(parent->text, parent->len,
	    "interface "))
		return false;
	for (i = 0; i < parent->nkids; i++)
		if (parent->kids[i]->alive && starts(parent->kids[i]->text,
		    parent->kids[i]->len, "switchport "))
			return true;
	return false;
}

/* Marks every top-level entry of the session s names. */
static void
touch_session(struct tree *t, const char *s, size_t len)
{
	size_t sp = ct_session_prefix(s, len);
	node_t *k;

	if (sp == 0)
		return;
	for (k = ct_chain_find(t, BY_SESSION, s, sp); k != NULL;
	    k = k->chain[BY_SESSION])
		k->touched = true;
}

/*
 * Applies one line of the lines under parent.  Sets *opened to the entry a
 * deeper line would go into, or NULL.
 */
static int
apply(struct tree *t, node_t *parent, const struct cline *l, node_t **opened,
    sg_err_t *err)
{
	const char *s = l->s, *x;
	bool top = parent == &t->root, shut;
	size_t len = l->len, xlen, i;
	node_t *n;

	*opened = NULL;
	if (!top && t->d == CFG_AOSCX && (starts(s, len, CX_TRUNK_PFX) ||
	    starts(s, len, "no " CX_TRUNK_PFX) ||
	    eq(s, len, "no vlan trunk allowed")))
		return cx_trunk_edit(t, parent, l, err);
	if (eq(s, len, "no") || starts(s, len, "no ")) {
		for (x = s + 2, xlen = len - 2; xlen > 0 && *x == ' '; x++)
			xlen--;
		if (xlen == 0)
			return sg_err_set(err, SG_EINVAL, "line %zu: 'no' "
			    "without a command", l->lineno);
		if (top)
			touch_session(t, x, xlen);
		/*
		 * "no shut" is a setting the device prints as such, in
		 * either spelling, and so is any "no" line it already shows.
		 */
		shut = ct_is_shut(x, xlen);
		n = shut ? find_shut(parent, true) :
		    find_alive(t, parent, s, len);
		if (n != NULL) {
			n->touched |= top;
			return 0;
		}
		for (i = 0; i < parent->nkids; i++) {
			n = parent->kids[i];
			if (n->alive && (shut ? ct_is_shut(n->text, n->len) :
			    names(n->text, n->len, x, xlen))) {
				kill(n);
				n->touched |= top;
			}
		}
		if (shut)
			enter(t, parent, s, len)->touched |= top;
		return 0;
	}
	if (ct_is_shut(s, len)) {
		if ((n = find_shut(parent, false)) == NULL) {
			while ((n = find_shut(parent, true)) != NULL) {
				kill(n);
				n->touched |= top;
			}
			n = enter(t, parent, s, len);
		}
		n->touched |= top;
		return 0;
	}
	if (!top && ct_trunk_dialect(t->d) && starts(s, len, TRUNK_PFX))
		return trunk_edit(t, parent, l, err);
	if (is_switchport_already(t->d, parent, s, len))
		return 0;
	if (top)
		touch_session(t, s, len);
	n = enter(t, parent, s, len);
	n->touched |= top;
	*opened = n;
	return 0;
}

/* ---- one meaning, one spelling ------------------------------------------ */

/*
 * A line as spangen types it and the same line as the device prints it
 * differ in spelling only: interface names are abbreviated or padded with
 * zeros, a list of sources is one line or several, a trunk list is
 * written "2,3" or "2-3".  Every line, read from the device or entered,
 * is rewritten into one spelling before it reaches the tree, so the
 * comparison sees meaning.
 */

#define RANGE_MAX	64	/* ports one printed range may stand for */

struct canon {
	strbuf_t	 buf;		/* the rewritten lines, back to back */
	size_t		*off;
	size_t		*len;
	size_t		 n;
	size_t		 cap;
};

static ifname_family_t
family_of(cfg_dialect_t d)
{
	switch (d) {
	case CFG_IOSXE:
		return IFN_IOS;
	case CFG_NXOS:
		return IFN_NXOS;
	case CFG_EOS:
		return IFN_EOS;
	case CFG_AOSCX:
		return IFN_AOSCX;
	}
	return IFN_OTHER;
}

static void
canon_push(struct canon *c, const char *s, size_t len)
{
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 8 : c->cap * 2;
		c->off = xreallocarray(c->off, c->cap, sizeof(*c->off));
		c->len = xreallocarray(c->len, c->cap, sizeof(*c->len));
	}
	c->off[c->n] = c->buf.len;
	c->len[c->n] = len;
	strbuf_add(&c->buf, s, len);
	c->n++;
}

static void
canon_reset(struct canon *c)
{
	strbuf_reset(&c->buf);
	c->n = 0;
}

static void
canon_dispose(struct canon *c)
{
	strbuf_dispose(&c->buf);
	free(c->off);
	free(c->len);
}

static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

/* The last number of a port name ("Gi1/0/12" -> 12 at offset 7), or -1. */
static long
last_number(const char *s, size_t len, size_t *at)
{
	size_t i = len;
	long v = 0;

	while (i > 0 && isdigit((unsigned char)s[i - 1]))
		i--;
	if (i == len || len - i > 4)
		return -1;
	for (*at = i; i < len; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

struct port_item {
	const char	*s;
	size_t		 len;
	long		 hi;		/* "Gi1/0/1 - 3": 3; else -1 */
};

/*
 * The ports of a printed list, "Gi1/0/1", "Gi1/0/1 , Gi1/0/3" or
 * "Gi1/0/1 - 3", into v; *tailp is what follows them (a direction, an
 * encapsulation).  -1 when the list does not parse.
 */
static int
port_list(const char *p, const char *end, struct port_item *v, size_t max,
    size_t *np, const char **tailp)
{
	size_t n, i;
	long hi;

	for (*np = 0;;) {
		n = first_word(p, (size_t)(end - p));
		/* a list ends in a port: "Gi1/0/1 , rx" or "Gi1/0/1 ," is none */
		if (n == 0 || *np == max || eq(p, n, "both") || eq(p, n, "rx") ||
		    eq(p, n, "tx") || eq(p, n, ",") || eq(p, n, "-"))
			return -1;
		v[*np].s = p;
		v[*np].len = n;
		v[(*np)++].hi = -1;
		p = skip_blanks(p + n, end);
		if (p + 1 < end && p[0] == '-' && p[1] == ' ') {
			p = skip_blanks(p + 1, end);
			n = first_word(p, (size_t)(end - p));
			for (i = 0, hi = 0; i < n && i < 5; i++) {
				if (!isdigit((unsigned char)p[i]))
					return -1;
				hi = hi * 10 + (p[i] - '0');
			}
			if (n == 0 || n > 4)
				return -1;
			v[*np - 1].hi = hi;
			p = skip_blanks(p + n, end);
		}
		if (p < end && *p == ',') {
			p = skip_blanks(p + 1, end);
			continue;
		}
		*tailp = p;
		return 0;
	}
}

/*
 * Rewrites a source or destination line: each port in canonical form,
 * and a printed list as one line per port, as spangen types them.  false
 * when the ports do not parse as a list, so the line is kept as it is.
 */
static bool
canon_ports(cfg_dialect_t d, const char *s, size_t len, size_t at,
    struct canon *c)
{
	struct port_item v[RANGE_MAX];
	strbuf_t port = STRBUF_INIT(0), line = STRBUF_INIT(0);
	const char *tail, *end = s + len;
	size_t np, i, numat = 0;
	long lo, n;
	bool ok;

	if (port_list(s + at, end, v, RANGE_MAX, &np, &tail) != 0)
		return false;
	for (i = 0, ok = true; i < np && ok; i++) {
		strbuf_reset(&port);
		(void)ifname_canon(family_of(d), v[i].s, v[i].len, &port);
		lo = v[i].hi < 0 ? -1 : last_number(port.ptr, port.len,
		    &numat);
		if (v[i].hi >= 0 && (lo < 0 || v[i].hi < lo ||
		    v[i].hi - lo >= RANGE_MAX)) {
			ok = false;
			break;
		}
		for (n = lo; n == -1 || n <= v[i].hi; n++) {
			strbuf_reset(&line);
			strbuf_add(&line, s, at);
			if (n == -1)
				strbuf_add(&line, port.ptr, port.len);
			else
				strbuf_addf(&line, "%.*s%ld", (int)numat,
				    port.ptr, n);
			if (tail < end) {
				strbuf_addc(&line, ' ');
				strbuf_add(&line, tail, (size_t)(end - tail));
			}
			canon_push(c, line.ptr, line.len);
			if (n == -1)
				break;
		}
	}
	strbuf_dispose(&port);
	strbuf_dispose(&line);
	return ok;
}

/* "interface NAME": the name in canonical form, the rest as it was. */
static void
canon_interface(cfg_dialect_t d, const char *s, size_t len, struct canon *c)
{
	const size_t skip = sizeof("interface ") - 1;
	strbuf_t line = STRBUF_INIT(0);
	size_t n = first_word(s + skip, len - skip), m;

	/* AOS-CX headers spell a LAG "lag 7" */
	if (d == CFG_AOSCX && eq(s + skip, n, "lag") && skip + n + 1 < len) {
		m = first_word(s + skip + n + 1, len - skip - n - 1);
		n += 1 + m;
	}
	strbuf_add(&line, s, skip);
	(void)ifname_canon(family_of(d), s + skip, n, &line);
	strbuf_add(&line, s + skip + n, len - skip - n);
	canon_push(c, line.ptr, line.len);
	strbuf_dispose(&line);
}

/*
 * A trunk list as the device printed it, in the one form trunk_line()
 * writes; outside AOS-CX the list of every VLAN is the default, which is
 * no line.
 */
static void
canon_trunk(cfg_dialect_t d, const char *s, size_t len, struct canon *c)
{
	size_t n = strlen(trunk_pfx(d)), rl = len - n;
	const char *r = s + n;
	strbuf_t line = STRBUF_INIT(0);
	vset_t v;

	if (ct_trunk_edit_words(r, rl) || ct_vset_parse(&v, r, rl) != 0) {
		canon_push(c, s, len);
		return;
	}
	if (d != CFG_AOSCX && ct_vset_full(&v))
		return;
	trunk_line(&line, d, &v);
	canon_push(c, line.ptr, line.len);
	strbuf_dispose(&line);
}

/* The lines s stands for, in canonical spelling, into c. */
static void
canonicalise(cfg_dialect_t d, const node_t *parent, bool running,
    const char *s, size_t len, struct canon *c)
{
	bool source;
	size_t at;

	canon_reset(c);
	if (running && memchr(s, '\0', len) != NULL)
		canon_push(c, s, len);
	else if (parent->parent == NULL && starts(s, len, "interface ") &&
	    len > 10)
		canon_interface(d, s, len, c);
	else if (running && parent->parent != NULL &&
	    parent->parent->parent == NULL && starts(s, len, trunk_pfx(d)))
		canon_trunk(d, s, len, c);
	else if ((at = ct_mirror_ports(d, parent, s, len, &source)) == 0 ||
	    !canon_ports(d, s, len, at, c)) {
		canon_reset(c);
		canon_push(c, s, len);
	}
}

static void
push(struct stack *st, node_t *n, size_t indent, bool block)
{
	if (st->n == st->cap) {
		st->cap = st->cap == 0 ? 16 : st->cap * 2;
		st->v = xreallocarray(st->v, st->cap, sizeof(*st->v));
	}
	st->v[st->n].n = n;
	st->v[st->n].indent = indent;
	st->v[st->n].block = block;
	st->n++;
}

/*
 * Reads running (running true: every line is stored as it is) or applies
 * lines to the tree.  Indentation nests; "exit" closes the innermost open
 * block after the more indented entries; "end" closes everything.
 */
int
ct_read_text(struct tree *t, const char *text, size_t len, bool running,
    sg_err_t *err)
{
	struct cursor c = { text, text + len, 0 };
	struct stack st = { NULL, 0, 0 };
	struct canon cn = { STRBUF_INIT(0), NULL, NULL, 0, 0 };
	struct cline l, one;
	node_t *parent, *n;
	char *both = NULL;
	size_t i;
	int rc = 0;

	while (next_line(&c, &l)) {
		if (l.nul && !running) {
			rc = sg_err_set(err, SG_EINVAL, "line %zu: NUL byte",
			    l.lineno);
			break;
		}
		/*
		 * Headers are skipped in the lines too: stored there, they
		 * would vanish when the device's copy is read back.
		 */
		if (l.len == 0 || l.s[0] == '!' ||
		    starts(l.s, l.len, "Building configuration") ||
		    starts(l.s, l.len, "Current configuration"))
			continue;
		if (eq(l.s, l.len, "end")) {
			st.n = 0;
			continue;
		}
		if (eq(l.s, l.len, "exit")) {
			while (st.n > 0 && (st.v[st.n - 1].indent > l.indent ||
			    !st.v[st.n - 1].block))
				st.n--;
			if (st.n == 0 && !running) {
				rc = sg_err_set(err, SG_EINVAL, "line %zu: "
				    "'exit' with no open block", l.lineno);
				break;
			}
			if (st.n > 0)
				st.n--;
			continue;
		}
		while (st.n > 0 && st.v[st.n - 1].indent >= l.indent)
			st.n--;
		parent = &t->root;
		if (st.n > 0) {
			parent = st.v[st.n - 1].n;
			st.v[st.n - 1].block = true;
		}
		canonicalise(t->d, parent, running, l.s, l.len, &cn);
		for (i = 0; i < cn.n && rc == 0; i++) {
			one = l;
			one.s = cn.buf.ptr + cn.off[i];
			one.len = cn.len[i];
			/* running and entered lines alike: the model is stable */
			if (lacks_direction(t->d, parent, one.s, one.len)) {
				both = xreallocarray(both, one.len + 6, 1);
				memcpy(both, one.s, one.len);
				memcpy(both + one.len, " both", 6);
				one.s = both;
				one.len += 5;
			}
			n = NULL;
			if (running) {
				if (parent != &t->root && ct_trunk_dialect(t->d) &&
				    merge_continuation(t, parent, one.s,
				    one.len))
					continue;
				n = node_add(t, parent, one.s, one.len, true);
			} else if ((rc = apply(t, parent, &one, &n, err)) != 0)
				break;
			if (n != NULL)
				push(&st, n, one.indent, is_opener(t->d, parent,
				    one.s, one.len));
		}
		if (rc != 0)
			break;
	}
	free(st.v);
	free(both);
	canon_dispose(&cn);
	return rc;
}

void
ct_tree_init(struct tree *t, cfg_dialect_t d)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->arena);
	t->root.alive = true;
	t->d = d;
	strbuf_init(&t->key, 0);
}

void
ct_tree_dispose(struct tree *t)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		strmap_dispose(&t->chains[i].map);
		free(t->chains[i].head);
		free(t->chains[i].tail);
	}
	strbuf_dispose(&t->key);
	arena_dispose(&t->arena);
}

void
ct_emit(strbuf_t *out, const node_t *n, size_t indent, size_t width,
    bool after)
{
	size_t i;

	if (after ? !n->alive : n->btext == NULL)
		return;
	for (i = 0; i < indent; i++)
		strbuf_addc(out, ' ');
	if (after)
		strbuf_add(out, n->text, n->len);
	else
		strbuf_add(out, n->btext, n->blen);
	strbuf_addc(out, '\n');
	for (i = 0; i < n->nkids; i++)
		ct_emit(out, n->kids[i], indent + width, width, after);
}

int
cfg_preview(cfg_dialect_t d, const char *running, size_t rlen,
    const char *lines, size_t llen, strbuf_t *before, strbuf_t *after,
    sg_err_t *err)
{
	size_t width = d == CFG_IOSXE ? 1 : 2, i;
	struct tree t;
	int rc;

	assert(d >= CFG_IOSXE && d <= CFG_AOSCX);
	strbuf_reset(before);
	strbuf_reset(after);
	ct_tree_init(&t, d);
	(void)ct_read_text(&t, running, rlen, true, NULL);
	if ((rc = ct_read_text(&t, lines, llen, false, err)) != 0)
		goto out;
	for (i = 0; i < t.root.nkids; i++)
		if (t.root.kids[i]->touched) {
			ct_emit(before, t.root.kids[i], 0, width, false);
			ct_emit(after, t.root.kids[i], 0, width, true);
		}
	if (strbuf_error(before) != 0 || strbuf_error(after) != 0) {
		rc = sg_err_set(err, SG_ETOOBIG, "managed config over %zu "
		    "bytes", strbuf_error(before) != 0 ? before->max :
		    after->max);
		goto out;
	}
	/* success */
 out:
	if (rc != 0) {
		strbuf_reset(before);
		strbuf_reset(after);
	}
	ct_tree_dispose(&t);
	return rc;
}

/* ---- is it a printout ---------------------------------------------------- */

int
cfg_check_printout(cfg_dialect_t d, const char *running, size_t len,
    sg_err_t *err)
{
	static const char *const pagers[] = { "--More--", "-- MORE --",
	    "<--- More --->" };
	struct cursor c = { running, running + len, 0 };
	const char *last = NULL;
	struct cline l;
	size_t i, lastlen = 0;

	while (next_line(&c, &l)) {
		if (l.nul)
			return sg_err_set(err, SG_EINVAL, "line %zu of the "
			    "running configuration holds a NUL byte: this is "
			    "not a printout", l.lineno);
		if (memchr(l.s, '\b', l.len) != NULL)
			return sg_err_set(err, SG_EINVAL, "line %zu of the "
			    "running configuration holds backspaces: a pager "
			    "prompt was erased, so paging is still on (check "
			    "cli.paging_off)", l.lineno);
		/* a pager prints its prompt at the start of a line */
		for (i = 0; i < sizeof(pagers) / sizeof(pagers[0]); i++)
			if (starts(l.s, l.len, pagers[i]))
				return sg_err_set(err, SG_EINVAL, "line %zu of "
				    "the running configuration holds the pager "
				    "prompt '%s': paging is still on (check "
				    "cli.paging_off)", l.lineno, pagers[i]);
		if (l.len > 0) {
			last = l.s;
			lastlen = l.len;
		}
	}
	if ((d == CFG_IOSXE || d == CFG_EOS) && (last == NULL ||
	    !eq(last, lastlen, "end")))
		return sg_err_set(err, SG_EINVAL, "the running configuration "
		    "stops before its closing 'end': it was cut short");
	return 0;
}

/* ---- comparing ----------------------------------------------------------- */

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The subtree of line v[*i] as one string with its children sorted, so
 * two trees are equal exactly when their strings are, whatever the order
 * of siblings; *i moves past the subtree.  \001 \002 \003 mark where a
 * line's children start, end each child and end them all.
 */
static char *
subtree_canon(const struct cline *v, size_t n, size_t *i)
{
	strbuf_t sb = STRBUF_INIT(0);
	size_t me = (*i)++, nkids = 0, cap = 0, k;
	char **kids = NULL;

	while (*i < n && v[*i].indent > v[me].indent) {
		if (nkids == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			kids = xreallocarray(kids, cap, sizeof(*kids));
		}
		kids[nkids++] = subtree_canon(v, n, i);
	}
	if (nkids > 1)
		qsort(kids, nkids, sizeof(*kids), str_cmp);
	strbuf_add(&sb, v[me].s, v[me].len);
	strbuf_addc(&sb, '\001');
	for (k = 0; k < nkids; k++) {
		strbuf_adds(&sb, kids[k]);
		strbuf_addc(&sb, '\002');
		free(kids[k]);
	}
	strbuf_addc(&sb, '\003');
	free(kids);
	return strbuf_detach(&sb, NULL);
}

/* The whole text so; NULL when a byte could be taken for a marker. */
static char *
text_canon(const char *text, size_t len)
{
	struct cursor c = { text, text + len, 0 };
	struct cline l, *v = NULL, top = { "", 0, 0, 0, false };
	size_t n = 1, cap = 16, i, k;
	char *s;

	for (k = 0; k < len; k++)
		if ((unsigned char)text[k] < 4)
			return NULL;
	/* a root above every line, so the top level is sorted too */
	v = xreallocarray(NULL, cap, sizeof(*v));
	v[0] = top;
	while (next_line(&c, &l)) {
		if (l.len == 0)
			continue;
		l.indent++;
		if (n == cap) {
			cap *= 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = l;
	}
	i = 0;
	s = subtree_canon(v, n, &i);
	free(v);
	return s;
}

bool
cfg_same(const char *a, size_t alen, const char *b, size_t blen)
{
	char *ca, *cb;
	bool same;

	ca = text_canon(a, alen);
	cb = text_canon(b, blen);
	/* device text with control bytes in it: the bytes decide */
	if (ca == NULL || cb == NULL)
		same = alen == blen && memcmp(a, b, alen) == 0;
	else
		same = strcmp(ca, cb) == 0;
	free(ca);
	free(cb);
	return same;
}

/* ---- the summary -------------------------------------------------------- */

/* One line of an object, nested lines written as their path. */
struct item {
	const char	*s;
	size_t		 len;
	size_t		 keylen;	/* the path and the first word */
	int		 state;		/* 0 changed, 1 in both, 2 paired */
};

struct items {
	struct item	*v;
	size_t		 n;
	size_t		 cap;
};

enum { OBJ_LEAF, OBJ_BLOCK, OBJ_SESSION };

struct obj {
	const char	*key;		/* what its lines start with */
	int		 kind;
	const char	*ifname;	/* interfaces: for the trunk lines */
	struct items	 it[2];		/* [0] before, [1] after */
	bool		 in[2];
	bool		 trunk[2];	/* a trunk VLAN list line was seen */
	vset_t		 vlans[2];
};

struct sem {
	arena_t		 arena;
	cfg_dialect_t	 d;
	strmap_t	 byname;	/* kind tag and key -> index in objs */
	struct obj	**objs;
	size_t		 nobjs;
	size_t		 cap;
};

static void
item_add(struct sem *sm, struct items *it, const char *s, size_t len,
    size_t keylen)
{
	struct item *v;

	if (it->n == it->cap) {
		it->cap = it->cap == 0 ? 8 : it->cap * 2;
		v = arena_array(&sm->arena, it->cap, sizeof(*v));
		if (it->n > 0)
			memcpy(v, it->v, it->n * sizeof(*v));
		it->v = v;
	}
	it->v[it->n].s = s;
	it->v[it->n].len = len;
	it->v[it->n].keylen = keylen;
	it->v[it->n].state = 0;
	it->n++;
}

static void
flatten(struct sem *sm, struct items *it, const node_t *n, const char *path,
    size_t plen)
{
	const node_t *k;
	const char *s;
	size_t i, len;
	char *p;

	for (i = 0; i < n->nkids; i++) {
		k = n->kids[i];
		if (plen > 0) {
			/* memcpy, not printf: device text may hold a NUL */
			len = plen + 1 + k->len;
			p = arena_alloc(&sm->arena, len + 1);
			memcpy(p, path, plen);
			p[plen] = ' ';
			memcpy(p + plen + 1, k->text, k->len);
			s = p;
		} else {
			s = k->text;
			len = k->len;
		}
		if (k->nkids == 0)
			item_add(sm, it, s, len, len - k->len +
			    first_word(k->text, k->len));
		else
			flatten(sm, it, k, s, len);
	}
}

static struct obj *
obj_get(struct sem *sm, char tag, const char *key, size_t keylen)
{
	struct obj *o, **v;
	const char *name;
	size_t idx;

	name = arena_printf(&sm->arena, "%c%.*s", tag, (int)keylen, key);
	if (strmap_get(&sm->byname, name, &idx))
		return sm->objs[idx];
	o = arena_alloc(&sm->arena, sizeof(*o));
	o->key = name + 1;
	o->kind = tag == 'S' ? OBJ_SESSION : OBJ_LEAF;
	if (sm->nobjs == sm->cap) {
		sm->cap = sm->cap == 0 ? 16 : sm->cap * 2;
		v = arena_array(&sm->arena, sm->cap, sizeof(*v));
		if (sm->nobjs > 0)
			memcpy(v, sm->objs, sm->nobjs * sizeof(*v));
		sm->objs = v;
	}
	(void)strmap_add(&sm->byname, name, sm->nobjs);
	sm->objs[sm->nobjs++] = o;
	return o;
}

static void
collect(struct sem *sm, const struct tree *t, int side)
{
	const node_t *n, *k;
	struct obj *o;
	const char *rest;
	size_t i, j, sp, rl, skip;

	for (i = 0; i < t->root.nkids; i++) {
		n = t->root.kids[i];
		if ((sp = ct_session_prefix(n->text, n->len)) != 0) {
			/* keyed "session ID" */
			skip = starts(n->text, n->len, "monitor ") ?
			    sizeof("monitor ") - 1 : sizeof("mirror ") - 1;
			o = obj_get(sm, 'S', n->text + skip, sp - skip);
			o->in[side] = true;
			rest = n->text + sp;
			rl = n->len - sp;
			while (rl > 0 && *rest == ' ') {
				rest++;
				rl--;
			}
			if (rl > 0)
				item_add(sm, &o->it[side], rest, rl,
				    first_word(rest, rl));
			flatten(sm, &o->it[side], n, NULL, 0);
			continue;
		}
		o = obj_get(sm, 'B', n->text, n->len);
		o->in[side] = true;
		if (n->nkids > 0 || is_opener(sm->d, &t->root, n->text,
		    n->len))
			o->kind = OBJ_BLOCK;
		if (!starts(n->text, n->len, "interface ") ||
		    !ct_trunk_dialect(sm->d)) {
			flatten(sm, &o->it[side], n, NULL, 0);
			continue;
		}
		o->ifname = n->text + sizeof("interface ") - 1;
		for (j = 0; j < n->nkids; j++) {
			k = n->kids[j];
			if (k->nkids == 0 && starts(k->text, k->len,
			    TRUNK_PFX) && ct_vset_parse(&o->vlans[side],
			    k->text + TRUNK_PFXLEN, k->len - TRUNK_PFXLEN) == 0)
				o->trunk[side] = true;
			else if (k->nkids == 0)
				item_add(sm, &o->it[side], k->text, k->len,
				    first_word(k->text, k->len));
			else
				flatten(sm, &o->it[side], k, k->text, k->len);
		}
	}
}

static void
join(strbuf_t *out, const struct items *it, int state)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < it->n; i++)
		if (it->v[i].state == state) {
			strbuf_addf(out, "%s%.*s", sep, (int)it->v[i].len,
			    it->v[i].s);
			sep = "; ";
		}
}

static size_t
count(const struct items *it, int state)
{
	size_t i, n = 0;

	for (i = 0; i < it->n; i++)
		n += it->v[i].state == state;
	return n;
}

static size_t
report(strbuf_t *out, struct obj *o)
{
	const char *colon = o->kind == OBJ_SESSION ? ":" : "";
	struct items *b = &o->it[0], *a = &o->it[1];
	struct item *x, *y;
	size_t i, j, nlines = 0;
	vset_t before, after, d;

	if (o->kind == OBJ_LEAF) {
		if (o->in[0] == o->in[1])
			return 0;
		strbuf_addf(out, "%s: %s\n", o->in[1] ? "add" : "remove",
		    o->key);
		return 1;
	}
	if (!o->in[1]) {
		strbuf_addf(out, "%s: remove\n", o->key);
		return 1;
	}
	if (!o->in[0]) {
		strbuf_addf(out, "%s: add%s", o->key, a->n > 0 ? colon : "");
		if (a->n > 0)
			strbuf_addc(out, ' ');
		join(out, a, 0);
		strbuf_addc(out, '\n');
		nlines++;
	} else {
		for (i = 0; i < b->n; i++)
			for (j = 0; j < a->n; j++)
				if (a->v[j].state == 0 && a->v[j].len ==
				    b->v[i].len && memcmp(a->v[j].s,
				    b->v[i].s, a->v[j].len) == 0) {
					a->v[j].state = b->v[i].state = 1;
					break;
				}
		/* the same path and first word, both with more after it */
		for (i = 0; i < b->n; i++) {
			x = &b->v[i];
			for (j = 0; x->state == 0 && x->keylen < x->len &&
			    j < a->n; j++) {
				y = &a->v[j];
				if (y->state != 0 || y->keylen != x->keylen ||
				    y->keylen >= y->len ||
				    memcmp(x->s, y->s, x->keylen) != 0)
					continue;
				x->state = y->state = 2;
				strbuf_addf(out, "%s: change%s %.*s -> %.*s\n",
				    o->key, colon, (int)x->len, x->s,
				    (int)(y->len - y->keylen - 1),
				    y->s + y->keylen + 1);
				nlines++;
			}
		}
		if (count(a, 0) > 0) {
			strbuf_addf(out, "%s: add%s ", o->key, colon);
			join(out, a, 0);
			strbuf_addc(out, '\n');
			nlines++;
		}
		if (count(b, 0) > 0) {
			strbuf_addf(out, "%s: remove%s ", o->key, colon);
			join(out, b, 0);
			strbuf_addc(out, '\n');
			nlines++;
		}
	}
	if (o->ifname == NULL)
		return nlines;
	/* no trunk line: every VLAN */
	ct_vset_fill(&before, true);
	ct_vset_fill(&after, true);
	if (o->in[0] && o->trunk[0])
		before = o->vlans[0];
	if (o->trunk[1])
		after = o->vlans[1];
	vset_minus(&d, &after, &before);
	if (!vset_empty(&d)) {
		strbuf_addf(out, "trunk %s: allow vlan ", o->ifname);
		ct_vset_format(out, &d);
		strbuf_addc(out, '\n');
		nlines++;
	}
	vset_minus(&d, &before, &after);
	if (!vset_empty(&d)) {
		strbuf_addf(out, "trunk %s: stop allowing vlan ", o->ifname);
		ct_vset_format(out, &d);
		strbuf_addc(out, '\n');
		nlines++;
	}
	return nlines;
}

size_t
cfg_semantic(cfg_dialect_t d, const char *before, size_t blen,
    const char *after, size_t alen, strbuf_t *out)
{
	struct tree tb, ta;
	struct sem sm;
	size_t i, n = 0;

	assert(d >= CFG_IOSXE && d <= CFG_AOSCX);
	ct_tree_init(&tb, d);
	ct_tree_init(&ta, d);
	(void)ct_read_text(&tb, before, blen, true, NULL);
	(void)ct_read_text(&ta, after, alen, true, NULL);
	memset(&sm, 0, sizeof(sm));
	arena_init(&sm.arena);
	sm.d = d;
	collect(&sm, &tb, 0);
	collect(&sm, &ta, 1);
	for (i = 0; i < sm.nobjs; i++)
		n += report(out, sm.objs[i]);
	strmap_dispose(&sm.byname);
	arena_dispose(&sm.arena);
	ct_tree_dispose(&tb);
	ct_tree_dispose(&ta);
	return n;
}
