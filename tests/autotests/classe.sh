#!/bin/bash
# classe.sh (autotests) : la correction d'une classe, le kit étudiant et l'autograder Gradescope,
# éprouvés par « make check » (tests/autotests/lancer.sh l'appelle). Une ligne par vérification :
# « ok description » ou « ÉCHEC description : raison ».
#   classe      un lot : la solution de tous les TP en .tar.gz imbriquée, le squelette du TP 1
#               en .zip, les rendus hostiles de hostiles/*.patch (TP 1) et, en root, deux
#               tricheries (#include et lien vers solutions/) ; notes.csv, rapports,
#               explications, et rien de laissé (processus, objets IPC, fichiers, cgroups)
#   kit         l'archive ne contient aucune source de solution ; dépaquetée, sans Check et
#               sans root, elle note le squelette (≤ 2/20) et la solution recopiée (20/20)
#   gradescope  run_autograder sur un faux /autograder (le squelette, après le kit) : la note
#               du kit, un retour par item et la visibilité par item
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
L=01-messages
racine=0
[ "$(id -u)" -eq 0 ] && racine=1
# Le kit est dépaqueté par un utilisateur sans privilège : il doit pouvoir traverser le dossier.
base=${TMPDIR:-/tmp}
[ $racine = 1 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$base" 2>/dev/null &&
	base=/tmp
T=$(mktemp -d "$base/tp-ipc-classe-test.XXXXXX")
chmod 711 "$T"
# Les témoins de l'espion (voir classe()) aussi ; TERM, INT, HUP passent par la sortie.
trap 'rm -f "/dev/shm/tp-ipc-temoin-$$" "/tmp/tp-ipc-temoin-$$"; [ -n "${GARDER:-}" ] || rm -rf "$T"' EXIT
trap 'exit 143' TERM HUP
trap 'exit 130' INT
py=/usr/bin/python3
[ -x "$py" ] || py=python3

[ -f "$B/kit/tp-ipc-kit.tar.gz" ] && [ -f "$B/gradescope/autograder.zip" ] ||
	make --no-print-directory -s kit gradescope >"$T/make.log" 2>&1 ||
	{ echo "ÉCHEC make kit gradescope : $(tail -n 5 "$T/make.log" | tr '\n' ' ')"; exit 1; }

# rapporter FICHIER DESCRIPTION COMMANDE... : « ok » ou « ÉCHEC … : raison » dans FICHIER.
rapporter() {
	local f=$1 d=$2 sortie
	shift 2
	if sortie=$("$@" 2>&1); then echo "ok $d" >>"$f"; else
		echo "ÉCHEC $d : $(printf '%s' "$sortie" | head -c 600 | tr '\n' ' ')" >>"$f"
	fi
}
# Les vérifications (chacune réussit ou explique pourquoi sur sa sortie).
note_et_texte() { # NOTE MAX TEXTE RAPPORT [MIN]
	test "$1" -le "$2" && test "$1" -ge "${5:-0}" && grep -qF -- "$3" "$4" && return
	echo "note $1 ;"
	grep -E "^!!|Observé" "$4" | head -n 5
	return 1
}
# note_json FICHIER : la note d'un results.json (le texte du rapport est pour les personnes).
champ_entete() { sed -n "s/^$2 : //p" "$1"; } # PATCH CHAMP : un champ d'en-tête d'un rendu hostile
note_json() { "$py" outils/resultats.py note "$1" 2>/dev/null; }
note_au_plus() { test "$1" -le "$2" || { tail -n 20 "$3"; return 1; }; }
solution_complete() { # NOTE RAPPORT JSON : 20 dans notes.csv, chaque item au maximum dans le JSON
	note_au_moins "$1" 20 "$2" && "$py" -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["score"] == 20 and d["max_score"] == 20, d["score"]
assert all(t["score"] == t["max_score"] for t in d["tests"] if t["max_score"] > 0), d["tests"]' "$3"
}
note_au_moins() { # NOTE MIN RAPPORT : sinon, les items ratés et les limites
	test "$1" -ge "$2" && return
	grep -A3 -e '^  \[ÉCHEC\]' -e '^!!' "$3" | head -n 30
	return 1
}
avancement_et_resume() { # NB JOURNAL
	grep -q "^\[$1/$1\] .* reste environ" "$2" && grep -q "moyenne" "$2" &&
		grep -q "Items les plus souvent ratés" "$2" &&
		{ [ $racine = 0 ] || grep -q "Limite atteinte : nombre de processus" "$2"; }
}
rien_des_uids() { # PREMIER DERNIER
	local u
	for ((u = $1; u <= $2; u++)); do pgrep -a -U "$u" && return 1; done
	# Comme outils/classe.sh : les uids ne peuvent écrire que dans les dossiers ouverts à tous.
	! find /tmp /var/tmp /dev/shm -xdev \( -uid +$(($1 - 1)) -uid -$(($2 + 1)) -print -prune \) \
		-o \( -type d ! -perm -0002 -prune \) | grep .
}
rien_laisse() { # « PREMIER DERNIER » DOSSIER
	# shellcheck disable=SC2086 # deux nombres
	test -n "$1" && rien_des_uids $1 && dossier_vide "$2"
}
dossier_vide() { ! find "$1" -mindepth 1 | grep .; }
rien_de_solution() { ! printf '%s\n' "$1" | grep -E '(^|/)(solutions|mutants)/|REPONSES|\.patch$'; }
aucune_source() { # DOSSIER : ni marqueur, ni fichier identique à une source de solutions/
	local s c
	grep -rl --include='*.[ch]' 'DEBUT SOLUTION' "$1" && return 1
	for s in solutions/*/*.c; do
		c=$(cksum <"$s")
		find "$1" -type f -exec cksum {} + | grep -F "$c " && { echo "= $s"; return 1; }
	done
	return 0
}
libc_seule() { # LIGNES « prog : bibliothèques ; stripped »
	! printf '%s\n' "$1" | grep -v ' ; stripped$' &&
		! printf '%s\n' "$1" | tr ' ' '\n' | grep '\.so' | grep -v -e '^linux-vdso\.so' \
			-e '^libc\.so' -e '^libm\.so' -e '^/lib64/ld-linux'
}
kit_sans_check() { # KIT
	test ! -e "$T/kit/faux/pkg-config-appele" || { echo "pkg-config appelé"; return 1; }
	make -C "$1" -s check >/dev/null 2>&1
	test $? -eq 2
}
ipc_avant=$(cat /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem | wc -l)
. outils/bac.sh # bac_objets : les objets IPC des uids des bacs

terminal_intact() { # SORTIE du pseudo-terminal
	! grep -a "tp-ipc-terminal-pirate" "$1"
}
concordance() { # SORTIE : chaque case de notes.csv = le JSON du TP = la note du rapport
	"$py" - "$1" <<'PY'
import csv, json, os, re, sys
o = sys.argv[1]
for r in csv.DictReader(open(os.path.join(o, "notes.csv"), encoding="utf-8-sig"), delimiter=";"):
    d = os.path.join(o, "etudiants", r["etudiant"])
    rapport = open(os.path.join(d, "rapport.txt"), encoding="utf-8", errors="replace").read()
    total = 0
    for tp, case in r.items():
        if tp in ("etudiant", "total") or case == "":
            continue
        notes = re.findall(r"^Note %s : (\d+)/20$" % re.escape(tp), rapport, re.M)
        assert notes and notes[-1] == case, (r["etudiant"], tp, case, notes)
        f = os.path.join(d, tp + ".json")
        if os.path.exists(f):
            assert json.load(open(f))["score"] == int(case), (r["etudiant"], tp, "JSON")
        total += int(case)
    assert json.load(open(os.path.join(d, "results.json")))["score"] == total == int(r["total"]), r["etudiant"]
PY
}
texte_cite() { # SORTIE : pas de caractère de contrôle, fausse limite ni dans les « !! » ni au résumé
	! grep -rlP '[\x00-\x08\x0b-\x1f\x7f]' "$1"/etudiants/*/rapport.txt &&
		! grep -h '^!!' "$1"/etudiants/*/rapport.txt | grep 'fausse-limite' &&
		! grep 'fausse-limite' "$1/resume.txt" &&
		! grep '^!!' "$1/etudiants/hostile-texte/rapport.txt"
}
# repli RES : le lot en mode de repli (root) : la solution à 20, kill(-1) ne tue pas le correcteur
# (jamais « durée totale » ni « tué par le signal »), les réécritures restent sans effet.
repli() {
	local O=$T/repli/sortie
	note_r() { awk -F';' -v n="$1" -v l="$L" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		$1 == n { print $c[l] }' "$O/notes.csv"; }
	rapporter "$1" "repli ($(sed -n 's/^Isolation : repli : .*(\(.*\)).*/\1/p' "$O/etudiants/solution/rapport.txt")) : solution à 20/20 ($(note_r solution))" \
		sh -c 'test "$1" = 20 && grep -q "^Isolation : repli" "$2"' sh "$(note_r solution)" "$O/etudiants/solution/rapport.txt"
	rapporter "$1" "repli : kill(-1) ne touche pas le correcteur ($(note_r hostile-tue-tout)/20, « signal KILL », sans « durée totale »)" \
		sh -c 'test "$1" -ge 1 && test "$1" -le 16 && grep -q "signal KILL" "$2" && ! grep -e "durée totale" -e "correcteur a été tué" "$2"' \
		sh "$(note_r hostile-tue-tout)" "$O/etudiants/hostile-tue-tout/rapport.txt"
	rapporter "$1" "repli : fichiers du correcteur hors d'atteinte ($(note_r hostile-fichiers)/20, 19 attendu)" \
		test "$(note_r hostile-fichiers)" = 19
	rapporter "$1" "repli : aucun fichier temporaire laissé" dossier_vide "$T/repli/tmp"
}
# grade : make grade (noter.sh) en root sur des rendus hostiles puis un squelette : chaque hostile
# dans les bornes de son en-tête, le correcteur et les références de build/ intacts.
grade() {
	local f=$T/grade.res c0 n p max min explication limites
	c0=$(cksum <"$B/tests/$L/correcteur")
	mkdir -p "$T/grade/tmp"
	# bombe, memoire et essaim-memoire : make grade pose les limites de make classe sur son uid
	# réservé et dans son groupe de contrôle (essaim-memoire : 1 Gio pour le rendu, comme le lot).
	local essaim=essaim-memoire
	controleur_memoire || { essaim=""; echo "SAUTÉ grade (root) : hostile-essaim-memoire : pas de contrôleur memory (rien ne bornerait ses 1,25 Gio)" >>"$f"; }
	for n in fichiers exec-reference espion tue-tout partage bombe memoire $essaim; do
		p=tests/autotests/hostiles/$n.patch
		mkdir -p "$T/grade/$n"
		cp -R "solutions/$L" "$T/grade/$n/$L"
		patch -s -p1 -d "$T/grade/$n/$L" <"$p"
		max=$(champ_entete "$p" "Note max")
		min=$(champ_entete "$p" "Note min")
		explication=$(champ_entete "$p" Explication)
		limites=()
		# 1 Gio pour le rendu : ses 1,25 Gio n'y tiennent pas (10/20 s'il les tenait) ; le noyau
		# tue des fils, et « Limite atteinte : mémoire du rendu » le dit le plus souvent.
		[ "$n" = essaim-memoire ] && limites=(BAC_MEMOIRE=256)
		env "${limites[@]}" TMPDIR="$T/grade/tmp" SRC="$T/grade/$n" LAB="$L" JSON="$T/grade-$n.json" \
			outils/noter.sh >"$T/grade-$n.txt" 2>&1
		if hors_de_portee "$p" "$T/grade-$n.txt" "grade (root) : hostile-$n" >>"$f"; then continue; fi
		rapporter "$f" "grade (root) : hostile-$n à $max/20 au plus${min:+, $min au moins} ($(note_json "$T/grade-$n.json")), rapport : « $explication »" \
			note_et_texte "$(note_json "$T/grade-$n.json")" "$max" "$explication" "$T/grade-$n.txt" "${min:-0}"
	done
	TMPDIR=$T/grade/tmp SRC=labs LAB=$L JSON=$T/grade-squelette.json outils/noter.sh >"$T/grade-squelette.txt" 2>&1
	n=$(note_json "$T/grade-squelette.json")
	rapporter "$f" "grade (root) : après eux, le squelette à 2/20 au plus (${n:-?}), correcteur de build/ inchangé" \
		sh -c 'test "$1" -le 2 && test "$2" = "$3"' sh "${n:-99}" "$c0" "$(cksum <"$B/tests/$L/correcteur")"
	rapporter "$f" "grade (root) : aucun fichier temporaire laissé" dossier_vide "$T/grade/tmp"
}

# interruption : make grade dans un terminal, Ctrl-C en plein item : code 130, rien ne reste
# (dossier temporaire, processus). Le serveur noté crée un témoin dans son TMPDIR (etudiant/ en
# root, tmp/ sinon, du dossier de noter.sh : dans $I/tmp, ou dans /tmp quand l'uid noté ne peut
# pas traverser $I, comme sous make check) puis se bloque : Ctrl-C part quand le témoin existe,
# l'item attend alors encore ce serveur (jamais une course entre le Ctrl-C et la fin).
interruption() {
	local f=$T/interruption.res I=$T/int rc
	mkdir -p "$I/tmp" "$I/src/01-messages"
	cp solutions/01-messages/client.c solutions/01-messages/calcul.h "$I/src/01-messages/"
	cat >"$I/src/01-messages/serveur.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	char temoin[4096];

	snprintf(temoin, sizeof temoin, "%s/tp-ipc-bloque", getenv("TMPDIR"));
	close(open(temoin, O_WRONLY | O_CREAT, 0600));
	pause();
	return 0;
}
C
	TMPDIR=$I/tmp SRC=$I/src LAB=01-messages "$py" tests/autotests/terminal.py \
		--interrompre "$I/tmp/tp-ipc-note.*/*/tp-ipc-bloque" \
		--interrompre "/tmp/tp-ipc-note.*/*/tp-ipc-bloque" "$T/interruption.txt" outils/noter.sh
	rc=$?
	rapporter "$f" "make grade interrompu par Ctrl-C en plein item : code 130 ($rc)" \
		sh -c 'test "$1" = 130 && grep -q "Ctrl-C" "$2"' sh "$rc" "$T/interruption.txt"
	# Le dossier de noter.sh où le témoin a paru : effacé, plus aucun processus ne s'en sert.
	local w
	w=$(sed -n 's|^\[Ctrl-C\] \(.*/tp-ipc-note\.[A-Za-z0-9]*\)/.*|\1|p' "$T/interruption.txt")
	rapporter "$f" "make grade interrompu : ni dossier temporaire ni processus laissés" \
		sh -c 'test -n "$2" && ! find "$1" -mindepth 1 | grep . && ! test -e "$2" && ! pgrep -af "$2/"' \
		sh "$I/tmp" "$w"
}

