/*
 * devsim: what the simulator's core (devsim.c) and its faithful print mode
 * (faithful.c) share: the configuration tree, growing buffers, VLAN sets
 * and the faithful mode's entry points.
 */
#ifndef DEVSIM_H
#define DEVSIM_H

#include <stdbool.h>
#include <stddef.h>

enum dialect { IOSXE, NXOS, EOS, AOSCX, NDIALECT };

/*
 * Node flags.  N_FRESH marks a top-level entry typed since start-up: the
 * faithful printer puts a separator after it, while entries read from the
 * state file keep the separators the file had.  N_SPACER is a top-level
 * '!' or blank line read from the file, N_VERBATIM a block read from the
 * file and printed back byte for byte (a banner, a certificate chain).
 */
#define N_FRESH		0x1
#define N_SPACER	0x2
#define N_VERBATIM	0x4

/* One line of configuration; the root has no text. */
struct node {
	char		 *text;		/* blanks collapsed, for matching */
	char		 *orig;		/* the line(s) as read, or NULL */
	struct node	 *parent;
	struct node	**kid;
	size_t		  nkid;
	unsigned	  flags;
};

struct buf {
	char	*p;
	size_t	 len, cap;
};

/* A VLAN set: on[v] for VLAN v, 1-4094. */
struct vset {
	bool	 on[4095];
};

void		*xrealloc(void *, size_t);
char		*xstrdup(const char *);
void		 buf_add(struct buf *, const void *, size_t);
void		 buf_adds(struct buf *, const char *);
void		 buf_addf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
const char	*after(const char *, const char *);
const char	*after_word(const char *, const char *);
bool		 is(const char *, const char *);

struct node	*node_new(struct node *, const char *);
struct node	*node_insert(struct node *, size_t, const char *);
void		 node_free(struct node *);
void		 node_unlink(struct node *, size_t);
void		 node_set_text(struct node *, const char *);

int		 vset_parse(struct vset *, const char *);
void		 vset_format(const struct vset *, struct buf *);
bool		 vset_full(const struct vset *);

/*
 * faithful.c.  Interface names are accepted short or full, in any case and
 * with leading zeros ("Gi1/0/01"); iface_same tells whether two interface
 * headers ("interface X ...") name the same port.
 */
bool		 iface_same(enum dialect, const char *, const char *);

/*
 * A typed line in the model's form: full interface names, explicit
 * directions, lists of sources split one port a line.  ctx is where the
 * line is typed.  Appends the resulting lines to out, each ending in '\n';
 * -1 when the line is one the device refuses.
 */
int		 fm_canon(enum dialect, const struct node *ctx, const char *,
		    struct buf *out);
/* A source line "old" that "line", about to be added, replaces. */
bool		 fm_replaces(const char *line, const char *old);
/* A trunk VLAN edit as the device does it: 1 done, -1 malformed, 0 not one. */
int		 fm_trunk_edit(enum dialect, struct node *ctx, const char *);
/* What "show running-config" printed (any line ends) -> the model. */
struct node	*fm_parse(enum dialect, const char *);

#define FM_HEADER	0x1	/* the header and the trailing "end" */
/*
 * The model as the device prints it, '\n' line ends.  With a filter, only
 * the top-level entries whose first line starts with those words.
 */
void		 fm_print(struct buf *, enum dialect, const struct node *,
		    const char *hostname, const char *filter, int flags);

#endif
