/*
 * dev_script: devices changed by running the bundle's shell scripts over
 * SSH exec channels (Open vSwitch).  The bundle's state.sh prints the
 * managed facts, and the device must end up printing expected.txt; both
 * are compared as sets of lines, so the order a database returns rows or
 * set members in does not count as a change.  A script that exits non-zero
 * is the device refusing; exit status 3 says the host was read and lacks
 * what the bundle names, or holds something in its way.
 */
#include <stdlib.h>
#include <string.h>

#include "push/device_int.h"
#include "util/xmalloc.h"

struct script {
	ssh_conn_t	*conn;
	bool		 rollback;
};

#define BEFORE_EOF	"SPANGEN_BEFORE_EOF"

static int
script_init(device_t *d, bool rollback, sg_err_t *err)
{
	struct script *s = d->be;
	int rc = 0;

	s->rollback = rollback;
	if (d->t->state.data == NULL)
		rc = sg_err_set(err, SG_EINVAL, "%s: vendor %s has no state "
		    "script, so push cannot preview or check it; apply "
		    "intended.%s by hand", d->t->name, d->v->name, d->t->ext);
	else if (!rollback) {
		d->want = d->t->expected.data;
		d->want_len = d->t->expected.len;
	}
	return rc;
}

static void
script_close(device_t *d)
{
	struct script *s = d->be;

	ssh_conn_close(s->conn);
	s->conn = NULL;
}

static int
script_connect(device_t *d)
{
	struct script *s = d->be;

	script_close(d);
	return device_ssh_open(d, &s->conn);
}

