/*
 * devsim: a network switch CLI on libssh's server API, for the integration
 * tests of spangen push.  One client at a time logs in, opens a shell with a
 * pty and types configuration lines.  The running configuration is a tree
 * kept in memory, so it outlives a connection (a client that was dropped
 * reconnects and finds what it left), is written to the --state file after
 * every change, and the commit-confirm timers of IOS XE, EOS and AOS-CX run
 * even while nobody is connected.  tests/sim/README.md has the details.
 */
#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "devsim.h"

#define MAXLINE		1024
#define PAGE_LINES	24
#define MORE		" --More-- "
#define ERASE_MORE	"\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b"
#define TRUNK		"switchport trunk allowed vlan "

enum mode { M_USER, M_EXEC, M_CONFIG };

/* A change that is undone at "at" unless confirmed; idle when snap is NULL. */
struct timer {
	struct node	*snap;		/* the config to go back to */
	double		 at;
};

/*
 * A named tree: an NX-OS or AOS-CX checkpoint, or an EOS configuration
 * session (tree: its private copy while pending; t: its commit timer).
 */
struct named {
	char		*name;
	struct node	*tree;
	struct timer	 t;
};

struct list {
	struct named	**v;
	int		  n;
};

struct relist {
	regex_t		*re;
	int		 n;
};

struct conn {
	ssh_session	 s;
	ssh_channel	 ch;
	struct ssh_server_callbacks_struct scb;
	struct ssh_channel_callbacks_struct ccb;
	bool		 authed, shell, eof, closed, bye, drop, paging;
	bool		 last_cr;
	int		 page_len;	/* 0: no paging */
	enum mode	 mode;
	struct node	*croot, *ctx;	/* the tree being configured, and where */
	struct named	*sess;		/* the EOS session being configured */
	struct buf	 in, out, cmd, pg;
	size_t		 pg_off;
	char		 line[MAXLINE + 1];
	size_t		 llen;
	char		 typed[160];	/* the prompt the current line followed */
};

static const char *const dialect_name[NDIALECT] = {
	"iosxe", "nxos", "eos", "aoscx"
};

/* Lines that open a block at the top level. */
static const char *const opener_re[NDIALECT][4] = {
	[IOSXE] = { "^interface .+", "^vlan [0-9]+$",
	    "^monitor session [0-9]+ type .+", NULL },
	[NXOS] = { "^interface .+", "^vlan [0-9]+$",
	    "^monitor session [0-9]+( type .+)?$", NULL },
	[EOS] = { "^interface .+", "^vlan [0-9]+$", NULL },
	[AOSCX] = { "^interface .+", "^vlan [0-9]+$",
	    "^mirror session [0-9]+$", NULL },
};

/*
 * Global commands typed in a sub-mode: the devices fall back to the global
 * level for them, and rendered configurations rely on it (NX-OS "no monitor
 * session 1" right after an interface's lines, EOS's flat monitor lines).
 */
static const char *const global_re[NDIALECT][3] = {
	[IOSXE] = { "^no (interface .+|vlan [0-9]+)$", "^(no )?monitor ", NULL },
	[NXOS] = { "^no (interface .+|vlan [0-9]+)$", "^(no )?monitor ", NULL },
	[EOS] = { "^no (interface .+|vlan [0-9]+)$", "^(no )?monitor ", NULL },
	[AOSCX] = { "^no (interface .+|vlan [0-9]+)$", "^(no )?mirror session ",
	    NULL },
};

static struct {
	enum dialect	 dialect;
	const char	*hostname, *ready, *state, *user, *banner;
	char		*password;
	struct relist	 reject, drop_at, drop_after, opener, global;
	long		 drops_left;
	double		 spm;		/* seconds per configured minute */
	bool		 user_mode;
	bool		 faithful;	/* print and read as the devices print */
	bool		 kbdint;	/* the password only by keyboard-interactive */
	ssh_key		*keys;
	size_t		 nkeys;
	FILE		*log;
	struct node	*running;
	char		*saved;		/* the state file's text as last written */
	struct timer	 timer;		/* IOS XE revert, AOS-CX checkpoint auto */
	struct list	 ckpt, sess;
	struct conn	*conn;		/* the connected client, if any */
} S;

static volatile sig_atomic_t stop;

static void	log_note(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
static void	exec_line(struct conn *, const char *);

static void
die(const char *what)
{
	fprintf(stderr, "devsim: %s\n", what);
	exit(2);
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		die("out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

static void
buf_grow(struct buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	(void)vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static double
mono(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
log_note(const char *fmt, ...)
{
	va_list ap;

	if (S.log == NULL)
		return;
	fputs("* ", S.log);
	va_start(ap, fmt);
	vfprintf(S.log, fmt, ap);
	va_end(ap);
	fputc('\n', S.log);
	fflush(S.log);
}

/* Rest of l after prefix p, or NULL. */
const char *
after(const char *l, const char *p)
{
	size_t n = strlen(p);

	return strncmp(l, p, n) == 0 ? l + n : NULL;
}

/* Rest of l after the words w ("" when l is just w), or NULL. */
const char *
after_word(const char *l, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(l, w, n) != 0 || (l[n] != '\0' && l[n] != ' '))
		return NULL;
	return l[n] == ' ' ? l + n + 1 : l + n;
}

bool
is(const char *l, const char *s)
{
	return strcmp(l, s) == 0;
}

static void
re_add(struct relist *r, const char *pattern, const char *what)
{
	char msg[256];
	int rc;

	r->re = xrealloc(r->re, (size_t)(r->n + 1) * sizeof(*r->re));
	if ((rc = regcomp(&r->re[r->n], pattern, REG_EXTENDED | REG_NOSUB))) {
		(void)regerror(rc, &r->re[r->n], msg, sizeof(msg));
		fprintf(stderr, "devsim: %s %s: %s\n", what, pattern, msg);
		exit(2);
	}
	r->n++;
}

static bool
re_match(const struct relist *r, const char *l)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (regexec(&r->re[i], l, 0, NULL, 0) == 0)
			return true;
	return false;
}

static void
re_free(struct relist *r)
{
	while (r->n > 0)
		regfree(&r->re[--r->n]);
	free(r->re);
}

/* "12" -> 12 in [lo, hi]; -1 for anything else. */
static long
parse_num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return errno != 0 || *end != '\0' || v < lo || v > hi ? -1 : v;
}

/* Trims and collapses blanks, so stored lines and regexes see one form. */
static void
normalize(const char *s, char *out, size_t n)
{
	size_t o = 0;
	bool gap = false;

	for (; *s != '\0' && o + 2 < n; s++) {
		if (*s == ' ' || *s == '\t') {
			gap = o > 0;
			continue;
		}
		if (gap)
			out[o++] = ' ';
		gap = false;
		out[o++] = *s;
	}
	out[o] = '\0';
}

/* --- the configuration tree --- */

struct node *
node_new(struct node *parent, const char *text)
{
	return node_insert(parent, parent != NULL ? parent->nkid : 0, text);
}

/* A new child at index i of parent (a new root without parent). */
struct node *
node_insert(struct node *parent, size_t i, const char *text)
{
	struct node *n = xrealloc(NULL, sizeof(*n));

	n->text = text != NULL ? xstrdup(text) : NULL;
	n->orig = NULL;
	n->parent = parent;
	n->kid = NULL;
	n->nkid = 0;
	n->flags = 0;
	if (parent != NULL) {
		parent->kid = xrealloc(parent->kid,
		    (parent->nkid + 1) * sizeof(*parent->kid));
		memmove(&parent->kid[i + 1], &parent->kid[i],
		    (parent->nkid - i) * sizeof(*parent->kid));
		parent->kid[i] = n;
		parent->nkid++;
	}
	return n;
}

/* New text; the line as read no longer applies, so it is dropped. */
void
node_set_text(struct node *n, const char *text)
{
	free(n->text);
	n->text = xstrdup(text);
	free(n->orig);
	n->orig = NULL;
}

void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkid; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->text);
	free(n->orig);
	free(n);
}

