/*
 * mustache: a Mustache template engine (the core of spec v1.4:
 * interpolation, dotted names, the implicit iterator, sections, inverted
 * sections, comments, partials, set delimiters, standalone lines).
 *
 * A template is parsed once into a tree and rendered against a view, a
 * small tree of values (mvalue_t) that the caller builds in an arena.
 * Escaping is chosen per render: configuration text is written as is (its
 * values were validated where they entered), XML payloads are escaped.
 * A strict render refuses a missing value or partial instead of writing
 * nothing, because an empty string in a switch command is a bug.
 */
#ifndef SG_MUSTACHE_H
#define SG_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/sg_err.h"
#include "util/strbuf.h"

/* ---- views ----------------------------------------------------------- */

typedef enum {
	MVALUE_NULL, MVALUE_BOOL, MVALUE_STRING, MVALUE_LIST, MVALUE_MAP
} mvalue_kind_t;

typedef struct mvalue mvalue_t;

typedef struct mpair {
	const char	*key;
	mvalue_t	*value;
} mpair_t;

struct mvalue {
	mvalue_kind_t	 kind;
	bool		 boolean;
	const char	*string;
	mvalue_t	**items;	/* list */
	mpair_t		*pairs;		/* map, in insertion order */
	size_t		 n;
	size_t		 cap;
};

/* Values live in the arena; lists and maps grow in it as items are added. */
mvalue_t	*mvalue_null(arena_t *a);
mvalue_t	*mvalue_bool(arena_t *a, bool b);
mvalue_t	*mvalue_string(arena_t *a, const char *s);	/* copied */
mvalue_t	*mvalue_stringf(arena_t *a, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
mvalue_t	*mvalue_list(arena_t *a);
mvalue_t	*mvalue_map(arena_t *a);
void		 mvalue_append(arena_t *a, mvalue_t *list, mvalue_t *item);
/* Sets key (copied) in a map; a later set of the same key wins. */
void		 mvalue_set(arena_t *a, mvalue_t *map, const char *key,
		    mvalue_t *value);
/* Borrowed, or NULL. */
const mvalue_t	*mvalue_get(const mvalue_t *map, const char *key);

/* ---- templates ------------------------------------------------------- */

typedef enum { MUSTACHE_ESCAPE_NONE, MUSTACHE_ESCAPE_XML } mustache_escape_t;

/* Finds a partial's text; returns false when there is none. */
typedef bool	(*mustache_partial_fn)(void *ctx, const char *name,
		    const char **text, size_t *len);

/*
 * Parsed partials, kept across renders.  The partial callback must give
 * the same text for a name for as long as the cache is used.
 */
typedef struct mustache_cache mustache_cache_t;

typedef struct mustache_opts {
	mustache_escape_t	 escape;
	bool			 strict;	/* missing value or partial: error */
	mustache_partial_fn	 partial;	/* NULL: no partials */
	void			*partial_ctx;
	mustache_cache_t	*cache;		/* NULL: parse partials on use */
} mustache_opts_t;

/* Free with mustache_cache_free(). */
mustache_cache_t *mustache_cache_new(void);
void		 mustache_cache_free(mustache_cache_t *c);
/* Partials the cache holds: it grows with distinct partials, not uses. */
size_t		 mustache_cache_count(const mustache_cache_t *c);

typedef struct mustache mustache_t;

#define MUSTACHE_MAX_DEPTH	64	/* sections and partials nested */

/*
 * Parses a template; name labels positions in messages
 * ("name:line:col: ...").  SG_EINVAL for a malformed template.  Free with
 * mustache_free().
 */
int	mustache_parse(mustache_t **out, const char *name, const char *text,
	    size_t len, sg_err_t *err);
void	mustache_free(mustache_t *t);
/*
 * Appends the rendering of t against view to out.  SG_EINVAL for a missing
 * value or partial in strict mode, or a bad partial; SG_ETOOBIG when out
 * reaches its limit or nesting passes MUSTACHE_MAX_DEPTH.
 */
int	mustache_render(strbuf_t *out, const mustache_t *t,
	    const mvalue_t *view, const mustache_opts_t *opts, sg_err_t *err);

#endif
