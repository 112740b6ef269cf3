/*
 * strmap: a string -> size_t hash map with open addressing, for name
 * lookups that must stay fast on inventories with tens of thousands of
 * objects.  Keys are borrowed: they must outlive the map.
 */
#ifndef SG_STRMAP_H
#define SG_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strmap {
	const char	**keys;
	size_t		 *vals;
	size_t		  cap;		/* a power of two, or 0 */
	size_t		  n;
} strmap_t;

#define STRMAP_INIT { NULL, NULL, 0, 0 }

void	strmap_dispose(strmap_t *m);
/* Adds key unless present; returns false (and leaves it) when present. */
bool	strmap_add(strmap_t *m, const char *key, size_t val);
bool	strmap_get(const strmap_t *m, const char *key, size_t *val);

#endif
