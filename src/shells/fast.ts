// The shell side of the fast path (issue 11): `__switchrole_fast <front> <args...>` reads
// the snapshot Node left (src/cache/fast.ts) and, only when every condition in it holds,
// exports its variables, says what Node would have said on stderr and returns 0, without
// starting any process (bash: the `stat` loadable builtin, zsh: zsh/stat and
// zsh/datetime; fish has no way to read a mode, so it spends one `stat`). Else it
// returns 1 having changed nothing, and the caller runs switchrole as before.
// Values are data: assigned with `export NAME=value` / `set -gx`, never evaluated.
// No single quote in these texts: bin/assume-role defines them with eval '...'.

/** bash (the direnv library, `sr` for bash, assume-role under bash). */
export function bashFast(): string {
  return `__switchrole_fast() {
  local - d=\${XDG_CACHE_HOME:-} n=fast-$1 a f v u=0 now i=7 k nl
  set +eux
  local -A s=() t=() w=()
  local -a m=() x=()
  [[ $d == /* ]] || d=\${HOME:-}/.cache
  [[ $d == /* ]] || return 1
  d+=/switchrole
  shift
  printf -v nl "\\n"
  for a; do a=\${a//\\%/%25}; a=\${a//\\//%2F}; a=\${a//+/%2B}; n+=+\${a//$nl/%0A}; done
  f=$d/$n
  [[ -f $f ]] || return 1
  enable stat 2>/dev/null || { BASH_LOADABLES_PATH=\${BASH_LOADABLES_PATH:-/usr/lib/bash:/usr/local/lib/bash} enable -f stat stat 2>/dev/null && u=1; } || return 1
  builtin stat -L -A s "$f" 2>/dev/null; builtin stat -L -A t "$d" 2>/dev/null; builtin stat -L -A w "$d/state" 2>/dev/null
  ((u)) && enable -d stat
  [[ \${s[type]-} == - && \${t[type]-} == d && \${s[uid]-} == "$EUID" && \${t[uid]-} == "$EUID" ]] || return 1
  (( (8#\${s[perms]} | 8#\${t[perms]}) & 8#22 )) && return 1
  mapfile -d "" -t m < "$f" || return 1
  printf -v now "%(%s)T" -1
  [[ \${m[0]-} == "switchrole-fast 1" && \${m[1]-} == +([0-9]) && \${m[2]-} == +([0-9]) && \${m[3]-} == "\${w[mtime]:--}" && \${m[6]-} == "$#" ]] && ((now < m[1])) || return 1
  for a; do [[ \${m[i++]-} == "$a" ]] || return 1; done
  k=\${m[i++]-}; [[ $k == +([0-9]) ]] || return 1
  while ((k--)); do
    a=\${m[i++]-} v=\${m[i++]-}
    if [[ $v == + ]]; then [[ -e $a && ! $a -nt $f ]]; else [[ $v == - && ! -e $a ]]; fi || return 1
  done
  for n in env export; do
    k=\${m[i++]-}; [[ $k == +([0-9]) ]] || return 1
    while ((k--)); do
      a=\${m[i++]-} v=\${m[i++]-}; ((i++))
      [[ $a == [A-Za-z_]*([A-Za-z0-9_]) && ( $v == [-+] || $v == "~" && $n == env ) ]] || return 1
      if [[ $n == export ]]; then x+=("$a" "$v" "\${m[i-1]}")
      elif [[ $v == - ]]; then [[ \${!a@a} != *x* ]] || return 1
      elif [[ $v == "~" ]]; then [[ \${!a@a} != *x* || \${!a} == "\${m[i-1]}" ]] || return 1
      else [[ \${!a@a} == *x* && \${!a} == "\${m[i-1]}" ]] || return 1; fi
    done
  done
  [[ \${m[i]-} == end ]] || return 1
  for ((i = 0; i < \${#x[@]}; i += 3)); do
    if [[ \${x[i+1]} == - ]]; then unset -v "\${x[i]}"; else export "\${x[i]}=\${x[i+2]}"; fi
  done
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
  [[ $d == /* ]] || d=\${HOME:-}/.cache
  [[ $d == /* ]] || return 1
  d+=/switchrole
  shift
  printf -v nl "\\n"
  for a; do a=\${a//\\%/%25}; a=\${a//\\//%2F}; a=\${a//+/%2B}; n+=+\${a//$nl/%0A}; done
  f=$d/$n
  [[ -f $f ]] || return 1
  zmodload -F zsh/stat b:zstat 2>/dev/null && zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null || return 1
  zstat -L -H s -- $f 2>/dev/null && zstat -L -H t -- $d 2>/dev/null || return 1
  zstat -L -H w -- $d/state 2>/dev/null && (( (w[mode] & 8#170000) == 8#100000 )) || w=()
  (( (s[mode] & 8#170000) == 8#100000 && (t[mode] & 8#170000) == 8#40000 && s[uid] == EUID && t[uid] == EUID && !((s[mode] | t[mode]) & 8#22) )) || return 1
  m=("\${(@0)$(<$f)}")
  now=$EPOCHSECONDS
  [[ $m[1] == "switchrole-fast 1" && $m[2] == <-> && $m[3] == <-> && $m[4] == \${w[mtime]:--} && $m[7] == $# ]] && ((now < m[2])) || return 1
  for a; do [[ $m[i] == "$a" ]] || return 1; ((i++)); done
  k=$m[i]; ((i++)); [[ $k == <-> ]] || return 1
  while ((k--)); do
    a=$m[i] v=$m[i+1]; ((i += 2))
    if [[ $v == + ]]; then [[ -e $a && ! $a -nt $f ]]; else [[ $v == - && ! -e $a ]]; fi || return 1
  done
  for n in env export; do
    k=$m[i]; ((i++)); [[ $k == <-> ]] || return 1
    while ((k--)); do
      a=$m[i] v=$m[i+1]; ((i += 3))
      [[ $a == [A-Za-z_][A-Za-z0-9_]# && ( $v == [-+] || $v == "~" && $n == env ) ]] || return 1
      if [[ $n == export ]]; then x+=("$a" "$v" "$m[i-1]")
      elif [[ $v == - ]]; then [[ \${(tP)a} != *export* ]] || return 1
      elif [[ $v == "~" ]]; then [[ \${(tP)a} != *export* || \${(P)a} == "$m[i-1]" ]] || return 1
      else [[ \${(tP)a} == *export* && \${(P)a} == "$m[i-1]" ]] || return 1; fi
    done
  done
  [[ $m[i] == end ]] || return 1
  for ((i = 1; i <= $#x; i += 3)); do
    if [[ $x[i+1] == - ]]; then unset -v $x[i]; else export "$x[i]=$x[i+2]"; fi
  done
  print -rn -- "$m[5]" >&2
  [[ -z $m[6] ]] && return 0
  k=$((m[3] - now - 1))
  if ((k >= 3600)); then v="$((k / 3600))h $((k % 3600 / 60))m"; elif ((k >= 60)); then v="$((k / 60))m $((k % 60))s"; else v=\${k}s; fi
  print -r -- "switchrole: $m[6], $v left" >&2
}
`;
}