# hors_de_portee PATCH RAPPORT TITRE : vrai (et une ligne SAUTÉ) si ce que le rendu hostile PATCH
# éprouve n'existe pas dans la correction de RAPPORT : « Repli : raison » et la correction était en
# mode de repli, ou « Vue : raison » et la vue réduite des programmes notés était refusée.
hors_de_portee() {
	local r
	r=$(sed -n 's/^Repli : //p' "$1")
	if [ -n "$r" ] && grep -q "^Isolation : repli" "$2"; then
		echo "SAUTÉ $3 : non vérifiable en mode de repli ($r)"
		return 0
	fi
	r=$(sed -n 's/^Vue : //p' "$1")
	if [ -n "$r" ] && grep -q "^Isolation : .*vue de la machine pour les programmes notés" "$2"; then
		echo "SAUTÉ $3 : non vérifiable sans montages (CAP_SYS_ADMIN) : $r"
		return 0
	fi
	return 1
}

# controleur_memoire : vrai si outils/classe.sh pourra borner la mémoire de chaque rendu (root).
controleur_memoire() {
	grep -qw memory /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
		{ [ -d /sys/fs/cgroup/memory ] && [ -w /sys/fs/cgroup/memory ]; }
}

# ---------------------------------------------------------------- classe
classe() {
	local R=$T/rendus O=$T/sortie f=$T/classe.res n p
	mkdir -p "$R" "$T/x/alice/rendu" "$T/x/carla" "$T/x/sol" "$T/tmp"
	cp -R "solutions/$L" "$T/x/sol/$L"
	rm -f "$T/x/sol/$L/REPONSES.md"
	# La solution de tous les TP : chacun doit garder 20/20 dans le bac à sable (uid sans
	# compte, limites), pas seulement le TP 1 des rendus hostiles.
	for p in tests/*/programmes; do
		n=$(basename "$(dirname "$p")")
		cp -R "solutions/$n" "$T/x/alice/rendu/$n"
		rm -f "$T/x/alice/rendu/$n/REPONSES.md"
	done
	tar -C "$T/x/alice" -czf "$R/alice.tar.gz" rendu
	cp -R "labs/$L" "$T/x/carla/$L"
	"$py" -c 'import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w")
for d, _, fs in os.walk(sys.argv[2]):
    for f in fs:
        z.write(os.path.join(d, f), os.path.relpath(os.path.join(d, f), sys.argv[2]))' \
		"$R/carla.zip" "$T/x/carla"
	for p in tests/autotests/hostiles/*.patch; do
		n=hostile-$(basename "$p" .patch)
		# Hors root, les rendus tournent sous votre uid : ni bombe ni kill(-1) sur votre session.
		[ $racine = 0 ] && case $n in hostile-bombe | hostile-tue-tout | hostile-fichiers | hostile-exec-reference | hostile-espion | hostile-partage | hostile-essaim-memoire) continue ;; esac
		# Sans contrôleur memory, rien ne bornerait ses 1,25 Gio : il n'est pas lancé.
		[ $n = hostile-essaim-memoire ] && ! controleur_memoire && continue
		cp -R "$T/x/sol" "$R/$n"
		patch -s -p1 -d "$R/$n/$L" <"$p" || echo "ÉCHEC $n : le patch ne s'applique plus" >>"$f"
	done
	if [ $racine = 1 ]; then # tricheries : lire la solution pendant la compilation
		mkdir -p "$R/triche-include/$L" "$R/triche-lien/$L"
		cp "labs/$L"/*.h "$R/triche-include/$L/"
		cp "labs/$L"/*.h "$R/triche-lien/$L/"
		for p in $(<"tests/$L/programmes"); do
			echo "#include \"$PWD/solutions/$L/$p.c\"" >"$R/triche-include/$L/$p.c"
			ln -s "$PWD/solutions/$L/$p.c" "$R/triche-lien/$L/$p.c"
		done
	fi
	local repli_pid=""
	if [ $racine = 1 ]; then
		# En root, le mode de repli (comme sans espaces de noms : Docker, Gradescope), en même
		# temps que le lot : kill(-1) et les réécritures ne doivent toucher ni le correcteur ni son rapport.
		mkdir -p "$T/repli/rendus" "$T/repli/tmp"
		for n in hostile-tue-tout hostile-fichiers; do cp -R "$R/$n" "$T/repli/rendus/$n"; done
		cp -R "$T/x/sol" "$T/repli/rendus/solution"
		# Comme un conteneur Docker : root sans CAP_SYS_ADMIN (capsh), donc sans espaces de noms ;
		# sans capsh, le repli forcé (TP_IPC_REPLI=1).
		local sans=(env TP_IPC_REPLI=1)
		command -v capsh >/dev/null && sans=(capsh --drop=cap_sys_admin -- -c 'exec "$@"' capsh)
		TMPDIR=$T/repli/tmp "${sans[@]}" outils/classe.sh -k "$B/copie/tp-ipc" -o "$T/repli/sortie" \
			-j 3 -b 20 -m 256 -p 64 -u 64500 "$T/repli/rendus" >"$T/repli.log" 2>&1
	fi &
	repli_pid=$!
	local nb debut=$SECONDS
	nb=$(find "$R" -mindepth 1 -maxdepth 1 | wc -l)
	# -u 64000 : Gradescope, essayé en même temps, prend les uids à partir de 61000 (défaut) ;
	# libérés à la fin du lot, ils pourraient être repris avant qu'on vérifie qu'ils sont vides.
	# Sans -l : chacun est noté sur les TP qu'il rend (alice sur tous, les autres sur le TP 1).
	# Un témoin dans /dev/shm et un dans /tmp : l'espion ne doit voir ni l'un ni l'autre (les siens
	# sont privés), ni aucune copie du dépôt (vue réduite au système et aux dossiers de l'item).
	[ $racine = 1 ] && : >"/dev/shm/tp-ipc-temoin-$$" && : >"/tmp/tp-ipc-temoin-$$"
	# Le lot tourne dans un pseudo-terminal dont il est le terminal de contrôle, comme lancé à la
	# main : rien de ce qu'un rendu écrit ou pousse (TIOCSTI) ne doit y arriver. Hors root, la
	# limite de processus compte tous ceux de votre uid, make check compris.
	TMPDIR=$T/tmp "$py" tests/autotests/terminal.py "$T/terminal.txt" \
		outils/classe.sh -k "$B/copie/tp-ipc" -o "$O" -j 4 -b 20 -m 256 \
		-p "$([ $racine = 1 ] && echo 64 || echo 1024)" \
		-u 64000 "$R" >"$T/classe.log" 2>&1
	local rc=$? duree=$((SECONDS - debut))
	rm -f "/dev/shm/tp-ipc-temoin-$$" "/tmp/tp-ipc-temoin-$$"
	tr -d '\r' <"$T/terminal.txt" >"$T/classe.log"
	rapporter "$f" "classe : lancée dans un terminal, rien n'y est arrivé d'un rendu (ni écrit, ni poussé par TIOCSTI)" \
		terminal_intact "$T/terminal.txt"
	rapporter "$f" "classe : $nb rendus notés en $duree s (code $rc)" test $rc -eq 0
	# note NOM [TP] : la case de notes.csv (TP 1 par défaut), trouvée par l'en-tête.
	note() {
		awk -F';' -v n="$1" -v l="${2:-$L}" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
			$1 == n { print $c[l] }' "$O/notes.csv"
	}
	local tps entete
	tps=$(for p in tests/*/programmes; do basename "$(dirname "$p")"; done)
	entete="etudiant;$(echo $tps | tr ' ' ';');total"
	rapporter "$f" "classe : notes.csv en UTF-8 avec BOM, séparateur « ; », une colonne par TP" \
		test "$(head -n 1 "$O/notes.csv" | tr -d '\r')" = "$(printf '\xef\xbb\xbf')$entete"
	# La solution de chaque TP n'est notée qu'ici dans make check (le chemin le plus strict :
	# uid sans compte, limites, budget) : 20/20 dans notes.csv, et chaque item au maximum dans
	# le JSON du TP.
	for n in $tps; do
		rapporter "$f" "classe : solution $n (alice, .tar.gz imbriquée) à 20/20 dans notes.csv ($(note alice "$n")), chaque item au maximum dans $n.json" \
			solution_complete "$(note alice "$n")" "$O/etudiants/alice/rapport.txt" "$O/etudiants/alice/$n.json"
	done
	rapporter "$f" "classe : squelette en .zip à 2/20 au plus ($(note carla))" test "$(note carla)" -le 2
	for p in tests/autotests/hostiles/*.patch; do
		n=hostile-$(basename "$p" .patch)
		if [ ! -d "$R/$n" ]; then
			if [ $racine = 1 ]; then
				echo "SAUTÉ classe : $n : pas de contrôleur memory (groupes de contrôle) ici" >>"$f"
			else
				echo "SAUTÉ classe : $n : root seulement (hors root, il tournerait sous votre uid)" >>"$f"
			fi
			continue
		fi
		local max min explication
		max=$(champ_entete "$p" "Note max")
		min=$(champ_entete "$p" "Note min")
		explication=$(champ_entete "$p" Explication)
		if hors_de_portee "$p" "$O/etudiants/$n/rapport.txt" "classe : $n" >>"$f"; then continue; fi
		rapporter "$f" "classe : $n à $max/20 au plus${min:+, $min au moins} ($(note "$n")), rapport : « $explication »" \
			note_et_texte "$(note "$n")" "$max" "$explication" "$O/etudiants/$n/rapport.txt" "${min:-0}"
	done
	if [ $racine = 1 ] && unshare -m --propagation private true 2>/dev/null; then
		for n in triche-include triche-lien; do
			rapporter "$f" "classe : $n (solutions/ hors d'atteinte) : 0/20 ($(note $n))" \
				test "$(note $n)" = 0
		done
	elif [ $racine = 1 ]; then
		# Sans montages, solutions/ ne peut pas être masqué (Gradescope : l'archive n'en a pas).
		echo "SAUTÉ classe : triche-include : solutions/ ne peut être masqué sans montages (CAP_SYS_ADMIN)" >>"$f"
		rapporter "$f" "classe : triche-lien (seuls les fichiers ordinaires sont compilés) : 0/20 ($(note triche-lien))" \
			test "$(note triche-lien)" = 0
	else
		for n in triche-include triche-lien; do
			echo "SAUTÉ classe : $n : root seulement (uids des bacs, solutions/ masqué)" >>"$f"
		done
	fi
	rapporter "$f" "classe : rapport.txt et results.json (score = notes.csv) pour chacun" \
		"$py" -c 'import csv, json, os, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"):
    d = os.path.join(sys.argv[2], r["etudiant"])
    assert os.path.getsize(os.path.join(d, "rapport.txt")) > 0, d
    j = json.load(open(os.path.join(d, "results.json"), encoding="utf-8"))
    assert j["score"] == int(r["total"]), (d, j["score"], r["total"])' "$O/notes.csv" "$O/etudiants"
	rapporter "$f" "classe : JSON par TP, results.json, notes.csv et rapport concordent (aucun résultat forgé)" \
		concordance "$O"
	rapporter "$f" "classe : texte des rendus cité, jamais interprété (aucun caractère de contrôle, aucune fausse limite)" \
		texte_cite "$O"
	[ $racine = 1 ] && wait "$repli_pid"
	[ $racine = 1 ] && repli "$f"
	rapporter "$f" "classe : avancement ([N/N], reste) et résumé (moyenne, items ratés, limites)" \
		avancement_et_resume "$nb" "$T/classe.log"
	# Rien ne reste : processus des uids des bacs, objets IPC, fichiers, groupes de contrôle.
	local uids
	uids=$(sed -n 's/^Bacs : uids \([0-9]*\) à \([0-9]*\).*/\1 \2/p' "$T/classe.log")
	if [ -n "$uids" ]; then
		# shellcheck disable=SC2086 # deux nombres
		rapporter "$f" "classe : ni processus ni fichier des uids des bacs ($uids)" \
			rien_des_uids $uids
	else
		echo "SAUTÉ classe : ni processus ni fichier des uids des bacs : root seulement (pas d'uid dédié)" >>"$f"
	fi
	rapporter "$f" "classe : aucun fichier temporaire laissé" dossier_vide "$T/tmp"
}

