# shellcheck shell=bash
# commun.sh : la narration commune des démonstrations (à inclure avec « . », bash).
#
# Une démo appelle demarrer, puis pour chaque étape :
#   etape "Diapositive" "ce qui va se passer"   titre numéroté, diapositive du cours, explication
#   montrer 'commande'        affiche « $ commande », l'exécute, montre sa sortie et son code
#   fond VAR 'commande'       pareil en arrière-plan ; le pid va dans VAR, la sortie est
#                             préfixée par [var]
#   etat [files] [segments] [semaphores]   relevé du moniteur de référence (moniteur -1)
#   attendre_que "quoi" cmd...             réessaie cmd jusqu'à ce qu'elle réussisse (5 s au plus)
#   suite                     attend Entrée (pas avec AUTO=1)
# et termine par fin. À la sortie, même sur Ctrl-C ou SIGTERM, tout processus lancé est tué et
# tout objet IPC créé est supprimé : ceux dont la clé vient du fichier clé de la démo (un
# fichier privé, dans un dossier temporaire) et ceux notés par noter_objet (clé privée).
#
# Variables : AUTO=1 enchaîne sans attendre ; DIRECT=0 n'ouvre pas le moniteur en direct dans
# un second panneau tmux (ouvert par défaut quand la démo tourne dans tmux).

set -u

RACINE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REF=$RACINE/build/ref
AUTO=${AUTO:-0}
DIRECT=${DIRECT:-1}
[ "$AUTO" = 0 ] && [ ! -t 0 ] && AUTO=1 # pas de clavier : pas d'attente

# Chaque processus lancé par la démo porte cette marque dans son environnement.
TP_IPC_DEMO="demo-$$-$RANDOM"
export TP_IPC_DEMO

D=""              # dossier temporaire de la démo, créé une fois les pièges posés

NUMERO=0
PANNEAU=""
FICHIERS_CLES=()  # « périphérique inode » de chaque fichier clé utilisé
OBJETS_NOTES=()   # « q|m|s ID » des objets sans clé à supprimer
LANCES=()         # pids lancés en arrière-plan (en plus de la marque)

if [ -t 1 ]; then
	G=$'\033[1m' C=$'\033[36m' J=$'\033[33m' R=$'\033[31m' N=$'\033[0m'
else
	G="" C="" J="" R="" N=""
fi

# ---- Nettoyage ----

