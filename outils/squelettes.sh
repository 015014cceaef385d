#!/bin/sh
# squelettes.sh [--verifier | --etapes] : régénère labs/ à partir de solutions/ (sources .c et .h).
# Avec --verifier, ne modifie rien et échoue si labs/ diffère de ce que le générateur produit.
# Avec --etapes, ne modifie rien : pour chaque TP et chaque k de 1 à sa dernière étape, produit le
# squelette dont les étapes 1 à k sont remplies depuis la solution, le compile comme make all
# (-Werror) et lance chaque programme avec des arguments invalides (usage attendu), en parallèle ;
# une ligne « ok … » ou « ÉCHEC … » par TP (une sous-suite de make check).
set -eu
cd "$(dirname "$0")/.."
verifier=0
[ "${1:-}" = --verifier ] && verifier=1
sortie=$(mktemp -d)
trap 'rm -rf "$sortie"' EXIT

if [ "${1:-}" = --etapes ]; then
	# shellcheck disable=SC2046 # les options de compilation sont une liste
	${CC:-cc} $(make -s --no-print-directory -f outils/drapeaux.mk DEBOGAGE= \
		--eval 'options: ; @echo $(CFLAGS_TP)' options) -Icommon -c -o "$sortie/commun.o" common/commun.c
	for sol in solutions/*/; do
		lab=$(basename "$sol")
		[ -f "tests/$lab/programmes" ] || continue
		derniere=$(sed -n 's,^[ \t]*// DEBUT SOLUTION (étape \([0-9]*\)).*,\1,p' "$sol"*.[ch] |
			sort -n | tail -n 1)
		k=1
		while [ "$k" -le "$derniere" ]; do
			mkdir "$sortie/$lab.$k"
			for f in "$sol"*.c "$sol"*.h; do
				[ -e "$f" ] || continue
				awk -v remplir="$k" -f outils/squelette.awk "$f" >"$sortie/$lab.$k/$(basename "$f")"
			done
			k=$((k + 1))
		done
		echo "$lab $derniere" >>"$sortie/labs"
	done
	# Chaque variante LAB.k se compile à part, puis chacun de ses programmes doit démarrer et
	# refuser des arguments invalides (usage, code 2, sans rien créer) : un échec laisse
	# LAB.k.echec et son journal.
	export sortie
	find "$sortie" -mindepth 1 -maxdepth 1 -type d | sort | xargs -P "$(nproc)" -I{} sh -c '
		d=$1 lab=$(basename "${1%.*}")
		progs=$(cat "tests/$lab/programmes")
		if ! make --no-print-directory -s -f outils/programmes.mk DEBOGAGE= SRC="$d" \
			OUT="$d/bin" COMMUN="$sortie/commun.o" PROGS="$progs" >"$d.log" 2>&1; then
			touch "$d.echec"
			exit 0
		fi
		for p in $progs; do
			rc=0
			(cd "$d/bin" && timeout 10 "./$p" a b c d e f g </dev/null >>"$d.log" 2>&1) || rc=$?
			if [ "$rc" != 2 ]; then
				echo "$p a b c d e f g : code $rc au lieu de 2 (usage)" >>"$d.log"
				touch "$d.echec"
			fi
		done' sh {}
	rc=0
	while read -r lab derniere; do
		rates=
		k=1
		while [ "$k" -le "$derniere" ]; do
			[ -e "$sortie/$lab.$k.echec" ] && rates="$rates $k"
			k=$((k + 1))
		done
		if [ -z "$rates" ]; then
			echo "ok $lab : les étapes 1 à k remplies, le squelette compile et démarre (k = 1 à $derniere)"
		else
			rc=1
			echo "ÉCHEC $lab : les étapes 1 à k remplies, le squelette ne compile pas ou ne démarre pas pour k =$rates"
			set -- $rates
			head -n 12 "$sortie/$lab.$1.log" | sed 's/^/    /'
		fi
	done <"$sortie/labs"
	exit $rc
fi
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
