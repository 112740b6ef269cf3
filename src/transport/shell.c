/*
 * shell: see shell.h.  The device's replies are read into one buffer with
 * carriage returns and paging prompts removed; a reply is complete when
 * its last line is the device's prompt.  The prompt is learnt at login
 * (the host name part), so a configuration line that merely looks like a
 * prompt in the middle of a long reply does not end it early.
 */
#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "transport/shell.h"
#include "util/xmalloc.h"

#define SHELL_REPLY_MAX	(32u * 1024 * 1024)
/* pager prompts: IOS XE, NX-OS and EOS; AOS-CX */
static const char *const more_marks[] = { "--More--", "-- MORE --" };
#define USER_PROMPT	"^[A-Za-z0-9._-]+>[[:space:]]*$"

struct shell {
	ssh_shell_t	*ch;
	const char	*device;
	const vendor_cli_t *cli;
	regex_t		 prompt, config_prompt;
	regex_t		 user_prompt;	/* before enable, when there is one */
	bool		 has_user_prompt;
	regex_t		*errors;
	size_t		 nerrors;
	char		 host[128];	/* what every prompt starts with */
	int		 timeout_ms;
	FILE		*log;
};

static long
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
log_text(shell_t *sh, const char *dir, const char *text, size_t len)
{
	size_t i, start = 0;

	if (sh->log == NULL)
		return;
	for (i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			if (i > start || i < len)
				(void)fprintf(sh->log, "%s %.*s\n", dir,
				    (int)(i - start), text + start);
			start = i + 1;
		}
	}
	(void)fflush(sh->log);
}

/* Removes carriage returns, and backspace-erased characters some devices
 * send after a paging prompt. */
static void
clean(strbuf_t *sb, size_t from)
{
	char *s = sb->ptr;
	size_t r, w = from;

	if (s == NULL)
		return;
	for (r = from; r < sb->len; r++) {
		if (s[r] == '\r')
			continue;
		if (s[r] == '\b') {
			if (w > from)
				w--;
			continue;
		}
		s[w++] = s[r];
	}
	sb->len = w;
	s[w] = '\0';
}

static const char *
last_line(const strbuf_t *sb)
{
	const char *nl = strrchr(strbuf_str(sb), '\n');

	return nl != NULL ? nl + 1 : strbuf_str(sb);
}

/*
 * Where a pager prompt starts in the last line of sb, or NULL.  Devices
 * print it at the start of a line; the same words inside a configuration
 * line (a description, a banner) are not one.
 */
static char *
find_more(const strbuf_t *sb)
{
	const char *line = last_line(sb), *at = line;
	size_t i;

	while (*at == ' ')
		at++;
	for (i = 0; i < sizeof(more_marks) / sizeof(more_marks[0]); i++)
		if (strncmp(at, more_marks[i], strlen(more_marks[i])) == 0)
			return sb->ptr + (line - sb->ptr);
	return NULL;
}

static bool
at_prompt(const shell_t *sh, const strbuf_t *sb)
{
	const char *line = last_line(sb);

	if (sh->host[0] != '\0' &&
	    strncmp(line, sh->host, strlen(sh->host)) != 0)
		return false;
	return regexec(&sh->prompt, line, 0, NULL, 0) == 0 ||
	    regexec(&sh->config_prompt, line, 0, NULL, 0) == 0 ||
	    (sh->has_user_prompt &&
	    regexec(&sh->user_prompt, line, 0, NULL, 0) == 0);
}

/*
 * Reads until the prompt.  With settle_ms, the prompt must also be
 * followed by that long a silence: at login a banner may hold text that
 * looks like a prompt.
 */
