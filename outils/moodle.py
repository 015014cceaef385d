#!/usr/bin/env python3
"""moodle.py : l'aller-retour avec un devoir Moodle, autour de outils/classe.sh.

  moodle.py rendus TELECHARGEMENT RENDUS
      TELECHARGEMENT : le zip de « Télécharger tous les travaux remis », ou son dossier
      décompressé (dossiers « Prénom Nom_12345_assignsubmission_file_ », ou fichiers à plat
      « Prénom Nom_12345_assignsubmission_file_x.c » des Moodle ≤ 3.0). Écrit dans RENDUS un
      rendu par participant, nommé d'après son identifiant (12345/ ou 12345.zip si l'étudiant a
      déposé une archive), et RENDUS/../participants.tsv (identifiant, nom, ce qui a été trouvé).
  moodle.py retour SORTIE [--feuille FEUILLE.csv] [--labs TP,TP] [--participants F.tsv]
      Après classe.sh : lit SORTIE/etudiants/ID/NN-nom.json (format Gradescope) et écrit
      SORTIE/moodle/feuille-remplie.csv (la feuille de notation hors ligne, remplie : note et
      commentaire de feedback), SORTIE/moodle/retours-feedback.zip (un dossier par participant
      comme l'attend « Déposer plusieurs fichiers de feedback dans un fichier ZIP » :
      rapport.txt et rapport.html) ; imprime ce qui a été fait.

Formats (sources de Moodle, dépôt moodle/moodle) :
  - identifiant de participant : get_uniqueid_for_user(), le même dans les noms de dossiers du
    téléchargement et dans la colonne « Identifiant » (« Participant 12345 ») de la feuille
    (mod/assign/gradingtable.php, col_recordid) ;
  - feuille : CSV UTF-8 (BOM retiré à l'import), séparateur choisi au dépôt (virgule par
    défaut) ; colonnes retrouvées par leur en-tête : get_string('recordid'), get_string('grade'),
    get_string('lastmodifiedgrade'), et une colonne par champ des plugins de feedback (le
    commentaire) ; une note vide est ignorée, une note hors de 0..note maximale aussi ; la note
    est lue par unformat_float() (virgule décimale acceptée)
    (mod/assign/feedback/offline/importgradeslib.php, locallib.php process_import_grades) ;
  - fichiers de feedback : chaque chemin du zip est coupé en « nom_identifiant_type_plugin »
    (explode('_', ..., 5)) ; le reste du chemin est le nom du fichier de feedback
    (mod/assign/feedback/file/importziplib.php, is_valid_filename_for_import).
"""
import argparse
import csv
import html
import io
import json
import os
import re
import shutil
import sys
import zipfile

ARCHIVES = (".tar.gz", ".tgz", ".tar", ".zip")
# « Prénom Nom_12345_assignsubmission_file_ » (Moodle < 4.1) ou sans le « _ » final (≥ 4.1) ;
# le nom peut contenir des « _ » : l'identifiant est le dernier nombre suivi du type de plugin.
DOSSIER = re.compile(r"^(?P<nom>.*)_(?P<id>\d+)_(?P<type>assign(?:submission|feedback))_(?P<plugin>[a-z]+)_?(?P<reste>.*)$")


def erreur(message):
    sys.exit("moodle.py : " + message)


# ---------------------------------------------------------------- rendus
def fichiers_du_telechargement(entree):
    """[(chemin relatif, lire())] du zip ou du dossier, sans liens symboliques ni dossiers."""
    if os.path.isdir(entree):
        for d, sous, fs in os.walk(entree):
            sous[:] = sorted(s for s in sous if not os.path.islink(os.path.join(d, s)))
            for f in sorted(fs):
                p = os.path.join(d, f)
                if os.path.isfile(p) and not os.path.islink(p):
                    yield os.path.relpath(p, entree), (lambda p=p: open(p, "rb").read())
        return
    try:
        z = zipfile.ZipFile(entree)
    except (OSError, zipfile.BadZipFile) as e:
        erreur("%s : ni dossier ni zip lisible (%s)" % (entree, e))
    for i in z.infolist():
        mode = i.external_attr >> 16
        if i.is_dir() or (mode & 0o170000) == 0o120000:  # dossier ou lien symbolique
            continue
        yield i.filename, (lambda i=i: z.read(i))


def sur(parties):
    """Le chemin relatif s'il ne sort pas du rendu (ni absolu, ni « .. »), sinon None."""
    parties = [p for p in parties if p not in ("", ".")]
    if not parties or any(p == ".." for p in parties):
        return None
    return os.path.join(*parties)


