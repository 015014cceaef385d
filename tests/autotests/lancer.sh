#!/bin/bash
# lancer.sh : les autotests de « make check ». Chaque vérification est comptée ; la dernière
# ligne est « N passed, N failed » (suivie de « , N skipped » quand des vérifications ont été
# sautées : root seulement, espaces de noms refusés) et le code de sortie n'est 0 que si tout passe.
# Une vérification sautée s'affiche « SAUTÉ » avec sa raison, et ne compte jamais comme réussie.
#   banc        le banc sur des programmes hostiles, en mode espaces de noms et en mode repli
#   format      clang-format sur tout le C
#   squelettes  labs/ est exactement ce que le générateur produit depuis solutions/
#   étapes      chaque squelette compile et démarre avec ses étapes 1 à k remplies, pour tout k
#   solutions   chaque solution obtient 20/20, chaque item au maximum : dans le lot de la classe
#               (classe.sh, le chemin le plus strict) ; ici, la solution du TP 1 sous VALGRIND=1
#   squelettes  chaque squelette obtient 2/20 au plus, un retour en français par item raté
#   mutants     chaque mutant rate les items qu'il annonce, et chaque item est raté par un mutant
#   contrats    chaque règle de tests/NN-nom/contrat a un item et un mutant pris (contrats.py) ;
#               le corpus étudiant (tests/NN-nom/corpus) rate exactement ce qu'il annonce
#   propreté    ni objet IPC ni processus laissé sur la machine
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
# Les options de « make grade » ne s'appliquent pas ici : chaque correction fixe les siennes.
unset SRC LAB JSON TEST VALGRIND
LABS=${LABS:-$(for f in tests/*/programmes; do basename "$(dirname "$f")"; done)}
# Sans TMPDIR, un tmpfs de taille (/dev/shm, 2 Gio libres) : les corrections créent et suppriment
# des milliers de fichiers, ce qu'ext4 fait payer (recherche d'inodes) ; 10 % de temps en moins.
base=${TMPDIR:-}
if [ -z "$base" ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -w /dev/shm ] &&
	[ "$(df --output=avail -k /dev/shm 2>/dev/null | tail -n 1)" -ge 2097152 ] 2>/dev/null; then
	base=/dev/shm
fi
T=$(mktemp -d "${base:-/tmp}/tp-ipc-check.XXXXXX")
# Les processus de cette exécution (marqués TP_IPC_AUTOTESTS=$$ dans leur environnement).
les_notres() {
	local e pid
	for e in /proc/[0-9]*/environ; do
		pid=${e#/proc/}
		pid=${pid%/environ}
		[ "$pid" = $$ ] || [ "$pid" = "$BASHPID" ] && continue
		{ tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qx "TP_IPC_AUTOTESTS=$$" && echo "$pid"
	done
	return 0
}
# Interrompu (Ctrl-C, TERM), un correcteur finit son rapport et une sous-suite fait son ménage
# (processus et objets IPC des uids de ses bacs) : on les attend (20 s au plus, puis KILL) avant
# d'effacer $T, qu'ils recréeraient.
finir() {
	local i p
	echo "make check : interrompu, ménage en cours" >&2
	for ((i = 0; i < 200; i++)); do
		p=$(les_notres)
		[ -z "$p" ] && break
		[ $i = 0 ] && kill -TERM $p 2>/dev/null
		sleep 0.1
	done
	[ -n "$p" ] && kill -KILL $p 2>/dev/null
	rm -rf "$T"
}
trap 'rm -rf "$T"' EXIT
trap 'finir; trap - EXIT; exit 143' TERM HUP
trap 'finir; trap - EXIT; exit 130' INT
# Tout ce que lance cette exécution hérite de ces deux variables : ses dossiers temporaires
# sont dans $T/tmp, et ses processus se reconnaissent à TP_IPC_AUTOTESTS dans leur environnement.
# Traversable (711) : les uids des bacs de make classe y passent, et ses dossiers y restent (leur
# absence à la fin est vérifiée avec le reste).
chmod 711 "$T"
mkdir "$T/tmp" "$T/corpus"
export TMPDIR=$T/tmp TP_IPC_AUTOTESTS=$$
reussis=0
rates=0
sautes=0
debut=$(date +%s)

# section TITRE : en-tête, avec le temps écoulé depuis le début (pour savoir où va la durée).
section() { echo "== $1 ==   [$(($(date +%s) - debut)) s]"; }
ok() { reussis=$((reussis + 1)); echo "  ok    $*"; }
# Les échecs sont redits à la fin (resume) : un journal tronqué de CI en garde la fin.
echecs=()
ko() { rates=$((rates + 1)); echecs+=("$*"); echo "  ÉCHEC $*"; }
saute() { sautes=$((sautes + 1)); echo "  SAUTÉ $*"; }
# resume : les échecs redits, la dernière ligne et le code de sortie.
resume() {
	if [ "$rates" -ne 0 ]; then
		echo "Échecs de cette exécution :"
		printf '  ÉCHEC %s\n' "${echecs[@]}"
	fi
	echo "$reussis passed, $rates failed$([ "$sautes" -eq 0 ] || echo ", $sautes skipped")"
	[ "$rates" -eq 0 ]
}
# Sans ces outils, des vérifications passeraient sans rien vérifier (make check les installe).
for outil in ps pgrep pkill python3 clang-format patch file; do
	command -v "$outil" >/dev/null 2>&1 ||
		ko "$outil est introuvable (outils/dependances.sh --autotests l'installe)"
done
[ "$rates" -eq 0 ] || { resume; exit; }
# Le python3 du système de préférence, comme outils/classe.sh : celui de pyenv passe par un
# script d'aiguillage qui coûte 0,1 s de processeur par appel, et make check en fait 400.
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
# verifier DESCRIPTION COMMANDE... : lance COMMANDE tout de suite et la compte (verification,
# rendre) ; rend son code, pour montrer davantage en cas d'échec.
verifier() {
	local d=$1
	shift
	verification direct "$@"
	rendre "$d" direct
	return "$(cat "$T/v-direct.rc")"
}

# Objets IPC et processus présents avant : la propreté se mesure par différence.
ipc_avant=$(cat /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem | wc -l)

# Items ratés (ou non vérifiés) et note d'un correcteur, lus dans son results.json : le texte
# du rapport est pour les personnes, ses mots peuvent changer.
rates_du_rapport() { "$py" outils/resultats.py rates "$1"; }
note_du_rapport() { "$py" outils/resultats.py note "$1"; }

# Sous-suites fournies par d'autres parties du dépôt : chaque ligne « ok … » ou « ÉCHEC … » de
# leur sortie compte comme une vérification ; un code de sortie non nul sans ligne ÉCHEC aussi.
# demarrer_sous_suite NOM COMMANDE... : la lance en arrière-plan (sortie dans $T/ss-NOM).
demarrer_sous_suite() {
	local nom=$1
	shift
	("$@" >"$T/ss-$nom" 2>&1; echo $? >"$T/ss-$nom.rc") &
}
sous_suite() { # TITRE NOM : attend la sous-suite NOM et compte ses lignes
	local titre=$1 nom=$2 rc
	section "$titre"
	while [ ! -f "$T/ss-$nom.rc" ]; do wait -n 2>/dev/null || break; done
	rc=$(cat "$T/ss-$nom.rc" 2>/dev/null || echo "absent")
	[ "$rc" = absent ] && { ko "$nom : la sous-suite n'a pas rendu de code"; return; }
	compter "$T/ss-$nom" "$rc" "$nom"
}
# compter SORTIE CODE NOM : chaque ligne « ok », « ÉCHEC » ou « SAUTÉ » de SORTIE compte ; un code
# non nul sans ligne ÉCHEC aussi.
compter() {
	while IFS= read -r ligne; do
		case $ligne in
		"ok "*) ok "${ligne#ok }" ;;
		"ÉCHEC "*) ko "${ligne#ÉCHEC }" ;;
		"SAUTÉ "*) saute "${ligne#SAUTÉ }" ;;
		*) [ -n "$ligne" ] && echo "        $ligne" ;;
		esac
	done <"$1"
	if [ "$2" -ne 0 ] && ! grep -q "^ÉCHEC " "$1"; then ko "$3 : code de sortie $2"; fi
}
# Sans espace de noms IPC (chroot, conteneur), verifier.sh compare les objets IPC de toute la
# machine avant et après chaque démo : il ne doit alors tourner qu'une fois tout le reste fini.
demos_seules=1
{ [ "$(id -u)" = 0 ] && unshare --ipc true || unshare --user --map-root-user --ipc true; } 2>/dev/null &&
	demos_seules=0
