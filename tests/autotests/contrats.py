#!/usr/bin/env python3
"""contrats.py : le contrat de chaque TP et le corpus étudiant, pour « make check » (lancer.sh).

  contrats.py travaux LAB...        les travaux du corpus pour la file de lancer.sh, un par ligne :
                                    « corpus LAB CAS N » (N : nombre de corrections, 1 ou 5)
  contrats.py noter LAB CAS N       un travail : copie, patch, compilation, puis N corrections
  contrats.py verifier LAB...       une ligne « ok », « ÉCHEC » ou « SAUTÉ » par règle du contrat
                                    et par cas du corpus (détails en lignes indentées)

Formats : README.md, « Ce qui garantit la note » (contrat, mutants, corpus).
Variables : T (dossier de lancer.sh : mutants déjà notés dans $T/mut/LAB-NOM.json, résultats du
corpus dans $T/corpus/), B (dossier de construction, défaut build).
"""
import difflib
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "outils"))
import resultats  # noqa: E402 (outils/resultats.py : la lecture des JSON des correcteurs)

T = os.environ.get("T", "")
B = os.environ.get("B", "build")
# Corrections d'un cas « Entrelacement : oui » : la première complète, les suivantes sur ses
# seuls items attendus (les items sont indépendants), dont les retours sont comparés.
REPETITIONS = 5


def lire_rapport(base):
    """Ce que make check lit d'une correction (BASE.txt, BASE.json) : items ratés, note, texte.

    La seule fonction qui lit un rapport : pour lire le JSON au lieu du texte, c'est ici."""
    try:
        with open(base + ".txt", encoding="utf-8", errors="replace") as f:
            texte = f.read()
    except OSError:
        return {"rates": None, "note": None, "texte": ""}
    rates = []
    note = None
    for ligne in texte.splitlines():
        mots = ligne.split()
        if mots and mots[0] == "[ÉCHEC]" and len(mots) >= 3:
            rates.append(mots[3] if mots[2] == "[bonus]" and len(mots) > 3 else mots[2])
        m = re.match(r"^Note \S+ : (\d+)/20$", ligne)
        if m:
            note = int(m.group(1))
    return {"rates": rates, "note": note, "texte": texte}


def retours(base, items, repli):
    """{item : (statut, retour normalisé)} des items d'un BASE.json ; None sans JSON lisible.
    repli : la correction était en mode de repli (identifiants d'objets de la machine)."""
    d = resultats.charger(base + ".json")
    if d is None:
        return None
    return {resultats.item_de(t): (resultats.statut_de(t), normaliser(t.get("output", ""), repli))
            for t in d.get("tests", []) if resultats.item_de(t) in items}


def ecart(a, b, item):
    """Les premières lignes qui diffèrent entre deux retours (statut, texte) d'un item."""
    if a is None or b is None:
        return f"{item} : absent d'une des deux corrections"
    lignes = difflib.unified_diff(f"statut {a[0]}\n{a[1]}".splitlines(),
                                  f"statut {b[0]}\n{b[1]}".splitlines(),
                                  "correction 1", "répétition", lineterm="", n=1)
    return f"{item} :\n" + "\n".join(list(lignes)[:24])


def normaliser(texte, repli=False):
    """Un rapport sans ce qui change d'une exécution à l'autre : pids, durées, et le dossier
    temporaire de l'item avec les clés ftok qui en dépendent (inode du fichier clé)."""
    texte = re.sub(r"tp-ipc[-.][A-Za-z0-9]{6}\b", "tp-ipc.XXXXXX", texte)
    texte = re.sub(r"\b0x[0-9a-f]{8}\b", "0xCLE", texte)
    texte = re.sub(r"\bpids? [0-9][0-9, et]*", "pid N", texte)
    texte = re.sub(r"\bkill -([A-Z]+) [0-9]+", r"kill -\1 N", texte)  # un pid, en repli
    texte = re.sub(r"\b[0-9]+(?:[.,][0-9]+)? ?(?:s|ms)\b", "D s", texte)
    if repli or "\nIsolation : repli" in texte:
        # En repli, les identifiants d'objets sont ceux de la machine : ils changent à chaque
        # correction. Ceux que le rapport nomme comme tels sont remplacés partout.
        ids = set(re.findall(r"(?:\bid[= ]|ipcrm -[qms] |\b(?:files?|segments?|ensembles?|"
                             r"identifiant) )([0-9]+)\b", texte))
        for i in sorted(ids, key=len, reverse=True):
            texte = re.sub(r"\b%s\b" % i, "ID", texte)
    return texte


