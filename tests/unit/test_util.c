/* Unit tests for src/util: strbuf, json, arena, qfmt, parse, ranges, strmap,
 * dirwalk, prom, file. */
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/file.h"
#include "util/prom.h"
#include "util/dirwalk.h"
#include "util/json.h"
#include "util/parse.h"
#include "util/qfmt.h"
#include "util/ranges.h"
#include "util/sg_err.h"
#include "util/strbuf.h"
#include "util/strmap.h"

static void
test_strbuf__appends_and_stays_terminated(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);
	char *p;
	size_t len;

	(void)state;
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_adds(&sb, "monitor session ");
	strbuf_addf(&sb, "%d source interface %s", 1, "Gi1/0/5");
	strbuf_addc(&sb, '\n');
	assert_string_equal(strbuf_str(&sb),
	    "monitor session 1 source interface Gi1/0/5\n");
	assert_int_equal(sb.len, strlen(strbuf_str(&sb)));
	p = strbuf_detach(&sb, &len);
	assert_int_equal(len, 43);
	assert_null(sb.ptr);
	free(p);
}

static void
test_strbuf__limit_is_sticky(void **state)
{
	strbuf_t sb = STRBUF_INIT(8);

	(void)state;
	strbuf_adds(&sb, "12345678");
	assert_int_equal(strbuf_error(&sb), 0);
	strbuf_addc(&sb, '9');
	assert_int_equal(strbuf_error(&sb), SG_ETOOBIG);
	strbuf_reset(&sb);
	assert_int_equal(strbuf_error(&sb), 0);
	strbuf_addf(&sb, "%s", "far too long for eight");
	assert_int_equal(strbuf_error(&sb), SG_ETOOBIG);
	/* after a failure, appends do nothing */
	strbuf_adds(&sb, "x");
	assert_int_equal(sb.len, 0);
	strbuf_dispose(&sb);
}

/* addf writes into the room it has, and must not keep what max refuses */
static void
test_strbuf__addf_fits_grows_or_refuses(void **state)
{
	strbuf_t sb = STRBUF_INIT(0), capped = STRBUF_INIT(10);
	char want[200];

	(void)state;
	strbuf_adds(&sb, "x");
	strbuf_addf(&sb, "%0*d", (int)(sb.cap - sb.len - 1), 7);
	assert_int_equal(sb.len + 1, sb.cap);
	strbuf_addf(&sb, "%s-%d", "grown", 42);
	(void)snprintf(want, sizeof(want), "x%0*d%s", 62, 7, "grown-42");
	assert_string_equal(strbuf_str(&sb), want);
	assert_int_equal(sb.len, strlen(want));
	strbuf_dispose(&sb);

	strbuf_adds(&capped, "12345");
	strbuf_addf(&capped, "%s", "678901");
	assert_int_equal(strbuf_error(&capped), SG_ETOOBIG);
	assert_int_equal(capped.len, 5);
	assert_string_equal(strbuf_str(&capped), "12345");
	strbuf_dispose(&capped);
}

static void
test_json__quotes_runs_and_escapes(void **state)
{
	strbuf_t sb = STRBUF_INIT(0);
	json_t j;

	(void)state;
	json_quote(&sb, "plain");
	json_quote(&sb, "");
	json_quote(&sb, "a\"b\\c\nd\te\001f\177g");
	assert_string_equal(strbuf_str(&sb), "\"plain\"\"\""
	    "\"a\\\"b\\\\c\\nd\\te\\u0001f\\u007fg\"");
	strbuf_reset(&sb);
	json_init(&j, &sb);
	json_begin_array(&j, true);
	json_uint(&j, 0);
	json_uint(&j, 4094);
	json_uint(&j, UINT64_MAX);
	json_end_array(&j);
	assert_string_equal(strbuf_str(&sb),
	    "[0, 4094, 18446744073709551615]\n");
	strbuf_dispose(&sb);
}

