#!/bin/sh
# Runs the command with the open-files limit raised as far as the OS allows: the idle-connections
# workload holds every connection of a level in one server process (50,000 with --large).
# Where the hard limit is lower, the workloads skip the levels that do not fit and say so.
hard=$(ulimit -Hn)
if [ "$hard" = "unlimited" ]; then hard=1048576; fi
if ! ulimit -n 1048576 2>/dev/null && ! ulimit -n "$hard" 2>/dev/null; then
  echo "bench: could not raise the open-files limit above $(ulimit -n)" >&2
fi
if [ "$(ulimit -n)" != "unlimited" ] && [ "$(ulimit -n)" -lt 50200 ]; then
  echo "bench: open files limited to $(ulimit -n) (hard limit $(ulimit -Hn)); 50,000 connections need 50,200" >&2
fi
exec "$@"
