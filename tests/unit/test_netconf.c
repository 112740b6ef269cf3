/*
 * The NETCONF client against a real server: netconfd (yuma123) behind a
 * private OpenSSH sshd, started by tests/integration/with_netconfd.sh with
 * the Junos QFX forwarding-options module and a candidate datastore.  Each
 * test starts from a running configuration without the Junos trees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "transport/netconf.h"

#define ROOT_NS	"http://yang.juniper.net/junos-qfx/conf/root"
#define FO_NS	"http://yang.juniper.net/junos-qfx/conf/forwarding-options"
#define NC_NS	"urn:ietf:params:xml:ns:netconf:base:1.0"

/* A subtree filter for the analyzers. */
#define FO_FILTER \
	"<configuration xmlns=\"" ROOT_NS "\"><forwarding-options xmlns=\"" \
	FO_NS "\"/></configuration>"

/* Running after ex1's golden payload, as netconfd returns it, canonical. */
static const char ex1_running[] =
    "<configuration xmlns=\"" ROOT_NS "\">\n"
    "  <forwarding-options xmlns=\"" FO_NS "\">\n"
    "    <analyzer>\n"
    "      <name>spangen-1</name>\n"
    "      <input>\n"
    "        <ingress>\n"
    "          <interface>\n"
    "            <name>ge-0/0/1.0</name>\n"
    "          </interface>\n"
    "        </ingress>\n"
    "        <egress>\n"
    "          <interface>\n"
    "            <name>ge-0/0/1.0</name>\n"
    "          </interface>\n"
    "        </egress>\n"
    "      </input>\n"
    "      <output>\n"
    "        <interface>ge-0/0/47.0</interface>\n"
    "      </output>\n"
    "    </analyzer>\n"
    "    <analyzer>\n"
    "      <name>spangen-2</name>\n"
    "      <input>\n"
    "        <ingress>\n"
    "          <interface>\n"
    "            <name>ae2.0</name>\n"
    "          </interface>\n"
    "        </ingress>\n"
    "        <egress>\n"
    "          <interface>\n"
    "            <name>ae2.0</name>\n"
    "          </interface>\n"
    "        </egress>\n"
    "      </input>\n"
    "      <output>\n"
    "        <vlan>\n"
    "          <name>900</name>\n"
    "        </vlan>\n"
    "      </output>\n"
    "    </analyzer>\n"
    "  </forwarding-options>\n"
    "</configuration>\n";

/* One analyzer of our own, for the tests that must see it come and go. */
static char *
analyzer(const char *name)
{
	strbuf_t sb = STRBUF_INIT(0);

	strbuf_addf(&sb, "<configuration xmlns=\"%s\"><forwarding-options "
	    "xmlns=\"%s\"><analyzer><name>%s</name><input><ingress><interface>"
	    "<name>ge-0/0/9.0</name></interface></ingress></input><output>"
	    "<interface>ge-0/0/48.0</interface></output></analyzer>"
	    "</forwarding-options></configuration>", ROOT_NS, FO_NS, name);
	return strbuf_detach(&sb, NULL);
}

static ssh_target_t
target(void)
{
	static char key[512], known[512];
	ssh_target_t t;

	memset(&t, 0, sizeof(t));
	(void)snprintf(key, sizeof(key), "%s/id_ed25519",
	    test_env("SG_NETCONF_DIR"));
	(void)snprintf(known, sizeof(known), "%s/known_hosts",
	    test_env("SG_NETCONF_DIR"));
	t.name = "ex1";
	t.host = "127.0.0.1";
	t.port = (uint32_t)strtoul(test_env("SG_NETCONF_PORT"), NULL, 10);
	t.user = test_env("SG_NETCONF_USER");
	t.auth = SSH_TARGET_KEY;
	t.key_file = key;
	t.known_hosts = known;
	t.timeout_s = 20;
	return t;
}

/*
 * Sessions a test has open: a failing test leaves through longjmp, and
 * the teardown closes them so that their locks do not fail the next test.
 */
static netconf_t *sessions[4];

static void
track(netconf_t *nc)
{
	size_t i;

	for (i = 0; i < sizeof(sessions) / sizeof(sessions[0]); i++)
		if (sessions[i] == NULL) {
			sessions[i] = nc;
			return;
		}
	fail_msg("too many sessions");
}

static void
disconnect(netconf_t *nc)
{
	size_t i;

	for (i = 0; i < sizeof(sessions) / sizeof(sessions[0]); i++)
		if (sessions[i] == nc)
			sessions[i] = NULL;
	netconf_free(nc);
}

