/* ranges: see ranges.h. */
#include "util/ranges.h"

bool
ranges_contain(const ranges_t *r, uint32_t x)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (x >= r->v[i].lo && x <= r->v[i].hi)
			return true;
	return false;
}

bool
ranges_overlap(const ranges_t *a, const ranges_t *b)
{
	size_t i, j;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (a->v[i].lo <= b->v[j].hi && b->v[j].lo <= a->v[i].hi)
				return true;
	return false;
}