static int
read_to_prompt(shell_t *sh, strbuf_t *sb, int settle_ms, sg_err_t *err)
{
	long deadline = now_ms() + sh->timeout_ms, quiet_since = -1;
	bool paged = false;
	size_t before;
	char *more;
	int rc;

	for (;;) {
		before = sb->len;
		if ((rc = ssh_shell_read(sh->ch, sb, 50, err)) != 0)
			return rc;
		if (strbuf_error(sb) != 0)
			return sg_err_set(err, SG_ETOOBIG, "%s: a reply over "
			    "%u bytes", sh->device, SHELL_REPLY_MAX);
		if (sb->len > before) {
			clean(sb, before > 0 ? before - 1 : 0);
			quiet_since = -1;
			deadline = now_ms() + sh->timeout_ms;
		}
		if ((more = find_more(sb)) != NULL) {
			/* paging is on after all: take the next page */
			if (sh->log != NULL && !paged)
				(void)fprintf(sh->log, "! %s: paging is still on; "
				    "answering its pager prompts (check the "
				    "descriptor's cli.paging_off)\n", sh->device);
			paged = true;
			sb->len = (size_t)(more - sb->ptr);
			sb->ptr[sb->len] = '\0';
			if ((rc = ssh_shell_write(sh->ch, " ", 1, err)) != 0)
				return rc;
			continue;
		}
		if (at_prompt(sh, sb)) {
			if (settle_ms == 0)
				return 0;
			if (quiet_since < 0)
				quiet_since = now_ms();
			else if (now_ms() - quiet_since >= settle_ms)
				return 0;
		}
		if (now_ms() > deadline)
			return sg_err_set(err, SG_ETIMEOUT, "%s: no prompt "
			    "within %d s", sh->device, sh->timeout_ms / 1000);
	}
}

static int
compile(regex_t *re, const char *pattern, const char *device, sg_err_t *err)
{
	if (regcomp(re, pattern, REG_EXTENDED | REG_NOSUB | REG_NEWLINE) != 0)
		return sg_err_set(err, SG_EINVAL, "%s: the vendor's pattern "
		    "'%s' does not compile", device, pattern);
	return 0;
}

/* The host name in a prompt such as "acc1#" or "acc1(config)#". */
static void
learn_host(shell_t *sh, const char *prompt)
{
	size_t n = strcspn(prompt, "#>(@");

	if (n >= sizeof(sh->host))
		n = 0;
	memcpy(sh->host, prompt, n);
	sh->host[n] = '\0';
}

/*
 * Privileged mode.  spangen never sends an enable secret: an account that
 * needs one is refused with a clear message instead of a timeout.
 */
static int
enable(shell_t *sh, sg_err_t *err)
{
	strbuf_t sb = STRBUF_INIT(SHELL_REPLY_MAX);
	long deadline = now_ms() + sh->timeout_ms;
	int rc;

	if (sh->log != NULL)
		(void)fprintf(sh->log, "> %s\n", sh->cli->enable);
	if ((rc = ssh_shell_write(sh->ch, sh->cli->enable,
	    strlen(sh->cli->enable), err)) != 0 ||
	    (rc = ssh_shell_write(sh->ch, "\n", 1, err)) != 0)
		goto out;
	while (!at_prompt(sh, &sb)) {
		if (strstr(last_line(&sb), "assword") != NULL) {
			rc = sg_err_set(err, SG_EAUTH, "%s: enable asks for a "
			    "password; spangen sends no enable secret: give "
			    "the account privileged access at login",
			    sh->device);
			goto out;
		}
		if (now_ms() > deadline) {
			rc = sg_err_set(err, SG_ETIMEOUT, "%s: no prompt after "
			    "enable within %d s", sh->device,
			    sh->timeout_ms / 1000);
			goto out;
		}
		if ((rc = ssh_shell_read(sh->ch, &sb, 50, err)) != 0)
			goto out;
		clean(&sb, 0);
	}
	log_text(sh, "<", strbuf_str(&sb), sb.len);
	if (regexec(&sh->user_prompt, last_line(&sb), 0, NULL, 0) == 0)
		rc = sg_err_set(err, SG_EAUTH, "%s: still in user mode after "
		    "enable", sh->device);
	sh->has_user_prompt = false;
 out:
	strbuf_dispose(&sb);
	return rc;
}

