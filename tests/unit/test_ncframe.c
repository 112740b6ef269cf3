/*
 * The NETCONF framer: both framings fed in every split, the RFC 6242
 * chunk grammar's corner cases, the size cap, and the encoder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"
#include "transport/ncframe.h"

/* What a stream decoded to: the messages joined with '|', or the error. */
typedef struct {
	strbuf_t	 msgs;
	size_t		 n;
	int		 rc;
	sg_err_t	 err;
} result_t;

static void
result_dispose(result_t *r)
{
	strbuf_dispose(&r->msgs);
}

/*
 * Feeds data in pieces of at most step bytes (after a first piece of
 * first bytes, when first > 0), switching to chunked framing after the
 * first message when switch_after_first is set.
 */
static void
decode(result_t *r, ncframe_t *f, const char *data, size_t len, size_t first,
    size_t step, bool switch_after_first)
{
	size_t off = 0, piece, used;
	char *msg;
	size_t mlen;
	int rc;

	memset(r, 0, sizeof(*r));
	strbuf_init(&r->msgs, 0);
	while (off < len) {
		piece = off == 0 && first > 0 ? first : step;
		if (piece > len - off)
			piece = len - off;
		while (piece > 0) {
			rc = ncframe_feed(f, data + off, piece, &used, &r->err);
			assert_true(used <= piece);
			off += used;
			piece -= used;
			if (rc < 0) {
				r->rc = rc;
				return;
			}
			if (rc == 1) {
				msg = ncframe_take(f, &mlen);
				assert_int_equal(strlen(msg), mlen);
				if (r->n++ > 0)
					strbuf_addc(&r->msgs, '|');
				strbuf_add(&r->msgs, msg, mlen);
				free(msg);
				if (switch_after_first && r->n == 1)
					ncframe_set_mode(f, NCFRAME_CHUNKED);
			} else {
				/* wanting more means it took everything */
				assert_int_equal(piece, 0);
			}
		}
	}
}

/* Decodes one stream in a fresh framer; returns its messages or error. */
static void
decode_fresh(result_t *r, ncframe_mode_t mode, size_t max, const char *data,
    size_t first, size_t step)
{
	ncframe_t *f = ncframe_new("sw1", max);

	ncframe_set_mode(f, mode);
	decode(r, f, data, strlen(data), first, step, false);
	ncframe_free(f);
}

static void
expect_messages(ncframe_mode_t mode, const char *stream, const char *want,
    size_t nwant)
{
	size_t len = strlen(stream), cut, step;
	result_t r;

	/* every two-piece split, then every piece size */
	for (cut = 1; cut <= len; cut++) {
		decode_fresh(&r, mode, 0, stream, cut, len);
		assert_int_equal(r.rc, 0);
		assert_string_equal(strbuf_str(&r.msgs), want);
		assert_int_equal(r.n, nwant);
		result_dispose(&r);
	}
	for (step = 1; step <= len; step++) {
		decode_fresh(&r, mode, 0, stream, 0, step);
		assert_int_equal(r.rc, 0);
		assert_string_equal(strbuf_str(&r.msgs), want);
		assert_int_equal(r.n, nwant);
		result_dispose(&r);
	}
}

static void
expect_error(ncframe_mode_t mode, size_t max, const char *stream, int code,
    const char *msg)
{
	size_t len = strlen(stream), step;
	result_t r;

	for (step = 1; step <= len; step++) {
		decode_fresh(&r, mode, max, stream, 0, step);
		assert_int_equal(r.rc, code);
		assert_string_equal(r.err.msg, msg);
		result_dispose(&r);
	}
}

static void
test_ncframe__chunked_message_split_at_every_byte(void **state)
{
	(void)state;
	expect_messages(NCFRAME_CHUNKED,
	    "\n#4\n<rpc\n#17\n message-id=\"1\"/>\n##\n",
	    "<rpc message-id=\"1\"/>", 1);
	/* chunk data may hold anything, framing characters included */
	expect_messages(NCFRAME_CHUNKED, "\n#10\n\n##\n#3\n]]>\n##\n",
	    "\n##\n#3\n]]>", 1);
}

