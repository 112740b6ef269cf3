/*
 * hash: FNV-1a, for hash tables and duplicate detection where speed and
 * an even spread matter and an adversary gains nothing from collisions
 * beyond a slower lookup.
 */
#ifndef SG_HASH_H
#define SG_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t
fnv1a(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#endif