static struct node *
node_dup(const struct node *n, struct node *parent)
{
	struct node *d = node_new(parent, n->text);
	size_t i;

	d->orig = n->orig != NULL ? xstrdup(n->orig) : NULL;
	d->flags = n->flags;
	for (i = 0; i < n->nkid; i++)
		(void)node_dup(n->kid[i], d);
	return d;
}

void
node_unlink(struct node *n, size_t i)
{
	node_free(n->kid[i]);
	memmove(&n->kid[i], &n->kid[i + 1],
	    (n->nkid - i - 1) * sizeof(*n->kid));
	n->nkid--;
}

/* The child "text", created at the end when missing. */
static struct node *
node_get(struct node *n, const char *text)
{
	size_t i;

	for (i = 0; i < n->nkid; i++)
		if (strcmp(n->kid[i]->text, text) == 0)
			return n->kid[i];
	return node_new(n, text);
}

static void
node_remove(struct node *n, const char *text)
{
	size_t i;

	for (i = n->nkid; i-- > 0;)
		if (strcmp(n->kid[i]->text, text) == 0)
			node_unlink(n, i);
}

static void
node_emit(struct buf *b, const struct node *n, int depth, const char *eol)
{
	size_t i;

	buf_addf(b, "%*s%s%s", depth * (S.dialect == IOSXE ? 1 : 2), "",
	    n->text, eol);
	for (i = 0; i < n->nkid; i++)
		node_emit(b, n->kid[i], depth + 1, eol);
}

/*
 * The state file's form: the tree, indented, one line each; in faithful
 * mode what show running-config prints, so a captured configuration can
 * seed the simulator and the file reads like the device.
 */
static char *
tree_text(const struct node *root, size_t *len)
{
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, "");
	if (S.faithful)
		fm_print(&b, S.dialect, root, S.hostname, "", FM_HEADER);
	else
		for (i = 0; i < root->nkid; i++)
			node_emit(&b, root->kid[i], 0, "\n");
	*len = b.len;
	return b.p;
}

/*
 * Indented text to a tree.  Any indent step is accepted (a line deeper than
 * the one before is its child), so a hand-written state file need not use
 * the dialect's exact unit.
 */
static struct node *
tree_parse(const char *text)
{
	struct node *root = node_new(NULL, NULL), *stack[64];
	int depth[64], ind;
	size_t sp = 0, n;
	char raw[MAXLINE + 1], norm[MAXLINE + 1];

	stack[0] = root;
	depth[0] = -1;
	while (*text != '\0') {
		n = strcspn(text, "\n");
		(void)snprintf(raw, sizeof(raw), "%.*s", (int)n, text);
		text += text[n] == '\n' ? n + 1 : n;
		raw[strcspn(raw, "\r")] = '\0';
		for (ind = 0; raw[ind] == ' ' || raw[ind] == '\t'; ind++)
			;
		normalize(raw, norm, sizeof(norm));
		if (norm[0] == '\0' || norm[0] == '!')
			continue;
		while (sp > 0 && depth[sp] >= ind)
			sp--;
		if (sp == 63)
			sp--;
		stack[sp + 1] = node_new(stack[sp], norm);
		depth[++sp] = ind;
	}
	return root;
}

/* --- files and state --- */

static char *
read_text(const char *path)
{
	struct buf b = { 0 };
	char chunk[8192];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return NULL;
		perror(path);
		exit(2);
	}
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	(void)fclose(f);
	return b.p;
}

/* PATH.tmp then rename: a reader never sees half a file. */
static void
write_atomic(const char *path, const char *suffix, const char *text,
    size_t len)
{
	struct buf dst = { 0 }, tmp = { 0 };
	FILE *f;
	bool ok;

	buf_addf(&dst, "%s%s", path, suffix);
	buf_addf(&tmp, "%s.tmp", dst.p);
	if ((f = fopen(tmp.p, "w")) == NULL)
		perror(tmp.p);
	else {
		ok = fwrite(text, 1, len, f) == len;
		if (fclose(f) != 0 || !ok || rename(tmp.p, dst.p) != 0)
			perror(dst.p);
	}
	free(dst.p);
	free(tmp.p);
}

/* Writes the state file when the running config differs from it. */
static void
save_state(void)
{
	size_t len;
	char *t = tree_text(S.running, &len);

	if (S.saved != NULL && strcmp(S.saved, t) == 0) {
		free(t);
		return;
	}
	write_atomic(S.state, "", t, len);
	free(S.saved);
	S.saved = t;
}

/*
 * Replaces the running config and returns the old one.  A client
 * configuring the running config (a timer can fire under it) goes back to
 * the top level of the new one: its context pointed into the old tree.
 */
static struct node *
swap_running(struct node *n)
{
	struct node *old = S.running;
	struct conn *c = S.conn;

	S.running = n;
	if (c != NULL && c->mode == M_CONFIG && c->croot == old)
		c->croot = c->ctx = n;
	return old;
}

/* --- checkpoints, EOS sessions and timers --- */

static struct named *
named_find(const struct list *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->name, name) == 0)
			return l->v[i];
	return NULL;
}

static struct named *
named_add(struct list *l, const char *name, struct node *tree)
{
	struct named *e = xrealloc(NULL, sizeof(*e));

	e->name = xstrdup(name);
	e->tree = tree;
	e->t.snap = NULL;
	e->t.at = 0;
	l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = e;
	return e;
}

static void
named_del(struct list *l, struct named *e)
{
	int i;

	for (i = 0; i < l->n && l->v[i] != e; i++)
		;
	if (i == l->n)
		return;
	l->v[i] = l->v[--l->n];
	node_free(e->tree);
	node_free(e->t.snap);
	free(e->name);
	free(e);
}

/* Starts (or restarts) a timer of the given seconds. */
static void
timer_start(struct timer *t, double secs, const char *what)
{
	if (t->snap == NULL)
		t->snap = node_dup(S.running, NULL);
	t->at = mono() + secs;
	log_note("%s started: %.1f s", what, secs);
}

static bool
timer_due(const struct timer *t, double now)
{
	return t->snap != NULL && now >= t->at;
}

static void
timer_fire(struct timer *t, const char *what)
{
	node_free(swap_running(t->snap));
	t->snap = NULL;
	log_note("%s expired: running config restored", what);
	save_state();
}

static void
run_timers(void)
{
	double now = mono();
	int i;

	if (timer_due(&S.timer, now))
		timer_fire(&S.timer, S.dialect == IOSXE ? "revert timer" :
		    "checkpoint auto");
	for (i = S.sess.n; i-- > 0;)
		if (timer_due(&S.sess.v[i]->t, now)) {
			timer_fire(&S.sess.v[i]->t, "commit timer");
			named_del(&S.sess, S.sess.v[i]);
		}
}