/* a short text is formatted once, a long one into its own room */
static void
test_arena__printf_short_and_long(void **state)
{
	arena_t a;
	char *s, *l;

	(void)state;
	arena_init(&a);
	s = arena_printf(&a, "%s:%d", "acc1", 7);
	l = arena_printf(&a, "%0*d|", 300, 5);
	assert_string_equal(s, "acc1:7");
	assert_int_equal(strlen(l), 301);
	assert_int_equal(l[299], '5');
	assert_int_equal(l[300], '|');
	arena_dispose(&a);
}

static void
test_arena__allocations_are_zeroed_and_aligned(void **state)
{
	arena_t a = ARENA_INIT;
	char *big, *s;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		long double *p = arena_alloc(&a, sizeof(*p) * 3);

		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		assert_true(p[0] == 0 && p[2] == 0);
	}
	big = arena_alloc(&a, 200000);	/* larger than a chunk */
	assert_int_equal(big[199999], 0);
	s = arena_strndup(&a, "acc1:Gi1/0/5", 4);
	assert_string_equal(s, "acc1");
	arena_dispose(&a);
}

/* Text packs without padding; what follows it is aligned and zeroed. */
static void
test_arena__text_packs_and_objects_stay_aligned(void **state)
{
	arena_t a = ARENA_INIT;
	char *t1, *t2;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		long double *p;

		t1 = arena_strdup(&a, "ab");
		t2 = arena_printf(&a, "%d", i % 10);
#ifndef SG_DEBUG_ARENA
		if (i < 100)
			assert_ptr_equal(t2, t1 + 3);
#endif
		p = arena_alloc(&a, sizeof(*p));
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		assert_true(p[0] == 0);
		*p = 1.5L;
		assert_string_equal(t1, "ab");
		assert_int_equal(t2[0], '0' + i % 10);
	}
	arena_dispose(&a);
}

static void
test_prom__samples_escape_labels(void **state)
{
	strbuf_t m = STRBUF_INIT(0);

	(void)state;
	prom_gauge(&m, "spangen_x", "What x is.");
	prom_sample(&m, "spangen_x");
	prom_label(&m, "device", "a\"b\\c\nd");
	prom_label(&m, "session", "2");
	prom_value(&m, 1);
	prom_sample(&m, "spangen_y");
	prom_value(&m, 1765100000);
	assert_string_equal(strbuf_str(&m), "# HELP spangen_x What x is.\n"
	    "# TYPE spangen_x gauge\n"
	    "spangen_x{device=\"a\\\"b\\\\c\\nd\",session=\"2\"} 1\n"
	    "spangen_y 1765100000\n");
	strbuf_dispose(&m);
}

static void
test_file__replace_leaves_only_the_new_file(void **state)
{
	char dir[] = "/tmp/sg-file-XXXXXX", path[64], *text;
	sg_err_t err = SG_ERR_INIT;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/m.prom", dir);
	assert_int_equal(file_dir_writable(path, "--metrics", &err), 0);
	assert_int_equal(file_replace(path, "old\n", 4, &err), 0);
	assert_int_equal(file_replace(path, "new\n", 4, &err), 0);
	assert_int_equal(file_read(path, 100, &text, &len, &err), 0);
	assert_string_equal(text, "new\n");
	free(text);
	assert_int_equal(unlink(path), 0);
	/* nothing beside it: the temporary file was renamed */
	assert_int_equal(rmdir(dir), 0);
	(void)snprintf(path, sizeof(path), "%s/m.prom", dir);
	assert_int_equal(file_dir_writable(path, "--metrics X", &err), SG_EIO);
	assert_non_null(strstr(err.msg, "--metrics X: the directory "));
	assert_non_null(strstr(err.msg, " does not exist"));
	assert_int_equal(file_replace(path, "x", 1, &err), SG_EIO);
}

