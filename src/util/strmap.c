/* strmap: linear probing; the table is kept at most half full. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/strmap.h"
#include "util/xmalloc.h"

void
strmap_dispose(strmap_t *m)
{
	if (m == NULL)
		return;
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->n = 0;
}

static size_t
slot(const strmap_t *m, const char *key)
{
	size_t i = (size_t)fnv1a(key, strlen(key)) & (m->cap - 1);

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
grow(strmap_t *m)
{
	strmap_t bigger = STRMAP_INIT;
	size_t i, s;

	bigger.cap = m->cap == 0 ? 16 : m->cap * 2;
	bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
	bigger.vals = xcalloc(bigger.cap, sizeof(*bigger.vals));
	for (i = 0; i < m->cap; i++)
		if (m->keys[i] != NULL) {
			s = slot(&bigger, m->keys[i]);
			bigger.keys[s] = m->keys[i];
			bigger.vals[s] = m->vals[i];
		}
	bigger.n = m->n;
	strmap_dispose(m);
	*m = bigger;
}

bool
strmap_add(strmap_t *m, const char *key, size_t val)
{
	size_t s;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	s = slot(m, key);
	if (m->keys[s] != NULL)
		return false;
	m->keys[s] = key;
	m->vals[s] = val;
	m->n++;
	return true;
}

bool
strmap_get(const strmap_t *m, const char *key, size_t *val)
{
	size_t s;

	if (m->cap == 0)
		return false;
	s = slot(m, key);
	if (m->keys[s] == NULL)
		return false;
	if (val != NULL)
		*val = m->vals[s];
	return true;
}