def entete(chemin):
    """Les champs « Nom : valeur » en tête d'un patch (avant la première ligne « --- »)."""
    champs = {}
    with open(chemin, encoding="utf-8") as f:
        for ligne in f:
            if ligne.startswith("--- ") or ligne.startswith("diff "):
                break
            m = re.match(r"^([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ ]*?) : (.*)$", ligne.rstrip("\n"))
            if m and m.group(1) not in champs:
                champs[m.group(1)] = m.group(2).strip()
    return champs


def lire_contrat(lab):
    """Les règles de tests/LAB/contrat : liste de dicts (id, texte, items, mutants, attente)."""
    regles = []
    with open(f"tests/{lab}/contrat", encoding="utf-8") as f:
        for n, ligne in enumerate(f, 1):
            ligne = ligne.strip()
            if not ligne or ligne.startswith("#"):
                continue
            champs = [c.strip() for c in ligne.split("|")]
            regle = {"ligne": n, "id": champs[0], "texte": champs[1] if len(champs) > 1 else ""}
            regle["items"] = [] if len(champs) < 3 or champs[2] == "-" else champs[2].split()
            regle["mutants"] = [] if len(champs) < 4 or champs[3] == "-" else champs[3].split()
            regle["attente"] = champs[4] if len(champs) > 4 else ""
            regle["nchamps"] = len(champs)
            regles.append(regle)
    return regles


def items_du_correcteur(lab):
    sortie = subprocess.run([f"{B}/tests/{lab}/correcteur", "--liste"], capture_output=True,
                            text=True, check=False).stdout
    return [l.split()[0] for l in sortie.splitlines() if l.split()]


def cas_du_corpus(lab):
    d = f"tests/{lab}/corpus"
    if not os.path.isdir(d):
        return []
    return sorted(n for n in os.listdir(d)
                  if (n.startswith("correct-") and os.path.isdir(os.path.join(d, n)))
                  or (n.startswith("bug-") and n.endswith(".patch")))


def repetitions(lab, cas):
    if cas.endswith(".patch"):
        e = entete(f"tests/{lab}/corpus/{cas}")
        if e.get("Entrelacement", "").lower() == "oui":
            return REPETITIONS
    return 1


# ---- Les travaux (lancés en parallèle par la file de lancer.sh) ----

def travaux(labs):
    for lab in labs:
        for cas in cas_du_corpus(lab):
            print(f"corpus {lab} {cas} {repetitions(lab, cas)}")


def noter(lab, cas, n):
    """Compile le cas CAS une fois et le note N fois, la première en correction complète ;
    résultats dans $T/corpus/LAB-NOM.K.{txt,json}, K de 1 à N."""
    nom = cas[:-len(".patch")] if cas.endswith(".patch") else cas
    resultat = os.path.join(T, "corpus", f"{lab}-{nom}")
    d = resultat + ".travail"
    os.makedirs(os.path.join(d, "bin"), exist_ok=True)
    try:
        noter_dans(lab, cas, nom, int(n), d, resultat)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def noter_dans(lab, cas, nom, n, d, resultat):
    """noter() dans le dossier de travail D ; un échec de préparation s'écrit dans RESULTAT.1.txt."""
    sortie = resultat + ".1.txt"
    if cas.endswith(".patch"):
        patch = f"tests/{lab}/corpus/{cas}"
        base = entete(patch).get("Base", "")
        src = os.path.join(d, lab)
        if not base or not os.path.isdir(f"tests/{lab}/corpus/{base}"):
            ecrire(sortie, f"CORPUS : base « {base} » introuvable\n")
            return
        shutil.copytree(f"tests/{lab}/corpus/{base}", src)
        with open(patch, "rb") as p:
            r = subprocess.run(["patch", "-s", "-p1", "-d", src], stdin=p, capture_output=True,
                               check=False)
        if r.returncode != 0:
            ecrire(sortie, "CORPUS : le patch ne s'applique pas à sa base\n"
                   + r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace"))
            return
    else:
        src = f"tests/{lab}/corpus/{cas}"
    with open(f"tests/{lab}/programmes", encoding="utf-8") as f:
        progs = f.read().split()
    log = os.path.join(d, "compilation.log")
    # compiler.sh reprend les programmes déjà compilés à l'identique (le programme que le patch
    # ne touche pas, une exécution précédente).
    compile_ok = subprocess.run(["tests/autotests/compiler.sh", src, f"{d}/bin", log] + progs,
                                check=False).returncode == 0
    attendus = attendu_et_cause(entete(patch))[0] if cas.endswith(".patch") else None
    for k in range(1, n + 1):
        cmd = [f"{B}/tests/{lab}/correcteur", "--etudiant", f"{d}/bin", "--ref", f"{B}/ref/{lab}",
               "--source", f"corpus/{lab}/{nom}", "--json", f"{resultat}.{k}.json"]
        if not compile_ok:
            cmd += ["--echec-compilation", log]
        elif attendus is not None and k > 1:
            cmd += ["--item", ",".join(attendus)]
        elif attendus is not None and "valgrind" not in attendus:
            cmd += ["--item", ",".join(sans_valgrind(lab))]
        with open(f"{resultat}.{k}.txt", "w", encoding="utf-8") as f:
            subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, check=False)