static int
disconnect_all(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sessions) / sizeof(sessions[0]); i++) {
		netconf_free(sessions[i]);
		sessions[i] = NULL;
	}
	return 0;
}

static netconf_t *
connect_opts(bool base10_only, FILE *log)
{
	netconf_opts_t o = NETCONF_OPTS_INIT;
	ssh_target_t t = target();
	sg_err_t err = SG_ERR_INIT;
	netconf_t *nc = NULL;

	o.base10_only = base10_only;
	o.log = log;
	o.timeout_s = 20;
	if (netconf_open(&nc, &t, &o, &err) != 0)
		fail_msg("netconf_open: %s", err.msg);
	track(nc);
	return nc;
}

static netconf_t *
connect(void)
{
	return connect_opts(false, NULL);
}

/* Runs a call that must succeed, showing the device's message if not. */
#define OK(call) do {							\
	sg_err_t ok_err_ = SG_ERR_INIT;					\
	sg_err_t *err_ = &ok_err_;					\
	if ((call) != 0)						\
		fail_msg("%s: %s", #call, ok_err_.msg);			\
} while (0)

/* The canonical analyzers in ds ("" when there are none). */
static char *
analyzers(netconf_t *nc, netconf_ds_t ds)
{
	strbuf_t data = STRBUF_INIT(0), canon = STRBUF_INIT(0);

	OK(netconf_get_config(nc, ds, FO_FILTER, &data, err_));
	OK(netconf_canon(data.ptr != NULL ? data.ptr : "", data.len, &canon,
	    err_));
	strbuf_dispose(&data);
	return strbuf_detach(&canon, NULL);
}

static char *
golden(const char *device, const char *file)
{
	strbuf_t rel = STRBUF_INIT(0);
	char *path, *text;

	strbuf_addf(&rel, "tests/golden/render/juniper-junos-netconf/expected/"
	    "devices/%s/%s", device, file);
	path = test_path("SG_SOURCE_DIR", rel.ptr);
	text = test_slurp(path);
	free(path);
	strbuf_dispose(&rel);
	return text;
}

static void
edit(netconf_t *nc, const char *config)
{
	OK(netconf_edit_config(nc, NETCONF_CANDIDATE, config, strlen(config),
	    NETCONF_MERGE, err_));
}

/* Removes the Junos configuration the tests write, and commits. */
static int
reset_running(void **state)
{
	static const char wipe[] =
	    "<configuration xmlns=\"" ROOT_NS "\" xmlns:nc=\"" NC_NS "\" "
	    "nc:operation=\"remove\"/>";
	netconf_t *nc = connect();
	char *now;

	(void)state;
	OK(netconf_lock(nc, NETCONF_CANDIDATE, err_));
	edit(nc, wipe);
	OK(netconf_commit(nc, false, 0, NULL, err_));
	OK(netconf_unlock(nc, NETCONF_CANDIDATE, err_));
	now = analyzers(nc, NETCONF_RUNNING);
	assert_string_equal(now, "");
	free(now);
	OK(netconf_close_session(nc, err_));
	disconnect(nc);
	return 0;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	(void)nanosleep(&ts, NULL);
}

static void
test_netconf__hello_negotiates_base11_and_capabilities(void **state)
{
	netconf_t *nc = connect();
	size_t i;
	bool url = false;

	(void)state;
	assert_true(netconf_chunked(nc));
	assert_true(netconf_session_id(nc) > 0);
	assert_true(netconf_has(nc, NETCONF_BASE_1_1));
	assert_true(netconf_has(nc, NETCONF_CAP_CANDIDATE));
	assert_true(netconf_has(nc, NETCONF_CAP_CONFIRMED_1_0));
	assert_true(netconf_has(nc, NETCONF_CAP_CONFIRMED_1_1));
	assert_true(netconf_has(nc, NETCONF_CAP_VALIDATE_1_1));
	/* parameters after '?' do not hide a capability; a prefix is not one */
	assert_true(netconf_has(nc,
	    "urn:ietf:params:netconf:capability:url:1.0"));
	assert_false(netconf_has(nc, "urn:ietf:params:netconf:capability:url"));
	assert_false(netconf_has(nc, "urn:ietf:params:netconf:capability:"
	    "candidate:1.1"));
	for (i = 0; i < netconf_ncaps(nc); i++)
		url |= strncmp(netconf_cap(nc, i), FO_NS "?module=",
		    strlen(FO_NS "?module=")) == 0;
	assert_true(url);
	assert_null(netconf_cap(nc, netconf_ncaps(nc)));
	OK(netconf_close_session(nc, err_));
	disconnect(nc);
}

