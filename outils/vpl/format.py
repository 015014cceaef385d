#!/usr/bin/env python3
"""format.py RESULTATS.json RAPPORT.txt GRADEMIN GRADEMAX : le retour de make grade au format
d'évaluation de VPL, sur la sortie standard (VPL la lit à la fin de vpl_execution).

Format (dépôt jcrodriguez-dis/moodle-mod_vpl, jail/default_scripts/vpl_evaluate.cpp,
outputEvaluation ; default_evaluate.sh) : une ligne « Comment :=>>texte » par commentaire ; un
bloc « <|-- » … « --|> » pour le détail, où une ligne « -titre » est un titre et une ligne
« >texte » du texte préformaté ; la note en dernier, « Grade :=>>7.5 » (deux décimales, « .00 »
retiré), ramenée de 0..max_score à GRADEMIN..GRADEMAX. Le texte venu des programmes de
l'étudiant est toujours préfixé (« > ») et ses marqueurs de bloc neutralisés : il ne peut ni
fermer un bloc ni imprimer une note.
"""
import json
import sys


def neutre(ligne):
    return ligne.replace("<|--", "<|‐‐").replace("--|>", "‐‐|>").rstrip("\r")


def note_vpl(x):
    s = "%.2f" % x
    return s[:-3] if s.endswith(".00") else s


def main():
    chemin_json, chemin_rapport, gmin, gmax = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    try:
        with open(chemin_rapport, encoding="utf-8", errors="replace") as f:
            rapport = f.read()
    except OSError:
        rapport = ""
    try:
        with open(chemin_json, encoding="utf-8") as f:
            d = json.load(f)
    except (OSError, ValueError):
        d = None
    sortie = []
    if d is None:
        sortie.append("Comment :=>>Le correcteur n'a pas rendu de résultat : note minimale (voir le rapport).")
        score, maxi = 0, 1
    else:
        score, maxi = d.get("score", 0), d.get("max_score", 20) or 1
        sortie.append("Comment :=>>Note : %s/%s" % (score, maxi))
        for t in d.get("tests", []):
            s, m = t.get("score", 0), t.get("max_score", 0)
            verdict = "[ OK  ]" if s >= m else "[ÉCHEC]"
            sortie.append("Comment :=>>%s %s/%s  %s" % (verdict, s, m, neutre(t.get("name", "")).replace("\n", " ")))
        rates = [t for t in d.get("tests", []) if t.get("score", 0) < t.get("max_score", 0)]
        if rates:
            sortie.append("<|--")
            for t in rates:
                sortie.append("-%s (%s/%s)" % (neutre(t.get("name", "")).replace("\n", " "), t.get("score", 0), t["max_score"]))
                sortie += [">" + neutre(l) for l in t.get("output", "").splitlines()]
            sortie.append("--|>")
    sortie.append("<|--")
    sortie.append("-Rapport complet (le même que make grade)")
    sortie += [">" + neutre(l) for l in rapport.splitlines()]
    sortie.append("--|>")
    note = gmin + (gmax - gmin) * max(0, min(score, maxi)) / maxi
    sortie.append("Grade :=>>" + note_vpl(note))
    print("\n".join(sortie))


if __name__ == "__main__":
    main()