static void
test_ncframe__several_messages_in_one_buffer(void **state)
{
	(void)state;
	expect_messages(NCFRAME_CHUNKED,
	    "\n#1\na\n##\n\n#2\nbc\n#1\nd\n##\n\n#12\n<rpc-reply/>\n##\n",
	    "a|bcd|<rpc-reply/>", 3);
	expect_messages(NCFRAME_EOM, "<a/>]]>]]><b/>]]>]]>]]>]]>",
	    "<a/>|<b/>|", 3);
}

static void
test_ncframe__eom_delimiter_split_across_reads(void **state)
{
	(void)state;
	expect_messages(NCFRAME_EOM, "<hello/>]]>]]>", "<hello/>", 1);
	/* near misses stay in the message; the delimiter overlaps itself */
	expect_messages(NCFRAME_EOM, "a]]>]]b]]]>]]>", "a]]>]]b]", 1);
	expect_messages(NCFRAME_EOM, "x]]>]]]>]]>", "x]]>]", 1);
	expect_messages(NCFRAME_EOM, "]]]]]>]]>]]>", "]]]", 1);
}

static void
test_ncframe__incomplete_input_yields_nothing(void **state)
{
	result_t r;

	(void)state;
	decode_fresh(&r, NCFRAME_EOM, 0, "<a/>]]>]]", 0, 3);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 0);
	result_dispose(&r);
	decode_fresh(&r, NCFRAME_CHUNKED, 0, "\n#3\nabc\n#", 0, 2);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 0);
	result_dispose(&r);
}

static void
test_ncframe__switches_framing_after_the_hello(void **state)
{
	static const char stream[] =
	    "<hello/>]]>]]>\n#8\n<ok/>\n\n\n\n##\n";
	size_t len = sizeof(stream) - 1, cut;
	ncframe_t *f;
	result_t r;

	(void)state;
	for (cut = 1; cut <= len; cut++) {
		f = ncframe_new("sw1", 0);
		decode(&r, f, stream, len, cut, len, true);
		if (r.rc != 0) fail_msg("cut %zu: %s", cut, r.err.msg);
		assert_int_equal(r.rc, 0);
		assert_string_equal(strbuf_str(&r.msgs),
		    "<hello/>|<ok/>\n\n\n");
		assert_int_equal(ncframe_mode(f), NCFRAME_CHUNKED);
		result_dispose(&r);
		ncframe_free(f);
	}
}

static void
test_ncframe__huge_chunk_headers_are_refused(void **state)
{
	(void)state;
	/* the largest legal size passes the grammar; the cap stops it */
	expect_error(NCFRAME_CHUNKED, 1024, "\n#4294967295\n", SG_ETOOBIG,
	    "sw1: NETCONF framing: a message over 1024 bytes");
	expect_error(NCFRAME_CHUNKED, 0, "\n#4294967296\n", SG_EINVAL,
	    "sw1: NETCONF framing: a chunk size over 4294967295");
	expect_error(NCFRAME_CHUNKED, 0,
	    "\n#99999999999999999999999999999999999999\n", SG_EINVAL,
	    "sw1: NETCONF framing: a chunk size over 4294967295");
}

static void
test_ncframe__bad_chunk_sizes_are_refused(void **state)
{
	(void)state;
	expect_error(NCFRAME_CHUNKED, 0, "\n#0\n", SG_EINVAL,
	    "sw1: NETCONF framing: a chunk size starts with 0");
	expect_error(NCFRAME_CHUNKED, 0, "\n#012\nabcdefghijkl\n##\n",
	    SG_EINVAL, "sw1: NETCONF framing: a chunk size starts with 0");
	expect_error(NCFRAME_CHUNKED, 0, "\n#1a\n", SG_EINVAL,
	    "sw1: NETCONF framing: expected a digit or a newline in a chunk "
	    "size, got 'a'");
	expect_error(NCFRAME_CHUNKED, 0, "\n#\n", SG_EINVAL,
	    "sw1: NETCONF framing: expected a chunk size or '#', got byte "
	    "0x0a");
	expect_error(NCFRAME_CHUNKED, 0, "\n# 5\nhello", SG_EINVAL,
	    "sw1: NETCONF framing: expected a chunk size or '#', got byte "
	    "0x20");
	expect_error(NCFRAME_CHUNKED, 0, "\n#-1\n", SG_EINVAL,
	    "sw1: NETCONF framing: expected a chunk size or '#', got '-'");
}

