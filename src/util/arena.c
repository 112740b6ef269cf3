/*
 * arena: chunks of at least ARENA_CHUNK bytes, newest first; an allocation
 * larger than a chunk gets a chunk of its own.  Invariant: chunks->off never
 * exceeds chunks->size.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/xmalloc.h"

#define ARENA_CHUNK	(64 * 1024)
#define ARENA_ALIGN	alignof(max_align_t)

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	size_t			 off;
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
#else
void *
arena_alloc(arena_t *a, size_t size)
{
	struct arena_chunk *c = a->chunks;
	size_t need, csize;
	void *p;

	if (size > SIZE_MAX - ARENA_ALIGN - sizeof(*c)) {
		(void)fprintf(stderr, "spangen: arena request too large\n");
		abort();
	}
	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (c == NULL || c->size - c->off < need) {
		csize = need > ARENA_CHUNK ? need : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + csize);
		c->size = csize;
		c->off = 0;
		if (need > ARENA_CHUNK && a->chunks != NULL) {
			/* keep the partly used chunk in front for small requests */
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = a->chunks;
			a->chunks = c;
		}
	}
	p = c->data + c->off;
	c->off += need;
	a->used += need;
	memset(p, 0, size);
	return p;
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

	p = arena_alloc(a, n + 1);
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
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0) {
		n = 0;
		small[0] = '\0';
	}
	p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		(void)vsnprintf(p, (size_t)n + 1, fmt, ap);
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
