#!/bin/sh
# construire.sh COPIE SORTIE TP... : pour chaque TP, SORTIE/TP/ contient ce qu'un enseignant
# colle dans une activité VPL (« make vpl [LAB=NN-nom] » l'appelle) :
#   execution/   les fichiers d'exécution : vpl_run.sh, vpl_evaluate.sh et tp-ipc-vpl.tar.gz
#                (la copie propre des enseignants COPIE : correcteurs et références précompilés,
#                outils de notation, et outils/vpl/{executer.sh,format.py})
#   demandes/    les fichiers demandés, avec le squelette comme contenu initial
#   LISEZMOI.txt le chemin de clics dans Moodle
set -eu
ici=$(cd "$(dirname "$0")" && pwd)
copie=$1
sortie=$2
shift 2
t=$(mktemp -d "${TMPDIR:-/tmp}/tp-ipc-vpl-construire.XXXXXX")
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/tp-ipc"
(cd "$copie" && tar -cf - --exclude=./build .) | tar -C "$t/tp-ipc" -xf -
mkdir -p "$t/tp-ipc/outils/vpl"
cp "$ici/executer.sh" "$ici/format.py" "$t/tp-ipc/outils/vpl/"
for lab in $(echo "$@" | tr ',' ' '); do
	[ -f "$copie/tests/$lab/programmes" ] || { echo "make vpl : TP inconnu « $lab »" >&2; exit 2; }
	d=$sortie/$lab
	rm -rf "$d"
	mkdir -p "$d/execution" "$d/demandes"
	tar -C "$t" -czf "$d/execution/tp-ipc-vpl.tar.gz" --owner=0 --group=0 tp-ipc
	for s in run:executer evaluate:evaluer; do
		sed -e "s/@SCRIPT@/vpl_${s%%:*}.sh/" -e "s/@MODE@/${s#*:}/g" -e "s/@LAB@/$lab/g" \
			"$ici/modele.sh" >"$d/execution/vpl_${s%%:*}.sh"
		chmod 755 "$d/execution/vpl_${s%%:*}.sh"
	done
	find "$copie/labs/$lab" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) -exec cp {} "$d/demandes/" \;
	# shellcheck disable=SC2012 # des noms de fichiers de labs/ (ASCII)
	demandes=$(cd "$d/demandes" && ls | tr '\n' ' ')
	sed -e "s/@LAB@/$lab/g" -e "s/@DEMANDES@/${demandes% }/" "$ici/LISEZMOI.txt" >"$d/LISEZMOI.txt"
	faits="${faits:+$faits }$lab"
done
echo "activités VPL : $sortie/ ($faits ; execution/, demandes/, LISEZMOI.txt)"
