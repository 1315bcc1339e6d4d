#!/usr/bin/env bash
# Load benchmark: `workers serve` against workerd (Cloudflare's runtime) on the same workers.
#
#   Benchmarks/load/run.sh [--duration SECONDS] [--rounds N] [--quick] [--ours-only]
#                          [--workers hello,cpu,...] [--parts load,launch,memory] [--ours-bin PATH]
#
#   --duration, --rounds  seconds of wrk per run and rounds per (worker, connections, server)
#   --quick               one short round of hello and post-echo at 1 and 8 connections (CI)
#   --ours-only           skip workerd
#   --workers LIST        load workers to run, of Benchmarks/workers/*.js (default: all four)
#   --parts LIST          what to measure: load, launch, memory (default: all three)
#   --ours-bin PATH       run this `workers` executable (e.g. a published single file or a
#                         NativeAOT build) instead of building the CLI and running `dotnet workers.dll`
#
# For each worker and each connection count, it starts one server at a time on a free
# 127.0.0.1 port (ours and workerd alternate going first from round to round), waits for a 200,
# warms up, runs `wrk --latency`, reads the server's peak RSS and stops it. It then measures
# launch to first response, and memory per isolate: the RSS of a server with 100 distinct
# trivial workers loaded (one request to each), minus that with 1 worker, divided by 99. It
# prints Markdown tables (medians over the rounds). Every process it starts is stopped on exit,
# error or Ctrl+C.
#
# Needs: bash, curl, wrk (installed with apt-get when missing), the .NET SDK, and for workerd
# npm (workerd is installed into Benchmarks/load/.data, which git ignores).
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data="$here/.data"
workers_dir="$root/Benchmarks/workers"
workerd_version=1.20261117.1
workerd_bin="$data/node_modules/@cloudflare/workerd-linux-64/bin/workerd"
ours_dll="$root/Cli/bin/Release/net10.0/workers.dll"
compat_date=2025-01-01
post_bytes=65536

duration=10
rounds=2
quick=0
ours_only=0
workers_opt=""
parts="load,launch,memory"
ours_bin=""

usage() {
  sed -n '4,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=${2:?--duration needs a number of seconds}; shift 2 ;;
    --duration=*) duration=${1#*=}; shift ;;
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    --rounds=*) rounds=${1#*=}; shift ;;
    --quick) quick=1; shift ;;
    --ours-only) ours_only=1; shift ;;
    --workers) workers_opt=${2:?--workers needs a comma-separated list}; shift 2 ;;
    --workers=*) workers_opt=${1#*=}; shift ;;
    --parts) parts=${2:?--parts needs a comma-separated list}; shift 2 ;;
    --parts=*) parts=${1#*=}; shift ;;
    --ours-bin) ours_bin=${2:?--ours-bin needs a path}; shift 2 ;;
    --ours-bin=*) ours_bin=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$duration$rounds" in
  *[!0-9]*|'') echo "run.sh: --duration and --rounds take whole numbers" >&2; exit 2 ;;
esac
if [ "$duration" -lt 1 ] || [ "$rounds" -lt 1 ]; then
  echo "run.sh: --duration and --rounds must be at least 1" >&2; exit 2
fi

if [ "$quick" -eq 1 ]; then
  duration=2
  rounds=1
  warmup=1
  connections=(1 8)
  workers=(hello post-echo)
  launches=3
else
  warmup=2
  connections=(1 32)
  workers=(hello json-echo cpu post-echo)
  launches=5
fi
if [ -n "$workers_opt" ]; then
  IFS=, read -r -a workers <<<"$workers_opt"
  for worker in "${workers[@]}"; do
    [ -f "$workers_dir/$worker.js" ] || { echo "run.sh: no worker '$worker' in $workers_dir" >&2; exit 2; }
  done
fi
do_load=0 do_launch=0 do_memory=0
IFS=, read -r -a part_list <<<"$parts"
for part in "${part_list[@]}"; do
  case "$part" in
    load) do_load=1 ;;
    launch) do_launch=1 ;;
    memory) do_memory=1 ;;
    *) echo "run.sh: unknown part '$part' (load, launch, memory)" >&2; exit 2 ;;
  esac
