#!/usr/bin/env bash
# Builds real runbook collections with the release pipebook and checks what it wrote with
# check_output.py, which shares no code with pipebook (issue 14, must-hold 11).
#
#   tests/corpora/run.sh            strict (CI): fails on a broken link of the output that
#                                   the source does not have, a Markdown file without a page,
#                                   a failed build, or a known-broken list that is not exactly
#                                   the source's own breakage
#   tests/corpora/run.sh --report   prints the same figures and never fails on them; a build
#                                   that fails is retried on a copy without what it refused
#                                   (an unknown site.yaml key, files it will not publish),
#                                   and the table says so
#   tests/corpora/run.sh [--report] NAME...   only those corpora
#
# CORPORA_OUT=DIR keeps each corpus's output, build log and findings (JSON) in DIR/NAME/.
# Needs python3 (markdown-it-py is installed from PyPI when missing: source_links.py reads
# the sources with it) and ../shared beside the repository (prometheus-operator's runbooks).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
here=tests/corpora

mode=strict
if [ "${1:-}" = "--report" ]; then
  mode=report
  shift
fi

shared="${PIPEBOOK_SHARED:-../shared}"
# name | source tree | runbook folder in it | forge | known-broken list
corpora=(
  "prometheus-operator|$shared/corpora/prometheus-operator-runbooks|content/runbooks|github"
  "gitlab-runbooks|$here/gitlab-runbooks/tree|.|gitlab"
  "openshift-runbooks|$here/openshift-runbooks/tree|.|github"
  "kubesphere-runbooks|$here/kubesphere-runbooks/tree|content.zh|github"
  "pagerduty-incident-response|$here/pagerduty-incident-response/tree|docs|github"
  "incident-playbook|$here/incident-playbook/tree|.|github"
  "aws-incident-response-playbooks|$here/aws-incident-response-playbooks/tree|.|github"
  "db-runbooks|$here/db-runbooks/tree|.|github"
  "managed-service-runbooks|$here/managed-service-runbooks/tree|.|github"
  "kubevirt-runbooks|$here/kubevirt-runbooks/tree|.|github"
  "govuk-developer-docs|$here/govuk-developer-docs/tree|.|github"
  "archlinux-infrastructure|$here/archlinux-infrastructure/tree|.|gitlab"
  "rust-infra-team|$here/rust-infra-team/tree|.|github"
  "nais-doc|$here/nais-doc/tree|.|github"
  "omnibus-gitlab|$here/omnibus-gitlab/tree|doc|gitlab"
  "platform-engineering-playbook|$here/platform-engineering-playbook/tree|docs|github"
  "sourcegraph-handbook|$here/sourcegraph-handbook/tree|content|github"
  "giantswarm-handbook|$here/giantswarm-handbook/tree|content|github"
  "cloudgov-ops|$here/cloudgov-ops/tree|_docs/ops|github"
  "rhobs-sop|$here/rhobs-sop/tree|docs|github"
  "2i2c-infrastructure|$here/2i2c-infrastructure/tree|docs|github"
  "govuk-infrastructure|$here/govuk-infrastructure/tree|docs|github"
  "cse-playbook|$here/cse-playbook/tree|docs|github"
  "artsy-readme|$here/artsy-readme/tree|.|github"
  "ir-plan-template|$here/ir-plan-template/tree|.|github"
  "mybinder-deploy|$here/mybinder-deploy/tree|docs/source|github"
  "mercari-prc|$here/mercari-prc/tree|.|github"
  "garage-book|$here/garage-book/tree|doc/book|github"
  "gitlab-handbook-ja|$here/gitlab-handbook-ja/tree|content/handbook/engineering/infrastructure-platforms|github"
  "agglayer-runbooks|$here/agglayer-runbooks/tree|.|github"
  "rook-docs|$here/rook-docs/tree|Documentation|github"
  "pagerduty-postmortem|$here/pagerduty-postmortem/tree|docs|github"
  "ons-dp|$here/ons-dp/tree|.|github"
  "aws-customer-playbook-framework|$here/aws-customer-playbook-framework/tree|docs|github"
  "gitaly-docs|$here/gitaly-docs/tree|doc|gitlab"
)
if [ $# -gt 0 ]; then
  wanted=" $* "
  selected=()
  for c in "${corpora[@]}"; do
    case "$wanted" in *" ${c%%|*} "*) selected+=("$c") ;; esac
  done
  [ ${#selected[@]} -eq $# ] || { echo "run.sh: unknown corpus in: $*" >&2; exit 2; }
  corpora=("${selected[@]}")
fi

if ! python3 -c "import markdown_it" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check 'markdown-it-py>=3,<5'
fi

echo "== the checker's own tests"
PYTHONDONTWRITEBYTECODE=1 python3 -m unittest -q "$here/test_check_output.py" 2>&1 | tail -n 3

# The binary cargo builds: under CARGO_TARGET_DIR when it is set (a worktree sharing
# another's target folder ran a stale ./target/release/pipebook, or none).
cargo build --release --locked --quiet
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
bin="${PIPEBOOK_BIN:-$target_dir/release/pipebook}"
base_url=https://corpus.example/ops/
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01: the same clock on every run

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out_root="${CORPORA_OUT:-$work/out}"
mkdir -p "$out_root"

failed=()
rows=()
for c in "${corpora[@]}"; do
  IFS='|' read -r name src runbooks forge <<<"$c"
  echo
  echo "== $name"
  dir="$out_root/$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ ! -d "$src" ]; then
    echo "run.sh: $name: no source tree at $src" >&2
    exit 1
  fi
  known="$here/$name/known-broken.txt"

  # The known-broken list must be exactly what is broken on the forge itself.
  if ! python3 "$here/source_links.py" "$src" --forge "$forge" --runbooks "$runbooks" --check "$known"; then
    failed+=("$name: known-broken.txt is not the source's breakage")
  fi

  # The tree to build: in place, except prometheus-operator, which lives read-only in
  # ../shared without a site.yaml and has a stray copy of a runbook that pipebook refuses
  # by design (tests/corpus.rs): a copy, with site.yaml added and the stray left out.
  root="$src"
  if [ "$name" = prometheus-operator ]; then
    root="$work/$name-tree"
    cp -R "$src" "$root"
    chmod -R u+w "$root"
    rm "$root/content/runbooks/prometheus-operator/PrometheusOperatorSyncFailed"
    cp "$here/$name/site.yaml" "$root/content/site.yaml"
  fi

  build() {
    status=0
    "$bin" build --root "$1" --output "$dir/public" --base-url "$base_url" \
      >"$dir/build.out" 2>"$dir/build.log" || status=$?
  }
  adjusted="-"
  build "$root"
  refused_list="$here/$name/refused.txt"
  expected_broken="$known"
  if [ "$status" -ne 0 ] && [ "$mode" = strict ] && [ -f "$refused_list" ]; then
    # Files pipebook refuses by design (refused.txt): the build must refuse exactly those,
    # with no other error; then a copy without them is built, and the links to them are
    # the only extra breakage allowed (refused-links.txt).
    got=$(sed -n 's/^error: `\(.*\)` is not published: .*/\1/p' "$dir/build.log" | sort)
    want=$(grep -v '^#' "$refused_list" | cut -f1 | sort)
    others=$(grep '^error' "$dir/build.log" | grep -v 'is not published: ' | grep -vc 'errors; nothing was written' || true)
    if [ "$got" != "$want" ] || [ "$others" -ne 0 ]; then
      echo "refused files differ from $refused_list, or other errors:"
      grep '^error' "$dir/build.log" | head -n 20
      failed+=("$name: refused files are not exactly refused.txt")
    else
      copy="$work/$name-without-refused"
      rm -rf "$copy"
      cp -R "$root" "$copy"
      chmod -R u+w "$copy"
      while IFS= read -r f; do rm -f "$copy/$f"; done <<<"$want"
      cp "$dir/build.log" "$dir/build-first.log"
      echo "refused by design, as refused.txt says: $(echo "$want" | wc -l) files; building without them"
      build "$copy"
      adjusted="$(echo "$want" | wc -l) refused files left out (refused.txt)"
      expected_broken="$work/$name-expected-broken.txt"
      cat "$known" "$here/$name/refused-links.txt" >"$expected_broken"
    fi
  fi
  if [ "$adjusted" = - ] && [ "$status" -eq 0 ] && [ "$mode" = strict ] && [ -f "$refused_list" ]; then
    # Since session 26 an SVG with script is left out with a warning and the rest builds:
    # the files left out must be exactly refused.txt's; links to them go to the forge.
    got=$(sed -n 's/^\(error\|warning\): `\(.*\)` is not published: .*/\2/p' "$dir/build.log" | sort)
    want=$(grep -v '^#' "$refused_list" | cut -f1 | sort)
    if [ "$got" != "$want" ]; then
      echo "files left out differ from $refused_list:"
      grep 'is not published: ' "$dir/build.log" | head -n 20
      failed+=("$name: files left out are not exactly refused.txt")
    else
      echo "left out by design, as refused.txt says: $(echo "$want" | wc -l) files"
      adjusted="$(echo "$want" | wc -l) files left out (refused.txt)"
    fi
  fi
  if [ "$status" -ne 0 ] && [ "$mode" = report ]; then
    # Report mode: build a copy without what this pipebook refused, and say what went.
    copy="$work/$name-adjusted"
    rm -rf "$copy"
    cp -R "$root" "$copy"
    chmod -R u+w "$copy"
    notes=()
    if grep -q 'unknown field `branch`' "$dir/build.log"; then
      sed -i '/^branch:/d' "$copy/content/site.yaml"
      notes+=("branch: dropped")
    fi
    refused=0
    while IFS= read -r f; do
      rm -f "$copy/$f"
      refused=$((refused + 1))
    done < <(sed -n 's/^error: `\(.*\)` is not published: .*/\1/p' "$dir/build.log")
    [ "$refused" -eq 0 ] || notes+=("$refused refused files removed")
    cp "$dir/build.log" "$dir/build-first.log"
    echo "build failed ($(grep -c '^error' "$dir/build.log") errors, see below); retrying without: ${notes[*]:-nothing}"
    grep '^error' "$dir/build.log" | head -n 5
    build "$copy"
    adjusted="$(IFS=';'; echo "${notes[*]:-none}")"
  fi
  if [ "$status" -ne 0 ]; then
    echo "pipebook build failed (status $status):"
    grep -A4 '^error' "$dir/build.log" | head -n 40
    failed+=("$name: build failed")
    rows+=("$name|build failed|||||||||$adjusted")
    continue
  fi
  cat "$dir/build.out"
  warnings=$(grep -c '^warning' "$dir/build.log" || true)

  check_args=("$dir/public" --base-url "$base_url" --source "$src" --runbooks "$runbooks"
    --known-broken "$expected_broken" --json "$dir/findings.json" --show 10)
  [ "$mode" = report ] && check_args+=(--report)
  if ! python3 "$here/check_output.py" "${check_args[@]}"; then
    failed+=("$name: broken links that the source does not have, or files without a page")
  fi
  row=$(python3 - "$dir/findings.json" "$name" "$warnings" "$adjusted" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
b = r["broken"]
t = r["titles"]
fm = sum(1 for x in t if x["front_matter_title_shown"])
print("|".join(map(str, [sys.argv[2], r["sources"], r["counts"]["pages"], sys.argv[3], len(b),
      sum(1 for x in b if x["in_source"]), sum(1 for x in b if not x["in_source"]),
      f"{len(t)} ({fm} front matter)" if fm else len(t),
      len(r["multi_h1"]), len(r["missing_pages"]), sys.argv[4]])))
EOF
)
  rows+=("$row")
done

echo
echo "== figures ($mode mode; pipebook $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
{
  echo "corpus|.md files|HTML pages|warnings|broken links in output|broken in source too|not broken in source|title is not the heading|more than one <h1>|.md without a page|adjusted to build"
  printf '%s\n' "${rows[@]}"
} | python3 -c '
import sys
rows = [l.rstrip("\n").split("|") for l in sys.stdin if l.strip()]
w = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(len(rows[0]))]
for n, r in enumerate(rows):
    print("| " + " | ".join((r[i] if i < len(r) else "").ljust(w[i]) for i in range(len(w))) + " |")
    if n == 0:
        print("|" + "|".join("-" * (x + 2) for x in w) + "|")
'

if [ ${#failed[@]} -gt 0 ]; then
  echo
  printf 'FAILED: %s\n' "${failed[@]}"
  [ "$mode" = report ] && exit 0
  exit 1
fi
