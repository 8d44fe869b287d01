// The shell side of the fast path (issue 11): `__switchrole_fast <front> <args...>` reads
// the snapshot Node left (src/cache/fast.ts) and, only when every condition in it holds,
// exports its variables, says what Node would have said on stderr and returns 0, without
// starting any process (bash: the `stat` loadable builtin, zsh: zsh/stat and
// zsh/datetime; fish has no way to read a mode, so it spends one `stat`). Else it
// returns 1 having changed nothing, and the caller runs switchrole as before.
// Values are data: assigned with `export NAME=value` / `set -gx`, never evaluated.
// No single quote in these texts: bin/assume-role defines them with eval '...'.

/**
 * bash and zsh alike: the cache directory (d), the snapshot's name from the arguments, as
 * fastName escapes them (n), and its path (f), or status 1 when there is no such file.
 */
const SNAPSHOT_PATH = `  [[ $d == /* ]] || d=\${HOME:-}/.cache
  [[ $d == /* ]] || return 1
  d+=/switchrole
  shift
  printf -v nl "\\n"
  for a; do a=\${a//\\%/%25}; a=\${a//\\//%2F}; a=\${a//+/%2B}; n+=+\${a//$nl/%0A}; done
  f=$d/$n
  [[ -f $f ]] || return 1
`;

/** bash (the direnv library, `sr` for bash, assume-role under bash). */
export function bashFast(): string {
  return `__switchrole_fast() {
  local - d=\${XDG_CACHE_HOME:-} n=fast-$1 a f v u=0 now i=7 k nl IFS=" "
  set +eux
  local -A s=() t=() w=() x=()
  local -a m=()
${SNAPSHOT_PATH}  enable stat 2>/dev/null || { BASH_LOADABLES_PATH=\${BASH_LOADABLES_PATH:-/usr/lib/bash:/usr/local/lib/bash} enable -f stat stat 2>/dev/null && u=1; } || return 1
  builtin stat -L -A s "$f" 2>/dev/null; builtin stat -L -A t "$d" 2>/dev/null; builtin stat -L -A w "$d/state" 2>/dev/null
  # direnv: what watch_file answered last time (see the library), trusted as the snapshot is.
  __switchrole_watch_memo=$d/fast-watch\${n#fast-direnv} __switchrole_watch_ok=
  [[ $n == fast-direnv+* ]] && builtin stat -L -A x "$__switchrole_watch_memo" 2>/dev/null && [[ \${x[type]} == - && \${x[uid]} == "$EUID" ]] && ((!(8#\${x[perms]} & 8#22))) && __switchrole_watch_ok=1
  ((u)) && enable -d stat
  [[ \${s[type]-} == - && \${t[type]-} == d && \${s[uid]-} == "$EUID" && \${t[uid]-} == "$EUID" ]] || return 1
  (( (8#\${s[perms]} | 8#\${t[perms]}) & 8#22 )) && return 1
  mapfile -d "" -t m < "$f" || return 1
  printf -v now "%(%s)T" -1
  [[ \${m[0]-} == "switchrole-fast 1" && \${m[-1]} == end && -n \${m[1]-} && \${m[1]}\${m[2]-} != *[!0-9]* && \${m[3]-} == "\${w[mtime]:--}" && \${m[6]-} == "$#" ]] && ((now < m[1])) || return 1
  for a; do [[ \${m[i++]-} == "$a" ]] || return 1; done
  for v in + -; do
    k=\${m[i++]-}; [[ -n $k && $k != *[!0-9]* ]] || return 1
    while ((k--)); do
      a=\${m[i++]-}
      if [[ $v == + ]]; then [[ -e $a && ! $a -nt $f ]]; else [[ ! -e $a ]]; fi || return 1
    done
  done
  a=\${m[i++]-}; [[ $a != *[!A-Z0-9_\\ ]* ]] || return 1
  for a in $a; do [[ -v $a ]] && return 1; done
  a=\${m[i++]-}; [[ $a != *[!A-Z0-9_\\ ]* ]] || return 1
  for a in $a; do [[ ! -v $a || \${!a} == "\${m[i]}" ]] || return 1; ((i++)); done
  a=\${m[i++]-}; [[ $a != *[!A-Z0-9_\\ ]* ]] || return 1
  for a in $a; do [[ \${!a@a} == *x* && \${!a} == "\${m[i++]}" ]] || return 1; done
  a=\${m[i++]-}; [[ $a != *[!A-Z0-9_\\ ]* ]] || return 1
  # shellcheck disable=SC2206 # names only ([A-Z0-9_], checked): split on the spaces between them
  local -a e=($a)
  ((k = i + \${#e[@]}))
  a=\${m[k]-}
  [[ $a != *[!A-Z0-9_\\ ]* && \${m[k+1]-} == end && $((k + 2)) == "\${#m[@]}" ]] || return 1
  for v in "\${e[@]}"; do export "$v=\${m[i++]}"; done
  # shellcheck disable=SC2206
  e=($a)
  ((\${#e[@]})) && unset -v "\${e[@]}"
  __switchrole_state=$d/state
  printf %s "\${m[4]}" >&2
  [[ -z \${m[5]} ]] && return 0
  k=$((m[2] - now - 1))
  if ((k >= 3600)); then v="$((k / 3600))h $((k % 3600 / 60))m"; elif ((k >= 60)); then v="$((k / 60))m $((k % 60))s"; else v=\${k}s; fi
  printf "switchrole: %s, %s left\\n" "\${m[5]}" "$v" >&2
}
`;
}