def attendu_et_cause(e):
    """Les items que doit rater un cas du corpus d'en-tête E, et la cause que son rapport doit
    dire : « Attendu » et « Cause », ou hors root « Hors root » et « Cause hors root » quand
    l'en-tête les donne (le bug s'y voit autrement : droits refusés, IPC_SET refusé)."""
    racine = os.geteuid() == 0
    items = e.get("Attendu", "") if racine else e.get("Hors root", e.get("Attendu", ""))
    cause = e.get("Cause", "") if racine else e.get("Cause hors root", e.get("Cause", ""))
    return items.split(), cause


def racine_seulement(e):
    """Vrai si l'en-tête E (mutant ou cas du corpus) dit « Racine : oui » et qu'on n'est pas
    root : son bug ne se voit que dans un scénario qui demande root (un autre uid)."""
    return bool(e) and e.get("Racine", "") == "oui" and os.geteuid() != 0


def sans_valgrind(lab):
    """Les items du correcteur, valgrind excepté. Un cas bogué dont l'Attendu ne cite pas
    valgrind est noté sans lui : memcheck est plus de la moitié du processeur d'une correction
    complète, et l'item a son propre scénario, monté par la référence (SUJETS) ; les versions
    correctes et les cas qui l'attendent le passent toujours."""
    r = subprocess.run([f"{B}/tests/{lab}/correcteur", "--liste"], capture_output=True,
                       text=True, check=False)
    return [ligne.split()[0] for ligne in r.stdout.splitlines()
            if ligne.split() and ligne.split()[0] != "valgrind"]


def ecrire(chemin, texte):
    with open(chemin, "w", encoding="utf-8") as f:
        f.write(texte)


# ---- Les vérifications ----

class Sortie:
    def __init__(self):
        self.echecs = 0

    def ok(self, texte):
        print("ok " + texte)

    def echec(self, texte, details=""):
        self.echecs += 1
        print("ÉCHEC " + texte)
        for ligne in details.splitlines()[:30]:
            print("        " + ligne)

    def sautee(self, texte):
        print("SAUTÉ " + texte)


def rates_du_mutant(lab, mutant):
    """Les items ratés du mutant, lus dans son JSON ; ["PATCH-KO"] si son patch a échoué, None
    sans JSON."""
    base = os.path.join(T, "mut", f"{lab}-{mutant}")
    try:
        with open(base + ".rates", encoding="utf-8") as f:
            return f.read().split()
    except OSError:
        pass
    d = resultats.charger(base + ".json")
    return None if d is None else resultats.rates(d)