static void
test_ncframe__missing_delimiters_are_refused(void **state)
{
	(void)state;
	/* no newline before the first header */
	expect_error(NCFRAME_CHUNKED, 0, "#5\nhello\n##\n", SG_EINVAL,
	    "sw1: NETCONF framing: expected a newline before a chunk header, "
	    "got '#'");
	/* no newline after the size */
	expect_error(NCFRAME_CHUNKED, 0, "\n#5hello\n##\n", SG_EINVAL,
	    "sw1: NETCONF framing: expected a digit or a newline in a chunk "
	    "size, got 'h'");
	/* data longer than announced */
	expect_error(NCFRAME_CHUNKED, 0, "\n#5\nhello!\n##\n", SG_EINVAL,
	    "sw1: NETCONF framing: expected a newline before a chunk header, "
	    "got '!'");
	/* no newline after the end marker */
	expect_error(NCFRAME_CHUNKED, 0, "\n#5\nhello\n##x", SG_EINVAL,
	    "sw1: NETCONF framing: expected a newline after \"##\", got 'x'");
	/* "\n#" without a second '#' or a size */
	expect_error(NCFRAME_CHUNKED, 0, "\n#5\nhello\nx", SG_EINVAL,
	    "sw1: NETCONF framing: expected '#' in a chunk header, got 'x'");
	/* an end marker with no chunk before it */
	expect_error(NCFRAME_CHUNKED, 0, "\n##\n", SG_EINVAL,
	    "sw1: NETCONF framing: end of chunks before the first chunk");
	/* a base:1.0 message after the switch to chunks */
	expect_error(NCFRAME_CHUNKED, 0, "<rpc-reply/>]]>]]>", SG_EINVAL,
	    "sw1: NETCONF framing: expected a newline before a chunk header, "
	    "got '<'");
}

static void
test_ncframe__messages_over_the_cap_are_refused(void **state)
{
	result_t r;

	(void)state;
	/* exactly at the cap passes in both framings */
	expect_messages(NCFRAME_EOM, "0123456789]]>]]>", "0123456789", 1);
	decode_fresh(&r, NCFRAME_EOM, 10, "0123456789]]>]]>", 0, 1);
	assert_int_equal(r.rc, 0);
	assert_string_equal(strbuf_str(&r.msgs), "0123456789");
	result_dispose(&r);
	decode_fresh(&r, NCFRAME_CHUNKED, 10, "\n#6\n012345\n#4\n6789\n##\n",
	    0, 1);
	assert_int_equal(r.rc, 0);
	assert_string_equal(strbuf_str(&r.msgs), "0123456789");
	result_dispose(&r);
	/* one byte more does not */
	expect_error(NCFRAME_EOM, 10, "0123456789A]]>]]>", SG_ETOOBIG,
	    "sw1: NETCONF framing: a message over 10 bytes");
	expect_error(NCFRAME_CHUNKED, 10, "\n#6\n012345\n#5\n6789A\n##\n",
	    SG_ETOOBIG, "sw1: NETCONF framing: a message over 10 bytes");
	/* a delimiter that never comes cannot grow the buffer without end */
	expect_error(NCFRAME_EOM, 10, "]]>]]]]>]]]]>]]]]>]]", SG_ETOOBIG,
	    "sw1: NETCONF framing: a message over 10 bytes");
}

