#!/usr/bin/env python3
"""similarites.py : les rendus qui se ressemblent, TP par TP, avec sim_c (similarity-tester).

  similarites.py RENDUS SQUELETTES SORTIE [--labs TP,TP] [--seuil P] [--participants F.tsv]

RENDUS : le dossier donné à outils/classe.sh (un dossier ou une archive par rendu, même nom de
rendu) ; SQUELETTES : le dossier labs/ (le code donné). Pour chaque TP, les .c et .h du dossier
NN-nom/ de chaque rendu sont lus (les archives sans être extraites), privés de toute ligne que
le squelette donne, puis comparés deux à deux par sim_c, qui ignore la mise en page, les
commentaires et les noms d'identificateurs. Écrit SORTIE/similarites.txt (paires au-dessus de P %,
défaut 50, et les passages communs) et ajoute à SORTIE/resume.txt une ligne par paire signalée.
Un pourcentage élevé est un indice à faire examiner par un humain, jamais une preuve.
"""
import argparse
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile

MAX_FICHIER = 1 << 20  # octets lus par fichier source
MAX_RENDU = 16 << 20  # octets lus par rendu
RUN = 24  # lexèmes : longueur minimale d'un passage commun (défaut de sim_c)


def nom_du_rendu(entree):
    """Comme outils/classe.sh : le nom sans l'extension d'archive, sans caractères de contrôle."""
    b = os.path.basename(entree)
    for ext in (".tar.gz", ".tgz", ".tar", ".zip"):
        if b.endswith(ext) and not os.path.isdir(entree):
            b = b[: -len(ext)]
            break
    return re.sub(r"[\x00-\x1f\x7f]", "", b)


def sources(entree):
    """[(chemin, octets)] des .c et .h du rendu (dossier, zip ou tar), sans liens ni fichiers spéciaux."""
    total, res = 0, []

    def garder(chemin, taille):
        return (chemin.endswith((".c", ".h")) and "__MACOSX" not in chemin
                and not os.path.basename(chemin).startswith("._") and taille <= MAX_FICHIER
                and total + taille <= MAX_RENDU)

    try:
        if os.path.isdir(entree):
            for d, sous, fs in os.walk(entree):
                sous[:] = [s for s in sous if not os.path.islink(os.path.join(d, s))]
                for f in fs:
                    p = os.path.join(d, f)
                    if os.path.isfile(p) and not os.path.islink(p) and garder(p, os.path.getsize(p)):
                        with open(p, "rb") as h:
                            res.append((os.path.relpath(p, entree), h.read(MAX_FICHIER)))
                        total += len(res[-1][1])
        elif entree.endswith(".zip"):
            with zipfile.ZipFile(entree) as z:
                for i in z.infolist():
                    if not i.is_dir() and (i.external_attr >> 16) & 0o170000 != 0o120000 and garder(i.filename, i.file_size):
                        with z.open(i) as h:
                            res.append((i.filename, h.read(MAX_FICHIER)))
                        total += len(res[-1][1])
        else:
            with tarfile.open(entree) as t:
                for i in t:
                    if i.isfile() and garder(i.name, i.size):
                        res.append((i.name, t.extractfile(i).read(MAX_FICHIER)))
                        total += len(res[-1][1])
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as e:
        print("similarites.py : %s illisible (%s)" % (entree, e), file=sys.stderr)
    return res


def fichiers_du_tp(srcs, lab, squelette, seul):
    """Les fichiers du TP : ceux d'un dossier LAB/ (le moins profond), sinon, avec un seul TP,
    ceux posés à plat qui portent les noms des fichiers du squelette."""
    par_dossier = {}
    for chemin, octets in srcs:
        parties = chemin.replace("\\", "/").strip("/").split("/")
        if len(parties) >= 2 and parties[-2] == lab:
            par_dossier.setdefault("/".join(parties[:-1]), []).append((parties[-1], octets))
    if par_dossier:
        return sorted(par_dossier[min(par_dossier, key=lambda d: (d.count("/"), d))])
    if not seul:
        return []
    for chemin, octets in srcs:
        parties = chemin.replace("\\", "/").strip("/").split("/")
        if parties[-1] in squelette and len(parties) <= 3:
            par_dossier.setdefault("/".join(parties[:-1]), []).append((parties[-1], octets))
    if par_dossier:
        return sorted(par_dossier[min(par_dossier, key=lambda d: (d.count("/"), d))])
    return []


