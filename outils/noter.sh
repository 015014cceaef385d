#!/bin/bash
# noter.sh : compile les programmes de SRC/NN-nom pour chaque TP choisi et lance son correcteur.
# Appelé par « make grade » ; variables : SRC, LAB, JSON, TEST, VALGRIND, B, LABS ; aussi
# PRE (dossier des correcteurs tests/NN-nom/correcteur et des références ref/NN-nom, défaut B ;
# precompile dans le kit), BUDGET (secondes par TP) et ETIQUETTE (nom du rendu dans le rapport,
# au lieu de SRC) pour « make classe ».
set -u
cd "$(dirname "$0")/.." || exit 2
src=${SRC:-labs}
src=${src%/}
b=${B:-build}
pre=${PRE:-$b}
LABS=${LABS:-$(for f in tests/*/programmes; do basename "$(dirname "$f")"; done)}
if [ ! -d "$src" ]; then
	echo "make grade : dossier SRC introuvable : $src" >&2
	exit 2
fi
if [ -n "${LAB:-}" ]; then
	if [ ! -f "tests/$LAB/programmes" ]; then
		echo "make grade : TP inconnu « $LAB » ; TP disponibles : $LABS" >&2
		exit 2
	fi
	labs=("$LAB")
else
	labs=()
	for l in $LABS; do [ -d "$src/$l" ] && labs+=("$l"); done
	if [ ${#labs[@]} -eq 0 ]; then
		echo "make grade : aucun dossier de TP (NN-nom) dans $src ; TP connus : $LABS" >&2
		exit 2
	fi
fi
[ -n "${TEST:-}" ] && [ -z "${LAB:-}" ] && [ ${#labs[@]} -gt 1 ] && {
	echo "make grade : TEST=$TEST demande aussi LAB=NN-nom" >&2
	exit 2
}
# Un dossier de construction par source notée, pour ne jamais mélanger deux soumissions.
cle=$(printf '%s' "$(cd "$src" && pwd)" | cksum | cut -d' ' -f1)
rc=0
premier=1
for l in "${labs[@]}"; do
	[ $premier = 1 ] || echo
	premier=0
	out="$b/notes/$cle/$l"
	mkdir -p "$out"
	opts=(--etudiant "$out" --ref "$pre/ref/$l" --source "${ETIQUETTE:-$src}/$l")
	[ -n "${TEST:-}" ] && opts+=(--item "$TEST")
	[ -n "${BUDGET:-}" ] && opts+=(--budget "$BUDGET")
	[ -n "${VALGRIND:-}" ] && [ "${VALGRIND}" != 0 ] && opts+=(--valgrind)
	if [ -n "${JSON:-}" ]; then
		json=$JSON
		[ ${#labs[@]} -gt 1 ] && json="${JSON%.json}-$l.json"
		opts+=(--json "$json")
	fi
	if [ ! -d "$src/$l" ]; then
		echo "dossier absent : $src/$l" >"$out/compilation.log"
		"$pre/tests/$l/correcteur" "${opts[@]}" --echec-compilation "$out/compilation.log" || rc=1
		continue
	fi
	rm -f "$out"/*.log
	if ! make --no-print-directory -s -f outils/programmes.mk SRC="$src/$l" OUT="$out" \
		PROGS="$(cat "tests/$l/programmes")" >"$out/compilation.log" 2>&1; then
		"$pre/tests/$l/correcteur" "${opts[@]}" --echec-compilation "$out/compilation.log" || rc=1
		continue
	fi
	"$pre/tests/$l/correcteur" "${opts[@]}" || rc=1
done
exit $rc