static void
test_ncframe__errors_are_sticky(void **state)
{
	ncframe_t *f = ncframe_new("sw1", 0);
	sg_err_t err = SG_ERR_INIT;
	size_t used;

	(void)state;
	ncframe_set_mode(f, NCFRAME_CHUNKED);
	assert_int_equal(ncframe_feed(f, "\n#0", 3, &used, &err), SG_EINVAL);
	sg_err_clear(&err);
	/* a valid message afterwards does not resynchronise the stream */
	assert_int_equal(ncframe_feed(f, "\n#1\na\n##\n", 9, &used, &err),
	    SG_EINVAL);
	assert_int_equal(used, 0);
	assert_string_equal(err.msg,
	    "sw1: NETCONF framing: a chunk size starts with 0");
	ncframe_free(f);
}

static void
test_ncframe__encoder_round_trips_in_both_framings(void **state)
{
	strbuf_t out = STRBUF_INIT(0), big = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;
	result_t r;
	size_t i;

	(void)state;
	assert_int_equal(ncframe_encode(&out, NCFRAME_CHUNKED, "<rpc/>", 6,
	    &err), 0);
	assert_string_equal(strbuf_str(&out), "\n#6\n<rpc/>\n##\n");
	strbuf_reset(&out);
	assert_int_equal(ncframe_encode(&out, NCFRAME_EOM, "<rpc/>", 6, &err),
	    0);
	assert_string_equal(strbuf_str(&out), "<rpc/>]]>]]>");
	strbuf_reset(&out);
	/* large messages go out in several chunks and come back whole */
	for (i = 0; i < 3 * NCFRAME_CHUNK_MAX + 17; i++)
		strbuf_addc(&big, (char)('a' + i % 26));
	assert_int_equal(ncframe_encode(&out, NCFRAME_CHUNKED, big.ptr,
	    big.len, &err), 0);
	assert_int_equal(strncmp(out.ptr, "\n#65536\n", 8), 0);
	assert_non_null(strstr(out.ptr, "\n#17\n"));
	decode_fresh(&r, NCFRAME_CHUNKED, 0, out.ptr, 0, 4093);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(strbuf_str(&r.msgs), big.ptr);
	result_dispose(&r);
	strbuf_dispose(&big);
	strbuf_dispose(&out);
}

static void
test_ncframe__encoder_refuses_what_cannot_be_framed(void **state)
{
	static const char comment[] = "<rpc><!-- ]]>]]> --></rpc>";
	strbuf_t out = STRBUF_INIT(0);
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_int_equal(ncframe_encode(&out, NCFRAME_EOM, comment,
	    sizeof(comment) - 1, &err), SG_EINVAL);
	assert_string_equal(err.msg, "a message containing \"]]>]]>\" cannot "
	    "be sent with base:1.0 framing");
	assert_int_equal(out.len, 0);
	/* chunked framing carries it */
	assert_int_equal(ncframe_encode(&out, NCFRAME_CHUNKED, comment,
	    sizeof(comment) - 1, NULL), 0);
	sg_err_clear(&err);
	assert_int_equal(ncframe_encode(&out, NCFRAME_CHUNKED, "", 0, &err),
	    SG_EINVAL);
	assert_string_equal(err.msg, "an empty message cannot be sent with "
	    "base:1.1 framing");
	strbuf_dispose(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_ncframe__chunked_message_split_at_every_byte),
		cmocka_unit_test(test_ncframe__several_messages_in_one_buffer),
		cmocka_unit_test(
		    test_ncframe__eom_delimiter_split_across_reads),
		cmocka_unit_test(test_ncframe__incomplete_input_yields_nothing),
		cmocka_unit_test(
		    test_ncframe__switches_framing_after_the_hello),
		cmocka_unit_test(test_ncframe__huge_chunk_headers_are_refused),
		cmocka_unit_test(test_ncframe__bad_chunk_sizes_are_refused),
		cmocka_unit_test(test_ncframe__missing_delimiters_are_refused),
		cmocka_unit_test(
		    test_ncframe__messages_over_the_cap_are_refused),
		cmocka_unit_test(test_ncframe__errors_are_sticky),
		cmocka_unit_test(
		    test_ncframe__encoder_round_trips_in_both_framings),
		cmocka_unit_test(
		    test_ncframe__encoder_refuses_what_cannot_be_framed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
