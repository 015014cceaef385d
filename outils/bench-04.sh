#!/bin/bash
# bench-04.sh [MIO] : débit des deux transports du TP 4 (programmes de référence), à côté de ce
# qui les borne, mesuré dans la même exécution : tableau, barres dans le terminal (échelle
# logarithmique), et build/bench-04.png quand gnuplot est installé. Aucune note n'en dépend.
#
# Un fichier de MIO Mio (256 par défaut) est lu depuis le cache (lu une fois avant) et reçu dans
# /dev/null : la mesure est celle de l'IPC, pas du système de fichiers. Références : memcpy d'un
# tampon de 64 Kio resté dans le cache, memcpy de MIO Mio vers 64 Kio (la copie que fait
# l'anneau, depuis la mémoire), read du fichier par 64 Kio (ce que coûte de le lire), msgsnd +
# msgrcv de 8 Kio en boucle dans un processus. L'anneau : cases de 1 Kio à 1 Mio, producteur et
# consommateur libres sur les deux cœurs, puis sur un seul (taskset : le réveil de l'autre ne
# passe plus d'un cœur à l'autre), et par lots de 8 cases (lot, P_k). La file : msg_qbytes à
# 16384 (permis à tous) et à 1 Mio (CAP_SYS_RESOURCE, sinon la ligne est sautée et le dit).
set -u
export LC_ALL=C.UTF-8 # ${#nom} compte des caractères (les colonnes du tableau)
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

cat >"$T/ref.c" <<'C'
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <time.h>
#include <unistd.h>
static double t(void) { struct timespec s; clock_gettime(CLOCK_MONOTONIC, &s); return s.tv_sec + s.tv_nsec / 1e9; }
/* ref MIO SOURCE : une ligne « nom Mo/s » par référence. */
int main(int argc, char **argv)
{
	size_t total = strtoul(argv[1], NULL, 10) << 20, bloc = 65536;
	char *a = malloc(total), *b = malloc(bloc);
	struct { long mtype; char o[8192]; } m = {1, {0}};
	double d;
	ssize_t r;
	int q, fd;
	(void)argc;
	memset(a, 1, total);
	d = t();
	for (size_t f = 0; f < total; f += bloc) { memcpy(b, a, bloc); a[f % bloc] ^= b[1]; }
	printf("cache %.0f\n", total / (t() - d) / 1e6);
	d = t();
	for (size_t f = 0; f < total; f += bloc) memcpy(b, a + f, bloc);
	printf("flux %.0f %d\n", total / (t() - d) / 1e6, b[7]);
	fd = open(argv[2], O_RDONLY);
	d = t();
	while ((r = read(fd, b, bloc)) > 0)
		;
	printf("lecture %.0f\n", r == 0 ? total / (t() - d) / 1e6 : 0);
	close(fd);
	q = msgget(IPC_PRIVATE, 0600);
	d = t();
	for (size_t f = 0; f < total; f += 8192)
		if (msgsnd(q, &m, 8192, 0) || msgrcv(q, &m, 8192, 0, 0) < 0) return 1;
	printf("boucle %.0f\n", total / (t() - d) / 1e6);
	msgctl(q, IPC_RMID, NULL);
	free(a); free(b);
	return 0;
}
C
cc -O2 -o "$T/ref" "$T/ref.c" || exit 1

# transfert COEURS K ARGS_DE_CREER... : Mo/s d'un envoi de la source reçue dans /dev/null ;
# COEURS : 2 (libres) ou 1 (taskset, sur le premier cœur permis) ; K : 0 pour envoyer, sinon lot
# de K cases. Vide si creer est refusé.
transfert() {
	local coeurs=$1 k=$2 debut fin epingle=() envoi=(envoyer "$T/cle" "$T/source")
	shift 2
	[ "$coeurs" = 1 ] && epingle=(taskset -c "$(taskset -pc $$ | sed 's/.*: *//; s/[,-].*//')")
	[ "$k" -gt 0 ] && envoi=(lot "$T/cle" "$T/source" "$k")
	"$FLUX" creer "$T/cle" "$@" >/dev/null 2>&1 || return 0
	debut=$(date +%s%N)
	"${epingle[@]}" "$FLUX" recevoir "$T/cle" /dev/null &
	"${epingle[@]}" "$FLUX" "${envoi[@]}"
	wait
	fin=$(date +%s%N)
	"$FLUX" detruire "$T/cle" >/dev/null
	echo $((MIO * 1048576 * 1000 / (fin - debut)))
}

