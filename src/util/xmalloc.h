/*
 * xmalloc: allocation that cannot fail.  A command-line tool cannot usefully
 * recover from running out of memory, so these abort with a message instead
 * of growing an untested error branch at every call site.  Sizes are checked
 * for multiplication overflow.
 */
#ifndef SG_XMALLOC_H
#define SG_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);

#endif