def verifier_contrat(lab, s):
    regles = lire_contrat(lab)
    connus = items_du_correcteur(lab)
    if not connus:
        s.echec(f"{lab}/contrat : « {B}/tests/{lab}/correcteur --liste » ne donne aucun item")
        return set()
    ids = {}
    for r in regles:
        if r["id"] in ids:
            s.echec(f"{lab}/contrat ligne {r['ligne']} : règle {r['id']} déjà définie "
                    f"ligne {ids[r['id']]}")
        ids[r["id"]] = r["ligne"]
    mutants = {}
    for chemin in sorted(os.listdir(f"tests/{lab}/mutants")):
        if chemin.endswith(".patch"):
            e = entete(f"tests/{lab}/mutants/{chemin}")
            mutants[chemin[:-len(".patch")]] = e
    # Chaque mutant dit quelle règle il enfreint, et cette règle existe.
    sans = [m for m, e in mutants.items() if not e.get("Règle")]
    inconnues = [f"{m} ({x})" for m, e in mutants.items() for x in e.get("Règle", "").split()
                 if x not in ids]
    if sans or inconnues:
        s.echec(f"{lab}/contrat : mutants sans règle ou à règle inconnue",
                ("sans ligne « Règle : » : " + " ".join(sans) + "\n" if sans else "")
                + ("règle absente du contrat : " + " ".join(inconnues) if inconnues else ""))
    for r in regles:
        nom = f"{lab}/{r['id']} : {r['texte']}"
        if r["attente"]:
            if r["items"] or r["mutants"] or not r["attente"].startswith("en attente"):
                s.echec(f"{nom} : une règle en attente s'écrit « - | - | en attente : raison »")
            else:
                s.sautee(f"{nom} ({r['attente']})")
            continue
        problemes = []
        if r["nchamps"] != 4:
            problemes.append(f"ligne {r['ligne']} : {r['nchamps']} champs au lieu de 4")
        if not r["items"]:
            problemes.append("aucun item")
        for it in r["items"]:
            if it not in connus:
                problemes.append(f"item « {it} » absent de correcteur --liste")
        if not r["mutants"]:
            problemes.append("aucun mutant")
        if not problemes and r["mutants"] and all(racine_seulement(mutants.get(m))
                                                   for m in r["mutants"]):
            s.sautee(f"{nom} : root seulement (ses mutants ne se voient que sous un autre uid)")
            continue
        couverts = set()
        for m in r["mutants"]:
            e = mutants.get(m)
            if e is None:
                problemes.append(f"mutant « {m} » absent de tests/{lab}/mutants/")
                continue
            attendus = e.get("Attendu", "").split()
            if r["id"] not in e.get("Règle", "").split():
                problemes.append(f"{m} : « Règle : {e.get('Règle', '')} » ne cite pas {r['id']}")
            if not set(attendus) & set(r["items"]):
                problemes.append(f"{m} : « Attendu : {' '.join(attendus)} » ne cite aucun item "
                                 f"de la règle ({' '.join(r['items'])})")
            obtenus = rates_du_mutant(lab, m)
            if obtenus is None:
                problemes.append(f"{m} : pas noté par lancer.sh ($T/mut/{lab}-{m}.rates absent)")
            elif not attendus or not set(attendus) <= set(obtenus):
                problemes.append(f"{m} : non pris (attendu [{' '.join(attendus)}], "
                                 f"raté [{' '.join(obtenus)}])")
            else:
                couverts |= set(attendus)
        for it in r["items"]:
            if it in connus and it not in couverts and not problemes:
                problemes.append(f"item « {it} » : aucun mutant de la règle ne le fait rater")
        if problemes:
            s.echec(nom, "\n".join(problemes))
        else:
            s.ok(f"{nom} [{' '.join(r['items'])}] ← {' '.join(r['mutants'])}")
    return set(ids)


