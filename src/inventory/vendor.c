/*
 * vendor: reads descriptors with the same strict schema readers as the
 * inventory, compiles their regular expressions once, and keeps the valid
 * ones in name order.  A vendor_set_t owns everything through one arena,
 * plus the compiled regexes, which regfree() must release.
 */
#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/schema.h"
#include "inventory/vendor.h"
#include "util/arena.h"
#include "util/datadir.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

const char *const vendor_cap_names[VENDOR_NCAPS] = {
	"span", "rspan_source", "rspan_transit", "rspan_destination",
	"erspan_source", "erspan_termination", "vswitch_mirror",
	"vswitch_remote", "erspan_id", "affinity_rule"
};
const char *const vendor_erspan_type_names[VENDOR_NERSPAN_TYPES] = {
	"erspan2", "erspan3", "gre"
};

const char *
vendor_erspan_type_name(unsigned int type)
{
	size_t t;

	for (t = 0; t < VENDOR_NERSPAN_TYPES; t++)
		if (type == 1u << t)
			return vendor_erspan_type_names[t];
	return NULL;
}

const char *
vendor_erspan_types(unsigned int mask, char *buf, size_t size)
{
	size_t t, n = 0;
	int w;

	buf[0] = '\0';
	for (t = 0; t < VENDOR_NERSPAN_TYPES; t++) {
		if (!(mask & (1u << t)))
			continue;
		w = snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "",
		    vendor_erspan_type_name(1u << t));
		if (w < 0 || (size_t)w >= size - n) {
			buf[n] = '\0';	/* whole names only */
			break;
		}
		n += (size_t)w;
	}
	if (n == 0)
		(void)snprintf(buf, size, "none");
	return buf;
}

const char *const vendor_transport_names[VENDOR_NTRANSPORTS] = {
	"ssh", "netconf", "ssh-exec", "render-only"
};
const char *const vendor_commit_names[] = {
	"confirmed-commit", "revert-timer", "config-session", "checkpoint",
	"checkpoint-auto", "atomic", "immediate", "manual", NULL
};
const char *const vendor_kind_names[] = { "switch", "vswitch", "host", NULL };
const char *const vendor_dialect_names[] = {
	"iosxe", "nxos", "eos", "aoscx", NULL
};

struct vendor_regex {
	regex_t		 port;
	regex_t		 lag;
	bool		 has_port;
	bool		 has_lag;
	struct vendor_regex *next;	/* every set's regexes, for regfree */
};

struct vendor_set {
	arena_t			 arena;
	vendor_t		**v;
	size_t			 n;
	struct vendor_regex	*regexes;
	char			*names;
};

static const char *const top_keys[] = {
	"spangen_vendor", "name", "title", "kind", "reference", "can",
	"limits", "erspan", "interfaces", "transports", "commit", "unsafe_chars",
	"cli", "uncertain", NULL
};
static const char *const erspan_keys[] = { "sends", "terminates", NULL };
static const char *const cap_keys[] = {
	"span", "rspan_source", "rspan_transit", "rspan_destination",
	"erspan_source", "erspan_termination", "vswitch_mirror",
	"vswitch_remote", "erspan_id", "affinity_rule", NULL
};
static const char *const limit_keys[] = {
	"sessions", "source_sessions", "sources_per_session", "directions",
	"session_ids", "erspan_ids", "rspan_vlans", NULL
};
static const char *const iface_keys[] = {
	"pattern", "lag_pattern", "example", "default_mbps", "speeds", NULL
};
static const char *const speed_keys[] = { "prefix", "mbps", NULL };
static const char *const cli_keys[] = {
	"dialect", "prompt", "config_prompt", "paging_off", "enable", "config_enter",
	"config_leave", "save", "errors", NULL
};
static const char *const uncertain_keys[] = { "field", "why", NULL };

/*
 * An estimate of how many nodes glibc builds for a pattern: it copies the
 * operand of '+' and of {m,n} once per repeat, so nesting and stacking
 * multiply. Brackets and escapes count as one atom.
 */