/** zsh (`sr` for zsh, assume-role under zsh). Arrays count from 1. */
export function zshFast(): string {
  return `__switchrole_fast() {
  emulate -L zsh
  setopt extendedglob
  local d=\${XDG_CACHE_HOME:-} n=fast-$1 a f v now i=8 k nl
  local -A s t w
  local -a m x
${SNAPSHOT_PATH}  zmodload -F zsh/stat b:zstat 2>/dev/null && zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null || return 1
  zstat -L -H s -- $f 2>/dev/null && zstat -L -H t -- $d 2>/dev/null || return 1
  zstat -L -H w -- $d/state 2>/dev/null && (( (w[mode] & 8#170000) == 8#100000 )) || w=()
  (( (s[mode] & 8#170000) == 8#100000 && (t[mode] & 8#170000) == 8#40000 && s[uid] == EUID && t[uid] == EUID && !((s[mode] | t[mode]) & 8#22) )) || return 1
  m=("\${(@0)$(<$f)}")
  now=$EPOCHSECONDS
  [[ $m[1] == "switchrole-fast 1" && $m[2] == <-> && $m[3] == <-> && $m[4] == \${w[mtime]:--} && $m[7] == $# ]] && ((now < m[2])) || return 1
  for a; do [[ $m[i] == "$a" ]] || return 1; ((i++)); done
  for v in + -; do
    k=$m[i]; ((i++)); [[ $k == <-> ]] || return 1
    while ((k--)); do
      a=$m[i]; ((i++))
      if [[ $v == + ]]; then [[ -e $a && ! $a -nt $f ]]; else [[ ! -e $a ]]; fi || return 1
    done
  done
  a=$m[i]; ((i++)); [[ $a != *[^A-Z0-9_\\ ]* ]] || return 1
  for a in \${(s: :)a}; do [[ \${(tP)a} == *export* ]] && return 1; done
  a=$m[i]; ((i++)); [[ $a != *[^A-Z0-9_\\ ]* ]] || return 1
  for a in \${(s: :)a}; do [[ \${(tP)a} != *export* || \${(P)a} == "$m[i]" ]] || return 1; ((i++)); done
  a=$m[i]; ((i++)); [[ $a != *[^A-Z0-9_\\ ]* ]] || return 1
  for a in \${(s: :)a}; do [[ \${(tP)a} == *export* && \${(P)a} == "$m[i]" ]] || return 1; ((i++)); done
  a=$m[i]; ((i++)); [[ $a != *[^A-Z0-9_\\ ]* ]] || return 1
  x=(\${(s: :)a})
  ((k = i + $#x))
  a=$m[k]
  [[ $a != *[^A-Z0-9_\\ ]* && $m[k+1] == end ]] && (($#m == k + 2)) || return 1
  for v in $x; do export "$v=$m[i]"; ((i++)); done
  x=(\${(s: :)a})
  (($#x)) && unset -v $x
  print -rn -- "$m[5]" >&2
  [[ -z $m[6] ]] && return 0
  k=$((m[3] - now - 1))
  if ((k >= 3600)); then v="$((k / 3600))h $((k % 3600 / 60))m"; elif ((k >= 60)); then v="$((k / 60))m $((k % 60))s"; else v=\${k}s; fi
  print -r -- "switchrole: $m[6], $v left" >&2
}
`;
}

/**
 * fish (`sr` for fish), reading its own layout (src/cache/fast.ts, fishFields): the lists
 * are slices of the one list it reads, at indices the header gives, because each command
 * substitution costs fish ~75 us and a statement ~5 us. Three substitutions a call: the
 * file, the mtimes, the clock. Its `test` has no -nt and `path mtime` is in whole seconds:
 * a file as new as the snapshot counts as changed.
 */
