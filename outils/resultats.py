#!/usr/bin/env python3
"""resultats.py : les fichiers de résultats de outils/classe.sh.

  resultats.py etudiant RES SORTIE.json [VISIBILITE]
      fusionne les results.json par TP d'un rendu (RES/NN-nom.json, notes dans RES/tp, limites
      dans RES/NN-nom.limites) en un results.json Gradescope unique ; VISIBILITE : fichier de
      lignes « NN-nom/item visibilité » (ou « item visibilité », ou « * visibilité »).
  resultats.py classe RES SORTIE TP...
      écrit SORTIE/notes.csv (UTF-8 avec BOM, séparateur « ; ») et imprime le résumé : moyenne
      par TP, items les plus souvent ratés, limites atteintes.
"""
import csv
import json
import os
import re
import sys

VISIBILITES = {"visible", "hidden", "after_due_date", "after_published"}
ECHEC = re.compile(r"^  \[ÉCHEC\]\s+\d+/\d+\s+(?:\[bonus\] )?(\S+) :")


def lire(chemin, defaut=""):
    try:
        with open(chemin, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return defaut


def notes(res):
    """[(tp, note)] dans l'ordre de correction."""
    return [(l.split()[0], int(l.split()[1])) for l in lire(os.path.join(res, "tp")).splitlines() if l.strip()]


def visibilites(chemin):
    v = {}
    for ligne in lire(chemin).splitlines() if chemin else []:
        mots = ligne.split("#")[0].split()
        if len(mots) == 2 and mots[1] in VISIBILITES:
            v[mots[0]] = mots[1]
    return v


def etudiant(res, sortie, chemin_vis=""):
    vis = visibilites(chemin_vis)
    tests, score, maxi = [], 0, 0
    entete = lire(os.path.join(res, "rapport.txt")).split("\n\n")[0]
    sorties = [entete]
    for tp, note in notes(res):
        limites = lire(os.path.join(res, tp + ".limites")).strip()
        try:
            with open(os.path.join(res, tp + ".json"), encoding="utf-8") as f:
                d = json.load(f)
        except (OSError, ValueError):
            d = {"max_score": 20, "tests": [{
                "name": "correction", "score": 0, "max_score": 20,
                "output": limites or "Le correcteur n'a pas rendu de résultat."}]}
        score += note
        maxi += d.get("max_score", 20)
        sorties.append("%s : %d/%d" % (tp, note, d.get("max_score", 20)))
        if limites:
            sorties.append(limites)
        for t in d.get("tests", []):
            item = t["name"].replace("[bonus] ", "").split(" : ")[0]
            t = dict(t, name="%s / %s" % (tp, t["name"]))
            t["visibility"] = vis.get(tp + "/" + item, vis.get(item, vis.get("*", "visible")))
            tests.append(t)
    resultat = {"score": score, "max_score": maxi, "output": "\n".join(sorties),
                "stdout_visibility": "hidden", "tests": tests}
    with open(sortie, "w", encoding="utf-8") as f:
        json.dump(resultat, f, ensure_ascii=False, indent=1)
        f.write("\n")


def virgule(x):
    return ("%.1f" % x).replace(".", ",")


def classe(res, sortie, tps):
    rendus = []
    for d in os.listdir(res):
        r = os.path.join(res, d)
        if os.path.isfile(os.path.join(r, "nom")):
            rendus.append((lire(os.path.join(r, "nom")).strip(), r))
    rendus.sort(key=lambda x: x[0].casefold())
    # notes.csv : une ligne par étudiant ; case vide = TP non rendu (Moodle ne la prend pas).
    with open(os.path.join(sortie, "notes.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(["etudiant"] + tps + ["total"])
        for nom, r in rendus:
            n = dict(notes(r))
            w.writerow([nom] + [n.get(tp, "") for tp in tps] + [sum(n.values())])
    # Résumé.
    print("\n== Résumé : %d rendus ==" % len(rendus))
    echecs, limites = {}, {}
    for tp in tps:
        vals = [dict(notes(r))[tp] for _, r in rendus if tp in dict(notes(r))]
        if vals:
            print("  %-16s moyenne %5s/20  (%d rendus, %d à 20/20, %d sous 10)" % (
                tp, virgule(sum(vals) / len(vals)), len(vals),
                sum(v == 20 for v in vals), sum(v < 10 for v in vals)))
        else:
            print("  %-16s aucun rendu" % tp)
    for nom, r in rendus:
        for tp, _ in notes(r):
            for ligne in lire(os.path.join(r, tp + ".txt")).splitlines():
                m = ECHEC.match(ligne)
                if m:
                    echecs[(tp, m.group(1))] = echecs.get((tp, m.group(1)), 0) + 1
            for ligne in lire(os.path.join(r, tp + ".limites")).splitlines():
                cle = ligne.split(" (")[0].split(" : ")[:2]
                limites.setdefault(" : ".join(cle), []).append("%s (%s)" % (nom, tp))
    if echecs:
        print("\nItems les plus souvent ratés :")
        for (tp, item), n in sorted(echecs.items(), key=lambda x: (-x[1], x[0]))[:10]:
            print("  %3d × %s/%s" % (n, tp, item))
    if limites:
        print("\nLimites atteintes :")
        for cle, qui in sorted(limites.items()):
            print("  %s : %s" % (cle, ", ".join(qui)))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "etudiant":
        etudiant(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "")
    elif len(sys.argv) >= 4 and sys.argv[1] == "classe":
        classe(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