static void
test_netconf__golden_payload_is_committed_and_read_back(void **state)
{
	netconf_t *nc = connect();
	char *payload = golden("ex1", "intended.xml"), *now;

	(void)state;
	OK(netconf_lock(nc, NETCONF_CANDIDATE, err_));
	now = analyzers(nc, NETCONF_RUNNING);
	assert_string_equal(now, "");
	free(now);
	edit(nc, payload);
	/* staged in the candidate, not yet running */
	now = analyzers(nc, NETCONF_CANDIDATE);
	assert_string_equal(now, ex1_running);
	free(now);
	now = analyzers(nc, NETCONF_RUNNING);
	assert_string_equal(now, "");
	free(now);
	OK(netconf_commit(nc, false, 0, NULL, err_));
	/* netconfd loses edits made before a validate, so it comes after */
	OK(netconf_validate(nc, NETCONF_CANDIDATE, err_));
	now = analyzers(nc, NETCONF_RUNNING);
	assert_string_equal(now, ex1_running);
	free(now);
	OK(netconf_unlock(nc, NETCONF_CANDIDATE, err_));
	OK(netconf_close_session(nc, err_));
	disconnect(nc);
	free(payload);
}

static void
test_netconf__second_identical_edit_changes_nothing(void **state)
{
	netconf_t *nc = connect();
	char *payload = golden("ex1", "intended.xml"), *first, *second;

	(void)state;
	OK(netconf_lock(nc, NETCONF_CANDIDATE, err_));
	edit(nc, payload);
	OK(netconf_commit(nc, false, 0, NULL, err_));
	first = analyzers(nc, NETCONF_RUNNING);
	edit(nc, payload);
	OK(netconf_commit(nc, false, 0, NULL, err_));
	second = analyzers(nc, NETCONF_RUNNING);
	assert_string_equal(first, ex1_running);
	assert_string_equal(second, first);
	OK(netconf_unlock(nc, NETCONF_CANDIDATE, err_));
	disconnect(nc);
	free(first);
	free(second);
	free(payload);
}

static void
test_netconf__rpc_error_is_one_line_and_session_recovers(void **state)
{
	static const char bad[] =
	    "<configuration xmlns=\"" ROOT_NS "\"><forwarding-options xmlns=\""
	    FO_NS "\"><bogus>1</bogus></forwarding-options></configuration>";
	char logpath[512], *logtext, *good = analyzer("spangen-t1"), *now;
	sg_err_t err = SG_ERR_INIT;
	netconf_t *nc;
	FILE *log;

	(void)state;
	(void)snprintf(logpath, sizeof(logpath), "%s/rpc-error.log",
	    test_env("SG_NETCONF_DIR"));
	assert_non_null(log = fopen(logpath, "w"));
	nc = connect_opts(false, log);
	OK(netconf_lock(nc, NETCONF_CANDIDATE, err_));
	edit(nc, good);
	assert_int_equal(netconf_edit_config(nc, NETCONF_CANDIDATE, bad,
	    strlen(bad), NETCONF_MERGE, &err), SG_EDEVICE);
	assert_string_equal(err.msg, "ex1: edit-config: unknown-element at "
	    "/nc:rpc/nc:edit-config/nc:config/jc:configuration/"
	    "jc-forwarding-options:forwarding-options: unknown object; bad "
	    "element 'jc-forwarding-options:bogus'");
	assert_null(strchr(err.msg, '\n'));
	/* the session is still good for the way out */
	OK(netconf_discard_changes(nc, err_));
	now = analyzers(nc, NETCONF_CANDIDATE);
	assert_string_equal(now, "");
	free(now);
	OK(netconf_unlock(nc, NETCONF_CANDIDATE, err_));
	OK(netconf_close_session(nc, err_));
	disconnect(nc);
	(void)fclose(log);
	/* and the whole reply is in the log */
	logtext = test_slurp(logpath);
	assert_non_null(strstr(logtext, "<error-tag>unknown-element"
	    "</error-tag>"));
	assert_non_null(strstr(logtext, ">jc-forwarding-options:bogus"
	    "</bad-element>"));
	assert_non_null(strstr(logtext, ">>> sent to ex1 ("));
	free(logtext);
	free(good);
}

