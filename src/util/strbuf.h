/*
 * strbuf: a growable, always NUL-terminated byte buffer with a hard size
 * limit and a sticky error.  Appends return nothing; once one fails (the
 * limit was reached) the rest do nothing, so a writer checks once at the end
 * with strbuf_error().
 */
#ifndef SG_STRBUF_H
#define SG_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct strbuf {
	char	*ptr;		/* NUL-terminated; "" before the first append */
	size_t	 len;
	size_t	 cap;
	size_t	 max;		/* content limit in bytes; 0 means no limit */
	int	 error;		/* SG_ETOOBIG once an append was refused */
} strbuf_t;

#define STRBUF_INIT(maxbytes) { NULL, 0, 0, (maxbytes), 0 }

void	 strbuf_init(strbuf_t *sb, size_t max);
void	 strbuf_dispose(strbuf_t *sb);
void	 strbuf_add(strbuf_t *sb, const void *data, size_t len);
void	 strbuf_adds(strbuf_t *sb, const char *s);
void	 strbuf_addc(strbuf_t *sb, char c);
void	 strbuf_addf(strbuf_t *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strbuf_vaddf(strbuf_t *sb, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/* Appends s with & < > " ' written as XML entities (text or attribute). */
void	 strbuf_add_xml(strbuf_t *sb, const char *s);
/*
 * Appends s for showing on a terminal, as one line: control bytes (C0, DEL)
 * and bytes that are not UTF-8 become \xNN, and C1 controls and invisible
 * or direction-changing characters (zero-width, bidi overrides and
 * isolates, line and paragraph separators, BOM, tags) become \u{XXXX}, so
 * a value can neither drive the terminal nor disguise or split the message.
 */
void	 strbuf_add_display(strbuf_t *sb, const char *s);
/* The same for len bytes of multi-line text: each line is shown that way
 * and the line breaks are kept. */
void	 strbuf_add_display_lines(strbuf_t *sb, const char *s, size_t len);
void	 strbuf_reset(strbuf_t *sb);
/* Shortens the contents to len bytes (no effect when already shorter). */
void	 strbuf_truncate(strbuf_t *sb, size_t len);
int	 strbuf_error(const strbuf_t *sb);
/* Whether a and b hold the same bytes (embedded NULs included). */
bool	 strbuf_equal(const strbuf_t *a, const strbuf_t *b);
/* The contents ("" when empty); borrowed until the next append. */
const char *strbuf_str(const strbuf_t *sb);
/* Hands the bytes to the caller (free with free()) and empties sb. */
char	*strbuf_detach(strbuf_t *sb, size_t *lenp);

#endif
