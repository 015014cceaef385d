#!/bin/sh
# squelettes.sh [--verifier] : régénère labs/ à partir de solutions/ (sources .c et .h).
# Avec --verifier, ne modifie rien et échoue si labs/ diffère de ce que le générateur produit.
set -eu
cd "$(dirname "$0")/.."
verifier=0
[ "${1:-}" = --verifier ] && verifier=1
sortie=$(mktemp -d)
trap 'rm -rf "$sortie"' EXIT
for sol in solutions/*/; do
	lab=$(basename "$sol")
	mkdir -p "$sortie/$lab"
	for f in "$sol"*.c "$sol"*.h; do
		[ -e "$f" ] || continue
		awk -f outils/squelette.awk "$f" >"$sortie/$lab/$(basename "$f")"
	done
done
if [ $verifier = 1 ]; then
	if ! diff -r -x '*.md' labs "$sortie" >"$sortie.diff" 2>&1; then
		echo "labs/ n'est pas le squelette généré depuis solutions/ :" >&2
		head -n 40 "$sortie.diff" >&2
		echo "(lancer « make squelettes » pour régénérer)" >&2
		rm -f "$sortie.diff"
		exit 1
	fi
	rm -f "$sortie.diff"
	echo "squelettes conformes aux solutions"
else
	for d in "$sortie"/*/; do
		lab=$(basename "$d")
		mkdir -p "labs/$lab"
		cp "$d"* "labs/$lab/"
	done
	echo "labs/ régénéré depuis solutions/"
fi