int
shell_open(shell_t **out, ssh_conn_t *c, const char *device,
    const vendor_cli_t *cli, int timeout_s, FILE *log, sg_err_t *err)
{
	shell_t *sh = xcalloc(1, sizeof(*sh));
	strbuf_t sb = STRBUF_INIT(SHELL_REPLY_MAX);
	size_t i;
	int rc;

	*out = NULL;
	sh->device = device;
	sh->cli = cli;
	sh->timeout_ms = timeout_s * 1000;
	sh->log = log;
	if ((rc = compile(&sh->prompt, cli->prompt, device, err)) != 0) {
		free(sh);
		return rc;
	}
	if ((rc = compile(&sh->config_prompt, cli->config_prompt, device,
	    err)) != 0) {
		regfree(&sh->prompt);
		free(sh);
		return rc;
	}
	/*
	 * A dialect with an enable command may log in at the user exec
	 * prompt (NAME>); that prompt ends a reply only until enable.
	 */
	if (cli->enable != NULL) {
		if ((rc = compile(&sh->user_prompt, USER_PROMPT, device,
		    err)) != 0) {
			regfree(&sh->prompt);
			regfree(&sh->config_prompt);
			free(sh);
			return rc;
		}
		sh->has_user_prompt = true;
	}
	sh->errors = xcalloc(cli->nerrors + 1, sizeof(*sh->errors));
	for (i = 0; i < cli->nerrors; i++, sh->nerrors++)
		if ((rc = compile(&sh->errors[i], cli->errors[i], device,
		    err)) != 0)
			goto fail;
	if ((rc = ssh_shell_open(&sh->ch, c, err)) != 0 ||
	    (rc = read_to_prompt(sh, &sb, 300, err)) != 0)
		goto fail;
	log_text(sh, "<", strbuf_str(&sb), sb.len);
	learn_host(sh, last_line(&sb));
	if ((cli->paging_off != NULL &&
	    (rc = shell_cmd(sh, cli->paging_off, NULL, err)) != 0) ||
	    (cli->enable != NULL && (rc = enable(sh, err)) != 0))
		goto fail;
	strbuf_dispose(&sb);
	*out = sh;
	return 0;
 fail:
	strbuf_dispose(&sb);
	shell_close(sh);
	return rc;
}

/* The first reply line that matches an error pattern, or NULL. */
static const char *
error_line(const shell_t *sh, const char *reply, size_t *len)
{
	const char *line = reply, *nl;
	char buf[1024];
	size_t i, n;

	for (; *line != '\0'; line = *nl != '\0' ? nl + 1 : nl) {
		nl = line + strcspn(line, "\n");
		n = (size_t)(nl - line);
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, line, n);
		buf[n] = '\0';
		for (i = 0; i < sh->nerrors; i++)
			if (regexec(&sh->errors[i], buf, 0, NULL, 0) == 0) {
				*len = n;
				return line;
			}
	}
	return NULL;
}

int
shell_cmd(shell_t *sh, const char *line, strbuf_t *reply, sg_err_t *err)
{
	strbuf_t sb = STRBUF_INIT(SHELL_REPLY_MAX);
	const char *body, *end, *bad;
	size_t n;
	int rc;

	if (strpbrk(line, "\r\n") != NULL)
		return sg_err_set(err, SG_EINVAL, "%s: refusing to type a "
		    "line with a line break", sh->device);
	if (sh->log != NULL)
		(void)fprintf(sh->log, "> %s\n", line);
	if ((rc = ssh_shell_write(sh->ch, line, strlen(line), err)) != 0 ||
	    (rc = ssh_shell_write(sh->ch, "\n", 1, err)) != 0 ||
	    (rc = read_to_prompt(sh, &sb, 0, err)) != 0) {
		log_text(sh, "<", strbuf_str(&sb), sb.len);
		strbuf_dispose(&sb);
		return rc;
	}
	/* the device echoes the line first, and ends with its prompt */
	body = strbuf_str(&sb);
	if (strchr(body, '\n') != NULL)
		body = strchr(body, '\n') + 1;
	else
		body += sb.len;
	end = last_line(&sb);
	if (end < body)
		end = body;
	log_text(sh, "<", body, (size_t)(end - body));
	if (reply != NULL)
		strbuf_add(reply, body, (size_t)(end - body));
	if (sb.ptr != NULL)
		sb.ptr[end - sb.ptr] = '\0';
	if ((bad = error_line(sh, body, &n)) != NULL)
		rc = sg_err_set(err, SG_EDEVICE, "%s refused '%s': %.*s",
		    sh->device, line, (int)n, bad);
	strbuf_dispose(&sb);
	return rc;
}

void
shell_close(shell_t *sh)
{
	size_t i;

	if (sh == NULL)
		return;
	ssh_shell_close(sh->ch);
	regfree(&sh->prompt);
	regfree(&sh->config_prompt);
	if (sh->cli->enable != NULL)
		regfree(&sh->user_prompt);
	for (i = 0; i < sh->nerrors; i++)
		regfree(&sh->errors[i]);
	free(sh->errors);
	free(sh);
}