declare -a NOMS VALEURS
ajouter() { NOMS+=("$1"); VALEURS+=("${2:-}"); }
declare -A REF
while read -r nom v _; do REF[$nom]=$v; done < <("$T/ref" "$MIO" "$T/source")
ajouter "memcpy 64 Kio dans le cache" "${REF[cache]}"
ajouter "memcpy $MIO Mio vers 64 Kio" "${REF[flux]}"
ajouter "read du fichier par 64 Kio" "${REF[lecture]}"
deux=() un=() # « Kio Mo/s » par taille de case, pour le graphique
for k in 1 4 16 64 256 1024; do
	v=$(transfert 2 0 anneau 8 $((k * 1024)))
	w=$(transfert 1 0 anneau 8 $((k * 1024)))
	ajouter "anneau 8 × $k Kio, 2 cœurs" "$v"
	ajouter "anneau 8 × $k Kio, 1 cœur" "$w"
	deux+=("$k $v")
	un+=("$k $w")
	[ "$k" = 64 ] && anneau64=$v
done
ajouter "lot de 8 (P_k), 8 × 64 Kio, 2 cœurs" "$(transfert 2 8 anneau 8 65536)"
ajouter "msgsnd+msgrcv 8 Kio, un processus" "${REF[boucle]}"
file=$(transfert 2 0 file 16384)
ajouter "file, msg_qbytes 16384, 2 cœurs" "$file"
ajouter "file, msg_qbytes 16384, 1 cœur" "$(transfert 1 0 file 16384)"
ajouter "file, msg_qbytes 1 Mio, 2 cœurs" "$(transfert 2 0 file 1048576)"

echo "Débits, $MIO Mio du cache vers /dev/null ($(nproc) cœurs, charge $(cut -d' ' -f1 /proc/loadavg)) :"
max=1
for v in "${VALEURS[@]}"; do [ -n "$v" ] && [ "$v" -gt "$max" ] && max=$v; done
for i in "${!NOMS[@]}"; do
	v=${VALEURS[$i]}
	if [ -z "$v" ]; then
		printf '  %s%*s %9s  (sauté : msg_qbytes au-delà de msgmnb refusé sans privilège)\n' \
			"${NOMS[$i]}" $((38 - ${#NOMS[$i]})) "" "-"
		continue
	fi
	# Barres sur une échelle logarithmique : memcpy dépasse les transports de loin.
	n=$(awk -v v="$v" -v m="$max" 'BEGIN { n = v > 1 ? int(40 * log(v) / log(m)) : 1; print n < 1 ? 1 : n }')
	printf '  %s%*s %6s Mo/s  %s\n' "${NOMS[$i]}" $((38 - ${#NOMS[$i]})) "" "$v" \
		"$(printf '%*s' "$n" '' | tr ' ' '#')"
done
# Les deux objectifs du TP 4 (issue) : des rapports, dans cette exécution.
pc() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0) ? 100 * a / b : 0 }'; }
echo "Anneau 8 × 64 Kio, 2 cœurs : $(pc "$anneau64" "${REF[flux]}") % de memcpy depuis la mémoire (objectif : 50 ;" \
	"la lecture seule du fichier en fait $(pc "${REF[lecture]}" "${REF[flux]}") %)."
echo "File, msg_qbytes 16384, 2 cœurs : $(pc "$file" "${REF[boucle]}") % de la boucle d'un processus (objectif : 80)."

command -v gnuplot >/dev/null 2>&1 || { echo "(graphique : installez gnuplot pour build/bench-04.png)"; exit 0; }
printf '%s\n' "${deux[@]}" >"$T/deux.dat"
printf '%s\n' "${un[@]}" >"$T/un.dat"
mkdir -p build
gnuplot <<GP || exit 1
set terminal pngcairo size 900,520 noenhanced
set output "build/bench-04.png"
set title "TP 4 : débit de l'anneau (8 cases) selon la taille des cases, $MIO Mio"
set xlabel "taille d'une case (Kio)"
set ylabel "Mo/s"
set logscale xy
set xrange [0.8:1300]
set yrange [10:${REF[flux]} * 2]
set key right bottom
plot "$T/deux.dat" using 1:2 with linespoints title "anneau, 2 cœurs", \
	"$T/un.dat" using 1:2 with linespoints title "anneau, 1 cœur", \
	${REF[flux]} with lines title "memcpy depuis la mémoire", \
	${REF[lecture]} with lines title "read du fichier", \
	${file:-0} with lines title "file, msg_qbytes 16384"
GP
echo "graphique : build/bench-04.png"
