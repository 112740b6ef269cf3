#!/usr/bin/env bash
# Runs spangen under valgrind memcheck, for the command-line and push tests:
# pass this script where they take the spangen binary.  Any memory error
# or leak makes the command exit 97 (which no test expects) and leaves the
# report in $SG_VALGRIND_LOGS (default /tmp), one file per run.
#   SG_VALGRIND_SPANGEN: the real binary (required)
set -u
logs=${SG_VALGRIND_LOGS:-/tmp}
exec valgrind -q --error-exitcode=97 --leak-check=full \
    --errors-for-leak-kinds=all --track-fds=no \
    --suppressions="$(dirname "$0")/glibc.supp" \
    --log-file="$logs/spangen-vg.%p.log" \
    "${SG_VALGRIND_SPANGEN:?the real spangen binary}" "$@"
