/*
 * ydoc: a YAML file read into a small tree of scalars, sequences and
 * mappings, each node carrying its position.  This is the only module that
 * sees libyaml.  Aliases are refused (a document of nested aliases can
 * expand without bound, and inventories do not need them), and anchors with
 * them; so are a second document, nesting deeper than YDOC_MAX_DEPTH, a
 * list or mapping of more than YDOC_MAX_ENTRIES entries and more than
 * YDOC_MAX_NODES nodes.
 */
#ifndef SG_YDOC_H
#define SG_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/arena.h"
#include "util/sg_err.h"

typedef enum { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP } ynode_kind_t;

typedef struct ynode ynode_t;

typedef struct ypair {
	ynode_t		*key;
	ynode_t		*value;
} ypair_t;

/*
 * 40 bytes: a large inventory has hundreds of thousands of nodes, and the
 * memory they touch is much of the cost of loading it.
 */
struct ynode {
	srcpos_t	 pos;
	union {
		const char	 *str;	/* scalar: ends in NUL, may hold NULs */
		ynode_t		**items;	/* sequence: n entries */
		ypair_t		 *pairs;	/* mapping: n, in file order */
	};
	uint32_t	 len;		/* scalar: bytes in str */
	uint32_t	 n;		/* sequence or mapping: entries */
	ynode_kind_t	 kind;
	bool		 plain;		/* scalar: unquoted, so 12 is a number */
};

typedef struct ydoc {
	arena_t		 arena;		/* every node and string */
	const char	*file;		/* borrowed from the caller */
	ynode_t		*root;		/* NULL for an empty file */
} ydoc_t;

#define YDOC_MAX_DEPTH	64
#define YDOC_MAX_BYTES	(64u * 1024 * 1024)
#define YDOC_MAX_ENTRIES	100000u		/* in one list or mapping */
#define YDOC_MAX_NODES		4000000u	/* in one file */
#define YDOC_MAX_CTRL		1000u		/* raw control characters */

/*
 * Parses len bytes of buf, naming them file in positions.  file is
 * borrowed: it must outlive the document and every position taken from it.  A syntax error is
 * added to dl as E101 and returns SG_EINVAL.  Free with ydoc_free().
 */
int	ydoc_parse(ydoc_t **out, const char *file, const char *buf, size_t len,
	    diag_list_t *dl);
/*
 * Reads and parses a file.  A file that cannot be read (SG_EIO) or is over
 * YDOC_MAX_BYTES (SG_ETOOBIG) is reported in err; a syntax error as in
 * ydoc_parse().
 */
int	ydoc_load(ydoc_t **out, const char *path, diag_list_t *dl,
	    sg_err_t *err);
void	ydoc_free(ydoc_t *doc);

#endif