def est_archive(nom):
    return nom.lower().endswith(ARCHIVES)


def rendus(entree, sortie):
    if os.path.exists(sortie):
        shutil.rmtree(sortie)
    os.makedirs(sortie)
    participants = {}  # id -> {"nom", "fichiers": {chemin: octets}, "autres": set}
    for chemin, lire in fichiers_du_telechargement(entree):
        parties = chemin.replace("\\", "/").split("/")
        # Le dossier du participant peut être un niveau plus bas (zip redécompressé dans un dossier).
        for k, partie in enumerate(parties):
            m = DOSSIER.match(partie)
            if m:
                break
        else:
            print("moodle.py : ignoré (hors d'un dossier de participant) : %s" % chemin, file=sys.stderr)
            continue
        p = participants.setdefault(m["id"], {"nom": m["nom"], "fichiers": {}, "autres": set()})
        if m["type"] != "assignsubmission" or m["plugin"] != "file":
            p["autres"].add(m["type"] + "_" + m["plugin"])  # texte en ligne, commentaires...
            continue
        # Moodle ≤ 3.0 : fichiers à plat, « Nom_12345_assignsubmission_file_client.c ».
        reste = ([m["reste"]] if m["reste"] else []) + parties[k + 1:]
        rel = sur(reste)
        if rel is None:
            continue
        p["fichiers"][rel] = lire()
    lignes = []
    for pid in sorted(participants, key=int):
        p = participants[pid]
        fs = p["fichiers"]
        if not fs:
            quoi = "aucun fichier remis" + (" (seulement : %s)" % ", ".join(sorted(p["autres"])) if p["autres"] else "")
            lignes.append((pid, p["nom"], quoi))
            continue
        archives = [f for f in fs if est_archive(f) and "/" not in f]
        sources = [f for f in fs if f.endswith((".c", ".h")) or "/" in f]
        if len(archives) == 1 and not sources:
            # Une archive déposée : classe.sh l'extrait dans son bac à sable.
            a = archives[0]
            ext = next(e for e in ARCHIVES if a.lower().endswith(e))
            with open(os.path.join(sortie, pid + ext), "wb") as f:
                f.write(fs[a])
            autres = len(fs) - 1
            lignes.append((pid, p["nom"], "archive %s%s" % (a, " (%d autre(s) fichier(s) ignoré(s))" % autres if autres else "")))
            continue
        for rel, octets in fs.items():
            cible = os.path.join(sortie, pid, rel)
            os.makedirs(os.path.dirname(cible), exist_ok=True)
            with open(cible, "wb") as f:
                f.write(octets)
        lignes.append((pid, p["nom"], "dossier de %d fichier(s)" % len(fs)))
    if not lignes:
        erreur("aucun dossier de participant (« Nom_12345_assignsubmission_file_ ») dans %s" % entree)
    tsv = os.path.join(os.path.dirname(os.path.abspath(sortie)), "participants.tsv")
    with open(tsv, "w", encoding="utf-8") as f:
        for pid, nom, quoi in lignes:
            f.write("%s\t%s\t%s\n" % (pid, nom.replace("\t", " "), quoi))
    print("Téléchargement Moodle : %d participant(s) ; rendus nommés d'après l'identifiant de participant dans %s" % (len(lignes), sortie))
    for pid, nom, quoi in lignes:
        print("  %-8s %s : %s" % (pid, nom, quoi))


# ---------------------------------------------------------------- retour
def lire_participants(chemin):
    noms = {}
    if chemin and os.path.isfile(chemin):
        with open(chemin, encoding="utf-8") as f:
            for ligne in f:
                c = ligne.rstrip("\n").split("\t")
                if len(c) >= 2:
                    noms[c[0]] = c[1]
    return noms


def item_de(t):
    """L'identifiant d'un item : le premier de ses « tags » (écrit par le correcteur)."""
    return t["tags"][0]