done
if [ -n "$ours_bin" ]; then
  [ -x "$ours_bin" ] || { echo "run.sh: --ours-bin '$ours_bin' is not an executable file" >&2; exit 2; }
  ours_bin=$(cd "$(dirname "$ours_bin")" && pwd)/$(basename "$ours_bin")
fi
servers=(ours)
[ "$ours_only" -eq 1 ] || servers+=(workerd)

# ---------------------------------------------------------------- cleanup of what we started

work=$(mktemp -d "${TMPDIR:-/tmp}/workers-load.XXXXXX")
declare -a started=()

cleanup() {
  local pid
  for pid in "${started[@]+"${started[@]}"}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${started[@]+"${started[@]}"}"; do
    local i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
exec 9>&2 # the script's own stderr, for messages from traps that fire inside a redirection
trap 'echo "run.sh: interrupted" >&9; exit 130' INT
trap 'echo "run.sh: terminated" >&9; exit 143' TERM

die() { echo "run.sh: $*" >&9; exit 1; }

# background <command...>: runs it as a child we track and waits for it. Unlike a foreground
# command, the `wait` builtin returns at once when Ctrl+C or SIGTERM arrives, so the traps run
# (and stop it) without waiting for it to finish. Returns its exit code.
background() {
  local pid rc=0
  "$@" &
  pid=$!
  started+=("$pid")
  wait "$pid" || rc=$?
  forget "$pid"
  return $rc
}

forget() {
  local kept=() p
  for p in "${started[@]+"${started[@]}"}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  started=("${kept[@]+"${kept[@]}"}")
}
log() { echo "# $*" >&2; }

# ---------------------------------------------------------------- tools

apt_install() {
  # Installs Debian packages when we can (root or password-less sudo); returns non-zero if not.
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || return 1
    sudo="sudo -n"
  fi
  command -v apt-get >/dev/null || return 1
  log "installing $* with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >"$work/apt.log" 2>&1; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq >>"$work/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >>"$work/apt.log" 2>&1 || return 1
  fi
}

for tool in wrk curl; do
  if ! command -v "$tool" >/dev/null; then
    apt_install "$tool" || die "$tool is not installed and could not be installed (run: apt-get install -y $tool)"
    command -v "$tool" >/dev/null || die "$tool is still missing after apt-get install"
  fi
done

if [ "$ours_only" -eq 0 ] && [ ! -x "$workerd_bin" ]; then
  command -v npm >/dev/null || die "workerd is not installed and npm is missing (install Node.js/npm or use --ours-only)"
  mkdir -p "$data"
  log "installing workerd@$workerd_version into $data"
  background timeout 600 npm install --prefix "$data" --no-audit --no-fund "workerd@$workerd_version" >"$work/npm.log" 2>&1 \
    || { cat "$work/npm.log" >&2; die "npm install workerd@$workerd_version failed"; }
  [ -x "$workerd_bin" ] || die "workerd binary not found at $workerd_bin after npm install"
fi
if [ -d "$data" ] && [ ! -f "$data/.gitignore" ]; then
  printf '*\n' >"$data/.gitignore"
fi

if [ -n "$ours_bin" ]; then
  ours_cmd=("$ours_bin")
  log "ours: $ours_bin"
else
  log "building the CLI (Release)"
  # No build servers: they would outlive this script.
  if ! background timeout 900 dotnet build "$root/Cli" -c Release -nologo -v q -nodeReuse:false -p:UseSharedCompilation=false \
    >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    die "dotnet build -c Release Cli failed"
  fi
  [ -f "$ours_dll" ] || die "built CLI not found at $ours_dll"
  ours_cmd=(dotnet "$ours_dll")
fi

# ---------------------------------------------------------------- servers

# A port no socket uses now (workerd needs one chosen for it; ours takes --port 0 under load).
# Taken below the kernel's ephemeral range, whose ports wrk's client sockets leave in TIME_WAIT.
free_port() {
  local p low used
  low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 12000 ] || low=32768
  used=$(ss -Htan 2>/dev/null | awk '{ n = split($4, a, ":"); print a[n] }' | sort -u || true)
  for _ in $(seq 1 200); do
    p=$((10000 + RANDOM % (low - 10000)))
    if ! grep -qx "$p" <<<"$used" && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo 0
}