/* Milliseconds until the next timer, at most cap. */
static int
timer_wait_ms(int cap)
{
	double now = mono(), next = now + cap / 1000.0;
	int i;

	if (S.timer.snap != NULL && S.timer.at < next)
		next = S.timer.at;
	for (i = 0; i < S.sess.n; i++)
		if (S.sess.v[i]->t.snap != NULL && S.sess.v[i]->t.at < next)
			next = S.sess.v[i]->t.at;
	return next <= now ? 0 : (int)((next - now) * 1000) + 1;
}

/* --- output --- */

static void
make_prompt(const struct conn *c, char *p, size_t n)
{
	char sess[16] = "", sub[16] = "";
	const struct node *x = c->ctx;

	if (c->mode != M_CONFIG) {
		(void)snprintf(p, n, "%.100s%c", S.hostname,
		    c->mode == M_USER ? '>' : '#');
		return;
	}
	if (c->sess != NULL)
		(void)snprintf(sess, sizeof(sess), "-s-%.6s", c->sess->name);
	if (x != c->croot && x->parent != c->croot)
		(void)snprintf(sub, sizeof(sub), "-mon-%s",
		    x->text[0] == 'd' ? "dst" : "src");
	else if (x != c->croot)
		(void)snprintf(sub, sizeof(sub), "-%s",
		    after(x->text, "interface ") != NULL ? "if" :
		    after(x->text, "vlan ") != NULL ? "vlan" : "mon");
	(void)snprintf(p, n, "%.100s(config%s%s)#", S.hostname, sess, sub);
}

static void
put_prompt(struct conn *c)
{
	char p[160];

	make_prompt(c, p, sizeof(p));
	buf_adds(&c->out, p);
}

static void
say_invalid(struct conn *c, const char *l)
{
	switch (S.dialect) {
	case IOSXE:
	case NXOS:
		buf_addf(&c->cmd, "%*s^\r\n%% Invalid %s at '^' marker.\r\n",
		    (int)strlen(c->typed), "",
		    S.dialect == IOSXE ? "input detected" : "command");
		break;
	case EOS:
		buf_adds(&c->cmd, "% Invalid input\r\n");
		break;
	default:
		buf_addf(&c->cmd, "Invalid input: %.*s\r\n",
		    (int)strcspn(l, " "), l);
	}
}

/*
 * The pending output is in c->pg from c->pg_off: the rest of it when it
 * fits the screen, else a screen less one line and the --More-- marker.
 */
static void
page_more(struct conn *c)
{
	size_t left = 0, i, end = c->pg.len, n;

	for (i = c->pg_off; i < c->pg.len; i++)
		left += c->pg.p[i] == '\n';
	if (c->page_len > 0 && left > (size_t)c->page_len) {
		n = (size_t)c->page_len - 1;
		for (end = c->pg_off; n > 0; end++)
			if (c->pg.p[end] == '\n')
				n--;
	}
	if (end > c->pg_off)
		buf_add(&c->out, c->pg.p + c->pg_off, end - c->pg_off);
	c->pg_off = end;
	if ((c->paging = c->pg_off < c->pg.len)) {
		buf_adds(&c->out, MORE);
		return;
	}
	c->pg.len = 0;
	put_prompt(c);
}

/* A key at --More--: q stops, anything else shows the next screen. */
static void
page_key(struct conn *c, unsigned char ch)
{
	buf_adds(&c->out, ERASE_MORE);
	if (ch != 'q' && ch != 'Q') {
		page_more(c);
		return;
	}
	c->paging = false;
	c->pg.len = 0;
	put_prompt(c);
}

/* Text with '\n' line ends as the terminal shows it. */
static void
add_crlf(struct buf *out, const struct buf *t)
{
	size_t i, from = 0;

	for (i = 0; i < t->len; i++)
		if (t->p[i] == '\n') {
			buf_add(out, t->p + from, i - from);
			buf_adds(out, "\r\n");
			from = i + 1;
		}
	buf_add(out, t->p + from, t->len - from);
}

static void
show_run(struct conn *c, const char *filter)
{
	static const char *const head[NDIALECT] = {
		[NXOS] = "!Command: show running-config\r\n",
		[EOS] = "! Command: show running-config\r\n",
		[AOSCX] = "Current configuration:\r\n!\r\n",
	};
	struct buf t = { 0 };
	const struct node *k;
	size_t i;

	if (S.faithful) {
		fm_print(&t, S.dialect, S.running, S.hostname, filter,
		    FM_HEADER);
		add_crlf(&c->cmd, &t);
		free(t.p);
		return;
	}
	buf_adds(&t, "");
	for (i = 0; i < S.running->nkid; i++) {
		k = S.running->kid[i];
		if (*filter != '\0' && after_word(k->text, filter) == NULL)
			continue;
		node_emit(&t, k, 0, "\r\n");
		if (S.dialect == IOSXE && k->nkid > 0)
			buf_adds(&t, "!\r\n");
	}
	if (S.dialect == IOSXE)
		buf_addf(&c->cmd, "Building configuration...\r\n\r\n"
		    "Current configuration : %zu bytes\r\n!\r\n", t.len);
	else
		buf_adds(&c->cmd, head[S.dialect]);
	buf_add(&c->cmd, t.p, t.len);
	if (S.dialect == IOSXE || S.dialect == EOS)
		buf_adds(&c->cmd, "end\r\n");
	free(t.p);
}

/* The top-level lines and blocks of monitor (mirror) session "id". */
static void
show_session(struct conn *c, const char *kw, const char *args)
{
	struct buf key = { 0 }, t = { 0 };
	size_t i, n = 0;
	int idlen = (int)strcspn(args, " ");

	buf_addf(&key, "%s%s%.*s", kw, idlen > 0 ? " " : "", idlen, args);
	if (S.faithful) {
		fm_print(&t, S.dialect, S.running, S.hostname, key.p, 0);
		n = t.len;
		add_crlf(&c->cmd, &t);
		free(t.p);
	} else {
		for (i = 0; i < S.running->nkid; i++)
			if (after_word(S.running->kid[i]->text, key.p) !=
			    NULL) {
				node_emit(&c->cmd, S.running->kid[i], 0,
				    "\r\n");
				n++;
			}
	}
	if (n == 0)
		buf_addf(&c->cmd, "%% No such session: %s\r\n", key.p);
	free(key.p);
}

static void
show(struct conn *c, const char *l)
{
	const char *a;
	int i;

	if ((a = after_word(l, "show running-config")) != NULL)
		show_run(c, a);
	else if (S.dialect != AOSCX &&
	    (a = after_word(l, "show monitor session")) != NULL)
		show_session(c, "monitor session", a);
	else if (S.dialect == AOSCX &&
	    (a = after_word(l, "show mirror")) != NULL)
		show_session(c, "mirror session", a);
	else if (S.dialect == NXOS && is(l, "show checkpoint summary")) {
		for (i = 0; i < S.ckpt.n; i++)
			buf_addf(&c->cmd, "%d) %s:\r\n", i + 1,
			    S.ckpt.v[i]->name);
	} else if (S.dialect == EOS && is(l, "show configuration sessions")) {
		buf_adds(&c->cmd, "  Name       State\r\n"
		    "  ---------- --------------------\r\n");
		for (i = 0; i < S.sess.n; i++)
			buf_addf(&c->cmd, "%c %-10s %s\r\n",
			    S.sess.v[i] == c->sess ? '*' : ' ',
			    S.sess.v[i]->name, S.sess.v[i]->t.snap != NULL ?
			    "pending-commit-timer" : "pending");
	} else
		say_invalid(c, l);
}

