#!/bin/bash
# verifier.sh [--toutes-etapes] [NN...] : éprouve les démonstrations (outils/demos/demo-NN.sh).
#
# Chaque démo tourne deux fois, sans clavier (AUTO=1, entrée /dev/null, hors de tmux) :
#   1. en entier : elle doit finir avec le code 0 en moins de DELAI secondes (30 par défaut) ;
#   2. interrompue au milieu, comme par Ctrl-C (SIGINT à tout son groupe de processus) au début
#      d'une étape où des processus sont arrêtés ou bloqués (--toutes-etapes : à chaque étape).
# Après chaque exécution, aucun objet IPC, aucun processus de la démo et aucun fichier
# temporaire ne doit rester (la démo reçoit son propre TMPDIR). Chaque exécution a son propre
# espace de noms IPC quand c'est possible (unshare), pour que les objets d'autres programmes de
# la machine ne comptent pas ; sinon, on compare /proc/sysvipc avant et après. Les processus se
# reconnaissent à une marque dans leur environnement.
#
# Une ligne par démo, « ok demo-NN » ou « ÉCHEC demo-NN : raison » ; code 1 si l'une échoue.
set -u
cd "$(dirname "$0")/../.." || exit 2
# Échéance par exécution, en secondes : une démo dure 1 à 3 s sur une machine au repos ; la
# marge couvre une machine très chargée (make check en parallèle).
DELAI=${DELAI:-30}

# Étape au début de laquelle la démo est interrompue : des processus y sont arrêtés ou bloqués.
declare -A ETAPE_INTERRUPTION=([00]=6 [01]=4 [01b]=3 [02]=3 [02b]=2 [03]=3 [04]=3 [05]=2)

# MS := millisecondes depuis l'époque (sans processus : la boucle de surveillance tourne souvent).
lire_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	MS=$((t / 1000))
}

