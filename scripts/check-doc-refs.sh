#!/usr/bin/env bash
# Every requirement and design section the code cites must exist in the project's own docs:
#   "SECURITY A4", "SECURITY S1, S2, L4", "SECURITY O5–O7"  -> a heading "### A4 …" in docs/SECURITY.md
#   "DESIGN §1"                                             -> a heading "## §1 …" in docs/DESIGN.md
# Scans *.rs, *.ts and *.sql under app/, server/ and end2end/tests (not node_modules, not target).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8

security_doc=docs/SECURITY.md
design_doc=docs/DESIGN.md
for doc in "$security_doc" "$design_doc"; do
  [[ -f $doc ]] || { echo "doc references: $doc is missing" >&2; exit 1; }
done

# The ids and section numbers the docs define, one per heading.
declare -A security_ids=() design_sections=()
while read -r id; do security_ids[$id]=1; done < <(
  sed -nE 's/^#{2,6} +([A-Z][0-9]+)( .*)?$/\1/p' "$security_doc")
while read -r n; do design_sections[$n]=1; done < <(
  sed -nE 's/^## +§([0-9]+)( .*)?$/\1/p' "$design_doc")

mapfile -t files < <(find app server end2end/tests -type f \
  \( -name '*.rs' -o -name '*.ts' -o -name '*.sql' \) \
  -not -path '*/node_modules/*' -not -path '*/target/*' | sort)
if ((${#files[@]} == 0)); then
  echo "doc references: no source files found under app/, server/, end2end/tests" >&2
  exit 1
fi

citations=0
declare -A distinct=()
broken=()

# "file:line" of a grep -Hno hit (the match may begin with the character before the word).
location() {
  local file=${1%%:*} rest=${1#*:}
  echo "$file:${rest%%:*}"
}

# One cited SECURITY id, or a range such as O5–O7 / A1-A3 / O5–7, expanded to ids.
expand() {
  local item=$1 letter from to
  if [[ $item =~ ^([A-Z])([0-9]+)\ ?(–|-)\ ?([A-Z]?)([0-9]+)$ ]]; then
    letter=${BASH_REMATCH[1]} from=${BASH_REMATCH[2]} to=${BASH_REMATCH[5]}
    if [[ -n ${BASH_REMATCH[4]} && ${BASH_REMATCH[4]} != "$letter" ]] || ((to < from)); then
      echo "!$item"
      return
    fi
    for ((i = from; i <= to; i++)); do echo "$letter$i"; done
  else
    echo "$item"
  fi
}

# SECURITY followed by a list of ids: "SECURITY S1, S2, S3, L4" or "SECURITY O5–O7".
security_pattern='(^|[^A-Za-z0-9_])SECURITY [A-Z][0-9]+((, ?| ?(–|-) ?)[A-Z]?[0-9]+)*'
while IFS= read -r hit; do
  where=$(location "$hit")
  list=${hit#*SECURITY }
  # Split on commas; a range stays one item.
  IFS=',' read -ra items <<<"$list"
  for item in "${items[@]}"; do
    item=${item# }
    while read -r id; do
      citations=$((citations + 1))
      distinct["SECURITY $id"]=1
      if [[ $id == !* || -z ${security_ids[$id]+x} ]]; then
        broken+=("$where: SECURITY ${id#!} has no heading \"### ${id#!} …\" in $security_doc")
      fi
    done < <(expand "$item")
  done
done < <(grep -HnoE "$security_pattern" "${files[@]}" || true)

while IFS= read -r hit; do
  where=$(location "$hit")
  n=${hit##*§}
  citations=$((citations + 1))
  distinct["DESIGN §$n"]=1
  if [[ -z ${design_sections[$n]+x} ]]; then
    broken+=("$where: DESIGN §$n has no heading \"## §$n …\" in $design_doc")
  fi
done < <(grep -HnoE '(^|[^A-Za-z0-9_])DESIGN §[0-9]+' "${files[@]}" || true)

if ((citations == 0)); then
  echo "doc references: found no SECURITY or DESIGN citation at all; is the scan broken?" >&2
  exit 1
fi
if ((${#broken[@]} > 0)); then
  echo "doc references: ${#broken[@]} of $citations citations do not resolve:" >&2
  printf '  %s\n' "${broken[@]}" >&2
  exit 1
fi
echo "doc references: $citations citations (${#distinct[@]} distinct), all resolve"
