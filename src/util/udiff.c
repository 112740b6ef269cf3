/*
 * udiff: see udiff.h.
 *
 * Lines are first numbered by content (equal lines share a class), so the
 * comparison works on integers.  A line whose class does not occur in the
 * other text cannot be part of any common subsequence: it is marked changed
 * up front and left out of the search, which keeps texts that differ
 * everywhere cheap.  The rest goes to Myers' O(ND) algorithm in its linear
 * space form (find a middle snake, split there, repeat on both halves),
 * with the two shortcuts libxdiff uses to bound the cost: take a long snake
 * far enough from the diagonal as the split point, and past a cost of about
 * sqrt(N) take the furthest point reached.  A global work budget backs them
 * up: once it is spent, what is left of each box is marked changed as a
 * whole.  The result is a change flag per line of each text; the hunks are
 * built from the flags.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/udiff.h"
#include "util/xmalloc.h"

#define SNAKE_CNT	20	/* a snake this long is a good split point */
#define HEUR_MIN_COST	256	/* look for such snakes past this cost */
#define K_HEUR		4
#define MIN_MAX_COST	256	/* give up a box past sqrt(N), but not sooner */
#define WORK_BUDGET	40000000u	/* steps before boxes are taken whole */

#define RED	"\033[31m"
#define GREEN	"\033[32m"
#define CYAN	"\033[36m"
#define RESET	"\033[0m"

struct line {
	const char	*p;
	size_t		 len;		/* without the newline */
};

struct text {
	struct line	*lines;
	size_t		 n;
	uint32_t	*cls;		/* class of each line */
	bool		*chg;		/* removed (in a) or added (in b) */
};

struct slot {
	uint64_t	 hash;
	const struct line *line;	/* NULL: free */
	uint32_t	 cls;
};

/* The Myers search on the lines that occur in both texts. */
struct search {
	const uint32_t	*ha, *hb;
	bool		*ca, *cb;
	long		*kvdf, *kvdb;	/* indexed by diagonal, may be < 0 */
	long		 mxcost;
	uint64_t	 work;
};

struct box {
	long		 off1, lim1, off2, lim2;
	bool		 need_min;
};

struct split {
	long		 i1, i2;
	bool		 min_lo, min_hi;
};

static void
split_lines(struct text *t, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *nl;
	size_t n = 0;

	for (nl = s; nl < end && (nl = memchr(nl, '\n', (size_t)(end - nl))) !=
	    NULL; nl++)
		n++;
	t->lines = xcalloc(n + 1, sizeof(*t->lines));
	t->n = 0;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		t->lines[t->n].p = p;
		t->lines[t->n].len = nl != NULL ? (size_t)(nl - p) :
		    (size_t)(end - p);
		t->n++;
		p = nl != NULL ? nl + 1 : end;
	}
	t->cls = xcalloc(t->n + 1, sizeof(*t->cls));
	t->chg = xcalloc(t->n + 1, sizeof(*t->chg));
}

/* Numbers the lines of both texts by content; returns the class count. */
static size_t
classify(struct text *a, struct text *b)
{
	struct text *t[2] = { a, b };
	struct slot *tab, *s;
	size_t cap = 16, ncls = 0, i, k, mask;
	const struct line *ln;
	uint64_t h;

	while (cap < 2 * (a->n + b->n))
		cap *= 2;
	tab = xcalloc(cap, sizeof(*tab));
	mask = cap - 1;
	for (k = 0; k < 2; k++)
		for (i = 0; i < t[k]->n; i++) {
			ln = &t[k]->lines[i];
			h = fnv1a(ln->p, ln->len);
			for (s = &tab[h & mask]; s->line != NULL;
			    s = &tab[(size_t)(s - tab + 1) & mask])
				if (s->hash == h && s->line->len == ln->len &&
				    memcmp(s->line->p, ln->p, ln->len) == 0)
					break;
			if (s->line == NULL) {
				s->hash = h;
				s->line = ln;
				s->cls = (uint32_t)ncls++;
			}
			t[k]->cls[i] = s->cls;
		}
	free(tab);
	return ncls;
}

/*
 * Finds where to cut the box (off1, lim1) x (off2, lim2): the middle of an
 * optimal path or, when that costs too much, a good enough point.  The
 * structure and constants follow libxdiff's xdl_split().
 */