def resultats(sortie, labs):
    """{id: {"tps": [(tp, json ou None)], "score", "max", "rapport"}} des participants notés."""
    res = {}
    racine = os.path.join(sortie, "etudiants")
    for pid in sorted(os.listdir(racine) if os.path.isdir(racine) else []):
        d = os.path.join(racine, pid)
        if not re.fullmatch(r"\d+", pid) or not os.path.isdir(d):
            continue
        tps = []
        presents = sorted(f[:-5] for f in os.listdir(d) if re.fullmatch(r"\d\d-[a-z0-9-]+\.json", f))
        for tp in labs or presents:
            try:
                with open(os.path.join(d, tp + ".json"), encoding="utf-8") as f:
                    tps.append((tp, json.load(f)))
            except (OSError, ValueError):
                tps.append((tp, None))  # demandé, mais pas de résultat : 0
        score = sum(j.get("score", 0) if j else 0 for _, j in tps)
        maxi = sum(j.get("max_score", 20) if j else 20 for _, j in tps)
        try:
            with open(os.path.join(d, "rapport.txt"), encoding="utf-8", errors="replace") as f:
                rapport = f.read()
        except OSError:
            rapport = ""
        res[pid] = {"tps": tps, "score": score, "max": maxi, "rapport": rapport}
    return res


def rates(j):
    return [item_de(t) for t in (j or {}).get("tests", []) if t.get("max_score", 0) > 0 and t.get("score", 0) < t["max_score"]]


def nombre(x, decimales, virgule):
    s = ("%." + str(decimales) + "f") % x
    return s.replace(".", ",") if virgule else s


def commentaire(r, note_devoir, max_devoir, decimales, virgule):
    """Le commentaire court de la feuille : la note, les items ratés, où lire le détail."""
    morceaux = []
    for tp, j in r["tps"]:
        if j is None:
            morceaux.append("%s : pas de résultat (0/20)" % tp)
            continue
        r_ = rates(j)
        detail = ", items ratés : " + ", ".join(r_[:6]) + (" et %d autre(s)" % (len(r_) - 6) if len(r_) > 6 else "") if r_ else ""
        morceaux.append("%s : %s/%s%s" % (tp, j.get("score", 0), j.get("max_score", 20), detail))
    if not r["tps"]:
        morceaux.append("aucun dossier de TP trouvé dans le rendu")
    note = "Note : %s/%s" % (nombre(note_devoir, decimales, virgule), nombre(max_devoir, decimales, virgule))
    if r["max"] and abs(max_devoir - r["max"]) > 1e-9:
        note += " (soit %s/%s)" % (r["score"], r["max"])
    texte = note + ". " + " ; ".join(morceaux) + ". Détail dans le rapport joint (fichiers de feedback)."
    return html.escape(texte, quote=False)  # le commentaire de feedback est du HTML pour Moodle


ENTETES = {
    "id": ("Identifier", "Identifiant"),
    "nom": ("Full name", "Nom complet"),
    "note": ("Grade", "Note"),
    "max": ("Maximum grade", "Note maximale", "Note maximum"),
    "bareme": ("Scale", "Barème"),
    "modifiable": ("Grade can be changed", "La note peut être modifiée", "Note modifiable"),
    "modifie": ("Last modified (grade)", "Dernière modification (note)"),
    "commentaire": ("Feedback comments", "Commentaires de feedback", "Commentaires feedback",
                    "Feedback par commentaires", "Commentaires"),
}


def colonne(entete, cle, obligatoire=True):
    for i, c in enumerate(entete):
        if c.strip() in ENTETES[cle]:
            return i
    if obligatoire:
        erreur("feuille : colonne « %s » introuvable (en-têtes : %s)" % (" » ou « ".join(ENTETES[cle]), ", ".join(entete)))
    return None


