#!/usr/bin/env bash
# make bench: throughput and memory of build/themetag on a whole corpus, against wc -w.
# Input: the UN General Debate corpus ($THEMETAG_CORPUS_ROOT, else ../shared/ungdc), or when it
# is absent a corpus generated from corpus/. Each figure is the median of RUNS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/themetag
TOOL=build/benchtool
RUNS=${RUNS:-3}
OUT=build/bench
ROOT=${THEMETAG_CORPUS_ROOT:-../shared/ungdc}
mkdir -p "$OUT"

if [ -d "$ROOT/2013" ]; then
    find "$ROOT" -name '[A-Z]*_*_*.txt' | sort > "$OUT/files.txt"
    SOURCE="$ROOT ($(wc -l < "$OUT/files.txt") speeches)"
else
    echo "NOTICE: $ROOT is absent: benchmarking a corpus generated from corpus/ instead"
    mkdir -p "$OUT/gen"
    for i in $(seq 1 3000); do cp corpus/000_95ca8d13d2304703.txt "$OUT/gen/GEN_$i.txt"; done
    find "$OUT/gen" -name '*.txt' | sort > "$OUT/files.txt"
    SOURCE="generated ($(wc -l < "$OUT/files.txt") copies of the reference speech)"
fi
mapfile -t FILES < "$OUT/files.txt"
cat "${FILES[@]}" > "$OUT/all.txt"
"$TOOL" jsonl "${FILES[@]}" > "$OUT/all.jsonl"
for k in 1 2 3 4; do cat "$OUT/all.jsonl"; done > "$OUT/all4.jsonl"
mapfile -t FILES4 < <("$TOOL" files 4 "$OUT/files.txt")
BYTES=$(stat -c %s "$OUT/all.txt")

# the shipped rules, plus a generated lexicon of 10,000 entries added to the youth theme
rm -rf "$OUT/rules10k" && mkdir -p "$OUT/rules10k"
cp -r rules lexicons "$OUT/rules10k/"
"$TOOL" lexicon 10000 > "$OUT/rules10k/lexicons/bench10k.lex"
sed -i '0,/^    match @youth$/s//    match @youth or @bench10k/' "$OUT/rules10k/rules/youth.rules"
grep -q '@bench10k' "$OUT/rules10k/rules/youth.rules"

# median of RUNS runs: "seconds rss"; the --summary line of the last run in $OUT/summary
measure() {
    local i
    for i in $(seq 1 "$RUNS"); do
        "$TOOL" run "$OUT/out.tsv" "$@" 2> "$OUT/summary"
    done | sort -n | awk -v m=$(( (RUNS + 1) / 2 )) 'NR == m'
}

declare -A SEC RSS SENT WORDS
row() { # name, command...
    local name=$1; shift
    read -r s r < <(measure "$@")
    SEC[$name]=$s
    RSS[$name]=$r
    SENT[$name]=$(sed -n 's/.* documents, \([0-9]*\) sentences, \([0-9]*\) words.*/\1/p' "$OUT/summary" | tail -1)
    WORDS[$name]=$(sed -n 's/.* sentences, \([0-9]*\) words.*/\1/p' "$OUT/summary" | tail -1)
}

export LC_ALL=C.UTF-8
row wc wc -w "$OUT/all.txt"
row file1 "$BIN" --summary --format tsv "$OUT/all.txt"
row list1 "$BIN" --summary --format tsv "${FILES[@]}"
row jsonl1 "$BIN" --summary --format tsv --input jsonl "$OUT/all.jsonl"
row list2 "$BIN" --summary -j 2 --format tsv "${FILES[@]}"
row jsonl2 "$BIN" --summary -j 2 --format tsv --input jsonl "$OUT/all.jsonl"
row list1_10k "$BIN" --summary --rules "$OUT/rules10k" --format tsv "${FILES[@]}"
row list2_10k "$BIN" --summary --rules "$OUT/rules10k" -j 2 --format tsv "${FILES[@]}"
RUNS=1 row jsonl1_4x "$BIN" --summary --format tsv --input jsonl "$OUT/all4.jsonl"
RUNS=1 row jsonl2_4x "$BIN" --summary -j 2 --format tsv --input jsonl "$OUT/all4.jsonl"
RUNS=1 row list1_4x "$BIN" --summary --format tsv "${FILES4[@]}"
RUNS=1 row list2_4x "$BIN" --summary -j 2 --format tsv "${FILES4[@]}"