static uint64_t
expanded_size(const char **pp, int depth)
{
	const char *p = *pp;
	uint64_t total = 0, atom, factor;
	unsigned long lo, hi;
	char *end;

	while (*p != '\0' && *p != ')') {
		if (*p == '|') {
			p++;
			continue;
		}
		atom = 1;
		if (*p == '(') {
			p++;
			atom = depth < 64 ? expanded_size(&p, depth + 1) : 1000000;
			if (*p == ')')
				p++;
		} else if (*p == '[') {
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p != '\0' && *p != ']') {
				if (p[0] == '[' && (p[1] == ':' || p[1] == '.' ||
				    p[1] == '=')) {
					const char *close = strchr(p + 2, ']');
					p = close != NULL ? close : p + 1;
				}
				p++;
			}
			if (*p == ']')
				p++;
		} else if (*p == '\\' && p[1] != '\0') {
			p += 2;
		} else {
			p++;
		}
		for (;;) {
			if (*p == '*' || *p == '?') {
				factor = 1;
				p++;
			} else if (*p == '+') {
				factor = 2;
				p++;
			} else if (*p == '{' && p[1] >= '0' && p[1] <= '9') {
				lo = strtoul(p + 1, &end, 10);
				hi = lo;
				if (*end == ',')
					hi = end[1] == '}' ? lo + 1 :
					    strtoul(end + 1, &end, 10);
				factor = hi > 0 ? hi : 1;
				p = *end == '}' ? end + 1 : end;
			} else {
				break;
			}
			atom *= factor;
			if (atom > 1000000)
				atom = 1000000;
		}
		total += atom;
		if (total > 1000000)
			total = 1000000;
	}
	*pp = p;
	return total;
}

static uint64_t
pattern_cost(const char *pattern)
{
	const char *p = pattern;
	uint64_t total = 0;

	/* A stray ')' ends a group early; keep going so nothing is missed. */
	for (;;) {
		total += expanded_size(&p, 0);
		if (*p != ')' || total >= 1000000)
			return total;
		p++;
	}
}

/* Compiles a pattern or reports it; true on success. */
static bool
compile(schema_t *sc, regex_t *re, const ynode_t *map, const char *key,
    const char *pattern, const char *what)
{
	char msg[256];
	int rc;

	/*
	 * glibc compiles nested or stacked repeats eagerly: a short pattern
	 * like ((a{1,100}){1,100}){1,100} or a+++++... takes seconds and
	 * gigabytes.
	 */
	if (strlen(pattern) > 512 || pattern_cost(pattern) > 4096) {
		diag_add(sc->dl, "E107", schema_pos(map, key), "interface names "
		    "and prompts need short patterns with small {m,n} bounds",
		    "'%s' in %s is too complex a regular expression", key, what);
		return false;
	}
	if ((rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB)) == 0)
		return true;
	regerror(rc, re, msg, sizeof(msg));
	diag_add(sc->dl, "E107", schema_pos(map, key), "write a POSIX "
	    "extended regular expression", "'%s' in %s is not a valid "
	    "regular expression: %s", key, what, msg);
	return false;
}

static void
load_caps(schema_t *sc, const ynode_t *can, const char *what, vendor_t *v)
{
	bool on;
	size_t i;

	if (!schema_map(sc, can, what, cap_keys))
		return;
	for (i = 0; i < VENDOR_NCAPS; i++)
		if (schema_bool(sc, can, vendor_cap_names[i], what, true, &on) &&
		    on)
			v->caps |= 1u << i;
}

static void
load_limits(schema_t *sc, const ynode_t *lim, const char *what, vendor_t *v)
{
	if (!schema_map(sc, lim, what, limit_keys))
		return;
	(void)schema_u32(sc, lim, "sessions", what, 0, 100000, true,
	    &v->limits.sessions);
	(void)schema_u32(sc, lim, "source_sessions", what, 0, 100000, true,
	    &v->limits.source_sessions);
	(void)schema_u32(sc, lim, "sources_per_session", what, 0, 100000, true,
	    &v->limits.sources_per_session);
	(void)schema_u32(sc, lim, "directions", what, 0, 100000, true,
	    &v->limits.directions);
	(void)schema_ranges(sc, lim, "session_ids", what, 0, 65535, "E109",
	    "session id", true, &v->limits.session_ids);
	(void)schema_ranges(sc, lim, "erspan_ids", what, 0, 1023, "E109",
	    "ERSPAN id", true, &v->limits.erspan_ids);
	(void)schema_ranges(sc, lim, "rspan_vlans", what, 1, 4094, "E108",
	    "VLAN", true, &v->limits.rspan_vlans);
}