# write_workerd_config <dir> <port> <worker.js>
write_workerd_config() {
  local dir=$1 port=$2 script=$3
  mkdir -p "$dir"
  cp "$script" "$dir/worker.js"
  cat >"$dir/config.capnp" <<EOF
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "bench", worker = .benchWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:$port", http = (), service = "bench") ],
);

const benchWorker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "$compat_date",
);
EOF
}

# start_server <ours|workerd> <worker.js or config> <port or 0> <log>: starts it in the background
# and sets server_pid and server_url (server_url is empty for ours with port 0 until it is ready).
# Ours takes a script or any configuration file `workers serve` reads; workerd a script, or a
# .capnp config that already listens on <port>.
server_pid=""
server_url=""
server_log=""
start_server() {
  local kind=$1 script=$2 port=$3
  server_log=$4
  case "$kind" in
    ours)
      "${ours_cmd[@]}" serve "$script" --port "$port" --log-level Warning >"$server_log" 2>&1 &
      ;;
    workerd)
      [ "$port" -ne 0 ] || port=$(free_port)
      [ "$port" -ne 0 ] || die "no free port found"
      local config=$script
      if [ "${script%.capnp}" = "$script" ]; then
        # A worker script: wrap it in a one-worker config listening on the port.
        config="$work/workerd-$port/config.capnp"
        write_workerd_config "$(dirname "$config")" "$port" "$script"
      fi
      "$workerd_bin" serve "$config" >"$server_log" 2>&1 &
      ;;
  esac
  server_pid=$!
  started+=("$server_pid")
  if [ "$port" -ne 0 ]; then server_url="http://127.0.0.1:$port/"; else server_url=""; fi
}

# wait_ready <seconds>: polls until the server answers 200 (reading ours' "Ready on" line first
# when it picked its own port). Returns 1 if the process exits first; dies if time runs out.
wait_ready() {
  local limit=$1 deadline code
  deadline=$(( ${EPOCHREALTIME/./} + limit * 1000000 ))
  while [ "${EPOCHREALTIME/./}" -lt "$deadline" ]; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      wait "$server_pid" 2>/dev/null || true
      forget "$server_pid"
      server_pid=""
      return 1
    fi
    if [ -z "$server_url" ]; then
      server_url=$(sed -n 's/^Ready on \(http[^ ]*\).*/\1/p' "$server_log" | head -n 1)
      [ -n "$server_url" ] || { sleep 0.005; continue; }
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$server_url" 2>/dev/null || true)
    [ "$code" = 200 ] && return 0
    sleep 0.005
  done
  cat "$server_log" >&2
  die "server did not answer 200 within ${limit}s"
}

# launch <ours|workerd> <worker.js> <port or 0> <log>: start_server + wait_ready, retried twice
# with another port when the server exits before answering (a port taken in between).
launch() {
  local attempt port=$3
  for attempt in 1 2 3; do
    [ "$attempt" -eq 1 ] || { log "$1 exited before answering; retrying on another port"; sed 's/^/#   /' "$4" >&2; }
    [ "$attempt" -eq 1 ] || [ "$port" -eq 0 ] || port=$(free_port)
    start_server "$1" "$2" "$port" "$4"
    wait_ready 60 && return 0
  done
  cat "$4" >&2
  die "$1 exited before answering ($2)"
}

peak_rss_kib() {
  awk '/^VmHWM:/ { print $2; found = 1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0
}

current_rss_kib() {
  awk '/^VmRSS:/ { print $2; found = 1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0
}

stop_server() {
  local pid=$server_pid i=0
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    log "server $pid ignored SIGTERM for 10 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  forget "$pid"
  server_pid=""
}