static void
find_split(struct search *s, long off1, long lim1, long off2, long lim2,
    bool need_min, struct split *spl)
{
	const uint32_t *ha = s->ha, *hb = s->hb;
	long *kvdf = s->kvdf, *kvdb = s->kvdb;
	long dmin = off1 - lim2, dmax = lim1 - off2;
	long fmid = off1 - off2, bmid = lim1 - lim2;
	long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	long ec, d, dd, i1, i2, prev1, v, k, best, fbest, fbest1, bbest, bbest1;
	bool odd = ((fmid - bmid) & 1) != 0, got_snake;

	kvdf[fmid] = off1;
	kvdb[bmid] = lim1;
	for (ec = 1;; ec++) {
		got_snake = false;
		if (fmin > dmin)
			kvdf[--fmin - 1] = -1;
		else
			++fmin;
		if (fmax < dmax)
			kvdf[++fmax + 1] = -1;
		else
			--fmax;
		for (d = fmax; d >= fmin; d -= 2) {
			if (kvdf[d - 1] >= kvdf[d + 1])
				i1 = kvdf[d - 1] + 1;
			else
				i1 = kvdf[d + 1];
			prev1 = i1;
			i2 = i1 - d;
			while (i1 < lim1 && i2 < lim2 && ha[i1] == hb[i2]) {
				i1++;
				i2++;
			}
			s->work += (uint64_t)(i1 - prev1) + 1;
			if (i1 - prev1 > SNAKE_CNT)
				got_snake = true;
			kvdf[d] = i1;
			if (odd && bmin <= d && d <= bmax && kvdb[d] <= i1) {
				spl->i1 = i1;
				spl->i2 = i2;
				spl->min_lo = spl->min_hi = true;
				return;
			}
		}
		if (bmin > dmin)
			kvdb[--bmin - 1] = LONG_MAX;
		else
			++bmin;
		if (bmax < dmax)
			kvdb[++bmax + 1] = LONG_MAX;
		else
			--bmax;
		for (d = bmax; d >= bmin; d -= 2) {
			if (kvdb[d - 1] < kvdb[d + 1])
				i1 = kvdb[d - 1];
			else
				i1 = kvdb[d + 1] - 1;
			prev1 = i1;
			i2 = i1 - d;
			while (i1 > off1 && i2 > off2 && ha[i1 - 1] ==
			    hb[i2 - 1]) {
				i1--;
				i2--;
			}
			s->work += (uint64_t)(prev1 - i1) + 1;
			if (prev1 - i1 > SNAKE_CNT)
				got_snake = true;
			kvdb[d] = i1;
			if (!odd && fmin <= d && d <= fmax && i1 <= kvdf[d]) {
				spl->i1 = i1;
				spl->i2 = i2;
				spl->min_lo = spl->min_hi = true;
				return;
			}
		}
		if (need_min)
			continue;

		/*
		 * A long snake well along the way is where a good path goes
		 * anyway; splitting there is cheap and rarely worse.
		 */
		if (got_snake && ec > HEUR_MIN_COST) {
			best = 0;
			for (d = fmax; d >= fmin; d -= 2) {
				dd = d > fmid ? d - fmid : fmid - d;
				i1 = kvdf[d];
				i2 = i1 - d;
				v = (i1 - off1) + (i2 - off2) - dd;
				if (v > K_HEUR * ec && v > best &&
				    off1 + SNAKE_CNT <= i1 && i1 < lim1 &&
				    off2 + SNAKE_CNT <= i2 && i2 < lim2)
					for (k = 1; ha[i1 - k] == hb[i2 - k];
					    k++)
						if (k == SNAKE_CNT) {
							best = v;
							spl->i1 = i1;
							spl->i2 = i2;
							break;
						}
			}
			if (best > 0) {
				spl->min_lo = true;
				spl->min_hi = false;
				return;
			}
			for (d = bmax; d >= bmin; d -= 2) {
				dd = d > bmid ? d - bmid : bmid - d;
				i1 = kvdb[d];
				i2 = i1 - d;
				v = (lim1 - i1) + (lim2 - i2) - dd;
				if (v > K_HEUR * ec && v > best &&
				    off1 < i1 && i1 <= lim1 - SNAKE_CNT &&
				    off2 < i2 && i2 <= lim2 - SNAKE_CNT)
					for (k = 0; ha[i1 + k] == hb[i2 + k];
					    k++)
						if (k == SNAKE_CNT - 1) {
							best = v;
							spl->i1 = i1;
							spl->i2 = i2;
							break;
						}
			}
			if (best > 0) {
				spl->min_lo = false;
				spl->min_hi = true;
				return;
			}
		}
		if (ec < s->mxcost && s->work < WORK_BUDGET)
			continue;

		/* too costly: cut at the point that got furthest */
		fbest = fbest1 = -1;
		for (d = fmax; d >= fmin; d -= 2) {
			i1 = kvdf[d] < lim1 ? kvdf[d] : lim1;
			i2 = i1 - d;
			if (lim2 < i2) {
				i1 = lim2 + d;
				i2 = lim2;
			}
			if (fbest < i1 + i2) {
				fbest = i1 + i2;
				fbest1 = i1;
			}
		}
		bbest = bbest1 = LONG_MAX;
		for (d = bmax; d >= bmin; d -= 2) {
			i1 = kvdb[d] > off1 ? kvdb[d] : off1;
			i2 = i1 - d;
			if (i2 < off2) {
				i1 = off2 + d;
				i2 = off2;
			}
			if (i1 + i2 < bbest) {
				bbest = i1 + i2;
				bbest1 = i1;
			}
		}
		if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
			spl->i1 = fbest1;
			spl->i2 = fbest - fbest1;
			spl->min_lo = true;
			spl->min_hi = false;
		} else {
			spl->i1 = bbest1;
			spl->i2 = bbest - bbest1;
			spl->min_lo = false;
			spl->min_hi = true;
		}
		return;
	}
}