static void
test_parse__u32_accepts_only_digits(void **state)
{
	uint32_t v = 7;

	(void)state;
	assert_int_equal(parse_u32("4094", 4094, &v), 0);
	assert_int_equal(v, 4094);
	assert_int_equal(parse_u32("4095", 4094, &v), SG_EINVAL);
	assert_int_equal(parse_u32("", 10, &v), SG_EINVAL);
	assert_int_equal(parse_u32("-1", 10, &v), SG_EINVAL);
	assert_int_equal(parse_u32("+1", 10, &v), SG_EINVAL);
	assert_int_equal(parse_u32(" 1", 10, &v), SG_EINVAL);
	assert_int_equal(parse_u32("0x10", 100, &v), SG_EINVAL);
	assert_int_equal(parse_u32("99999999999999999999", UINT32_MAX, &v),
	    SG_EINVAL);
}

static void
test_parse__range_forms(void **state)
{
	uint32_t lo, hi;

	(void)state;
	assert_int_equal(parse_range("900-909", 4094, &lo, &hi), 0);
	assert_int_equal(lo, 900);
	assert_int_equal(hi, 909);
	assert_int_equal(parse_range("10", 4094, &lo, &hi), 0);
	assert_int_equal(lo, 10);
	assert_int_equal(hi, 10);
	assert_int_equal(parse_range("909-900", 4094, &lo, &hi), SG_EINVAL);
	assert_int_equal(parse_range("-5", 4094, &lo, &hi), SG_EINVAL);
	assert_int_equal(parse_range("5-", 4094, &lo, &hi), SG_EINVAL);
	assert_int_equal(parse_range("1-4095", 4094, &lo, &hi), SG_EINVAL);
	assert_int_equal(parse_range("1-2-3", 4094, &lo, &hi), SG_EINVAL);
}

static void
test_parse__addresses_and_hosts(void **state)
{
	char host[64];
	uint32_t port;

	(void)state;
	assert_int_equal(parse_ip("192.0.2.1"), ADDR_IPV4);
	assert_int_equal(parse_ip("2001:db8::1"), ADDR_IPV6);
	assert_int_equal(parse_ip("999.1.1.1"), ADDR_NONE);
	assert_int_equal(parse_ip("10.0.0"), ADDR_NONE);
	assert_true(valid_hostname("sw1.example.net"));
	assert_false(valid_hostname("-bad.example"));
	assert_false(valid_hostname("bad..example"));
	assert_false(valid_hostname("semi;colon"));

	assert_int_equal(parse_hostport("192.0.2.11", host, sizeof(host),
	    &port), 0);
	assert_string_equal(host, "192.0.2.11");
	assert_int_equal(port, 0);
	assert_int_equal(parse_hostport("127.0.0.1:2222", host, sizeof(host),
	    &port), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 2222);
	assert_int_equal(parse_hostport("[2001:db8::5]:830", host,
	    sizeof(host), &port), 0);
	assert_string_equal(host, "2001:db8::5");
	assert_int_equal(port, 830);
	assert_int_equal(parse_hostport("2001:db8::5", host, sizeof(host),
	    &port), 0);
	assert_int_equal(port, 0);
	assert_int_equal(parse_hostport("host:99999", host, sizeof(host),
	    &port), SG_EINVAL);
	assert_int_equal(parse_hostport("host:0", host, sizeof(host), &port),
	    SG_EINVAL);
	assert_int_equal(parse_hostport("[192.0.2.1]:22", host, sizeof(host),
	    &port), SG_EINVAL);
	assert_int_equal(parse_hostport("a b", host, sizeof(host), &port),
	    SG_EINVAL);
	assert_true(valid_env_name("SPANGEN_PASSWORD"));
	assert_false(valid_env_name("1ABC"));
	assert_false(valid_env_name("A-B"));
}

static void
test_ranges__contain_and_overlap(void **state)
{
	range_t av[] = { { 1, 899 }, { 1000, 1000 } };
	range_t bv[] = { { 900, 909 } };
	range_t cv[] = { { 899, 899 } };
	ranges_t a = { av, 2 }, b = { bv, 1 }, c = { cv, 1 };

	(void)state;
	assert_true(ranges_contain(&a, 1));
	assert_true(ranges_contain(&a, 1000));
	assert_false(ranges_contain(&a, 900));
	assert_false(ranges_overlap(&a, &b));
	assert_true(ranges_overlap(&a, &c));
}

