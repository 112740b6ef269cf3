/*
 * cfgtree_int: the tree push/cfgtree.c models a running configuration in,
 * shared with push/cfgreview.c, which reads the same tree to decide what
 * a change may touch and how to take it back, and push/observe.c, which
 * reads what a device holds for the planner.  Only these include it.
 */
#ifndef SG_CFGTREE_INT_H
#define SG_CFGTREE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "push/cfgtree.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/strmap.h"

#define VLAN_MAX	4094
#define TRUNK_PFX	"switchport trunk allowed vlan "
#define TRUNK_PFXLEN	(sizeof(TRUNK_PFX) - 1)
#define CX_TRUNK_PFX	"vlan trunk allowed "	/* AOS-CX */
#define CX_TRUNK_PFXLEN	(sizeof(CX_TRUNK_PFX) - 1)

typedef struct node node_t;

struct node {
	const char	*text;		/* now */
	size_t		 len;
	const char	*btext;		/* in running; NULL: new */
	size_t		 blen;
	node_t		*parent;
	node_t		**kids;
	size_t		 nkids;
	size_t		 capkids;
	bool		 alive;
	bool		 touched;	/* top level: in the managed part */
	node_t		*chain[2];	/* top level: the next in its chains */
};

/*
 * Top-level entries by text and by session, each a chain in running
 * order: a running configuration has thousands of top-level entries and a
 * render may type thousands of lines, so a scan of the top level per
 * line would be quadratic.
 */
enum { BY_TEXT, BY_SESSION };

struct chains {
	strmap_t	 map;		/* key -> index in head and tail */
	node_t		**head;
	node_t		**tail;
	size_t		 n;
	size_t		 cap;
};

struct tree {
	arena_t		 arena;
	node_t		 root;
	cfg_dialect_t	 d;
	struct chains	 chains[2];
	strbuf_t	 key;		/* scratch: a lookup key, terminated */
};

/*
 * The chain of entries a more indented line would go into.  Whether one
 * is a block an "exit" can close depends on the text being read only, not
 * on what the tree held before, so the lines parse the same way onto any
 * running config.
 */
struct open {
	node_t		*n;
	size_t		 indent;
	bool		 block;		/* a mode line, or one with children */
};

struct stack {
	struct open	*v;
	size_t		 n;
	size_t		 cap;
};

/* One physical line, trimmed at both ends. */
struct cline {
	const char	*s;
	size_t		 len;
	size_t		 indent;
	size_t		 lineno;
	bool		 nul;
};

struct cursor {
	const char	*p;
	const char	*end;
	size_t		 lineno;
};

/* VLANs 1-4094 as bits. */
typedef struct vset {
	uint8_t		 bits[(VLAN_MAX + 1 + 7) / 8];
} vset_t;

static inline bool
eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static inline bool
starts(const char *s, size_t len, const char *pfx)
{
	size_t n = strlen(pfx);

	return len >= n && memcmp(s, pfx, n) == 0;
}

/* The tree: init, read running (running true) or apply lines, dispose. */
void	ct_tree_init(struct tree *t, cfg_dialect_t d);
void	ct_tree_dispose(struct tree *t);
int	ct_read_text(struct tree *t, const char *text, size_t len, bool running,
	    sg_err_t *err);
/* Writes n and its subtree: as it is now (after) or as it was read. */
void	ct_emit(strbuf_t *out, const node_t *n, size_t indent, size_t width,
	    bool after);
/* The length of "monitor session ID" or "mirror session ID" at s, or 0. */
size_t	ct_session_prefix(const char *s, size_t len);
/* The first top-level entry of a chain (BY_TEXT or BY_SESSION key). */
node_t	*ct_chain_find(struct tree *t, int which, const char *s, size_t len);
/*
 * Where the ports of a session's source or destination line s (under
 * parent) start, or 0; *source says which.
 */
size_t	ct_mirror_ports(cfg_dialect_t d, const node_t *parent, const char *s,
	    size_t len, bool *source);
/* Whether session key's entry n (as read) carries spangen's mark. */
bool	ct_session_marked(cfg_dialect_t d, const node_t *n, const char *key);
/* Whether VLAN entry n (as read) carries spangen's name. */
bool	ct_vlan_marked(const node_t *n);
bool	ct_is_shut(const char *s, size_t len);
bool	ct_is_no_shut(const char *s, size_t len);
/* Whether the dialect's trunk lists are "switchport trunk allowed vlan". */
bool	ct_trunk_dialect(cfg_dialect_t d);
/* Whether the words after the trunk prefix edit a list ("add 901"). */
bool	ct_trunk_edit_words(const char *r, size_t rl);
void	ct_vset_fill(vset_t *v, bool all);
bool	ct_vset_has(const vset_t *v, uint32_t i);
bool	ct_vset_full(const vset_t *v);
int	ct_vset_parse(vset_t *v, const char *s, size_t len);
void	ct_vset_format(strbuf_t *out, const vset_t *v);

#endif
