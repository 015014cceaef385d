#!/bin/bash
# corriger-classe.sh [options de classe.sh] : « make classe » en entier. Variables :
#   RENDUS    un rendu par étudiant (dossier), ou un téléchargement Moodle (reconnu seul)
#   MOODLE    le téléchargement « Télécharger tous les travaux remis » (zip ou dossier)
#   FEUILLE   la feuille de notation hors ligne du devoir, à remplir
#   SORTIE    dossier des résultats (défaut build/classe) ; LAB : TP notés (TP,TP)
#   SEUIL     seuil des similarités en % (défaut 50) ; SQUELETTES : le labs/ du code donné
# Étapes : (1) téléchargement Moodle → un rendu par identifiant de participant (moodle.py) ;
# (2) outils/classe.sh, inchangé ; (3) similarités (similarites.py, sim_c) ; (4) feuille remplie
# et zip des fichiers de feedback (moodle.py retour).
set -eu
ici=$(cd "$(dirname "$0")" && pwd)
sortie=${SORTIE:-build/classe}
rendus=${RENDUS:-}
moodle=${MOODLE:-}
feuille=${FEUILLE:-}
lab=${LAB:-}
py=/usr/bin/python3
[ -x "$py" ] || py=python3
erreur() { echo "make classe : $*" >&2; exit 2; }
[ -n "$rendus$moodle" ] || erreur "indiquez RENDUS=dossier (un rendu par étudiant) ou MOODLE=téléchargement.zip"
[ -z "$feuille" ] || [ -f "$feuille" ] || erreur "feuille de notation introuvable : $feuille"
# Un téléchargement Moodle donné par RENDUS : un zip, ou des dossiers « Nom_123_assignsubmission_… ».
if [ -z "$moodle" ]; then
	if [ -f "$rendus" ]; then
		moodle=$rendus
	elif [ -d "$rendus" ] && find "$rendus" -mindepth 1 -maxdepth 2 -name '*_[0-9]*_assignsubmission_*' | grep -q .; then
		moodle=$rendus
	fi
fi
mkdir -p "$sortie"
participants=""
if [ -n "$moodle" ]; then
	[ -e "$moodle" ] || erreur "téléchargement Moodle introuvable : $moodle"
	"$py" "$ici/moodle.py" rendus "$moodle" "$sortie/moodle/rendus"
	rendus=$sortie/moodle/rendus
	participants=$sortie/moodle/participants.tsv
	echo
fi
"$ici/classe.sh" -o "$sortie" ${lab:+-l "$lab"} "$@" "$rendus"
echo
if command -v sim_c >/dev/null; then
	"$py" "$ici/similarites.py" "$rendus" "${SQUELETTES:-$ici/../labs}" "$sortie" ${lab:+--labs "$lab"} \
		${SEUIL:+--seuil "$SEUIL"} ${participants:+--participants "$participants"}
else
	echo "Similarités non calculées : sim_c est introuvable (paquet similarity-tester)." | tee -a "$sortie/resume.txt"
fi
if [ -n "$moodle$feuille" ]; then
	echo
	"$py" "$ici/moodle.py" retour "$sortie" ${feuille:+--feuille "$feuille"} ${lab:+--labs "$lab"} \
		${participants:+--participants "$participants"}
fi
