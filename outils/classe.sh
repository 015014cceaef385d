#!/bin/bash
# classe.sh : note une classe entière, en parallèle, chaque rendu dans son bac à sable.
# « outils/classe.sh -h » décrit les options ; « make classe RENDUS=dossier » l'appelle.
#
# Pour chaque rendu (un dossier, .tar.gz, .tgz, .tar ou .zip par étudiant) : les dossiers
# NN-nom/ trouvés (à la racine ou un niveau plus bas) sont copiés seuls dans un bac neuf, puis
# compilés et notés par outils/noter.sh d'une copie propre (kit : Makefile, common/, outils/,
# correcteurs et références précompilés) : rien de ce que l'étudiant livre d'autre ne sert.
# En root, chaque créneau parallèle a son uid (UID0 + créneau) : RLIMIT_NPROC s'applique, les
# bacs ne se voient pas, et tout ce que l'uid a lancé est tué à la fin du rendu. Les sources du
# dépôt (solutions/) sont masquées dans un espace de noms de montage.
#
# Plan : options ; copie propre ; groupes de contrôle (root) ; en_bac (le bac d'un créneau :
# session, uid, limites, montages) ; noter_rendu (extraction, compilation, correction d'un rendu,
# dans un créneau) ; la file d'attente (JOBS créneaux) ; notes.csv et résumé par resultats.py.
# Le bac reste en shell (setpriv, prlimit, unshare, timeout : des outils système qu'on enchaîne) ;
# tout ce qui agrège (notes.csv, résumé, results.json, feuille Moodle) est en Python
# (outils/resultats.py, outils/moodle.py) et ne lit que les JSON des correcteurs.
# Demande bash 5.1 au moins (wait -n -p de la file d'attente) : Debian 12, Ubuntu 22.04.
set -u
shopt -s nullglob
if [ "${BASH_VERSINFO[0]}" -lt 5 ] || { [ "${BASH_VERSINFO[0]}" -eq 5 ] && [ "${BASH_VERSINFO[1]}" -lt 1 ]; }; then
	echo "classe.sh : bash 5.1 au moins est nécessaire (wait -n -p) ; celui-ci est $BASH_VERSION" >&2
	exit 2
fi

usage() {
	cat <<EOF
usage : outils/classe.sh [options] RENDUS

Note chaque rendu du dossier RENDUS : un sous-dossier, ou une archive .tar.gz, .tgz, .tar ou
.zip, par étudiant (le nom du rendu sert d'identifiant), contenant les dossiers NN-nom/ des TP
comme labs/ (éventuellement dans un sous-dossier).

Options :
  -o SORTIE   dossier des résultats (défaut : build/classe) : notes.csv, resume.txt et
              etudiants/NOM/{rapport.txt,results.json,NN-nom.json}
  -j N        rendus notés en parallèle (défaut : deux par cœur, $((2 * $(nproc))))
  -l TP,TP    TP à noter (défaut : ceux présents dans chaque rendu) ; un TP demandé mais
              absent d'un rendu y vaut 0
  -b S        temps maximal par TP en secondes (défaut : $budget) : les items suivants ne
              sont pas vérifiés, les précédents gardent leurs points
  -c S        temps processeur maximal par processus (défaut : $cpu s)
  -p N        processus simultanés par rendu (défaut : $nproc_max)
  -m Mio      mémoire (espace d'adressage) par processus (défaut : $memoire Mio)
  -M Mio      mémoire de tous les programmes notés d'un rendu ensemble, mémoire partagée
              comprise (groupe de contrôle memory, en root ; défaut : 4 × la valeur de -m)
  -k KIT      copie propre à utiliser (défaut : la racine de ce kit ; make classe la fournit)
  -v FICHIER  visibilité Gradescope par item (lignes « NN-nom/item visibilité »)
  -u UID      premier uid des bacs en root (défaut : $uid0 ; un par créneau)
  -h          cette aide
EOF
}

ici=$(cd "$(dirname "$0")/.." && pwd)
. "$ici/outils/bac.sh"
sortie=build/classe
# Deux par cœur : les correcteurs attendent souvent des échéances (lot de 30 rendus sur deux
# cœurs : 2 min 47 s avec 2 créneaux, 1 min 43 s avec 4, mêmes notes).
jobs=$((2 * $(nproc)))
labs_demandes=""
budget=120
cpu=$BAC_CPU
nproc_max=$BAC_NPROC
memoire=$BAC_MEMOIRE
memoire_rendu=""
kit=""
visibilite=""
uid0=61000
while getopts "o:j:l:b:c:p:m:M:k:v:u:h" opt; do
	case $opt in
	o) sortie=$OPTARG ;;
	j) jobs=$OPTARG ;;
	l) labs_demandes=${OPTARG//,/ } ;;
	b) budget=$OPTARG ;;
	c) cpu=$OPTARG ;;
	p) nproc_max=$OPTARG ;;
	m) memoire=$OPTARG ;;
	M) memoire_rendu=$OPTARG ;;
	k) kit=$OPTARG ;;
	v) visibilite=$OPTARG ;;
	u) uid0=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