/*
 * Marks the changed lines of the whole search.  Boxes wait on an explicit
 * stack, since a run of lopsided cuts would nest too deep for recursion.
 */
static void
compare(struct search *s, long n1, long n2)
{
	struct box *stack, bx;
	struct split spl;
	size_t nstack = 0, cap = 64;
	long i;

	stack = xcalloc(cap, sizeof(*stack));
	stack[nstack++] = (struct box){ 0, n1, 0, n2, false };
	while (nstack > 0) {
		bx = stack[--nstack];
		while (bx.off1 < bx.lim1 && bx.off2 < bx.lim2 &&
		    s->ha[bx.off1] == s->hb[bx.off2]) {
			bx.off1++;
			bx.off2++;
		}
		while (bx.off1 < bx.lim1 && bx.off2 < bx.lim2 &&
		    s->ha[bx.lim1 - 1] == s->hb[bx.lim2 - 1]) {
			bx.lim1--;
			bx.lim2--;
		}
		if (bx.off1 < bx.lim1 && bx.off2 < bx.lim2 &&
		    s->work < WORK_BUDGET) {
			find_split(s, bx.off1, bx.lim1, bx.off2, bx.lim2,
			    bx.need_min, &spl);
			/* a cut at a corner would not shrink the box */
			if ((spl.i1 > bx.off1 || spl.i2 > bx.off2) &&
			    (spl.i1 < bx.lim1 || spl.i2 < bx.lim2)) {
				if (nstack + 2 > cap) {
					cap *= 2;
					stack = xreallocarray(stack, cap,
					    sizeof(*stack));
				}
				stack[nstack++] = (struct box){ bx.off1,
				    spl.i1, bx.off2, spl.i2, spl.min_lo };
				stack[nstack++] = (struct box){ spl.i1,
				    bx.lim1, spl.i2, bx.lim2, spl.min_hi };
				continue;
			}
		}
		for (i = bx.off1; i < bx.lim1; i++)
			s->ca[i] = true;
		for (i = bx.off2; i < bx.lim2; i++)
			s->cb[i] = true;
	}
	free(stack);
}

static long
isqrt(long n)
{
	long r = 1;

	while (r * r < n)
		r *= 2;
	while (r * r > n)
		r--;
	return r;
}

/* Sets a->chg and b->chg. */
static void
diff_lines(struct text *a, struct text *b)
{
	struct search s;
	size_t ncls, i, n1 = 0, n2 = 0;
	size_t *ia, *ib, *inb, *ina;
	uint32_t *ha, *hb;
	long *kvd, ndiags;

	ncls = classify(a, b);
	ina = xcalloc(ncls + 1, sizeof(*ina));
	inb = xcalloc(ncls + 1, sizeof(*inb));
	for (i = 0; i < a->n; i++)
		ina[a->cls[i]]++;
	for (i = 0; i < b->n; i++)
		inb[b->cls[i]]++;
	ia = xcalloc(a->n + 1, sizeof(*ia));
	ib = xcalloc(b->n + 1, sizeof(*ib));
	ha = xcalloc(a->n + 1, sizeof(*ha));
	hb = xcalloc(b->n + 1, sizeof(*hb));
	for (i = 0; i < a->n; i++)
		if (inb[a->cls[i]] == 0)
			a->chg[i] = true;
		else {
			ia[n1] = i;
			ha[n1++] = a->cls[i];
		}
	for (i = 0; i < b->n; i++)
		if (ina[b->cls[i]] == 0)
			b->chg[i] = true;
		else {
			ib[n2] = i;
			hb[n2++] = b->cls[i];
		}

	memset(&s, 0, sizeof(s));
	s.ha = ha;
	s.hb = hb;
	s.ca = xcalloc(n1 + 1, sizeof(*s.ca));
	s.cb = xcalloc(n2 + 1, sizeof(*s.cb));
	ndiags = (long)(n1 + n2) + 3;
	kvd = xcalloc((size_t)ndiags * 2, sizeof(*kvd));
	s.kvdf = kvd + n2 + 1;
	s.kvdb = kvd + ndiags + n2 + 1;
	s.mxcost = isqrt(ndiags);
	if (s.mxcost < MIN_MAX_COST)
		s.mxcost = MIN_MAX_COST;
	compare(&s, (long)n1, (long)n2);
	for (i = 0; i < n1; i++)
		if (s.ca[i])
			a->chg[ia[i]] = true;
	for (i = 0; i < n2; i++)
		if (s.cb[i])
			b->chg[ib[i]] = true;

	free(kvd);
	free(s.ca);
	free(s.cb);
	free(ha);
	free(hb);
	free(ia);
	free(ib);
	free(ina);
	free(inb);
}

