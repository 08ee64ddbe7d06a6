# Shared by scripts/slurm-check and scripts/matrix-check: reads the recipe blocks out of README.md so
# that what is checked is exactly what the README shows.

# readme_block MARKER: the body of the fenced block that follows the line `<!-- MARKER -->`.
readme_block() {
    local marker=$1 readme=${README:-$repo/README.md} text
    text=$(awk -v m="<!-- $marker -->" '
        found == 0 && $0 == m { found = 1; next }
        found == 1 { if ($0 ~ /^```/) { found = 2; next } else { exit 1 } }
        found == 2 { if ($0 ~ /^```$/) { found = 3; exit } print }
        END { if (found != 3) exit 1 }' "$readme") || { echo "no block marked '$marker' in $readme" >&2; return 1; }
    printf '%s\n' "$text"
}

# compare_results EXPECTED_JSON EXPECTED_REPORT_DIR EXPECTED_MERGE_REPORT_DIR GOT_JSON GOT_REPORT_DIR
# Byte comparison of a merged result and its report against an unsharded run. report.md states the
# run's wall time on its third line when one is known (a sweep's; a merge states none), so it is
# compared byte for byte with the report of `merge` on the unsharded result, and with the sweep's
# after removing the sweep's time.
compare_results() {
    local ref_json=$1 ref_report=$2 ref_merge_report=$3 got_json=$4 got_report=$5 f name
    cmp "$ref_json" "$got_json" || return 1
    if [[ $(cd "$ref_report" && ls) != $(cd "$got_report" && ls) ]]; then
        echo "report files differ: $(cd "$ref_report" && ls | tr '\n' ' ') vs $(cd "$got_report" && ls | tr '\n' ' ')" >&2
        return 1
    fi
    for f in "$ref_report"/*; do
        name=$(basename "$f")
        if [[ $name == report.md ]]; then
            cmp "$ref_merge_report/report.md" "$got_report/report.md" || return 1
            cmp <(sed -E '3s/(: |, )[0-9.]+ s\.$/./' "$f") "$got_report/report.md" || return 1
        else
            cmp "$f" "$got_report/$name" || return 1
        fi
    done
    echo "byte-identical to the unsharded run: $(basename "$got_json") and $(cd "$got_report" && ls | wc -l) report files"
}