static void
load_interfaces(schema_t *sc, const ynode_t *ifs, const char *what,
    vendor_t *v, struct vendor_regex *re)
{
	const ynode_t *speeds, *item;
	size_t i;

	if (!schema_map(sc, ifs, what, iface_keys))
		return;
	if (schema_str(sc, ifs, "pattern", what, true, &v->port_pattern))
		re->has_port = compile(sc, &re->port, ifs, "pattern",
		    v->port_pattern, what);
	if (schema_str(sc, ifs, "lag_pattern", what, false, &v->lag_pattern))
		re->has_lag = compile(sc, &re->lag, ifs, "lag_pattern",
		    v->lag_pattern, what);
	else
		v->lag_pattern = NULL;
	if (schema_str(sc, ifs, "example", what, true, &v->port_example) &&
	    re->has_port && regexec(&re->port, v->port_example, 0, NULL, 0))
		diag_add(sc->dl, "E107", schema_pos(ifs, "example"), "make the "
		    "example a real port name the pattern accepts", "example "
		    "'%s' in %s does not match its pattern", v->port_example,
		    what);
	(void)schema_u32(sc, ifs, "default_mbps", what, 1, 10000000, true,
	    &v->default_mbps);
	if ((speeds = schema_seq(sc, ifs, "speeds", what, false)) == NULL)
		return;
	v->speeds = arena_array(sc->arena, speeds->n, sizeof(*v->speeds));
	for (i = 0; i < speeds->n; i++) {
		item = speeds->items[i];
		if (!schema_map(sc, item, "an interfaces.speeds entry",
		    speed_keys))
			continue;
		if (schema_str(sc, item, "prefix", "a speeds entry", true,
		    &v->speeds[v->nspeeds].prefix) &&
		    schema_u32(sc, item, "mbps", "a speeds entry", 1, 10000000,
		    true, &v->speeds[v->nspeeds].mbps))
			v->nspeeds++;
	}
}

static void
load_transports(schema_t *sc, const ynode_t *map, const char *what,
    vendor_t *v)
{
	const ynode_t *seq;
	size_t i, t;

	if ((seq = schema_seq(sc, map, "transports", what, true)) == NULL)
		return;
	for (i = 0; i < seq->n; i++) {
		for (t = 0; t < VENDOR_NTRANSPORTS; t++)
			if (seq->items[i]->kind == YNODE_SCALAR &&
			    strcmp(seq->items[i]->str,
			    vendor_transport_names[t]) == 0)
				break;
		if (t == VENDOR_NTRANSPORTS)
			diag_add(sc->dl, "E107", seq->items[i]->pos, "use ssh, "
			    "netconf, ssh-exec or render-only", "unknown "
			    "transport in %s", what);
		else if (v->transports & (1u << t))
			diag_add(sc->dl, "E107", seq->items[i]->pos, "list "
			    "each transport once", "transport '%s' is listed "
			    "twice in %s", vendor_transport_names[t], what);
		else {
			v->transports |= 1u << t;
			v->transport_order[v->ntransport_order++] =
			    (unsigned char)t;
		}
	}
	if (v->transports == 0)
		diag_add(sc->dl, "E104", seq->pos, "list at least one, or "
		    "render-only", "%s lists no transport", what);
}

/* A list of ERSPAN type names under key, as a VENDOR_ERSPAN_* mask. */
static unsigned int
load_erspan_types(schema_t *sc, const ynode_t *map, const char *key,
    const char *what)
{
	const ynode_t *seq;
	unsigned int mask = 0;
	size_t i, t;

	if ((seq = schema_seq(sc, map, key, what, false)) == NULL)
		return 0;
	for (i = 0; i < seq->n; i++) {
		for (t = 0; t < VENDOR_NERSPAN_TYPES; t++)
			if (seq->items[i]->kind == YNODE_SCALAR &&
			    strcmp(seq->items[i]->str,
			    vendor_erspan_type_names[t]) == 0)
				break;
		if (t == VENDOR_NERSPAN_TYPES)
			diag_add(sc->dl, "E107", seq->items[i]->pos, "use "
			    "erspan2, erspan3 or gre", "unknown ERSPAN type in "
			    "%s %s", what, key);
		else if (mask & (1u << t))
			diag_add(sc->dl, "E107", seq->items[i]->pos, "list "
			    "each type once", "ERSPAN type '%s' is listed twice "
			    "in %s %s", vendor_erspan_type_names[t], what, key);
		else
			mask |= 1u << t;
	}
	return mask;
}

/*
 * What a platform sends as an ERSPAN source and takes as a decapsulator:
 * required with the capability, refused without it.
 */
