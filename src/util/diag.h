/*
 * diag: the diagnostics a run produces (inventory errors, plan warnings),
 * each with a stable code, a position when it comes from a file, a one-line
 * message and a fix hint.  The code's first letter is its severity: E error,
 * W warning, I info.  Messages are interface: tests compare them.
 */
#ifndef SG_DIAG_H
#define SG_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

typedef struct srcpos {
	const char	*file;		/* NULL: not from a file */
	unsigned int	 line;		/* from 1 */
	unsigned int	 col;		/* from 1 */
} srcpos_t;

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_INFO } diag_severity_t;

typedef struct diag {
	char		 code[8];
	diag_severity_t	 severity;
	srcpos_t	 pos;		/* file is owned by the list */
	char		*message;
	char		*hint;
	char		**objects;	/* the inventory objects it concerns */
	size_t		 nobjects;
} diag_t;

typedef struct diag_list diag_list_t;

/* Free with diag_list_free(). */
diag_list_t	*diag_list_new(void);
void		 diag_list_free(diag_list_t *dl);

/*
 * Adds a diagnostic; copies every string.  After DIAG_MAX entries further
 * ones are only counted, so a hostile file cannot make the list huge.
 */
void		 diag_add(diag_list_t *dl, const char *code, srcpos_t pos,
		    const char *hint, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
/* Names the objects the last added diagnostic concerns (copied). */
void		 diag_set_objects(diag_list_t *dl, const char *const *objects,
		    size_t n);
size_t		 diag_count(const diag_list_t *dl);
size_t		 diag_errors(const diag_list_t *dl);
/* Diagnostics of a severity, including those not kept over DIAG_MAX. */
size_t		 diag_severity_count(const diag_list_t *dl, diag_severity_t sev);
size_t		 diag_dropped(const diag_list_t *dl);
/* Borrowed; valid until the next diag_add() or diag_list_free(). */
const diag_t	*diag_get(const diag_list_t *dl, size_t i);
/* Orders by file, line and column, keeping the order of equal positions. */
void		 diag_sort(diag_list_t *dl);
/* "file:line:col: error E102: message\n    hint: hint\n" */
void		 diag_format(strbuf_t *out, const diag_t *d);
/* Every kept diagnostic in list order, then how many were not kept. */
void		 diag_format_all(strbuf_t *out, const diag_list_t *dl);

#define DIAG_MAX	10000

#endif