def feuille(chemin, res, sortie):
    with open(chemin, "rb") as f:
        brut = f.read()
    bom = brut.startswith(b"\xef\xbb\xbf")
    try:
        texte = brut.decode("utf-8-sig")
    except UnicodeDecodeError:
        erreur("feuille %s : pas en UTF-8 (Moodle la télécharge en UTF-8 ; ne la réenregistrez pas dans un autre codage)" % chemin)
    premiere = texte.split("\n", 1)[0]
    sep = max(",;\t", key=premiere.count)
    fin = "\r\n" if "\r\n" in texte[:len(premiere) + 2] else "\n"
    lignes = list(csv.reader(io.StringIO(texte, newline=""), delimiter=sep))
    if not lignes:
        erreur("feuille %s vide" % chemin)
    entete = lignes[0]
    ci = colonne(entete, "id", False)
    if ci is None:  # une autre langue : la colonne dont chaque case est « Participant 123 »
        ci = next((k for k in range(len(entete)) if all(re.fullmatch(r"[^\W\d][^\d]*\d+", l[k].strip())
                   for l in lignes[1:] if len(l) > k) and len(lignes) > 1), None)
        if ci is None:
            colonne(entete, "id")
    cn, cm = colonne(entete, "note"), colonne(entete, "max", False)
    cc, cnom = colonne(entete, "commentaire", False), colonne(entete, "nom", False)
    cmodifie = colonne(entete, "modifie", False)
    if cc is None and cmodifie is not None and cmodifie + 1 < len(entete):
        # Moodle met les champs des plugins de feedback juste après « Dernière modification
        # (note) » (gradingtable.php) ; le premier est le commentaire (les fichiers n'en ont pas).
        cc = cmodifie + 1
        print("  colonne de commentaire prise d'après sa place (après « %s ») : « %s »" % (entete[cmodifie], entete[cc]))
    cmod = colonne(entete, "modifiable", False)
    if cm is None:
        if colonne(entete, "bareme", False) is not None:
            erreur("le devoir est noté avec un barème (colonne « Barème »/« Scale ») : pas de conversion possible "
                   "d'une note sur 20 ; choisissez « Point » comme type de note dans les réglages du devoir")
        erreur("feuille : colonne de note maximale introuvable (en-têtes : %s)" % ", ".join(entete))
    messages, remplis, intacts, echelles = [], 0, [], set()
    noms = {}
    vus = set()
    for ligne in lignes[1:]:
        if len(ligne) <= max(ci, cn, cm):
            continue
        m = re.search(r"(\d+)\s*$", ligne[ci])
        if not m:
            continue
        pid = m.group(1)
        vus.add(pid)
        if cnom is not None:
            noms[pid] = ligne[cnom]
        if pid not in res:
            intacts.append(ligne[cnom] if cnom is not None else ligne[ci])
            continue
        brut_max = ligne[cm].strip().replace("\u00a0", "").replace(" ", "")
        try:
            max_devoir = float(brut_max.replace(",", "."))
        except ValueError:
            erreur("feuille : note maximale illisible pour %s : « %s »" % (ligne[ci], ligne[cm]))
        decimales = len(re.split(r"[.,]", brut_max)[1]) if re.search(r"[.,]", brut_max) else 0
        virgule = "," in brut_max
        r = res[pid]
        note = r["score"] * max_devoir / r["max"] if r["max"] else 0.0
        note = round(note, decimales)
        echelles.add((r["max"], brut_max, max_devoir))
        ligne[cn] = nombre(note, decimales, virgule)
        if cc is not None:
            while len(ligne) <= cc:
                ligne.append("")
            ligne[cc] = commentaire(r, note, max_devoir, decimales, virgule)
        if cmod is not None and ligne[cmod].strip().lower() in ("no", "non"):
            messages.append("%s : la feuille dit que la note ne peut pas être modifiée (verrouillée ?) : Moodle l'ignorera" % ligne[ci])
        remplis += 1
    absents = sorted(set(res) - vus, key=int)
    os.makedirs(os.path.dirname(sortie), exist_ok=True)
    with open(sortie, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        csv.writer(f, delimiter=sep, lineterminator=fin).writerows(lignes)
    nom_sep = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}[sep]
    print("Feuille de notation remplie : %s (UTF-8, séparateur %s, comme la feuille téléchargée)" % (sortie, nom_sep))
    print("  %d note(s) écrite(s) dans la colonne « %s »%s" % (remplis, entete[cn],
          " et le commentaire dans « %s »" % entete[cc] if cc is not None else
          " ; pas de colonne de commentaire de feedback (activez « Commentaires de feedback » dans le devoir)"))
    for maxi, brut_max, max_devoir in sorted(echelles):
        if abs(max_devoir - maxi) > 1e-9:
            print("  échelle du devoir : sur %s (colonne « %s ») ; notes sur %d converties : note × %s/%d, arrondie à %s"
                  % (brut_max, entete[cm], maxi, brut_max, maxi,
                     "l'entier" if "," not in brut_max and "." not in brut_max else "%d décimale(s)" % len(re.split(r"[.,]", brut_max)[1])))
    if intacts:
        print("  %d participant(s) sans rendu noté, lignes laissées intactes : %s" % (len(intacts), ", ".join(intacts)))
    for pid in absents:
        print("  attention : rendu %s noté mais absent de la feuille (autre groupe ? autre devoir ?)" % pid)
    for m in messages:
        print("  attention : " + m)
    return noms