/** fish (`sr` for fish). Its `test` has no -nt and `path mtime` is in whole seconds: a file as new as the snapshot counts as changed. */
export function fishFast(): string {
  return `function __switchrole_fast --description "switchrole: a cached role without starting node"
    set -l d "$XDG_CACHE_HOME"
    string match -q "/*" -- $d; or set d "$HOME/.cache"
    string match -q "/*" -- $d; or return 1
    set d $d/switchrole
    set -l n fast-$argv[1]
    set -e argv[1]
    for a in $argv
        set a (string join %0A -- (string split \\n -- $a | string replace -a -- % %25 | string replace -a -- / %2F | string replace -a -- + %2B))
        set n "$n+$a"
    end
    set -l f $d/$n
    test -f $f -a -O $f -a -O $d -a ! -L $f -a ! -L $d; or return 1
    set -l p (command stat -c %a -- $f $d 2>/dev/null); or return 1
    string match -qr "^[0-7]*[0145][0145]\\$" -- $p[1]; and string match -qr "^[0-7]*[0145][0145]\\$" -- $p[2]; or return 1
    set -l m (string split0 < $f)
    set -l now (math (path mtime $f) + (path mtime -R $f))
    set -l st -
    test -f $d/state -a ! -L $d/state; and set st (path mtime $d/state)
    test "x$m[1]" = "xswitchrole-fast 1" -a "x$m[4]" = "x$st" -a "x$m[7]" = "x"(count $argv); or return 1
    test "$m[2]" -gt $now -a "$m[3]" -ge 0 2>/dev/null; or return 1
    set -l i 8
    for a in $argv
        test "x$m[$i]" = "x$a"; or return 1
        set i (math $i + 1)
    end
    set -l k $m[$i]
    set i (math $i + 1)
    test "$k" -ge 0 2>/dev/null; or return 1
    set -l ft (path mtime $f)
    while test $k -gt 0
        set k (math $k - 1)
        set -l a $m[$i]
        set -l v $m[(math $i + 1)]
        set i (math $i + 2)
        if test "x$v" = x+
            test -e "$a"; and test (path mtime -- $a) -lt $ft; or return 1
        else
            test "x$v" = x- -a ! -e "$a"; or return 1
        end
    end
    set -l x
    for what in env export
        set k $m[$i]
        set i (math $i + 1)
        test "$k" -ge 0 2>/dev/null; or return 1
        while test $k -gt 0
            set k (math $k - 1)
            set -l a $m[$i]
            set -l v $m[(math $i + 1)]
            set -l val $m[(math $i + 2)]
            set i (math $i + 3)
            string match -qr "^[A-Za-z_][A-Za-z0-9_]*\\$" -- $a; or return 1
            test "x$v" = x+ -o "x$v" = x- -o "x$v$what" = "x~env"; or return 1
            if test $what = export
                set -a x $a $v $val
            else if test "x$v" = x-
                set -qx $a; and return 1
            else if test "x$v" = "x~"
                set -qx $a; and test "x$$a" != "x$val"; and return 1
            else
                set -qx $a; and test "x$$a" = "x$val"; or return 1
            end
        end
    end
    test "x$m[$i]" = xend; or return 1
    while set -q x[1]
        if test "x$x[2]" = x-
            set -e $x[1]
        else
            set -gx $x[1] $x[3]
        end
        set -e x[1..3]
    end
    printf %s $m[5] >&2
    test -z "$m[6]"; and return 0
    set k (math $m[3] - $now - 1)
    set -l left $k"s"
    if test $k -ge 3600
        set left (math -s0 "floor($k / 3600)")"h "(math -s0 "floor(($k % 3600) / 60)")m
    else if test $k -ge 60
        set left (math -s0 "floor($k / 60)")"m "(math $k % 60)s
    end
    printf "switchrole: %s, %s left\\n" $m[6] $left >&2
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
