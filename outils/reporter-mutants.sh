#!/bin/bash
# reporter-mutants.sh BASE : reporte les patches des mutants (tests/*/mutants) et des rendus
# hostiles (tests/autotests/hostiles, TP 1), écrits pour solutions/ du commit BASE, sur
# solutions/ de l'arbre de travail (fusion à trois avec git merge-file). Les marqueurs
# « // DEBUT SOLUTION » sans numéro d'un patch ancien prennent celui de l'« À FAIRE (étape N) »
# qui les précède. Seuls les patches qui ne s'appliquent plus exactement sont réécrits ; leur
# en-tête (Bug, Attendu…) est gardé. Code 1 si l'un d'eux ne peut pas être reporté.
set -u
cd "$(dirname "$0")/.."
base=${1:?usage : outils/reporter-mutants.sh COMMIT}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
numeroter() { # FICHIER... : numérote sur place les marqueurs DEBUT SOLUTION sans étape
	local f
	for f; do
		awk '/À FAIRE \(étape [0-9]/ { e = $0; sub(/.*À FAIRE \(étape /, "", e); sub(/[^0-9].*/, "", e) }
		/^[ \t]*\/\/ DEBUT SOLUTION[ \t]*$/ { sub(/DEBUT SOLUTION[ \t]*$/, "DEBUT SOLUTION (étape " e ")") }
		{ print }' "$f" >"$t/num" && cat "$t/num" >"$f"
	done
}
rc=0
for p in tests/*/mutants/*.patch tests/autotests/hostiles/*.patch; do
	case $p in
	tests/autotests/*) lab=01-messages ;;
	*) lab=$(basename "$(dirname "$(dirname "$p")")") ;;
	esac
	rm -rf "$t/w" && mkdir -p "$t/w/new" "$t/w/old"
	cp "solutions/$lab"/* "$t/w/new/"
	patch -s -F0 --dry-run -p1 -d "$t/w/new" <"$p" >/dev/null 2>&1 && continue
	git archive "$base" "solutions/$lab" | tar -x -C "$t/w/old" --strip-components=2
	cp -R "$t/w/old" "$t/w/mut"
	if ! patch -s -p1 -d "$t/w/mut" <"$p" >/dev/null 2>&1; then
		echo "ne s'appliquait déjà pas à $base : $p"
		rc=1
		continue
	fi
	numeroter "$t"/w/old/*.[ch] "$t"/w/mut/*.[ch]
	: >"$t/w/corps"
	for f in $(sed -n 's,^+++ b/\([^ \t]*\).*,\1,p' "$p"); do
		if ! git merge-file -p "$t/w/mut/$f" "$t/w/old/$f" "$t/w/new/$f" >"$t/w/fus" 2>/dev/null; then
			echo "conflit, à reporter à la main : $p ($f)"
			rc=1
			continue 2
		fi
		diff -u --label "a/$f" --label "b/$f" "$t/w/new/$f" "$t/w/fus" >>"$t/w/corps"
	done
	awk '/^--- a\// { exit } { print }' "$p" >"$t/w/tete"
	cat "$t/w/tete" "$t/w/corps" >"$p"
	if patch -s -F0 --dry-run -p1 -d "$t/w/new" <"$p" >/dev/null 2>&1; then
		echo "reporté : $p"
	else
		echo "ÉCHEC du report : $p"
		rc=1
	fi
done
exit $rc
