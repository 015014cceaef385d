#!/bin/bash
# compiler.sh --cle : l'identité du compilateur (à exporter dans CLE_COMPILATEUR).
# compiler.sh SRC OUT JOURNAL PROG... : compile les programmes PROG de SRC dans OUT comme
# outils/programmes.mk (sans -g, commun.o de build/), en reprenant ceux déjà compilés à
# l'identique, par cette exécution de make check ou une précédente ; la sortie du compilateur
# va dans JOURNAL, le code de sortie est celui de make.
# Cache : $B/cache-binaires/EMPREINTE, l'empreinte couvrant tout ce dont dépend le binaire (le .c
# et les en-têtes du TP sous leur nom, common/commun.h, commun.o, les options, le compilateur) ;
# rien n'y entre qu'un binaire que make vient de produire. Les mutants et le corpus de make check
# recompilent ainsi leurs seuls programmes changés depuis la dernière fois (un tiers de cc1).
set -u
# Le compilateur : son nom, sa version, le cc1 qu'il appelle (taille et date).
cle_compilateur() {
	local c=${CC:-cc}
	echo "$c $($c -dumpfullversion 2>&1) $(stat -L -c '%s %Y' "$($c -print-prog-name=cc1)" 2>&1)"
}
[ "${1:-}" = --cle ] && { cle_compilateur; exit 0; }
src=$1 out=$2 journal=$3
shift 3
B=${B:-build}
cache=$B/cache-binaires
mkdir -p "$cache" "$out"
CLE_COMPILATEUR=${CLE_COMPILATEUR:-$(cle_compilateur)}
# Les fichiers communs ; les en-têtes du TP et le .c, sous leur seul nom (le dossier change
# d'une copie à l'autre).
communs=$(sha256sum common/commun.h "$B/commun.o" outils/drapeaux.mk outils/programmes.mk)
entetes=$(cd "$src" && ls -- *.h 2>/dev/null)
empreinte() { # PROG
	# shellcheck disable=SC2086 # une liste de noms de fichiers sans espace
	local e
	read -r e _ < <(printf '%s\n%s\n%s\n' "$CLE_COMPILATEUR" "$communs" \
		"$(cd "$src" && sha256sum -- "$1.c" $entetes)" | sha256sum)
	echo "$e"
}
declare -A cle=()
a_compiler=""
for p in "$@"; do
	cle[$p]=$(empreinte "$p")
	if cp "$cache/${cle[$p]}" "$out/$p" 2>/dev/null; then
		touch "$cache/${cle[$p]}" # date du dernier usage : lancer.sh purge les anciens
	else
		a_compiler="$a_compiler $p"
	fi
done
[ -n "$a_compiler" ] || { : >"$journal"; exit 0; }
make --no-print-directory -s -f outils/programmes.mk SRC="$src" OUT="$out" PROGS="$a_compiler" \
	COMMUN="$B/commun.o" DEBOGAGE= >"$journal" 2>&1
rc=$?
for p in $a_compiler; do
	# Écrit à côté puis renommé : plusieurs make check partagent build/.
	[ -x "$out/$p" ] && cp "$out/$p" "$cache/${cle[$p]}.$$" && mv -f "$cache/${cle[$p]}.$$" "$cache/${cle[$p]}"
done
exit $rc
