#!/bin/bash
# @SCRIPT@ : script VPL du TP @LAB@ de tp-ipc (généré par « make vpl LAB=@LAB@ »).
# VPL le lance dans sa prison, dans le dossier des fichiers remis, avant l'exécution : il déballe
# les correcteurs et programmes de référence précompilés (tp-ipc-vpl.tar.gz, fichier
# d'exécution), puis écrit vpl_execution, que VPL lance ensuite et dont il lit la sortie.
[ -f vpl_environment.sh ] && . ./vpl_environment.sh
# VPL transmet les fichiers binaires encodés en base64 (X.b64) ; common_script.sh les décode
# d'ordinaire, on le fait ici s'il ne l'a pas fait.
if [ ! -s tp-ipc-vpl.tar.gz ] && [ -s tp-ipc-vpl.tar.gz.b64 ]; then
	base64 -d tp-ipc-vpl.tar.gz.b64 >tp-ipc-vpl.tar.gz
fi
rm -rf .tp-ipc
if mkdir .tp-ipc && tar -xzf tp-ipc-vpl.tar.gz -C .tp-ipc; then
	printf '#!/bin/bash\nexec ./.tp-ipc/tp-ipc/outils/vpl/executer.sh %s %s\n' @MODE@ @LAB@ >vpl_execution
else
	cat >vpl_execution <<'FIN'
#!/bin/bash
[ -f vpl_environment.sh ] && . ./vpl_environment.sh
echo "Comment :=>>tp-ipc : fichier d'exécution tp-ipc-vpl.tar.gz absent ou illisible (à signaler à l'enseignant)."
[ "@MODE@" = evaluer ] && echo "Grade :=>>${VPL_GRADEMIN:-0}"
FIN
fi
chmod +x vpl_execution