# En repli, les correcteurs passent un à un (verrou de l'espace IPC de la machine) : les
# sous-suites qui notent sous une limite de temps (make classe, make grade) partent après les
# mutants et le corpus, l'une après l'autre, pour ne pas attendre le verrou sous leur limite.
. outils/bac.sh
notes_seules=0
bac_repli && notes_seules=1
# Sinon, tout part dès le début, la correction d'une classe (la plus longue) en premier : ses
# échéances et son budget de 20 s par TP laissent de la marge à une solution sur une machine chargée.
[ $notes_seules = 1 ] || demarrer_sous_suite classe env PARTIES=classe tests/autotests/classe.sh
[ $demos_seules = 1 ] || demarrer_sous_suite demos outils/demos/verifier.sh
[ $notes_seules = 1 ] || demarrer_sous_suite kit-gradescope env PARTIES="kit gradescope" tests/autotests/classe.sh
demarrer_sous_suite etapes outils/squelettes.sh --etapes
[ $notes_seules = 1 ] || demarrer_sous_suite moodle tests/autotests/moodle.sh

# Le banc sur ses faux programmes : les deux modes l'un après l'autre (les processus marqués
# d'un mode ne doivent pas être pris pour des évadés de l'autre).
# BANC_CORRECTEUR : le correcteur à essayer (défaut : le faux TP) ; BANC_SUFFIXE : pour ses
# fichiers de résultats.
banc_attendu() { # MODE : vérifie le verdict de chaque item du faux TP
	local c=${BANC_CORRECTEUR:-$B/tests/autotests/correcteur} n=banc-$1${BANC_SUFFIXE:-}
	local rapport=$T/$n.txt
	if [ "$1" = "les-deux" ]; then banc_attendu espaces && banc_attendu repli; return; fi
	if [ "$1" = repli ]; then
		TP_IPC_REPLI=1 "$c" --etudiant "$B/autotests/etudiant" \
			--ref "$B/autotests/ref" --source autotests --json "$T/$n.json" >"$rapport" 2>"$T/$n.err"
	else
		"$c" --etudiant "$B/autotests/etudiant" \
			--ref "$B/autotests/ref" --source autotests --json "$T/$n.json" >"$rapport" 2>"$T/$n.err"
	fi
	cat "$T/$n.err" >&2
	local r
	r=$(rates_du_rapport "$T/$n.json" | tr '\n' ' ')
	local attendus="bloque fuite fuites-precedentes code interblocage essaim montrer appel-banc trace-retour "
	[ "$r" = "$attendus" ] || { echo "items ratés : $r (attendu : $attendus)"; cat "$rapport"; return 1; }
	grep -q "bloqué dans clock_nanosleep" "$rapport" || { echo "le dormeur n'est pas décrit"; return 1; }
	grep -q "ipcrm -q" "$rapport" || { echo "pas de commande ipcrm pour la fuite"; return 1; }
	grep -q "après l'item « fuite-silencieuse »" "$rapport" || { echo "fuite précédente non attribuée"; return 1; }
	grep -q "terminé avec le code 1 (code de sortie attendu : 0)" "$rapport" || { echo "code non dit"; return 1; }
	grep -q "^Bonus autotests (hors note) : 1/1$" "$rapport" || { echo "bonus mal compté"; return 1; }
	# Avant l'échéance de 3 s, même sur une machine chargée.
	grep -q "après [0-2]\.[0-9] s, attend (étudiant) (pid [0-9]*) est bloqué dans msgrcv" "$rapport" &&
		grep -q "interblocage : les 2 processus en vie attendent" "$rapport" ||
		{ echo "interblocage non reconnu avant l'échéance"; return 1; }
	grep -q "après [0-2]\.[0-9] s, essaim (étudiant)" "$rapport" &&
		grep -q "fork en boucle : [0-9]* processus en vie" "$rapport" ||
		{ echo "fork en boucle non reconnu avant l'échéance"; return 1; }
	grep -q "^Note autotests : 19/28$" "$rapport" && [ "$(note_du_rapport "$T/$n.json")" = 19 ] ||
		{ echo "note fausse"; return 1; }
	grep -q "Le banc n'a pas pu faire « msgctl(-1, IPC_RMID, NULL) » : .* (EINVAL)\.$" "$rapport" &&
		grep -q "^        tp-ipc-explication$" "$rapport" &&
		grep -q "(Pour l'enseignant : tests/autotests/correcteur.c, ligne [0-9]*\.)$" "$rapport" ||
		{ echo "BANC() : appel, errno, explication ou ligne absents"; return 1; }
	# montrer() huit fois une sortie inondée : le retour reste borné et dit qu'il est coupé.
	grep -q "^            Sortie de inonde (étudiant) :$" "$rapport" && grep -q "…$" "$rapport" ||
		{ echo "montrer : sorties absentes ou coupure non marquée"; return 1; }
	"$py" outils/resultats.py items "$T/$n.json" | grep -x "montrer note rate 0/1 taille_sortie" >/dev/null ||
		{ echo "montrer : limite taille_sortie absente du JSON"; return 1; }
	grep -q "traçage des appels IPC possible (ptrace et seccomp, x86-64)" "$rapport" || { echo "traçage absent de la ligne Isolation"; return 1; }
	grep -q "^            appels (pid [0-9]*) : msgrcv(file [0-9]*, 24 octets, type 0, 0) → 8 octets, type 2 « bonjour… »$" "$rapport" ||
		{ echo "trace IPC absente du retour de trace-retour"; return 1; }
	if pgrep -f tp-ipc-marqueur >/dev/null; then echo "un processus évadé a survécu :"; pgrep -fa tp-ipc-marqueur; pkill -9 -f tp-ipc-marqueur; return 1; fi
	"$py" -m json.tool "$T/$n.json" >/dev/null || { echo "results.json invalide"; return 1; }
}
# Le banc compilé avec -fsanitize=address,undefined (make banc-asan) sur les mêmes faux
# programmes, dans les deux modes : mêmes verdicts, et aucun rapport d'ASan ni d'UBSan.
# - log_path : les rapports d'ASan des fils (items de Check, fils avant exec) vont dans des
#   fichiers suffixés du pid ; la sortie d'erreur d'un item n'arrive jamais dans le rapport.
#   UBSan, lié à ASan, ignore log_path (GCC 12) et écrit sur la sortie d'erreur du correcteur,
#   que partagent ses items : on y cherche « runtime error ».
# - detect_leaks=0 en mode espaces de noms : LeakSanitizer arrête le processus grâce à un
#   traceur qu'il clone, qui naît dans l'espace PID de l'item et n'y voit pas son parent
#   (« LeakSanitizer has encountered a fatal error ») ; en mode repli, les fuites sont cherchées
#   dans le correcteur et dans chaque item.
# - abort_on_error reste à 0 : une erreur fait sortir l'item avec le code 1 (« Early exit »),
#   sans fichier core ; halt_on_error reste à 0 pour UBSan : tout rapport compte, même quand il
#   ne change pas le verdict.
banc_asan() {
	local r=$T/asan m fuites rc=0
	mkdir -p "$r"
	for m in espaces repli; do
		fuites=0
		[ $m = repli ] && fuites=1
		ASAN_OPTIONS=log_path=$r/asan:detect_leaks=$fuites UBSAN_OPTIONS=print_stacktrace=1 \
			BANC_CORRECTEUR=$B/asan/correcteur BANC_SUFFIXE=-asan banc_attendu $m || rc=1
	done
	if [ -n "$(ls -A "$r")" ]; then echo "rapports d'ASan :"; head -n 30 "$r"/*; rc=1; fi
	if grep -E "runtime error|Sanitizer" "$T"/banc-*-asan.err; then echo "(rapports d'UBSan)"; rc=1; fi
	return $rc
}
item_inconnu() {
	"$B/tests/autotests/correcteur" --etudiant x --ref y --item nimporte 2>"$T/err"
	[ $? -eq 2 ] && grep -q "item inconnu « nimporte »" "$T/err"
}
trace_coupee() { # TP_IPC_TRACE=0 : un item qui lit la trace est non vérifié, jamais réussi
	TP_IPC_TRACE=0 "$B/tests/autotests/correcteur" --etudiant "$B/autotests/etudiant" \
		--ref "$B/autotests/ref" --item trace-exacte,trace-retenue >"$T/trace0.txt"
	grep -q "traçage des appels IPC désactivé (TP_IPC_TRACE=0)" "$T/trace0.txt" &&
		[ "$(grep -c "Non vérifié : cet item lit les appels IPC de appels (étudiant), et leur traçage est désactivé" "$T/trace0.txt")" = 2 ] &&
		grep -q "^Note partielle autotests (items trace-exacte,trace-retenue) : 0/2$" "$T/trace0.txt" ||
		{ cat "$T/trace0.txt"; return 1; }
}
budget_epuise() { # l'item lent (1 s) épuise le budget : le suivant n'est pas vérifié
	"$B/tests/autotests/correcteur" --etudiant "$B/autotests/etudiant" --ref "$B/autotests/ref" \
		--budget 1 --item lent,cpu >"$T/budget.txt"
	grep -q "^  \[ OK  \]  1/1  lent" "$T/budget.txt" &&
		grep -q "Non vérifié : limite de temps du TP atteinte (1 s" "$T/budget.txt" &&
		grep -q "^Note partielle autotests (items lent,cpu) : 1/2$" "$T/budget.txt" ||
		{ cat "$T/budget.txt"; return 1; }
}

# Le faux TP compilé pour le kit (-DBANC_KIT) : son item caché n'y est ni exécuté ni présent,
# et le rapport dit ce qui sera noté plus tard ; le correcteur complet, lui, l'exécute.
items_caches() {
	local k=$T/cache-kit.txt c=$T/cache-complet.txt
	"$B/autotests/correcteur-kit" --etudiant "$B/autotests/etudiant" --ref "$B/autotests/ref" \
		--item secret,isolation --json "$T/cache-kit.json" >"$k"
	"$B/tests/autotests/correcteur" --etudiant "$B/autotests/etudiant" --ref "$B/autotests/ref" \
		--item secret >"$c"
	grep -q "^  \[caché\]  -/1  secret : item caché, noté lors de la correction$" "$k" &&
		grep -q "^Note partielle autotests (items secret,isolation) : 1/1 sur les items du kit ; 1 point d'items cachés sera noté lors de la correction$" "$k" ||
		{ echo "rapport du kit :"; cat "$k"; return 1; }
	"$py" -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["max_score"] == 1 and [t["tags"][0] for t in d["tests"]] == ["isolation"], d' \
		"$T/cache-kit.json" || return 1
	grep -q "^  \[ OK  \]  1/1  secret : tp-ipc-secret-titre$" "$c" || { cat "$c"; return 1; }
	grep -q "tp-ipc-secret" "$B/tests/autotests/correcteur" &&
		! grep -q "tp-ipc-secret" "$B/autotests/correcteur-kit" ||
		{ echo "le correcteur du kit contient encore l'item caché"; return 1; }
}
format_c() { clang-format --dry-run --Werror $(git ls-files '*.c' '*.h' 2>/dev/null || find common labs solutions tests -name '*.[ch]'); }

# Les correcteurs et les références sont déjà construits (cible _check) : on appelle noter.sh
# directement, pour que les corrections parallèles ne relient jamais les mêmes fichiers.
# Toutes les corrections (squelettes, mutants, corpus) partent ensemble, $(nproc) x 3 à la
# fois : les correcteurs attendent surtout des états, ils chargent peu le processeur.
# verification NOM COMMANDE... : son code et sa sortie dans $T/v-NOM.{rc,txt}, dont rendre
# fait une vérification comptée.
verification() {
	local nom=$1
	shift
	"$@" >"$T/v-$nom.txt" 2>&1
	echo $? >"$T/v-$nom.rc"
}
rendre() { # DESCRIPTION NOM
	if [ "$(cat "$T/v-$2.rc" 2>/dev/null)" = 0 ]; then ok "$1"; else
		ko "$1"
		sed 's/^/        /' "$T/v-$2.txt" 2>/dev/null | head -n 30
	fi
}
travail() { # GENRE LAB [PATCH|CAS [N]]
	local genre=$1 l=$2 m=${3:-}
	case $genre in
	# Le banc sous ASan après le banc : leurs évadés portent le même nom.
	banc) verification banc banc_attendu les-deux; verification asan banc_asan ;;
	budget) verification budget budget_epuise ;;
	trace) verification trace trace_coupee ;;
	inconnu) verification inconnu item_inconnu ;;
	caches) verification caches items_caches ;;
	format) verification format format_c ;;
	squelettes) verification squelettes outils/squelettes.sh --verifier ;;
	# VALGRIND=1 sur un item du TP 1 : tous les programmes sous memcheck, gestionnaires de
	# signaux compris (le reste de VALGRIND=1 se mesure à la main : 4 x 12 s de processeur).
	# Une copie : noter.sh compile dans un dossier propre à chaque SRC.
	solvg) mkdir -p "$T/solvg" && cp -R "solutions/$l" "$T/solvg/" &&
		SRC=$T/solvg LAB="$l" TEST=arret VALGRIND=1 outils/noter.sh >"$T/solvg-$l.txt" 2>&1 ;;
	sq) SRC=labs LAB="$l" JSON="$T/sq-$l.json" outils/noter.sh >"$T/sq-$l.txt" 2>&1 ;;
	mut) mutant "$l" "$m" ;;
	corpus) "$py" tests/autotests/contrats.py noter "$l" "$m" "$4" ;;
	esac
}
# mutant LAB PATCH : applique le patch à une copie de la solution, recompile les seuls
# programmes qu'il touche (les autres sont ceux de référence ; compiler.sh reprend ceux déjà
# compilés à l'identique) et lance le correcteur sur les
# items annoncés, que le mutant doit tous rater ; son JSON : $T/mut/LAB-NOM.json (lus tous
# ensemble dans la section Mutants) ; $T/mut/LAB-NOM.rates : PATCH-KO si le patch échoue.
mutant() {
	local l=$1 m=$2 nom d progs="" p
	nom=$(basename "$m" .patch)
	d=$T/mut/$l-$nom
	mkdir -p "$d/bin"
	cp -r "solutions/$l" "$d/$l"
	if ! patch -s -p1 -d "$d/$l" <"$m" >"$d.patch.log" 2>&1; then
		echo "PATCH-KO" >"$d.rates"
		return
	fi
	for p in $(<"tests/$l/programmes"); do
		# Un en-tête modifié touche tous les programmes.
		if grep -q -e "^+++ b/$p\.c" -e '^+++ b/.*\.h' "$m"; then progs="$progs $p"
		else ln -s "$PWD/$B/ref/$l/$p" "$d/bin/$p"; fi
	done
	# shellcheck disable=SC2086 # une liste de programmes
	if ! tests/autotests/compiler.sh "$d/$l" "$d/bin" "$d/compilation.log" $progs; then
		"$B/tests/$l/correcteur" --etudiant "$d/bin" --ref "$B/ref/$l" --source "$d/$l" \
			--echec-compilation "$d/compilation.log" --json "$d.json" >"$d.txt" 2>&1
	else
		"$B/tests/$l/correcteur" --etudiant "$d/bin" --ref "$B/ref/$l" --source "$d/$l" \
			--item "$(sed -n 's/^Attendu : //p' "$m" | head -n 1 | tr ' ' ',')" \
			--json "$d.json" >"$d.txt" 2>&1
	fi
}
export -f travail mutant rates_du_rapport note_du_rapport verification banc_attendu banc_asan \
	budget_epuise item_inconnu trace_coupee items_caches format_c
# Le compilateur, pour les empreintes de compiler.sh (calculé une fois ici).
CLE_COMPILATEUR=$(tests/autotests/compiler.sh --cle)
export T B py CLE_COMPILATEUR
section "Travaux en parallèle (banc, sources, squelettes, mutants, corpus)"
# Les plus longs d'abord (banc, puis les mutants des derniers TP, aux scénarios plus
# longs), les plus courts pour finir : la fin ne dépend pas d'un retardataire.
{
	echo "banc -"
	echo "solvg 01-messages"
	# Le corpus : des corrections complètes, plus longues qu'un mutant (un seul item).
	"$py" tests/autotests/contrats.py travaux $LABS
	for l in $(printf '%s\n' $LABS | sort -r); do
		for m in tests/$l/mutants/*.patch; do [ -e "$m" ] && echo "mut $l $m"; done
	done
	for l in $LABS; do echo "sq $l"; done
	echo "budget -"
	echo "trace -"
	echo "inconnu -"
	echo "caches -"
	echo "format -"
	echo "squelettes -"
} | xargs -P "$(($(nproc) * 3))" -L 1 bash -c 'travail "$@"' _

section "Banc d'essai"
# Espaces de noms refusés (chroot, conteneur, root sans CAP_SYS_ADMIN) : le banc passe en repli
# même sans TP_IPC_REPLI, et seul le mode repli a été éprouvé.
modes="espaces de noms et mode repli (TP_IPC_REPLI=1)"
if [ -f "$T/banc-espaces.txt" ] && ! grep -q "^Isolation : espaces de noms" "$T/banc-espaces.txt"; then
	saute "banc, mode espaces de noms : $(sed -n 's/^Isolation : repli : .*(\(.*\)) ;.*/\1/p' "$T/banc-espaces.txt")"
	modes="mode repli seul"
fi
rendre "banc, $modes : verdicts, descriptions, fuites, évadés tués, interblocage, JSON" banc
rendre "banc sous AddressSanitizer et UBSan (make banc-asan), deux modes : mêmes verdicts, aucun rapport" asan
rendre "banc : item inconnu refusé (code 2, items listés)" inconnu
rendre "banc : budget épuisé, les items suivants non vérifiés, les précédents gardent leurs points" budget
rendre "banc : traçage IPC coupé (TP_IPC_TRACE=0) : items non vérifiés, dit dans la ligne Isolation" trace
rendre "banc : item caché absent du correcteur du kit, annoncé dans son rapport, exécuté par le correcteur complet" caches

section "Sources"
rendre "format : clang-format sans écart" format
rendre "squelettes : labs/ généré depuis solutions/" squelettes

section "Squelettes, et la solution du TP 1 sous VALGRIND=1"
verifier "01-messages : solution sous VALGRIND=1 (item arret : trois serveurs sous memcheck)" \
	grep -q "^Note partielle 01-messages (items arret) : 1/1$" "$T/solvg-01-messages.txt" ||
	tail -n 30 "$T/solvg-01-messages.txt"
for l in $LABS; do
	note=$(note_du_rapport "$T/sq-$l.json")
	verifier "$l : squelette à 2/20 au plus (obtenu : ${note:-?}/20)" test "${note:-99}" -le 2
	verifier "$l : squelette, un retour en français par item raté, sans plantage du banc" "$py" -c "
import json,sys; d=json.load(open(sys.argv[1]))
for t in d['tests']:
    if t['score'] < t['max_score']:
        o = t['output']
        assert 'Attendu' in o and 'Indice' in o, t['name'] + ' : ' + o[:200]
        assert 'correcteur lui-même' not in o and 'délai maximal' not in o, t['name'] + ' : ' + o[:200]" "$T/sq-$l.json"
done

section "Mutants"
# Les items ratés de chaque mutant, lus dans son JSON (un seul python pour tous) ; la boucle
# lit les en-têtes avec read, sans lancer de processus par mutant.
racine_seule=$([ "$(id -u)" -ne 0 ] && echo 1 || echo 0)
declare -A rates_de=()
for l in $LABS; do
	for m in tests/$l/mutants/*.patch; do
		d=$T/mut/$l-$(basename "$m" .patch)
		[ -f "$d.rates" ] || echo "$d.json"
	done
done | xargs -r "$py" outils/resultats.py rates-lot >"$T/mut-rates.txt"
while IFS=$'\t' read -r f r; do rates_de[${f%.json}]=$r; done <"$T/mut-rates.txt"
for l in $LABS; do
	couverts=" "
	for m in tests/$l/mutants/*.patch; do
		[ -e "$m" ] || continue
		nom=${m##*/}
		nom=${nom%.patch}
		d=$T/mut/$l-$nom
		attendus="" racine=0
		while IFS= read -r ligne; do
			case $ligne in
			"Attendu : "*) [ -n "$attendus" ] || attendus=${ligne#Attendu : } ;;
			"Racine : oui") racine=1 ;;
			"--- "*) break ;;
			esac
		done <"$m"
		if [ -f "$d.rates" ]; then read -r obtenus <"$d.rates"; else obtenus=${rates_de[$d]-SANS-JSON}; fi
		obtenus="$obtenus "
		obtenus=${obtenus# }
		manque=""
		for it in $attendus; do
			case " $obtenus " in *" $it "*) ;; *) manque="$manque $it" ;; esac
		done
		if [ "$obtenus" != "PATCH-KO " ] && [ $racine_seule = 1 ] && [ $racine = 1 ]; then
			# Son bug ne se voit que sous un autre uid, scénario réservé à root.
			saute "$l/$nom : root seulement (le bug ne se voit que sous un autre uid)"
		elif [ "$obtenus" = "PATCH-KO " ]; then
			ko "$l/$nom : le patch ne s'applique plus à la solution"
			sed 's/^/        /' "$d.patch.log"
		elif grep -q "La compilation a échoué" "$d.txt"; then
			ko "$l/$nom : le mutant ne compile pas (un mutant doit être un programme qui tourne)"
			sed -n '/Premières erreurs/,/^Note/p' "$d.txt" | head -n 12 | sed 's/^/        /'
		elif [ -n "$manque" ] || [ -z "$attendus" ]; then
			ko "$l/$nom : attendu l'échec de [$attendus], obtenu [$obtenus]"
			head -n 40 "$d.txt" | sed 's/^/        /'
		else
			ok "$l/$nom : rate [$obtenus]"
			couverts="$couverts$obtenus "
		fi
	done
	sans=""
	for it in $("$B/tests/$l/correcteur" --liste | awk '{ print $1 }'); do
		case "$couverts" in *" $it "*) ;; *) sans="$sans $it" ;; esac
	done
	verifier "$l : chaque item (bonus compris) est raté par au moins un mutant${sans:+ (jamais raté :$sans)}" test -z "$sans"