# ---------------------------------------------------------------- kit
kit() {
	local f=$T/kit.res K=$T/kit/tp-ipc liste s
	liste=$(tar -tzf "$B/kit/tp-ipc-kit.tar.gz")
	mkdir -p "$T/kit/sol" "$T/kit/faux"
	tar -xzf "$B/kit/tp-ipc-kit.tar.gz" -C "$T/kit/sol"
	rapporter "$f" "kit : ni solutions/, ni mutants, ni REPONSES.md, ni .patch" \
		rien_de_solution "$liste"
	rapporter "$f" "kit : aucune source de solution (contenu ni marqueurs DEBUT SOLUTION)" \
		aucune_source "$T/kit/sol"
	s=$(for b in "$T"/kit/sol/tp-ipc/precompile/*/*/*; do
		printf '%s/%s :%s ; %s\n' "$(basename "$(dirname "$b")")" "$(basename "$b")" \
			"$(ldd "$b" 2>&1 | awk '{ printf " %s", $1 }')" "$(file -b "$b" | grep -o '\(not \)\?stripped')"
	done)
	rapporter "$f" "kit : correcteurs et références dépouillés, sans autre bibliothèque que la libc (ldd)" \
		libc_seule "$s"
	# Dépaqueté par un utilisateur sans privilège, sans Check : pkg-config est piégé.
	printf '#!/bin/sh\ntouch "%s/kit/faux/pkg-config-appele"\nexit 1\n' "$T" >"$T/kit/faux/pkg-config"
	chmod 755 "$T/kit" "$T/kit/faux" "$T/kit/faux/pkg-config"
	local qui=()
	if [ $racine = 1 ]; then
		chown 65534:65534 "$T/kit"
		qui=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	en_kit() {
		"${qui[@]}" env -i PATH="$T/kit/faux:/usr/bin:/bin" HOME="$T/kit" TMPDIR="$T/kit" \
			PKG_CONFIG_LIBDIR=/nonexistent TP_IPC_AUTOTESTS="${TP_IPC_AUTOTESTS:-}" "$@"
	}
	en_kit tar -xzf "$B/kit/tp-ipc-kit.tar.gz" -C "$T/kit"
	en_kit make -C "$K" -s grade LAB=$L JSON="$T/kit/squelette.json" >"$T/kit-squelette.txt" 2>&1
	s=$(note_json "$T/kit/squelette.json")
	rapporter "$f" "kit : sans root ni Check, le squelette note ${s:-?}/20 (≤ 2)" \
		note_au_plus "${s:-99}" 2 "$T/kit-squelette.txt"
	cp solutions/$L/*.c solutions/$L/*.h "$K/labs/$L/"
	[ $racine = 1 ] && chown -R 65534:65534 "$K/labs/$L"
	en_kit make -C "$K" -s grade LAB=$L JSON="$T/kit/solution.json" >"$T/kit-solution.txt" 2>&1
	s=$(note_json "$T/kit/solution.json")
	rapporter "$f" "kit : la solution recopiée dans labs/ note ${s:-?}/20 (20)" \
		note_au_moins "${s:-0}" 20 "$T/kit-solution.txt"
	rapporter "$f" "kit : pkg-config jamais appelé, make check refusé (code 2)" \
		kit_sans_check "$K"
}

# ---------------------------------------------------------------- gradescope
# autograder DOSSIER : autograder.zip extrait dans DOSSIER/source (droits gardés), réglé pour le
# TP $L à plat, budget 60 s ; DOSSIER/submission et DOSSIER/results vides.
autograder() {
	local A=$1
	mkdir -p "$A/source" "$A/submission" "$A/results"
	"$py" -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist():
    z.extract(i, sys.argv[2])
    if i.external_attr >> 16:
        import os; os.chmod(sys.argv[2] + "/" + i.filename, (i.external_attr >> 16) & 0o7777)' \
		"$B/gradescope/autograder.zip" "$A/source"
	# Une soumission « à plat » (les fichiers du TP sans dossier) pour un devoir à un seul TP.
	sed -i "s/^TP=.*/TP=$L/; s/^BUDGET=.*/BUDGET=60/" "$A/source/config"
	echo "$L/valgrind hidden" >>"$A/source/visibilite"
}

