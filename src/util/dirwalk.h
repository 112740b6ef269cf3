/*
 * dirwalk: a depth-first walk of a directory tree that hands the caller's
 * context to its callback, which nftw(3) cannot, so callers need no
 * file-scope state.  Symbolic links below the root are reported, never
 * followed.
 */
#ifndef SG_DIRWALK_H
#define SG_DIRWALK_H

#include <stddef.h>
#include <sys/stat.h>

typedef enum {
	DIRWALK_FILE,		/* anything but a directory, links included */
	DIRWALK_DIR,		/* a directory, before its entries */
	DIRWALK_DIR_DONE,	/* the same directory, after its entries */
	DIRWALK_NOSTAT,		/* lstat failed: st is NULL */
	DIRWALK_NOREAD		/* a directory that cannot be opened */
} dirwalk_kind_t;

typedef struct dirwalk_entry {
	const char		*path;	/* root "/" rel; the root itself */
	const char		*rel;	/* relative to the root; "" for it */
	size_t			 depth;	/* 0 the root, 1 its entries, ... */
	dirwalk_kind_t		 kind;
	const struct stat	*st;	/* lstat (stat for the root) */
	int			 error;	/* errno, with NOSTAT and NOREAD */
} dirwalk_entry_t;

/* Returned for a DIRWALK_DIR: leave its entries out; elsewhere as 0. */
#define DIRWALK_SKIP	1

typedef int (*dirwalk_fn)(void *ctx, const dirwalk_entry_t *e);

/*
 * Calls fn for root and everything below it, a directory's entries in
 * the order readdir(3) gives them.  0 when the walk went through, else
 * the first value other than 0 and DIRWALK_SKIP that fn returned, which
 * ends the walk there.
 */
int	dirwalk(const char *root, dirwalk_fn fn, void *ctx);

#endif
