#!/bin/sh
# construire.sh KIT SORTIE [TP,...] : SORTIE/autograder.zip pour Gradescope : setup.sh,
# run_autograder, config (TP notés, budget), visibilite, et l'arbre du kit (tp-ipc/), dont les
# correcteurs et références précompilés. « make gradescope [LAB=NN-nom] [BUDGET=s] » l'appelle.
set -eu
ici=$(cd "$(dirname "$0")" && pwd)
kit=$1
sortie=$2
arbre=$sortie/arbre.$$
trap 'rm -rf "$arbre" "$sortie/autograder.zip.$$"' EXIT
rm -rf "$arbre"
mkdir -p "$arbre/tp-ipc"
(cd "$kit" && tar -cf - --exclude=./build .) | tar -C "$arbre/tp-ipc" -xf -
cp "$ici/setup.sh" "$ici/run_autograder" "$ici/visibilite" "$arbre/"
printf 'TP=%s\nBUDGET=%s\n' "${3:-}" "${BUDGET:-120}" >"$arbre/config"
python3 - "$arbre" "$sortie/autograder.zip.$$" <<'PY'
import os, sys, zipfile
racine, zip_ = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zip_, "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, fichiers in sorted(os.walk(racine)):
        for f in sorted(fichiers):
            chemin = os.path.join(d, f)
            info = zipfile.ZipInfo.from_file(chemin, os.path.relpath(chemin, racine))
            with open(chemin, "rb") as entree:
                z.writestr(info, entree.read(), zipfile.ZIP_DEFLATED)
PY
mv "$sortie/autograder.zip.$$" "$sortie/autograder.zip"
rm -rf "$arbre"
echo "autograder Gradescope : $sortie/autograder.zip (TP : ${3:-tous ceux du rendu})"
