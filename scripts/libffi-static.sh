#!/usr/bin/env bash
# Builds a position-independent static libffi from Debian's own libffi source package, for
# linking into the prebuilt addons (scripts/prebuild.js). Debian's libffi.a is built without
# -fPIC, so it cannot go into a shared object; the source build of the addon keeps using the
# system's libffi.so.
#
#   bash scripts/libffi-static.sh x64      -> prints .build/libffi-x64   (include/ffi.h, lib/libffi.a)
#   bash scripts/libffi-static.sh arm64    -> prints .build/libffi-arm64 (cross-built, aarch64-linux-gnu-gcc)
#
# Steps, each skipped when already done:
#   1. apt-get source libffi (the Debian release's version, its patches applied) into
#      .build/libffi-src/. When apt has no source index yet, a deb-src entry is derived from
#      the machine's own deb entries for the release (same mirror, same keyring) into
#      /etc/apt/sources.list.d/zerocall-deb-src.{sources,list}, and apt-get update is run (root or sudo).
#   2. configure --disable-shared --with-pic (CFLAGS -O2 -fPIC), make, make install into
#      .build/libffi-<arch>/.
# Progress goes to stderr; stdout is only the prefix directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch="${1:-}"
case "$arch" in
  x64) host=x86_64-linux-gnu ;;
  arm64) host=aarch64-linux-gnu ;;
  *) echo "usage: bash scripts/libffi-static.sh x64|arm64" >&2; exit 2 ;;
esac
prefix="$root/.build/libffi-$arch"
src_parent="$root/.build/libffi-src"

say() { printf 'libffi-static: %s\n' "$*" >&2; }

if [[ -f "$prefix/lib/libffi.a" && -f "$prefix/include/ffi.h" ]]; then
  say "up to date: $prefix"
  echo "$prefix"
  exit 0
fi

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; return; fi
  command -v sudo >/dev/null || { say "not root and no sudo: cannot run $*"; return 1; }
  sudo "$@"
}

# deb-src twins of the machine's deb entries for this Debian release, so the source comes
# from the mirror (and keyring) the machine already uses: deb822 stanzas (*.sources) with
# `sources`, one-line entries (sources.list, *.list) with `list`.
derive_deb_src() { # $1: sources|list, $2: codename
  local f
  if [[ "$1" == sources ]]; then
    for f in /etc/apt/sources.list.d/*.sources; do
      [[ -f "$f" ]] || continue
      awk -v want="$2" '
        function flush() {
          if (deb && suite) { sub(/Types:[^\n]*/, "Types: deb-src", text); printf "%s\n", text }
          text = ""; deb = 0; suite = 0
        }
        /^[[:space:]]*$/ { flush(); next }
        /^#/ { next }
        { text = text $0 "\n" }
        /^Types:/ { if ($0 ~ /(^|[[:space:]])deb([[:space:]]|$)/) deb = 1 }
        /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) suite = 1 }
        END { flush() }' "$f"
    done
  else
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [[ -f "$f" ]] || continue
      awk -v want="$2" '$1 == "deb" {
          i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
          if ($(i + 1) == want) { $1 = "deb-src"; print } }' "$f"
    done
  fi
}

fetch_source() {
  mkdir -p "$src_parent"
  if compgen -G "$src_parent/libffi-*/configure" >/dev/null; then return 0; fi
  if ! (cd "$src_parent" && apt-get source --print-uris libffi >/dev/null 2>&1); then
    local codename kind entries added=0 list=/etc/apt/sources.list.d/zerocall-deb-src
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
    for kind in sources list; do
      entries="$(derive_deb_src "$kind" "$codename")"
      [[ -n "$entries" ]] || continue
      say "adding deb-src entries for $codename: $list.$kind"
      printf '# Written by zerocall scripts/libffi-static.sh: the libffi source package.\n%s\n' "$entries" |
        as_root tee "$list.$kind" >/dev/null
      added=1
    done
    [[ $added == 1 ]] || { say "no deb entry for '$codename' to derive a deb-src entry from"; return 1; }
    as_root apt-get update -q >&2
  fi
  say "apt-get source libffi"
  (cd "$src_parent" && apt-get source -q libffi >&2)
}

fetch_source
src="$(ls -d "$src_parent"/libffi-*/ | head -1)"
src="${src%/}"
build="$root/.build/libffi-$arch-build"
say "building $(basename "$src") for $host into $prefix"
rm -rf "$build" "$prefix"
mkdir -p "$build"
(
  cd "$build"
  "$src/configure" --host="$host" --prefix="$prefix" --disable-shared --enable-static --with-pic \
    --disable-docs --disable-multi-os-directory --disable-dependency-tracking \
    CFLAGS="-O2 -fPIC" >configure.log 2>&1 || { cat configure.log >&2; exit 1; }
  make -j"$(nproc)" >make.log 2>&1 || { tail -50 make.log >&2; exit 1; }
  make install >>make.log 2>&1 || { tail -50 make.log >&2; exit 1; }
)
[[ -f "$prefix/lib/libffi.a" && -f "$prefix/include/ffi.h" ]] || { say "no libffi.a/ffi.h under $prefix"; exit 1; }
echo "$prefix"