static void
test_netconf__lock_held_elsewhere_names_the_holder(void **state)
{
	netconf_t *a = connect(), *b = connect();
	sg_err_t err = SG_ERR_INIT;
	char want[128];

	(void)state;
	OK(netconf_lock(a, NETCONF_CANDIDATE, err_));
	assert_int_equal(netconf_lock(b, NETCONF_CANDIDATE, &err), SG_EDEVICE);
	(void)snprintf(want, sizeof(want), "; lock held by session %" PRIu32,
	    netconf_session_id(a));
	if (strstr(err.msg, want) == NULL ||
	    strncmp(err.msg, "ex1: lock: lock-denied", 22) != 0)
		fail_msg("unexpected: %s", err.msg);
	/* released, it can be taken */
	OK(netconf_unlock(a, NETCONF_CANDIDATE, err_));
	OK(netconf_lock(b, NETCONF_CANDIDATE, err_));
	OK(netconf_unlock(b, NETCONF_CANDIDATE, err_));
	disconnect(a);
	disconnect(b);
}

/* Polls running until its analyzers are want, for up to limit_s. */
static char *
wait_for_running(netconf_t *nc, const char *want, int limit_s)
{
	time_t start = time(NULL);
	char *now;

	for (;;) {
		/*
		 * netconfd runs its timers only after a full second without
		 * input, so the polls leave it idle in between.
		 */
		sleep_ms(2000);
		now = analyzers(nc, NETCONF_RUNNING);
		if (strcmp(now, want) == 0 || time(NULL) - start >= limit_s)
			return now;
		free(now);
	}
}

static void
test_netconf__unconfirmed_commit_reverts(void **state)
{
	netconf_t *nc = connect();
	char *cfg = analyzer("spangen-t2"), *now;
	time_t start;

	(void)state;
	OK(netconf_lock(nc, NETCONF_CANDIDATE, err_));
	edit(nc, cfg);
	OK(netconf_commit(nc, true, 2, NULL, err_));
	start = time(NULL);
	now = analyzers(nc, NETCONF_RUNNING);
	assert_non_null(strstr(now, "<name>spangen-t2</name>"));
	free(now);
	now = wait_for_running(nc, "", 15);
	assert_string_equal(now, "");
	/* reverted by the timer, not at once */
	assert_true(time(NULL) - start >= 2);
	free(now);
	OK(netconf_unlock(nc, NETCONF_CANDIDATE, err_));
	disconnect(nc);
	free(cfg);
}

static void
test_netconf__persistent_commit_is_confirmed_elsewhere(void **state)
{
	netconf_t *a = connect(), *b;
	char *cfg = analyzer("spangen-t3"), *now;

	(void)state;
	OK(netconf_lock(a, NETCONF_CANDIDATE, err_));
	edit(a, cfg);
	OK(netconf_commit(a, true, 60, "spangen-p1", err_));
	OK(netconf_unlock(a, NETCONF_CANDIDATE, err_));
	/* with persist, the commit outlives its session */
	OK(netconf_close_session(a, err_));
	disconnect(a);
	b = connect();
	now = analyzers(b, NETCONF_RUNNING);
	assert_non_null(strstr(now, "<name>spangen-t3</name>"));
	free(now);
	OK(netconf_confirm_commit(b, "spangen-p1", err_));
	now = wait_for_running(b, "", 4);
	assert_non_null(strstr(now, "<name>spangen-t3</name>"));
	free(now);
	disconnect(b);
	free(cfg);
}

static void
test_netconf__cancel_commit_reverts_at_once(void **state)
{
	netconf_t *a = connect(), *b;
	char *cfg = analyzer("spangen-t4"), *now;
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	OK(netconf_lock(a, NETCONF_CANDIDATE, err_));
	edit(a, cfg);
	OK(netconf_commit(a, true, 120, "spangen-p2", err_));
	OK(netconf_unlock(a, NETCONF_CANDIDATE, err_));
	b = connect();
	/* a wrong persist-id cancels nothing */
	assert_int_equal(netconf_cancel_commit(b, "not-it", &err), SG_EDEVICE);
	assert_int_equal(strncmp(err.msg, "ex1: cancel-commit: ", 20), 0);
	now = analyzers(b, NETCONF_RUNNING);
	assert_non_null(strstr(now, "<name>spangen-t4</name>"));
	free(now);
	OK(netconf_cancel_commit(b, "spangen-p2", err_));
	now = analyzers(b, NETCONF_RUNNING);
	assert_string_equal(now, "");
	free(now);
	disconnect(a);
	disconnect(b);
	free(cfg);
}