CSS = """body { font-family: sans-serif; max-width: 60em; margin: 1em auto; line-height: 1.4; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; border-bottom: 1px solid #888; }
.item { border-left: 0.4em solid #888; margin: 0.6em 0; padding: 0.3em 0.8em; background: #f6f6f6; }
.ok { border-color: #2e7d32; } .ok .verdict { color: #2e7d32; }
.partiel { border-color: #ef6c00; } .partiel .verdict { color: #ef6c00; }
.echec { border-color: #c62828; background: #fdf0f0; } .echec .verdict { color: #c62828; }
.verdict { font-weight: bold; }
pre { white-space: pre-wrap; background: #fff; border: 1px solid #ddd; padding: 0.5em; overflow-x: auto; }
"""


def rapport_html(nom, pid, r):
    e = html.escape
    h = ["<!DOCTYPE html>", '<html lang="fr"><head><meta charset="utf-8">',
         "<title>Rapport de correction — %s</title><style>%s</style></head><body>" % (e(nom), CSS),
         "<h1>Rapport de correction — %s (participant %s)</h1>" % (e(nom), e(pid)),
         "<p>Note : <strong>%s/%s</strong>. Le même rapport, en texte, est dans <code>rapport.txt</code>.</p>" % (r["score"], r["max"])]
    for tp, j in r["tps"]:
        if j is None:
            h.append("<h2>%s : pas de résultat (0/20)</h2>" % e(tp))
            continue
        h.append("<h2>%s : %s/%s</h2>" % (e(tp), j.get("score", 0), j.get("max_score", 20)))
        if j.get("output"):
            h.append("<pre>%s</pre>" % e(j["output"]))
        for t in j.get("tests", []):
            s, m = t.get("score", 0), t.get("max_score", 0)
            classe, verdict = (("ok", "Réussi") if s >= m else ("partiel", "Partiel") if s > 0 else ("echec", "Échec"))
            h.append('<div class="item %s"><span class="verdict">%s</span> %s/%s — %s' % (
                classe, verdict, s, m, e(t.get("name", ""))))
            if t.get("output") and classe != "ok":
                h.append("<pre>%s</pre>" % e(t["output"]))
            h.append("</div>")
    h.append("<h2>Rapport complet (texte)</h2><pre>%s</pre>" % e(r["rapport"]))
    h.append("</body></html>")
    return "\n".join(h) + "\n"


def retour(args):
    labs = [l for l in (args.labs or "").replace(",", " ").split() if l]
    res = resultats(args.sortie, labs)
    if not res:
        erreur("aucun rendu nommé d'après un identifiant de participant dans %s/etudiants" % args.sortie)
    noms = lire_participants(args.participants or os.path.join(args.sortie, "moodle", "participants.tsv"))
    dossier = os.path.join(args.sortie, "moodle")
    os.makedirs(dossier, exist_ok=True)
    if args.feuille:
        # Les noms de la feuille d'abord : un zip sans noms UTF-8 les a abîmés dans les dossiers.
        noms.update({pid: nom for pid, nom in feuille(args.feuille, res, os.path.join(dossier, "feuille-remplie.csv")).items() if nom})
    zip_ = os.path.join(dossier, "retours-feedback.zip")
    with zipfile.ZipFile(zip_ + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
        for pid, r in sorted(res.items(), key=lambda x: int(x[0])):
            nom = noms.get(pid, "Participant")
            # explode('_') de Moodle : pas de « _ » ni de « / » dans le nom du dossier.
            propre = re.sub(r"[_/\\\x00-\x1f]+", " ", nom).strip() or "Participant"
            base = "%s_%s_assignfeedback_file" % (propre, pid)
            z.writestr(base + "/rapport.txt", r["rapport"])
            z.writestr(base + "/rapport.html", rapport_html(nom, pid, r))
    os.replace(zip_ + ".tmp", zip_)
    print("Fichiers de feedback : %s (%d participant(s) : rapport.txt et rapport.html dans « Nom_identifiant_assignfeedback_file/ »)" % (zip_, len(res)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    s = p.add_subparsers(dest="commande", required=True)
    r = s.add_parser("rendus")
    r.add_argument("telechargement")
    r.add_argument("rendus")
    t = s.add_parser("retour")
    t.add_argument("sortie")
    t.add_argument("--feuille")
    t.add_argument("--labs")
    t.add_argument("--participants")
    a = p.parse_args()
    if a.commande == "rendus":
        rendus(a.telechargement, a.rendus)
    else:
        retour(a)


if __name__ == "__main__":
    main()