# Pids des processus qui portent la marque de la démo (sauf ce shell).
marques() {
	local e pid
	for e in $(grep -lzx "TP_IPC_DEMO=$TP_IPC_DEMO" /proc/[0-9]*/environ 2>/dev/null); do
		pid=${e#/proc/}
		pid=${pid%/environ}
		# Le grep lui-même est marqué : fini avant la boucle, il n'est plus dans /proc.
		[ "$pid" = $$ ] || [ "$pid" = "$BASHPID" ] || [ ! -d "/proc/$pid" ] || echo "$pid"
	done
}

arreter_processus() {
	local pids
	pids="$(marques) ${LANCES[*]}"
	[ -z "${pids// /}" ] && return
	# SIGTERM d'abord (le serveur supprime alors sa file) ; SIGCONT pour ceux qui sont arrêtés.
	kill -TERM $pids 2>/dev/null
	kill -CONT $pids 2>/dev/null
	# Une seconde de grâce à l'horloge (en essais, une machine chargée la ferait durer).
	local debut=${EPOCHREALTIME/[.,]/}
	while pids=$(marques) && [ -n "$pids" ] && ((${EPOCHREALTIME/[.,]/} - debut < 1000000)); do
		sleep 0.02
	done
	[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
	return 0 # pas de wait : le nettoyage doit rester borné, init récoltera les fils
}

noter_fichier_cle() { # CHEMIN : les objets dont la clé en vient seront supprimés à la fin
	FICHIERS_CLES+=("$(stat -c '%d %i' "$1")")
}

noter_objet() { # q|m|s ID : un objet sans clé (privé) à supprimer à la fin
	OBJETS_NOTES+=("$1 $2")
}

# Vrai si la clé k (décimal signé, comme dans /proc/sysvipc) vient d'un fichier clé de la démo.
cle_a_nous() {
	local k=$1 f dev ino
	[ "$k" = 0 ] && return 1
	for f in "${FICHIERS_CLES[@]}"; do
		read -r dev ino <<<"$f"
		(((k & 0xffffff) == (((dev & 0xff) << 16) | (ino & 0xffff)))) && return 0
	done
	return 1
}

# Les objets présents avant la démo (« q:ID m:ID s:ID ») : jamais supprimés, même si leur clé
# ressemble aux nôtres (deux fichiers peuvent donner la même clé).
objets_presents() {
	local genre k id reste
	for genre in msg:q shm:m sem:s; do
		while read -r k id reste; do
			[[ $k =~ ^-?[0-9]+$ ]] && printf ' %s:%s' "${genre#*:}" "$id"
		done <"/proc/sysvipc/${genre%:*}"
	done
	echo " "
}

supprimer_objets() {
	local genre opt k id reste o
	for genre in msg:q shm:m sem:s; do
		opt=${genre#*:}
		while read -r k id reste; do
			[[ $k =~ ^-?[0-9]+$ ]] || continue
			[[ $AVANT == *" $opt:$id "* ]] && continue
			cle_a_nous "$k" && ipcrm "-$opt" "$id" 2>/dev/null
		done <"/proc/sysvipc/${genre%:*}"
	done
	for o in "${OBJETS_NOTES[@]}"; do
		ipcrm "-${o% *}" "${o#* }" 2>/dev/null
	done
}

nettoyer() {
	local rc=$?
	trap '' INT TERM
	trap - EXIT
	[ -n "$PANNEAU" ] && tmux kill-pane -t "$PANNEAU" 2>/dev/null
	arreter_processus
	supprimer_objets
	[ -n "$D" ] && rm -rf "$D"
	exit "$rc"
}
interrompre() {
	printf '\n%sInterrompu : la démo tue ce qu’elle a lancé et supprime ses objets IPC.%s\n' "$R" "$N"
	exit 130
}
# Les pièges d'abord, les objets ensuite : un Ctrl-C à tout instant ne laisse rien derrière.
AVANT=$(objets_presents)
trap nettoyer EXIT
trap interrompre INT TERM HUP
D=$(mktemp -d "${TMPDIR:-/tmp}/tp-ipc-demo.XXXXXX") || exit 1
CLE=$D/cle
: >"$CLE"
export CLE
noter_fichier_cle "$CLE"
# Les programmes de référence de chaque TP (ceux que liste tests/NN-nom/programmes).
for f in "$RACINE"/tests/*/programmes; do
	l=${f%/programmes}
	PATH=$REF/${l##*/}:$PATH
done
PATH=$D:$PATH
export PATH

# Compile en arrière-plan (la commande $COMPILER) ce qu'une étape montrera plus loin. Les
# fichiers temporaires du compilateur vont dans $D : un Ctrl-C en pleine compilation n'en
# laisse aucun derrière lui.
compiler_en_fond() {
	(
		export TMPDIR=$D
		eval "$COMPILER"
	) >"$D/compilation.log" 2>&1 &
	COMPILATION=$!
}
compilation_attendue() {
	wait "$COMPILATION" || {
		sed 's/^/    /' "$D/compilation.log"
		exit 1
	}
}

# ---- Narration ----

# Pause de lecture (en classe seulement) : jamais avec AUTO=1.
respirer() {
	[ "$AUTO" = 1 ] || sleep "${1:-0.6}"
}

suite() {
	[ "$AUTO" = 1 ] && return
	printf '%s   [Entrée pour continuer, Ctrl-C pour arrêter]%s' "$C" "$N"
	read -r _ || AUTO=1
}

dire() { # texte explicatif, indenté
	printf '%s\n' "$@" | fold -s -w 96 | sed 's/^/   /'
}

demarrer() { # "titre" "résumé"
	verifier_references
	printf '%s%s%s\n' "$G" "$1" "$N"
	dire "$2"
	printf '   Fichier clé de la démo : %s (noté $CLE).\n' "$CLE"
	ouvrir_direct
	suite
}

etape() { # "diapositive(s)" "explication" ...
	NUMERO=$((NUMERO + 1))
	local diapo=$1
	shift
	printf '\n%s== Étape %d — %s%s\n' "$G" "$NUMERO" "$1" "$N"
	shift
	printf '   %sCours : « %s »%s\n' "$J" "$diapo" "$N"
	[ $# -gt 0 ] && dire "$@"
	return 0
}

fin() {
	printf '\n%s== Fin de la démo%s\n' "$G" "$N"
	dire "$@"
}

# Affiche la commande telle qu'écrite, avec $CLE non développé.
afficher() {
	printf '%s$ %s%s\n' "$C" "$1" "$N"
}

montrer() { # 'commande' : affiche, exécute, montre la sortie (indentée) et un code non nul
	local rc
	afficher "$1"
	eval "$1" 2>&1 | sed 's/^/    /'
	rc=${PIPESTATUS[0]}
	[ "$rc" != 0 ] && printf '    %s(code de sortie %d)%s\n' "$J" "$rc" "$N"
	return 0
}

# fond VAR 'commande' : en arrière-plan, sortie préfixée par [var] et gardée dans
# $D/var.sortie ; le pid va dans VAR.
fond() {
	local var=$1 etiquette
	etiquette=$(printf '%s' "$1" | tr 'A-Z' 'a-z')
	afficher "$2 &"
	# env remplace le sous-shell par la commande : le pid noté est bien le sien (kill -STOP).
	eval "exec env $2" > >(tee "$D/$etiquette.sortie" | sed -u "s/^/    [$etiquette] /") 2>&1 &
	disown "$!" # ni « Killed » ni « Stopped » affichés par bash
	printf -v "$var" '%s' "$!"
	LANCES+=("$!")
	printf '    %s(%s : pid %s)%s\n' "$J" "$etiquette" "$!" "$N"
}

# etat [files] [segments] [semaphores] : les sections voulues de « moniteur -1 » (toutes sans
# argument), indentées.
etat() {
	afficher "moniteur -1${1:+   # ${*}}"
	moniteur -1 | awk -v voulu=" ${*:-files segments semaphores} " '
		/^--- Files/ { s = "files" } /^--- Segments/ { s = "segments" }
		/^--- Ensembles/ { s = "semaphores" }
		index(voulu, " " s " ") { print "    " $0 }'
}

# ---- Observer l'état (pour attendre, jamais pour deviner) ----

# champ GENRE ID NOM [NUM] : valeur du champ NOM sur la ligne de l'objet dans « moniteur -1 ».
champ() {
	moniteur -1 | awk -v g="$1" -v id="$2" -v nom="$3" -v num="${4:-}" '
		$1 == g {
			delete v
			for (i = 2; i <= NF; i++) { p = index($i, "="); v[substr($i, 1, p - 1)] = substr($i, p + 1) }
			if (v["id"] == id && (num == "" || v["num"] == num)) { print v[nom]; exit }
		}'
}

# id_de GENRE CLE : identifiant de l'objet de ce genre et de cette clé (0x...), vide sinon.
id_de() {
	moniteur -1 | awk -v g="$1" -v k="$2" '
		$1 == g { for (i = 2; i <= NF; i++) if ($i == "cle=" k) { sub(/^id=/, "", $2); print $2; exit } }'
}

etat_proc() { # PID : R, S, T, Z... ; vide si le processus n'existe plus
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	s=${s##*) }
	echo "${s%% *}"
}
arrete() { [ "$(etat_proc "$1")" = T ]; }
endormi() { [ "$(etat_proc "$1")" = S ]; }
fini() {
	local s
	s=$(etat_proc "$1")
	[ -z "$s" ] || [ "$s" = Z ]
}
vaut() { # GENRE ID NOM VALEUR [NUM] : le champ vaut VALEUR
	[ "$(champ "$1" "$2" "$3" "${5:-}")" = "$4" ]
}
existe() { # GENRE ID
	[ -n "$(champ "$1" "$2" id)" ]
}
absent() { ! existe "$@"; }
connu() { # GENRE CLE : un objet de ce genre a cette clé
	[ -n "$(id_de "$1" "$2")" ]
}

# attendre_que "quoi" commande... : attend (5 s au plus) que la commande réussisse. La commande
# est réévaluée à chaque essai : passer une fonction, jamais "$(...)" (évalué une seule fois).
attendre_que() {
	local quoi=$1 debut=${EPOCHREALTIME/[.,]/}
	shift
	# 5 s à l'horloge, non en essais : sur une machine chargée, un essai (moniteur -1) peut
	# prendre 100 ms, et 250 essais dépasseraient de loin ce qui est annoncé.
	until "$@"; do
		if ((${EPOCHREALTIME/[.,]/} - debut > 5000000)); then
			printf '%sla démo attendait : %s (5 s écoulées) ; arrêt.%s\n' "$R" "$quoi" "$N" >&2
			exit 1
		fi
		sleep 0.02
	done
}

# ---- Moniteur en direct dans tmux ----

ouvrir_direct() {
	if [ -n "${TMUX:-}" ] && [ "$DIRECT" != 0 ] && command -v tmux >/dev/null 2>&1; then
		PANNEAU=$(tmux split-window -v -d -l 45% -P -F '#{pane_id}' \
			"exec env TP_IPC_DEMO=$TP_IPC_DEMO $REF/00-cles/moniteur -i 300") || PANNEAU=""
		[ -n "$PANNEAU" ] && dire "Le moniteur tourne en direct dans le panneau du bas (ce qui change s'y affiche en vidéo inverse)."
	elif [ "$AUTO" != 1 ]; then
		dire "Astuce : lancée dans tmux, la démo ouvre le moniteur en direct dans un second panneau ; sinon, lancez « $REF/00-cles/moniteur » dans un autre terminal."
	fi
	return 0
}

verifier_references() {
	local p
	# Sans ps, la démo 3 attendrait ses fils sans les voir : on le dit tout de suite.
	command -v ps >/dev/null || { echo "démo : ps est introuvable : installez le paquet procps." >&2; exit 1; }
	for p in 00-cles/moniteur 00-cles/cle 01-messages/serveur 02-tableau/tableau 03-rendezvous/rdv; do
		if [ ! -x "$REF/$p" ]; then
			echo "Programmes de référence absents : compilation (make references)."
			make --no-print-directory -s -C "$RACINE" references >/dev/null || exit 1
			return
		fi
	done
}
