#!/usr/bin/env python3
"""Every command's options agree in four places: what its parser accepts,
its --help (list and usage line), the man page's OPTIONS section and its
SYNOPSIS.  The parser is probed with every option any command or the man
page names, so an option a command accepts but nobody lists fails, and so
does one that is listed but refused.
Usage: check_options.py SPANGEN MANPAGE.  Prints each mismatch; exit 1 when
there is one."""
import os
import re
import subprocess
import sys
import tempfile

spangen, manpage = os.path.abspath(sys.argv[1]), sys.argv[2]
commands = ["validate", "plan", "render", "push", "rollback", "status",
            "verify", "vendors"]
bad = []


def run(args, cwd):
    p = subprocess.run([spangen] + args, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=30, universal_newlines=True)
    return p.returncode, p.stdout, p.stderr


def untroff(line):
    line = re.sub(r"\\f[BIRP]", "", line).replace("\\-", "-")
    line = re.sub(r"^\.[A-Z]+\s*", "", line)
    return line.replace('"', " ")


def options_in(text):
    """{long: arg} and {short: long} named in one line of text."""
    longs = {m.group(1): m.group(2) for m in
             re.finditer(r"--([a-z][a-z-]*)(?:[ =]+([A-Z]+)\b)?", text)}
    shorts = set(re.findall(r"(?<![\w-])-([A-Za-z])\b", text))
    return longs, shorts


def parse_help(cmd, cwd):
    rc, out, _ = run([cmd, "--help"], cwd)
    if rc != 0:
        bad.append("%s --help exits %d" % (cmd, rc))
    usage = out.splitlines()[0] if out else ""
    table = {}
    listed = False
    for line in out.splitlines():
        if line == "options:":
            listed = True
            continue
        m = re.match(r"^  (?:-(\w),|   ) --([a-z][a-z-]*)(?: ([A-Z]+))?\s",
                     line)
        if listed and m and m.group(2) != "help":
            table[m.group(2)] = (m.group(1), m.group(3))
    return usage, table


def parse_man():
    text = open(manpage).read()
    options = re.search(r"^\.SH OPTIONS\n(.*?)^\.SH ", text, re.M | re.S)
    man = {}
    if options is None:
        bad.append("the man page has no OPTIONS section")
    for sect in re.split(r"^\.SS ", options.group(1) if options else "",
                         flags=re.M)[1:]:
        head, _, body = sect.partition("\n")
        names = [c for c in commands if c in head]
        found = {}
        lines = body.splitlines()
        for i, line in enumerate(lines):
            if line not in (".TP", ".TQ") or i + 1 >= len(lines):
                continue
            tag = untroff(lines[i + 1])
            longs, shorts = options_in(tag)
            for name, arg in longs.items():
                short = next(iter(shorts)) if len(shorts) == 1 else None
                found[name] = (short, arg)
        for c in names:
            man[c] = found
    synopsis = {}
    syn = re.search(r"^\.SH SYNOPSIS\n(.*?)^\.SH ", text, re.M | re.S)
    for block in syn.group(1).split(".br\n"):
        m = re.match(r"\.B spangen (\w+)", block)
        if m:
            synopsis[m.group(1)] = untroff(" ".join(block.splitlines()))
    return man, synopsis


def same(what, cmd, a, b, a_name, b_name):
    for name in sorted(set(a) | set(b)):
        if name not in a:
            bad.append("%s: --%s is in %s, not in %s" % (cmd, name, b_name,
                                                        a_name))
        elif name not in b:
            bad.append("%s: --%s is in %s, not in %s" % (cmd, name, a_name,
                                                        b_name))
        elif a[name] != b[name]:
            bad.append("%s: --%s is %s in %s but %s in %s" % (
                cmd, name, a[name], a_name, b[name], b_name))


def mentions(line, name, short):
    longs, shorts = options_in(line)
    return name in longs or (short is not None and short in shorts)


with tempfile.TemporaryDirectory() as cwd:
    man, synopsis = parse_man()
    helps = {c: parse_help(c, cwd) for c in commands}
    every_long, every_short = {}, set()
    for c in commands:
        for table in (helps[c][1], man.get(c, {})):
            for name, (short, arg) in table.items():
                if arg is not None or name not in every_long:
                    every_long[name] = arg
                if short is not None:
                    every_short.add(short)
    for c in commands:
        usage, table = helps[c]
        if c not in man:
            bad.append("%s: no OPTIONS subsection in the man page" % c)
        same("options", c, table, man.get(c, {}), "--help", "the man page")
        for place, line in (("the --help usage line", usage),
                            ("the man page's SYNOPSIS", synopsis.get(c, ""))):
            for name, (short, _) in table.items():
                if not mentions(line, name, short):
                    bad.append("%s: --%s is missing from %s" % (c, name,
                                                                place))
            longs, _ = options_in(line)
            for name in longs:
                if name not in table:
                    bad.append("%s: %s names --%s, which it does not take"
                               % (c, place, name))
        # the parser: each option named anywhere, on its own
        shorts = {s: n for n, (s, _) in table.items() if s is not None}
        probes = [("--" + n, a, n in table) for n, a in every_long.items()]
        probes += [("-" + s, None, s in shorts) for s in sorted(every_short)]
        for opt, arg, listed in probes:
            if opt.startswith("-") and not opt.startswith("--"):
                arg = table[shorts[opt[1:]]][1] if listed else None
            value = {"N": "1", "SEC": "60"}.get(arg, "x")
            argv = [c, opt] + ([value] if arg is not None else [])
            _, _, err = run(argv, cwd)
            accepted = "unknown option" not in err
            if accepted and not listed:
                bad.append("%s accepts %s, which its --help does not list"
                           % (c, opt))
            elif listed and not accepted:
                bad.append("%s lists %s but refuses it: %s" % (
                    c, opt, err.splitlines()[0] if err else ""))

for line in bad:
    print(line)
print("options: %s" % ("%d mismatches" % len(bad) if bad else "agree"))
sys.exit(1 if bad else 0)
