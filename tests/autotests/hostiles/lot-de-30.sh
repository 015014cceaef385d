#!/bin/bash
# lot-de-30.sh DOSSIER : prépare un lot de 30 rendus, tous les TP, pour mesurer « make classe »
# à la main (pas lancé par make check) : 7 solutions (dossier, .tar.gz imbriquée, .zip),
# 6 squelettes, 8 rendus dont un TP porte un mutant, 9 rendus dont le TP 1 est hostile.
#   tests/autotests/hostiles/lot-de-30.sh /tmp/lot && time make classe RENDUS=/tmp/lot
set -eu
cd "$(dirname "$0")/../../.."
d=$1
mkdir -p "$d"
d=$(cd "$d" && pwd)
x=$(mktemp -d)
trap 'rm -rf "$x"' EXIT
labs=$(for f in tests/*/programmes; do basename "$(dirname "$f")"; done)
# rendu NOM SOURCE FORME : copie les TP de SOURCE (solutions ou labs) sous la forme voulue.
rendu() {
	local l
	rm -rf "${x:?}/$1"
	mkdir -p "$x/$1/$1"
	for l in $labs; do cp -R "$2/$l" "$x/$1/$1/$l"; done
	rm -f "$x/$1/$1"/*/REPONSES.md
}
livrer() { # NOM FORME
	case $2 in
	dossier) cp -R "$x/$1/$1" "$d/$1" ;;
	tgz) tar -C "$x/$1" -czf "$d/$1.tar.gz" "$1" ;;
	zip) (cd "$x/$1/$1" && python3 -c 'import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w")
for r, _, fs in os.walk("."):
    for f in fs: z.write(os.path.join(r, f))' "$d/$1.zip") ;;
	esac
}
formes=(dossier tgz zip)
for i in 1 2 3 4 5 6 7; do rendu "solution-$i" solutions; livrer "solution-$i" "${formes[i % 3]}"; done
for i in 1 2 3 4 5 6; do rendu "squelette-$i" labs; livrer "squelette-$i" "${formes[i % 3]}"; done
n=0
for l in $labs; do
	for m in $(find "tests/$l/mutants" -name '*.patch' | sort | head -n 2); do
		n=$((n + 1))
		nom=mutant-$n-$l-$(basename "$m" .patch)
		rendu "$nom" solutions
		patch -s -p1 -d "$x/$nom/$nom/$l" <"$m"
		livrer "$nom" dossier
	done
done
for p in tests/autotests/hostiles/*.patch; do
	nom=hostile-$(basename "$p" .patch)
	rendu "$nom" solutions
	patch -s -p1 -d "$x/$nom/$nom/01-messages" <"$p"
	livrer "$nom" dossier
done
echo "$(find "$d" -mindepth 1 -maxdepth 1 | wc -l) rendus dans $d"