def cle(ligne):
    return re.sub(r"\s+", " ", ligne.strip())


def lignes_donnees(dossier):
    """Les lignes (espaces normalisés) de tous les fichiers du squelette du TP."""
    donnees, noms = set(), set()
    for f in os.listdir(dossier):
        if f.endswith((".c", ".h")):
            noms.add(f)
            with open(os.path.join(dossier, f), encoding="utf-8", errors="replace") as h:
                donnees.update(cle(l) for l in h)
    return donnees, noms


def preparer(fichiers, donnees, chemin):
    """Écrit les fichiers du rendu bout à bout, lignes données remplacées par des lignes vides ;
    rend la correspondance ligne écrite -> (fichier, ligne) et le nombre de lignes gardées."""
    carte, gardees, sortie = [None], 0, []
    for nom, octets in fichiers:
        for k, l in enumerate(octets.decode("utf-8", errors="replace").splitlines(), 1):
            if cle(l) in donnees or not l.strip():
                sortie.append("")
            else:
                sortie.append(l)
                gardees += 1
            carte.append((nom, k))
        sortie.append("")  # une ligne vide entre deux fichiers
        carte.append((nom, 0))
    with open(chemin, "w", encoding="utf-8") as h:
        h.write("\n".join(sortie) + "\n")
    return carte, gardees


def sim(*args):
    r = subprocess.run(["sim_c"] + list(args), capture_output=True, text=True, errors="replace")
    if r.returncode != 0:
        sys.exit("similarites.py : sim_c a échoué : " + r.stderr.strip())
    return r.stdout


