#!/bin/bash
# moodle.sh (autotests) : l'aller-retour Moodle et les similarités de « make classe », sur un
# téléchargement Moodle fabriqué (TP 02-tableau, 5 participants et un sixième sans rendu) :
#   1001 Élodie Lefèvre    la solution, dossier 02-tableau/
#   1002 Jean-Loup Dupont  une archive imbriquée : la solution, identifiants renommés et
#                          fonctions réordonnées (similarite/copie/) → paire signalée
#   1003 Zoé N'Guessan     une solution indépendante, fichiers à plat (similarite/independante/)
#   1004 Marc Dubois       le squelette, plus une ligne qui ne compile pas (du HTML à échapper)
#   1005 Paul Absent       dans la feuille seulement : sa ligne doit rester intacte
#   1006 Anaïs Morel       le squelette tel quel : items ratés ; tout son code est donné
# La feuille (en-têtes français, note sur 100, virgule décimale) est remplie et relue comme
# l'import de Moodle la lit ; le zip de feedback, comme « importer des fichiers de feedback ».
# Puis make vpl : l'évaluation VPL dans une fausse prison (voir plus bas).
# Une ligne « ok … » ou « ÉCHEC … : raison » par vérification.
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
L=02-tableau
base=${TMPDIR:-/tmp}
[ "$(id -u)" -eq 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$base" 2>/dev/null &&
	base=/tmp
T=$(mktemp -d "$base/tp-ipc-moodle-test.XXXXXX")
chmod 711 "$T"
trap '[ -n "${GARDER:-}" ] || rm -rf "$T"' EXIT
trap 'exit 143' TERM HUP
trap 'exit 130' INT
py=/usr/bin/python3
[ -x "$py" ] || py=python3
S=tests/autotests/similarite

rapporter() { # DESCRIPTION COMMANDE... : « ok » ou « ÉCHEC … : raison »
	local d=$1 sortie
	shift
	if sortie=$("$@" 2>&1); then echo "ok $d"; else
		echo "ÉCHEC $d : $(printf '%s' "$sortie" | head -c 800 | tr '\n' ' ')"
	fi
}

# ---- Le téléchargement Moodle fabriqué ----
X=$T/x
D=$X/telechargement
mkdir -p "$D/Élodie Lefèvre_1001_assignsubmission_file_/$L" "$X/jl/tp2/$L" \
	"$D/Zoé N'Guessan_1003_assignsubmission_file_" "$D/Marc Dubois_1004_assignsubmission_file_/$L" \
	"$D/Jean-Loup Dupont_1002_assignsubmission_file_" "$D/Jean-Loup Dupont_1002_assignsubmission_onlinetext_" \
	"$D/Anaïs Morel_1006_assignsubmission_file_/$L"
cp solutions/$L/tableau.[ch] "$D/Élodie Lefèvre_1001_assignsubmission_file_/$L/"
cp labs/$L/tableau.[ch] "$D/Marc Dubois_1004_assignsubmission_file_/$L/"
cp labs/$L/tableau.[ch] "$D/Anaïs Morel_1006_assignsubmission_file_/$L/"
echo '<p>Voir le fichier joint.</p>' >"$D/Jean-Loup Dupont_1002_assignsubmission_onlinetext_/onlinetext.html"
printf '#error "<script>alert(1)</script> & co"\n' >>"$D/Marc Dubois_1004_assignsubmission_file_/$L/tableau.c"
cp "$S"/copie/tableau.c solutions/$L/tableau.h "$X/jl/tp2/$L/"
cp "$S"/independante/tableau.c labs/$L/tableau.h "$D/Zoé N'Guessan_1003_assignsubmission_file_/"
(cd "$X/jl" && "$py" -c 'import os, zipfile
z = zipfile.ZipFile("../tp2.zip", "w")
for d, _, fs in os.walk("tp2"):
    for f in fs: z.write(os.path.join(d, f))')
mv "$X/tp2.zip" "$D/Jean-Loup Dupont_1002_assignsubmission_file_/tp2.zip"
# Le zip tel que Moodle le donne (noms en UTF-8).
(cd "$D" && "$py" -c 'import os, zipfile
z = zipfile.ZipFile("../moodle.zip", "w", zipfile.ZIP_DEFLATED)
for d, _, fs in sorted(os.walk(".")):
    for f in sorted(fs): z.write(os.path.join(d, f), os.path.relpath(os.path.join(d, f), "."))')
# La feuille de notation hors ligne, comme Moodle (fr) la télécharge : UTF-8, virgules, devoir sur 100.
F=$X/Notes-TP2.csv
cat >"$F" <<'EOF'
Identifiant,"Nom complet","Adresse de courriel",Statut,Note,"Note maximale","La note peut être modifiée","Dernière modification (travail remis)","Dernière modification (note)","Commentaires de feedback"
"Participant 1001","Élodie Lefèvre",elodie@exemple.fr,"Remis pour évaluation",,"100,00",Oui,"lundi 30 novembre 2026, 18:02",-,
"Participant 1002","Jean-Loup Dupont",jl@exemple.fr,"Remis pour évaluation",,"100,00",Oui,"lundi 30 novembre 2026, 18:10",-,
"Participant 1003","Zoé N'Guessan",zoe@exemple.fr,"Remis pour évaluation",,"100,00",Oui,"lundi 30 novembre 2026, 19:45",-,
"Participant 1004","Marc Dubois",marc@exemple.fr,"Remis pour évaluation",,"100,00",Oui,"lundi 30 novembre 2026, 20:00",-,
"Participant 1006","Anaïs Morel",anais@exemple.fr,"Remis pour évaluation",,"100,00",Oui,"lundi 30 novembre 2026, 23:59",-,
"Participant 1005","Paul Absent",paul@exemple.fr,"Aucun travail remis","12,00","100,00",Oui,-,"mardi 1 décembre 2026, 08:00","<p>Noté à la main, « ne pas toucher ».</p>"
EOF

# ---- La correction, comme make classe MOODLE=… FEUILLE=… LAB=02-tableau ----
O=$T/sortie
mkdir -p "$T/tmp"
debut=$SECONDS
# -u 63000 : d'autres corrections des autotests tournent en même temps (61000, 62000).
TMPDIR=$T/tmp RENDUS="$X/moodle.zip" FEUILLE="$F" SORTIE="$O" LAB=$L SQUELETTES=labs \
	outils/corriger-classe.sh -k "$B/copie/tp-ipc" -j 4 -b 20 -u 63000 >"$T/classe.log" 2>&1
rc=$?
rapporter "moodle : téléchargement .zip + feuille corrigés en $((SECONDS - debut)) s (code $rc)" test $rc = 0
[ $rc = 0 ] || sed 's/^/        /' "$T/classe.log" | tail -n 30

rapporter "moodle : un rendu par identifiant de participant (dossier, archive imbriquée, fichiers à plat ; texte en ligne ignoré)" \
	test -f "$O/moodle/rendus/1001/$L/tableau.c" -a -f "$O/moodle/rendus/1002.zip" \
	-a -f "$O/moodle/rendus/1003/tableau.c" -a -f "$O/moodle/rendus/1004/$L/tableau.c" \
	-a ! -e "$O/moodle/rendus/1005"
rapporter "moodle : le même découpage depuis le dossier décompressé" "$py" -c '
import os, subprocess, sys
subprocess.run([sys.executable, "outils/moodle.py", "rendus", sys.argv[1], sys.argv[2] + "/r"], check=True, capture_output=True)
def arbre(r): return sorted((os.path.relpath(os.path.join(d, f), r), open(os.path.join(d, f), "rb").read()) for d, _, fs in os.walk(r) for f in fs)
assert arbre(sys.argv[2] + "/r") == arbre(sys.argv[3]), "arbres différents"' "$D" "$T" "$O/moodle/rendus"

# La feuille relue comme importgradeslib.php : colonnes par en-tête, id après « Participant ».
rapporter "moodle : feuille remplie au format de l'import (UTF-8, virgules, en-têtes, notes converties sur 100, commentaires)" \
	"$py" - "$F" "$O/moodle/feuille-remplie.csv" <<'PY'
import csv, re, sys
avant = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
brut = open(sys.argv[2], "rb").read()
brut.decode("utf-8")
apres = list(csv.reader(open(sys.argv[2], encoding="utf-8", newline="")))
assert apres[0] == avant[0], "en-tête changé"
h = apres[0]
i, n, c = h.index("Identifiant"), h.index("Note"), h.index("Commentaires de feedback")
lignes = {l[i][len("Participant "):]: l for l in apres[1:]}
def note(pid):  # unformat_float de Moodle : la virgule du français est acceptée
    return float(lignes[pid][n].replace(",", "."))
for pid in ("1001", "1002", "1003"):
    assert lignes[pid][n] == "100,00", (pid, lignes[pid][n])
    assert lignes[pid][c].startswith("Note : 100,00/100,00 (soit 20/20). 02-tableau : 20/20"), lignes[pid][c]
assert 0 <= note("1004") <= 10, lignes["1004"][n]
assert re.search(r"items ratés : creation, double, partielle, ajout, exclusion, lecteur et \d+ autre\(s\)", lignes["1004"][c]), lignes["1004"][c]
assert 0 <= note("1006") <= 10 and "02-tableau : 0/20, items ratés : creation, double" in lignes["1006"][c], lignes["1006"]
assert lignes["1005"] == avant[6], ("ligne sans rendu modifiée", lignes["1005"])
for a, b in zip(avant[1:], apres[1:]):  # seules la note et le commentaire changent
    assert [x for k, x in enumerate(a) if k not in (n, c)] == [x for k, x in enumerate(b) if k not in (n, c)], b
PY
rapporter "moodle : conversion d'échelle annoncée (sur 100,00) et ligne sans rendu signalée" \
	grep -q "échelle du devoir : sur 100,00.*converties" "$T/classe.log"
grep -q "sans rendu noté, lignes laissées intactes : Paul Absent" "$T/classe.log" ||
	echo "ÉCHEC moodle : « Paul Absent » non signalé comme laissé intact"

# Le zip de feedback lu comme importziplib.php (is_valid_filename_for_import).
rapporter "moodle : zip de feedback (Nom_id_assignfeedback_file/rapport.{txt,html}), HTML coloré, texte échappé" \
	"$py" - "$O/moodle/retours-feedback.zip" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
vus = {}
for nom in z.namelist():
    parties = nom.split("/")
    info = parties[0].split("_", 4)  # explode('_', $pathpart, 5)
    assert len(info) >= 4 and info[1].isdigit() and info[2:4] == ["assignfeedback", "file"], nom
    vus.setdefault(info[1], set()).add("/".join([info[4] if len(info) > 4 else ""] + parties[1:]).strip("/"))
assert sorted(vus) == ["1001", "1002", "1003", "1004", "1006"], sorted(vus)
assert all(v == {"rapport.txt", "rapport.html"} for v in vus.values()), vus
h = z.read([n for n in z.namelist() if "_1004_" in n and n.endswith(".html")][0]).decode()
assert 'class="item echec"' in h and "<pre>" in h, "items non colorés"
assert "&lt;script&gt;alert(1)&lt;/script&gt;" in h and "<script>" not in h, "texte de l'étudiant non échappé"
h = z.read([n for n in z.namelist() if "_1001_" in n and n.endswith(".html")][0]).decode()
assert 'class="item ok"' in h and "Élodie Lefèvre" in h
PY

# Une autre feuille, en anglais, sur 20, avec BOM et point-virgule (réenregistrée par un tableur).
printf '\xef\xbb\xbfIdentifier;Full name;Status;Grade;Maximum grade;Last modified (grade);Feedback comments\r\nParticipant 1004;Marc Dubois;Submitted;;20.00;-;\r\nParticipant 1001;Élodie Lefèvre;Submitted;;20.00;-;\r\n' >"$T/en.csv"
rapporter "moodle : feuille anglaise sur 20 (BOM, « ; », CRLF gardés), notes telles quelles" "$py" -c '
import subprocess, sys
r = subprocess.run([sys.executable, "outils/moodle.py", "retour", sys.argv[1], "--feuille", sys.argv[2], "--labs", "02-tableau"], capture_output=True, text=True)
assert r.returncode == 0 and "converties" not in r.stdout, r.stdout + r.stderr
b = open(sys.argv[1] + "/moodle/feuille-remplie.csv", "rb").read()
assert b.startswith(b"\xef\xbb\xbfIdentifier;") and b.count(b"\r\n") == 3, b[:80]
assert b";20.00;20.00;-;Note : 20.00/20.00. 02-tableau : 20/20." in b, b' "$O" "$T/en.csv"

# Similarités : la copie maquillée est signalée, la solution indépendante et le squelette non.
rapporter "similarités : 1001 ~ 1002 (copie renommée, réordonnée) signalée, avec où ; 1003 et 1004 non" "$py" -c '
import re, sys
s = open(sys.argv[1] + "/similarites.txt", encoding="utf-8").read()
paires = re.findall(r"^(\d+) \(.*?\) ~ (\d+) \(", s, re.M)
assert paires == [("1001", "1002")], (paires, s)
assert re.search(r"1001 : tableau.c l. \d+-\d+  ~  1002 : tableau.c l. \d+-\d+", s), s
assert "JAMAIS UNE PREUVE NI UNE ACCUSATION" in s
assert re.search(r"sans code propre \(squelette seul\), non comparés : 1006\b", s), s
r = open(sys.argv[1] + "/resume.txt", encoding="utf-8").read()
assert re.search(r"02-tableau : 1001 \(Élodie Lefèvre\) ~ 1002 \(Jean-Loup Dupont\) \(\d+ %\)", r), r
assert "jamais des accusations" in r' "$O"

# ---- VPL : make vpl, puis l'évaluation dans un dossier disposé comme la prison de VPL ----
# Les fichiers d'exécution et les fichiers remis dans un même dossier, vpl_environment.sh ;
# vpl_evaluate.sh puis vpl_execution, en utilisateur sans privilège (65534 en root), les
# fichiers d'exécution retirés entre les deux ; la note doit être celle de make grade, ramenée
# à VPL_GRADEMIN..VPL_GRADEMAX (ici 0..10). Le rendu : un mutant à la note partielle sans
# échéance en jeu (n_zero_accepte : seul l'item arguments raté, 19/20, soit 9.5 sur 10).
V=$B/vpl/$L/execution
J=$T/prison
mkdir -p "$J" "$T/mutant/$L"
cp solutions/$L/tableau.[ch] "$T/mutant/$L/"
patch -s -p1 -d "$T/mutant/$L" <tests/$L/mutants/n_zero_accepte.patch
pre=$B
PRE=$pre SRC=$T/mutant LAB=$L B=$T/b JSON=$T/grade.json outils/noter.sh >"$T/grade.txt" 2>&1
attendu=$("$py" outils/resultats.py note "$T/grade.json")
cp "$V"/* "$T/mutant/$L"/tableau.[ch] "$J/"
printf 'export VPL_GRADEMIN=0\nexport VPL_GRADEMAX=10\nexport VPL_MAXTIME=60\nexport VPL_SUBFILES="tableau.c\ntableau.h"\n' \
	>"$J/vpl_environment.sh"
qui=()
if [ "$(id -u)" -eq 0 ]; then
	chown -R 65534:65534 "$J"
	qui=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
# shellcheck disable=SC2016 # $1 : argument du bash -c
"${qui[@]}" env -i PATH=/usr/bin:/bin HOME="$J" TMPDIR="$J" TP_IPC_AUTOTESTS="${TP_IPC_AUTOTESTS:-}" \
	bash -c 'cd "$1" && ./vpl_evaluate.sh && rm -f vpl_run.sh vpl_evaluate.sh tp-ipc-vpl.tar.gz && ./vpl_execution' \
	_ "$J" >"$T/vpl.txt" 2>&1
rapporter "vpl : make vpl donne vpl_run.sh, vpl_evaluate.sh, tp-ipc-vpl.tar.gz et le squelette en fichiers demandés" \
	test -x "$V/vpl_run.sh" -a -x "$V/vpl_evaluate.sh" -a -s "$V/tp-ipc-vpl.tar.gz" \
	-a -f "$B/vpl/$L/demandes/tableau.c" -a -f "$B/vpl/$L/LISEZMOI.txt"
rapporter "vpl : évaluation en utilisateur sans privilège, note de make grade (${attendu:-?}/20) ramenée sur 10, format VPL" \
	"$py" - "$T/vpl.txt" "${attendu:--1}" "$("$B/tests/$L/correcteur" --liste | wc -l)" <<'PY2'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
attendu, nb_items = int(sys.argv[2]), int(sys.argv[3])
assert 0 < attendu < 20, "le mutant devrait avoir une note partielle : %d" % attendu
notes = re.findall(r"^Grade :=>>(.*)$", s, re.M)
assert len(notes) == 1 and abs(float(notes[0]) - attendu / 2) < 0.006, (notes, attendu, re.findall(r"^>  \[ÉCHEC\].*", s, re.M))
items = re.findall(r"^Comment :=>>\[(?: OK  |ÉCHEC)\] \d+/\d+  (\S+) :", s, re.M)
assert len(items) == nb_items and "arguments" in items, (nb_items, items)
assert re.search(r"^<\|--\n-arguments : .*\(0/1\)\n>", s, re.M), "pas de bloc de détail pour l'item raté"
assert s.count("<|--") == s.count("--|>") == 2, "blocs mal fermés"
assert "\n>Note 02-tableau : %d/20\n" % attendu in s, "rapport de make grade absent"
PY2
rapporter "vpl : vpl_execution n'a laissé aucun dossier de travail (TMPDIR)" \
	test -z "$(find "$J" -maxdepth 1 -name 'tp-ipc-vpl.*')"
# Le bouton « Exécuter » : vpl_run.sh puis vpl_execution impriment le rapport de make grade.
cp "$V"/* "$J/"
[ ${#qui[@]} -gt 0 ] && chown -R 65534:65534 "$J"
# shellcheck disable=SC2016 # $1 : argument du bash -c
"${qui[@]}" env -i PATH=/usr/bin:/bin HOME="$J" TMPDIR="$J" TP_IPC_AUTOTESTS="${TP_IPC_AUTOTESTS:-}" \
	bash -c 'cd "$1" && ./vpl_run.sh && ./vpl_execution' _ "$J" >"$T/vpl-run.txt" 2>&1
rapporter "vpl : « Exécuter » (vpl_run.sh) imprime le rapport de make grade (${attendu:-?}/20)" \
	grep -q "^Note $L : ${attendu:--1}/20$" "$T/vpl-run.txt"
rapporter "moodle : aucun fichier temporaire laissé" test -z "$(ls -A "$T/tmp")"
