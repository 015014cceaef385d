#!/bin/sh
# construire.sh B ARBRE CORRECTEURS : assemble dans ARBRE l'arbre du kit étudiant (archivé par
# « make kit ») ou de la copie propre des enseignants (« make classe », Gradescope) : labs/,
# SUJETS.md, README.md, common/, les outils de notation, tests/NN-nom/programmes, les en-têtes du
# banc, le Makefile, et dans precompile/ les correcteurs (CORRECTEURS/NN-nom/correcteur : sans
# les items cachés pour le kit) et les programmes de référence (B/kit-bin/ref), compilés avec
# Check lié statiquement puis dépouillés. Aucune source de solution, aucun mutant, aucune réponse.
set -eu
cd "$(dirname "$0")/../.."
b=$1
final=$2
correcteurs=$3
# Construit à côté puis remplace d'un coup : une correction en cours n'en voit jamais la moitié.
kit=$final.nouveau.$$
trap 'rm -rf "$kit"' EXIT
rm -rf "$kit"
mkdir -p "$kit/outils" "$kit/tests/harness"
cp Makefile README.md SUJETS.md .clang-format "$kit/"
cp -R common "$kit/common"
for f in noter.sh bac.sh dependances.sh programmes.mk drapeaux.mk classe.sh limites.awk resultats.py \
	corriger-classe.sh moodle.py similarites.py; do
	cp "outils/$f" "$kit/outils/$f"
done
cp tests/harness/*.h "$kit/tests/harness/"
for p in tests/*/programmes; do
	l=$(basename "$(dirname "$p")")
	mkdir -p "$kit/tests/$l" "$kit/precompile/tests/$l" "$kit/precompile/ref/$l" "$kit/labs/$l"
	cp "$p" "$kit/tests/$l/programmes"
	# Le squelette : ses sources et ses fichiers de données, rien de ce qu'une compilation laisse.
	find "labs/$l" -maxdepth 1 -type f ! -name '*.o' ! -name '*.orig' ! -name '*.rej' \
		! -name 'REPONSES.md' -exec cp {} "$kit/labs/$l/" \;
	strip -o "$kit/precompile/tests/$l/correcteur" "$correcteurs/$l/correcteur"
	# shellcheck disable=SC2013 # programmes : des noms séparés par des blancs
	for prog in $(cat "$p"); do
		strip -o "$kit/precompile/ref/$l/$prog" "$b/kit-bin/ref/$l/$prog"
	done
done
# Garde-fou : rien de la solution ne doit sortir du dépôt (le README cite les marqueurs : seules
# les sources comptent).
if grep -rl --include='*.[ch]' -e 'DEBUT SOLUTION' -e 'FIN SOLUTION' "$kit" ||
	find "$kit" -name 'REPONSES.md' -o -name '*.patch' -o -name mutants | grep .; then
	echo "construire.sh : le kit contiendrait des éléments de solution (ci-dessus)" >&2
	exit 1
fi
rm -rf "$final.ancien.$$"
[ ! -e "$final" ] || mv "$final" "$final.ancien.$$"
mv "$kit" "$final"
rm -rf "$final.ancien.$$"