# check_answer <worker> <url>: one request as the load will send it, answer checked.
check_answer() {
  local worker=$1 url=$2 body
  case "$worker" in
    hello)
      body=$(curl -s --max-time 5 "$url" || true)
      [ "$body" = "Hello worker!" ] || die "hello answered '$body'"
      ;;
    json-echo)
      body=$(curl -s --max-time 5 -H 'x-bench: 1' "$url" || true)
      case "$body" in *'"method":"GET"'*'"x-bench":"1"'*) ;; *) die "json-echo answered '$body'" ;; esac
      ;;
    cpu)
      body=$(curl -s --max-time 10 "$url" || true)
      case "$body" in '[{"id":0,"name":"item0","score":0},{"id":'*) ;; *) die "cpu answered '${body:0:80}'" ;; esac
      ;;
    post-echo)
      body=$(curl -s --max-time 5 -H 'content-type: application/octet-stream' --data-binary "@$work/post.bin" "$url" || true)
      [ "$body" = "$post_bytes" ] || die "post-echo answered '$body'"
      ;;
  esac
}

# ---------------------------------------------------------------- load

head -c "$post_bytes" /dev/zero | tr '\0' 'x' >"$work/post.bin"
cat >"$work/post.lua" <<EOF
-- wrk: every request is a POST carrying a $post_bytes-byte body.
wrk.method = "POST"
wrk.body = string.rep("x", $post_bytes)
wrk.headers["Content-Type"] = "application/octet-stream"
EOF

# run_wrk <worker> <connections> <seconds> <url> <out>
run_wrk() {
  local worker=$1 conns=$2 secs=$3 url=$4 out=$5 threads=2
  [ "$conns" -ge "$threads" ] || threads=$conns
  local args=(-t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency)
  [ "$worker" = post-echo ] && args+=(-s "$work/post.lua")
  background timeout $((secs + 60)) wrk "${args[@]}" "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
}

# parse_wrk <file>: prints "req_per_s p50_ms p99_ms errors" (errors: non-2xx/3xx + socket errors).
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%.2f %.3f %.3f %d\n", rps + 0, p50 + 0, p99 + 0, errors + 0 }
  ' "$1"
}

results="$work/results.txt" # worker conns server round rps p50 p99 errors rss_kib
: >"$results"

