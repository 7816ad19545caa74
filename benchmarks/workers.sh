#!/bin/bash
# Serve an index with N workers (`dafu serve --workers N`), time until the first answer, and report the RSS
# and PSS (proportional set size: shared pages split between the processes that map them) of every process
# of the server. Usage, from the project root: bash benchmarks/workers.sh N INDEX_FOLDER
N=$1; IDX=$2; PORT=$(.venv/bin/python -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
cd "$(dirname "$0")/.."
start=$(date +%s.%N)
.venv/bin/dafu serve --index $IDX --port $PORT --workers $N > "${TMPDIR:-/tmp}/dafu-workers-$N.log" 2>&1 &
PID=$!
for i in $(seq 1 240); do curl -sf -X POST -H "Content-Type: application/json" -d "{\"question\":\"浦东对AI人才有什么支持\"}" "http://127.0.0.1:$PORT/api/ask" -o /dev/null && break; sleep 0.5; done
ready=$(date +%s.%N)
for i in 1 2 3 4 5 6 7 8; do curl -sf -X POST -H "Content-Type: application/json" -d "{\"question\":\"浦东对AI人才有什么支持\"}" "http://127.0.0.1:$PORT/api/ask" -o /dev/null; done
pids="$PID $(pgrep -P $PID) $(for c in $(pgrep -P $PID); do pgrep -P $c; done)"
tot_rss=0; tot_pss=0
for p in $pids; do r=$(awk '/^Rss/{print $2}' /proc/$p/smaps_rollup 2>/dev/null); s=$(awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup 2>/dev/null); [ -n "$r" ] && { echo "  pid $p $(tr '\0' ' ' < /proc/$p/cmdline | cut -c1-60) rss=${r}kB pss=${s}kB"; tot_rss=$((tot_rss+r)); tot_pss=$((tot_pss+s)); }; done
echo "workers=$N ready_after=$(.venv/bin/python -c "print(round($ready-$start,1))")s total_rss=$((tot_rss/1024))MB total_pss=$((tot_pss/1024))MB"
kill $PID; sleep 2; pkill -P $PID 2>/dev/null; kill $PID 2>/dev/null; true