static void
test_strmap__finds_what_was_added(void **state)
{
	strmap_t m = STRMAP_INIT;
	char keys[3000][16];
	size_t i, v;

	(void)state;
	for (i = 0; i < 3000; i++) {
		(void)snprintf(keys[i], sizeof(keys[i]), "sw%zu", i);
		assert_true(strmap_add(&m, keys[i], i));
	}
	assert_false(strmap_add(&m, "sw17", 5));
	for (i = 0; i < 3000; i++) {
		assert_true(strmap_get(&m, keys[i], &v));
		assert_int_equal(v, i);
	}
	assert_false(strmap_get(&m, "sw3000", &v));
	strmap_dispose(&m);
	assert_false(strmap_get(&m, "sw1", &v));
}

static void
display_is(const char *in, const char *want)
{
	strbuf_t sb = STRBUF_INIT(0);

	strbuf_add_display(&sb, in);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_dispose(&sb);
}

static void
test_strbuf__display_escapes_what_would_steer_a_terminal(void **state)
{
	(void)state;
	/* printable ASCII and ordinary non-ASCII text are shown as written */
	display_is("Gi1/0/1 'x' \xc3\xa9\xd0\xb0\xef\xbc\x9b",
	    "Gi1/0/1 'x' \xc3\xa9\xd0\xb0\xef\xbc\x9b");
	/* C0 controls and DEL: ANSI escapes, line breaks, backspace */
	display_is("\x1b[2J\r\nx\tq\b\x7f", "\\x1b[2J\\x0d\\x0ax\\x09q\\x08\\x7f");
	/* C1 CSI, bidi override and isolate, line separator, zero width, BOM */
	display_is("a\xc2\x9b" "b", "a\\u{009B}b");
	display_is("\xe2\x80\xae" "daolner", "\\u{202E}daolner");
	display_is("\xe2\x81\xa6x\xe2\x80\xa8y\xe2\x80\x8bz\xef\xbb\xbf",
	    "\\u{2066}x\\u{2028}y\\u{200B}z\\u{FEFF}");
	/* tag characters (4 bytes) */
	display_is("\xf3\xa0\x80\x81", "\\u{E0001}");
	/* spaces that pass for a plain one */
	display_is("a\xc2\xa0" "b\xe2\x80\xaf" "c\xe3\x80\x80" "d",
	    "a\\u{00A0}b\\u{202F}c\\u{3000}d");
	display_is("caf\xc3\xa9", "caf\xc3\xa9");
	/* not UTF-8: a stray continuation, an overlong '/', a surrogate, a
	 * sequence cut short by the end of the string */
	display_is("\x80", "\\x80");
	display_is("\xc0\xaf", "\\xc0\\xaf");
	display_is("\xed\xa0\x80", "\\xed\\xa0\\x80");
	display_is("ok\xe2\x80", "ok\\xe2\\x80");
}

static void
test_sg_err__message_is_safe_to_print(void **state)
{
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_int_equal(sg_err_set(&err, SG_EDEVICE, "sw refused '%s': %s",
	    "x", "% Invalid\x1b]0;owned\x07 \xe2\x80\xae"), SG_EDEVICE);
	assert_string_equal(err.msg,
	    "sw refused 'x': % Invalid\\x1b]0;owned\\x07 \\u{202E}");
}

/* A message cut to fit SG_ERR_MSGMAX: never inside a character or an escape. */
static void
test_sg_err__long_message_is_cut_cleanly(void **state)
{
	char text[SG_ERR_MSGMAX + 16];
	sg_err_t err;
	size_t pad, len;

	(void)state;
	/* a 2-byte character, a 4-byte escape, and a 8-byte escape, each
	 * placed so it straddles the last byte that fits */
	for (pad = SG_ERR_MSGMAX - 12; pad < SG_ERR_MSGMAX; pad++) {
		memset(text, 'a', pad);
		memcpy(text + pad, "\xc3\xa9\x1b\xe2\x80\xae", 7);
		text[pad + 7] = '\0';
		sg_err_clear(&err);
		(void)sg_err_set(&err, SG_EINVAL, "%s", text);
		len = strlen(err.msg);
		assert_true(len < SG_ERR_MSGMAX);
		assert_true(len >= SG_ERR_MSGMAX - 16);
		/* what is kept is a prefix of the whole escaped text */
		if (len > pad)
			assert_memory_equal(err.msg + pad,
			    "\xc3\xa9\\x1b\\u{202E}", len - pad);
		/* it does not end inside a character or an escape */
		assert_true(len <= pad || len == pad + 2 || len == pad + 6 ||
		    len == pad + 14);
	}
}

