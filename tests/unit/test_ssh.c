/*
 * The SSH layer against a real OpenSSH sshd on loopback (started by
 * tests/integration/with_sshd.sh): host-key policy, authentication and
 * command execution.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "transport/ssh.h"

static char known[256];

static ssh_target_t
target(void)
{
	ssh_target_t t;
	static char key[512];

	memset(&t, 0, sizeof(t));
	(void)snprintf(key, sizeof(key), "%s/id_ed25519",
	    test_env("SG_SSHD_DIR"));
	t.name = "sw1";
	t.host = "127.0.0.1";
	t.port = (uint32_t)strtoul(test_env("SG_SSHD_PORT"), NULL, 10);
	t.user = test_env("SG_SSHD_USER");
	t.auth = SSH_TARGET_KEY;
	t.key_file = key;
	t.known_hosts = known;
	t.timeout_s = 10;
	return t;
}

static int
fresh_known_hosts(void **state)
{
	(void)state;
	(void)snprintf(known, sizeof(known), "%s/known_hosts-XXXXXX",
	    test_env("SG_SSHD_DIR"));
	close(mkstemp(known));
	return 0;
}

/* The SHA256 fingerprint of the test daemon's host key, as ssh-keygen says. */
static char *
host_fingerprint(void)
{
	strbuf_t cmd = STRBUF_INIT(0), out = STRBUF_INIT(0);
	char buf[256];
	FILE *p;

	strbuf_addf(&cmd, "ssh-keygen -l -E sha256 -f %s/host_ed25519_key.pub "
	    "| cut -d' ' -f2", test_env("SG_SSHD_DIR"));
	assert_non_null(p = popen(strbuf_str(&cmd), "r"));
	while (fgets(buf, sizeof(buf), p) != NULL)
		strbuf_adds(&out, buf);
	(void)pclose(p);
	strbuf_dispose(&cmd);
	if (out.len > 0 && out.ptr[out.len - 1] == '\n')
		out.ptr[--out.len] = '\0';
	return strbuf_detach(&out, NULL);
}

static void
test_ssh__unknown_host_key_is_refused_with_its_fingerprint(void **state)
{
	ssh_target_t t = target();
	sg_err_t err = SG_ERR_INIT;
	ssh_conn_t *c = NULL;
	char *fp = host_fingerprint(), expect[512];

	(void)state;
	assert_int_equal(ssh_conn_open(&c, &t, &err), SG_EAUTH);
	assert_null(c);
	(void)snprintf(expect, sizeof(expect), "sw1: unknown host key %s for "
	    "127.0.0.1:%u; check it on the device, then pin it with "
	    "--accept-new-host-keys or ssh-keyscan", fp, t.port);
	assert_string_equal(err.msg, expect);
	free(fp);
}

/* A known_hosts path that does not exist is named, not taken for "new". */
static void
test_ssh__missing_known_hosts_file_is_named(void **state)
{
	ssh_target_t t = target();
	sg_err_t err = SG_ERR_INIT;
	ssh_conn_t *c = NULL;
	char path[600];

	(void)state;
	(void)snprintf(path, sizeof(path), "%s.missing", known);
	t.known_hosts = path;
	assert_int_equal(ssh_conn_open(&c, &t, &err), SG_EAUTH);
	assert_null(c);
	if (strstr(err.msg, "the known_hosts file") == NULL ||
	    strstr(err.msg, path) == NULL ||
	    strstr(err.msg, "does not exist") == NULL)
		fail_msg("%s", err.msg);
}