# Des rendus hostiles par run_autograder (root) : fichiers (réécrit les fichiers du correcteur,
# forge les JSON, results.json compris), tue-tout (kill(-1)) et texte (imite le correcteur). Chacun
# reste sous sa note plafond (en-tête Note max), chaque test de results.json concorde avec elle,
# l'explication attendue dans son retour (citée derrière « | »), et aucun caractère de contrôle.
gradescope_hostiles() {
	local f=$T/gradescope-hostile.res n p A max min explication uids
	for n in fichiers tue-tout texte; do
		p=tests/autotests/hostiles/$n.patch A=$T/agh-$n
		# La note plafond seulement : ce rejeu juge la forge (note, tests concordants) ; les
		# points honnêtes gardés (Note min) le sont par le lot de la classe. Sous la charge de
		# make check, fichiers (qui pirate à chaque lancement) y a perdu un point de plus.
		max=$(champ_entete "$p" "Note max")
		min=""
		explication=$(champ_entete "$p" Explication)
		autograder "$A"
		mkdir -p "$A.tmp" "$A.src/$L"
		cp -R "solutions/$L/." "$A.src/$L/"
		patch -s -p1 -d "$A.src/$L" <"$p"
		cp "$A.src/$L"/*.c "$A.src/$L"/*.h "$A/submission/"
		TMPDIR=$A.tmp TP_IPC_AUTOGRADER=$A "$A/source/run_autograder" >"$A.log" 2>&1
		rapporter "$f" "gradescope : hostile-$n à $max/20 au plus${min:+, $min au moins}, chaque test de results.json concorde avec la note, « $explication »" \
			"$py" -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
texte = d.get("output", "") + "".join(t["output"] for t in d["tests"])
assert int(sys.argv[3] or 0) <= d["score"] <= int(sys.argv[2]), (d["score"], d.get("output"))
assert sum(t["score"] for t in d["tests"]) == d["score"], [(t["name"], t["score"]) for t in d["tests"]]
assert len(d["tests"]) == 15 and sys.argv[4] in texte, d["tests"]
assert not any(ord(c) < 32 and c not in "\n\t" for c in texte), "caractère de contrôle"' \
			"$A/results/results.json" "$max" "$min" "$explication"
		uids=$(sed -n 's/^Bacs : uids \([0-9]*\) à \([0-9]*\).*/\1 \2/p' "$A.log")
		rapporter "$f" "gradescope : hostile-$n : ni processus ni fichier laissés (uid ${uids:-?}), dossier temporaire vide" \
			rien_laisse "$uids" "$A.tmp"
	done
}