if [ "$do_load" -eq 1 ]; then
  log "load: workers=${workers[*]} connections=${connections[*]} servers=${servers[*]} duration=${duration}s rounds=$rounds"
  for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then order=("${servers[@]}"); else order=(); for ((i = ${#servers[@]} - 1; i >= 0; i--)); do order+=("${servers[i]}"); done; fi
    for worker in "${workers[@]}"; do
      for conns in "${connections[@]}"; do
        for kind in "${order[@]}"; do
          run="$work/$kind-$worker-c$conns-r$round"
          launch "$kind" "$workers_dir/$worker.js" 0 "$run.log"
          check_answer "$worker" "$server_url"
          run_wrk "$worker" "$conns" "$warmup" "$server_url" "$run.warmup"
          run_wrk "$worker" "$conns" "$duration" "$server_url" "$run.wrk"
          rss=$(peak_rss_kib "$server_pid")
          kill -0 "$server_pid" 2>/dev/null || { cat "$run.log" >&2; die "$kind crashed under load ($worker, c$conns)"; }
          read -r rps p50 p99 errors < <(parse_wrk "$run.wrk")
          stop_server
          echo "$worker $conns $kind $round $rps $p50 $p99 $errors $rss" >>"$results"
          log "round $round $worker c$conns $kind: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, errors $errors, peak RSS $((rss / 1024)) MiB"
          if [ "$errors" -gt 0 ]; then
            log "  wrk reported errors:"; grep -E 'Non-2xx|Socket errors' "$run.wrk" | sed 's/^/#   /' >&2
          fi
          if grep -qiE 'unhandled|exception|fatal' "$run.log"; then
            log "  $kind log mentions errors:"; grep -iE 'unhandled|exception|fatal' "$run.log" | head -n 5 | sed 's/^/#   /' >&2
          fi
        done
      done
    done
  done
fi

# ---------------------------------------------------------------- launch to first response

launch_ms="$work/launch.txt" # server ms
: >"$launch_ms"
if [ "$do_launch" -eq 1 ]; then
  log "launch to first 200 (hello, $launches launches each)"
  for i in $(seq 1 "$launches"); do
    if [ $((i % 2)) -eq 1 ]; then order=("${servers[@]}"); else order=(); for ((j = ${#servers[@]} - 1; j >= 0; j--)); do order+=("${servers[j]}"); done; fi
    for kind in "${order[@]}"; do
      # A launch that exits before answering (its port taken between free_port and the bind) is
      # retried on another port and its time discarded.
      for attempt in 1 2 3; do
        port=$(free_port)
        [ "$port" -ne 0 ] || die "no free port found"
        t0=${EPOCHREALTIME/./}
        start_server "$kind" "$workers_dir/hello.js" "$port" "$work/launch-$kind-$i.log"
        if wait_ready 60; then break; fi
        [ "$attempt" -lt 3 ] || { cat "$work/launch-$kind-$i.log" >&2; die "$kind exited before answering"; }
        log "$kind exited before answering; retrying on another port"
        sed 's/^/#   /' "$work/launch-$kind-$i.log" >&2
      done
      t1=${EPOCHREALTIME/./}
      stop_server
      echo "$kind $(( (t1 - t0) / 1000 ))" >>"$launch_ms"
    done
  done
fi

# ---------------------------------------------------------------- memory per isolate

# 100 distinct trivial workers w0..w99, each answering its own name, generated into .data (git
# ignores it). Ours serves them from a multi-worker file and reaches each by its NAME.localhost
# host. workerd serves them from a capnp config with one service per worker and an entry worker
# that forwards to service wN (a service binding each) by the same host, so both get the same
# requests. w0 is the default in both: a request without such a host (the readiness check) gets
# a 200. Per isolate = (RSS with 100 workers - RSS with 1) / 99, each RSS (VmRSS) read 1 s after
# one request to every worker.
isolate_count=100
isolates_dir="$data/isolates"
memory_results="$work/memory.txt" # server round workers rss_kib live_isolates
: >"$memory_results"

write_isolate_workers() {
  local n
  mkdir -p "$isolates_dir"
  [ -f "$data/.gitignore" ] || printf '*\n' >"$data/.gitignore"
  for ((n = 0; n < isolate_count; n++)); do
    printf 'export default {\n  fetch() {\n    return new Response("Hello from w%d");\n  },\n};\n' "$n" >"$isolates_dir/w$n.js"
  done
}

# write_ours_multi <file> <count>: a multi-worker file (Runtime/Hosting/Config/README.md).
write_ours_multi() {
  local file=$1 count=$2 n
  {
    echo "# $count benchmark workers, generated by run.sh"
    for ((n = 0; n < count; n++)); do
      printf '\n[[workers]]\nname = "w%d"\nmain = "w%d.js"\ncompatibility_date = "%s"\n' "$n" "$n" "$compat_date"
      [ "$n" -ne 0 ] || echo 'default = true'
    done
  } >"$file"
}

# write_workerd_multi <file> <port> <count>
write_workerd_multi() {
  local file=$1 port=$2 count=$3 n services="" bindings="" defs=""
  cat >"$isolates_dir/entry.js" <<'EOF'
// Forwards a request for NAME.localhost to the worker NAME (a service binding), else to w0.
export default {
  fetch(request, env) {
    const host = (request.headers.get("host") || "").split(":")[0];
    const name = host.endsWith(".localhost") ? host.slice(0, -".localhost".length) : "";
    return (env[name] || env.w0).fetch(request);
  },
};
EOF
  for ((n = 0; n < count; n++)); do
    services+="    (name = \"w$n\", worker = .w$n),"$'\n'
    bindings+="    (name = \"w$n\", service = \"w$n\"),"$'\n'
    defs+="const w$n :Workerd.Worker = ( modules = [ (name = \"w$n.js\", esModule = embed \"w$n.js\") ], compatibilityDate = \"$compat_date\" );"$'\n'
  done
  cat >"$file" <<EOF
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "entry", worker = .entry),
$services  ],
  sockets = [ (name = "http", address = "127.0.0.1:$port", http = (), service = "entry") ],
);

const entry :Workerd.Worker = (
  modules = [ (name = "entry.js", esModule = embed "entry.js") ],
  compatibilityDate = "$compat_date",
  bindings = [
$bindings  ],
);

$defs
EOF
}

# isolate_rss <ours|workerd> <count> <round>: serves <count> workers, sends one request to each
# (answer checked), and appends the server's RSS to memory.txt.
isolate_rss() {
  local kind=$1 count=$2 round=$3 port=0 config n body live=-
  case "$kind" in
    ours)
      config="$isolates_dir/workers-$count.toml"
      write_ours_multi "$config" "$count"
      ;;
    workerd)
      port=$(free_port)
      [ "$port" -ne 0 ] || die "no free port found"
      config="$isolates_dir/workerd-$count.capnp"
      write_workerd_multi "$config" "$port" "$count"
      ;;
  esac
  start_server "$kind" "$config" "$port" "$work/isolates-$kind-$count-r$round.log"
  wait_ready 120 || { cat "$server_log" >&2; die "$kind with $count workers exited before answering"; }
  for ((n = 0; n < count; n++)); do
    body=$(curl -s --max-time 10 -H "Host: w$n.localhost" "$server_url" || true)
    [ "$body" = "Hello from w$n" ] || die "$kind: worker w$n answered '$body'"
  done
  sleep 1
  rss=$(current_rss_kib "$server_pid")
  if [ "$kind" = ours ]; then
    live=$(curl -s --max-time 5 "${server_url%/}/cdn-cgi/workers/metrics" | awk '$1 == "workers_isolates_live" { printf "%d", $2 }' || true)
    [ -n "$live" ] || live=-
  fi
  stop_server
  echo "$kind $round $count $rss $live" >>"$memory_results"
  log "memory round $round $kind, $count worker(s): RSS $(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }') MiB, live isolates ${live}"
}

if [ "$do_memory" -eq 1 ]; then
  write_isolate_workers
  memory_rounds=$rounds
  log "memory per isolate: 1 and $isolate_count workers, servers=${servers[*]}, $memory_rounds round(s)"
  for round in $(seq 1 "$memory_rounds"); do
    if [ $((round % 2)) -eq 1 ]; then order=("${servers[@]}"); else order=(); for ((i = ${#servers[@]} - 1; i >= 0; i--)); do order+=("${servers[i]}"); done; fi
    for kind in "${order[@]}"; do
      isolate_rss "$kind" 1 "$round"
      isolate_rss "$kind" "$isolate_count" "$round"
    done
  done
fi

# ---------------------------------------------------------------- report

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# col_median <worker> <conns> <server> <column>: median over rounds of one column of results.txt.
col_median() {
  awk -v w="$1" -v c="$2" -v s="$3" -v col="$4" '$1 == w && $2 == c && $3 == s { print $col }' "$results" | median
}
errors_total() {
  awk -v w="$1" -v c="$2" -v s="$3" '$1 == w && $2 == c && $3 == s { e += $8 } END { print e + 0 }' "$results"
}

if [ "$do_load" -eq 1 ]; then
  echo
  echo "Load: wrk -t2 (-t1 at 1 connection) -d${duration}s --latency, ${warmup}s warm-up, medians of $rounds round(s); $(nproc) cores; RSS = peak (VmHWM); errors = non-2xx/3xx + socket errors, summed"
  echo
  echo "| worker | conns | ours req/s | workerd req/s | ratio | ours p50 / p99 ms | workerd p50 / p99 ms | ours peak RSS MiB | workerd peak RSS MiB | errors ours / workerd |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for worker in "${workers[@]}"; do
    for conns in "${connections[@]}"; do
      o_rps=$(col_median "$worker" "$conns" ours 5)
      o_lat=$(awk -v a="$(col_median "$worker" "$conns" ours 6)" -v b="$(col_median "$worker" "$conns" ours 7)" 'BEGIN { printf "%.2f / %.2f", a, b }')
      o_rss=$(awk -v k="$(col_median "$worker" "$conns" ours 9)" 'BEGIN { printf "%.0f", k / 1024 }')
      o_err=$(errors_total "$worker" "$conns" ours)
      if [ "$ours_only" -eq 0 ]; then
        w_rps=$(col_median "$worker" "$conns" workerd 5)
        w_lat=$(awk -v a="$(col_median "$worker" "$conns" workerd 6)" -v b="$(col_median "$worker" "$conns" workerd 7)" 'BEGIN { printf "%.2f / %.2f", a, b }')
        w_rss=$(awk -v k="$(col_median "$worker" "$conns" workerd 9)" 'BEGIN { printf "%.0f", k / 1024 }')
        w_err=$(errors_total "$worker" "$conns" workerd)
        ratio=$(awk -v a="$o_rps" -v b="$w_rps" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
        w_rps=$(printf '%.0f' "$w_rps")
      else
        w_rps="-" w_lat="-" w_rss="-" w_err="-" ratio="-"
      fi
      printf '| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s / %s |\n' \
        "$worker" "$conns" "$o_rps" "$w_rps" "$ratio" "$o_lat" "$w_lat" "$o_rss" "$w_rss" "$o_err" "$w_err"
    done
  done
fi

if [ "$do_launch" -eq 1 ]; then
  echo
  echo "| launch to first 200 (hello, median of $launches) | ours | workerd |"
  echo "|---|---:|---:|"
  o_launch=$(awk '$1 == "ours" { print $2 }' "$launch_ms" | median)
  if [ "$ours_only" -eq 0 ]; then
    w_launch="$(awk '$1 == "workerd" { print $2 }' "$launch_ms" | median) ms"
  else
    w_launch="-"
  fi
  echo "| ms | $o_launch ms | $w_launch |"
  echo "| all launches | $(awk '$1 == "ours" { printf "%s ", $2 }' "$launch_ms")| $(awk '$1 == "workerd" { printf "%s ", $2 }' "$launch_ms")|"
fi

if [ "$do_memory" -eq 1 ]; then
  # per_isolate <server>: median over rounds of (RSS100 - RSS1) / 99, in KiB.
  per_isolate() {
    awk -v s="$1" -v n="$isolate_count" '
      $1 == s && $3 == 1 { one[$2] = $4 }
      $1 == s && $3 == n { many[$2] = $4 }
      END { for (r in many) if (r in one) printf "%.1f\n", (many[r] - one[r]) / (n - 1) }
    ' "$memory_results" | median
  }
  rss_median() {
    awk -v s="$1" -v c="$2" '$1 == s && $3 == c { print $4 / 1024 }' "$memory_results" | median
  }
  o_iso=$(per_isolate ours)
  o_live=$(awk -v n="$isolate_count" '$1 == "ours" && $3 == n { printf "%s ", $5 }' "$memory_results")
  if [ "$ours_only" -eq 0 ]; then
    w_iso=$(per_isolate workerd)
    w_iso_s=$(printf '%.0f KiB' "$w_iso")
    w_rss1=$(printf '%.1f MiB' "$(rss_median workerd 1)")
    w_rss100=$(printf '%.1f MiB' "$(rss_median workerd "$isolate_count")")
    iso_ratio=$(awk -v a="$o_iso" -v b="$w_iso" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
  else
    w_iso_s="-" w_rss1="-" w_rss100="-" iso_ratio="-"
  fi
  echo
  echo "Memory per isolate with $isolate_count workers loaded: (RSS with $isolate_count distinct workers - RSS with 1) / $((isolate_count - 1)), RSS read 1 s after one request to each worker; medians of $rounds round(s)"
  echo
  echo "| memory | ours | workerd | ours / workerd |"
  echo "|---|---:|---:|---:|"
  printf '| per isolate | %.0f KiB | %s | %s |\n' "$o_iso" "$w_iso_s" "$iso_ratio"
  printf '| RSS with 1 worker | %.1f MiB | %s | |\n' "$(rss_median ours 1)" "$w_rss1"
  printf '| RSS with %d workers | %.1f MiB | %s | |\n' "$isolate_count" "$(rss_median ours "$isolate_count")" "$w_rss100"
  echo "| isolates live with $isolate_count workers (ours' metrics) | ${o_live}| | |"
fi