erreur() { echo "classe.sh : $*" >&2; exit 2; }
[ $# -eq 1 ] || { usage >&2; exit 2; }
[ -d "$1" ] || erreur "dossier de rendus introuvable : $1"
[ -n "$memoire_rendu" ] || memoire_rendu=$((4 * memoire))
for n in "$jobs" "$budget" "$cpu" "$nproc_max" "$memoire" "$memoire_rendu" "$uid0"; do
	case $n in '' | *[!0-9]* | 0) erreur "valeur numérique attendue (> 0) : « $n »" ;; esac
done
rendus=$(cd "$1" && pwd)
case $sortie in /*) ;; *) sortie=$PWD/$sortie ;; esac
[ -n "$visibilite" ] && { visibilite=$(cd "$(dirname "$visibilite")" && pwd)/$(basename "$visibilite"); }
if [ -z "$kit" ]; then
	[ -d "$ici/precompile" ] || erreur "pas de copie propre : lancez « make classe » ou donnez -k KIT"
	kit=$ici
fi
kit=$(cd "$kit" && pwd)
# python3 du système de préférence (un python3 de pyenv coûte 0,5 s par appel).
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || erreur "python3 est nécessaire (notes.csv, results.json)"

racine=0
[ "$(id -u)" -eq 0 ] && racine=1

# ---- Copie propre : un instantané, que ni les rendus ni le dépôt ne peuvent modifier ----
# En root, les uids des bacs doivent pouvoir traverser le dossier temporaire (sinon : /tmp).
base=${TMPDIR:-/tmp}
[ $racine = 1 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$base" 2>/dev/null &&
	base=/tmp
T=$(mktemp -d "$base/tp-ipc-classe.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
chmod 711 "$T"
mkdir "$T/propre" "$T/res"
chmod 700 "$T/res"
(cd "$kit" && tar -cf - --exclude=./build .) | tar -C "$T/propre" -xf - || erreur "copie de $kit"
chmod -R go+rX,go-w "$T/propre"
labs_kit=$(for f in "$T"/propre/tests/*/programmes; do basename "$(dirname "$f")"; done | tr '\n' ' ')
labs_kit=${labs_kit% }
for l in $labs_demandes; do
	[ -x "$T/propre/precompile/tests/$l/correcteur" ] || erreur "TP inconnu « $l » ; TP : $labs_kit"
done
colonnes=${labs_demandes:-$labs_kit}

# ---- Root : un uid par créneau, montages privés ----
masques=()
if [ $racine = 1 ]; then
	command -v setpriv >/dev/null || erreur "setpriv (util-linux) est nécessaire en root"
	# Les sources du dépôt (solutions, mutants, historique) : invisibles des rendus.
	if [ -d "$ici/solutions" ] && unshare -m --propagation private true 2>/dev/null; then
		for d in "$ici/solutions" "$ici/tests" "$ici/.git"; do
			case "$T/" in "$d/"*) continue ;; esac
			[ -d "$d" ] && masques+=("$d")
		done
	elif [ -d "$ici/solutions" ]; then
		echo "classe.sh : espaces de noms de montage refusés : solutions/ reste lisible des rendus" >&2
	fi
fi