static void
test_strbuf__equal_compares_every_byte(void **state)
{
	strbuf_t a = STRBUF_INIT(0), b = STRBUF_INIT(0);

	(void)state;
	assert_true(strbuf_equal(&a, &b));
	strbuf_adds(&a, "monitor");
	assert_false(strbuf_equal(&a, &b));
	strbuf_adds(&b, "monitor");
	assert_true(strbuf_equal(&a, &b));
	/* a NUL inside the bytes is compared too, and so is the length */
	strbuf_add(&a, "\0x", 2);
	strbuf_add(&b, "\0y", 2);
	assert_false(strbuf_equal(&a, &b));
	strbuf_truncate(&b, a.len - 1);
	assert_false(strbuf_equal(&a, &b));
	strbuf_dispose(&a);
	strbuf_dispose(&b);
}

/* What a walk saw, one "KIND:REL" line per call; stops or skips at a name. */
struct seen {
	strbuf_t	 log;
	const char	*skip;
	const char	*stop;
	bool		 link_seen;
};

static int
record(void *ctx, const dirwalk_entry_t *e)
{
	static const char kinds[] = "FDPSR";
	struct seen *s = ctx;

	strbuf_addf(&s->log, "%c:%s\n", kinds[e->kind], e->rel);
	if (e->kind == DIRWALK_FILE && S_ISLNK(e->st->st_mode))
		s->link_seen = true;
	if (s->stop != NULL && strcmp(e->rel, s->stop) == 0)
		return SG_EINVAL;
	if (s->skip != NULL && strcmp(e->rel, s->skip) == 0)
		return DIRWALK_SKIP;
	return 0;
}

static int
remove_one(void *ctx, const dirwalk_entry_t *e)
{
	(void)ctx;
	if (e->kind == DIRWALK_DIR_DONE)
		return rmdir(e->path) == 0 ? 0 : SG_EIO;
	if (e->kind == DIRWALK_FILE)
		return unlink(e->path) == 0 ? 0 : SG_EIO;
	return 0;
}

static void
test_dirwalk__visits_the_tree_depth_first(void **state)
{
	char root[] = "/tmp/sg-dirwalk-XXXXXX", path[64];
	struct seen s = { STRBUF_INIT(0), NULL, NULL, false };
	struct stat st;
	const char *log;

	(void)state;
	assert_non_null(mkdtemp(root));
	(void)snprintf(path, sizeof(path), "%s/d", root);
	assert_int_equal(mkdir(path, 0700), 0);
	(void)snprintf(path, sizeof(path), "%s/d/f", root);
	assert_int_equal(close(creat(path, 0600)), 0);
	(void)snprintf(path, sizeof(path), "%s/d/l", root);
	assert_int_equal(symlink("f", path), 0);

	assert_int_equal(dirwalk(root, record, &s), 0);
	log = strbuf_str(&s.log);
	/* the two entries of d come in readdir order, the rest is fixed */
	assert_true(strcmp(log, "D:\nD:d\nF:d/f\nF:d/l\nP:d\nP:\n") == 0 ||
	    strcmp(log, "D:\nD:d\nF:d/l\nF:d/f\nP:d\nP:\n") == 0);
	/* a link is an entry of its own, not what it points at */
	assert_true(s.link_seen);

	strbuf_reset(&s.log);
	s.skip = "d";
	assert_int_equal(dirwalk(root, record, &s), 0);
	assert_string_equal(strbuf_str(&s.log), "D:\nD:d\nP:\n");

	/* anything else a callback returns ends the walk with that value */
	strbuf_reset(&s.log);
	s.skip = NULL;
	s.stop = "d/f";
	assert_int_equal(dirwalk(root, record, &s), SG_EINVAL);
	assert_null(strstr(strbuf_str(&s.log), "P:"));

	assert_int_equal(dirwalk(root, remove_one, NULL), 0);
	assert_int_not_equal(lstat(root, &st), 0);

	/* a root that is not there is reported to the callback */
	strbuf_reset(&s.log);
	s.stop = NULL;
	assert_int_equal(dirwalk(root, record, &s), 0);
	assert_string_equal(strbuf_str(&s.log), "S:\n");
	strbuf_dispose(&s.log);
}