static void
load_erspan(schema_t *sc, const ynode_t *root, const char *what,
    vendor_t *v)
{
	static const struct {
		const char	*key;
		unsigned int	 cap;
		const char	*cap_name;
	} sides[2] = {
		{ "sends", VENDOR_CAN_ERSPAN_SOURCE, "can.erspan_source" },
		{ "terminates", VENDOR_CAN_ERSPAN_TERMINATION,
		  "can.erspan_termination" },
	};
	unsigned int *const outs[2] = { &v->erspan_sends,
	    &v->erspan_terminates };
	const ynode_t *node = schema_find(root, "erspan");
	unsigned int mask;
	size_t i;

	if (node != NULL && !schema_map(sc, node, "its 'erspan' section",
	    erspan_keys))
		return;
	for (i = 0; i < 2; i++) {
		mask = node != NULL ? load_erspan_types(sc, node, sides[i].key,
		    "its 'erspan' section") : 0;
		if ((v->caps & sides[i].cap) && mask == 0)
			diag_add(sc->dl, "E104", node != NULL ? node->pos :
			    root->pos, "list the ERSPAN types its templates "
			    "render: erspan2, erspan3, gre", "%s has %s but no "
			    "erspan.%s", what, sides[i].cap_name, sides[i].key);
		else if (!(v->caps & sides[i].cap) && mask != 0)
			diag_add(sc->dl, "E107", schema_pos(node, sides[i].key),
			    "remove it, or set the capability", "%s lists "
			    "erspan.%s without %s", what, sides[i].key,
			    sides[i].cap_name);
		*outs[i] = mask;
	}
}

static void
load_cli(schema_t *sc, const ynode_t *cli, const char *what, vendor_t *v)
{
	const ynode_t *errs;
	regex_t tmp;
	size_t i;
	int dialect;

	if (!schema_map(sc, cli, what, cli_keys))
		return;
	v->has_cli = true;
	if (schema_enum(sc, cli, "dialect", what, vendor_dialect_names, false,
	    &dialect))
		v->cli.dialect = (vendor_dialect_t)(dialect + 1);
	if (schema_str(sc, cli, "prompt", what, true, &v->cli.prompt) &&
	    compile(sc, &tmp, cli, "prompt", v->cli.prompt, what))
		regfree(&tmp);
	if (schema_str(sc, cli, "config_prompt", what, true,
	    &v->cli.config_prompt) && compile(sc, &tmp, cli, "config_prompt",
	    v->cli.config_prompt, what))
		regfree(&tmp);
	(void)schema_str(sc, cli, "paging_off", what, true, &v->cli.paging_off);
	(void)schema_str(sc, cli, "enable", what, false, &v->cli.enable);
	(void)schema_str(sc, cli, "config_enter", what, true,
	    &v->cli.config_enter);
	(void)schema_str(sc, cli, "config_leave", what, true,
	    &v->cli.config_leave);
	(void)schema_str(sc, cli, "save", what, false, &v->cli.save);
	if ((errs = schema_seq(sc, cli, "errors", what, true)) == NULL)
		return;
	v->cli.errors = arena_array(sc->arena, errs->n, sizeof(char *));
	for (i = 0; i < errs->n; i++)
		if (schema_str_node(sc, errs->items[i], "errors", what,
		    &v->cli.errors[v->cli.nerrors])) {
			if (compile(sc, &tmp, cli, "errors",
			    v->cli.errors[v->cli.nerrors], what)) {
				regfree(&tmp);
				v->cli.nerrors++;
			}
		}
}

/* Does a dotted path name a key present in the descriptor? */
static bool
field_exists(const ynode_t *root, const char *path)
{
	char part[64];
	const ynode_t *node = root;
	const char *dot;
	size_t n;

	while (node != NULL && *path != '\0') {
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		if (n == 0 || n >= sizeof(part))
			return false;
		memcpy(part, path, n);
		part[n] = '\0';
		node = schema_find(node, part);
		path += n + (dot != NULL);
	}
	return node != NULL;
}