static void
test_ssh__accepting_new_keys_pins_them(void **state)
{
	ssh_target_t t = target();
	sg_err_t err = SG_ERR_INIT;
	ssh_conn_t *c = NULL;
	strbuf_t out = STRBUF_INIT(0);
	int status;

	(void)state;
	t.accept_new_host_keys = true;
	assert_int_equal(ssh_conn_open(&c, &t, &err), 0);
	ssh_conn_close(c);
	/* pinned: the next connection needs no permission */
	t.accept_new_host_keys = false;
	assert_int_equal(ssh_conn_open(&c, &t, &err), 0);
	assert_int_equal(ssh_conn_exec(c, "echo mirrored; exit 3", &out,
	    &status, &err), 0);
	assert_string_equal(strbuf_str(&out), "mirrored\n");
	assert_int_equal(status, 3);
	ssh_conn_close(c);
	strbuf_dispose(&out);
}

static void
test_ssh__changed_host_key_is_always_refused(void **state)
{
	ssh_target_t t = target();
	sg_err_t err = SG_ERR_INIT;
	ssh_conn_t *c = NULL;
	FILE *fp;

	(void)state;
	/* a different ed25519 key recorded for this host and port */
	assert_non_null(fp = fopen(known, "w"));
	(void)fprintf(fp, "[127.0.0.1]:%u ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA"
	    "IHF1eW/0mz2TMIbrMqWEkMuxdTdGNUD6AOpD6XfVh7ZA\n", t.port);
	(void)fclose(fp);
	t.accept_new_host_keys = true;
	assert_int_equal(ssh_conn_open(&c, &t, &err), SG_EAUTH);
	assert_non_null(strstr(err.msg, "sw1: the host key of 127.0.0.1:"));
	assert_non_null(strstr(err.msg, "CHANGED (now SHA256:"));
	assert_null(c);
}

static void
test_ssh__authentication_failures_name_the_device(void **state)
{
	ssh_target_t t = target();
	sg_err_t err = SG_ERR_INIT;
	ssh_conn_t *c = NULL;
	char other[512];

	(void)state;
	t.accept_new_host_keys = true;
	/* a key the daemon does not know */
	(void)snprintf(other, sizeof(other), "%s/host_ed25519_key",
	    test_env("SG_SSHD_DIR"));
	t.key_file = other;
	assert_int_equal(ssh_conn_open(&c, &t, &err), SG_EAUTH);
	assert_int_equal(strncmp(err.msg, "sw1: authentication as ", 23), 0);
	sg_err_clear(&err);
	t.auth = SSH_TARGET_PASSWORD;
	t.password_env = "SG_TEST_UNSET_PASSWORD";
	assert_int_equal(ssh_conn_open(&c, &t, &err), SG_EAUTH);
	assert_string_equal(err.msg, "sw1: the password variable "
	    "SG_TEST_UNSET_PASSWORD is not set");
	sg_err_clear(&err);
	t.key_file = "/nonexistent/key";
	t.auth = SSH_TARGET_KEY;
	assert_int_equal(ssh_conn_open(&c, &t, &err), SG_EAUTH);
	assert_string_equal(err.msg, "sw1: cannot read the key file "
	    "/nonexistent/key");
}

static void
test_ssh__closed_port_is_reported(void **state)
{
	ssh_target_t t = target();
	sg_err_t err = SG_ERR_INIT;
	ssh_conn_t *c = NULL;

	(void)state;
	t.port = 1;	/* nothing listens on tcpmux here */
	assert_int_equal(ssh_conn_open(&c, &t, &err), SG_ETIMEOUT);
	assert_int_equal(strncmp(err.msg, "sw1: cannot connect: ", 21), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
		    test_ssh__unknown_host_key_is_refused_with_its_fingerprint,
		    fresh_known_hosts),
		cmocka_unit_test_setup(
		    test_ssh__missing_known_hosts_file_is_named,
		    fresh_known_hosts),
		cmocka_unit_test_setup(test_ssh__accepting_new_keys_pins_them,
		    fresh_known_hosts),
		cmocka_unit_test_setup(
		    test_ssh__changed_host_key_is_always_refused,
		    fresh_known_hosts),
		cmocka_unit_test_setup(
		    test_ssh__authentication_failures_name_the_device,
		    fresh_known_hosts),
		cmocka_unit_test_setup(test_ssh__closed_port_is_reported,
		    fresh_known_hosts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