def ou(carte, a, b):
    (fa, la), (fb, lb) = carte[a], carte[min(b, len(carte) - 1)]
    return "%s l. %d-%d" % (fa, la, lb) if fa == fb else "%s l. %d à %s l. %d" % (fa, la, fb, lb)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("rendus")
    p.add_argument("squelettes")
    p.add_argument("sortie")
    p.add_argument("--labs", default="")
    p.add_argument("--seuil", type=int, default=50)
    p.add_argument("--participants")
    a = p.parse_args()
    noms = {}
    if a.participants and os.path.isfile(a.participants):
        with open(a.participants, encoding="utf-8") as h:
            for ligne in h:
                c = ligne.rstrip("\n").split("\t")
                if len(c) >= 2:
                    noms[c[0]] = c[1]
    qui = lambda n: "%s (%s)" % (n, noms[n]) if n in noms else n
    labs = [l for l in a.labs.replace(",", " ").split() if l] or sorted(
        d for d in os.listdir(a.squelettes) if re.fullmatch(r"\d\d-[a-z0-9-]+", d))
    rendus = []
    for e in sorted(os.listdir(a.rendus)):
        chemin = os.path.join(a.rendus, e)
        if os.path.isdir(chemin) or e.endswith((".tar.gz", ".tgz", ".tar", ".zip")):
            rendus.append((nom_du_rendu(chemin), sources(chemin)))
    texte = ["Similarités entre les rendus : sim_c (paquet similarity-tester), après retrait de toute",
             "ligne donnée par le squelette. sim_c ignore la mise en page, les commentaires et les noms",
             "d'identificateurs ; un passage commun compte à partir de %d lexèmes." % RUN,
             "« 76 % (A retrouvé chez B) » : part du code propre de A (en lexèmes) présente chez B.",
             "Seuil : %d %%. UN INDICE À EXAMINER PAR UN HUMAIN, JAMAIS UNE PREUVE NI UNE ACCUSATION :" % a.seuil,
             "des solutions courtes et guidées se ressemblent, un binôme déclaré aussi ; lisez le code",
             "et parlez-en avec les étudiants avant toute conclusion.", ""]
    resume = []
    with tempfile.TemporaryDirectory(prefix="tp-ipc-sim.") as t:
        for lab in labs:
            dossier = os.path.join(a.squelettes, lab)
            if not os.path.isdir(dossier):
                continue
            donnees, noms_sq = lignes_donnees(dossier)
            os.makedirs(os.path.join(t, lab))
            fichiers, cartes, vides = [], {}, []
            for k, (nom, srcs) in enumerate(rendus):
                fs = fichiers_du_tp(srcs, lab, noms_sq, len(labs) == 1)
                if not fs:
                    continue
                f = os.path.join(t, lab, "r%d.c" % k)
                carte, gardees = preparer(fs, donnees, f)
                if gardees == 0:
                    vides.append(nom)
                    continue
                fichiers.append(f)
                cartes[f] = (nom, carte)
            if not fichiers and not vides:
                continue
            texte.append("== %s : %d rendu(s) comparé(s)%s ==" % (
                lab, len(fichiers), " ; sans code propre (squelette seul), non comparés : " + ", ".join(vides) if vides else ""))
            pct = {}
            if len(fichiers) >= 2:
                for l in sim("-p", "-a", "-e", "-T", "-t", "1", "-r", str(RUN), *fichiers).splitlines():
                    m = re.match(r"^(\S+) consists for (\d+) % of (\S+) material$", l)
                    if m:
                        pct[(m[1], m[3])] = int(m[2])
            paires = {}
            for (x, y), v in pct.items():
                k = tuple(sorted((x, y)))
                paires[k] = max(paires.get(k, 0), v)
            signalees = sorted((v, k) for k, v in paires.items() if v >= a.seuil)
            if not signalees:
                texte.append("Aucune paire au-dessus de %d %%." % a.seuil)
            for v, (x, y) in sorted(signalees, reverse=True):
                nx, ny = cartes[x][0], cartes[y][0]
                texte.append("%s ~ %s : %d %% (%s retrouvé chez %s), %d %% (%s retrouvé chez %s)" % (
                    qui(nx), qui(ny), pct.get((x, y), 0), nx, ny, pct.get((y, x), 0), ny, nx))
                resume.append("  %s : %s ~ %s (%d %%)" % (lab, qui(nx), qui(ny), v))
                for l in sim("-n", "-s", "-T", "-w", "200", "-r", str(RUN), x, y).splitlines():
                    m = re.match(r"^(\S+): line (\d+)-(\d+)\s*\|(\S+): line (\d+)-(\d+)\s*\[(\d+)\]", l)
                    if m:
                        (f1, a1, b1), (f2, a2, b2) = (m[1], int(m[2]), int(m[3])), (m[4], int(m[5]), int(m[6]))
                        texte.append("    %s : %s  ~  %s : %s   [%s lexèmes]" % (
                            cartes[f1][0], ou(cartes[f1][1], a1, b1), cartes[f2][0], ou(cartes[f2][1], a2, b2), m[7]))
            texte.append("")
    with open(os.path.join(a.sortie, "similarites.txt"), "w", encoding="utf-8") as h:
        h.write("\n".join(texte) + "\n")
    lignes = ["", "Similarités (sim_c, code du squelette retiré ; des indices à examiner par un humain,",
              "jamais des accusations ; détail et passages communs : similarites.txt) :"]
    lignes += resume or ["  aucune paire de rendus au-dessus de %d %%" % a.seuil]
    with open(os.path.join(a.sortie, "resume.txt"), "a", encoding="utf-8") as h:
        h.write("\n".join(lignes) + "\n")
    print("\n".join(lignes))


if __name__ == "__main__":
    main()