gradescope() {
	local f=$T/gradescope.res A=$T/ag
	mkdir -p "$T/gtmp"
	autograder "$A"
	rapporter "$f" "gradescope : autograder.zip contient setup.sh et run_autograder exécutables" \
		test -x "$A/source/setup.sh" -a -x "$A/source/run_autograder" -a -x "$A/source/tp-ipc/outils/classe.sh"
	# Le squelette : la note attendue est celle que le kit lui donne (la solution à 20/20 passe
	# déjà par outils/classe.sh dans le lot de la classe, et par le kit).
	cp labs/$L/*.c labs/$L/*.h "$A/submission/"
	TMPDIR=$T/gtmp TP_IPC_AUTOGRADER=$A "$A/source/run_autograder" >"$T/gradescope.log" 2>&1
	local attendu
	attendu=$(note_json "$T/kit/squelette.json")
	rapporter "$f" "gradescope : run_autograder écrit results.json, la note du kit (${attendu:-?}/20), visibilité par item" \
		"$py" -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["score"] == int(sys.argv[2]) and d["max_score"] == 20, (d["score"], d.get("output"))
v = {t["name"].split(" : ")[0]: t["visibility"] for t in d["tests"]}
assert v["01-messages / valgrind"] == "hidden" and v["01-messages / creation"] == "visible", v
assert len(d["tests"]) == 15 and all("Attendu" in t["output"] for t in d["tests"] if t["score"] == 0), d["tests"]' \
		"$A/results/results.json" "${attendu:--1}"
	local uids
	uids=$(sed -n 's/^Bacs : uids \([0-9]*\) à \([0-9]*\).*/\1 \2/p' "$T/gradescope.log")
	if [ $racine = 1 ]; then
		rapporter "$f" "gradescope : ni processus ni fichier laissés (uid ${uids:-?}), dossier temporaire vide" \
			rien_laisse "$uids" "$T/gtmp"
	else # hors root, pas d'uid de bac (uids vide) : reste le dossier temporaire
		rapporter "$f" "gradescope : dossier temporaire vide" dossier_vide "$T/gtmp"
		echo "SAUTÉ gradescope : ni processus ni fichier de l'uid du bac : root seulement (pas d'uid dédié)" >>"$f"
	fi
}