/* --- configuration mode --- */

static void
enter_config(struct conn *c, struct named *e)
{
	c->mode = M_CONFIG;
	c->sess = e;
	c->croot = c->ctx = e != NULL ? e->tree : S.running;
}

static void
leave_config(struct conn *c)
{
	c->mode = M_EXEC;
	c->sess = NULL;
	c->croot = c->ctx = NULL;
}

/* "all", "none" or "1-899,901"; -1 when malformed. */
int
vset_parse(struct vset *v, const char *s)
{
	char *end;
	long lo, hi;

	memset(v, 0, sizeof(*v));
	if (is(s, "none"))
		return 0;
	if (is(s, "all"))
		s = "1-4094";
	for (;;) {
		if (*s < '0' || *s > '9')
			return -1;
		lo = hi = strtol(s, &end, 10);
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				return -1;
			hi = strtol(end + 1, &end, 10);
		}
		if (lo < 1 || hi > 4094 || lo > hi)
			return -1;
		while (lo <= hi)
			v->on[lo++] = true;
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return -1;
		s = end + 1;
	}
}

void
vset_format(const struct vset *v, struct buf *b)
{
	size_t start = b->len;
	int lo, hi;

	for (lo = 1; lo <= 4094; lo = hi + 1) {
		hi = lo;
		if (!v->on[lo])
			continue;
		while (hi < 4094 && v->on[hi + 1])
			hi++;
		buf_addf(b, b->len > start ? ",%d" : "%d", lo);
		if (hi > lo)
			buf_addf(b, "-%d", hi);
	}
	if (b->len == start)
		buf_adds(b, "none");
}

bool
vset_full(const struct vset *v)
{
	int x;

	for (x = 1; x <= 4094; x++)
		if (!v->on[x])
			return false;
	return true;
}

/*
 * IOS XE, NX-OS and EOS edit a trunk's allowed list as a set:
 * "switchport trunk allowed vlan [add|remove] LIST".  Returns 1 when the
 * line was such an edit, -1 when its list is malformed, 0 otherwise.
 */
static int
trunk_edit(struct node *ctx, const char *l)
{
	struct node *leaf = NULL;
	struct vset cur, v;
	struct buf b = { 0 };
	const char *a;
	int op = 0, x;		/* +1 add, -1 remove, 0 replace */
	size_t i;

	if (S.dialect == AOSCX || ctx->text == NULL ||
	    after(ctx->text, "interface ") == NULL ||
	    (a = after(l, TRUNK)) == NULL)
		return 0;
	if (after(a, "add ") != NULL)
		op = 1, a += 4;
	else if (after(a, "remove ") != NULL)
		op = -1, a += 7;
	if (vset_parse(&v, a) != 0)
		return -1;
	for (i = 0; i < ctx->nkid && leaf == NULL; i++)
		if (after(ctx->kid[i]->text, TRUNK) != NULL)
			leaf = ctx->kid[i];
	/* no list yet: the trunk allows every VLAN, for removal */
	if (leaf == NULL || vset_parse(&cur, leaf->text + strlen(TRUNK)) != 0)
		(void)vset_parse(&cur, leaf == NULL && op < 0 ? "all" : "none");
	for (x = 1; x <= 4094; x++)
		if (op == 0)
			cur.on[x] = v.on[x];
		else if (v.on[x])
			cur.on[x] = op > 0;
	buf_adds(&b, TRUNK);
	vset_format(&cur, &b);
	if (leaf == NULL)
		leaf = node_new(ctx, "");
	free(leaf->text);
	leaf->text = b.p;
	return 1;
}

/* Both "interface ..." lines, naming one port however it is spelt. */
static bool
same_iface(const char *a, const char *b)
{
	return after(a, "interface ") != NULL &&
	    after(b, "interface ") != NULL && iface_same(S.dialect, a, b);
}

/* node_get, marking what it creates as typed here. */
static struct node *
node_add(struct node *n, const char *text)
{
	size_t had = n->nkid;
	struct node *k = node_get(n, text);

	if (n->nkid > had)
		k->flags |= N_FRESH;
	return k;
}

/*
 * The block an opener enters: "interface Gi1/0/1" finds the block of
 * GigabitEthernet1/0/1.
 */
static struct node *
enter_block(struct node *ctx, const char *l)
{
	size_t i;

	for (i = 0; i < ctx->nkid; i++)
		if (same_iface(ctx->kid[i]->text, l))
			return ctx->kid[i];
	return node_add(ctx, l);
}

/*
 * "no X" removes every line or block at this level that is X or starts
 * with "X "; "no shut(down)" in a block is a setting, stored as a line.
 */
static void
config_no(struct conn *c, const char *l)
{
	const char *x = l + 3;
	size_t i;

	if (c->ctx != c->croot && (is(x, "shut") || is(x, "shutdown"))) {
		node_remove(c->ctx, "shut");
		node_remove(c->ctx, "shutdown");
		(void)node_get(c->ctx, l);
		return;
	}
	for (i = c->ctx->nkid; i-- > 0;)
		if (after_word(c->ctx->kid[i]->text, x) != NULL ||
		    same_iface(c->ctx->kid[i]->text, x))
			node_unlink(c->ctx, i);
}

/* "HH:MM:SS", each part one or two digits, nothing after it. */
static bool
hms(const char *a, unsigned *h, unsigned *m, unsigned *s)
{
	unsigned *part[3] = { h, m, s };
	size_t i, digits;

	for (i = 0; i < 3; i++) {
		*part[i] = 0;
		for (digits = 0; *a >= '0' && *a <= '9' && digits < 2;
		    digits++, a++)
			*part[i] = *part[i] * 10 + (unsigned)(*a - '0');
		if (digits == 0 || *a != (i < 2 ? ':' : '\0'))
			return false;
		if (i < 2)
			a++;
	}
	return true;
}

/* EOS commit, commit timer and abort; true when l was one of those. */
static bool
eos_session_line(struct conn *c, const char *l)
{
	struct named *e = c->sess;
	const char *a = after(l, "commit timer ");
	unsigned h = 0, m = 0, s = 0;

	if (!is(l, "commit") && !is(l, "abort") && a == NULL)
		return false;
	if (e == NULL || (a != NULL && (!hms(a, &h, &m, &s) || m > 59 ||
	    s > 59 || h > 24))) {
		say_invalid(c, l);
		return true;
	}
	leave_config(c);
	log_note("session %s: %s", e->name, l);
	if (is(l, "abort")) {
		named_del(&S.sess, e);
		return true;
	}
	/* commit: the running config becomes the session's copy */
	e->t.snap = swap_running(e->tree);
	e->tree = NULL;
	e->t.at = mono() + (h * 3600.0 + m * 60.0 + s) * S.spm / 60.0;
	if (a == NULL)
		named_del(&S.sess, e);
	return true;
}

/* The block an IOS XE ERSPAN session's "source"/"destination" opens in. */
static struct node *
erspan_nest(const struct conn *c, const char *l)
{
	struct node *s = c->ctx;

	if (S.dialect != IOSXE || s == c->croot ||
	    (!is(l, "source") && !is(l, "destination")))
		return NULL;
	if (s->parent != c->croot)
		s = s->parent;
	if (after(s->text, "monitor session ") == NULL ||
	    strstr(s->text, " type ") == NULL)
		return NULL;
	return s;
}

