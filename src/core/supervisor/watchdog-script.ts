/**
 * The lab's watchdog, a POSIX shell script (dash and bash alike: builtins only, but rm and rmdir at the very
 * end). `$1` is the file where the host publishes what must end with it, one `PID START` per line (START:
 * field 22 of /proc/PID/stat, so a pid reused since is never hit); `$2` is the host's session; `$3` the lab's
 * mark, `NAME=VALUE`, which the environment of every process of the lab carries (watchdog.ts).
 *
 * Its stdin is a socket whose other end only the host holds: the read below returns at end-of-file, when the
 * host is gone, however it died (or when the lab stopped and let it go). Until then it costs nothing. Then:
 * every listed process that is still the same one is stopped (a stopped process starts nothing more), then
 * every process in the lab's session that carries the mark (what was born too late to be listed: its parent
 * may be dead already, killed by its own parent-death signal, and the orphan given to init), then every
 * process found below a stopped one, in the lab's session (a process that left the session set itself
 * free, as a detached one is), again until none is found; then all of them
 * get SIGKILL, which ends a stopped process too. Terminal signals are ignored: Ctrl-C reaches the whole
 * foreground group, this included, and the host may stop in good order on it, or not.
 *
 * (A template literal: `\${` is the shell's `${`.)
 */
export const WATCHDOG_SCRIPT = `
trap '' HUP INT QUIT TERM TSTP TTIN TTOU
list=$1 session=$2 mark=$3
while read -r _; do :; done
stat_of() {
  line=
  read -r line 2>/dev/null < "/proc/$1/stat" || [ -n "$line" ] || return 1
  rest=\${line##*') '}
  set -- $rest
  ppid=$2 sid=$4
  shift 19
  start=$1
}
frozen=' '
freeze() { kill -s STOP "$1" 2>/dev/null && frozen="$frozen$1 "; }
if [ -r "$list" ]; then
  while read -r pid born; do
    stat_of "$pid" && [ "$start" = "$born" ] && freeze "$pid"
  done < "$list"
fi
for file in $(grep -lsz -x -F -e "$mark" /proc/[0-9]*/environ 2>/dev/null); do
  pid=\${file#/proc/}
  pid=\${pid%/environ}
  case $frozen in *" $pid "*) continue ;; esac
  stat_of "$pid" && [ "$sid" = "$session" ] && freeze "$pid"
done
grown=1
while [ "$grown" = 1 ]; do
  grown=0
  for dir in /proc/[0-9]*; do
    pid=\${dir#/proc/}
    case $frozen in *" $pid "*) continue ;; esac
    stat_of "$pid" || continue
    case $frozen in *" $ppid "*) [ "$sid" = "$session" ] && freeze "$pid" && grown=1 ;; esac
  done
done
for pid in $frozen; do kill -s KILL "$pid" 2>/dev/null; done
rm -f "$list"
rmdir "\${list%/*}" 2>/dev/null
exit 0
`;
