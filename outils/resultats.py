#!/usr/bin/env python3
"""resultats.py : lire les results.json des correcteurs, et les fichiers de outils/classe.sh.

Le results.json d'un correcteur est la seule interface pour les programmes (le rapport en
français peut changer de mots) : chaque test y porte « tags » ([identifiant de l'item]) et
« extra_data » (tp, item, genre note/bonus/cache, points, statut reussi/rate/non_verifie,
limites), et le fichier un « extra_data » de TP (compilation, partiel, bonus, bonus_max,
points_caches). Voir tests/harness/rapport.c, ecrire_json.

  resultats.py note FICHIER.json
      imprime la note (le score, hors bonus) ; code 1 si le fichier manque ou ne se lit pas.
  resultats.py rates FICHIER.json
      imprime les items ratés ou non vérifiés (bonus compris), un par ligne, dans l'ordre.
  resultats.py rates-lot FICHIER.json...
      une ligne par fichier : « FICHIER.json<tab>items ratés séparés par des espaces », ou
      « FICHIER.json<tab>SANS-JSON » s'il ne se lit pas (make check : un seul python pour tous).
  resultats.py items FICHIER.json
      une ligne par item : « item genre statut score/max limites » (limites : a,b ou -).
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
import sys

VISIBILITES = {"visible", "hidden", "after_due_date", "after_published"}


def lire(chemin, defaut=""):
    try:
        with open(chemin, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return defaut


def charger(chemin):
    """Le results.json d'un correcteur, ou None s'il manque ou ne se lit pas."""
    try:
        with open(chemin, encoding="utf-8") as f:
            d = json.load(f)
    except (OSError, ValueError):
        return None
    return d if isinstance(d, dict) and isinstance(d.get("score"), int) else None


def item_de(t):
    """L'identifiant de l'item d'un test (« tags » ; l'ancien nom « [bonus] item : titre »)."""
    tags = t.get("tags") or []
    return tags[0] if tags else t["name"].replace("[bonus] ", "").split(" : ")[0]


def statut_de(t):
    e = t.get("extra_data") or {}
    if "statut" in e:
        return e["statut"]
    # Un JSON d'avant extra_data : un bonus réussi a score > 0 = max_score.
    reussi = t["score"] >= t["max_score"] if t["max_score"] > 0 else t["score"] > 0
    return "reussi" if t.get("status", "passed" if reussi else "failed") == "passed" else "rate"


def rates(d):
    """Les items ratés ou non vérifiés d'un results.json, dans l'ordre du rapport."""
    return [item_de(t) for t in d.get("tests", []) if statut_de(t) != "reussi"]


def notes(res):
    """[(tp, note)] dans l'ordre de correction : la note du JSON du TP (RES/NN-nom.json), ou à
    défaut celle que classe.sh a écrite dans RES/tp (0 si le correcteur n'a rien rendu)."""
    r = []
    for l in lire(os.path.join(res, "tp")).splitlines():
        if l.strip():
            tp, note = l.split()[0], int(l.split()[1])
            d = charger(os.path.join(res, tp + ".json"))
            r.append((tp, d["score"] if d else note))
    return r


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
            item = item_de(t)
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
            d = charger(os.path.join(r, tp + ".json"))
            for item in rates(d) if d else []:
                echecs[(tp, item)] = echecs.get((tp, item), 0) + 1
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


def lecture(commande, chemin):
    """note, rates, items : lire un results.json ; code 1 s'il manque ou ne se lit pas."""
    d = charger(chemin)
    if d is None:
        sys.exit("resultats.py %s : %s manque ou n'est pas un results.json" % (commande, chemin))
    if commande == "note":
        print(d["score"])
    elif commande == "rates":
        for item in rates(d):
            print(item)
    else:
        for t in d.get("tests", []):
            e = t.get("extra_data") or {}
            print("%s %s %s %d/%d %s" % (item_de(t), e.get("genre", "?"), statut_de(t), t["score"],
                                         t["max_score"], ",".join(e.get("limites", [])) or "-"))


def rates_lot(chemins):
    for chemin in chemins:
        d = charger(chemin)
        print("%s\t%s" % (chemin, "SANS-JSON" if d is None else " ".join(rates(d))))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "rates-lot":
        rates_lot(sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] in ("note", "rates", "items"):
        lecture(sys.argv[1], sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "etudiant":
        etudiant(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "")
    elif len(sys.argv) >= 4 and sys.argv[1] == "classe":
        classe(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