/* A configuration line in the model's form, at the level it belongs to. */
static void
config_apply(struct conn *c, const char *l)
{
	size_t i;
	int r;

	if (c->ctx != c->croot && (re_match(&S.global, l) ||
	    re_match(&S.opener, l)))
		c->ctx = c->croot;
	if (re_match(&S.opener, l))
		c->ctx = enter_block(c->ctx, l);
	else if ((r = S.faithful ? fm_trunk_edit(S.dialect, c->ctx, l) :
	    trunk_edit(c->ctx, l)) < 0)
		say_invalid(c, l);
	else if (r > 0)
		return;
	else if (after(l, "no ") != NULL)
		config_no(c, l);
	else {
		if (c->ctx != c->croot &&
		    (is(l, "shut") || is(l, "shutdown"))) {
			node_remove(c->ctx, "no shut");
			node_remove(c->ctx, "no shutdown");
		}
		/* a port is a source once per session: a new direction
		 * replaces the old one */
		for (i = c->ctx->nkid; S.faithful && i-- > 0;)
			if (fm_replaces(l, c->ctx->kid[i]->text))
				node_unlink(c->ctx, i);
		(void)node_add(c->ctx, l);
	}
}

/* Faithful mode: the typed line becomes the model's line or lines. */
static void
config_canon(struct conn *c, const char *l)
{
	struct buf out = { 0 };
	char *p, *nl;

	buf_adds(&out, "");
	if (fm_canon(S.dialect, c->ctx, l, &out) < 0)
		say_invalid(c, l);
	else
		for (p = out.p; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
			*nl = '\0';
			config_apply(c, p);
		}
	free(out.p);
}

static void
config_line(struct conn *c, const char *l)
{
	struct node *n;
	const char *a;

	if (re_match(&S.reject, l)) {
		log_note("rejected: %s", l);
		say_invalid(c, l);
	} else if (is(l, "end"))
		leave_config(c);
	else if (is(l, "exit")) {
		if (c->ctx != c->croot)
			c->ctx = c->ctx->parent;
		else
			leave_config(c);
	} else if ((a = after(l, "do ")) != NULL)
		exec_line(c, a);
	else if (after_word(l, "show") != NULL)
		exec_line(c, l);
	else if (S.dialect == EOS && eos_session_line(c, l))
		return;
	else if ((n = erspan_nest(c, l)) != NULL)
		c->ctx = node_add(n, l);
	else if (S.faithful)
		config_canon(c, l);
	else
		config_apply(c, l);
}

/* --- exec mode --- */

static bool
is_write(const char *l)
{
	return is(l, "write memory") || is(l, "write") ||
	    is(l, "copy running-config startup-config");
}

static void
do_write(struct conn *c)
{
	static const char *const said[NDIALECT] = {
		[IOSXE] = "Building configuration...\r\n[OK]\r\n",
		[NXOS] = "[########################################] 100%\r\n"
		    "Copy complete.\r\n",
		[EOS] = "Copy completed successfully.\r\n",
		[AOSCX] = "Configuration changes will take time to process, "
		    "please be patient.\r\n",
	};
	size_t len;
	char *t = tree_text(S.running, &len);

	write_atomic(S.state, ".startup", t, len);
	free(t);
	log_note("running config saved to startup");
	buf_adds(&c->cmd, said[S.dialect]);
}

/* NX-OS checkpoints and rollback; true when l was one of those. */
static bool
nxos_exec(struct conn *c, const char *l)
{
	struct named *k;
	const char *a;

	if ((a = after(l, "checkpoint ")) != NULL && strchr(a, ' ') == NULL) {
		if (named_find(&S.ckpt, a) != NULL)
			buf_adds(&c->cmd, "% Checkpoint name already in use\r\n");
		else {
			(void)named_add(&S.ckpt, a, node_dup(S.running, NULL));
			buf_adds(&c->cmd, "...........Done\r\n");
		}
		return true;
	}
	if ((a = after(l, "no checkpoint ")) == NULL &&
	    (a = after(l, "rollback running-config checkpoint ")) == NULL)
		return false;
	if ((k = named_find(&S.ckpt, a)) == NULL)
		buf_addf(&c->cmd, "%% Checkpoint %s not found\r\n", a);
	else if (l[0] == 'n')
		named_del(&S.ckpt, k);
	else {
		node_free(swap_running(node_dup(k->tree, NULL)));
		log_note("rolled back to checkpoint %s", a);
		buf_adds(&c->cmd, "Collecting Running-Config\r\n"
		    "Generating Rollback Patch\r\nExecuting Rollback Patch\r\n"
		    "Rollback completed successfully.\r\n");
	}
	return true;
}

/* EOS "configure session NAME [commit|abort]". */
static void
eos_configure_session(struct conn *c, const char *a)
{
	char name[64];
	const char *rest;
	struct named *e;
	size_t n = strcspn(a, " ");

	(void)snprintf(name, sizeof(name), "%.*s", (int)n, a);
	rest = a[n] == ' ' ? a + n + 1 : a + n;
	e = named_find(&S.sess, name);
	if (n == 0 || n >= sizeof(name) ||
	    (*rest != '\0' && !is(rest, "commit") && !is(rest, "abort")))
		say_invalid(c, a);
	else if (*rest == '\0' && e != NULL && e->t.snap != NULL)
		buf_addf(&c->cmd, "%% Session %s has a commit timer pending\r\n",
		    name);
	else if (*rest == '\0')
		enter_config(c, e != NULL ? e : named_add(&S.sess, name,
		    node_dup(S.running, NULL)));
	else if (e == NULL)
		buf_addf(&c->cmd, "%% Session %s not found\r\n", name);
	else {
		/* commit of a pending session applies it; of a timed one,
		 * confirms it.  abort of a timed one undoes it now. */
		if (is(rest, "commit") && e->t.snap == NULL) {
			node_free(swap_running(e->tree));
			e->tree = NULL;
		} else if (is(rest, "abort") && e->t.snap != NULL) {
			node_free(swap_running(e->t.snap));
			e->t.snap = NULL;
		}
		log_note("configure session %s %s", name, rest);
		named_del(&S.sess, e);
	}
}

/* IOS XE "configure confirm", AOS-CX "checkpoint auto confirm". */
static void
timer_confirm(struct conn *c, const char *what)
{
	if (S.timer.snap == NULL) {
		buf_addf(&c->cmd, "%% No %s pending\r\n", what);
		return;
	}
	node_free(S.timer.snap);
	S.timer.snap = NULL;
	log_note("%s confirmed", what);
}

