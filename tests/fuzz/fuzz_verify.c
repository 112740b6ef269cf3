/*
 * Fuzz target: the frame parser of spangen verify.  The input is split at
 * 0xff 0xfe markers into frames, each fed with a caplen that cuts it short
 * every other time, to the same verifier, which then formats both reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dcs[] = { "10.0.0.10", "2001:db8::10" };
	sg_err_t err = SG_ERR_INIT;
	strbuf_t out = STRBUF_INIT(0);
	verify_t *v = NULL;
	size_t start = 0, i, n, k = 0;
	uint8_t *frame;

	if (verify_new(&v, dcs, 2, &err) != 0)
		abort();
	for (i = 0; i <= size; i++) {
		if (i < size && !(i + 1 < size && data[i] == 0xff &&
		    data[i + 1] == 0xfe))
			continue;
		n = i - start;
		/* an exact-size copy, so ASan sees any read past the end */
		frame = malloc(n > 0 ? n : 1);
		memcpy(frame, data + start, n);
		k++;
		verify_frame(v, frame, (k & 1) ? n / 2 : n, n, k * 1000);
		free(frame);
		start = i + 2;
		i++;
	}
	verify_format_text(&out, v, "fuzz");
	strbuf_reset(&out);
	verify_format_json(&out, v, "fuzz");
	(void)verify_passed(v);
	strbuf_dispose(&out);
	verify_free(v);
	return 0;
}
