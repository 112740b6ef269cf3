#!/usr/bin/env python3
"""Checks the include rules of src/README.md: a folder includes only its own
headers and those of the folders listed below it in the table, and no two
modules include each other's headers (directly or through a longer circle).
A private header NAME_int.h belongs to module NAME (plan_int.h to plan: the
planner's own state), so including it is no edge of its own.
util/sg_err is the error-code vocabulary every module speaks, strbuf included,
and its header includes nothing: it is left out of the circle search.
Usage: check.py SRC-DIR.  Prints each violation; exit 1 when there is one."""
import os
import re
import sys

src = sys.argv[1]
order = re.findall(r"^\| `([a-z]+)/` \|", open(os.path.join(src, "README.md")).read(),
                   re.M)
if not order:
    sys.exit("check.py: no folder table in %s/README.md" % src)
rank = {folder: i for i, folder in enumerate(order)}
include = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([a-z_0-9]+)\.h"', re.M)



def family(module):
    return module[:-4] if module.endswith("_int") else module


bad = []
edges = {}
for folder in sorted(os.listdir(src)):
    path = os.path.join(src, folder)
    if not os.path.isdir(path):
        continue
    if folder not in rank:
        bad.append("%s/: not in the folder table of src/README.md" % folder)
        continue
    for name in sorted(os.listdir(path)):
        if not name.endswith((".c", ".h")):
            continue
        module = family("%s/%s" % (folder, os.path.splitext(name)[0]))
        for inc_folder, inc_name in include.findall(open(os.path.join(path, name)).read()):
            target = family("%s/%s" % (inc_folder, inc_name))
            if inc_folder not in rank:
                bad.append("%s/%s includes %s/%s.h: no such folder" % (folder, name, inc_folder, inc_name))
            elif rank[inc_folder] < rank[folder]:
                bad.append("%s/%s includes %s/%s.h, a folder above it" % (folder, name, inc_folder, inc_name))
            if target != module and target != "util/sg_err":
                edges.setdefault(module, set()).add(target)

# a circle among modules: depth-first search for a back edge
state = {}


def visit(node, trail):
    state[node] = 1
    for nxt in sorted(edges.get(node, ())):
        if state.get(nxt) == 1:
            bad.append("circle: " + " -> ".join(trail[trail.index(nxt):] + [nxt]))
        elif nxt not in state:
            visit(nxt, trail + [nxt])
    state[node] = 2


for start in sorted(edges):
    if start not in state:
        visit(start, [start])
for line in bad:
    print(line)
print("layering: %d folders, %d modules, %d violations" % (len(order), len(edges), len(bad)))
sys.exit(1 if bad else 0)
