/*
 * hash: FNV-1a, for hash tables and duplicate detection where speed and
 * an even spread matter and an adversary gains nothing from collisions
 * beyond a slower lookup.
 */
#ifndef SG_HASH_H
#define SG_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_BASIS	1469598103934665603ULL

/* h extended by n more bytes: fnv1a(a) then b equals fnv1a(a b). */
static inline uint64_t
fnv1a_more(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static inline uint64_t
fnv1a(const void *data, size_t n)
{
	return fnv1a_more(FNV1A_BASIS, data, n);
}

#endif