static void
exec_line(struct conn *c, const char *l)
{
	const char *a;
	long n;

	if (c->mode == M_CONFIG && after_word(l, "show") == NULL &&
	    !is_write(l))
		say_invalid(c, l);
	else if (is(l, "exit") || is(l, "logout"))
		c->bye = true;
	else if (is(l, "enable"))
		c->mode = M_EXEC;
	else if (S.dialect != AOSCX &&
	    (a = after(l, "terminal length ")) != NULL &&
	    (n = parse_num(a, 0, 512)) >= 0)
		c->page_len = n == 0 ? 0 : n < 2 ? 2 : (int)n;
	else if (S.dialect == AOSCX && (is(l, "no page") || is(l, "page")))
		c->page_len = is(l, "page") ? PAGE_LINES : 0;
	else if (after_word(l, "show") != NULL)
		show(c, l);
	else if (c->mode == M_USER)
		say_invalid(c, l);
	else if (is_write(l))
		do_write(c);
	else if (is(l, "configure terminal") ||
	    (S.dialect == AOSCX && is(l, "config")))
		enter_config(c, NULL);
	else if (S.dialect == IOSXE &&
	    (a = after(l, "configure terminal revert timer ")) != NULL &&
	    (n = parse_num(a, 1, 120)) > 0) {
		timer_start(&S.timer, (double)n * S.spm, "revert timer");
		enter_config(c, NULL);
	} else if (S.dialect == IOSXE && is(l, "configure confirm"))
		timer_confirm(c, "Rollback Confirmed Change");
	else if (S.dialect == NXOS && nxos_exec(c, l))
		return;
	else if (S.dialect == EOS &&
	    (a = after(l, "configure session ")) != NULL)
		eos_configure_session(c, a);
	else if (S.dialect == AOSCX && is(l, "checkpoint auto confirm"))
		timer_confirm(c, "checkpoint auto");
	else if (S.dialect == AOSCX &&
	    (a = after(l, "checkpoint auto ")) != NULL &&
	    (n = parse_num(a, 1, 60)) > 0)
		timer_start(&S.timer, (double)n * S.spm, "checkpoint auto");
	else if (S.dialect == AOSCX &&
	    (a = after(l, "copy running-config checkpoint ")) != NULL &&
	    strchr(a, ' ') == NULL) {
		named_del(&S.ckpt, named_find(&S.ckpt, a));
		(void)named_add(&S.ckpt, a, node_dup(S.running, NULL));
		buf_adds(&c->cmd, "Copying configuration: [Success]\r\n");
	} else
		say_invalid(c, l);
}

/* --- the terminal --- */

static bool
drop_here(const struct relist *r, const char *l, const char *how)
{
	if (S.drops_left <= 0 || !re_match(r, l))
		return false;
	S.drops_left--;
	log_note("dropping the connection %s: %s", how, l);
	return true;
}

static void
end_line(struct conn *c)
{
	char norm[MAXLINE + 1];
	size_t mark = c->out.len;
	struct buf t;

	c->line[c->llen] = '\0';
	c->llen = 0;
	if (S.log != NULL) {
		fprintf(S.log, "< %s\n", c->line);
		fflush(S.log);
	}
	normalize(c->line, norm, sizeof(norm));
	if ((c->drop = drop_here(&S.drop_at, norm, "at")))
		return;
	buf_adds(&c->out, "\r\n");
	make_prompt(c, c->typed, sizeof(c->typed));
	c->cmd.len = 0;
	/* blank lines and '!' comments only get a new prompt */
	if (norm[0] != '\0' && norm[0] != '!') {
		if (c->mode == M_CONFIG)
			config_line(c, norm);
		else
			exec_line(c, norm);
	}
	save_state();
	if ((c->drop = drop_here(&S.drop_after, norm, "after"))) {
		/* the line took effect but its answer never leaves */
		c->out.len = mark;
		return;
	}
	if (c->bye) {
		buf_add(&c->out, c->cmd.p, c->cmd.len);
		return;
	}
	t = c->pg;
	c->pg = c->cmd;
	c->cmd = t;
	c->pg_off = 0;
	page_more(c);
}

/* One typed byte, echoed back as a device's terminal does. */
static void
key(struct conn *c, unsigned char ch)
{
	if (c->last_cr && ch == '\n') {
		c->last_cr = false;
		return;
	}
	c->last_cr = ch == '\r';
	if (c->paging)
		page_key(c, ch);
	else if (ch == '\r' || ch == '\n')
		end_line(c);
	else if (ch == 0x7f || ch == '\b') {
		if (c->llen > 0) {
			c->llen--;
			buf_adds(&c->out, "\b \b");
		}
	} else if ((ch >= 0x20 || ch == '\t') && c->llen < MAXLINE) {
		c->line[c->llen++] = (char)ch;
		buf_add(&c->out, &ch, 1);
	}
}

/* --- libssh callbacks --- */

static bool
user_ok(const char *user)
{
	return S.user == NULL || (user != NULL && strcmp(user, S.user) == 0);
}

static int
cb_password(ssh_session s, const char *user, const char *pw, void *ud)
{
	(void)s;
	if (S.password == NULL || S.kbdint || !user_ok(user) ||
	    strcmp(pw, S.password)) {
		log_note("password refused for %s", user);
		return SSH_AUTH_DENIED;
	}
	((struct conn *)ud)->authed = true;
	log_note("password login as %s", user);
	return SSH_AUTH_SUCCESS;
}

/*
 * Keyboard-interactive, the way many switches ask for the password: one
 * "Password:" prompt without echo.  libssh's server callbacks have no slot
 * for it, so it comes as a message; 0 means answered, 1 "reply default"
 * (a refusal).
 */
static int
cb_message(ssh_session s, ssh_message msg, void *ud)
{
	/* libssh takes these without const */
	const char *prompts[] = { "Password: " };
	char echo[] = { 0 };
	const char *user = ssh_message_auth_user(msg), *answer;

	if (ssh_message_type(msg) != SSH_REQUEST_AUTH ||
	    ssh_message_subtype(msg) != SSH_AUTH_METHOD_INTERACTIVE ||
	    !S.kbdint || S.password == NULL)
		return 1;
	if (!ssh_message_auth_kbdint_is_response(msg)) {
		if (!user_ok(user))
			return 1;
		return ssh_message_auth_interactive_request(msg, "", "", 1,
		    prompts, echo) == SSH_OK ? 0 : 1;
	}
	if (ssh_userauth_kbdint_getnanswers(s) != 1 ||
	    (answer = ssh_userauth_kbdint_getanswer(s, 0)) == NULL ||
	    strcmp(answer, S.password) != 0) {
		log_note("keyboard-interactive refused");
		return 1;
	}
	if (ssh_message_auth_reply_success(msg, 0) != SSH_OK)
		return 1;
	((struct conn *)ud)->authed = true;
	log_note("keyboard-interactive login");
	return 0;
}

static int
cb_pubkey(ssh_session s, const char *user, struct ssh_key_struct *key,
    char state, void *ud)
{
	size_t i;

	(void)s;
	for (i = 0; i < S.nkeys; i++)
		if (ssh_key_cmp(S.keys[i], key, SSH_KEY_CMP_PUBLIC) == 0)
			break;
	if (!user_ok(user) || i == S.nkeys)
		return SSH_AUTH_DENIED;
	/* a probe (state none) is answered "this key would do" */
	if (state == SSH_PUBLICKEY_STATE_NONE)
		return SSH_AUTH_SUCCESS;
	if (state != SSH_PUBLICKEY_STATE_VALID)
		return SSH_AUTH_DENIED;
	((struct conn *)ud)->authed = true;
	log_note("publickey login as %s", user);
	return SSH_AUTH_SUCCESS;
}

static ssh_channel
cb_channel_open(ssh_session s, void *ud)
{
	struct conn *c = ud;

	if (!c->authed || c->ch != NULL || (c->ch = ssh_channel_new(s)) == NULL)
		return NULL;
	(void)ssh_set_channel_callbacks(c->ch, &c->ccb);
	return c->ch;
}