static void
load_uncertain(schema_t *sc, const ynode_t *root, const char *what,
    vendor_t *v)
{
	const ynode_t *seq, *item;
	vendor_uncertain_t *u;
	size_t i;

	if ((seq = schema_seq(sc, root, "uncertain", what, false)) == NULL)
		return;
	v->uncertain = arena_array(sc->arena, seq->n, sizeof(*v->uncertain));
	for (i = 0; i < seq->n; i++) {
		item = seq->items[i];
		u = &v->uncertain[v->nuncertain];
		if (!schema_map(sc, item, "an uncertain entry", uncertain_keys) ||
		    !schema_str(sc, item, "field", "an uncertain entry", true,
		    &u->field) ||
		    !schema_str(sc, item, "why", "an uncertain entry", true,
		    &u->why))
			continue;
		if (!field_exists(root, u->field)) {
			diag_add(sc->dl, "E106", schema_pos(item, "field"),
			    "name a key of this descriptor, e.g. "
			    "limits.sessions", "uncertain field '%s' in %s is "
			    "not in the descriptor", u->field, what);
			continue;
		}
		v->nuncertain++;
	}
}

static vendor_t *
load_one(vendor_set_t *vs, const char *path, const char *stem,
    diag_list_t *dl, sg_err_t *err)
{
	schema_t sc = { dl, &vs->arena };
	struct vendor_regex *re;
	const ynode_t *root, *node;
	ydoc_t *doc = NULL;
	vendor_t *v = NULL;
	size_t errors_before = diag_errors(dl);
	char what[128];
	uint32_t version;
	int kind, commit;

	if (ydoc_load(&doc, path, dl, err) != 0)
		goto out;
	if ((root = doc->root) == NULL) {
		diag_add(dl, "E104", (srcpos_t){ path, 1, 1 }, "see "
		    "docs/vendors.md", "empty vendor descriptor");
		goto out;
	}
	(void)snprintf(what, sizeof(what), "vendor '%s'", stem);
	if (!schema_map(&sc, root, what, top_keys))
		goto out;
	v = arena_alloc(&vs->arena, sizeof(*v));
	re = xcalloc(1, sizeof(*re));
	re->next = vs->regexes;
	vs->regexes = re;
	v->re = re;
	v->file = arena_strdup(&vs->arena, path);
	if (schema_u32(&sc, root, "spangen_vendor", what, 0, UINT32_MAX, true,
	    &version) && version != 1)
		diag_add(dl, "E115", schema_pos(root, "spangen_vendor"), "this "
		    "spangen reads descriptor format 1", "%s has format "
		    "version %u", what, version);
	if (schema_str(&sc, root, "name", what, true, &v->name) &&
	    strcmp(v->name, stem) != 0)
		diag_add(dl, "E107", schema_pos(root, "name"), "rename the "
		    "file or the descriptor", "descriptor name '%s' does not "
		    "match its file name '%s.yaml'", v->name, stem);
	(void)schema_str(&sc, root, "title", what, true, &v->title);
	(void)schema_str(&sc, root, "reference", what, true, &v->reference);
	if (schema_enum(&sc, root, "kind", what, vendor_kind_names, true,
	    &kind))
		v->kind = (vendor_kind_t)kind;
	if ((node = schema_need(&sc, root, "can", what)) != NULL)
		load_caps(&sc, node, "its 'can' section", v);
	if ((node = schema_need(&sc, root, "limits", what)) != NULL)
		load_limits(&sc, node, "its 'limits' section", v);
	load_erspan(&sc, root, what, v);
	if ((node = schema_need(&sc, root, "interfaces", what)) != NULL)
		load_interfaces(&sc, node, "its 'interfaces' section", v, re);
	load_transports(&sc, root, what, v);
	if (schema_enum(&sc, root, "commit", what, vendor_commit_names, true,
	    &commit))
		v->commit = (vendor_commit_t)commit;
	/* a platform with no special characters says so with "" */
	if ((node = schema_need(&sc, root, "unsafe_chars", what)) != NULL &&
	    node->kind == YNODE_SCALAR && node->len == 0)
		v->unsafe_chars = "";
	else
		(void)schema_str(&sc, root, "unsafe_chars", what, true,
		    &v->unsafe_chars);
	if ((node = schema_find(root, "cli")) != NULL)
		load_cli(&sc, node, "its 'cli' section", v);
	else if (v->transports & VENDOR_TR_SSH)
		diag_add(dl, "E104", root->pos, "describe the CLI dialect or "
		    "drop the ssh transport", "%s supports ssh but has no "
		    "'cli' section", what);
	load_uncertain(&sc, root, what, v);
 out:
	ydoc_free(doc);
	return diag_errors(dl) == errors_before ? v : NULL;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_vendor(vendor_set_t *vs, vendor_t *v)
{
	vs->v = xreallocarray(vs->v, vs->n + 1, sizeof(*vs->v));
	vs->v[vs->n++] = v;
}

int
vendor_set_load(vendor_set_t **out, const char *dir, diag_list_t *dl,
    sg_err_t *err)
{
	vendor_set_t *vs;
	strbuf_t path = STRBUF_INIT(0), names = STRBUF_INIT(0);
	char **files = NULL, *stem;
	size_t nfiles = 0, i, len, errors_before = diag_errors(dl);
	struct dirent *de;
	vendor_t *v;
	DIR *d;
	int rc = 0;

	*out = NULL;
	if ((d = opendir(dir)) == NULL)
		return sg_err_set(err, SG_EIO, "%s: cannot read the vendor "
		    "directory", dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		files = xreallocarray(files, nfiles + 1, sizeof(*files));
		files[nfiles++] = xstrdup(de->d_name);
	}
	(void)closedir(d);
	qsort(files, nfiles, sizeof(*files), cmp_names);
	vs = xcalloc(1, sizeof(*vs));
	arena_init(&vs->arena);
	for (i = 0; i < nfiles && rc == 0; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, files[i]);
		stem = files[i];
		stem[strlen(stem) - 5] = '\0';
		v = load_one(vs, strbuf_str(&path), stem, dl, err);
		if (err != NULL && err->code != 0)
			rc = err->code;
		else if (v != NULL) {
			add_vendor(vs, v);
			strbuf_addf(&names, "%s%s", vs->n > 1 ? ", " : "",
			    v->name);
		}
	}
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	strbuf_dispose(&path);
	vs->names = strbuf_detach(&names, NULL);
	if (rc != 0) {
		vendor_set_free(vs);
		return rc;
	}
	*out = vs;
	return diag_errors(dl) > errors_before ? SG_EINVAL : 0;
}

