/*
 * ranges: sets of whole numbers written as ranges (VLAN lists, id pools).
 * The array is kept as the user wrote it; lookups scan it, which is fine
 * for the handful of ranges an inventory holds.
 */
#ifndef SG_RANGES_H
#define SG_RANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct range {
	uint32_t	 lo;
	uint32_t	 hi;
} range_t;

typedef struct ranges {
	range_t		*v;
	size_t		 n;
} ranges_t;

bool	ranges_contain(const ranges_t *r, uint32_t x);
/* true when some number is in both sets. */
bool	ranges_overlap(const ranges_t *a, const ranges_t *b);

#endif
