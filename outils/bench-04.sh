#!/bin/bash
# bench-04.sh [MIO] : débit des deux transports du TP 4 (programmes de référence), à côté de
# memcpy mesuré dans la même exécution, en tableau et en barres dans le terminal (échelle logarithmique).
#
# Un fichier de MIO Mio (256 par défaut) est lu depuis le cache (lu une fois avant) et reçu dans
# /dev/null : la mesure est celle de l'IPC, pas du système de fichiers. L'anneau est mesuré pour
# des cases de 1 Kio à 1 Mio (8 cases) ; la file avec msg_qbytes à 16384 (permis à tous) et à
# 1 Mio (il faut CAP_SYS_RESOURCE, sinon la ligne est sautée et le dit). Aucune note n'en dépend.
# Avec gnuplot, le graphique aussi dans build/bench-04.png (débit selon la taille des cases,
# échelles logarithmiques, memcpy et la file en lignes de référence).
set -u
cd "$(dirname "$0")/.." || exit 2
MIO=${1:-256}
make --no-print-directory -s references >/dev/null || exit 1
FLUX=$PWD/build/ref/04-flux/flux
T=$(mktemp -d "${TMPDIR:-/tmp}/tp-ipc-bench.XXXXXX")
trap '"$FLUX" detruire "$T/cle" >/dev/null 2>&1; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
touch "$T/cle"
head -c "${MIO}M" /dev/urandom >"$T/source"
cat "$T/source" >/dev/null

# memcpy et un processus qui fait msgsnd + msgrcv de 8 Kio en boucle : les deux références.
cat >"$T/ref.c" <<'EOF'
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <time.h>
static double t(void) { struct timespec s; clock_gettime(CLOCK_MONOTONIC, &s); return s.tv_sec + s.tv_nsec / 1e9; }
int main(int argc, char **argv)
{
	size_t total = strtoul(argv[1], NULL, 10) << 20, bloc = 65536;
	char *a = malloc(bloc), *b = malloc(bloc);
	struct { long mtype; char o[8192]; } m = {1, {0}};
	double d;
	int q;
	(void)argc;
	memset(a, 1, bloc);
	d = t();
	for (size_t f = 0; f < total; f += bloc) { memcpy(b, a, bloc); a[f % bloc] ^= b[1]; }
	printf("memcpy %.0f\n", total / (t() - d) / 1e6);
	q = msgget(IPC_PRIVATE, 0600);
	d = t();
	for (size_t f = 0; f < total; f += 8192)
		if (msgsnd(q, &m, 8192, 0) || msgrcv(q, &m, 8192, 0, 0) < 0) return 1;
	printf("boucle %.0f\n", total / (t() - d) / 1e6);
	msgctl(q, IPC_RMID, NULL);
	free(a); free(b);
	return 0;
}
EOF
cc -O2 -o "$T/ref" "$T/ref.c" || exit 1

# transfert ARGS_DE_CREER... : Mo/s d'un envoi de la source, recevoir dans /dev/null ; vide
# si creer est refusé.
transfert() {
	local debut fin
	"$FLUX" creer "$T/cle" "$@" >/dev/null 2>&1 || return 0
	debut=$(date +%s%N)
	"$FLUX" recevoir "$T/cle" /dev/null &
	"$FLUX" envoyer "$T/cle" "$T/source"
	wait
	fin=$(date +%s%N)
	"$FLUX" detruire "$T/cle" >/dev/null
	echo $((MIO * 1048576 * 1000 / (fin - debut)))
}

declare -a NOMS VALEURS
ajouter() { NOMS+=("$1"); VALEURS+=("${2:-}"); }
read -r _ memcpy < <("$T/ref" "$MIO" | grep memcpy)
read -r _ boucle < <("$T/ref" "$MIO" | grep boucle)
ajouter "memcpy (64 Kio, un processus)" "$memcpy"
anneau=() # « Kio Mo/s », pour le graphique
for k in 1 4 16 64 256 1024; do
	v=$(transfert anneau 8 $((k * 1024)))
	ajouter "anneau 8 × $k Kio" "$v"
	anneau+=("$k $v")
done
ajouter "msgsnd+msgrcv 8 Kio, un processus" "$boucle"
file=$(transfert file 16384)
ajouter "file, msg_qbytes 16384" "$file"
ajouter "file, msg_qbytes 1 Mio" "$(transfert file 1048576)"

echo "Débits, $MIO Mio du cache vers /dev/null ($(nproc) cœurs, charge $(cut -d' ' -f1 /proc/loadavg)) :"
max=1
for v in "${VALEURS[@]}"; do [ -n "$v" ] && [ "$v" -gt "$max" ] && max=$v; done
for i in "${!NOMS[@]}"; do
	v=${VALEURS[$i]}
	if [ -z "$v" ]; then
		printf '  %-34s %9s  (sauté : msg_qbytes au-delà de msgmnb refusé sans privilège)\n' \
			"${NOMS[$i]}" "-"
		continue
	fi
	# Barres sur une échelle logarithmique : memcpy dépasse les transports de loin.
	n=$(awk -v v="$v" -v m="$max" 'BEGIN { n = v > 1 ? int(40 * log(v) / log(m)) : 1; print n < 1 ? 1 : n }')
	printf '  %-34s %6s Mo/s  %s\n' "${NOMS[$i]}" "$v" "$(printf '%*s' "$n" '' | tr ' ' '#')"
done

command -v gnuplot >/dev/null 2>&1 || { echo "(graphique : installez gnuplot pour build/bench-04.png)"; exit 0; }
printf '%s\n' "${anneau[@]}" >"$T/anneau.dat"
mkdir -p build
gnuplot <<GP || exit 1
set terminal pngcairo size 900,520 noenhanced
set output "build/bench-04.png"
set title "TP 4 : débit de l'anneau (8 cases) selon la taille des cases, $MIO Mio"
set xlabel "taille d'une case (Kio)"
set ylabel "Mo/s"
set logscale xy
set xrange [0.8:1300]
set key right bottom
plot "$T/anneau.dat" using 1:2 with linespoints title "anneau", \
	${memcpy:-0} with lines title "memcpy (un processus)", \
	${file:-0} with lines title "file, msg_qbytes 16384"
GP
echo "graphique : build/bench-04.png"