/* Input is only queued here and handled by the main loop. */
static int
cb_data(ssh_session s, ssh_channel ch, void *data, uint32_t len,
    int is_stderr, void *ud)
{
	(void)s, (void)ch, (void)is_stderr;
	buf_add(&((struct conn *)ud)->in, data, len);
	return (int)len;
}

static int
cb_pty(ssh_session s, ssh_channel ch, const char *term, int w, int h,
    int pxw, int pxh, void *ud)
{
	(void)s, (void)ch, (void)term, (void)w, (void)h, (void)pxw, (void)pxh;
	(void)ud;
	return 0;
}

static int
cb_shell(ssh_session s, ssh_channel ch, void *ud)
{
	(void)s, (void)ch;
	((struct conn *)ud)->shell = true;
	return 0;
}

static int
cb_winch(ssh_session s, ssh_channel ch, int w, int h, int pxw, int pxh,
    void *ud)
{
	(void)s, (void)ch, (void)w, (void)h, (void)pxw, (void)pxh, (void)ud;
	return 0;
}

static int
cb_env(ssh_session s, ssh_channel ch, const char *name, const char *value,
    void *ud)
{
	(void)s, (void)ch, (void)name, (void)value, (void)ud;
	return 0;
}

/* EOF from the client: the session ends once its input is read. */
static void
cb_eof(ssh_session s, ssh_channel ch, void *ud)
{
	(void)s, (void)ch;
	((struct conn *)ud)->eof = true;
}

static void
cb_close(ssh_session s, ssh_channel ch, void *ud)
{
	(void)s, (void)ch;
	((struct conn *)ud)->closed = true;
}

/* --- connections --- */

static void
flush_out(struct conn *c)
{
	if (c->out.len > 0 && c->ch != NULL && ssh_channel_is_open(c->ch))
		(void)ssh_channel_write(c->ch, c->out.p, (uint32_t)c->out.len);
	c->out.len = 0;
}

static bool
gone(ssh_session s)
{
	return (ssh_get_status(s) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0;
}

/* The banner, its lines ending in CR LF, then the first prompt. */
static void
greet(struct conn *c)
{
	const char *b = S.banner != NULL ? S.banner : "";

	for (; *b != '\0'; b++) {
		if (*b == '\n' && (b == S.banner || b[-1] != '\r'))
			buf_adds(&c->out, "\r");
		buf_add(&c->out, b, 1);
	}
	if (c->out.len > 0 && b[-1] != '\n')
		buf_adds(&c->out, "\r\n");
	put_prompt(c);
}

/* Input is taken out of c->in first: a write may add to it. */
static void
feed(struct conn *c)
{
	struct buf in = c->in;
	size_t i;

	c->in = (struct buf){ 0 };
	for (i = 0; i < in.len && !c->drop && !c->bye; i++)
		key(c, (unsigned char)in.p[i]);
	free(in.p);
}

static void
serve(ssh_bind bind, int fd)
{
	struct conn *c = calloc(1, sizeof(*c));
	ssh_event ev = NULL;
	long tmo = 10;
	double until;
	int rc;

	if (c == NULL)
		die("out of memory");
	c->page_len = PAGE_LINES;
	c->mode = S.user_mode ? M_USER : M_EXEC;
	c->scb = (struct ssh_server_callbacks_struct){ .userdata = c,
	    .auth_password_function = cb_password,
	    .auth_pubkey_function = cb_pubkey,
	    .channel_open_request_session_function = cb_channel_open };
	/* exec and subsystem have no callback: libssh refuses them */
	c->ccb = (struct ssh_channel_callbacks_struct){ .userdata = c,
	    .channel_data_function = cb_data,
	    .channel_pty_request_function = cb_pty,
	    .channel_shell_request_function = cb_shell,
	    .channel_pty_window_change_function = cb_winch,
	    .channel_env_request_function = cb_env,
	    .channel_eof_function = cb_eof,
	    .channel_close_function = cb_close };
	ssh_callbacks_init(&c->scb);
	ssh_callbacks_init(&c->ccb);
	if ((c->s = ssh_new()) == NULL)
		die("cannot create an SSH session");
	if (ssh_bind_accept_fd(bind, c->s, fd) != SSH_OK) {
		log_note("accept failed: %s", ssh_get_error(bind));
		if (ssh_get_fd(c->s) != fd)
			(void)close(fd);
		goto out;
	}
	(void)ssh_options_set(c->s, SSH_OPTIONS_TIMEOUT, &tmo);
	(void)ssh_set_server_callbacks(c->s, &c->scb);
	ssh_set_message_callback(c->s, cb_message, c);
	ssh_set_auth_methods(c->s,
	    (S.password != NULL ? S.kbdint ? SSH_AUTH_METHOD_INTERACTIVE :
	    SSH_AUTH_METHOD_PASSWORD : 0) |
	    (S.nkeys > 0 ? SSH_AUTH_METHOD_PUBLICKEY : 0));
	if (ssh_handle_key_exchange(c->s) != SSH_OK) {
		log_note("key exchange failed: %s", ssh_get_error(c->s));
		goto out;
	}
	if ((ev = ssh_event_new()) == NULL ||
	    ssh_event_add_session(ev, c->s) != SSH_OK)
		die("cannot poll an SSH session");
	S.conn = c;
	/* login, channel and shell; a client that stalls is let go */
	for (until = mono() + 30; !c->shell;) {
		rc = ssh_event_dopoll(ev, timer_wait_ms(100));
		run_timers();
		if (stop || rc == SSH_ERROR || gone(c->s) || mono() > until)
			goto out;
	}
	log_note("shell started");
	greet(c);
	flush_out(c);
	while (!stop) {
		rc = ssh_event_dopoll(ev, timer_wait_ms(50));
		run_timers();
		feed(c);
		flush_out(c);
		if (c->drop) {
			/* no SSH goodbye: the client sees the socket die */
			(void)shutdown(ssh_get_fd(c->s), SHUT_RDWR);
			goto out;
		}
		if (c->bye || c->eof || c->closed || rc == SSH_ERROR ||
		    gone(c->s))
			break;
	}
	log_note("session closed");
	if (ssh_channel_is_open(c->ch) && !gone(c->s)) {
		(void)ssh_channel_request_send_exit_status(c->ch, 0);
		(void)ssh_channel_send_eof(c->ch);
		(void)ssh_channel_close(c->ch);
		/* let the client close its side, so it exits with our status */
		for (until = mono() + 1; !c->closed && !gone(c->s) &&
		    mono() < until;)
			if (ssh_event_dopoll(ev, 50) == SSH_ERROR)
				break;
	}
	if (!gone(c->s))
		ssh_disconnect(c->s);
 out:
	S.conn = NULL;
	if (ev != NULL) {
		(void)ssh_event_remove_session(ev, c->s);
		ssh_event_free(ev);
	}
	ssh_free(c->s);
	free(c->in.p);
	free(c->out.p);
	free(c->cmd.p);
	free(c->pg.p);
	free(c);
}

/* --- start-up --- */

static void
load_keys(const char *path)
{
	FILE *f;
	char *line = NULL, *tok, *prev, *save;
	size_t cap = 0;
	ssh_key k;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		exit(2);
	}
	while (getline(&line, &cap, f) != -1) {
		/* options may come first: the key follows its type's name */
		prev = NULL;
		for (tok = strtok_r(line, " \t\r\n", &save); tok != NULL &&
		    line[strspn(line, " \t")] != '#';
		    prev = tok, tok = strtok_r(NULL, " \t\r\n", &save)) {
			if (prev == NULL ||
			    ssh_key_type_from_name(prev) == SSH_KEYTYPE_UNKNOWN)
				continue;
			if (ssh_pki_import_pubkey_base64(tok,
			    ssh_key_type_from_name(prev), &k) == SSH_OK) {
				S.keys = xrealloc(S.keys,
				    (S.nkeys + 1) * sizeof(*S.keys));
				S.keys[S.nkeys++] = k;
			}
			break;
		}
	}
	free(line);
	(void)fclose(f);
	if (S.nkeys == 0)
		die("no usable key in --authorized-keys");
}

