#!/bin/bash
# bench-trace.sh [N] : coût du traçage des appels IPC (tests/harness/trace.c). Note les quatre
# solutions N fois (5 par défaut) avec le traçage, puis sans (TP_IPC_TRACE=0), en alternant, et
# donne le temps mural médian de chaque TP et de l'ensemble. Une mesure, pas un test : sur une
# machine partagée, les chiffres varient avec la charge (elle est affichée).
# Prérequis : make correcteurs references.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
N=${1:-5}
LABS=${LABS:-$(for f in tests/*/programmes; do basename "$(dirname "$f")"; done)}
T=$(mktemp -d "${TMPDIR:-/tmp}/tp-ipc-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
mediane() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# noter LAB TRACE : une correction de la solution ; écrit sa durée (s) ; échoue sauf à 20/20.
noter() {
	local debut fin
	debut=$(date +%s.%N)
	TP_IPC_TRACE=$2 "$B/tests/$1/correcteur" --etudiant "$B/ref/$1" --ref "$B/ref/$1" \
		--source "solutions/$1" --json "$T/rapport.json" >"$T/rapport" 2>&1
	fin=$(date +%s.%N)
	[ "$(python3 outils/resultats.py note "$T/rapport.json")" = 20 ] || { echo "$1 (TP_IPC_TRACE=$2) : pas 20/20" >&2; cat "$T/rapport" >&2; }
	echo "$fin - $debut" | bc
}
echo "charge au départ : $(cut -d' ' -f1-3 /proc/loadavg) ; $(nproc) cœurs ; $N passes"
for i in $(seq "$N"); do
	for l in $LABS; do
		noter "$l" 1 >>"$T/$l.1"
		noter "$l" 0 >>"$T/$l.0"
	done
done
printf '%-15s %12s %12s %8s\n' TP "tracé (s)" "sans (s)" surcoût
tot1=0 tot0=0
for l in $LABS; do
	m1=$(mediane <"$T/$l.1") m0=$(mediane <"$T/$l.0")
	tot1=$(echo "$tot1 + $m1" | bc) tot0=$(echo "$tot0 + $m0" | bc)
	printf '%-15s %12.2f %12.2f %7.0f %%\n' "$l" "$m1" "$m0" "$(echo "($m1 / $m0 - 1) * 100" | bc -l)"
done
printf '%-15s %12.2f %12.2f %7.0f %%\n' total "$tot1" "$tot0" "$(echo "($tot1 / $tot0 - 1) * 100" | bc -l)"
echo "charge à la fin : $(cut -d' ' -f1-3 /proc/loadavg)"
