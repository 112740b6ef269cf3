/*
 * schema: typed reads of ydoc nodes that report every problem as a
 * diagnostic with the node's position and carry on, so one run shows all
 * the mistakes in a file.  Shared by the inventory and vendor loaders.
 *
 * Each reader takes the mapping, the key and "what" (the object the key
 * belongs to, as users should read it: "switch 'acc1'").  Readers return
 * true when the value was present and valid; a missing optional key returns
 * false and reports nothing.
 */
#ifndef SG_SCHEMA_H
#define SG_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/ydoc.h"
#include "util/ranges.h"

typedef struct schema {
	diag_list_t	*dl;
	arena_t		*arena;		/* where copied strings go */
} schema_t;

/*
 * Checks that node is a mapping whose keys are plain strings from known
 * (NULL-terminated), each at most once.  Reports a non-mapping (E103), an
 * unknown key (E102, or E113 when it looks like an inline secret) and a
 * repeated key (E117).  Returns false only when node is not a mapping.
 */
bool		 schema_map(schema_t *sc, const ynode_t *node, const char *what,
		    const char *const *known);
/* The value of key in a mapping, or NULL; borrowed from the document. */
const ynode_t	*schema_find(const ynode_t *map, const char *key);
/* Reports E104 when key is missing; returns its value or NULL. */
const ynode_t	*schema_need(schema_t *sc, const ynode_t *map, const char *key,
		    const char *what);

/*
 * A scalar string, refused (E112) when it holds a control character; copied
 * into the arena.  The string readers never accept a list or a mapping.
 */
bool	schema_str(schema_t *sc, const ynode_t *map, const char *key,
	    const char *what, bool required, const char **out);
/* The same for a node that is itself the value (a list item of key). */
bool	schema_str_node(schema_t *sc, const ynode_t *node, const char *key,
	    const char *what, const char **out);
/* An unquoted whole number in [lo, hi] (E103 for text, E109 out of range). */
bool	schema_u32(schema_t *sc, const ynode_t *map, const char *key,
	    const char *what, uint32_t lo, uint32_t hi, bool required,
	    uint32_t *out);
/* true or false, unquoted. */
bool	schema_bool(schema_t *sc, const ynode_t *map, const char *key,
	    const char *what, bool required, bool *out);
/* One of values (NULL-terminated); *out is its index.  E107 otherwise. */
bool	schema_enum(schema_t *sc, const ynode_t *map, const char *key,
	    const char *what, const char *const *values, bool required,
	    int *out);
/* A sequence (E103 otherwise); returns the node or NULL. */
const ynode_t *schema_seq(schema_t *sc, const ynode_t *map, const char *key,
	    const char *what, bool required);

/*
 * A set of numbers in [lo, hi]: one number, a "LOW-HIGH" string, or a list
 * of those.  A bad entry is reported with code (E108 for VLANs, E109 for
 * ids) and the noun ("VLAN", "session id") in the message.
 */
bool	schema_ranges(schema_t *sc, const ynode_t *map, const char *key,
	    const char *what, uint32_t lo, uint32_t hi, const char *code,
	    const char *noun, bool required, ranges_t *out);

/* A short name for a node's type, for messages: "a list", "text", "null". */
const char *schema_type_name(const ynode_t *node);
/* Whether node is YAML's null written out: plain null, Null, NULL or ~. */
bool	schema_is_null(const ynode_t *node);
/* Position of a node, or of the mapping when the key is missing. */
srcpos_t schema_pos(const ynode_t *map, const char *key);
/* Index of the first control character in s (len bytes), or -1. */
long	schema_control_char(const char *s, size_t len);

#endif