static void
test_netconf__drop_mid_commit_leaves_server_consistent(void **state)
{
	netconf_t *a = connect(), *b;
	char *cfg = analyzer("spangen-t5"), *running, *candidate;
	sg_err_t err = SG_ERR_INIT;
	uint32_t id;
	int i, rc = -1;

	(void)state;
	OK(netconf_lock(a, NETCONF_CANDIDATE, err_));
	edit(a, cfg);
	OK(netconf_rpc_send(a, "<commit/>", &id, err_));
	disconnect(a);
	b = connect();
	/* the server notices the drop in its own time; the lock goes then */
	for (i = 0; i < 40 && rc != 0; i++) {
		sg_err_clear(&err);
		if ((rc = netconf_lock(b, NETCONF_CANDIDATE, &err)) != 0) {
			assert_int_equal(rc, SG_EDEVICE);
			sleep_ms(250);
		}
	}
	if (rc != 0)
		fail_msg("the lock was not released: %s", err.msg);
	running = analyzers(b, NETCONF_RUNNING);
	candidate = analyzers(b, NETCONF_CANDIDATE);
	/* all or nothing, and no half-committed candidate left behind */
	if (strcmp(running, "") != 0 &&
	    strstr(running, "<name>spangen-t5</name>") == NULL)
		fail_msg("running is neither before nor after: %s", running);
	assert_string_equal(candidate, running);
	OK(netconf_unlock(b, NETCONF_CANDIDATE, err_));
	disconnect(b);
	free(running);
	free(candidate);
	free(cfg);
}

static void
test_netconf__base10_only_session_works(void **state)
{
	netconf_t *nc = connect_opts(true, NULL);
	char *cfg = analyzer("spangen-t6"), *now;
	sg_err_t err = SG_ERR_INIT;

	(void)state;
	assert_false(netconf_chunked(nc));
	OK(netconf_lock(nc, NETCONF_CANDIDATE, err_));
	edit(nc, cfg);
	OK(netconf_commit(nc, false, 0, NULL, err_));
	now = analyzers(nc, NETCONF_RUNNING);
	assert_non_null(strstr(now, "<name>spangen-t6</name>"));
	free(now);
	OK(netconf_unlock(nc, NETCONF_CANDIDATE, err_));
	OK(netconf_close_session(nc, err_));
	/* a closed session says so instead of writing into the void */
	assert_int_equal(netconf_lock(nc, NETCONF_CANDIDATE, &err), SG_EIO);
	assert_string_equal(err.msg, "ex1: the NETCONF session is closed");
	disconnect(nc);
	free(cfg);
}

static void
test_netconf__malformed_payload_never_leaves(void **state)
{
	netconf_t *nc = connect();
	sg_err_t err = SG_ERR_INIT;
	uint32_t id;

	(void)state;
	assert_int_equal(netconf_edit_config(nc, NETCONF_CANDIDATE,
	    "<configuration><oops></configuration>", 37, NETCONF_MERGE, &err),
	    SG_EINVAL);
	assert_int_equal(strncmp(err.msg, "ex1: config payload:1:", 22), 0);
	sg_err_clear(&err);
	/* text that would close the operation and smuggle in another */
	assert_int_equal(netconf_get_config(nc, NETCONF_RUNNING,
	    "<a/></filter></get-config><commit/><get-config><filter>", NULL,
	    &err), SG_EINVAL);
	assert_string_equal(err.msg, "ex1: an rpc needs exactly one "
	    "operation, not 3");
	sg_err_clear(&err);
	assert_int_equal(netconf_rpc_send(nc, "<lock>", &id, &err),
	    SG_EINVAL);
	/* nothing was sent, so the session is fine */
	OK(netconf_lock(nc, NETCONF_CANDIDATE, err_));
	OK(netconf_unlock(nc, NETCONF_CANDIDATE, err_));
	disconnect(nc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(
		    test_netconf__hello_negotiates_base11_and_capabilities,
		    disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__golden_payload_is_committed_and_read_back,
		    reset_running, disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__second_identical_edit_changes_nothing,
		    reset_running, disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__rpc_error_is_one_line_and_session_recovers,
		    reset_running, disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__lock_held_elsewhere_names_the_holder,
		    reset_running, disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__unconfirmed_commit_reverts, reset_running,
		    disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__persistent_commit_is_confirmed_elsewhere,
		    reset_running, disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__cancel_commit_reverts_at_once, reset_running,
		    disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__drop_mid_commit_leaves_server_consistent,
		    reset_running, disconnect_all),
		cmocka_unit_test_setup_teardown(
		    test_netconf__base10_only_session_works, reset_running,
		    disconnect_all),
		cmocka_unit_test_teardown(
		    test_netconf__malformed_payload_never_leaves,
		    disconnect_all),
	};

	/*
	 * Without the lab there is nothing to test against; ctest always runs
	 * this through with_netconfd.sh, which skips (77) without netconfd.
	 */
	if (getenv("SG_NETCONF_PORT") == NULL) {
		(void)printf("test_netconf: SKIPPED: run it through "
		    "tests/integration/with_netconfd.sh (ctest -R netconfd)\n");
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