/* One line of the edit script: ' ', '-' or '+', and where it stands. */
struct op {
	char		 kind;
	size_t		 ai, bi;	/* lines of a and b before this one */
};

static void
range(strbuf_t *out, char sign, size_t before, size_t count)
{
	/* GNU diff's forms: an empty range names the line before it */
	if (count == 0)
		strbuf_addf(out, " %c%zu,0", sign, before);
	else if (count == 1)
		strbuf_addf(out, " %c%zu", sign, before + 1);
	else
		strbuf_addf(out, " %c%zu,%zu", sign, before + 1, count);
}

static void
hunk(strbuf_t *out, const struct op *ops, size_t lo, size_t hi,
    const struct text *a, const struct text *b, bool colour)
{
	size_t k, na = 0, nb = 0;
	const struct line *ln;
	const char *on;

	for (k = lo; k < hi; k++) {
		na += ops[k].kind != '+';
		nb += ops[k].kind != '-';
	}
	if (colour)
		strbuf_adds(out, CYAN);
	strbuf_adds(out, "@@");
	range(out, '-', ops[lo].ai, na);
	range(out, '+', ops[lo].bi, nb);
	strbuf_adds(out, " @@");
	if (colour)
		strbuf_adds(out, RESET);
	strbuf_addc(out, '\n');
	for (k = lo; k < hi; k++) {
		ln = ops[k].kind == '+' ? &b->lines[ops[k].bi] :
		    &a->lines[ops[k].ai];
		on = ops[k].kind == '-' ? RED : ops[k].kind == '+' ? GREEN :
		    NULL;
		if (colour && on != NULL)
			strbuf_adds(out, on);
		strbuf_addc(out, ops[k].kind);
		strbuf_add(out, ln->p, ln->len);
		if (colour && on != NULL)
			strbuf_adds(out, RESET);
		strbuf_addc(out, '\n');
	}
}

size_t
udiff(strbuf_t *out, const char *a_label, const char *a, size_t alen,
    const char *b_label, const char *b, size_t blen, int context,
    bool colour)
{
	struct text ta, tb;
	struct op *ops;
	size_t nops = 0, nchg = 0, i = 0, j = 0, k, lo, hi, last, end, run;
	size_t ctx = context > 0 ? (size_t)context : 0;

	split_lines(&ta, a, alen);
	split_lines(&tb, b, blen);
	diff_lines(&ta, &tb);

	ops = xcalloc(ta.n + tb.n + 1, sizeof(*ops));
	while (i < ta.n || j < tb.n) {
		ops[nops].ai = i;
		ops[nops].bi = j;
		if (i < ta.n && ta.chg[i]) {
			ops[nops].kind = '-';
			i++;
		} else if (j < tb.n && tb.chg[j]) {
			ops[nops].kind = '+';
			j++;
		} else {
			ops[nops].kind = ' ';
			i++;
			j++;
		}
		nchg += ops[nops].kind != ' ';
		nops++;
	}

	if (nchg > 0) {
		strbuf_addf(out, "--- %s\n+++ %s\n", a_label, b_label);
		end = 0;
		for (k = 0; k < nops;) {
			while (k < nops && ops[k].kind == ' ')
				k++;
			if (k == nops)
				break;
			lo = k - (k - end < ctx ? k - end : ctx);
			/* changes closer than 2 * ctx share one hunk */
			last = k;
			while (k < nops) {
				if (ops[k].kind != ' ') {
					last = k++;
					continue;
				}
				for (run = 0; k < nops && ops[k].kind == ' ';
				    k++)
					run++;
				if (k == nops || run > 2 * ctx)
					break;
			}
			hi = last + 1 + (nops - last - 1 < ctx ?
			    nops - last - 1 : ctx);
			hunk(out, ops, lo, hi, &ta, &tb, colour);
			end = k = hi;
		}
	}

	free(ops);
	free(ta.lines);
	free(ta.cls);
	free(ta.chg);
	free(tb.lines);
	free(tb.cls);
	free(tb.chg);
	return nchg;
}
