/*
 * arena: chunks, newest first, that grow with the arena (from ARENA_CHUNK
 * up to ARENA_MAX_CHUNK); an allocation larger than the next chunk gets a
 * chunk of its own.  Invariant: chunks->off never exceeds chunks->size.
 *
 * A large inventory's tree and plan are tens of megabytes, and with 4 KiB
 * pages first touching them cost more than building them.  So chunks of
 * ARENA_HUGE and more are mapped on their own, aligned for transparent
 * huge pages and marked for them: one fault per 2 MiB.  Such a mapping
 * comes zeroed and is never reused, so its allocations skip the memset.
 */
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/arena.h"
#include "util/qfmt.h"
#include "util/xmalloc.h"

#define ARENA_CHUNK	(64 * 1024)
#define ARENA_HUGE	(2 * 1024 * 1024)
#define ARENA_MAX_CHUNK	(16 * ARENA_HUGE)
#define ARENA_ALIGN	alignof(max_align_t)

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	size_t			 off;
	size_t			 mapped;	/* bytes mapped, or 0: malloc'd */
	alignas(max_align_t) unsigned char data[];
};

void
arena_init(arena_t *a)
{
	a->chunks = NULL;
	a->used = 0;
}

void
arena_dispose(arena_t *a)
{
	struct arena_chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->chunks; c != NULL; c = next) {
		next = c->next;
		if (c->mapped != 0)
			(void)munmap(c, c->mapped);
		else
			free(c);
	}
	a->chunks = NULL;
	a->used = 0;
}

#ifdef SG_DEBUG_ARENA
void *
arena_alloc(arena_t *a, size_t size)
{
	struct arena_chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		abort();
	c = xcalloc(1, sizeof(*c) + size);
	c->size = c->off = size;
	c->next = a->chunks;
	a->chunks = c;
	a->used += size;
	return c->data;
}

static char *
take_text(arena_t *a, size_t n)
{
	return arena_alloc(a, n);
}
#else
/* A chunk of ARENA_HUGE-aligned huge-page memory, or NULL. */
static struct arena_chunk *
map_chunk(size_t csize)
{
	size_t len, lead;
	unsigned char *m;
	struct arena_chunk *c;

	len = (sizeof(*c) + csize + ARENA_HUGE - 1) & ~(size_t)(ARENA_HUGE - 1);
	m = mmap(NULL, len + ARENA_HUGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	/* trim to the alignment a huge page needs */
	lead = (ARENA_HUGE - (uintptr_t)m % ARENA_HUGE) % ARENA_HUGE;
	if (lead > 0)
		(void)munmap(m, lead);
	(void)munmap(m + lead + len, ARENA_HUGE - lead);
#ifdef MADV_HUGEPAGE
	(void)madvise(m + lead, len, MADV_HUGEPAGE);
#endif
	c = (struct arena_chunk *)(void *)(m + lead);
	c->size = len - sizeof(*c);
	c->mapped = len;
	return c;
}

/*
 * size bytes from the front chunk, at an offset rounded up to align (1 for
 * text, which is most allocations by count and needs none).  *zeroed says
 * whether they come from a huge-page mapping, zeroed and never reused.
 */
static void *
take(arena_t *a, size_t size, size_t align, bool *zeroed)
{
	struct arena_chunk *c = a->chunks;
	size_t need, csize, at = 0;
	void *p;

	if (size > SIZE_MAX / 2 - ARENA_HUGE - sizeof(*c)) {
		(void)fprintf(stderr, "spangen: arena request too large\n");
		abort();
	}
	need = size;
	if (c != NULL)
		at = (c->off + align - 1) & ~(align - 1);
	if (c == NULL || at > c->size || c->size - at < need) {
		/* as much again as the arena holds, within the bounds */
		csize = a->used < ARENA_CHUNK ? ARENA_CHUNK :
		    a->used > ARENA_MAX_CHUNK ? ARENA_MAX_CHUNK : a->used;
		if (need > csize)
			csize = need;
		c = csize >= ARENA_HUGE ? map_chunk(csize) : NULL;
		if (c == NULL) {
			c = xmalloc(sizeof(*c) + csize);
			c->size = csize;
			c->mapped = 0;
		}
		c->off = at = 0;
		if (a->chunks != NULL && c->size - need < a->chunks->size -
		    a->chunks->off) {
			/* keep the roomier chunk in front for what follows */
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = a->chunks;
			a->chunks = c;
		}
	}
	p = c->data + at;
	a->used += at + need - c->off;
	c->off = at + need;
	*zeroed = c->mapped != 0;
	return p;
}

void *
arena_alloc(arena_t *a, size_t size)
{
	bool zeroed;
	void *p = take(a, size, ARENA_ALIGN, &zeroed);

	if (!zeroed)
		memset(p, 0, size);
	return p;
}

static char *
take_text(arena_t *a, size_t n)
{
	bool zeroed;

	return take(a, n, 1, &zeroed);
}
#endif

void *
arena_array(arena_t *a, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		(void)fprintf(stderr, "spangen: arena array overflow\n");
		abort();
	}
	return arena_alloc(a, nmemb * size);
}

char *
arena_strndup(arena_t *a, const char *s, size_t n)
{
	char *p;

	p = take_text(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(arena_t *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(arena_t *a, const char *fmt, va_list ap)
{
	va_list cp;
	char small[256], *p;
	int n;

	/* one pass for the short names and messages that are most of them */
	va_copy(cp, ap);
	n = qfmt_vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0) {
		n = 0;
		small[0] = '\0';
	}
	p = take_text(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		(void)qfmt_vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(arena_t *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