done

section "Contrats et corpus étudiant"
"$py" tests/autotests/contrats.py verifier $LABS >"$T/contrats.txt" 2>&1
compter "$T/contrats.txt" $? contrats.py

sous_suite "Squelettes, étape par étape (-Werror)" etapes
[ $demos_seules = 1 ] || sous_suite "Démonstrations (AUTO=1)" demos
# seule NOM COMMANDE... : en repli, lance la sous-suite NOM maintenant (elle attendait).
seule() { [ $notes_seules = 0 ] || demarrer_sous_suite "$@"; }
seule kit-gradescope env PARTIES="kit gradescope" tests/autotests/classe.sh
sous_suite "Kit étudiant et Gradescope" kit-gradescope
seule classe env PARTIES=classe tests/autotests/classe.sh
sous_suite "Correction d'une classe (rendus hostiles)" classe
seule moodle tests/autotests/moodle.sh
sous_suite "Moodle (téléchargement, feuille, feedback), VPL et similarités" moodle
if [ $demos_seules = 1 ]; then
	demarrer_sous_suite demos outils/demos/verifier.sh
	sous_suite "Démonstrations (AUTO=1, seules : espaces de noms IPC refusés)" demos
fi

section "Propreté"
ipc_apres=$(cat /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem | wc -l)
verifier "aucun objet IPC laissé sur la machine ($ipc_avant lignes avant, $ipc_apres après)" test "$ipc_apres" -le "$ipc_avant"
aucun_processus() {
	local restes
	restes=$(les_notres) # pas de tube : son autre bout serait lui aussi marqué
	[ -z "$restes" ] || { ps -o pid,args -p "${restes//$'\n'/,}"; return 1; }
}
verifier "aucun processus de tp-ipc encore en vie" aucun_processus
aucun_temporaire() { ! ls -A "$T/tmp" | grep .; }
verifier "aucun dossier temporaire laissé" aucun_temporaire
# Les groupes de contrôle de make classe (tp-ipc-classe-PID) et de make grade en root
# (tp-ipc-note-PID), en v2 comme en v1 (une hiérarchie par contrôleur).
aucun_groupe() { ! find /sys/fs/cgroup -maxdepth 2 -type d -name 'tp-ipc-*' 2>/dev/null | grep .; }
verifier "aucun groupe de contrôle de tp-ipc laissé" aucun_groupe

# Le cache de compiler.sh garde ce qui a servi depuis deux semaines (et les copies interrompues).
find "$B/cache-binaires" -type f \( -mtime +14 -o -name '*.*' -mmin +60 \) -delete 2>/dev/null

echo
echo "durée : $(($(date +%s) - debut)) s"
resume