# vivant PID : le processus existe et n'est pas un zombie (lu sans lancer de processus).
vivant() {
	local s
	read -r s 2>/dev/null <"/proc/$1/stat" || return 1
	s=${s##*) }
	[ "${s%% *}" != Z ]
}

# Pause de 20 ms sans lancer « sleep » : read attend sur un tube où rien n'arrive.
exec {TUBE_VIDE}<> <(:)
pause_courte() { read -r -t 0.02 -u "$TUBE_VIDE" _ || true; }

objets_ipc() { tail -q -n +2 /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem; }

# executer NN ETAPE JOURNAL RESULTAT MARQUE : lance la démo (dans l'espace de noms courant),
# l'interrompt au début de l'étape ETAPE (0 : jamais), et écrit dans RESULTAT
# « durée_ms code interrompue(0|1) » puis les objets IPC restants.
executer() {
	local nn=$1 etape=$2 journal=$3 resultat=$4 marque=$5 debut pid rc interrompue=0 MS
	lire_ms
	debut=$MS
	: >"$journal"
	# Lancée en arrière-plan, la démo hériterait de SIGINT ignoré (et bash ne pourrait plus
	# l'intercepter) : on lui rend son comportement par défaut, comme au clavier.
	env "${DEFAUT[@]}" TP_IPC_VERIF="$marque" AUTO=1 DIRECT=0 TMUX= \
		setsid bash "outils/demos/demo-$nn.sh" </dev/null >"$journal" 2>&1 &
	pid=$!
	# Le journal est lu au fil de l'eau par un descripteur ouvert une fois : aucune commande
	# externe par tour de boucle (elle coûterait plus que la démo elle-même).
	local fd ligne debut_ligne="" vu=0
	exec {fd}<"$journal"
	while vivant "$pid"; do
		lire_ms
		if [ $((MS - debut)) -gt $((DELAI * 1000)) ]; then
			kill -KILL -- -"$pid" 2>/dev/null
			echo "délai de $DELAI s dépassé" >>"$journal"
			break
		fi
		if [ "$etape" != 0 ] && [ $interrompue = 0 ]; then
			# Une ligne incomplète (la démo l'écrit encore) est gardée pour le tour suivant.
			while [ $vu = 0 ]; do
				if ! IFS= read -r ligne <&"$fd"; then
					debut_ligne+=$ligne
					break
				fi
				[[ $debut_ligne$ligne == *"== Étape $etape "* ]] && vu=1
				debut_ligne=""
			done
			if [ $vu = 1 ]; then
				kill -INT -- -"$pid" 2>/dev/null
				interrompue=1
			fi
		fi
		pause_courte
	done
	exec {fd}<&-
	wait "$pid"
	rc=$?
	{
		lire_ms
		echo "$((MS - debut)) $rc $interrompue"
		objets_ipc
	} >"$resultat"
}

# env --default-signal (coreutils >= 8.31) rend à la démo le SIGINT par défaut.
if env --default-signal=INT true 2>/dev/null; then
	DEFAUT=(--default-signal=INT,QUIT)
else
	DEFAUT=()
fi

if [ "${1:-}" = --executer ]; then
	shift
	executer "$@"
	exit 0
fi

toutes=0
if [ "${1:-}" = --toutes-etapes ]; then
	toutes=1
	shift
fi
if [ $# -gt 0 ]; then
	demos=("$@")
else
	demos=()
	for f in outils/demos/demo-[0-9][0-9]*.sh; do
		n=${f##*/demo-}
		demos+=("${n%.sh}")
	done
fi

for f in tests/*/programmes; do
	l=${f%/programmes}
	for p in $(<"$f"); do
		[ -x "build/ref/${l##*/}/$p" ] || { make --no-print-directory -s references >/dev/null || exit 2; break 2; }
	done
done

# Comment isoler les objets IPC de chaque exécution.
if [ "$(id -u)" = 0 ] && unshare --ipc true 2>/dev/null; then
	ISOLER=(unshare --ipc --)
elif unshare --user --map-root-user --ipc true 2>/dev/null; then
	ISOLER=(unshare --user --map-root-user --ipc --)
else
	ISOLER=()
	echo "(espaces de noms IPC refusés : objets comparés avant et après, sur toute la machine)"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/tp-ipc-verif-demos.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

# Processus marqués encore en vie (une seconde de grâce : le noyau finit de les récolter).
restes_processus() {
	local i pids e
	for ((i = 0; i < 50; i++)); do
		pids=""
		for e in $(grep -lzx "TP_IPC_VERIF=$1" /proc/[0-9]*/environ 2>/dev/null); do
			e=${e#/proc/}
			pids="$pids ${e%/environ}"
		done
		[ -z "$pids" ] && return 0
		sleep 0.02
	done
	ps -o pid=,stat=,args= -p "${pids# }" 2>/dev/null | tr '\n' ';'
	kill -KILL $pids 2>/dev/null
}

# une_execution NN ETAPE : affiche « ok » si tout va bien, sinon la raison de l'échec (une
# sortie vide, par exemple un arrêt imprévu du sous-shell, est donc un échec).
une_execution() {
	local nn=$1 etape=$2
	local marque="verif-$$-$1-$2" journal=$T/demo-$1-$2.journal resultat=$T/demo-$1-$2.resultat
	local avant=0 rc interrompue objets procs
	local tmp=$T/tmp-$1-$2 fichiers
	mkdir -p "$tmp"
	[ ${#ISOLER[@]} -eq 0 ] && avant=$(objets_ipc | wc -l)
	# Un TMPDIR à elle : son dossier temporaire doit avoir disparu à la fin.
	TMPDIR=$tmp "${ISOLER[@]}" bash "$0" --executer "$nn" "$etape" "$journal" "$resultat" "$marque"
	read -r _ rc interrompue <"$resultat"
	if [ ${#ISOLER[@]} -eq 0 ]; then
		objets=$(($(objets_ipc | wc -l) - avant))
		[ "$objets" -le 0 ] && objets=""
	else
		objets=$(tail -n +2 "$resultat" | awk '{ printf "%sclé %s id %s", (NR > 1 ? ", " : ""), $1, $2 }')
	fi
	procs=$(restes_processus "$marque")
	fichiers=$(cd "$tmp" && ls -A)
	if grep -q "délai de $DELAI s dépassé" "$journal"; then
		echo "délai de $DELAI s dépassé ($(tail -n 3 "$journal" | head -n 1 | tr -d '\033'))"
	elif [ "$etape" = 0 ] && [ "$rc" != 0 ]; then
		echo "code de sortie $rc : $(grep -v '^ *$' "$journal" | tail -n 1 | tr -d '\033')"
	elif [ "$etape" = 0 ] && ! grep -q "== Fin de la démo" "$journal"; then
		echo "la démo s'arrête avant sa fin"
	elif [ "$etape" != 0 ] && [ "$interrompue" = 0 ]; then
		echo "l'étape $etape n'a jamais commencé (code $rc)"
	elif [ -n "$objets" ]; then
		echo "objets IPC restants après $([ "$etape" = 0 ] && echo "la démo" || echo "Ctrl-C à l'étape $etape") : $objets"
	elif [ -n "$procs" ]; then
		echo "processus restants après $([ "$etape" = 0 ] && echo "la démo" || echo "Ctrl-C à l'étape $etape") : $procs"
	elif [ -n "$fichiers" ]; then
		echo "fichiers temporaires restants après $([ "$etape" = 0 ] && echo "la démo" || echo "Ctrl-C à l'étape $etape") : ${fichiers//$'\n'/ }"
	else
		echo ok
	fi
}

# Vérifie une démo (jouée en entier, puis interrompue) ; imprime sa ligne ok/ÉCHEC.
verifier_demo() {
	local nn=$1 raison detail duree_entiere etapes nb e
	if [ ! -f "outils/demos/demo-$nn.sh" ]; then
		echo "ÉCHEC demo-$nn : outils/demos/demo-$nn.sh introuvable"
		return
	fi
	raison=$(une_execution "$nn" 0)
	detail=""
	if [ "$raison" = ok ]; then
		duree_entiere=$(awk -v f="$T/demo-$nn-0.resultat" 'BEGIN { getline l < f; split(l, a, " "); printf "%.1f", a[1] / 1000 }')
		if [ ${#DEFAUT[@]} -eq 0 ]; then
			etapes="" # impossible d'imiter Ctrl-C : SIGINT resterait ignoré
		elif [ $toutes = 1 ]; then
			nb=$(grep -c '^etape ' "outils/demos/demo-$nn.sh")
			etapes=$(seq 1 "$nb")
		else
			etapes=${ETAPE_INTERRUPTION[$nn]:-2}
		fi
		for e in $etapes; do
			raison=$(une_execution "$nn" "$e")
			[ "$raison" != ok ] && break
		done
		if [ -n "$etapes" ]; then
			detail=" ($duree_entiere s ; Ctrl-C à l'étape $(echo $etapes | tr ' ' ',') : rien ne reste)"
		else
			detail=" ($duree_entiere s ; Ctrl-C non éprouvé : env --default-signal manque)"
		fi
	fi
	if [ "$raison" != ok ]; then
		echo "ÉCHEC demo-$nn : ${raison:-le vérificateur n’a pas conclu}"
	else
		echo "ok demo-$nn$detail"
	fi
}

# Les démos se vérifient en même temps : chacune a son espace de noms IPC, son TMPDIR et sa
# marque d'environnement, elles ne peuvent pas se gêner. Sans espace de noms IPC, les objets de
# toute la machine sont comparés avant et après : l'une après l'autre.
for nn in "${demos[@]}"; do
	if [ ${#ISOLER[@]} -gt 0 ]; then
		verifier_demo "$nn" >"$T/ligne-$nn" &
	else
		verifier_demo "$nn" >"$T/ligne-$nn"
	fi
done
wait
echecs=0
for nn in "${demos[@]}"; do
	cat "$T/ligne-$nn"
	grep -q "^ÉCHEC" "$T/ligne-$nn" && echecs=$((echecs + 1))
done
[ "$echecs" -eq 0 ]
