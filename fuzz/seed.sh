#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ (git-ignored) with seeds from the repository's own data:
# the bundled pathways, the minimal fixture set, the rule fixtures, the bad-input corpus and the
# example family files. Run from anywhere; libFuzzer adds what it finds to the same directories.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out/age" "$out/pathway" "$out/family"

# age: the documented literals, and the ones the corpus refuses.
n=0
for a in birth 0d 10d 14d 6w 8w 9m 1y 12m 15m 2y 2y6m 30m 4y 5y 1826d 1827d 6y 1y2m3d 28w 11w6d 42w 43w \
         "28w gestation" "11w6d gestation" preconception 15wd 0wd 3m "" 2x -1y 99999999y 6m2y 2y2y 12 "2 y"; do
  printf '%s' "$a" > "$out/age/seed-$((n++))"
done

# pathway: "<relative path>\n<content>".
seed_pathway() { # relative-path file
  { printf '%s\n' "$1"; cat "$2"; } > "$out/pathway/seed-$(echo "$1 $2" | md5sum | cut -c1-16)"
}
for f in tests/fixtures/minimal/*.yaml tests/fixtures/minimal/*/*.yaml; do
  seed_pathway "${f#tests/fixtures/minimal/}" "$f"
done
for f in pathways/*.yaml pathways/*/*.yaml; do
  [ "$(wc -c < "$f")" -le 40000 ] && seed_pathway "${f#pathways/}" "$f"
done
for d in tests/fixtures/rules/HCP0*; do
  for f in "$d"/*.yaml "$d"/*/*.yaml; do
    [ -f "$f" ] && seed_pathway "${f#"$d"/}" "$f"
  done
done
# The corpus cases: the MANIFEST says where each validate input goes.
grep -E '^[a-z0-9-]+ +\| validate [^ ]+ +\|' tests/corpus/MANIFEST | while read -r name _ _ target _; do
  f="tests/corpus/pathways/$name.yaml"
  [ -f "$f" ] && seed_pathway "$target" "$f"
done

# family: examples, fixtures, corpus.
for f in examples/*.yaml tests/fixtures/families/*.yaml tests/fixtures/rules/HCP1*/family.yaml \
         tests/corpus/families/*.yaml; do
  cp "$f" "$out/family/seed-$(md5sum < "$f" | cut -c1-16)"
done
echo "seeds: $(ls "$out/age" | wc -l) age, $(ls "$out/pathway" | wc -l) pathway, $(ls "$out/family" | wc -l) family"