/* Runs a bundle script with sh; a non-zero exit is the device refusing. */
static int
run_script(device_t *d, const push_text_t *script, strbuf_t *out)
{
	struct script *s = d->be;
	strbuf_t errout = STRBUF_INIT(64 * 1024);
	int status, rc;

	if (d->log != NULL)
		(void)fprintf(d->log, "> sh -s  (%zu bytes of script)\n",
		    script->len);
	rc = ssh_conn_run(s->conn, "sh -s", script->data, script->len, out,
	    &errout, &status, &d->err);
	if (d->log != NULL) {
		(void)fprintf(d->log, "< exit status %d\n%s", status,
		    strbuf_str(&errout));
		(void)fflush(d->log);
	}
	if (rc == 0 && status != 0) {
		const char *e = strbuf_str(&errout);
		size_t n = strcspn(e, "\n");

		/* the bundle's scripts exit 3: the host lacks what it names */
		d->refused_for_state = status == 3;
		rc = sg_err_set(&d->err, SG_EDEVICE, "%s: the script exited "
		    "with status %d%s%.*s", d->t->name, status, n > 0 ? ": " :
		    "", (int)n, e);
	}
	strbuf_dispose(&errout);
	return rc;
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A state line with its comma lists sorted and empty items dropped, so
 * the order OVSDB returns a set in does not count as a change.
 */
static void
canon_line(strbuf_t *out, char *line)
{
	char *tok, *save = NULL, *items[256], *eq, *item, *s2;
	size_t n, i;
	bool first = true;

	for (tok = strtok_r(line, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (!first)
			strbuf_addc(out, ' ');
		first = false;
		if ((eq = strchr(tok, '=')) == NULL) {
			strbuf_adds(out, tok);
			continue;
		}
		*eq = '\0';
		strbuf_addf(out, "%s=", tok);
		n = 0;
		for (item = strtok_r(eq + 1, ",", &s2); item != NULL &&
		    n < 256; item = strtok_r(NULL, ",", &s2))
			items[n++] = item;
		if (n > 0)
			qsort(items, n, sizeof(*items), cmp_line);
		for (i = 0; i < n; i++)
			strbuf_addf(out, "%s%s", i > 0 ? "," : "", items[i]);
	}
	strbuf_addc(out, '\n');
}

/* Script state: lines canonical, blank lines dropped, sorted. */
static void
canon_state(strbuf_t *out, const char *text, size_t len)
{
	char *copy = xmalloc(len + 1), **lines = NULL, *line, *save = NULL;
	size_t n = 0, i;

	memcpy(copy, text, len);
	copy[len] = '\0';
	for (line = strtok_r(copy, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save)) {
		if (line[strspn(line, " \t")] == '\0')
			continue;
		lines = xreallocarray(lines, n + 1, sizeof(*lines));
		lines[n++] = line;
	}
	if (n > 0)
		qsort(lines, n, sizeof(*lines), cmp_line);
	strbuf_reset(out);
	for (i = 0; i < n; i++)
		canon_line(out, lines[i]);
	free(lines);
	free(copy);
}

/* before is what state.sh prints; after is what it should print. */
static int
script_read(device_t *d, strbuf_t *raw, strbuf_t *before, strbuf_t *after)
{
	int rc;

	strbuf_reset(raw);
	strbuf_reset(before);
	strbuf_reset(after);
	if ((rc = run_script(d, &d->t->state, raw)) != 0)
		goto out;
	canon_state(before, strbuf_str(raw), raw->len);
	if (d->want != NULL)
		canon_state(after, d->want, d->want_len);
	else
		strbuf_add(after, strbuf_str(before), before->len);
 out:
	return rc;
}

/*
 * The exact inverse of a push: the bundle's rollback script, told what
 * state.sh printed before the change (spangen_before), which it keeps or
 * puts back.  The facts go in as a quoted here-document, so only text
 * that cannot end or escape one is passed: OVSDB names of letters,
 * digits and _ . , : = / @ -.  Anything else leaves the script as
 * rendered, which takes back every change.
 */
static void
script_exact(device_t *d)
{
	const char *r = d->t->rollback.data, *nl, *raw = strbuf_str(&d->raw);
	size_t i, head = 0;

	for (i = 0; i < d->raw.len; i++)
		if (raw[i] != '\n' && strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _.,:=/@-",
		    raw[i]) == NULL) {
			if (d->log != NULL)
				(void)fprintf(d->log, "! the state holds a "
				    "byte (0x%02x) that is not passed to the "
				    "rollback: it takes back every change\n",
				    (unsigned char)raw[i]);
			return;
		}
	if (r == NULL)
		return;
	if (strncmp(r, "#!", 2) == 0 && (nl = memchr(r, '\n',
	    d->t->rollback.len)) != NULL)
		head = (size_t)(nl - r) + 1;
	strbuf_reset(&d->inverse);
	strbuf_add(&d->inverse, r, head);
	strbuf_adds(&d->inverse, "# spangen: what state.sh printed before the "
	    "push this undoes\nspangen_before=$(cat <<'" BEFORE_EOF "'\n");
	strbuf_add(&d->inverse, raw, d->raw.len);
	if (d->raw.len > 0 && raw[d->raw.len - 1] != '\n')
		strbuf_addc(&d->inverse, '\n');
	strbuf_adds(&d->inverse, BEFORE_EOF "\n)\n");
	strbuf_add(&d->inverse, r + head, d->t->rollback.len - head);
	d->exact.data = d->inverse.ptr;
	d->exact.len = d->inverse.len;
	d->undo = &d->exact;
}

static int
script_preview(device_t *d)
{
	struct script *s = d->be;
	int rc;

	if ((rc = script_connect(d)) != 0)
		rc = device_fail(d, "connect", rc);
	else if ((rc = script_read(d, &d->raw, &d->before, &d->after)) == 0) {
		d->changes = !d->ops->same(&d->before, &d->after);
		if (d->changes && !s->rollback)
			script_exact(d);
	}
	return rc;
}

static int
script_apply(device_t *d)
{
	strbuf_reset(&d->raw);
	return run_script(d, d->change, &d->raw);
}

static int
script_check(device_t *d)
{
	return device_text_check(d, script_read);
}

/* A script has no timer to stop and nothing to save. */
static int
script_confirm(device_t *d)
{
	(void)d;
	return 0;
}

static void
script_undo(device_t *d)
{
	struct script *s = d->be;
	strbuf_t out = STRBUF_INIT(DEVICE_STATE_MAX);
	bool same = false;

	sg_err_clear(&d->err);
	if (d->log != NULL)
		(void)fprintf(d->log, "! undo\n");
	/* a dropped session is reconnected once to undo */
	if (s->conn == NULL)
		(void)script_connect(d);
	if (s->conn != NULL) {
		(void)run_script(d, d->undo, &out);
		sg_err_clear(&d->err);
		same = device_text_reverted(d, script_read);
	}
	d->state = same ? DEV_REVERTED : DEV_UNKNOWN;
	strbuf_dispose(&out);
}

/* The facts a script prints name no objects to summarise. */
static size_t
script_summarise(const device_t *d, strbuf_t *out)
{
	(void)d;
	(void)out;
	return 0;
}

const struct device_ops dev_script_ops = {
	.transport = PUSH_TR_SSH_EXEC,
	.be_size = sizeof(struct script),
	.before_file = "before.txt",
	.init = script_init,
	.preview = script_preview,
	.apply = script_apply,
	.check = script_check,
	.confirm = script_confirm,
	.undo = script_undo,
	/* closing an SSH session that broke is all it takes to drop it */
	.forget = script_close,
	.close = script_close,
	.summarise = script_summarise,
	.same = strbuf_equal,
};