# PARTIES=« classe kit gradescope » (défaut) : pour n'en rejouer qu'une (gradescope demande
# kit ; « interruption » seule, sans le lot). Le lot d'abord ; son budget de 20 s par TP laisse
# de la marge à la solution même sur une machine chargée.
parties=" ${PARTIES:-classe kit gradescope} "
# make grade (root) et l'interruption en même temps que le lot.
case $parties in *" classe "*)
	{ [ $racine = 1 ] && grade; interruption; } &
	classe
	wait
	;;
*" interruption "*) interruption ;;
esac
# Gradescope après le kit : il attend la note que le kit donne au squelette ; son rendu hostile
# (root) en même temps que le kit.
case $parties in *" gradescope "*)
	if [ $racine = 1 ]; then gradescope_hostiles & else
		echo "SAUTÉ gradescope : rendus hostiles : root seulement (uid du bac distinct du correcteur)" >"$T/gradescope-hostile.res"
	fi
	;;
esac
case $parties in *" kit "*) kit ;; esac
wait
case $parties in *" gradescope "*) gradescope ;; esac
cat "$T/grade.res" "$T/interruption.res" "$T/classe.res" "$T/kit.res" "$T/gradescope-hostile.res" \
	"$T/gradescope.res" 2>/dev/null
[ -f "$T/classe.log" ] &&
	echo "Temps du lot de la classe : $(sed -n 's/^Durée : \([^;]*\);.*/\1/p' "$T/classe.log")"