# ---- Groupes de contrôle (root) : chaque créneau a sa part égale du processeur et un nombre de
# processus borné ; une bombe de fork ou une boucle infinie ne ralentit que son propre créneau
# (bac_cg_preparer, outils/bac.sh). Face aux autres processus, la correction pèse autant de tâches
# qu'elle peut occuper de cœurs.
cg_preparer() {
	bac_cg_preparer "tp-ipc-classe-$$" "$jobs" "$nproc_max" "$memoire_rendu" \
		$((jobs < $(nproc) ? jobs : $(nproc)))
}

# Hors root, RLIMIT_NPROC compte tous vos processus : la limite s'ajoute à ceux qui tournent déjà.
# Avec les groupes de contrôle, pids.max (qui compte ses refus) borne ; RLIMIT_NPROC, au double,
# n'est qu'un filet.
nproc_deja=0
[ $racine = 1 ] || nproc_deja=$(pgrep -c -U "$(id -u)")
nproc_rlimit() { echo $((nproc_deja + nproc_max * (${#bac_cg_dirs[@]} > 0 ? 2 : 1))); }

# en_bac SLOT DUREE QUI COMMANDE... : exécute COMMANDE pour le créneau, dans une nouvelle session
# (aucun terminal : ni /dev/tty ni TIOCSTI), avec les limites de ressources, un délai extérieur
# (timeout -k) et, en root, les sources du dépôt masquées. QUI : « etudiant » (l'uid du créneau,
# pour extraire une archive) ou « correcteur » (noter.sh reste root, l'identité de notation, et
# pose TP_IPC_UID aux seuls programmes notés).
en_bac() {
	local slot=$1 duree=$2 qui=$3 u=$((uid0 + $1)) bac=$T/s$1/bac
	shift 3
	local env=(PATH=/usr/local/bin:/usr/bin:/bin LANG="${LANG:-C.UTF-8}")
	local v
	for v in LC_ALL LANGUAGE TP_IPC_AUTOTESTS TP_IPC_REPLI CK_TIMEOUT_MULTIPLIER TP_IPC_DELAI_COMPILATION; do
		[ -n "${!v:-}" ] && env+=("$v=${!v}")
	done
	if [ "$qui" = correcteur ]; then
		env+=(HOME="$T/s$slot" TMPDIR="$T/s$slot")
		[ -n "${TP_IPC_GROUPE_ETUDIANT:-}" ] && env+=(TP_IPC_GROUPE_ETUDIANT="$TP_IPC_GROUPE_ETUDIANT")
		[ $racine = 1 ] && env+=(TP_IPC_UID="$u")
	else
		env+=(HOME="$bac" TMPDIR="$bac/tmp")
	fi
	local cmd=(env -i "${env[@]}" "$@")
	if [ $racine = 1 ]; then
		[ "$qui" = correcteur ] ||
			cmd=(setpriv --reuid="$u" --regid="$u" --clear-groups --nnp --pdeathsig KILL "${cmd[@]}")
		# shellcheck disable=SC2016 # $1... : arguments du sh -c
		[ ${#masques[@]} -gt 0 ] && cmd=(unshare -m --propagation private sh -c \
			'n=$1; shift; while [ "$n" -gt 0 ]; do mount -t tmpfs -o size=4k,mode=0 tp-ipc "$1" || exit 125; shift; n=$((n - 1)); done; exec "$@"' \
			sh "${#masques[@]}" "${masques[@]}" "${cmd[@]}")
	fi
	(
		bac_fermer_verrous
		cd "$bac" || exit 125
		bac_exec_limites "$(nproc_rlimit)" "$cpu" "$memoire" \
			setsid -w timeout -k 5 "$duree" "${cmd[@]}" </dev/null
	)
}

# vider_slot SLOT : tue tout ce que l'uid du créneau a laissé, supprime ses objets IPC et ses
# fichiers temporaires hors du bac (bac.sh), puis le bac. Hors root, le bac seul.
vider_slot() {
	[ $racine = 1 ] && bac_vider $((uid0 + $1))
	rm -rf "$T/s$1"
}

# trouver_tp RACINE LAB : le dossier du TP dans le rendu (à la racine ou un niveau plus bas) ;
# avec un seul TP demandé, aussi un dossier qui contient directement ses programmes.
trouver_tp() {
	local r=$1 l=$2 d p ok
	for d in "$r/$l" "$r"/*/"$l"; do
		case $d in */__MACOSX/*) continue ;; esac
		[ -d "$d" ] && [ ! -L "$d" ] && [ ! -L "$(dirname "$d")" ] && { echo "$d"; return 0; }
	done
	# shellcheck disable=SC2086 # une liste de mots
	set -- $labs_demandes
	[ $# -eq 1 ] || return 1
	for d in "$r" "$r"/*/; do
		d=${d%/}
		if [ ! -d "$d" ] || [ -L "$d" ]; then continue; fi
		ok=1
		# shellcheck disable=SC2013 # programmes : des noms séparés par des blancs
		for p in $(cat "$T/propre/tests/$l/programmes"); do [ -f "$d/$p.c" ] || ok=0; done
		[ $ok = 1 ] && { echo "$d"; return 0; }
	done
	return 1
}

# noter_rendu INDEX SLOT : note le rendu n° INDEX dans le créneau SLOT ; résultats dans res/INDEX.
noter_rendu() {
	local i=$1 slot=$2 u=$((uid0 + $2)) entree=${entrees[$1]} nom=${noms[$1]}
	local res=$T/res/$i bac=$T/s$2/bac racine_rendu l d rc max refus veilleur
	bac_cg_entrer "$slot"
	mkdir -p "$res" "$bac/tmp" "$bac/src"
	printf '%s\n' "$nom" >"$res/nom"
	date +%s >"$res/debut"
	: >"$res/tp"
	chmod 711 "$T/s$slot"
	[ $racine = 1 ] && chown "$u:$u" "$bac" "$bac/tmp"
	chmod 711 "$bac"
	{
		echo "Rendu : $nom ($(basename "$entree"))"
		# 1. Le rendu : une archive est extraite dans le bac, par l'uid du bac, sous les limites.
		racine_rendu=$entree
		case $entree in
		*.tar.gz | *.tgz | *.tar | *.zip)
			mkdir "$bac/rendu"
			cp -- "$entree" "$bac/archive"
			[ $racine = 1 ] && chown "$u:$u" "$bac/rendu" "$bac/archive"
			case $entree in
			*.zip) if command -v unzip >/dev/null; then
				en_bac "$slot" 60 etudiant unzip -qq -o "$bac/archive" -d "$bac/rendu"
			else
				en_bac "$slot" 60 etudiant "$py" -c 'import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$bac/archive" "$bac/rendu"
			fi ;;
			*) en_bac "$slot" 60 etudiant tar -xf "$bac/archive" -C "$bac/rendu" ;;
			esac >"$res/extraction.log" 2>&1 ||
				echo "Extraction de l'archive incomplète : $(head -c 300 "$res/extraction.log")"
			racine_rendu=$bac/rendu
			;;
		esac
		# 2. Les dossiers de TP, seuls, sans liens symboliques ni fichiers spéciaux.
		for l in $labs_kit; do
			case " $colonnes " in *" $l "*) ;; *) continue ;; esac
			if d=$(trouver_tp "$racine_rendu" "$l"); then
				cp -R -P -- "$d" "$bac/src/$l"
				echo "$l : trouvé dans ${d#"$racine_rendu"/}"
			elif [ -n "$labs_demandes" ]; then
				echo "$l : dossier absent du rendu (0/20)"
			fi
		done
		find "$bac/src" -mindepth 1 \( ! -type f ! -type d -o -name '._*' \) -delete
		rm -rf "$bac/rendu" "$bac/archive"
		# Les sources restent à root : lisibles, jamais modifiables par les programmes notés.
		chmod -R go+rX,go-w "$bac/src"
		[ -n "$(ls -A "$bac/src")" ] || [ -n "$labs_demandes" ] ||
			echo "Aucun dossier de TP (NN-nom) trouvé dans le rendu ; TP connus : $labs_kit"
		echo
	} >"$res/rapport.txt" 2>&1
	# 3. Chaque TP : compilation et correction, sous les limites et le budget de temps.
	for l in $colonnes; do
		[ -d "$bac/src/$l" ] || [ -n "$labs_demandes" ] || continue
		max=0
		# Sans groupe de contrôle (pids.events), le nombre de processus de l'uid est relevé.
		if [ $racine = 1 ] && [ ${#bac_cg_dirs[@]} -eq 0 ]; then
			(while :; do
				n=$(pgrep -c -U "$u")
				[ "$n" -gt "$max" ] && max=$n && echo "$max" >"$res/$l.max"
				sleep 0.5
			done) &
			veilleur=$!
		fi
		refus=$(bac_cg_refus_fork "$slot") oom=$(bac_cg_oom "$slot")
		# Le JSON et le rapport : écrits par le correcteur (root) dans res/, hors d'atteinte.
		en_bac "$slot" $((budget + 180)) correcteur SRC="$bac/src" LAB="$l" LABS="$labs_kit" \
			PRE="$T/propre/precompile" JSON="$res/$l.json" BUDGET="$budget" ETIQUETTE="rendu $nom" \
			TP_IPC_ETAT="$res" "$T/propre/outils/noter.sh" >"$res/$l.txt" 2>&1
		rc=$?
		if [ $racine = 1 ]; then
			[ ${#bac_cg_dirs[@]} -eq 0 ] && kill "$veilleur" 2>/dev/null && wait "$veilleur" 2>/dev/null
			bac_tuer "$u"
		fi
		echo $(($(bac_cg_refus_fork "$slot") - refus)) >"$res/$l.refus"
		echo $(($(bac_cg_oom "$slot") - oom)) >"$res/$l.oom"
		limites "$res" "$l" "$rc" >"$res/$l.limites"
		# La note : celle du JSON du correcteur, jamais lue dans le texte du rapport.
		note=$("$py" "$T/propre/outils/resultats.py" note "$res/$l.json" 2>/dev/null)
		echo "$l ${note:-0}" >>"$res/tp"
		{
			head -c $((2 << 20)) "$res/$l.txt"
			[ "$(stat -c %s "$res/$l.txt")" -gt $((2 << 20)) ] &&
				echo && echo "[rapport tronqué à 2 Mio : limite de taille de la sortie]"
			sed 's/^/!! /' "$res/$l.limites"
			echo
		} >>"$res/rapport.txt"
	done
	vider_slot "$slot"
	# 4. Les fichiers de l'étudiant : rapport complet, un JSON par TP, results.json fusionné.
	d="$sortie/etudiants/$nom"
	rm -rf "$d"
	mkdir -p "$d"
	cp "$res/rapport.txt" "$d/rapport.txt"
	for l in $colonnes; do [ -f "$res/$l.json" ] && cp "$res/$l.json" "$d/$l.json"; done
	"$py" "$T/propre/outils/resultats.py" etudiant "$res" "$d/results.json" "$visibilite" ||
		echo "results.json non écrit pour $nom" >&2
}

# limites RES LAB CODE : les lignes « Limite atteinte » d'un TP (outils/limites.awk), d'après sa
# fin (RES/LAB.fin, écrit par noter.sh : code, durée et limite totale du correcteur ; CODE : celui
# de noter.sh), les refus de fork relevés (RES/LAB.refus, RES/LAB.max), les programmes tués faute
# de mémoire (RES/LAB.oom) et son rapport.
limites() {
	awk -v rc="$3" -v fin="$(cat "$1/$2.fin" 2>/dev/null)" -v budget="$budget" -v np="$nproc_max" \
		-v refus="$(cat "$1/$2.refus")" -v max="$(cat "$1/$2.max" 2>/dev/null || echo 0)" \
		-v cpu="$cpu" -v mem="$memoire" -v lab="$2" -v oom="$(cat "$1/$2.oom" 2>/dev/null || echo 0)" \
		-v memr="$memoire_rendu" -f "$T/propre/outils/limites.awk" "$1/$2.txt"
}

# ---- Les rendus ----
entrees=()
noms=()
for e in "$rendus"/*; do
	b=$(basename "$e")
	case $b in
	*.tar.gz) n=${b%.tar.gz} ;;
	*.tgz | *.tar | *.zip) n=${b%.*} ;;
	*)
		if [ ! -d "$e" ]; then
			echo "classe.sh : ignoré (ni dossier ni archive) : $b" >&2
			continue
		fi
		n=$b
		;;
	esac
	n=$(printf '%s' "$n" | tr -d '[:cntrl:]')
	case " ${noms[*]+${noms[*]}} " in *" $n "*) n="$n ($b)" ;; esac
	entrees+=("$e")
	noms+=("$n")
done
total=${#entrees[@]}
[ "$total" -gt 0 ] || erreur "aucun rendu dans $rendus"
[ "$jobs" -gt "$total" ] && jobs=$total
# En repli, les correcteurs passent un à un (verrou de l'espace IPC de la machine) : des créneaux
# en parallèle n'y feraient qu'attendre, sous leur limite de temps.
if [ "$jobs" -gt 1 ] && bac_repli; then
	echo "Mode de repli (sans espaces de noms IPC et PID) : un rendu à la fois, au lieu de $jobs."
	jobs=1
fi
if [ $racine = 1 ]; then
	bac_reserver "$uid0" "$jobs" && uid0=$BAC_UID0 || erreur "pas de bloc de $jobs uids libres à partir de $uid0 (option -u)"
fi
mkdir -p "$sortie/etudiants" || exit 1
# Les notes et rapports de toute la classe : ni les rendus (autres uids) ni les autres utilisateurs.
chmod go-rwx "$sortie"
for d in "$sortie"/etudiants/*/; do # les résultats d'une correction précédente
	[ -f "$d/rapport.txt" ] && rm -rf "$d"
done

# ---- Nettoyage à la sortie, même interrompue ----
declare -A slot_de=()
nettoyer() {
	local p s
	trap - EXIT INT TERM HUP
	for p in "${!slot_de[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	for ((s = 0; s < jobs; s++)); do vider_slot "$s"; done
	bac_cg_detruire
	rm -rf "$T"
}
trap nettoyer EXIT
trap 'echo; echo "classe.sh : interrompu" >&2; exit 130' INT TERM HUP
if [ $racine = 1 ] && ! cg_preparer; then
	bac_cg_detruire
	echo "classe.sh : groupes de contrôle (cgroups cpu, pids) indisponibles : un rendu qui" \
		"monopolise le processeur peut ralentir les autres." >&2
fi

# ---- La file d'attente : JOBS créneaux, une ligne d'avancement par rendu noté ----
debut=$(date +%s)
faits=0
duree() { printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); }
avancement() {
	local e=$(($(date +%s) - debut)) r q
	r=$((e * (total - faits) / (faits > 0 ? faits : 1)))
	q=$(awk '{ printf " %s %s/20", $1, $2 }' "$T/res/$1/tp")
	printf '[%d/%d] %s écoulées, reste environ %s — %s :%s (%d s)\n' "$faits" "$total" \
		"$(duree "$e")" "$(duree "$r")" "$(cat "$T/res/$1/nom")" "${q:- aucun TP}" \
		$(($(date +%s) - $(cat "$T/res/$1/debut")))
}
declare -A index_de=()
libres=()
for ((s = jobs - 1; s >= 0; s--)); do libres+=("$s"); done
echo "Correction de $total rendus, $jobs en parallèle ; TP : $colonnes ; budget $budget s par TP."
if [ $racine = 1 ]; then
	echo "Bacs : uids $uid0 à $((uid0 + jobs - 1))${bac_cg_dirs[0]+, groupes de contrôle ${bac_cg_dirs[*]}}$([ $bac_cg_memoire = 1 ] && echo " (mémoire : $memoire_rendu Mio par rendu)")."
else
	echo "(hors root : pas d'uid dédié par rendu ; lancez en root pour l'isolation complète)"
fi
i=0
while [ "$i" -lt "$total" ] || [ ${#slot_de[@]} -gt 0 ]; do
	if [ "$i" -lt "$total" ] && [ ${#libres[@]} -gt 0 ]; then
		s=${libres[-1]}
		unset 'libres[-1]'
		noter_rendu "$i" "$s" &
		slot_de[$!]=$s
		index_de[$!]=$i
		i=$((i + 1))
		continue
	fi
	wait -n -p fini
	libres+=("${slot_de[$fini]}")
	faits=$((faits + 1))
	avancement "${index_de[$fini]}"
	unset "slot_de[$fini]" "index_de[$fini]"
done

# ---- notes.csv et résumé ----
# shellcheck disable=SC2086 # une colonne par TP
"$py" "$T/propre/outils/resultats.py" classe "$T/res" "$sortie" $colonnes | tee "$sortie/resume.txt"
echo "Durée : $(duree $(($(date +%s) - debut))) ; résultats dans $sortie (notes.csv, resume.txt, etudiants/)"