static int
listen_loopback(unsigned *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd, one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 8) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		perror("devsim: listen");
		exit(2);
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: devsim --dialect iosxe|nxos|eos|aoscx "
	    "--hostname NAME --host-key FILE\n"
	    "\t--ready-file FILE --state FILE [--user NAME] "
	    "[--authorized-keys FILE]\n"
	    "\t[--password-env VAR] [--reject REGEX]... [--drop-at REGEX] "
	    "[--drop-after REGEX]\n"
	    "\t[--drop-count N] [--seconds-per-minute S] [--banner TEXT] "
	    "[--user-mode] [--keyboard-interactive]\n\t[--log FILE] "
	    "[--faithful]\n");
	exit(2);
}

/* Returns the host key file. */
static const char *
parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dialect", required_argument, NULL, 'd' },
		{ "hostname", required_argument, NULL, 'n' },
		{ "host-key", required_argument, NULL, 'k' },
		{ "ready-file", required_argument, NULL, 'r' },
		{ "state", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "authorized-keys", required_argument, NULL, 'a' },
		{ "password-env", required_argument, NULL, 'p' },
		{ "reject", required_argument, NULL, 'R' },
		{ "drop-at", required_argument, NULL, 'D' },
		{ "drop-after", required_argument, NULL, 'A' },
		{ "drop-count", required_argument, NULL, 'c' },
		{ "seconds-per-minute", required_argument, NULL, 'S' },
		{ "banner", required_argument, NULL, 'b' },
		{ "user-mode", no_argument, NULL, 'U' },
		{ "keyboard-interactive", no_argument, NULL, 'K' },
		{ "log", required_argument, NULL, 'l' },
		{ "faithful", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dialect = "", *hostkey = NULL, *pw;
	char *end;
	int o;

	S.drops_left = 1;
	S.spm = 60;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dialect = optarg; break;
		case 'n': S.hostname = optarg; break;
		case 'k': hostkey = optarg; break;
		case 'r': S.ready = optarg; break;
		case 's': S.state = optarg; break;
		case 'u': S.user = optarg; break;
		case 'a': load_keys(optarg); break;
		case 'b': S.banner = optarg; break;
		case 'U': S.user_mode = true; break;
		case 'K': S.kbdint = true; break;
		case 'F': S.faithful = true; break;
		case 'R': re_add(&S.reject, optarg, "--reject"); break;
		case 'D': re_add(&S.drop_at, optarg, "--drop-at"); break;
		case 'A': re_add(&S.drop_after, optarg, "--drop-after"); break;
		case 'p':
			if ((pw = getenv(optarg)) == NULL)
				die("the --password-env variable is not set");
			free(S.password);
			S.password = xstrdup(pw);
			break;
		case 'c':
			if ((S.drops_left = parse_num(optarg, 0, 1000000)) < 0)
				die("--drop-count wants a number");
			break;
		case 'S':
			S.spm = strtod(optarg, &end);
			if (*end != '\0' || !(S.spm > 0))
				die("--seconds-per-minute wants a number > 0");
			break;
		case 'l':
			if (S.log == NULL && (S.log = fopen(optarg, "a")) == NULL)
				die("cannot open the --log file");
			break;
		default:
			usage();
		}
	}
	for (S.dialect = 0; S.dialect < NDIALECT &&
	    strcmp(dialect, dialect_name[S.dialect]) != 0; S.dialect++)
		;
	if (optind != argc || S.dialect == NDIALECT || S.hostname == NULL ||
	    hostkey == NULL || S.ready == NULL || S.state == NULL)
		usage();
	if (S.nkeys == 0 && S.password == NULL)
		die("give --authorized-keys or --password-env");
	return hostkey;
}

int
main(int argc, char **argv)
{
	const char *hostkey;
	struct sigaction sa;
	struct pollfd pfd;
	struct buf b = { 0 };
	ssh_bind bind;
	bool no = false;
	char *text;
	size_t len;
	unsigned port;
	int lfd, fd, i;

	if (ssh_init() != SSH_OK)
		die("cannot initialize libssh");
	hostkey = parse_args(argc, argv);
	for (i = 0; opener_re[S.dialect][i] != NULL; i++)
		re_add(&S.opener, opener_re[S.dialect][i], "opener");
	for (i = 0; global_re[S.dialect][i] != NULL; i++)
		re_add(&S.global, global_re[S.dialect][i], "global");
	if ((bind = ssh_bind_new()) == NULL)
		die("cannot initialize libssh");
	/* the key is read here, so a bad one fails now and not per client */
	if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG,
	    &no) != SSH_OK || ssh_bind_options_set(bind,
	    SSH_BIND_OPTIONS_HOSTKEY, hostkey) != SSH_OK) {
		fprintf(stderr, "devsim: %s: %s\n", hostkey, ssh_get_error(bind));
		return 2;
	}
	if ((text = read_text(S.state)) != NULL) {
		/* the file stays as given until the config changes */
		S.running = S.faithful ? fm_parse(S.dialect, text) :
		    tree_parse(text);
		S.saved = tree_text(S.running, &len);
		free(text);
	} else {
		S.running = node_new(NULL, NULL);
		save_state();
	}
	lfd = listen_loopback(&port);
	buf_addf(&b, "%u\n", port);
	write_atomic(S.ready, "", b.p, b.len);
	free(b.p);
	log_note("%s %s listening on 127.0.0.1:%u", dialect_name[S.dialect],
	    S.hostname, port);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);

	/* one client at a time; the timers run between clients too */
	while (!stop) {
		pfd.fd = lfd;
		pfd.events = POLLIN;
		i = poll(&pfd, 1, timer_wait_ms(200));
		run_timers();
		if (i > 0 && !stop && (pfd.revents & POLLIN) != 0 &&
		    (fd = accept(lfd, NULL, NULL)) >= 0) {
			log_note("connection accepted");
			serve(bind, fd);
		}
	}
	log_note("stopping");
	(void)close(lfd);
	ssh_bind_free(bind);
	while (S.nkeys > 0)
		ssh_key_free(S.keys[--S.nkeys]);
	free(S.keys);
	re_free(&S.reject);
	re_free(&S.drop_at);
	re_free(&S.drop_after);
	re_free(&S.opener);
	re_free(&S.global);
	while (S.sess.n > 0)
		named_del(&S.sess, S.sess.v[0]);
	while (S.ckpt.n > 0)
		named_del(&S.ckpt, S.ckpt.v[0]);
	free(S.sess.v);
	free(S.ckpt.v);
	node_free(S.timer.snap);
	node_free(S.running);
	free(S.saved);
	free(S.password);
	if (S.log != NULL)
		(void)fclose(S.log);
	ssh_finalize();
	return 0;
}