# Les groupes de contrôle créés par nos corrections (ligne « Bacs : … groupes de contrôle … »).
cg=$(sed -n 's/^Bacs : .*groupes de contrôle \(.*\)\.$/\1/p' "$T/classe.log" "$T/gradescope.log" \
	"$T"/agh-*.log 2>/dev/null)
restes=$(for d in $cg; do [ -e "$d" ] && echo "$d"; done)
if [ -n "$restes" ]; then echo "ÉCHEC aucun groupe de contrôle laissé : $restes"
else echo "ok aucun groupe de contrôle laissé${cg:+ ($(echo "$cg" | wc -w) créés)}"; fi
# Les objets IPC laissés : en root, ceux des uids des bacs (lignes « Bacs : uids A à B ») ; hors
# root, tous ceux de la machine, sauf sous make check, dont d'autres parties créent les leurs en
# même temps (sa vérification de propreté, à la fin, les compte tous).
uids=$(sed -n 's/^Bacs : uids \([0-9]*\) à \([0-9]*\).*/\1 \2/p' "$T/classe.log" "$T/repli.log" \
	"$T/gradescope.log" "$T"/agh-*.log 2>/dev/null)
if [ -n "$uids" ]; then
	restes=$(printf '%s\n' "$uids" | while read -r a b; do bac_objets "$a" "$b"; done)
	if [ -z "$restes" ]; then echo "ok aucun objet IPC des uids des bacs laissé"
	else echo "ÉCHEC aucun objet IPC des uids des bacs laissé : $(echo "$restes" | head -n 5 | tr -s ' \n' ' ')"; fi
elif [ -z "${TP_IPC_AUTOTESTS:-}" ]; then
	ipc_apres=$(cat /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem | wc -l)
	if [ "$ipc_apres" -le "$ipc_avant" ]; then echo "ok aucun objet IPC laissé ($ipc_avant lignes avant, $ipc_apres après)"
	else echo "ÉCHEC aucun objet IPC laissé : $ipc_avant lignes avant, $ipc_apres après"; fi
fi