def verifier_corpus(lab, ids, s):
    for cas in cas_du_corpus(lab):
        nom = cas[:-len(".patch")] if cas.endswith(".patch") else cas
        n = repetitions(lab, cas)
        base = os.path.join(T, "corpus", f"{lab}-{nom}")
        premier = lire_rapport(base + ".1")
        titre = f"{lab}/corpus/{nom}"
        if cas.endswith(".patch") and racine_seulement(entete(f"tests/{lab}/corpus/{cas}")):
            s.sautee(f"{titre} : root seulement (le bug ne se voit que sous un autre uid)")
            continue
        repli = entete(f"tests/{lab}/corpus/{cas}").get("Repli") if cas.endswith(".patch") else ""
        if repli and "\nIsolation : repli" in premier["texte"]:
            s.sautee(f"{titre} : non vérifiable en mode de repli ({repli})")
            continue
        if premier["rates"] is None or premier["texte"].startswith("CORPUS : "):
            s.echec(f"{titre} : pas de rapport", premier["texte"])
            continue
        if "La compilation a échoué" in premier["texte"]:
            s.echec(f"{titre} : ne compile pas", premier["texte"][-1500:])
            continue
        if not cas.endswith(".patch"):
            if premier["note"] == 20 and not premier["rates"]:
                s.ok(f"{titre} : version correcte à 20/20")
            else:
                s.echec(f"{titre} : version correcte à {premier['note']}/20, items ratés "
                        f"[{' '.join(premier['rates'])}]", premier["texte"])
            continue
        e = entete(f"tests/{lab}/corpus/{cas}")
        attendus, cause = attendu_et_cause(e)
        problemes = []
        for champ in ("Base", "Bug", "Règle", "Attendu", "Cause"):
            if not e.get(champ):
                problemes.append(f"en-tête : champ « {champ} : » absent ou vide")
        for x in e.get("Règle", "").split():
            if ids and x not in ids:
                problemes.append(f"règle {x} absente de tests/{lab}/contrat")
        if sorted(set(premier["rates"])) != sorted(set(attendus)):
            problemes.append(f"items ratés [{' '.join(premier['rates'])}], attendu "
                             f"[{' '.join(attendus)}]")
        if cause and cause not in premier["texte"]:
            problemes.append(f"la cause « {cause} » n'est pas dans le rapport")
        if n > 1:
            en_repli = "\nIsolation : repli" in premier["texte"]
            r1 = retours(base + ".1", attendus, en_repli) or {}
            for k in range(2, n + 1):
                rk = retours(f"{base}.{k}", attendus, en_repli)
                if rk is None:
                    problemes.append(f"répétition {k} : pas de JSON")
                    continue
                diff = [ecart(r1.get(i), rk.get(i), i) for i in attendus if r1.get(i) != rk.get(i)]
                if diff:
                    problemes.append(f"retours différents (pids et durées mis à part) entre la "
                                     f"correction 1 et la répétition {k} :\n" + "\n".join(diff))
        if problemes:
            s.echec(titre, "\n".join(problemes) + "\n--- rapport :\n" + premier["texte"])
        else:
            s.ok(f"{titre} : rate [{' '.join(attendus)}], « {cause} »"
                 + (f", mêmes retours en {n} corrections" if n > 1 else ""))


def table_du_sujet(lab):
    """Les lignes (item, points) du premier tableau « | item | points | » de la section du TP dans
    SUJETS.md (« ## TP N — »), les bonus écrits « bonus N » ; None s'il n'y en a pas."""
    with open("SUJETS.md", encoding="utf-8") as f:
        texte = f.read()
    m = re.search(r"^## TP %d — .*?(?=^## |\Z)" % int(lab[:2]), texte, re.M | re.S)
    if not m:
        return None
    t = re.search(r"^\| item \| points \|.*\n\|[-|]+\|\n((?:\|.*\n)+)", m.group(0), re.M)
    if not t:
        return None
    lignes = []
    for ligne in t.group(1).splitlines():
        c = [x.strip() for x in ligne.strip("|").split("|")]
        lignes.append((c[0].strip("`"), c[1]))
    return lignes


def verifier_table(lab, s):
    """Le tableau « Ce que vérifie make grade » de SUJETS.md : les items du correcteur, dans
    l'ordre, avec leurs points (issue 12 : les tableaux collent aux correcteurs)."""
    r = subprocess.run([f"{B}/tests/{lab}/correcteur", "--liste"], capture_output=True,
                       text=True, check=False)
    attendu = []
    for ligne in r.stdout.splitlines():
        m = ligne.split()
        if m:
            attendu.append((m[0], ("bonus " if "bonus" in m[2:] else "") + m[1]))
    obtenu = table_du_sujet(lab)
    titre = f"{lab} : le tableau des items de SUJETS.md est celui du correcteur (noms, ordre, points)"
    if obtenu == attendu:
        s.ok(titre)
    else:
        s.echec(titre, f"SUJETS.md : {obtenu}\ncorrecteur --liste : {attendu}")


def verifier(labs):
    s = Sortie()
    for lab in labs:
        verifier_table(lab, s)
        ids = set()
        if os.path.isfile(f"tests/{lab}/contrat"):
            ids = verifier_contrat(lab, s)
        else:
            print(f"{lab} : pas de fichier contrat (tests/{lab}/contrat)")
        verifier_corpus(lab, ids, s)
    return 1 if s.echecs else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "travaux":
        travaux(argv[2:])
        return 0
    if len(argv) == 5 and argv[1] == "noter":
        noter(argv[2], argv[3], argv[4])
        return 0
    if len(argv) >= 2 and argv[1] == "verifier":
        return verifier(argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    sys.exit(main(sys.argv))
