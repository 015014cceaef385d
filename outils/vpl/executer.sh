#!/bin/bash
# executer.sh MODE TP : vpl_execution dans la prison de VPL. Copie les .c et .h remis (dossier
# courant, ou son sous-dossier TP/) dans un dossier de TP, les compile et les note avec
# outils/noter.sh, comme « make grade » ; MODE « executer » (bouton Exécuter) imprime le
# rapport de make grade, MODE « evaluer » (bouton Évaluer) le même retour au format de VPL
# (vpl/format.py) et la note ramenée à VPL_GRADEMIN..VPL_GRADEMAX.
set -u
mode=$1
lab=$2
kit=$(cd "$(dirname "$0")/../.." && pwd)
[ -f vpl_environment.sh ] && . ./vpl_environment.sh
w=$(mktemp -d "${TMPDIR:-/tmp}/tp-ipc-vpl.XXXXXX") || exit 1
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/src/$lab"
for f in ./*.c ./*.h "./$lab"/*.c "./$lab"/*.h; do
	[ -f "$f" ] && [ ! -L "$f" ] && cp "$f" "$w/src/$lab/"
done
# Le temps maximal d'exécution de l'activité (VPL_MAXTIME), moins la compilation.
budget=$((${VPL_MAXTIME:-120} - 15))
[ "$budget" -lt 10 ] && budget=10
SRC="$w/src" LAB="$lab" LABS="$lab" B="$w/b" PRE="$kit/precompile" JSON="$w/resultats.json" \
	BUDGET="$budget" ETIQUETTE="remise VPL" "$kit/outils/noter.sh" >"$w/rapport.txt" 2>&1
if [ "$mode" = executer ]; then
	cat "$w/rapport.txt"
	exit 0
fi
py=$(command -v python3) || {
	echo "Comment :=>>tp-ipc : python3 est introuvable dans la prison de VPL (à signaler à l'enseignant)."
	echo "Grade :=>>${VPL_GRADEMIN:-0}"
	exit 0
}
# Sans exec : le dossier de travail doit être effacé à la fin (trap EXIT).
"$py" "$kit/outils/vpl/format.py" "$w/resultats.json" "$w/rapport.txt" "${VPL_GRADEMIN:-0}" \
	"${VPL_GRADEMAX:-10}"