/* qfmt must give what snprintf gives, in every buffer size. */
#define SAME_AS_SNPRINTF(...) do {					\
	char want[128], got[128];					\
	size_t size;							\
	int nw, ng;							\
									\
	for (size = 0; size <= sizeof(want); size++) {			\
		memset(want, 'x', sizeof(want));			\
		memset(got, 'x', sizeof(got));				\
		nw = snprintf(want, size, __VA_ARGS__);			\
		ng = qfmt_snprintf(got, size, __VA_ARGS__);		\
		assert_int_equal(ng, nw);				\
		assert_memory_equal(got, want, sizeof(want));		\
	}								\
} while (0)

static void
test_qfmt__matches_snprintf(void **state)
{
	const char *none = NULL;

	(void)state;
	SAME_AS_SNPRINTF("%zu|%d|%s", (size_t)12, 3, "interface Gi1/0/1");
	SAME_AS_SNPRINTF("%s '%s'", "switch", "acc1");
	SAME_AS_SNPRINTF("%s #%zu", "link", (size_t)10000);
	SAME_AS_SNPRINTF("vlan %u, 100%%, %c", 4094u, 'x');
	SAME_AS_SNPRINTF("%d %d %d", 0, -1, INT32_MIN);
	SAME_AS_SNPRINTF("%ld %lu %lld %llu", LONG_MIN, ULONG_MAX,
	    LLONG_MIN, ULLONG_MAX);
	SAME_AS_SNPRINTF("%zu %zd", SIZE_MAX, (ssize_t)-5);
	SAME_AS_SNPRINTF("[%s]", none);
	SAME_AS_SNPRINTF("%s", "");
	SAME_AS_SNPRINTF("no directive at all");
	/* what qfmt leaves to vsnprintf */
	SAME_AS_SNPRINTF("%5s|%-3d|%04x|%.2s|%p", "ab", 7, 255u, "abc",
	    (void *)&none);
	SAME_AS_SNPRINTF("%s %x", "mixed", 0xbeefu);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf__appends_and_stays_terminated),
		cmocka_unit_test(test_strbuf__limit_is_sticky),
		cmocka_unit_test(test_strbuf__addf_fits_grows_or_refuses),
		cmocka_unit_test(test_json__quotes_runs_and_escapes),
		cmocka_unit_test(test_arena__printf_short_and_long),
		cmocka_unit_test(test_qfmt__matches_snprintf),
		cmocka_unit_test(test_strbuf__equal_compares_every_byte),
		cmocka_unit_test(test_arena__allocations_are_zeroed_and_aligned),
		cmocka_unit_test(
		    test_arena__text_packs_and_objects_stay_aligned),
		cmocka_unit_test(test_prom__samples_escape_labels),
		cmocka_unit_test(test_file__replace_leaves_only_the_new_file),
		cmocka_unit_test(test_parse__u32_accepts_only_digits),
		cmocka_unit_test(test_parse__range_forms),
		cmocka_unit_test(test_parse__addresses_and_hosts),
		cmocka_unit_test(test_ranges__contain_and_overlap),
		cmocka_unit_test(test_strmap__finds_what_was_added),
		cmocka_unit_test(test_strbuf__display_escapes_what_would_steer_a_terminal),
		cmocka_unit_test(test_sg_err__message_is_safe_to_print),
		cmocka_unit_test(test_sg_err__long_message_is_cut_cleanly),
		cmocka_unit_test(test_dirwalk__visits_the_tree_depth_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