int
vendor_set_load_default(vendor_set_t **out, diag_list_t *dl, sg_err_t *err)
{
	char dir[4096];
	int rc;

	*out = NULL;
	if ((rc = datadir_path(dir, sizeof(dir), "vendors", err)) != 0)
		return rc;
	return vendor_set_load(out, dir, dl, err);
}

void
vendor_set_free(vendor_set_t *vs)
{
	struct vendor_regex *re, *next;

	if (vs == NULL)
		return;
	for (re = vs->regexes; re != NULL; re = next) {
		next = re->next;
		if (re->has_port)
			regfree(&re->port);
		if (re->has_lag)
			regfree(&re->lag);
		free(re);
	}
	free(vs->v);
	free(vs->names);
	arena_dispose(&vs->arena);
	free(vs);
}

size_t
vendor_set_count(const vendor_set_t *vs)
{
	return vs->n;
}

const vendor_t *
vendor_set_at(const vendor_set_t *vs, size_t i)
{
	return i < vs->n ? vs->v[i] : NULL;
}

const vendor_t *
vendor_set_find(const vendor_set_t *vs, const char *name)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i]->name, name) == 0)
			return vs->v[i];
	return NULL;
}

const char *
vendor_set_names(const vendor_set_t *vs)
{
	return vs->names;
}

bool
vendor_port_ok(const vendor_t *v, const char *port)
{
	return v->re->has_port && regexec(&v->re->port, port, 0, NULL, 0) == 0;
}

bool
vendor_lag_ok(const vendor_t *v, const char *port)
{
	return v->re->has_lag && regexec(&v->re->lag, port, 0, NULL, 0) == 0;
}

uint32_t
vendor_port_mbps(const vendor_t *v, const char *port)
{
	size_t i;

	for (i = 0; i < v->nspeeds; i++)
		if (strncmp(port, v->speeds[i].prefix,
		    strlen(v->speeds[i].prefix)) == 0)
			return v->speeds[i].mbps;
	return v->default_mbps;
}

char
vendor_unsafe_char(const vendor_t *v, const char *s)
{
	size_t at;

	if (v->unsafe_chars == NULL || v->unsafe_chars[0] == '\0')
		return '\0';
	at = strcspn(s, v->unsafe_chars);
	return s[at];
}

bool
vendor_is_uncertain(const vendor_t *v, const char *field)
{
	size_t i;

	for (i = 0; i < v->nuncertain; i++)
		if (strcmp(v->uncertain[i].field, field) == 0)
			return true;
	return false;
}