export function fishFast(): string {
  return `function __switchrole_fast --description "switchrole: a cached role without starting node"
    set -l d $HOME/.cache
    string match -q "/*" -- "$XDG_CACHE_HOME"; and set d $XDG_CACHE_HOME
    string match -q "/*" -- $d; or return 1
    set d $d/switchrole
    set -l n fast-$argv[1]
    set -e argv[1]
    for a in $argv
        # As fastName escapes them (a regular expression costs about what a glob does).
        string match -qr -- "[%/+\\n]" $a; and set a (string join %0A -- (string split \\n -- $a | string replace -a -- % %25 | string replace -a -- / %2F | string replace -a -- + %2B))
        set n "$n+$a"
    end
    set -l f $d/$n
    test -f $f -a -O $f -a -O $d -a ! -L $f -a ! -L $d; or return 1
    set -l m (string split0 < $f)
    # fish cannot read a mode: one stat process, unless this shell checked these very fields
    # before (fields equal to ones it trusted cannot be forged ones, whoever wrote them). The
    # key is the fields joined with spaces, then with colons (a path variable): two lists
    # with both joins equal are equal, and both joins are as long, so the key is unambiguous.
    set -l --path c $m
    set -l seen "$m|$c"
    if not contains -- $seen $__switchrole_fast_seen
        set -l p (command stat -c %A -- $f $d 2>/dev/null); or return 1
        # A regular file and a directory, neither group- nor world-writable.
        string match -q -- "-????-??-?" $p[1]; and string match -q -- "d????-??-?" $p[2]; or return 1
        set -g __switchrole_fast_seen $seen $__switchrole_fast_seen[1..7]
    end
    test "x$m[1]" = "xswitchrole-fast-fish 1" -a "x$m[-1]" = xend; or return 1
    # The arguments (the file's name holds them already, escaped injectively).
    test "x$m[$m[8]..$m[9]]" = "x$argv"; or return 1
    # The mtimes: the snapshot's, the state file's (as recorded), those of the files that
    # existed (each older than the snapshot, and all still there, as fish got T of them),
    # the snapshot's age. The files that did not exist still do not (the state file among
    # them when it did not); the names not exported are not.
    set -l t (path mtime -- $f $m[$m[10]..$m[11]]; path mtime -R -- $f)
    set -q t[$m[12]]; and test "x$t[$m[13]]" = "x$m[4]"; or return 1
    for a in $t[$m[14]..$m[15]]
        test $a -lt $t[1]; or return 1
    end
    test $m[18] -eq 0; or not path filter -q -- $m[$m[16]..$m[17]]; or return 1
    test $m[21] -eq 0; or set -qx $m[$m[19]..$m[20]]; test $status -eq $m[21]; or return 1
    # (A name is never checked here: fish reads a bad one as an error, never as code.)
    set -l v $m[$m[24]..$m[25]]
    for a in $m[$m[22]..$m[23]]
        set -qx $a; and test "x$$a" != "x$v[1]"; and return 1
        set -e v[1]
    end
    set v $m[$m[28]..$m[29]]
    for a in $m[$m[26]..$m[27]]
        set -qx $a; and test "x$$a" = "x$v[1]"; or return 1
        set -e v[1]
    end
    # The clock is the snapshot's mtime plus its age; then the time left, and its parts.
    set -l k "($m[3] - $t[1] - $t[-1] - 1)"
    set k (math $t[1] + $t[-1]; math $k; math -s0 "floor($k / 3600)"; math -s0 "floor($k % 3600 / 60)"; math -s0 "floor($k / 60)"; math $k % 60)
    test "$k[1]" -lt $m[2]; or return 1
    set v $m[$m[32]..$m[33]]
    for a in $m[$m[30]..$m[31]]
        set -gx $a $v[1]
        set -e v[1]
    end
    test $m[36] -eq 0; or set -e $m[$m[34]..$m[35]]
    # One write to stderr (a redirection costs fish ~60 us).
    if test -z "$m[6]"
        printf %s $m[5] >&2
        return 0
    end
    set -l left $k[2]s
    if test $k[2] -ge 3600
        set left "$k[3]h $k[4]m"
    else if test $k[2] -ge 60
        set left "$k[5]m $k[6]s"
    end
    printf "%sswitchrole: %s, %s left\\n" $m[5] $m[6] $left >&2
end
`;
}

export const ASSUME_ROLE_BEGIN = "# --- switchrole fast path: generated from src/shells/fast.ts (test/fast/assume-role-block.test.ts checks it) ---";
export const ASSUME_ROLE_END = "# --- end of the generated fast path ---";

/** bin/assume-role's block: the bash or the zsh function, whichever shell sources it. */
export function assumeRoleBlock(): string {
  for (const text of [bashFast(), zshFast()]) if (text.includes("'")) throw new Error("a fast-path function holds a single quote");
  return `${ASSUME_ROLE_BEGIN}
if [ -n "\${ZSH_VERSION:-}" ]; then
  eval '${zshFast()}'
else
  eval '${bashFast()}'
fi
${ASSUME_ROLE_END}
`;
}
