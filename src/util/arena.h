/*
 * arena: a bump allocator for objects that live and die together (an
 * inventory, a plan).  Freeing is one arena_dispose().  Built with
 * SG_DEBUG_ARENA, every allocation is its own malloc so AddressSanitizer and
 * valgrind see each one.
 */
#ifndef SG_ARENA_H
#define SG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

typedef struct arena {
	struct arena_chunk	*chunks;	/* newest first */
	size_t			 used;		/* bytes used in chunks */
} arena_t;

#define ARENA_INIT { NULL, 0 }

void	 arena_init(arena_t *a);
void	 arena_dispose(arena_t *a);
/* Zeroed, aligned for any type; never NULL (aborts on OOM). */
void	*arena_alloc(arena_t *a, size_t size);
void	*arena_array(arena_t *a, size_t nmemb, size_t size);
char	*arena_strdup(arena_t *a, const char *s);
char	*arena_strndup(arena_t *a, const char *s, size_t n);
/* A formatted string in the arena. */
char	*arena_printf(arena_t *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
char	*arena_vprintf(arena_t *a, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));

#endif
