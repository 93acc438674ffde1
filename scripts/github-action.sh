#!/usr/bin/env bash
# The GitHub Action's work (action.yml runs it; tests/test_action.py runs it on a scratch
# repository): check the articles a pull request changed, annotating only the lines it
# changed, with a step summary; optionally write SARIF for code scanning; exit as
# `factlint check` does, so --fail-on decides whether the job fails.
#
# Environment (the action's inputs):
#   FACTLINT_BASE        git revision to compare with (the pull request's base commit);
#                        empty: no pull request, every article under the paths is checked
#   FACTLINT_PATHS       files or folders to look in, separated by spaces or new lines (.)
#   FACTLINT_CONFIG      a config file (--config), or empty to discover one
#   FACTLINT_BASELINE    a baseline file (--baseline), or empty for the config's baseline
#   FACTLINT_FAIL_ON     error, warning or info (--fail-on; default warning)
#   FACTLINT_SARIF_FILE  where to write SARIF of the changed articles, whole, or empty
set -uo pipefail

base="${FACTLINT_BASE:-}"
fail_on="${FACTLINT_FAIL_ON:-warning}"
sarif="${FACTLINT_SARIF_FILE:-}"
read -r -d '' -a paths <<<"${FACTLINT_PATHS:-.}" || true
[ "${#paths[@]}" -gt 0 ] || paths=(.)
options=(--force-exclude --no-progress --fail-on "$fail_on")
[ -n "${FACTLINT_CONFIG:-}" ] && options+=(--config "$FACTLINT_CONFIG")
[ -n "${FACTLINT_BASELINE:-}" ] && options+=(--baseline "$FACTLINT_BASELINE")

if [ -z "$base" ]; then  # not a pull request: everything under the paths
    echo "factlint: no base revision: checking every article under ${paths[*]}"
    factlint check "${options[@]}" --format github -- "${paths[@]}"
    status=$?
    if [ -n "$sarif" ]; then
        factlint check "${options[@]}" --format sarif --exit-zero -o "$sarif" -- "${paths[@]}"
        sarif_status=$?
        [ "$sarif_status" -ge 2 ] && [ "$status" -lt 2 ] && status=$sarif_status
    fi
    exit "$status"
fi

# The base commit is needed, not its history: a shallow clone fetches just that commit.
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    git fetch --quiet --no-tags --depth=1 origin "$base" || {
        echo "::error title=factlint::cannot fetch the base revision $base"
        exit 2
    }
fi

# The articles changed since the base (added, copied, modified, renamed) under the paths.
changed=()
while IFS= read -r -d '' file; do
    case "$file" in
        *.txt | *.md | *.markdown) changed+=("$file") ;;
    esac
done < <(git diff --name-only -z --relative --no-renames --diff-filter=ACMR "$base" -- "${paths[@]}")

if [ "${#changed[@]}" -eq 0 ]; then
    echo "factlint: no article changed since ${base}"
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        printf '## factlint\n\nNo article changed since `%s`.\n' "$base" >>"$GITHUB_STEP_SUMMARY"
    fi
    if [ -n "$sarif" ]; then  # an empty log, for the upload step
        factlint check "${options[@]}" --format sarif --exit-zero -o "$sarif" \
            --changed-since "$base" -- "${paths[@]}" || exit 2
    fi
    exit 0
fi

echo "factlint: ${#changed[@]} changed article(s) since ${base}"
factlint check "${options[@]}" --format github --changed-since "$base" -- "${changed[@]}"
status=$?
if [ -n "$sarif" ]; then  # whole files: code scanning compares with the base's analysis
    factlint check "${options[@]}" --format sarif --exit-zero -o "$sarif" -- "${changed[@]}"
    sarif_status=$?
    [ "$sarif_status" -ge 2 ] && [ "$status" -lt 2 ] && status=$sarif_status
fi
exit "$status"