echo
echo "themetag bench: $SOURCE, $(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB; nproc $(nproc); median of $RUNS runs"
printf '%-34s %8s %8s %13s %12s %9s\n' run seconds MB/s sentences/s words/s "RSS MiB"
show() { # name label bytes-multiplier
    local n=$1 label=$2 mult=${3:-1}
    awk -v s="${SEC[$n]}" -v r="${RSS[$n]}" -v b="$BYTES" -v m="$mult" -v se="${SENT[$n]:-0}" \
        -v w="${WORDS[$n]:-0}" -v l="$label" 'BEGIN{
        printf "%-34s %8.2f %8.1f %13s %12s %9.1f\n", l, s, b*m/1e6/s,
            (se > 0 ? sprintf("%.0f", se/s) : "-"), (w > 0 ? sprintf("%.0f", w/s) : "-"), r/1024 }'
}
show wc "wc -w, one file"
show file1 "one file, 1 thread"
show list1 "file list, 1 thread"
show jsonl1 "JSONL, 1 thread"
show list2 "file list, -j 2"
show jsonl2 "JSONL, -j 2"
show list1_10k "file list, 1 thread, +10k entries"
show list2_10k "file list, -j 2, +10k entries"
show jsonl1_4x "JSONL 4x corpus, 1 thread" 4
show jsonl2_4x "JSONL 4x corpus, -j 2" 4
show list1_4x "file list 4x corpus, 1 thread" 4
show list2_4x "file list 4x corpus, -j 2" 4

echo
echo "targets (ratios within this run):"
awk -v wc="${SEC[wc]}" -v one="${SEC[list1]}" -v file1="${SEC[file1]}" -v big="${SEC[list1_10k]}" \
    -v two="${SEC[list2]}" -v r1="${RSS[jsonl1]}" -v r4="${RSS[jsonl1_4x]}" -v r2="${RSS[jsonl2]}" \
    -v r24="${RSS[jsonl2_4x]}" -v l1="${RSS[list1]}" -v l4="${RSS[list1_4x]}" -v l2="${RSS[list2]}" \
    -v l24="${RSS[list2_4x]}" 'function v(ok){ return ok ? "met" : "NOT MET" } BEGIN{
    best = (file1 < one) ? file1 : one
    printf "  1 thread vs wc -w:            %.2f of its throughput (target >= 0.33)  %s\n", wc/best, v(wc/best >= 0.33)
    printf "  +10k entries vs shipped:      %.2f times the time (target <= 1.25)     %s\n", big/one, v(big/one <= 1.25)
    printf "  -j 2 vs 1 thread:             %.2f times the throughput (target >= 1.7) %s\n", one/two, v(one/two >= 1.7)
    printf "  peak RSS, 1 thread:           JSONL %.0f MiB (4x %.0f), list %.0f MiB (4x %.0f) (target < 64, flat)  %s\n", r1/1024, r4/1024, l1/1024, l4/1024, v(r1 < 65536 && r4 < 65536 && l1 < 65536 && l4 < 65536 && r4 < r1 * 1.25)
    printf "  peak RSS, -j 2:               JSONL %.0f MiB (4x %.0f), list %.0f MiB (4x %.0f) (target < 96, flat)  %s\n", r2/1024, r24/1024, l2/1024, l24/1024, v(r2 < 98304 && r24 < 98304 && l2 < 98304 && l24 < 98304)
}'
